// helsekrav serve — the web server and JSON API over the catalog snapshot.
#include <iostream>

#include "app/catalog_service.h"
#include "cli/common.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/router.h"
#include "http/server.h"

namespace helsekrav::cli {
namespace {

constexpr std::chrono::milliseconds kRefreshInterval{2000};

struct ServeOptions {
  StoreOptions store;
  std::string listen = "127.0.0.1:8080";
  std::string catalog_dir;  // empty = the catalog compiled into the binary
  int threads = 0;
  bool no_access_log = false;
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

  auto store = OpenMigratedStore(options.store);
  if (!store.ok()) {
    std::cerr << "Feil: " << store.status().ToString() << "\n";
    return 1;
  }
  SystemClock clock;
  app::CatalogService catalog(**store, clock, http::PrepareSnapshot);
  auto records = (*store)->ReadCatalogRecords();
  if (records.ok() && records->empty()) {
    // First start: load the default catalog.
    auto files = options.catalog_dir.empty() ? Result(EmbeddedCatalogFiles())
                                             : ReadCatalogFiles(options.catalog_dir);
    auto bundle = files.ok() ? ParseFiles(*files) : Result<formats::ParsedBundle>(files.status());
    auto summary =
        bundle.ok() ? catalog.Import(bundle->catalog) : Result<app::ImportSummary>(bundle.status());
    if (!summary.ok()) {
      std::cerr << "Feil i standardkatalogen: "
                << DescribeError(summary.status(), bundle.ok() ? &*bundle : nullptr) << "\n";
      return 1;
    }
    LogInfo("loaded the default catalog",
            {{"requirements", std::to_string(summary->requirements)}});
  }
  Status loaded = catalog.Load();
  if (!loaded.ok()) {
    std::cerr << "Feil: " << loaded.ToString() << "\n";
    return 1;
  }

  http::Metrics metrics;
  http::Router router(catalog, **store, metrics);
  http::Server server(server_options,
                      [&router](const http::Request& r) { return router.Handle(r); });
  Status listening = server.Listen();
  if (!listening.ok()) {
    std::cerr << "Feil: " << listening.ToString() << "\n";
    return 1;
  }
  server.Every(kRefreshInterval, [&catalog] {
    auto changed = catalog.RefreshIfChanged();
    if (!changed.ok()) {
      LogWarn("catalog refresh failed", {{"error", changed.status().ToString()}});
    } else if (*changed) {
      LogInfo("catalog snapshot refreshed",
              {{"revision", std::to_string(catalog.snapshot()->revision())}});
    }
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
                  "Katalogdata som lastes inn i en tom database (standard: den innebygde "
                  "standardkatalogen)");
  cmd->add_option("--threads", options->threads, "Antall I/O-tråder (standard: antall kjerner)");
  cmd->add_flag("--no-access-log", options->no_access_log, "Ikke logg hver forespørsel");
  cmd->callback([options] {
    int rc = Serve(*options);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace helsekrav::cli
