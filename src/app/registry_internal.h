#pragma once
// Helpers shared by the files that implement RegistryService (registry.cc for products,
// deployments, evidence and events; registry_declarations.cc for declarations): how register
// records map to store entities, the write set one mutation commits, and authorisation on read.
// Not part of the service's contract; nothing outside src/app/registry*.cc includes this.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/registry.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/status.h"
#include "domain/registry.h"
#include "domain/registry_rules.h"
#include "formats/registry_json.h"
#include "store/store.h"

namespace helsekrav::app::internal {

inline constexpr char kConflictMessage[] =
    "Noen andre har endret dette i mellomtiden. Last siden på nytt.";
inline constexpr char kVersionNotFound[] = "Fant ikke produktversjonen.";

std::int64_t Seconds(const Clock& clock);

// updated_at doubles as the optimistic token forms send back (expected_updated_at), so every
// change must move it, even two changes within one second.
std::int64_t NextUpdatedAt(std::int64_t now, std::int64_t previous);

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
Result<Stored<T>> ReadOwned(store::Store& store, const domain::Actor& actor,
                            domain::Permission permission, const std::string& kind,
                            const std::string& id, std::int64_t now, const char* not_found) {
  auto stored = ReadStored<T>(store, kind, id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, ""));
    return Status::NotFound(not_found);
  }
  HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, (*stored)->entity.owner_org));
  return std::move(**stored);
}

// Every record of `kind`, parsed. One damaged record must not take the whole register down:
// it is logged for repair and left out.
template <typename T>
Result<std::vector<T>> ParseAll(store::Store& store, const std::string& kind, std::int64_t now) {
  auto entities = store.ListEntities(kind, now);
  if (!entities.ok()) return entities.status();
  std::vector<T> out;
  out.reserve(entities->size());
  for (const store::Entity& e : *entities) {
    auto value = formats::FromDoc<T>(e.doc);
    if (!value.ok()) {
      LogError("skipping unreadable record",
               {{"kind", kind}, {"id", e.id}, {"error", value.status().ToString()}});
      continue;
    }
    out.push_back(std::move(value).value());
  }
  return out;
}

// Publishes `next` in `slot` unless a newer view is already there (two threads reloading at
// once must never replace a newer view with an older one).
template <typename View>
void PublishView(std::atomic<std::shared_ptr<const View>>& slot,
                 const std::shared_ptr<const View>& next) {
  auto current = slot.load();
  while (!current || current->revision() <= next->revision()) {
    if (slot.compare_exchange_weak(current, next)) break;
  }
}

// Calls `load` when the store's register revision is not that of `current`; true when it did.
template <typename View, typename Load>
Result<bool> ReloadIfChanged(store::Store& store, const std::shared_ptr<const View>& current,
                             Load&& load) {
  auto revision = store.RegistryRevision();
  if (!revision.ok()) return revision.status();
  if (current && current->revision() == *revision) return false;
  HK_RETURN_IF_ERROR(load());
  return true;
}

// A store entity holding `doc`.
store::Entity MakeDocEntity(const std::string& kind, const std::string& id,
                            const std::string& owner_org, const std::string& parent_id,
                            const formats::Json& doc, std::int64_t created_at,
                            std::int64_t updated_at);

// A store entity holding the JSON of `value` under its id.
template <typename T>
store::Entity MakeEntity(const std::string& kind, const T& value, const std::string& owner_org,
                         const std::string& parent_id, std::int64_t created_at,
                         std::int64_t updated_at) {
  return MakeDocEntity(kind, value.id, owner_org, parent_id, formats::ToJson(value), created_at,
                       updated_at);
}

// Field → {"from", "to"} for every top-level field that differs (timestamps left out).
formats::Json Diff(const formats::Json& before, const formats::Json& after);

// Everything one mutation writes, applied in one transaction.
struct WriteSet {
  std::vector<store::Entity> inserts;
  std::vector<std::pair<store::Entity, std::int64_t>> updates;  // entity, expected revision
  std::vector<std::pair<std::string, std::string>> deletes;     // kind, id
  std::vector<store::EventRecord> events;
  std::optional<store::FileRecord> file;
  // Signed statements to append to the transparency log (app/transparency_log.h), in order.
  struct LogLeaf {
    std::string subject_id;
    std::string leaf;  // trust::StatementLeaf of the statement
  };
  std::vector<LogLeaf> log_entries;
  bool bump_revision = true;

  void Event(const domain::Actor& actor, std::int64_t now, const std::string& org_id,
             const std::string& kind, const std::string& id, const std::string& action,
             const formats::Json& changes);
  // Adds the writes of `other` (which carries no file) after these; bump_revision stays as set
  // here.
  void Append(WriteSet other);

  // Replaces the document of the entity `read` (as read, with its revision) by `value`.
  template <typename T>
  void Update(const store::Entity& read, const T& value, std::int64_t updated_at) {
    store::Entity entity = read;
    entity.updated_at = updated_at;
    entity.doc = formats::ToJson(value).dump();
    updates.emplace_back(std::move(entity), read.revision);
  }
};

// Checks file evidence against the stored uploads: every file cited must be one of `owner`'s;
// the stored name and checksum are copied into the evidence, whatever the request said.
class EvidenceFiles {
 public:
  EvidenceFiles(store::Store& store, std::string owner) : store_(store), owner_(std::move(owner)) {}
  // Invalid at "<field>[j].file_id" for a file that is missing or another organisation's.
  Status Resolve(std::vector<domain::Evidence>& evidence, const std::string& field);

 private:
  store::Store& store_;
  std::string owner_;
  std::map<std::string, std::optional<store::FileRecord>> cache_;  // without the bytes
};

// Checks an upload by `actor` (who may upload, name, type, size) and adds the file and its audit
// event to `writes`. UploadEvidence stores it on its own; an approval stores its test report
// with the approval.
Result<domain::EvidenceFile> PrepareUpload(const domain::Actor& actor, const Upload& upload,
                                           std::int64_t now, WriteSet& writes);

// Applies `writes` in one transaction. A concurrent change to an updated or deleted entity is
// Conflict (kConflictMessage).
Status Apply(store::Store& store, const WriteSet& writes);
// Publishes a new view of `service`. A committed write is not undone when re-reading fails
// (logged); the next refresh catches up.
void ReloadAfterWrite(RegistryService& service);
// Apply, then ReloadAfterWrite.
Status ApplyAndReload(store::Store& store, RegistryService& service, const WriteSet& writes);

domain::Event ToDomainEvent(const store::EventRecord& record);

}  // namespace helsekrav::app::internal
