// helsekrav admin create-user — creates a user (and, when missing, its organisation, approved)
// directly in the database. The way to make the first authority administrator of a new
// installation. The password comes from an environment variable or stdin, never from the
// command line (it would show in `ps` and shell history).
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "app/accounts.h"
#include "app/catalog_service.h"
#include "cli/common.h"
#include "core/clock.h"
#include "core/text.h"
#include "domain/registry_rules.h"
#include "domain/vocabulary.h"

namespace helsekrav::cli {
namespace {

struct CreateUserOptions {
  StoreOptions store;
  std::string email;
  std::string name;
  std::string org_number;
  std::string org_identifier;  // "nando:2797", "accreditation:…", "foreign:SE:…"
  std::string acts_as;         // catalog organisation key
  std::string org_name;
  std::string org_kind = "authority";
  std::string role = "admin";
  std::string password_env;
};

// Reads one line from stdin without echo when it is a terminal.
std::string ReadSecretLine(const std::string& prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old_settings{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &old_settings);
    termios quiet = old_settings;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string ReadPassword(const CreateUserOptions& options) {
  if (!options.password_env.empty()) {
    const char* value = std::getenv(options.password_env.c_str());
    if (value == nullptr || *value == '\0') {
      Fail("Miljøvariabelen " + options.password_env + " er ikke satt.");
    }
    return value;
  }
  std::string password = ReadSecretLine("Passord: ");
  if (isatty(STDIN_FILENO) != 0 && ReadSecretLine("Gjenta passordet: ") != password) {
    Fail("Passordene er ikke like.");
  }
  return password;
}

void CreateUser(const CreateUserOptions& options) {
  auto kind = domain::Parse<domain::OrganisationKind>(options.org_kind);
  if (!kind) {
    Fail("Ukjent organisasjonstype «" + options.org_kind +
         "». Gyldige: " + Join(domain::AllCodes<domain::OrganisationKind>(), ", "));
  }
  auto role = domain::Parse<domain::Role>(options.role);
  if (!role) {
    Fail("Ukjent rolle «" + options.role +
         "». Gyldige: " + Join(domain::AllCodes<domain::Role>(), ", "));
  }
  std::string password = ReadPassword(options);

  auto store = OpenMigratedStore(options.store);
  if (!store.ok()) Fail(store.status().ToString());
  auto clock_owner = MakeClock();
  const Clock& clock = *clock_owner;
  app::CatalogService catalog(**store, clock);
  // The organisation is validated against the default catalog (e.g. municipality numbers), the
  // same one `serve` loads on its first start.
  if (Status applied = EnsureDefaultCatalog(catalog, ""); !applied.ok()) Fail(applied.message());
  Status loaded = catalog.Load();
  if (!loaded.ok()) Fail(loaded.ToString());

  app::LogResetSender reset_sender;
  app::AccountService accounts(**store, clock, catalog, reset_sender, "");
  domain::OrgAccount org;
  org.name = options.org_name;
  org.kind = *kind;
  org.acts_as = options.acts_as;
  Status parsed = domain::ParseOrgIdentifier(
      options.org_identifier.empty() ? options.org_number : options.org_identifier, org);
  if (!parsed.ok()) Fail(parsed.ToString());
  auto user = accounts.CreateUserDirect(options.email, options.name, password, org, *role);
  if (!user.ok()) Fail(user.status().ToString());
  std::cout << "Opprettet " << user->email << " (" << domain::Label(*role) << ") i organisasjonen "
            << domain::OrgIdentifierText(org) << " i " << (*store)->Describe() << ".\n";
}

}  // namespace

void AddAdmin(CLI::App& app) {
  auto* cmd = app.add_subcommand("admin", "Administrer brukere direkte i databasen");
  cmd->require_subcommand(1);
  auto* create = cmd->add_subcommand(
      "create-user",
      "Opprett en bruker (og organisasjonen, godkjent, hvis den mangler). Passordet leses fra "
      "miljøvariabelen i --password-env eller fra standard inn.");
  auto options = std::make_shared<CreateUserOptions>();
  create->add_option("--email", options->email, "E-postadresse")->required();
  create->add_option("--name", options->name, "Fullt navn")->required();
  auto* org_number =
      create->add_option("--org-number", options->org_number, "Organisasjonsnummer (9 siffer)");
  auto* org_identifier =
      create->add_option("--org-identifier", options->org_identifier,
                         "Identifikator for organ uten norsk organisasjonsnummer: nando:2797, "
                         "accreditation:NUMMER eller foreign:LANDKODE:NUMMER");
  org_number->excludes(org_identifier);
  create->add_option("--acts-as", options->acts_as,
                     "Katalogorganisasjonen organet opptrer som, f.eks. meldt-organ");
  create->add_option("--org-name", options->org_name, "Organisasjonens navn")->required();
  create->add_option("--org-kind", options->org_kind, "Organisasjonstype (standard: authority)");
  create->add_option("--role", options->role,
                     "Rolle: viewer, editor eller admin (standard: admin)");
  create->add_option("--password-env", options->password_env,
                     "Miljøvariabel som inneholder passordet (ellers leses det fra standard inn)");
  AddStoreOptions(*create, options->store);
  create->callback([options] {
    if (options->org_number.empty() && options->org_identifier.empty()) {
      Fail("Oppgi --org-number eller --org-identifier.");
    }
    CreateUser(*options);
  });
}

}  // namespace helsekrav::cli
