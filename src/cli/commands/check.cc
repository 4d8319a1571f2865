// helsekrav check FILE — checks a supplier's declaration file (YAML or JSON,
// docs/declaration-format.md) offline against the default catalog or a catalog directory.
// Exit code 0 without errors, 1 with errors, 2 when the file or catalog cannot be read.
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/common.h"
#include "core/clock.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "formats/declaration_file.h"

namespace helsekrav::cli {

namespace {

constexpr int kUsageError = 2;

[[noreturn]] void Unusable(const std::string& message) {
  std::cerr << "Feil: " << message << "\n";
  throw CLI::RuntimeError(kUsageError);
}

struct CheckOptions {
  std::string file;
  std::string catalog_dir;
  std::string date;
  bool complete = false;
};

domain::Catalog LoadCatalog(const std::string& dir) {
  std::vector<formats::NamedFile> files;
  if (dir.empty()) {
    files = EmbeddedCatalogFiles();
  } else {
    auto read = ReadCatalogFiles(dir);
    if (!read.ok()) Unusable(read.status().ToString());
    files = std::move(read).value();
  }
  auto bundle = ParseFiles(files);
  if (!bundle.ok()) Unusable("Katalogen kan ikke leses: " + bundle.status().ToString());
  Status valid = domain::ValidateCatalog(bundle->catalog);
  if (!valid.ok()) Unusable("Katalogen er ugyldig: " + DescribeError(valid, &*bundle));
  return std::move(bundle).value().catalog;
}

// "OK: 14 av 14 krav i profilen «…» er besvart."
std::string Summary(const std::string& text, const domain::Catalog& catalog, Date today) {
  std::vector<formats::FileProblem> ignored;
  auto file = formats::ParseDeclarationFile(text, ignored);
  if (!file.ok()) return "";
  domain::Declaration& d = file->declaration;
  formats::ResolveVersions(d, catalog, today);
  const domain::ProfileVersion* pv = domain::DeclaredProfileVersion(d, catalog);
  if (pv == nullptr) return "";
  std::set<std::string> answered;
  for (const auto& a : d.answers) answered.insert(a.requirement);
  int count = 0;
  for (const auto& item : pv->items) count += answered.count(item.requirement) > 0 ? 1 : 0;
  return std::to_string(count) + " av " + std::to_string(pv->items.size()) + " krav i profilen «" +
         pv->name + "» (" + d.profile + " versjon " + std::to_string(pv->version) + ") er besvart.";
}

void RunCheck(const CheckOptions& options) {
  if (options.file.empty()) Unusable("Oppgi erklæringsfilen: helsekrav check FIL");
  Date today;
  if (options.date.empty()) {
    today = MakeClock()->Today();
  } else {
    auto parsed = Date::Parse(options.date);
    if (!parsed) Unusable("«" + options.date + "» er ikke en gyldig dato (ÅÅÅÅ-MM-DD)");
    today = *parsed;
  }
  std::ifstream in(options.file, std::ios::binary);
  if (!in) Unusable("Kan ikke lese " + options.file);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();

  domain::Catalog catalog = LoadCatalog(options.catalog_dir);
  auto problems = formats::CheckDeclarationFile(text, catalog, today, options.complete);
  std::cerr << formats::FormatProblems(options.file, problems);
  int errors = 0, warnings = 0;
  for (const auto& p : problems) ++(p.warning ? warnings : errors);

  std::string summary = Summary(text, catalog, today);
  std::string notes;
  if (warnings > 0) {
    notes = " " + std::to_string(warnings) + (warnings == 1 ? " advarsel." : " advarsler.");
  }
  if (errors == 0) {
    std::cout << "OK: " << summary << notes << "\n";
    return;
  }
  std::cout << "Fant " << errors << " feil"
            << " i " << options.file << "." << notes << (summary.empty() ? "" : " " + summary)
            << "\n";
  throw CLI::RuntimeError(1);
}

}  // namespace

void AddCheck(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "check", "Kontroller en erklæringsfil (YAML eller JSON) mot kravkatalogen uten å sende den");
  auto options = std::make_shared<CheckOptions>();
  cmd->add_option("FILE", options->file, "Erklæringsfilen, f.eks. erklaering.yaml");
  cmd->add_flag("--complete", options->complete,
                "Krev at alle krav i profilen er besvart (som ved publisering)");
  cmd->add_option("--catalog", options->catalog_dir,
                  "Kontroller mot denne katalogmappen i stedet for den innebygde katalogen");
  cmd->add_option("--date", options->date,
                  "Bruk kravversjonene som gjelder denne datoen (ÅÅÅÅ-MM-DD; standard: i dag)");
  cmd->callback([options] { RunCheck(*options); });
}

}  // namespace helsekrav::cli
