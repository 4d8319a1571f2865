// helsekrav — the guidance and approval scheme for health technology.
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "cli/common.h"

int main(int argc, char** argv) {
  // The data directory holds password hashes, uploads, webhook secrets and signing keys: what
  // this process creates is for its own user only (directories 0700, files 0600).
  ::umask(077);
  CLI::App app{
      "helsekrav – krav, standarder og godkjenninger for helseteknologi.\n"
      "Requirements, standards and approvals for health technology in Norway."};
  app.require_subcommand(1);
  helsekrav::cli::AddServe(app);
  helsekrav::cli::AddImport(app);
  helsekrav::cli::AddExport(app);
  helsekrav::cli::AddMigrate(app);
  helsekrav::cli::AddAdmin(app);
  helsekrav::cli::AddCheck(app);
  helsekrav::cli::AddVerify(app);
  helsekrav::cli::AddKeys(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
