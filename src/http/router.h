#pragma once
// Routes parsed requests to handlers and applies what every response shares: conditional GET
// (strong ETag → 304), method checks, metrics. A request whose method is not GET or HEAD reaches
// a handler only when http::MutatingRoutes() (http/routes.h) lists its method and path.
// Thread-safe; handles requests concurrently.

#include "app/services.h"
#include "http/message.h"
#include "http/metrics.h"
#include "store/store.h"

namespace helsekrav::http {

struct RouterOptions {
  // The origin forms may be posted from ("https://helsekrav.no"), from the configured base URL;
  // empty = the request's own Host. Form posts with another Origin header are refused (403).
  std::string form_origin;
  // /metrics answers local clients (loopback) and, when this is set, requests with
  // "Authorization: Bearer <metrics_token>"; everyone else gets 403.
  std::string metrics_token;
};

class Router {
 public:
  // All references must outlive the router.
  Router(app::Services& services, store::Store& store, Metrics& metrics,
         RouterOptions options = {});

  Response Handle(const Request& request);

 private:
  Response Dispatch(const Request& request, Route& route);
  // The answer to a write to the register API (`registry`) or the workspace that
  // http::MutatingRoutes() does not list: under /api/v1/ a 405 with Allow where the table lists
  // the path under other methods, else a problem+json 404; for pages the 404 page.
  Response RefuseUnlisted(const Request& request, bool registry);
  Response Ready();
  Response MetricsPage(const Request& request);
  // 413 and 400 for requests the session could not take in whole (Request::error).
  Response RequestErrorResponse(const Request& request);
  // A readable page for a refused form or request (problem+json under /api/).
  Response ErrorPage(const Request& request, int status, const std::string& title,
                     const std::string& message);
  // /api/v1/products, /declarations, …: Bearer token → principal, then the registry API.
  Response RegistryApi(const Request& request, const std::vector<std::string>& segments);
  // Pages with accounts and the register: session cookie → principal, CSRF check on POST.
  Response Workspace(const Request& request);

  app::Services& services_;
  app::CatalogService& catalog_;
  store::Store& store_;
  Metrics& metrics_;
  RouterOptions options_;
};

// The origin of a URL: "https://example.no:8443/sti" → "https://example.no:8443".
std::string OriginOf(const std::string& url);

// Answers an API or web request from a snapshot alone (no prepared bodies, no metrics). The
// router uses it after its own checks; fuzz targets and tests call it directly.
Response HandleWithSnapshot(const Request& request, const app::Snapshot& snapshot);

// Renders the default responses of a new snapshot (lists without parameters and every detail
// page) so that the common reads are served from memory without any work.
void PrepareSnapshot(app::Snapshot& snapshot);

}  // namespace helsekrav::http
