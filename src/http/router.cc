#include "http/router.h"

#include <chrono>
#include <map>

#include "core/text.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"
#include "web/web.h"

namespace helsekrav::http {
namespace {

using Handler = Response (*)(const Request&, const app::Snapshot&, const api::Segments&);

struct Resource {
  Handler handler;
  Route route;
};

const std::map<std::string, Resource>& Resources() {
  static const std::map<std::string, Resource> resources = {
      {"requirements", {api::HandleRequirements, Route::kRequirements}},
      {"profiles", {api::HandleProfiles, Route::kProfiles}},
      {"standards", {api::HandleStandards, Route::kStandards}},
      {"approval-schemes", {api::HandleApprovalSchemes, Route::kApprovalSchemes}},
      {"organisations", {api::HandleOrganisations, Route::kOrganisations}},
      {"categories", {api::HandleCategories, Route::kCategories}},
      {"interoperability-services", {api::HandleInteropServices, Route::kInteropServices}},
      {"national-solutions", {api::HandleNationalSolutions, Route::kNationalSolutions}},
      {"guide", {api::HandleGuide, Route::kGuide}},
      {"search", {api::HandleSearch, Route::kSearch}},
  };
  return resources;
}

constexpr std::string_view kApiPrefix = "/api/v1/";

// "/api/v1/requirements/EU-01/versions" → {"requirements", "EU-01", "versions"}.
std::vector<std::string> ApiSegments(const std::string& path) {
  std::vector<std::string> segments;
  for (std::string& s : Split(std::string_view(path).substr(kApiPrefix.size()), '/')) {
    if (!s.empty()) segments.push_back(std::move(s));
  }
  return segments;
}

// The metrics label of a catalog path: its API resource, or the web.
Route RouteOf(const std::string& path) {
  if (path.rfind(kApiPrefix, 0) != 0) return Route::kWeb;
  std::vector<std::string> segments = ApiSegments(path);
  auto it = segments.empty() ? Resources().end() : Resources().find(segments[0]);
  return it == Resources().end() ? Route::kOther : it->second.route;
}

Response Prepared(const std::shared_ptr<const app::Snapshot>& snapshot,
                  const app::PreparedBody& prepared) {
  Response r;
  r.content_type = prepared.content_type;
  // Aliasing constructor: the body stays valid as long as the response holds the snapshot.
  r.body = std::shared_ptr<const std::string>(snapshot, &prepared.body);
  r.etag = prepared.etag;
  return r;
}

}  // namespace

Router::Router(app::CatalogService& catalog, store::Store& store, Metrics& metrics)
    : catalog_(catalog), store_(store), metrics_(metrics) {}

Response Router::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Route route = Route::kOther;
  Response response = Dispatch(request, route);
  if (response.status == 200 && EtagMatches(request.if_none_match, response.etag)) {
    response.status = 304;
    response.body.reset();
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  metrics_.Record(route, response.status, elapsed.count());
  return response;
}

Response Router::Ready() {
  Status db = store_.Ping();
  auto snapshot = catalog_.snapshot();
  api::Json j;
  bool ready = db.ok() && snapshot != nullptr;
  j["status"] = ready ? "ready" : "not_ready";
  j["database"] = db.ok() ? "ok" : "unavailable";
  j["catalog_revision"] = snapshot ? snapshot->revision() : -1;
  Response r = Response::Text(ready ? 200 : 503, "application/json", j.dump());
  r.cache_control = "no-store";
  return r;
}

Response Router::Dispatch(const Request& request, Route& route) {
  const std::string& path = request.path;
  bool read = request.method == "GET" || request.method == "HEAD";
  if (path == "/healthz" || path == "/readyz") {
    route = Route::kHealth;
    if (!read) return api::MethodNotAllowed("GET, HEAD", request.target);
    if (path == "/readyz") return Ready();
    Response r = Response::Text(200, "text/plain; charset=utf-8", "ok\n");
    r.cache_control = "no-store";
    return r;
  }
  if (path == "/metrics") {
    route = Route::kMetrics;
    if (!read) return api::MethodNotAllowed("GET, HEAD", request.target);
    auto snapshot = catalog_.snapshot();
    std::string gauges =
        "# HELP helsekrav_catalog_revision Revision of the published catalog snapshot.\n"
        "# TYPE helsekrav_catalog_revision gauge\nhelsekrav_catalog_revision " +
        std::to_string(snapshot ? snapshot->revision() : -1) +
        "\n# HELP helsekrav_catalog_requirements Requirements in the published catalog.\n"
        "# TYPE helsekrav_catalog_requirements gauge\nhelsekrav_catalog_requirements " +
        std::to_string(snapshot ? snapshot->catalog().requirements.size() : 0) + "\n";
    Response r =
        Response::Text(200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(gauges));
    r.cache_control = "no-store";
    return r;
  }
  if (path == "/api/v1/openapi.json") {
    route = Route::kOpenApi;
    if (!read) return api::MethodNotAllowed("GET, HEAD", request.target);
    static const std::string etag = StrongEtag(api::OpenApiDocument());
    Response r;
    r.body = std::shared_ptr<const std::string>(std::shared_ptr<const std::string>(),
                                                &api::OpenApiDocument());
    r.etag = etag;
    return r;
  }
  route = RouteOf(path);
  if (!read) return api::MethodNotAllowed("GET, HEAD", request.target);
  auto snapshot = catalog_.snapshot();
  if (snapshot == nullptr) {
    return api::ProblemFromStatus(Status::Unavailable("catalog not loaded"), request.target);
  }
  if (request.query.empty()) {
    if (const app::PreparedBody* p = snapshot->Prepared(path)) return Prepared(snapshot, *p);
  }
  return HandleWithSnapshot(request, *snapshot);
}

Response HandleWithSnapshot(const Request& request, const app::Snapshot& snapshot) {
  if (request.path.rfind(kApiPrefix, 0) != 0) return web::HandlePage(request, snapshot);
  std::vector<std::string> segments = ApiSegments(request.path);
  auto it = segments.empty() ? Resources().end() : Resources().find(segments[0]);
  if (it == Resources().end()) {
    return api::Problem(404, "not-found", "Finnes ikke",
                        "Ukjent ressurs. Se /api/v1/openapi.json for hva API-et tilbyr.",
                        request.target);
  }
  segments.erase(segments.begin());
  return it->second.handler(request, snapshot, segments);
}

void PrepareSnapshot(app::Snapshot& snapshot) {
  api::PrepareRequirementItems(snapshot);  // first: the list bodies below reuse the items
  auto prepare = [&](const std::string& path) {
    Request request;
    request.method = "GET";
    request.target = path;
    request.path = path;
    std::vector<std::string> segments = ApiSegments(path);
    const Resource& resource = Resources().at(segments[0]);
    segments.erase(segments.begin());
    Response r = resource.handler(request, snapshot, segments);
    if (r.status == 200) snapshot.AddPrepared(path, {*r.body, r.etag, r.content_type});
  };
  for (const auto& [name, resource] : Resources()) {
    if (name != "guide" && name != "search") prepare(std::string(kApiPrefix) + name);
  }
  const auto& c = snapshot.catalog();
  auto details = [&](const std::string& name, const auto& items) {
    for (const auto& item : items) prepare(std::string(kApiPrefix) + name + "/" + item.key);
  };
  details("requirements", c.requirements);
  details("profiles", c.profiles);
  details("standards", c.standards);
  details("approval-schemes", c.approval_schemes);
  details("organisations", c.organisations);
  details("categories", c.categories);
  details("interoperability-services", c.interop_services);
  details("national-solutions", c.national_solutions);
}

}  // namespace helsekrav::http
