// RegistryService: products, versions, deployments, evidence files and the event log (the
// declaration use cases are in registry_declarations.cc). Each mutation reads what it needs
// first (the SQLite store holds its connection for the whole transaction), authorises against
// the owning organisation, validates against the current catalog snapshot, writes the record(s)
// and their events in one transaction, and then publishes a new view.
#include "app/registry.h"

#include <algorithm>
#include <ctime>
#include <iterator>

#include "app/registry_internal.h"
#include "core/log.h"
#include "core/uuid.h"
#include "domain/catalog_rules.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {
namespace internal {

using formats::Json;

std::int64_t Seconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

std::int64_t NextUpdatedAt(std::int64_t now, std::int64_t previous) {
  return std::max(now, previous + 1);
}

store::Entity MakeDocEntity(const std::string& kind, const std::string& id,
                            const std::string& owner_org, const std::string& parent_id,
                            const Json& doc, std::int64_t created_at, std::int64_t updated_at) {
  store::Entity e;
  e.kind = kind;
  e.id = id;
  e.owner_org = owner_org;
  e.parent_id = parent_id;
  e.created_at = created_at;
  e.updated_at = updated_at;
  e.doc = doc.dump();
  return e;
}

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

void WriteSet::Event(const domain::Actor& actor, std::int64_t now, const std::string& org_id,
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

Status EvidenceFiles::Resolve(std::vector<domain::Evidence>& evidence, const std::string& field) {
  for (std::size_t j = 0; j < evidence.size(); ++j) {
    domain::Evidence& e = evidence[j];
    if (e.kind != domain::EvidenceKind::kFile || e.file_id.empty()) continue;  // validated later
    auto it = cache_.find(e.file_id);
    if (it == cache_.end()) {
      auto file = store_.FindFile(e.file_id);
      if (!file.ok()) return file.status();
      if (file->has_value()) (*file)->data.clear();
      it = cache_.emplace(e.file_id, std::move(file).value()).first;
    }
    const std::optional<store::FileRecord>& file = it->second;
    if (!file || file->owner_org != owner_) {
      return Status::Invalid(field + "[" + std::to_string(j) + "].file_id",
                             "Fant ikke vedlegget. Last det opp på nytt.");
    }
    e.file_name = file->name;
    e.sha256 = file->sha256;
  }
  return Status::Ok();
}

void WriteSet::Append(WriteSet other) {
  auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(inserts, other.inserts);
  move_all(updates, other.updates);
  move_all(deletes, other.deletes);
  move_all(events, other.events);
  move_all(log_entries, other.log_entries);
}

Status Apply(store::Store& store, const WriteSet& writes) {
  auto tx = store.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  // Signed statements first: if anything below fails, the rollback takes them out of the log
  // again. A statement is logged with the time of the change it records (its event); a write
  // set without events is stamped with the wall clock.
  std::int64_t logged_at = writes.events.empty() ? static_cast<std::int64_t>(std::time(nullptr))
                                                 : writes.events.front().at;
  for (const WriteSet::LogLeaf& entry : writes.log_entries) {
    auto index = t.AppendLogEntry(entry.subject_id, entry.leaf, logged_at);
    if (!index.ok()) return index.status();
  }
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

void ReloadAfterWrite(RegistryService& service) {
  Status status = service.Load();
  if (!status.ok()) {
    LogWarn("register view not reloaded after a write", {{"error", status.ToString()}});
  }
}

Status ApplyAndReload(store::Store& store, RegistryService& service, const WriteSet& writes) {
  HK_RETURN_IF_ERROR(Apply(store, writes));
  ReloadAfterWrite(service);
  return Status::Ok();
}

domain::Event ToDomainEvent(const store::EventRecord& r) {
  return domain::Event{r.seq,    r.id,          r.at,        r.actor_user, r.actor_org,
                       r.org_id, r.entity_kind, r.entity_id, r.action,     r.changes};
}

}  // namespace internal

namespace {

using domain::Permission;
using formats::Json;
using namespace internal;

constexpr char kProductNotFound[] = "Fant ikke produktet.";
constexpr char kDeploymentNotFound[] = "Fant ikke registreringen av bruk.";
constexpr char kFileNotFound[] = "Fant ikke filen.";
constexpr std::size_t kMaxFileNameLength = 200;
constexpr int kMaxEventPage = 500;

// The product `id` when `actor` may edit its organisation's products.
Result<Stored<domain::Product>> ReadOwnProduct(store::Store& store, const domain::Actor& actor,
                                               const std::string& id, std::int64_t now) {
  return ReadOwned<domain::Product>(store, actor, Permission::kEditProducts, "product", id, now,
                                    kProductNotFound);
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
  internal::PublishView(view_, next);
  return Status::Ok();
}

Result<bool> RegistryService::RefreshIfChanged() {
  return internal::ReloadIfChanged(store_, view(), [this] { return Load(); });
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
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return product;
}

Result<domain::Product> RegistryService::UpdateProduct(const domain::Actor& actor,
                                                       domain::Product product) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto stored = ReadOwnProduct(store_, actor, product.id, now);
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
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return product;
}

Result<domain::ProductVersion> RegistryService::AddVersion(const domain::Actor& actor,
                                                           domain::ProductVersion version) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = Seconds(clock_);
  auto product = ReadOwnProduct(store_, actor, version.product_id, now);
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
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
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

  WriteSet writes;
  writes.Update(stored->entity, version, now);
  writes.Event(actor, now, stored->entity.owner_org, "product_version", version.id, "updated",
               changes);
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
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
  // An organisation records only its own use: a municipality's record names that municipality
  // alone, and a health enterprise's names none. Each member of an intermunicipal cooperation
  // records its own use, so nobody can claim that others use a product.
  auto org = ReadStored<domain::OrgAccount>(store_, "organisation", deployment.org_id, now);
  if (!org.ok()) return org.status();
  const std::string own = org->has_value() ? (*org)->value.municipality_number : "";
  auto& list = deployment.municipalities;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i] != own) {
      return Status::Invalid("municipalities[" + std::to_string(i) + "]",
                             own.empty()
                                 ? "Helseforetak registrerer bruk uten kommuneliste"
                                 : "Dere kan bare registrere bruk i egen kommune (" + own +
                                       "). I et samarbeid registrerer hver kommune sin egen bruk");
    }
  }
  if (!own.empty() && list.empty()) list.push_back(own);
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
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
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
    writes.Update(stored->entity, ended, now);
    writes.Event(actor, now, old.org_id, "deployment", old.id, "deployment_ended", changes);
  } else {
    writes.deletes.emplace_back("deployment", old.id);
    writes.Event(actor, now, old.org_id, "deployment", old.id, "deployment_ended",
                 Json{{"deleted", true}, {"product_version_id", old.product_version_id}});
  }
  HK_RETURN_IF_ERROR(ApplyAndReload(store_, *this, writes));
  return Status::Ok();
}

// ---- Evidence files ------------------------------------------------------------------------

Result<domain::EvidenceFile> RegistryService::UploadEvidence(const domain::Actor& actor,
                                                             const Upload& upload) {
  WriteSet writes;
  auto file = PrepareUpload(actor, upload, Seconds(clock_), writes);
  if (!file.ok()) return file.status();
  writes.bump_revision = false;  // files are not part of the view
  HK_RETURN_IF_ERROR(Apply(store_, writes));
  return file;
}

namespace internal {

Result<domain::EvidenceFile> PrepareUpload(const domain::Actor& actor, const Upload& upload,
                                           std::int64_t now, WriteSet& writes) {
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kUploadEvidence, actor.org_id));
  domain::EvidenceFile file;
  file.id = Uuid::Random().ToString();
  file.org_id = actor.org_id;
  file.name = SanitiseFileName(upload.name);
  file.content_type = MediaType(upload.content_type);
  file.size = static_cast<std::int64_t>(upload.data.size());
  file.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateEvidenceFile(file));
  HK_RETURN_IF_ERROR(domain::CheckEvidenceContent(file.content_type, upload.data));
  file.sha256 = trust::Sha256Hex(upload.data);
  writes.file = store::FileRecord{file.id,     file.org_id, file.name,       file.content_type,
                                  file.sha256, file.size,   file.created_at, upload.data};
  writes.Event(actor, now, file.org_id, "evidence_file", file.id, "evidence_uploaded",
               Json{{"name", file.name},
                    {"content_type", file.content_type},
                    {"size", file.size},
                    {"sha256", file.sha256}});
  return file;
}

}  // namespace internal

Result<std::pair<domain::EvidenceFile, std::string>> RegistryService::ReadEvidence(
    const domain::Actor& actor, const std::string& file_id, const PublicCitation& cited) {
  auto record = store_.FindFile(file_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound(kFileNotFound);
  store::FileRecord& f = **record;
  bool allowed = !actor.org_id.empty() && actor.org_id == f.owner_org;
  auto current = view();
  // Others see a declaration's file only while its owner is approved: a rejected or suspended
  // organisation's declarations leave the public pages, and so do the files they cite.
  const domain::OrgAccount* owner = current ? current->FindOrg(f.owner_org) : nullptr;
  bool owner_public = owner != nullptr && owner->status == domain::OrgStatus::kApproved;
  if (!allowed && owner_public) {
    // Public when a public declaration of the same organisation cites it.
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
  // The caller decides for files cited by approvals and claims (see ApprovalService).
  if (!allowed && cited) allowed = cited(f.owner_org, f.id);
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

}  // namespace helsekrav::app
