// helsekrav import PATH — validates a catalog directory or file and merges it into the database
// in one transaction; on any error nothing changes.
#include <iostream>

#include "app/catalog_service.h"
#include "cli/common.h"
#include "core/clock.h"

namespace helsekrav::cli {

void AddImport(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "import", "Importer katalogdata (en katalog med filer eller én JSON-fil) til databasen");
  auto options = std::make_shared<StoreOptions>();
  auto path = std::make_shared<std::string>();
  cmd->add_option("PATH", *path, "Katalog (f.eks. data/catalog) eller fil (f.eks. eksport.json)")
      ->required();
  AddStoreOptions(*cmd, *options);
  cmd->callback([options, path] {
    auto files = ReadCatalogFiles(*path);
    if (!files.ok()) {
      Fail(files.status().ToString());
    }
    auto bundle = ParseFiles(*files);
    if (!bundle.ok()) {
      Fail(bundle.status().ToString() + "\nIngenting ble importert.");
    }
    auto store = OpenMigratedStore(*options);
    if (!store.ok()) {
      Fail(store.status().ToString());
    }
    auto clock = MakeClock();
    app::CatalogService catalog(**store, *clock);
    auto summary = catalog.Import(bundle->catalog);
    if (!summary.ok()) {
      Fail(DescribeError(summary.status(), &*bundle) +
           "\nIngenting ble importert; databasen er uendret.");
    }
    std::cout << "Importert til " << (*store)->Describe() << ": " << summary->requirements
              << " krav, " << summary->standards << " standarder, " << summary->profiles
              << " kravprofiler, " << summary->approval_schemes << " godkjenningsordninger, "
              << summary->organisations << " organisasjoner (katalogrevisjon " << summary->revision
              << ").\n";
  });
}

}  // namespace helsekrav::cli
