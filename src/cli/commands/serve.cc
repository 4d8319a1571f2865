// helsekrav serve — the web server and JSON API over the catalog snapshot and the register.
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/accounts.h"
#include "app/approvals.h"
#include "app/catalog_service.h"
#include "app/registry.h"
#include "app/services.h"
#include "app/transparency_log.h"
#include "app/webhooks.h"
#include "cli/common.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/oidc_client.h"
#include "http/router.h"
#include "http/server.h"
#include "http/webhook_sender.h"
#include "web/web.h"

namespace helsekrav::cli {
namespace {

constexpr std::chrono::milliseconds kRefreshInterval{2000};
constexpr std::chrono::milliseconds kPurgeInterval{std::chrono::minutes(10)};
// Expiry of approvals, expiry warnings and label records.
constexpr std::chrono::milliseconds kApprovalJobInterval{std::chrono::minutes(10)};

struct ServeOptions {
  StoreOptions store;
  std::string listen = "127.0.0.1:8080";
  std::string catalog_dir;  // empty = the catalog compiled into the binary
  int threads = 0;
  bool no_access_log = false;
  std::string base_url;  // empty = http://<listen>
  bool secure_cookies = false;
  std::vector<std::string> oidc;             // provider specs (http/oidc_client.h ParseOidcConfig)
  bool webhook_allow_http_loopback = false;  // tests only: receivers on http://127.0.0.1
  bool dev_log_mail = false;  // development only: mail (reset links too) goes to the log
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_client = 64;
  std::vector<std::string> trusted_proxies;  // addresses or CIDR blocks
  std::string metrics_token_env;             // environment variable holding the /metrics key
};

bool SplitListen(const std::string& listen, std::string& host, unsigned short& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (const std::exception&) {
    return false;
  }
  return !host.empty();
}

int Serve(const ServeOptions& options) {
  http::ServerOptions server_options;
  if (!SplitListen(options.listen, server_options.host, server_options.port)) {
    std::cerr << "Feil: --listen må ha formen VERT:PORT, f.eks. 127.0.0.1:8080\n";
    return 2;
  }
  server_options.threads = options.threads;
  server_options.access_log = !options.no_access_log;
  server_options.max_connections = options.max_connections;
  server_options.max_connections_per_client = options.max_connections_per_client;
  auto trusted = http::ParseNetworks(options.trusted_proxies);
  if (!trusted.ok()) {
    std::cerr << "Feil i --trusted-proxy: " << trusted.status().message() << "\n";
    return 2;
  }
  server_options.trusted_proxies = std::move(*trusted);
  http::RouterOptions router_options;
  if (!options.metrics_token_env.empty()) {
    const char* token = std::getenv(options.metrics_token_env.c_str());
    if (token == nullptr || std::string_view(token).size() < 16) {
      std::cerr << "Feil: miljøvariabelen " << options.metrics_token_env
                << " (--metrics-token-env) må inneholde en nøkkel på minst 16 tegn\n";
      return 2;
    }
    router_options.metrics_token = token;
  }

  auto store = OpenMigratedStore(options.store);
  if (!store.ok()) {
    std::cerr << "Feil: " << store.status().ToString() << "\n";
    return 1;
  }
  auto clock_owner = MakeClock();
  const Clock& clock = *clock_owner;
  server_options.clock = &clock;
  if (const char* test_now = std::getenv(kTestNowVariable); test_now != nullptr) {
    LogWarn(std::string(kTestNowVariable) +
                " is set: the clock starts at a fixed instant instead of the real time; for "
                "tests only, never in production",
            {{"now", test_now}});
  }
  app::CatalogService catalog(**store, clock, http::PrepareSnapshot);
  // First start: load the default catalog; after an upgrade: bring it up to date.
  if (Status applied = EnsureDefaultCatalog(catalog, options.catalog_dir); !applied.ok()) {
    std::cerr << "Feil: " << applied.message() << "\n";
    return 1;
  }
  Status loaded = catalog.Load();
  if (!loaded.ok()) {
    std::cerr << "Feil: " << loaded.ToString() << "\n";
    return 1;
  }

  std::string base_url = options.base_url.empty() ? "http://" + server_options.host + ":" +
                                                        std::to_string(server_options.port)
                                                  : options.base_url;
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  if (!options.base_url.empty()) router_options.form_origin = http::OriginOf(base_url);
  server_options.hsts = base_url.rfind("https://", 0) == 0;
  // There is no mail server integration yet: reset links are written to the log only when
  // asked for, since anyone who reads the log could use them.
  app::LogResetSender log_mail;
  app::NoMailSender no_mail;
  app::ResetSender& reset_sender =
      options.dev_log_mail ? static_cast<app::ResetSender&>(log_mail) : no_mail;
  if (options.dev_log_mail) {
    LogWarn("--dev-log-mail: password reset links are written to this log; development only");
  }
  app::AccountService accounts(**store, clock, catalog, reset_sender, base_url);
  for (const std::string& spec : options.oidc) {
    auto config = http::ParseOidcConfig(spec);
    if (!config.ok()) {
      std::cerr << "Feil i --oidc: " << config.status().ToString() << "\n";
      return 2;
    }
    accounts.AddOidcProvider(http::MakeOidcProvider(std::move(*config)));
  }
  app::RegistryService registry(**store, clock, catalog);
  Status registry_loaded = registry.Load();
  if (!registry_loaded.ok()) {
    std::cerr << "Feil: " << registry_loaded.ToString() << "\n";
    return 1;
  }
  auto flag_outdated = [&registry, &catalog] {
    auto flagged = registry.FlagOutdatedDeclarations(*catalog.snapshot());
    if (!flagged.ok()) {
      LogWarn("review flags failed", {{"error", flagged.status().ToString()}});
    } else if (*flagged > 0) {
      LogInfo("declarations flagged for review", {{"count", std::to_string(*flagged)}});
    }
  };
  flag_outdated();
  // The transparency log's signing keys; the first key is generated on the first start.
  auto keyring = trust::Keyring::Open(options.store.data_dir + "/keys", clock);
  if (!keyring.ok()) {
    std::cerr << "Feil: " << keyring.status().ToString() << "\n";
    return 1;
  }
  app::TransparencyLog log(**store, **keyring, clock);
  Status audited = log.Audit();  // a damaged log is reported, but the register stays available
  if (!audited.ok()) {
    LogWarn("transparency log audit failed", {{"error", audited.ToString()}});
  }
  app::Services services{
      .catalog = catalog,
      .accounts = accounts,
      .registry = registry,
      .clock = clock,
      .secure_cookies = options.secure_cookies || base_url.rfind("https://", 0) == 0,
      .base_url = base_url};
  services.log = &log;
  app::ApprovalService approvals(**store, clock, catalog, registry, log);
  if (Status loaded = approvals.Load(); !loaded.ok()) {
    std::cerr << "Feil: " << loaded.ToString() << "\n";
    return 1;
  }
  services.approvals = &approvals;
  // Safe in several processes at once: each step records what it did under a unique key.
  auto approval_jobs = [&approvals] {
    auto report = [](const char* what, const Result<int>& done) {
      if (!done.ok()) {
        LogWarn(std::string(what) + " failed", {{"error", done.status().ToString()}});
      } else if (*done > 0) {
        LogInfo(what, {{"count", std::to_string(*done)}});
      }
    };
    report("approvals expired", approvals.ExpireDue());
    report("approval expiry warnings sent", approvals.SendExpiryWarnings());
    report("label statements appended", approvals.ReconcileLabels());
  };
  approval_jobs();
  http::CurlWebhookSender webhook_sender(
      {.allow_http_loopback = options.webhook_allow_http_loopback});
  app::WebhookService webhooks(**store, clock, registry, webhook_sender,
                               options.webhook_allow_http_loopback);
  services.webhooks = &webhooks;

  http::Metrics metrics;
  http::Router router(services, metrics, web::Pages(), router_options);
  http::Server server(server_options,
                      [&router](const http::Request& r) { return router.Handle(r); });
  Status listening = server.Listen();
  if (!listening.ok()) {
    std::cerr << "Feil: " << listening.ToString() << "\n";
    return 1;
  }
  server.Every(kRefreshInterval, [&catalog, &registry, &approvals, &flag_outdated] {
    auto changed = catalog.RefreshIfChanged();
    if (!changed.ok()) {
      LogWarn("catalog refresh failed", {{"error", changed.status().ToString()}});
    } else if (*changed) {
      LogInfo("catalog snapshot refreshed",
              {{"revision", std::to_string(catalog.snapshot()->revision())}});
      flag_outdated();  // a requirement may have a new version
    }
    auto registry_changed = registry.RefreshIfChanged();
    if (!registry_changed.ok()) {
      LogWarn("registry refresh failed", {{"error", registry_changed.status().ToString()}});
    }
    auto approvals_changed = approvals.RefreshIfChanged();
    if (!approvals_changed.ok()) {
      LogWarn("approval refresh failed", {{"error", approvals_changed.status().ToString()}});
    }
  });
  server.Every(kApprovalJobInterval, approval_jobs);
  server.Every(kPurgeInterval, [&store, &clock] {
    auto purged = (*store)->PurgeExpired(
        std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count());
    if (!purged.ok())
      LogWarn("purging expired sessions failed", {{"error", purged.status().ToString()}});
  });
  // Sending waits for receivers (up to the sender's timeout), so it runs on its own thread,
  // never on the server's I/O threads. Stopped and joined when Serve returns.
  std::jthread webhook_worker([&webhooks](const std::stop_token& stop) {
    app::RunWebhookWorker(webhooks, stop, kRefreshInterval);
  });
  LogInfo("helsekrav listening",
          {{"url", "http://" + server_options.host + ":" + std::to_string(server.port())},
           {"db", (*store)->Describe()}});
  server.Run();
  LogInfo("helsekrav stopped");
  return 0;
}

}  // namespace

void AddServe(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Start webserveren og API-et");
  auto options = std::make_shared<ServeOptions>();
  cmd->add_option("--listen", options->listen, "Adresse og port (standard: 127.0.0.1:8080)");
  AddStoreOptions(*cmd, options->store);
  cmd->add_option("--catalog", options->catalog_dir,
                  "Katalogdata som lastes inn i en tom database og på nytt når filene endres "
                  "(standard: den innebygde standardkatalogen)");
  cmd->add_option("--threads", options->threads, "Antall I/O-tråder (standard: antall kjerner)");
  cmd->add_flag("--no-access-log", options->no_access_log, "Ikke logg hver forespørsel");
  cmd->add_option(
      "--base-url", options->base_url,
      "Offentlig adresse, brukt i lenker for nytt passord (standard: http://VERT:PORT)");
  cmd->add_flag("--secure-cookies", options->secure_cookies,
                "Sett Secure på informasjonskapsler (automatisk når --base-url er https)");
  cmd->add_option("--oidc", options->oidc,
                  "OpenID Connect-leverandør: id=ID,name=NAVN,issuer=URL,client_id=ID,"
                  "client_secret_env=MILJØVARIABEL,redirect_uri=URL (kan gjentas)");
  cmd->add_flag("--webhook-allow-http-loopback", options->webhook_allow_http_loopback,
                "Tillat webhooker til http://127.0.0.1 (bare for tester)");
  cmd->add_flag("--dev-log-mail", options->dev_log_mail,
                "Skriv e-post, også lenker for nytt passord, til loggen i stedet for å sende den "
                "(bare for utvikling og tester)");
  cmd->add_option("--max-connections", options->max_connections,
                  "Største antall åpne forbindelser (standard: 1024)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--max-connections-per-client", options->max_connections_per_client,
                  "Største antall åpne forbindelser fra én klientadresse, IPv6 per /64 "
                  "(standard: 64)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--trusted-proxy", options->trusted_proxies,
                  "Mellomtjener (f.eks. HAProxy) hvis X-Forwarded-For gir klientens adresse: "
                  "adresse eller nettverk, f.eks. 10.0.0.5 eller 10.0.0.0/8 (kan gjentas; "
                  "standard: ingen)");
  cmd->add_option("--metrics-token-env", options->metrics_token_env,
                  "Miljøvariabel med nøkkelen som gir tilgang til /metrics fra andre maskiner "
                  "(«Authorization: Bearer NØKKEL»); uten den svarer /metrics bare lokalt");
  cmd->callback([options] {
    int rc = Serve(*options);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace helsekrav::cli
