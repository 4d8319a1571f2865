// RegistryService's declaration use cases: creating (pre-filled), saving answers, lifecycle
// transitions with supersession, importing from a file, the review notices and flagging
// declarations whose cited requirement versions are outdated.
#include <map>
#include <set>

#include "app/registry.h"
#include "app/registry_internal.h"
#include "core/uuid.h"
#include "formats/registry_json.h"

namespace helsekrav::app {
namespace {

using domain::Permission;
using formats::Json;
using namespace internal;

constexpr char kDeclarationNotFound[] = "Fant ikke selvdeklareringen.";

Json StatusChange(domain::DeclarationStatus from, domain::DeclarationStatus to) {
  return Json{{"status",
               {{"from", std::string(domain::Code(from))}, {"to", std::string(domain::Code(to))}}}};
}

// The declaration `id` when `actor` may manage its organisation's declarations.
Result<Stored<domain::Declaration>> ReadOwnDeclaration(store::Store& store,
                                                       const domain::Actor& actor,
                                                       const std::string& id, std::int64_t now) {
  return ReadOwned<domain::Declaration>(store, actor, Permission::kManageDeclarations,
                                        "declaration", id, now, kDeclarationNotFound);
}

// The product version `id` when `actor` may make declarations for its organisation.
Result<Stored<domain::ProductVersion>> ReadDeclarableVersion(store::Store& store,
                                                             const domain::Actor& actor,
                                                             const std::string& id,
                                                             std::int64_t now) {
  return ReadOwned<domain::ProductVersion>(store, actor, Permission::kManageDeclarations,
                                           "product_version", id, now, kVersionNotFound);
}

// File evidence may only cite the owning organisation's own uploads (a published declaration
// makes its files public).
Status ResolveEvidenceFiles(store::Store& store, const std::string& owner,
                            domain::Declaration& declaration) {
  EvidenceFiles files(store, owner);
  for (std::size_t i = 0; i < declaration.answers.size(); ++i) {
    HK_RETURN_IF_ERROR(files.Resolve(declaration.answers[i].evidence,
                                     "answers[" + std::to_string(i) + "].evidence"));
  }
  return Status::Ok();
}

Result<std::vector<Stored<domain::Declaration>>> ReadDeclarationsOf(store::Store& store,
                                                                    const std::string& version_id,
                                                                    std::int64_t now) {
  auto entities = store.ListEntitiesByParent("declaration", version_id, now);
  if (!entities.ok()) return entities.status();
  std::vector<Stored<domain::Declaration>> out;
  for (store::Entity& e : *entities) {
    auto value = formats::FromDoc<domain::Declaration>(e.doc);
    if (!value.ok()) return value.status();
    out.push_back({std::move(value).value(), std::move(e)});
  }
  return out;
}

bool IsOpen(domain::DeclarationStatus status) {
  return status == domain::DeclarationStatus::kDraft ||
         status == domain::DeclarationStatus::kSubmitted;
}

Status RefuseSecondOpenDraft(const std::vector<Stored<domain::Declaration>>& existing,
                             const domain::Declaration& declaration) {
  for (const auto& other : existing) {
    if (other.value.id != declaration.id && other.value.profile == declaration.profile &&
        IsOpen(other.value.status)) {
      return Status::Conflict(
          "Det finnes allerede en selvdeklarering under arbeid for denne versjonen og "
          "kravprofilen (" +
          other.value.id + "). Fortsett med den.");
    }
  }
  return Status::Ok();
}

// Publishing `declaration` (already validated and with its new status): supersedes the
// published declarations of the same product version and profile, in the same write set.
Status AddSupersessions(const domain::Actor& actor, std::int64_t now,
                        const std::vector<Stored<domain::Declaration>>& existing,
                        domain::Declaration& declaration, WriteSet& writes) {
  for (const auto& other : existing) {
    const domain::Declaration& old = other.value;
    if (old.id == declaration.id || old.profile != declaration.profile ||
        old.status != domain::DeclarationStatus::kPublished) {
      continue;
    }
    auto next = domain::NextStatus(old.status, domain::DeclarationAction::kSupersede);
    if (!next.ok()) return next.status();
    domain::Declaration updated = old;
    updated.status = *next;
    updated.superseded_by = declaration.id;
    updated.updated_at = NextUpdatedAt(now, old.updated_at);
    declaration.supersedes = old.id;
    writes.Update(other.entity, updated, updated.updated_at);
    Json changes = StatusChange(old.status, updated.status);
    changes["superseded_by"] = declaration.id;
    writes.Event(actor, now, old.org_id, "declaration", old.id, "superseded", changes);
  }
  return Status::Ok();
}

// The profile version a new declaration is made against: `version` when given (not 0), else
// the one in force on `today`.
Result<const domain::ProfileVersion*> ChooseProfileVersion(const Snapshot& snapshot,
                                                           const std::string& profile_key,
                                                           std::optional<int> version) {
  const domain::Profile* profile = snapshot.FindProfile(profile_key);
  if (profile == nullptr) {
    return Status::Invalid("profile", "Fant ikke kravprofilen «" + profile_key + "».");
  }
  if (version && *version != 0) {
    const domain::ProfileVersion* found = domain::FindVersion(*profile, *version);
    if (found == nullptr) {
      return Status::Invalid(
          "profile_version",
          "Kravprofilen «" + profile_key + "» har ingen versjon " + std::to_string(*version) + ".");
    }
    return found;
  }
  return &domain::VersionAt(*profile, snapshot.today());
}

}  // namespace

// ---- Declarations --------------------------------------------------------------------------

Result<domain::Declaration> RegistryService::CreateDeclaration(
    const domain::Actor& actor, const std::string& product_version_id, const std::string& profile,
    std::optional<int> profile_version) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto version = ReadDeclarableVersion(store_, actor, product_version_id, now);
  if (!version.ok()) return version.status();
  const std::string& owner = version->entity.owner_org;
  auto snapshot = catalog_.snapshot();
  auto target = ChooseProfileVersion(*snapshot, profile, profile_version);
  if (!target.ok()) return target.status();

  domain::Declaration declaration;
  declaration.id = Uuid::Random().ToString();
  declaration.org_id = owner;
  declaration.product_version_id = product_version_id;
  declaration.profile = profile;
  declaration.profile_version = (*target)->version;
  declaration.status = domain::DeclarationStatus::kDraft;
  declaration.created_at = now;
  declaration.updated_at = now;

  auto existing = ReadDeclarationsOf(store_, product_version_id, now);
  if (!existing.ok()) return existing.status();
  HK_RETURN_IF_ERROR(RefuseSecondOpenDraft(*existing, declaration));

  std::vector<domain::Declaration> earlier;
  if (auto current = view()) {
    for (const domain::Declaration* d : current->DeclarationsOfOrg(owner)) earlier.push_back(*d);
  }
  declaration.answers =
      domain::PrefillAnswers(**target, earlier, snapshot->catalog(), snapshot->today());
  HK_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration, snapshot->catalog(), false));

  WriteSet writes;
  writes.inserts.push_back(
      MakeEntity("declaration", declaration, owner, product_version_id, now, now));
  writes.Event(actor, now, owner, "declaration", declaration.id, "declaration_created",
               Json{{"product_version_id", product_version_id},
                    {"profile", profile},
                    {"profile_version", declaration.profile_version},
                    {"prefilled", declaration.answers.size()}});
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return declaration;
}

Result<domain::Declaration> RegistryService::SaveAnswers(const domain::Actor& actor,
                                                         const std::string& declaration_id,
                                                         const AnswersUpdate& update) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored = ReadOwnDeclaration(store_, actor, declaration_id, now);
  if (!stored.ok()) return stored.status();
  const domain::Declaration& old = stored->value;
  auto next = domain::NextStatus(old.status, domain::DeclarationAction::kEdit);
  if (!next.ok()) return next.status();
  if (update.expected_updated_at != 0 && update.expected_updated_at != old.updated_at) {
    return Status::Conflict(kConflictMessage);
  }
  domain::Declaration declaration = old;
  declaration.answers = update.answers;
  HK_RETURN_IF_ERROR(ResolveEvidenceFiles(store_, old.org_id, declaration));
  auto snapshot = catalog_.snapshot();
  HK_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration, snapshot->catalog(), false));

  // Which requirements' answers changed, for the audit trail.
  std::map<std::string, const domain::DeclarationAnswer*> before, after;
  for (const auto& a : old.answers) before[a.requirement] = &a;
  for (const auto& a : declaration.answers) after[a.requirement] = &a;
  std::vector<std::string> changed;
  for (const auto& [key, answer] : after) {
    auto it = before.find(key);
    if (it == before.end() || !(*it->second == *answer)) changed.push_back(key);
  }
  for (const auto& [key, answer] : before) {
    if (after.count(key) == 0) changed.push_back(key);
  }
  if (changed.empty() && old.answers == declaration.answers) return old;

  declaration.updated_at = NextUpdatedAt(now, old.updated_at);
  WriteSet writes;
  writes.Update(stored->entity, declaration, declaration.updated_at);
  writes.Event(actor, now, old.org_id, "declaration", old.id, "answers_saved",
               Json{{"answers", {{"from", old.answers.size()}, {"to", declaration.answers.size()}}},
                    {"requirements", changed}});
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return declaration;
}

Result<domain::Declaration> RegistryService::Transition(const domain::Actor& actor,
                                                        const std::string& declaration_id,
                                                        domain::DeclarationAction action) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored = ReadOwnDeclaration(store_, actor, declaration_id, now);
  if (!stored.ok()) return stored.status();
  if (action == domain::DeclarationAction::kEdit) {
    return Status::Invalid("action", "Endringer lagres med svarene, ikke som statusendring.");
  }
  const domain::Declaration& old = stored->value;
  auto next = domain::NextStatus(old.status, action);
  if (!next.ok()) return next.status();
  auto snapshot = catalog_.snapshot();

  domain::Declaration declaration = old;
  declaration.status = *next;
  declaration.updated_at = NextUpdatedAt(now, old.updated_at);
  WriteSet superseded;  // the declarations a publication replaces
  std::string event_action;
  switch (action) {
    case domain::DeclarationAction::kSubmit:
      HK_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration, snapshot->catalog(), true));
      declaration.submitted_at = now;
      event_action = "submitted";
      break;
    case domain::DeclarationAction::kPublish: {
      HK_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration, snapshot->catalog(), true));
      declaration.published_at = now;
      declaration.needs_review =
          domain::OutdatedAnswers(declaration, snapshot->catalog(), snapshot->today());
      auto existing = ReadDeclarationsOf(store_, old.product_version_id, now);
      if (!existing.ok()) return existing.status();
      HK_RETURN_IF_ERROR(AddSupersessions(actor, now, *existing, declaration, superseded));
      event_action = "published";
      break;
    }
    case domain::DeclarationAction::kReturnToDraft:
      declaration.submitted_at = 0;
      event_action = "updated";
      break;
    case domain::DeclarationAction::kWithdraw:
      declaration.withdrawn_at = now;
      event_action = "withdrawn";
      break;
    case domain::DeclarationAction::kSupersede:
      event_action = "superseded";
      break;
    case domain::DeclarationAction::kEdit:
      break;  // refused above
  }
  Json changes = StatusChange(old.status, declaration.status);
  if (!declaration.supersedes.empty() && declaration.supersedes != old.supersedes) {
    changes["supersedes"] = declaration.supersedes;
  }
  WriteSet writes;
  writes.Update(stored->entity, declaration, declaration.updated_at);
  writes.Event(actor, now, old.org_id, "declaration", old.id, event_action, changes);
  for (auto& update : superseded.updates) writes.updates.push_back(std::move(update));
  for (auto& event : superseded.events) writes.events.push_back(std::move(event));
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return declaration;
}

Result<domain::Declaration> RegistryService::ImportDeclaration(const domain::Actor& actor,
                                                               domain::Declaration declaration,
                                                               bool publish) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto version = ReadDeclarableVersion(store_, actor, declaration.product_version_id, now);
  if (!version.ok()) return version.status();
  const std::string& owner = version->entity.owner_org;
  auto snapshot = catalog_.snapshot();
  auto target = ChooseProfileVersion(*snapshot, declaration.profile, declaration.profile_version);
  if (!target.ok()) return target.status();

  // Only the file's content counts; identity, status and history are ours to set.
  declaration.id = Uuid::Random().ToString();
  declaration.org_id = owner;
  declaration.profile_version = (*target)->version;
  declaration.status = domain::DeclarationStatus::kDraft;
  declaration.supersedes.clear();
  declaration.superseded_by.clear();
  declaration.needs_review.clear();
  declaration.created_at = now;
  declaration.updated_at = now;
  declaration.submitted_at = 0;
  declaration.published_at = 0;
  declaration.withdrawn_at = 0;
  HK_RETURN_IF_ERROR(ResolveEvidenceFiles(store_, owner, declaration));
  HK_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration, snapshot->catalog(), publish));
  auto existing = ReadDeclarationsOf(store_, declaration.product_version_id, now);
  if (!existing.ok()) return existing.status();

  WriteSet writes;
  Json summary{{"product_version_id", declaration.product_version_id},
               {"profile", declaration.profile},
               {"profile_version", declaration.profile_version},
               {"imported", true}};
  writes.Event(actor, now, owner, "declaration", declaration.id, "declaration_created", summary);
  if (publish) {
    auto next = domain::NextStatus(declaration.status, domain::DeclarationAction::kPublish);
    if (!next.ok()) return next.status();
    declaration.status = *next;
    declaration.published_at = now;
    declaration.needs_review =
        domain::OutdatedAnswers(declaration, snapshot->catalog(), snapshot->today());
    writes.Event(actor, now, owner, "declaration", declaration.id, "published",
                 StatusChange(domain::DeclarationStatus::kDraft, declaration.status));
    HK_RETURN_IF_ERROR(AddSupersessions(actor, now, *existing, declaration, writes));
  } else {
    HK_RETURN_IF_ERROR(RefuseSecondOpenDraft(*existing, declaration));
  }
  writes.inserts.push_back(
      MakeEntity("declaration", declaration, owner, declaration.product_version_id, now, now));
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return declaration;
}
Result<std::vector<domain::Event>> RegistryService::ReviewNotices(const std::string& org_id,
                                                                  int limit) {
  constexpr int kPageSize = 200;
  constexpr int kMaxPages = 20;  // bounds the scan of a long history
  std::vector<domain::Event> out;
  if (org_id.empty() || limit <= 0) return out;
  store::EventQuery q;
  q.org_id = org_id;
  q.limit = kPageSize;
  for (int page = 0; page < kMaxPages && static_cast<int>(out.size()) < limit; ++page) {
    auto records = store_.ListEvents(q);
    if (!records.ok()) return records.status();
    for (const store::EventRecord& r : *records) {
      if (r.action == "needs_review" && static_cast<int>(out.size()) < limit) {
        out.push_back(ToDomainEvent(r));
      }
    }
    if (static_cast<int>(records->size()) < kPageSize) break;
    q.before_seq = records->back().seq;
  }
  return out;
}

Result<int> RegistryService::FlagOutdatedDeclarations(const Snapshot& snapshot) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  // Read from the store rather than the view: fresh, and with the revisions to update against.
  auto entities = store_.ListEntities("declaration", now);
  if (!entities.ok()) return entities.status();
  int changed = 0;
  for (const store::Entity& e : *entities) {
    auto declaration = formats::FromDoc<domain::Declaration>(e.doc);
    if (!declaration.ok() || declaration->status != domain::DeclarationStatus::kPublished) {
      continue;
    }
    std::vector<std::string> outdated =
        domain::OutdatedAnswers(*declaration, snapshot.catalog(), snapshot.today());
    std::set<std::string> now_set(outdated.begin(), outdated.end());
    std::set<std::string> before_set(declaration->needs_review.begin(),
                                     declaration->needs_review.end());
    if (now_set == before_set) continue;

    domain::Declaration flagged = *declaration;
    flagged.needs_review = outdated;
    flagged.updated_at = NextUpdatedAt(now, declaration->updated_at);
    WriteSet writes;
    writes.Update(e, flagged, flagged.updated_at);
    writes.Event(domain::Actor{}, now, flagged.org_id, "declaration", flagged.id, "needs_review",
                 Json{{"requirements", outdated}});
    Status s = Apply(store_, writes);
    if (s.code() == StatusCode::kConflict) continue;  // another process got there first
    HK_RETURN_IF_ERROR(s);
    ++changed;
  }
  if (changed > 0) ReloadAfterWrite(*this);
  return changed;
}

}  // namespace helsekrav::app
