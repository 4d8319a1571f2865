#pragma once
// Routes parsed requests to handlers and applies what every response shares: conditional GET
// (strong ETag → 304), method checks, metrics. Thread-safe; handles requests concurrently.

#include "app/services.h"
#include "http/message.h"
#include "http/metrics.h"
#include "store/store.h"

namespace helsekrav::http {

class Router {
 public:
  // All references must outlive the router.
  Router(app::Services& services, store::Store& store, Metrics& metrics);

  Response Handle(const Request& request);

 private:
  Response Dispatch(const Request& request, Route& route);
  Response Ready();
  // /api/v1/products, /declarations, …: Bearer token → principal, then the registry API.
  Response RegistryApi(const Request& request, const std::vector<std::string>& segments);
  // Pages with accounts and the register: session cookie → principal, CSRF check on POST.
  Response Workspace(const Request& request);

  app::Services& services_;
  app::CatalogService& catalog_;
  store::Store& store_;
  Metrics& metrics_;
};

// Answers an API or web request from a snapshot alone (no prepared bodies, no metrics). The
// router uses it after its own checks; fuzz targets and tests call it directly.
Response HandleWithSnapshot(const Request& request, const app::Snapshot& snapshot);

// Renders the default responses of a new snapshot (lists without parameters and every detail
// page) so that the common reads are served from memory without any work.
void PrepareSnapshot(app::Snapshot& snapshot);

}  // namespace helsekrav::http
