#pragma once
// Veiviseren «Hva gjelder for meg?»: which requirements apply to a question (role, product
// category, actor type, integrations with national solutions, date), grouped by area and
// obligation; which approvals to obtain and who issues them; and what changes ahead (versions
// that start or end within the horizon, e.g. EHDS 2029 and 2031 for an EPJ).
// Pure; thread-safe. Pointers in the answer point into the catalog passed in.

#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.h"
#include "domain/catalog_rules.h"

namespace helsekrav::domain {

enum class GuideRole { kBuyer, kSupplier };  // kjøper / leverandør

struct GuideQuestion {
  GuideRole role = GuideRole::kBuyer;
  std::string category;                   // product-category key; required
  std::optional<ActorType> actor_type;    // who buys/uses it; nullopt = any
  std::vector<std::string> integrations;  // national-solution keys the product integrates with
  Date at;                                // the date the answer is for (default: today)
  int horizon_years = 3;                  // how far "what changes ahead" looks
};

struct GuideItem {
  const Requirement* requirement = nullptr;
  const RequirementVersion* version = nullptr;       // in force (active) on `at`
  Obligation obligation = Obligation::kInformative;  // tightened by matching profiles
  std::vector<std::string> profiles;                 // keys of matching profiles that list it
  // False for an EU rule not yet part of Norwegian law on `at` (BindsInNorway): shown as
  // awaiting EEA incorporation, whatever its obligation in the EU.
  bool binds_in_norway = true;
};

struct GuideGroup {
  Area area = Area::kEu;
  Obligation obligation = Obligation::kMandatory;
  std::vector<GuideItem> items;  // by key
};

struct GuideApproval {
  const ApprovalScheme* scheme = nullptr;
  std::vector<std::string> requirements;  // applicable requirement keys it verifies
};

struct GuideChange {
  Date date;
  const Requirement* requirement = nullptr;
  const RequirementVersion* before = nullptr;  // nullptr when the requirement is new
  const RequirementVersion* after = nullptr;   // nullptr when it ends
  // The obligation `after` (or, when it ends, `before`) carries, tightened by the profiles
  // matching the question on `date`.
  Obligation obligation = Obligation::kInformative;
};

struct GuideAnswer {
  std::vector<GuideGroup> groups;  // areas in vocabulary order; mandatory before recommended
  std::vector<GuideApproval> approvals;
  std::vector<GuideChange> ahead;        // by date, then requirement key
  std::vector<const Profile*> profiles;  // in force on `at` for the category and actor type
  std::size_t total = 0;                 // requirements that apply on `at`
};

// A requirement applies when its version in force on `at` is active, its categories apply to
// the asked category (CategoryTree::Applies), its actor types include the asked one (empty = all)
// and it needs no integration or one of the asked ones. Profiles in force on `at` whose category
// applies and whose actor types match may tighten its obligation. `ahead` holds, for versions
// that pass the same test, each start in (at, at + horizon] and each end without a successor.
// `role` does not change the answer (only the web's wording).
// Invalid (field and Norwegian message) for a missing or unknown category ("category"), an
// unknown integration ("integration") or a negative horizon ("horizon").
Result<GuideAnswer> AnswerGuide(const Catalog& catalog, const CategoryTree& tree,
                                const GuideQuestion& question);

}  // namespace helsekrav::domain
