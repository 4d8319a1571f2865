#pragma once
// Rules over the catalog: validation, reading "as of" a date, the category tree.
// Pure functions; thread-safe.

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/status.h"
#include "domain/catalog.h"

namespace helsekrav::domain {

// Checks every rule of docs/catalog-format.md: well-formed and unique keys, complete versions,
// version numbering and dates, references between records, legal basis for mandatory items,
// obligations that profiles only tighten, a category tree without cycles. Returns the first
// violation as Invalid with a field path such as "requirements[NHN-KJ-01].versions[2].owner"
// and a Norwegian message.
Status ValidateCatalog(const Catalog& catalog);

// Sorts every list by key and each history by version, so equal catalogs compare equal.
void SortCatalog(Catalog& catalog);

// Merges `update` into `base`: a record in `update` replaces the record with the same key.
Catalog MergeCatalogs(Catalog base, const Catalog& update);
// Removes the retired records from `catalog`; unknown keys and lists are ignored.
void RemoveRecords(Catalog& catalog, const std::vector<RetiredRecord>& retired);

// The version of a requirement that governs on `at`: the newest version that has started,
// or the first version when none has started yet (then its status is kUpcoming).
const RequirementVersion& VersionAt(const Requirement& requirement, Date at);
const ProfileVersion& VersionAt(const Profile& profile, Date at);
// nullptr when there is no such version number.
const RequirementVersion* FindVersion(const Requirement& requirement, int version);
const ProfileVersion* FindVersion(const Profile& profile, int version);

RequirementStatus StatusAt(Date valid_from, const std::optional<Date>& valid_to, Date at);

// The standard's lifecycle status on `at`; nullopt before its first step.
std::optional<StandardStatus> StatusAt(const Standard& standard, Date at);

// False while the EU act a version rests on is not yet part of Norwegian law on `on` (no `eea`
// = Norwegian law or an act already in force in Norway).
bool BindsInNorway(const RequirementVersion& version, Date on);

// Whether a supplier's own published declaration can cover the version: it allows
// self-declaration, or no approval scheme verifies it (nobody approves it, so the supplier's
// declaration is all there is; shown as «egenerklært»).
bool SelfDeclarable(const RequirementVersion& version);

// A profile item's obligation: the stronger of the requirement's own and the profile's.
Obligation EffectiveObligation(Obligation requirement_obligation,
                               const std::optional<Obligation>& profile_obligation);

// The product-category tree. Built once per snapshot; immutable afterwards.
class CategoryTree {
 public:
  explicit CategoryTree(const std::vector<Category>& categories);
  bool Contains(const std::string& key) const { return parent_.count(key) > 0; }
  // `key` and every category below it.
  std::set<std::string> Subtree(const std::string& key) const;
  // `key` and every category above it.
  std::set<std::string> Lineage(const std::string& key) const;
  // True when a record tagged with `tagged` applies to a question about `asked`: the tagged
  // category is `asked`, below it or above it. An empty tag list applies to everything.
  bool Applies(const std::vector<std::string>& tagged, const std::string& asked) const;

 private:
  std::map<std::string, std::string> parent_;
  std::multimap<std::string, std::string> children_;
};

}  // namespace helsekrav::domain
