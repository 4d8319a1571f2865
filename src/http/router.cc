#include "http/router.h"

#include <chrono>
#include <map>

#include "core/text.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"
#include "http/api/log_api.h"
#include "http/api/registry_api.h"
#include "http/client_address.h"
#include "http/form.h"
#include "http/routes.h"

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

namespace {

// Constant-time comparison of two secrets.
bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

Response NoStore(Response response) {
  response.cache_control = "no-store";
  return response;
}

// True when a form post's Origin header (if any) is the site's own origin: `expected` when
// configured, else the request's Host (any scheme: TLS may end at a proxy).
bool SameOriginForm(const Request& request, const std::string& expected) {
  if (request.origin.empty()) return true;  // older browsers; the CSRF token still applies
  if (!expected.empty()) return request.origin == expected;
  std::size_t scheme = request.origin.find("://");
  if (scheme == std::string::npos || request.host.empty()) return false;
  return request.origin.substr(scheme + 3) == request.host;
}

}  // namespace

std::string OriginOf(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::size_t path = url.find('/', scheme + 3);
  return url.substr(0, path);
}

Router::Router(app::Services& services, Metrics& metrics, PageHandlers pages, RouterOptions options)
    : services_(services),
      catalog_(services.catalog),
      metrics_(metrics),
      pages_(std::move(pages)),
      routes_(MutatingRoutes(pages_.form_routes)),
      options_(std::move(options)) {}

Response Router::ErrorPage(const Request& request, int status, const std::string& title,
                           const std::string& message) {
  if (request.path.rfind(kApiPrefix, 0) == 0 || request.target.rfind(kApiPrefix, 0) == 0) {
    std::string instance = IsValidUtf8(request.target) ? request.target : "";
    std::string type = status == 413 ? "too-large" : status == 403 ? "forbidden" : "bad-request";
    return NoStore(api::Problem(status, type, title, message, instance));
  }
  auto snapshot = catalog_.snapshot();
  return NoStore(pages_.message(snapshot.get(), status, title, message));
}

Response Router::RequestErrorResponse(const Request& request) {
  if (request.error == RequestError::kBodyTooLarge) {
    return ErrorPage(request, 413, "For stor forespørsel",
                     "Det du sendte er for stort. Hver fil kan være på høyst 5 MB, og et skjema "
                     "med filer kan være på høyst 12 MiB til sammen (andre forespørsler høyst "
                     "1 MiB). Gå tilbake og velg en mindre fil.");
  }
  return ErrorPage(request, 400, "Ugyldig adresse",
                   "Adressen har ugyldig prosentkoding eller tegn som ikke er UTF-8.");
}

Response Router::RegistryApi(const Request& request, const std::vector<std::string>& segments) {
  auto snapshot = catalog_.snapshot();
  auto view = services_.registry.view();
  if (snapshot == nullptr || view == nullptr) {
    return api::ProblemFromStatus(Status::Unavailable("registeret er ikke lastet"), request.target);
  }
  std::optional<app::Principal> principal;
  if (!request.authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    auto unauthorised = [&request](const std::string& detail) {
      Response r = api::Problem(401, "unauthorized", "Ikke autentisert", detail, request.target);
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    };
    if (request.authorization.rfind(kBearer, 0) != 0) {
      return unauthorised("Bruk «Authorization: Bearer <API-nøkkel>».");
    }
    auto found =
        services_.accounts.AuthenticateApiToken(request.authorization.substr(kBearer.size()));
    if (!found.ok()) return api::ProblemFromStatus(found.status(), request.target);
    if (!found->has_value())
      return unauthorised("API-nøkkelen er ukjent, utløpt eller trukket tilbake.");
    principal = std::move(**found);
  }
  api::ApiContext context{request, *snapshot, *view, services_, principal ? &*principal : nullptr};
  Response response = api::HandleRegistryApi(context, segments);
  if (principal) response.cache_control = "private, no-cache";
  return response;
}

Response Router::Workspace(const Request& request) {
  auto snapshot = catalog_.snapshot();
  auto view = services_.registry.view();
  if (snapshot == nullptr || view == nullptr) {
    return api::ProblemFromStatus(Status::Unavailable("registeret er ikke lastet"), request.target);
  }
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
    return api::MethodNotAllowed("GET, HEAD, POST", request.target);
  }
  std::optional<app::Principal> principal;
  std::string session = CookieValue(request.cookie, kSessionCookie);
  if (!session.empty()) {
    auto found = services_.accounts.Authenticate(session);
    if (!found.ok()) return api::ProblemFromStatus(found.status(), request.target);
    if (found->has_value()) principal = std::move(**found);
  }
  // Forms carry a CSRF token: the session's own, or before sign-in a double-submit cookie.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string csrf;
  if (principal) {
    csrf = principal->csrf_token;
  } else {
    csrf = CookieValue(request.cookie, kCsrfCookie);
    if (csrf.size() != 43) {  // 32 random bytes, base64url
      csrf = app::RandomToken();
      headers.emplace_back("Set-Cookie",
                           SetCookie(kCsrfCookie, csrf, -1, services_.secure_cookies));
    }
  }
  SessionContext context{request, *snapshot, *view, services_, principal ? &*principal : nullptr,
                         csrf};
  if (request.method == "POST") {
    if (!SameOriginForm(request, options_.form_origin)) {
      Response r = ErrorPage(request, 403, "Skjemaet kunne ikke sendes",
                             "Skjemaet ble sendt fra en annen nettside enn denne, og er derfor "
                             "avvist. Åpne siden på nytt her og send skjemaet derfra.");
      for (auto& h : headers) r.headers.push_back(h);
      return r;
    }
    auto form = ParseForm(request);
    if (!form.ok()) {
      Response r = ErrorPage(request, 400, "Skjemaet kunne ikke leses", form.status().message());
      for (auto& h : headers) r.headers.push_back(h);
      return r;
    }
    std::string sent = form->Get(kCsrfField);
    if (sent.empty() || !SameSecret(sent, csrf)) {
      Response r = ErrorPage(request, 403, "Skjemaet kunne ikke sendes",
                             "Skjemaet er utløpt eller kom ikke fra denne nettsiden. Gå tilbake, "
                             "last siden på nytt og prøv igjen.");
      for (auto& h : headers) r.headers.push_back(h);
      return r;
    }
  }
  Response response = pages_.session_page(context);
  // Public images that change rarely (the label SVG and PNG) may be cached and revalidated;
  // everything else here may be personal and is not stored. They need no CSRF cookie.
  if (response.cache_control.rfind("public", 0) == 0 && !response.etag.empty()) return response;
  for (auto& h : headers) response.headers.push_back(std::move(h));
  return NoStore(std::move(response));
}

Response Router::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Route route = Route::kOther;
  Response response = request.error == RequestError::kNone ? Dispatch(request, route)
                                                           : RequestErrorResponse(request);
  if (response.status == 200 && EtagMatches(request.if_none_match, response.etag)) {
    response.status = 304;
    response.body.reset();
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  metrics_.Record(route, response.status, elapsed.count());
  return response;
}

Response Router::Ready() {
  Status db = catalog_.Ping();
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

Response Router::MetricsPage(const Request& request) {
  // Requests made in-process (tests) have no client address; the server always sets one.
  auto client = ParseIpAddress(request.client_address);
  bool local = request.client_address.empty() || (client && client->IsLoopback());
  bool token = !options_.metrics_token.empty() &&
               SameSecret(request.authorization, "Bearer " + options_.metrics_token);
  if (!local && !token) {
    return NoStore(api::Problem(403, "forbidden", "Ingen tilgang",
                                "/metrics er bare åpen fra maskinen selv, eller med "
                                "«Authorization: Bearer» og nøkkelen fra --metrics-token-env.",
                                request.target));
  }
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

Response Router::RefuseUnlisted(const Request& request, bool registry) {
  std::vector<std::string> methods = MutatingMethodsFor(routes_, request.path);
  if (registry && !methods.empty()) {
    return NoStore(api::MethodNotAllowed("GET, HEAD, " + Join(methods, ", "), request.target));
  }
  if (registry) {
    return NoStore(api::Problem(404, "not-found", "Finnes ikke",
                                "Her er det ingenting som tar imot " + request.method + ".",
                                request.target));
  }
  auto snapshot = catalog_.snapshot();
  if (snapshot == nullptr) {
    return api::ProblemFromStatus(Status::Unavailable("catalog not loaded"), request.target);
  }
  return NoStore(pages_.not_found(request, *snapshot));
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
    return MetricsPage(request);
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
  if (api::IsLogPath(path)) {  // the transparency log: public, read-only
    route = Route::kRegistry;
    if (!read) return api::MethodNotAllowed("GET, HEAD", request.target);
    return api::HandleLogApi(request, services_.log);
  }
  // The gate: the register API and the workspace are the only handlers that take writes, and
  // they see only the writes that the route table lists. Every other branch refuses them.
  bool listed = read || FindMutatingRoute(routes_, request.method, path) != nullptr;
  if (path.rfind(kApiPrefix, 0) == 0) {
    std::vector<std::string> segments = ApiSegments(path);
    if (!segments.empty() && api::IsRegistryResource(segments[0])) {
      route = Route::kRegistry;
      return listed ? RegistryApi(request, segments) : RefuseUnlisted(request, true);
    }
  } else if (pages_.is_session_path(path)) {
    route = Route::kWorkspace;
    return listed ? Workspace(request) : RefuseUnlisted(request, false);
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
  return Read(request, *snapshot);
}

Response Router::Read(const Request& request, const app::Snapshot& snapshot) {
  if (request.path.rfind(kApiPrefix, 0) != 0) return pages_.page(request, snapshot);
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
