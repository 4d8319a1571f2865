#include "app/snapshot.h"

#include <chrono>

#include "core/log.h"

namespace helsekrav::app {
namespace {

template <typename T, typename M>
void IndexByKey(const std::vector<T>& items, M& index) {
  for (const T& item : items) index.emplace(item.key, &item);
}

const std::vector<std::string>& Lookup(const std::map<std::string, std::vector<std::string>>& m,
                                       const std::string& key) {
  static const std::vector<std::string> kNone;
  auto it = m.find(key);
  return it == m.end() ? kNone : it->second;
}

template <typename M>
auto Get(const M& index, const std::string& key) -> decltype(index.begin()->second) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace

Snapshot::Snapshot(domain::Catalog catalog, std::int64_t revision, Date today)
    : catalog_(std::move(catalog)), tree_(catalog_.categories), revision_(revision), today_(today) {
  IndexByKey(catalog_.requirements, requirements_);
  IndexByKey(catalog_.standards, standards_);
  IndexByKey(catalog_.profiles, profiles_);
  IndexByKey(catalog_.approval_schemes, schemes_);
  IndexByKey(catalog_.organisations, organisations_);
  IndexByKey(catalog_.categories, categories_);
  IndexByKey(catalog_.interop_services, services_);
  IndexByKey(catalog_.national_solutions, solutions_);
  for (const auto& org : catalog_.organisations) {
    if (!org.orgnr.empty()) organisations_.emplace(org.orgnr, &org);
  }
  for (const auto& r : catalog_.requirements) {
    for (const auto& scheme : domain::VersionAt(r, today_).approval_schemes) {
      verified_by_[scheme].push_back(r.key);
    }
  }
  auto start = std::chrono::steady_clock::now();
  auto index = search::BuildSearchIndex(catalog_, today_);
  search_build_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (index.ok()) {
    search_ = std::move(index).value();
  } else {
    // The catalog is still served; only /api/v1/search answers 503 until the next snapshot.
    LogError("search index not built", {{"error", index.status().ToString()}});
  }
}

const domain::Requirement* Snapshot::FindRequirement(const std::string& k) const {
  return Get(requirements_, k);
}
const domain::Standard* Snapshot::FindStandard(const std::string& k) const {
  return Get(standards_, k);
}
const domain::Profile* Snapshot::FindProfile(const std::string& k) const {
  return Get(profiles_, k);
}
const domain::ApprovalScheme* Snapshot::FindScheme(const std::string& k) const {
  return Get(schemes_, k);
}
const domain::Organisation* Snapshot::FindOrganisation(const std::string& k) const {
  return Get(organisations_, k);
}
const domain::Category* Snapshot::FindCategory(const std::string& k) const {
  return Get(categories_, k);
}
const domain::InteropService* Snapshot::FindService(const std::string& k) const {
  return Get(services_, k);
}
const domain::NationalSolution* Snapshot::FindSolution(const std::string& k) const {
  return Get(solutions_, k);
}

const std::vector<std::string>& Snapshot::RequirementsVerifiedBy(const std::string& s) const {
  return Lookup(verified_by_, s);
}

const PreparedBody* Snapshot::Prepared(const std::string& target) const {
  auto it = prepared_.find(target);
  return it == prepared_.end() ? nullptr : &it->second;
}

void Snapshot::AddPrepared(std::string target, PreparedBody body) {
  prepared_[std::move(target)] = std::move(body);
}

}  // namespace helsekrav::app
