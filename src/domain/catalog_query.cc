#include "domain/catalog_query.h"

#include <algorithm>

#include "core/text.h"

namespace helsekrav::domain {
namespace {

template <typename T>
bool AnyOf(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

// A record tagged with `tags` (empty = all) matches `wanted` (empty = any) when they overlap.
template <typename T>
bool Overlaps(const std::vector<T>& wanted, const std::vector<T>& tags) {
  if (wanted.empty() || tags.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [&](const T& w) {
    return std::find(tags.begin(), tags.end(), w) != tags.end();
  });
}

bool Mentions(const std::string& q_folded, std::initializer_list<const std::string*> fields) {
  if (q_folded.empty()) return true;
  return std::any_of(fields.begin(), fields.end(),
                     [&](const std::string* f) { return ContainsFolded(FoldCase(*f), q_folded); });
}

bool AppliesToAny(const CategoryTree& tree, const std::vector<std::string>& tagged,
                  const std::vector<std::string>& asked) {
  return asked.empty() || std::any_of(asked.begin(), asked.end(), [&](const std::string& a) {
           return tree.Applies(tagged, a);
         });
}

const std::vector<RequirementStatus> kCurrent = {RequirementStatus::kUpcoming,
                                                 RequirementStatus::kActive};

}  // namespace

std::vector<RequirementHit> FindRequirements(const Catalog& catalog, const CategoryTree& tree,
                                             const RequirementQuery& query) {
  const std::string q = FoldCase(query.q);
  const auto& statuses = query.statuses.empty() ? kCurrent : query.statuses;
  std::vector<RequirementHit> hits;
  for (const Requirement& r : catalog.requirements) {
    const RequirementVersion& v = VersionAt(r, query.at);
    RequirementStatus status = StatusAt(v.valid_from, v.valid_to, query.at);
    if (!AnyOf(statuses, status) || !AnyOf(query.areas, v.area) || !AnyOf(query.scopes, v.scope) ||
        !AnyOf(query.obligations, v.obligation) || !AnyOf(query.owners, v.owner) ||
        !Overlaps(query.actor_types, v.actor_types)) {
      continue;
    }
    if (!query.layers.empty() && (!v.layer || !AnyOf(query.layers, *v.layer))) continue;
    if (!query.integrations.empty() &&
        (v.integrations.empty() || !Overlaps(query.integrations, v.integrations))) {
      continue;
    }
    if (!AppliesToAny(tree, v.categories, query.categories)) continue;
    if (!Mentions(q, {&r.key, &v.title, &v.text})) continue;
    hits.push_back({&r, &v, status});
  }
  auto less = [&](const RequirementHit& a, const RequirementHit& b) {
    switch (query.sort) {
      case RequirementSort::kTitle:
        return NorwegianSortKey(a.version->title) < NorwegianSortKey(b.version->title);
      case RequirementSort::kValidFrom:
        return a.version->valid_from < b.version->valid_from;
      case RequirementSort::kArea:
        return a.version->area < b.version->area;
      case RequirementSort::kKey:
        break;
    }
    return false;
  };
  // The list is already in key order, so a stable sort keeps key order among equals.
  std::stable_sort(hits.begin(), hits.end(), less);
  if (query.descending) std::reverse(hits.begin(), hits.end());
  return hits;
}

std::vector<const Standard*> FindStandards(const Catalog& catalog, const StandardQuery& query) {
  const std::string q = FoldCase(query.q);
  std::vector<const Standard*> hits;
  for (const Standard& s : catalog.standards) {
    auto status = StatusAt(s, query.at);
    if (!query.statuses.empty() && (!status || !AnyOf(query.statuses, *status))) continue;
    if (!AnyOf(query.obligations, s.obligation) || !AnyOf(query.levels, s.normative_level) ||
        !AnyOf(query.sdos, s.sdo) || !Overlaps(query.actor_types, s.actor_types)) {
      continue;
    }
    if (!query.layers.empty() && (!s.layer || !AnyOf(query.layers, *s.layer))) continue;
    if (!Mentions(q, {&s.key, &s.name, &s.description, &s.document_id})) continue;
    hits.push_back(&s);
  }
  return hits;
}

std::vector<ProfileHit> FindProfiles(const Catalog& catalog, const CategoryTree& tree,
                                     const ProfileQuery& query) {
  const std::string q = FoldCase(query.q);
  const auto& statuses = query.statuses.empty() ? kCurrent : query.statuses;
  std::vector<ProfileHit> hits;
  for (const Profile& p : catalog.profiles) {
    const ProfileVersion& v = VersionAt(p, query.at);
    RequirementStatus status = StatusAt(v.valid_from, v.valid_to, query.at);
    if (!AnyOf(statuses, status) || !Overlaps(query.actor_types, v.actor_types)) continue;
    if (!AppliesToAny(tree, {v.category}, query.categories)) continue;
    if (!Mentions(q, {&p.key, &v.name, &v.description, &v.use})) continue;
    hits.push_back({&p, &v, status});
  }
  return hits;
}

std::vector<const ApprovalScheme*> FindSchemes(const Catalog& catalog, const SchemeQuery& query) {
  const std::string q = FoldCase(query.q);
  std::vector<const ApprovalScheme*> hits;
  for (const ApprovalScheme& s : catalog.approval_schemes) {
    if (!AnyOf(query.owners, s.owner) || !AnyOf(query.subjects, s.subject)) continue;
    if (!Mentions(q, {&s.key, &s.name, &s.description})) continue;
    hits.push_back(&s);
  }
  return hits;
}

std::vector<const Organisation*> FindOrganisations(const Catalog& catalog,
                                                   const OrganisationQuery& query) {
  const std::string q = FoldCase(query.q);
  std::vector<const Organisation*> hits;
  for (const Organisation& o : catalog.organisations) {
    if (!AnyOf(query.kinds, o.kind)) continue;
    if (!query.county.empty() && o.county_number != query.county) continue;
    if (!Mentions(q, {&o.key, &o.name, &o.orgnr, &o.municipality_number})) continue;
    hits.push_back(&o);
  }
  // Organisations read best in Norwegian alphabetical order by name.
  std::stable_sort(hits.begin(), hits.end(), [](const Organisation* a, const Organisation* b) {
    return NorwegianSortKey(a->name) < NorwegianSortKey(b->name);
  });
  return hits;
}

std::vector<const InteropService*> FindServices(const Catalog& catalog, const ServiceQuery& query) {
  const std::string q = FoldCase(query.q);
  std::vector<const InteropService*> hits;
  for (const InteropService& s : catalog.interop_services) {
    if (!AnyOf(query.statuses, s.status)) continue;
    if (!Mentions(q, {&s.key, &s.name, &s.description})) continue;
    hits.push_back(&s);
  }
  return hits;
}

}  // namespace helsekrav::domain
