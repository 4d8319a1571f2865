#pragma once
// Routes parsed requests to handlers and applies what every response shares: conditional GET
// (strong ETag → 304), method checks, sessions and CSRF for the pages, metrics. A request whose
// method is not GET or HEAD reaches a handler only when the route table (http/routes.h) lists
// its method and path. The API handlers live below it (http/api/); the pages come in through
// PageHandlers (http/pages.h). Thread-safe; handles requests concurrently.

#include <string>
#include <vector>

#include "app/services.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/pages.h"
#include "http/routes.h"

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
  // All references must outlive the router. `pages` come from web::Pages(). Throws
  // std::logic_error when the route table is not valid (http::MutatingRoutes).
  Router(app::Services& services, Metrics& metrics, PageHandlers pages, RouterOptions options = {});

  Response Handle(const Request& request);

  // Every write the router lets through: the API's, then the pages' form routes.
  const std::vector<MutatingRoute>& mutating_routes() const { return routes_; }

 private:
  Response Dispatch(const Request& request, Route& route);
  // A read answered from the catalog snapshot alone: an API resource or a public page.
  Response Read(const Request& request, const app::Snapshot& snapshot);
  // The answer to a write to the register API (`registry`) or the workspace that the route
  // table does not list: under /api/v1/ a 405 with Allow where the table lists the path under
  // other methods, else a problem+json 404; for pages the 404 page.
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
  Metrics& metrics_;
  PageHandlers pages_;
  std::vector<MutatingRoute> routes_;
  RouterOptions options_;
};

// The origin of a URL: "https://example.no:8443/sti" → "https://example.no:8443".
std::string OriginOf(const std::string& url);

// Renders the default responses of a new snapshot (lists without parameters and every detail
// page) so that the common reads are served from memory without any work.
void PrepareSnapshot(app::Snapshot& snapshot);

}  // namespace helsekrav::http
