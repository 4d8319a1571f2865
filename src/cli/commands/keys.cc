// helsekrav keys — the transparency log's signing keys under the data directory.
#include <iostream>

#include "cli/common.h"
#include "core/clock.h"
#include "trust/keys.h"

namespace helsekrav::cli {
namespace {

std::unique_ptr<trust::Keyring> OpenKeyring(const std::string& data_dir, const Clock& clock) {
  auto keyring = trust::Keyring::Open(data_dir + "/keys", clock);
  if (!keyring.ok()) Fail(keyring.status().ToString());
  return std::move(keyring).value();
}

void PrintKeys(const trust::Keyring& keyring) {
  for (const trust::PublicKey& key : keyring.PublicKeys()) {
    std::cout << key.kid << "  opprettet " << key.created
              << (key.retired.empty() ? "  (aktiv)" : "  pensjonert " + key.retired) << "\n";
  }
}

}  // namespace

void AddKeys(CLI::App& app) {
  auto* cmd = app.add_subcommand("keys", "Signeringsnøklene til innsynsloggen (DATAKATALOG/keys)");
  cmd->require_subcommand(1);
  auto data_dir = std::make_shared<std::string>("var");

  auto* list = cmd->add_subcommand("list", "Vis alle nøkler; den aktive og de pensjonerte");
  list->add_option("--data-dir", *data_dir, "Datakatalog (standard: var)");
  list->callback([data_dir] {
    auto clock = MakeClock();
    PrintKeys(*OpenKeyring(*data_dir, *clock));
  });

  auto* rotate = cmd->add_subcommand(
      "rotate",
      "Lag en ny aktiv nøkkel. Den gamle offentlige nøkkelen beholdes og publiseres, så gamle "
      "signaturer kan fortsatt kontrolleres; den private slettes. Start serveren på nytt etterpå.");
  rotate->add_option("--data-dir", *data_dir, "Datakatalog (standard: var)");
  rotate->callback([data_dir] {
    auto clock = MakeClock();
    auto keyring = OpenKeyring(*data_dir, *clock);
    Status rotated = keyring->Rotate();
    if (!rotated.ok()) Fail(rotated.ToString());
    PrintKeys(*keyring);
    std::cout << "Ny aktiv nøkkel: " << keyring->ActiveKid()
              << ". Start helsekrav serve på nytt for å signere med den.\n";
  });
}

}  // namespace helsekrav::cli
