// helsekrav migrate — applies pending database migrations.
#include <iostream>

#include "cli/common.h"

namespace helsekrav::cli {

void AddMigrate(CLI::App& app) {
  auto* cmd = app.add_subcommand("migrate", "Oppgrader databaseskjemaet til nyeste versjon");
  auto options = std::make_shared<StoreOptions>();
  AddStoreOptions(*cmd, *options);
  cmd->callback([options] {
    auto store = OpenMigratedStore(*options);
    auto version = store.ok() ? (*store)->SchemaVersion() : Result<int>(store.status());
    if (!version.ok()) {
      Fail(version.status().ToString());
    }
    std::cout << (*store)->Describe() << " har skjemaversjon " << *version << ".\n";
  });
}

}  // namespace helsekrav::cli
