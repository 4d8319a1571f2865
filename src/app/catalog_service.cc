#include "app/catalog_service.h"

#include "app/catalog_records.h"
#include "core/log.h"
#include "domain/catalog_rules.h"

namespace helsekrav::app {

CatalogService::CatalogService(store::Store& store, const Clock& clock, SnapshotPreparer preparer)
    : store_(store), clock_(clock), preparer_(std::move(preparer)) {}

Status CatalogService::Publish(domain::Catalog catalog, std::int64_t revision) {
  auto next = std::make_shared<Snapshot>(std::move(catalog), revision, clock_.Today());
  LogInfo("catalog snapshot built", {{"revision", std::to_string(revision)},
                                     {"search_index_ms", std::to_string(next->search_build_ms())}});
  if (preparer_) preparer_(*next);
  snapshot_.store(std::shared_ptr<const Snapshot>(std::move(next)));
  return Status::Ok();
}

Status CatalogService::Load() {
  std::lock_guard lock(write_mu_);
  auto revision = store_.CatalogRevision();
  if (!revision.ok()) return revision.status();
  auto records = store_.ReadCatalogRecords();
  if (!records.ok()) return records.status();
  auto catalog = FromRecords(*records);
  if (!catalog.ok()) return catalog.status();
  return Publish(std::move(catalog).value(), *revision);
}

Result<ImportSummary> CatalogService::Import(const domain::Catalog& incoming,
                                             const std::vector<domain::RetiredRecord>& retired) {
  std::lock_guard lock(write_mu_);
  auto records = store_.ReadCatalogRecords();
  if (!records.ok()) return records.status();
  auto current = FromRecords(*records);
  if (!current.ok()) return current.status();
  return ImportLocked(*current, incoming, retired);
}

Result<DefaultCatalogOutcome> CatalogService::ApplyDefault(
    const domain::Catalog& catalog, const std::vector<domain::RetiredRecord>& retired) {
  std::lock_guard lock(write_mu_);
  auto records = store_.ReadCatalogRecords();
  if (!records.ok()) return records.status();
  auto current = FromRecords(*records);
  if (!current.ok()) return current.status();
  if (!records->empty() && current->default_release == catalog.default_release) {
    return DefaultCatalogOutcome::kUnchanged;
  }
  auto imported = ImportLocked(*current, catalog, retired);
  if (!imported.ok()) return imported.status();
  return records->empty() ? DefaultCatalogOutcome::kLoaded : DefaultCatalogOutcome::kUpdated;
}

Result<ImportSummary> CatalogService::ImportLocked(
    const domain::Catalog& current, const domain::Catalog& incoming,
    const std::vector<domain::RetiredRecord>& retired) {
  domain::Catalog merged = domain::MergeCatalogs(current, incoming);
  domain::RemoveRecords(merged, retired);
  HK_RETURN_IF_ERROR(domain::ValidateCatalog(merged));

  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->DeleteCatalog());
  for (const store::CatalogRecord& r : ToRecords(merged)) {
    HK_RETURN_IF_ERROR((*tx)->InsertCatalogRecord(r));
  }
  HK_RETURN_IF_ERROR((*tx)->BumpCatalogRevision());
  HK_RETURN_IF_ERROR((*tx)->Commit());
  tx->reset();

  auto revision = store_.CatalogRevision();
  if (!revision.ok()) return revision.status();
  ImportSummary summary{incoming.requirements.size(),  incoming.standards.size(),
                        incoming.profiles.size(),      incoming.approval_schemes.size(),
                        incoming.organisations.size(), *revision};
  HK_RETURN_IF_ERROR(Publish(std::move(merged), *revision));
  return summary;
}

Result<domain::Catalog> CatalogService::Export() {
  auto records = store_.ReadCatalogRecords();
  if (!records.ok()) return records.status();
  return FromRecords(*records);
}

Result<bool> CatalogService::RefreshIfChanged() {
  auto current = snapshot();
  auto revision = store_.CatalogRevision();
  if (!revision.ok()) return revision.status();
  if (current && current->revision() == *revision && current->today() == clock_.Today()) {
    return false;
  }
  HK_RETURN_IF_ERROR(Load());
  return true;
}

}  // namespace helsekrav::app
