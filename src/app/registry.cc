// RegistryService: products, versions, deployments, declarations and evidence files.
// Each mutation reads what it needs first (the SQLite store holds its connection for the
// whole transaction), authorises against the owning organisation, validates against the
// current catalog snapshot, writes the record(s) and their events in one transaction, and then
// publishes a new view.
#include "app/registry.h"

#include <algorithm>
#include <set>

#include "core/log.h"
#include "core/uuid.h"
#include "domain/catalog_rules.h"
#include "formats/registry_json.h"

namespace helsekrav::app {
namespace {

using domain::Permission;
using formats::Json;

constexpr char kConflictMessage[] =
    "Noen andre har endret dette i mellomtiden. Last siden på nytt.";
constexpr char kProductNotFound[] = "Fant ikke produktet.";
constexpr char kVersionNotFound[] = "Fant ikke produktversjonen.";
constexpr char kDeploymentNotFound[] = "Fant ikke registreringen av bruk.";
constexpr char kDeclarationNotFound[] = "Fant ikke selvdeklareringen.";
constexpr char kFileNotFound[] = "Fant ikke filen.";
constexpr std::size_t kMaxFileNameLength = 200;
constexpr int kMaxEventPage = 500;

std::int64_t Seconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

// updated_at doubles as the optimistic token forms send back (expected_updated_at), so every
// change must move it, even two changes within one second.
std::int64_t NextUpdatedAt(std::int64_t now, std::int64_t previous) {
  return std::max(now, previous + 1);
}

// A stored record with the entity row it came from (for its revision and columns).
template <typename T>
struct Stored {
  T value;
  store::Entity entity;
};

template <typename T>
Result<std::optional<Stored<T>>> ReadStored(store::Store& store, const std::string& kind,
                                            const std::string& id, std::int64_t now) {
  if (id.empty()) return std::optional<Stored<T>>();
  auto entity = store.FindEntity(kind, id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return std::optional<Stored<T>>();
  auto value = formats::FromDoc<T>((*entity)->doc);
  if (!value.ok()) return value.status();
  return std::optional<Stored<T>>(Stored<T>{std::move(value).value(), std::move(**entity)});
}

// Reads a record and authorises `permission` on its owning organisation. When it does not
// exist, authorises without an owner first, so anonymous callers learn nothing but that they
// must sign in.
template <typename T>
Result<Stored<T>> ReadOwned(store::Store& store, const domain::Actor& actor, Permission permission,
                            const std::string& kind, const std::string& id, std::int64_t now,
                            const char* not_found) {
  auto stored = ReadStored<T>(store, kind, id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, ""));
    return Status::NotFound(not_found);
  }
  HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, (*stored)->entity.owner_org));
  return std::move(**stored);
}

template <typename T>
store::Entity MakeEntity(const std::string& kind, const T& value, const std::string& owner_org,
                         const std::string& parent_id, std::int64_t created_at,
                         std::int64_t updated_at) {
  store::Entity e;
  e.kind = kind;
  e.id = value.id;
  e.owner_org = owner_org;
  e.parent_id = parent_id;
  e.created_at = created_at;
  e.updated_at = updated_at;
  e.doc = formats::ToJson(value).dump();
  return e;
}

// Field → {"from", "to"} for every top-level field that differs (timestamps left out).
Json Diff(const Json& before, const Json& after) {
  Json changes = Json::object();
  auto consider = [&](const std::string& key) {
    if (key == "created_at" || key == "updated_at" || changes.contains(key)) return;
    Json from = before.contains(key) ? before[key] : Json();
    Json to = after.contains(key) ? after[key] : Json();
    if (from != to) changes[key] = Json{{"from", from}, {"to", to}};
  };
  for (const auto& item : before.items()) consider(item.key());
  for (const auto& item : after.items()) consider(item.key());
  return changes;
}

Json StatusChange(domain::DeclarationStatus from, domain::DeclarationStatus to) {
  return Json{{"status",
               {{"from", std::string(domain::Code(from))}, {"to", std::string(domain::Code(to))}}}};
}

// Everything one mutation writes, applied in one transaction.
struct WriteSet {
  std::vector<store::Entity> inserts;
  std::vector<std::pair<store::Entity, std::int64_t>> updates;  // entity, expected revision
  std::vector<std::pair<std::string, std::string>> deletes;     // kind, id
  std::vector<store::EventRecord> events;
  std::optional<store::FileRecord> file;
  bool bump_revision = true;

  void Event(const domain::Actor& actor, std::int64_t now, const std::string& org_id,
             const std::string& kind, const std::string& id, const std::string& action,
             const Json& changes) {
    store::EventRecord e;
    e.id = Uuid::Random().ToString();
    e.at = now;
    e.actor_user = actor.user_id;
    e.actor_org = actor.org_id;
    e.org_id = org_id;
    e.entity_kind = kind;
    e.entity_id = id;
    e.action = action;
    e.changes = changes.dump();
    events.push_back(std::move(e));
  }
};

Status Apply(store::Store& store, const WriteSet& writes) {
  auto tx = store.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  if (writes.file) HK_RETURN_IF_ERROR(t.InsertFile(*writes.file));
  for (const store::Entity& e : writes.inserts) HK_RETURN_IF_ERROR(t.InsertEntity(e));
  for (const auto& [e, revision] : writes.updates) {
    Status s = t.UpdateEntity(e, revision);
    // Changed or deleted since we read it: the caller's picture is out of date.
    if (s.code() == StatusCode::kConflict || s.code() == StatusCode::kNotFound) {
      return Status::Conflict(kConflictMessage);
    }
    HK_RETURN_IF_ERROR(s);
  }
  for (const auto& [kind, id] : writes.deletes) {
    Status s = t.DeleteEntity(kind, id);
    if (s.code() == StatusCode::kNotFound) return Status::Conflict(kConflictMessage);
    HK_RETURN_IF_ERROR(s);
  }
  for (const store::EventRecord& e : writes.events) {
    auto seq = t.AppendEvent(e);
    if (!seq.ok()) return seq.status();
  }
  if (writes.bump_revision) HK_RETURN_IF_ERROR(t.BumpRegistryRevision());
  return t.Commit();
}

domain::Event ToDomainEvent(const store::EventRecord& r) {
  return domain::Event{r.seq,    r.id,          r.at,        r.actor_user, r.actor_org,
                       r.org_id, r.entity_kind, r.entity_id, r.action,     r.changes};
}

// The base name of an uploaded file without control characters, at most kMaxFileNameLength
// bytes (cut on a UTF-8 boundary, keeping a short extension).
std::string SanitiseFileName(const std::string& raw) {
  std::string name = raw;
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string clean;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) continue;
    clean.push_back(c);
  }
  auto begin = clean.find_first_not_of(' ');
  auto end = clean.find_last_not_of(' ');
  clean = begin == std::string::npos ? std::string() : clean.substr(begin, end - begin + 1);
  if (clean == "." || clean == "..") return "";
  if (clean.size() <= kMaxFileNameLength) return clean;
  std::string extension;
  auto dot = clean.find_last_of('.');
  if (dot != std::string::npos && clean.size() - dot <= 10) extension = clean.substr(dot);
  std::size_t cut = kMaxFileNameLength - extension.size();
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
  return clean.substr(0, cut) + extension;
}

// "application/PDF; charset=binary" → "application/pdf".
std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  auto begin = type.find_first_not_of(" \t");
  auto end = type.find_last_not_of(" \t");
  type = begin == std::string::npos ? std::string() : type.substr(begin, end - begin + 1);
  for (char& c : type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return type;
}

// File evidence may only cite the owning organisation's own uploads (a published declaration
// makes its files public). Copies the stored name and checksum into the evidence.
Status ResolveEvidenceFiles(store::Store& store, const std::string& owner,
                            domain::Declaration& declaration) {
  std::map<std::string, std::optional<store::FileRecord>> cache;
  for (std::size_t i = 0; i < declaration.answers.size(); ++i) {
    auto& evidence = declaration.answers[i].evidence;
    for (std::size_t j = 0; j < evidence.size(); ++j) {
      domain::Evidence& e = evidence[j];
      if (e.kind != domain::EvidenceKind::kFile || e.file_id.empty()) continue;
      auto it = cache.find(e.file_id);
      if (it == cache.end()) {
        auto file = store.FindFile(e.file_id);
        if (!file.ok()) return file.status();
        if (file->has_value()) (*file)->data.clear();
        it = cache.emplace(e.file_id, std::move(file).value()).first;
      }
      const std::optional<store::FileRecord>& file = it->second;
      if (!file || file->owner_org != owner) {
        return Status::Invalid(
            "answers[" + std::to_string(i) + "].evidence[" + std::to_string(j) + "].file_id",
            "Fant ikke vedlegget. Last det opp på nytt.");
      }
      e.file_name = file->name;
      e.sha256 = file->sha256;
    }
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
    store::Entity entity = other.entity;
    entity.updated_at = updated.updated_at;
    entity.doc = formats::ToJson(updated).dump();
    writes.updates.emplace_back(std::move(entity), other.entity.revision);
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

template <typename T>
Result<std::vector<T>> ParseAll(store::Store& store, const std::string& kind, std::int64_t now) {
  auto entities = store.ListEntities(kind, now);
  if (!entities.ok()) return entities.status();
  std::vector<T> out;
  out.reserve(entities->size());
  for (const store::Entity& e : *entities) {
    auto value = formats::FromDoc<T>(e.doc);
    if (!value.ok()) {
      // One damaged record must not take the whole register down; it is logged for repair.
      LogError("skipping unreadable register record",
               {{"kind", kind}, {"id", e.id}, {"error", value.status().ToString()}});
      continue;
    }
    out.push_back(std::move(value).value());
  }
  return out;
}

// A committed write is not undone when re-reading fails; the next refresh catches up.
void ReloadAfterWrite(RegistryService& service) {
  Status status = service.Load();
  if (!status.ok()) {
    LogWarn("register view not reloaded after a write", {{"error", status.ToString()}});
  }
}

}  // namespace

RegistryService::RegistryService(store::Store& store, const Clock& clock, CatalogService& catalog)
    : store_(store), clock_(clock), catalog_(catalog) {}

Status RegistryService::Load() {
  // The revision is read first: a change committed while we read is then either in this view
  // or noticed by the next RefreshIfChanged.
  auto revision = store_.RegistryRevision();
  if (!revision.ok()) return revision.status();
  std::int64_t now = Seconds(clock_);
  auto orgs = ParseAll<domain::OrgAccount>(store_, "organisation", now);
  if (!orgs.ok()) return orgs.status();
  auto products = ParseAll<domain::Product>(store_, "product", now);
  if (!products.ok()) return products.status();
  auto versions = ParseAll<domain::ProductVersion>(store_, "product_version", now);
  if (!versions.ok()) return versions.status();
  auto deployments = ParseAll<domain::Deployment>(store_, "deployment", now);
  if (!deployments.ok()) return deployments.status();
  auto declarations = ParseAll<domain::Declaration>(store_, "declaration", now);
  if (!declarations.ok()) return declarations.status();
  auto next = std::make_shared<const RegistryView>(
      std::move(orgs).value(), std::move(products).value(), std::move(versions).value(),
      std::move(deployments).value(), std::move(declarations).value(), *revision);
  // Never replace a newer view with an older one (two threads reloading at once).
  auto current = view_.load();
  while (!current || current->revision() <= next->revision()) {
    if (view_.compare_exchange_weak(current, next)) break;
  }
  return Status::Ok();
}

Result<bool> RegistryService::RefreshIfChanged() {
  auto revision = store_.RegistryRevision();
  if (!revision.ok()) return revision.status();
  auto current = view();
  if (current && current->revision() == *revision) return false;
  HK_RETURN_IF_ERROR(Load());
  return true;
}

// ---- Products ------------------------------------------------------------------------------

Result<domain::Product> RegistryService::CreateProduct(const domain::Actor& actor,
                                                       domain::Product product) {
  if (product.org_id.empty()) product.org_id = actor.org_id;
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kEditProducts, product.org_id));
  auto snapshot = catalog_.snapshot();
  HK_RETURN_IF_ERROR(domain::ValidateProduct(product, snapshot->tree()));

  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  product.id = Uuid::Random().ToString();
  product.created_at = now;
  product.updated_at = now;
  WriteSet writes;
  writes.inserts.push_back(MakeEntity("product", product, product.org_id, "", now, now));
  writes.Event(actor, now, product.org_id, "product", product.id, "created",
               Json{{"name", product.name}, {"categories", product.categories}});
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return product;
}

Result<domain::Product> RegistryService::UpdateProduct(const domain::Actor& actor,
                                                       domain::Product product) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored = ReadOwned<domain::Product>(store_, actor, Permission::kEditProducts, "product",
                                           product.id, now, kProductNotFound);
  if (!stored.ok()) return stored.status();
  const domain::Product& old = stored->value;
  if (!product.org_id.empty() && product.org_id != old.org_id) {
    return Status::Invalid("org_id", "Et produkt kan ikke flyttes til en annen leverandør.");
  }
  if (product.updated_at != 0 && product.updated_at != old.updated_at) {
    return Status::Conflict(kConflictMessage);
  }
  product.org_id = old.org_id;
  product.created_at = old.created_at;
  product.updated_at = old.updated_at;
  HK_RETURN_IF_ERROR(domain::ValidateProduct(product, catalog_.snapshot()->tree()));
  Json changes = Diff(formats::ToJson(old), formats::ToJson(product));
  if (changes.empty()) return old;

  product.updated_at = NextUpdatedAt(now, old.updated_at);
  WriteSet writes;
  writes.updates.emplace_back(
      MakeEntity("product", product, old.org_id, "", old.created_at, product.updated_at),
      stored->entity.revision);
  writes.Event(actor, now, old.org_id, "product", product.id, "updated", changes);
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return product;
}

Result<domain::ProductVersion> RegistryService::AddVersion(const domain::Actor& actor,
                                                           domain::ProductVersion version) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto product = ReadOwned<domain::Product>(store_, actor, Permission::kEditProducts, "product",
                                            version.product_id, now, kProductNotFound);
  if (!product.ok()) return product.status();
  HK_RETURN_IF_ERROR(domain::ValidateProductVersion(version, catalog_.snapshot()->catalog()));
  auto siblings = store_.ListEntitiesByParent("product_version", version.product_id, now);
  if (!siblings.ok()) return siblings.status();
  for (const store::Entity& e : *siblings) {
    auto sibling = formats::FromDoc<domain::ProductVersion>(e.doc);
    if (sibling.ok() && sibling->version == version.version) {
      return Status::Conflict("Versjon «" + version.version + "» av «" + product->value.name +
                              "» er registrert fra før.");
    }
  }

  const std::string& owner = product->entity.owner_org;
  version.id = Uuid::Random().ToString();
  version.created_at = now;
  WriteSet writes;
  writes.inserts.push_back(
      MakeEntity("product_version", version, owner, version.product_id, now, now));
  writes.Event(actor, now, owner, "product", version.product_id, "version_added",
               Json{{"version_id", version.id}, {"version", version.version}});
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return version;
}

Result<domain::ProductVersion> RegistryService::UpdateVersion(const domain::Actor& actor,
                                                              domain::ProductVersion version) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored =
      ReadOwned<domain::ProductVersion>(store_, actor, Permission::kEditProducts, "product_version",
                                        version.id, now, kVersionNotFound);
  if (!stored.ok()) return stored.status();
  const domain::ProductVersion& old = stored->value;
  if (!version.product_id.empty() && version.product_id != old.product_id) {
    return Status::Invalid("product_id", "En versjon kan ikke flyttes til et annet produkt.");
  }
  version.product_id = old.product_id;
  version.created_at = old.created_at;
  HK_RETURN_IF_ERROR(domain::ValidateProductVersion(version, catalog_.snapshot()->catalog()));
  Json changes = Diff(formats::ToJson(old), formats::ToJson(version));
  if (changes.empty()) return old;

  store::Entity entity = stored->entity;
  entity.updated_at = now;
  entity.doc = formats::ToJson(version).dump();
  WriteSet writes;
  writes.updates.emplace_back(std::move(entity), stored->entity.revision);
  writes.Event(actor, now, stored->entity.owner_org, "product_version", version.id, "updated",
               changes);
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return version;
}

// ---- Deployments ---------------------------------------------------------------------------

Result<domain::Deployment> RegistryService::RecordDeployment(const domain::Actor& actor,
                                                             domain::Deployment deployment) {
  if (deployment.org_id.empty()) deployment.org_id = actor.org_id;
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kRecordDeployments, deployment.org_id));
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto version = ReadStored<domain::ProductVersion>(store_, "product_version",
                                                    deployment.product_version_id, now);
  if (!version.ok()) return version.status();
  if (!version->has_value()) return Status::NotFound(kVersionNotFound);
  if (deployment.municipalities.empty()) {
    // A municipality recording its own use needs not repeat its kommunenummer.
    auto org = ReadStored<domain::OrgAccount>(store_, "organisation", deployment.org_id, now);
    if (!org.ok()) return org.status();
    if (org->has_value() && !(*org)->value.municipality_number.empty()) {
      deployment.municipalities = {(*org)->value.municipality_number};
    }
  }
  HK_RETURN_IF_ERROR(domain::ValidateDeployment(deployment, catalog_.snapshot()->catalog()));

  deployment.id = Uuid::Random().ToString();
  deployment.created_at = now;
  WriteSet writes;
  writes.inserts.push_back(MakeEntity("deployment", deployment, deployment.org_id,
                                      deployment.product_version_id, now, now));
  Json summary{{"product_version_id", deployment.product_version_id},
               {"municipalities", deployment.municipalities},
               {"since", deployment.since.ToIso()}};
  if (deployment.until) summary["until"] = deployment.until->ToIso();
  writes.Event(actor, now, deployment.org_id, "deployment", deployment.id, "deployment_recorded",
               summary);
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return deployment;
}

Status RegistryService::EndDeployment(const domain::Actor& actor, const std::string& deployment_id,
                                      std::optional<Date> until) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored =
      ReadOwned<domain::Deployment>(store_, actor, Permission::kRecordDeployments, "deployment",
                                    deployment_id, now, kDeploymentNotFound);
  if (!stored.ok()) return stored.status();
  const domain::Deployment& old = stored->value;
  WriteSet writes;
  if (until) {
    domain::Deployment ended = old;
    ended.until = until;
    HK_RETURN_IF_ERROR(domain::ValidateDeployment(ended, catalog_.snapshot()->catalog()));
    Json changes = Diff(formats::ToJson(old), formats::ToJson(ended));
    if (changes.empty()) return Status::Ok();
    store::Entity entity = stored->entity;
    entity.updated_at = now;
    entity.doc = formats::ToJson(ended).dump();
    writes.updates.emplace_back(std::move(entity), stored->entity.revision);
    writes.Event(actor, now, old.org_id, "deployment", old.id, "deployment_ended", changes);
  } else {
    writes.deletes.emplace_back("deployment", old.id);
    writes.Event(actor, now, old.org_id, "deployment", old.id, "deployment_ended",
                 Json{{"deleted", true}, {"product_version_id", old.product_version_id}});
  }
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return Status::Ok();
}

// ---- Declarations --------------------------------------------------------------------------

Result<domain::Declaration> RegistryService::CreateDeclaration(
    const domain::Actor& actor, const std::string& product_version_id, const std::string& profile,
    std::optional<int> profile_version) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto version = ReadOwned<domain::ProductVersion>(store_, actor, Permission::kManageDeclarations,
                                                   "product_version", product_version_id, now,
                                                   kVersionNotFound);
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
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return declaration;
}

Result<domain::Declaration> RegistryService::SaveAnswers(const domain::Actor& actor,
                                                         const std::string& declaration_id,
                                                         const AnswersUpdate& update) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored =
      ReadOwned<domain::Declaration>(store_, actor, Permission::kManageDeclarations, "declaration",
                                     declaration_id, now, kDeclarationNotFound);
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
  store::Entity entity = stored->entity;
  entity.updated_at = declaration.updated_at;
  entity.doc = formats::ToJson(declaration).dump();
  WriteSet writes;
  writes.updates.emplace_back(std::move(entity), stored->entity.revision);
  writes.Event(actor, now, old.org_id, "declaration", old.id, "answers_saved",
               Json{{"answers", {{"from", old.answers.size()}, {"to", declaration.answers.size()}}},
                    {"requirements", changed}});
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return declaration;
}

Result<domain::Declaration> RegistryService::Transition(const domain::Actor& actor,
                                                        const std::string& declaration_id,
                                                        domain::DeclarationAction action) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored =
      ReadOwned<domain::Declaration>(store_, actor, Permission::kManageDeclarations, "declaration",
                                     declaration_id, now, kDeclarationNotFound);
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
  store::Entity entity = stored->entity;
  entity.updated_at = declaration.updated_at;
  entity.doc = formats::ToJson(declaration).dump();
  Json changes = StatusChange(old.status, declaration.status);
  if (!declaration.supersedes.empty() && declaration.supersedes != old.supersedes) {
    changes["supersedes"] = declaration.supersedes;
  }
  WriteSet writes;
  writes.updates.emplace_back(std::move(entity), stored->entity.revision);
  writes.Event(actor, now, old.org_id, "declaration", old.id, event_action, changes);
  for (auto& update : superseded.updates) writes.updates.push_back(std::move(update));
  for (auto& event : superseded.events) writes.events.push_back(std::move(event));
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return declaration;
}

Result<domain::Declaration> RegistryService::ImportDeclaration(const domain::Actor& actor,
                                                               domain::Declaration declaration,
                                                               bool publish) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto version = ReadOwned<domain::ProductVersion>(
      store_, actor, Permission::kManageDeclarations, "product_version",
      declaration.product_version_id, now, kVersionNotFound);
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
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  ReloadAfterWrite(*this);
  return declaration;
}

// ---- Evidence files ------------------------------------------------------------------------

Result<domain::EvidenceFile> RegistryService::UploadEvidence(const domain::Actor& actor,
                                                             const Upload& upload) {
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kUploadEvidence, actor.org_id));
  std::int64_t now = Seconds(clock_);
  domain::EvidenceFile file;
  file.id = Uuid::Random().ToString();
  file.org_id = actor.org_id;
  file.name = SanitiseFileName(upload.name);
  file.content_type = MediaType(upload.content_type);
  file.size = static_cast<std::int64_t>(upload.data.size());
  file.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateEvidenceFile(file));
  file.sha256 = Sha256Hex(upload.data);

  WriteSet writes;
  writes.file = store::FileRecord{file.id,     file.org_id, file.name,       file.content_type,
                                  file.sha256, file.size,   file.created_at, upload.data};
  writes.Event(actor, now, file.org_id, "evidence_file", file.id, "evidence_uploaded",
               Json{{"name", file.name},
                    {"content_type", file.content_type},
                    {"size", file.size},
                    {"sha256", file.sha256}});
  // Files are not part of the view: nothing for other processes to reload.
  writes.bump_revision = false;
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  return file;
}

Result<std::pair<domain::EvidenceFile, std::string>> RegistryService::ReadEvidence(
    const domain::Actor& actor, const std::string& file_id) {
  auto record = store_.FindFile(file_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound(kFileNotFound);
  store::FileRecord& f = **record;
  bool allowed = !actor.org_id.empty() && actor.org_id == f.owner_org;
  if (!allowed) {
    // Public when a public declaration of the same organisation cites it.
    auto current = view();
    if (current) {
      for (const domain::Declaration* d : current->DeclarationsOfOrg(f.owner_org)) {
        if (!IsPublic(*d)) continue;
        for (const domain::DeclarationAnswer& a : d->answers) {
          for (const domain::Evidence& e : a.evidence) {
            if (e.kind == domain::EvidenceKind::kFile && e.file_id == f.id) allowed = true;
          }
        }
        if (allowed) break;
      }
    }
  }
  if (!allowed) return Status::NotFound(kFileNotFound);
  domain::EvidenceFile file{f.id,   f.owner_org, f.name,      f.content_type,
                            f.size, f.sha256,    f.created_at};
  return std::make_pair(std::move(file), std::move(f.data));
}

// ---- Audit and review ----------------------------------------------------------------------

Result<std::vector<domain::Event>> RegistryService::ListEvents(const domain::Actor& actor,
                                                               const store::EventQuery& query) {
  store::EventQuery q = query;
  if (!domain::Authorize(actor, Permission::kViewAllEvents, "").ok()) {
    HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kViewOrgEvents, actor.org_id));
    q.org_id = actor.org_id;
  }
  q.limit = std::clamp(q.limit, 1, kMaxEventPage);
  auto records = store_.ListEvents(q);
  if (!records.ok()) return records.status();
  std::vector<domain::Event> out;
  out.reserve(records->size());
  for (const store::EventRecord& r : *records) out.push_back(ToDomainEvent(r));
  return out;
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
    store::Entity entity = e;
    entity.updated_at = flagged.updated_at;
    entity.doc = formats::ToJson(flagged).dump();
    WriteSet writes;
    writes.updates.emplace_back(std::move(entity), e.revision);
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
