#include "domain/guide.h"

#include <algorithm>
#include <map>
#include <set>

namespace helsekrav::domain {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether a requirement version's tags fit the question (dates aside): it is not one buyer's own
// (scope local: an example from someone's procurement, not something that applies to everyone),
// its categories apply to the asked category, its actor types include the asked one, and it needs
// no integration or one the product has.
bool Fits(const CategoryTree& tree, const GuideQuestion& q, const RequirementVersion& v) {
  if (v.scope == Scope::kLocal) return false;
  if (!tree.Applies(v.categories, q.category)) return false;
  if (q.actor_type && !v.actor_types.empty() &&
      std::find(v.actor_types.begin(), v.actor_types.end(), *q.actor_type) == v.actor_types.end()) {
    return false;
  }
  if (v.integrations.empty()) return true;
  return std::any_of(v.integrations.begin(), v.integrations.end(),
                     [&](const std::string& i) { return Contains(q.integrations, i); });
}

// The profile version in force on `at` when it fits the question's category and actor type. A
// profile fits the asked category and the categories below it: the EPJ for pleie og omsorg
// profile tightens an "epj-pleie-omsorg" question, not a general "epj" one.
const ProfileVersion* MatchingProfile(const CategoryTree& tree, const GuideQuestion& q,
                                      const Profile& p, Date at) {
  const ProfileVersion& v = VersionAt(p, at);
  if (StatusAt(v.valid_from, v.valid_to, at) != RequirementStatus::kActive) return nullptr;
  if (tree.Lineage(q.category).count(v.category) == 0) return nullptr;
  if (q.actor_type && !v.actor_types.empty() &&
      std::find(v.actor_types.begin(), v.actor_types.end(), *q.actor_type) == v.actor_types.end()) {
    return nullptr;
  }
  return &v;
}

// A requirement's obligation tightened by every matching profile that lists it; also collects
// the keys of those profiles when `keys` is given.
Obligation Tightened(const Catalog& catalog, const CategoryTree& tree, const GuideQuestion& q,
                     const std::string& key, Obligation own, Date at,
                     std::vector<std::string>* keys) {
  Obligation strongest = own;
  for (const Profile& p : catalog.profiles) {
    const ProfileVersion* v = MatchingProfile(tree, q, p, at);
    if (v == nullptr) continue;
    for (const ProfileItem& item : v->items) {
      if (item.requirement != key) continue;
      strongest = std::max(strongest, EffectiveObligation(own, item.obligation));
      if (keys != nullptr) keys->push_back(p.key);
    }
  }
  return strongest;
}

Status Validate(const Catalog& catalog, const CategoryTree& tree, const GuideQuestion& q) {
  if (q.category.empty()) {
    return Status::Invalid("category", "Velg en produktkategori");
  }
  if (!tree.Contains(q.category)) {
    return Status::Invalid("category", "Ukjent produktkategori «" + q.category + "»");
  }
  for (const std::string& key : q.integrations) {
    bool known = std::any_of(catalog.national_solutions.begin(), catalog.national_solutions.end(),
                             [&](const NationalSolution& s) { return s.key == key; });
    if (!known) {
      return Status::Invalid("integration", "Ukjent nasjonal løsning «" + key + "»");
    }
  }
  if (q.horizon_years < 0) {
    return Status::Invalid("horizon", "Tidshorisonten kan ikke være negativ");
  }
  return Status::Ok();
}

// Versions of `r` that start, or end without a successor, in (from, to], when they fit.
void ChangesAhead(const Catalog& catalog, const CategoryTree& tree, const GuideQuestion& q,
                  const Requirement& r, Date from, Date to, std::vector<GuideChange>& out) {
  for (std::size_t i = 0; i < r.versions.size(); ++i) {
    const RequirementVersion& v = r.versions[i];
    const RequirementVersion* next = i + 1 < r.versions.size() ? &r.versions[i + 1] : nullptr;
    if (v.valid_from > from && v.valid_from <= to && Fits(tree, q, v)) {
      const RequirementVersion* before = i > 0 ? &r.versions[i - 1] : nullptr;
      out.push_back({v.valid_from, &r, before, &v,
                     Tightened(catalog, tree, q, r.key, v.obligation, v.valid_from, nullptr)});
    }
    // An end counts only when nothing takes over on the same day.
    if (v.valid_to && *v.valid_to > from && *v.valid_to <= to &&
        (next == nullptr || next->valid_from > *v.valid_to) && Fits(tree, q, v)) {
      out.push_back({*v.valid_to, &r, &v, nullptr,
                     Tightened(catalog, tree, q, r.key, v.obligation, from, nullptr)});
    }
  }
}

}  // namespace

Result<GuideAnswer> AnswerGuide(const Catalog& catalog, const CategoryTree& tree,
                                const GuideQuestion& question) {
  HK_RETURN_IF_ERROR(Validate(catalog, tree, question));
  GuideAnswer answer;
  for (const Profile& p : catalog.profiles) {
    if (MatchingProfile(tree, question, p, question.at) != nullptr) answer.profiles.push_back(&p);
  }

  std::map<std::pair<Area, Obligation>, std::vector<GuideItem>> grouped;
  std::map<std::string, std::set<std::string>> verified;  // scheme → requirement keys
  for (const Requirement& r : catalog.requirements) {
    const RequirementVersion& v = VersionAt(r, question.at);
    if (StatusAt(v.valid_from, v.valid_to, question.at) != RequirementStatus::kActive) continue;
    if (!Fits(tree, question, v)) continue;
    GuideItem item;
    item.requirement = &r;
    item.version = &v;
    item.obligation =
        Tightened(catalog, tree, question, r.key, v.obligation, question.at, &item.profiles);
    item.binds_in_norway = BindsInNorway(v, question.at);
    grouped[{v.area, item.obligation}].push_back(std::move(item));
    for (const std::string& scheme : v.approval_schemes) verified[scheme].insert(r.key);
    ++answer.total;
  }
  // Areas in vocabulary order; within an area the strongest obligation first.
  for (const auto& area : EnumTable<Area>::kEntries) {
    for (Obligation o :
         {Obligation::kMandatory, Obligation::kRecommended, Obligation::kInformative}) {
      auto it = grouped.find({area.value, o});
      if (it == grouped.end()) continue;
      GuideGroup group{area.value, o, std::move(it->second)};
      std::sort(group.items.begin(), group.items.end(), [](const GuideItem& a, const GuideItem& b) {
        return a.requirement->key < b.requirement->key;
      });
      answer.groups.push_back(std::move(group));
    }
  }

  for (const ApprovalScheme& s : catalog.approval_schemes) {
    auto it = verified.find(s.key);
    if (it == verified.end()) continue;
    answer.approvals.push_back({&s, {it->second.begin(), it->second.end()}});
  }

  Date until = question.at.AddYears(question.horizon_years);
  for (const Requirement& r : catalog.requirements) {
    ChangesAhead(catalog, tree, question, r, question.at, until, answer.ahead);
  }
  std::stable_sort(answer.ahead.begin(), answer.ahead.end(),
                   [](const GuideChange& a, const GuideChange& b) {
                     if (a.date != b.date) return a.date < b.date;
                     return a.requirement->key < b.requirement->key;
                   });
  return answer;
}

}  // namespace helsekrav::domain
