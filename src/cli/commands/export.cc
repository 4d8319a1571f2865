// helsekrav export — writes the stored catalog as one JSON file (the format import reads).
#include <fstream>
#include <iostream>

#include "app/catalog_service.h"
#include "cli/common.h"
#include "core/clock.h"
#include "formats/catalog_json.h"

namespace helsekrav::cli {

void AddExport(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Eksporter katalogen som JSON");
  auto options = std::make_shared<StoreOptions>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("-o,--output", *output, "Fil å skrive til (standard: standard ut)");
  AddStoreOptions(*cmd, *options);
  cmd->callback([options, output] {
    auto store = OpenMigratedStore(*options);
    if (!store.ok()) {
      Fail(store.status().ToString());
    }
    auto clock = MakeClock();
    app::CatalogService catalog(**store, *clock);
    auto exported = catalog.Export();
    if (!exported.ok()) {
      Fail(exported.status().ToString());
    }
    std::string json = formats::SerializeCatalog(*exported);
    if (output->empty()) {
      std::cout << json;
      return;
    }
    std::ofstream out(*output, std::ios::binary | std::ios::trunc);
    out << json;
    if (!out) {
      Fail("kan ikke skrive " + *output);
    }
  });
}

}  // namespace helsekrav::cli
