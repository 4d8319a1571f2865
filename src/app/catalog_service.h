#pragma once
// Use cases of the catalog: load it from the store into a snapshot, import (validate, merge,
// write in one transaction), export, and follow changes made by other processes.
// Thread-safe: snapshot() may be called from any thread; Import/Refresh serialise on a mutex.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "app/snapshot.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace helsekrav::app {

// What ApplyDefault did to the stored catalog.
enum class DefaultCatalogOutcome {
  kLoaded,    // the store was empty: the default catalog was loaded
  kUpdated,   // the default catalog changed since it was last applied: merged in
  kUnchanged  // already applied; nothing written (local changes made since are kept)
};

struct ImportSummary {
  std::size_t requirements = 0;
  std::size_t standards = 0;
  std::size_t profiles = 0;
  std::size_t approval_schemes = 0;
  std::size_t organisations = 0;
  std::int64_t revision = 0;
};

class CatalogService {
 public:
  // `store` and `clock` must outlive the service.
  CatalogService(store::Store& store, const Clock& clock, SnapshotPreparer preparer = {});

  // Reads the catalog from the store and publishes a snapshot.
  Status Load();
  // Whether the database answers (for /readyz).
  Status Ping() { return store_.Ping(); }
  // The current snapshot; never null after a successful Load().
  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }

  // Merges `incoming` into the stored catalog (records with the same key are replaced), checks
  // every rule on the result, and writes it in one transaction. On any error nothing changes
  // and the Status names the record and field.
  // `retired` records are removed from the result before it is checked.
  Result<ImportSummary> Import(const domain::Catalog& incoming,
                               const std::vector<domain::RetiredRecord>& retired = {});
  // Brings the store up to date with the default catalog `catalog`, whose default_release
  // fingerprints it: loads it into an empty store, merges it (removing `retired`) when the
  // stored catalog was last brought up to date with another release, and otherwise writes
  // nothing, so a catalog imported on top of the default one is not overwritten at each start.
  // Declarations and approvals are not touched; RegistryService::FlagOutdatedDeclarations
  // flags those citing changed requirements.
  Result<DefaultCatalogOutcome> ApplyDefault(const domain::Catalog& catalog,
                                             const std::vector<domain::RetiredRecord>& retired);
  // The stored catalog.
  Result<domain::Catalog> Export();
  // Reloads when another process changed the catalog or the date has changed.
  // Returns true when a new snapshot was published.
  Result<bool> RefreshIfChanged();

 private:
  Status Publish(domain::Catalog catalog, std::int64_t revision);
  // Merges, checks and writes under write_mu_ (held by the caller).
  Result<ImportSummary> ImportLocked(const domain::Catalog& current,
                                     const domain::Catalog& incoming,
                                     const std::vector<domain::RetiredRecord>& retired);

  store::Store& store_;
  const Clock& clock_;
  SnapshotPreparer preparer_;
  std::mutex write_mu_;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
};

}  // namespace helsekrav::app
