// The JSON API of the product register (/products, /deployments, /suppliers), of evidence files
// (/files) and of the audit log (/events). Declarations are in registry_declarations_handler.cc.
// Every mutation passes RequireWriter() first (401 without a token, 403 for a read-only token);
// app/ then checks that the token's organisation owns what is changed. Private records of other
// organisations answer 404, never revealing that they exist.
#include "http/api/registry_api.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "formats/bounded_json.h"
#include "formats/registry_json.h"
#include "http/api/api_common.h"
#include "http/api/approvals_api.h"
#include "http/api/registry_common.h"
#include "http/api/webhooks_api.h"

namespace helsekrav::http::api {

using domain::OrgStatus;

// ---- Shared helpers (registry_common.h) -------------------------------------------------------

Response StatusProblem(const Status& status, const Request& request) {
  if (status.code() == StatusCode::kInvalid) {
    Json params = Json::array();
    params.push_back({{"name", status.field()}, {"reason", status.message()}});
    return InvalidBody(status.ToString(), request, std::move(params));
  }
  Response r = ProblemFromStatus(status, request.target);
  if (status.code() == StatusCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", request.authorization.empty()
                                                   ? "Bearer realm=\"helsekrav\""
                                                   : "Bearer realm=\"helsekrav\", "
                                                     "error=\"invalid_token\"");
  }
  return r;
}

Response InvalidBody(const std::string& detail, const Request& request, Json invalid_params) {
  Json j;
  j["type"] = "/api/v1/problems/invalid-body";
  j["title"] = "Ugyldig innhold";
  j["status"] = 422;
  j["detail"] = detail;
  j["instance"] = request.target;
  j["invalid_params"] = std::move(invalid_params);
  return Response::Text(422, "application/problem+json", j.dump());
}

Response NotFoundIn(const std::string& what, const Request& request) {
  return Problem(404, "not-found", "Finnes ikke", what + " finnes ikke.", request.target);
}

std::optional<Response> RequireWriter(const ApiContext& context) {
  if (context.principal == nullptr) {
    return StatusProblem(
        Status::Unauthenticated(context.request.authorization.empty()
                                    ? "Endringer krever et API-token (Authorization: Bearer …)."
                                    : "API-tokenet er ukjent, utløpt eller trukket tilbake."),
        context.request);
  }
  const domain::Actor& actor = context.principal->actor;
  if (actor.api_token &&
      std::find(actor.scopes.begin(), actor.scopes.end(), "write") == actor.scopes.end()) {
    return StatusProblem(Status::Forbidden("API-tokenet har bare lesetilgang (mangler «write»)."),
                         context.request);
  }
  return std::nullopt;
}

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(type.begin());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return type;
}

std::optional<Response> ReadJsonObject(const Request& request, Json& out) {
  std::string type = MediaType(request.content_type);
  bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (empty) {
    out = Json::object();
    return std::nullopt;
  }
  if (type != "application/json" && type != "application/merge-patch+json") {
    return Problem(415, "unsupported-media-type", "Ukjent innholdstype",
                   "Send JSON med Content-Type: application/json.", request.target);
  }
  formats::ParsedJson parsed = formats::ParseJson(request.body, formats::kApiBodyJsonLimits);
  if (parsed.problem == formats::ParsedJson::Problem::kSyntax) {
    return Problem(400, "bad-request", "Ugyldig forespørsel", "Innholdet er ikke gyldig JSON.",
                   request.target);
  }
  if (!parsed.ok()) {
    return InvalidBody(parsed.message + ".", request,
                       Json::array({{{"name", ""}, {"reason", parsed.message}}}));
  }
  out = std::move(parsed.value);
  if (!out.is_object()) {
    return InvalidBody("Innholdet må være et JSON-objekt.", request,
                       Json::array({{{"name", ""}, {"reason", "Må være et JSON-objekt"}}}));
  }
  return std::nullopt;
}

bool OrgApproved(const ApiContext& context, const std::string& org_id) {
  const domain::OrgAccount* org = context.registry.FindOrg(org_id);
  return org != nullptr && org->status == OrgStatus::kApproved;
}

bool OrgVisible(const ApiContext& context, const std::string& org_id) {
  if (context.principal != nullptr && !org_id.empty() &&
      context.principal->actor.org_id == org_id) {
    return true;
  }
  return OrgApproved(context, org_id);
}

bool DeclarationVisible(const ApiContext& context, const domain::Declaration& declaration) {
  if (context.principal != nullptr && context.principal->actor.org_id == declaration.org_id) {
    return true;
  }
  return app::IsPublic(declaration) && OrgApproved(context, declaration.org_id);
}

Json DeclarationSummaryJson(const domain::Declaration& declaration) {
  Json j = formats::ToJson(declaration);
  j.erase("answers");
  j["answer_count"] = declaration.answers.size();
  j["links"] = {{"self", "/api/v1/declarations/" + declaration.id}};
  return j;
}

Response ReadResponse(const ApiContext& context, const Json& body, const std::string& owner_org) {
  Response r = JsonOk(body);
  if (!OrgApproved(context, owner_org)) r.cache_control = kPrivateCache;
  return r;
}

Response MutationOk(const Json& body) {
  Response r = Response::Text(200, "application/json", body.dump());
  r.cache_control = "no-store";
  return r;
}

Response Created(const Json& body, const std::string& location) {
  Response r = Response::Text(201, "application/json", body.dump());
  r.cache_control = "no-store";
  r.headers.emplace_back("Location", location);
  return r;
}

Response NoContent() {
  Response r = Response::Text(204, "application/json", "");
  r.cache_control = "no-store";
  return r;
}

Response Serve(const ApiContext& context, std::initializer_list<Operation> operations) {
  const std::string& method = context.request.method;
  std::string allow;
  for (const Operation& op : operations) {
    std::string_view name = op.method;
    if (method == name || (method == "HEAD" && name == "GET")) return op.run();
    if (!allow.empty()) allow += ", ";
    allow += name;
    if (name == "GET") allow += ", HEAD";
  }
  return MethodNotAllowed(allow, context.request.target);
}

std::set<std::string> WithPageParams(std::set<std::string> names) {
  names.insert(kPageParams.begin(), kPageParams.end());
  return names;
}

std::optional<Response> RejectQuery(const Request& request) {
  QueryParams params(request, {});
  if (!params.ok()) return params.Error();
  return std::nullopt;
}

std::string SupplierParam(const ApiContext& context, QueryParams& params) {
  std::string orgnr = params.String("supplier");
  if (orgnr.empty()) return "";
  const domain::OrgAccount* org = context.registry.FindOrgByOrgnr(orgnr);
  if (org == nullptr) {
    params.Reject("supplier",
                  "Ingen registrert leverandør har organisasjonsnummer «" + orgnr + "»");
    return "";
  }
  return org->id;
}

namespace {

// ---- Products --------------------------------------------------------------------------------

Json SupplierRef(const ApiContext& c, const std::string& org_id) {
  Json j;
  if (const domain::OrgAccount* org = c.registry.FindOrg(org_id)) {
    j["id"] = org->id;
    j["orgnr"] = org->orgnr;
    j["name"] = org->name;
    j["links"] = {{"self", "/api/v1/suppliers/" + org->orgnr}};
  }
  return j;
}

Json ProductJson(const ApiContext& c, const domain::Product& product) {
  Json j = formats::ToJson(product);
  j["supplier"] = SupplierRef(c, product.org_id);
  j["links"] = {{"self", "/api/v1/products/" + product.id},
                {"versions", "/api/v1/products/" + product.id + "/versions"}};
  return j;
}

Json VersionJson(const domain::ProductVersion& version, const std::string& product_id) {
  Json j = formats::ToJson(version);
  j["links"] = {{"self", "/api/v1/products/" + product_id + "/versions/" + version.id},
                {"product", "/api/v1/products/" + product_id}};
  return j;
}

Response ListProducts(const ApiContext& c) {
  QueryParams params(c.request, WithPageParams({"category", "integration", "municipality",
                                                "supplier", "declared_profile", "q"}));
  app::ProductQuery query;
  query.text = params.String("q");
  query.category = params.String("category");
  query.integration = params.String("integration");
  query.municipality = params.String("municipality");
  query.declared_profile = params.String("declared_profile");
  query.supplier = SupplierParam(c, params);
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  std::vector<const domain::Product*> hits =
      app::FindProducts(c.registry, c.catalog.catalog(), c.catalog.tree(), query);
  return PageResponse(c.request, page, hits,
                      [&](const domain::Product& p) { return ProductJson(c, p); });
}

// The product at `id` if the caller may see it (an approved supplier's, or the caller's own).
const domain::Product* VisibleProduct(const ApiContext& c, const std::string& id) {
  const domain::Product* product = c.registry.FindProduct(id);
  if (product == nullptr || !OrgVisible(c, product->org_id)) return nullptr;
  return product;
}

Response GetProduct(const ApiContext& c, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const domain::Product* product = VisibleProduct(c, id);
  if (product == nullptr) return NotFoundIn("Produktet «" + id + "»", c.request);
  Json j = ProductJson(c, *product);
  Json versions = Json::array();
  for (const domain::ProductVersion* v : c.registry.VersionsOf(product->id)) {
    versions.push_back(VersionJson(*v, product->id));
  }
  j["versions"] = std::move(versions);
  return ReadResponse(c, j, product->org_id);
}

Response CreateProduct(const ApiContext& c) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto product = formats::ProductFromJson(body);
  if (!product.ok()) return StatusProblem(product.status(), c.request);
  product->id.clear();
  if (product->org_id.empty()) product->org_id = c.principal->actor.org_id;
  auto created = c.services.registry.CreateProduct(c.principal->actor, std::move(*product));
  if (!created.ok()) return StatusProblem(created.status(), c.request);
  return Created(ProductJson(c, *created), "/api/v1/products/" + created->id);
}

// JSON merge patch (RFC 7396) of `current` with the request body; the caller restores the fields
// that are not the client's to change.
Result<Json> MergePatch(const Json& current, const Json& patch) {
  for (const char* fixed : {"id", "org_id", "product_id", "created_at", "updated_at"}) {
    if (patch.contains(fixed) && patch[fixed] != current.value(fixed, Json())) {
      return Status::Invalid(fixed, "Feltet kan ikke endres");
    }
  }
  Json merged = current;
  merged.merge_patch(patch);
  return merged;
}

Response UpdateProduct(const ApiContext& c, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  const domain::Product* current = VisibleProduct(c, id);
  if (current == nullptr) return NotFoundIn("Produktet «" + id + "»", c.request);
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto merged = MergePatch(formats::ToJson(*current), body);
  if (!merged.ok()) return StatusProblem(merged.status(), c.request);
  auto product = formats::ProductFromJson(*merged);
  if (!product.ok()) return StatusProblem(product.status(), c.request);
  product->id = current->id;
  product->org_id = current->org_id;
  product->created_at = current->created_at;
  auto updated = c.services.registry.UpdateProduct(c.principal->actor, std::move(*product));
  if (!updated.ok()) return StatusProblem(updated.status(), c.request);
  return MutationOk(ProductJson(c, *updated));
}

const domain::ProductVersion* VisibleVersion(const ApiContext& c, const domain::Product& product,
                                             const std::string& version_id) {
  const domain::ProductVersion* version = c.registry.FindVersion(version_id);
  return version != nullptr && version->product_id == product.id ? version : nullptr;
}

Response ListVersions(const ApiContext& c, const std::string& id) {
  QueryParams params(c.request, kPageParams);
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  const domain::Product* product = VisibleProduct(c, id);
  if (product == nullptr) return NotFoundIn("Produktet «" + id + "»", c.request);
  std::vector<const domain::ProductVersion*> versions = c.registry.VersionsOf(product->id);
  Response r = PageResponse(c.request, page, versions, [&](const domain::ProductVersion& v) {
    return VersionJson(v, product->id);
  });
  if (!OrgApproved(c, product->org_id)) r.cache_control = kPrivateCache;
  return r;
}

Response GetVersion(const ApiContext& c, const std::string& id, const std::string& version_id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const domain::Product* product = VisibleProduct(c, id);
  const domain::ProductVersion* version =
      product == nullptr ? nullptr : VisibleVersion(c, *product, version_id);
  if (version == nullptr) return NotFoundIn("Versjonen «" + version_id + "»", c.request);
  Json j = VersionJson(*version, product->id);
  Json declarations = Json::array();
  for (const domain::Declaration* d : c.registry.DeclarationsOf(version->id)) {
    if (DeclarationVisible(c, *d)) declarations.push_back(DeclarationSummaryJson(*d));
  }
  j["declarations"] = std::move(declarations);
  return ReadResponse(c, j, product->org_id);
}

Response AddVersion(const ApiContext& c, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  const domain::Product* product = VisibleProduct(c, id);
  if (product == nullptr) return NotFoundIn("Produktet «" + id + "»", c.request);
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto version = formats::ProductVersionFromJson(body);
  if (!version.ok()) return StatusProblem(version.status(), c.request);
  if (!version->product_id.empty() && version->product_id != product->id) {
    return StatusProblem(Status::Invalid("product_id", "Må være produktet i adressen"), c.request);
  }
  version->id.clear();
  version->product_id = product->id;
  auto created = c.services.registry.AddVersion(c.principal->actor, std::move(*version));
  if (!created.ok()) return StatusProblem(created.status(), c.request);
  return Created(VersionJson(*created, product->id),
                 "/api/v1/products/" + product->id + "/versions/" + created->id);
}

Response UpdateVersion(const ApiContext& c, const std::string& id, const std::string& version_id) {
  if (auto denied = RequireWriter(c)) return *denied;
  const domain::Product* product = VisibleProduct(c, id);
  const domain::ProductVersion* current =
      product == nullptr ? nullptr : VisibleVersion(c, *product, version_id);
  if (current == nullptr) return NotFoundIn("Versjonen «" + version_id + "»", c.request);
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto merged = MergePatch(formats::ToJson(*current), body);
  if (!merged.ok()) return StatusProblem(merged.status(), c.request);
  auto version = formats::ProductVersionFromJson(*merged);
  if (!version.ok()) return StatusProblem(version.status(), c.request);
  version->id = current->id;
  version->product_id = current->product_id;
  version->created_at = current->created_at;
  auto updated = c.services.registry.UpdateVersion(c.principal->actor, std::move(*version));
  if (!updated.ok()) return StatusProblem(updated.status(), c.request);
  return MutationOk(VersionJson(*updated, product->id));
}

Response Products(const ApiContext& c, const Segments& s) {
  if (s.size() == 1) {
    return Serve(
        c, {{"GET", [&] { return ListProducts(c); }}, {"POST", [&] { return CreateProduct(c); }}});
  }
  if (s.size() == 2) {
    return Serve(c, {{"GET", [&] { return GetProduct(c, s[1]); }},
                     {"PATCH", [&] { return UpdateProduct(c, s[1]); }}});
  }
  if (s[2] != "versions" || s.size() > 4) return NotFoundIn("Ressursen", c.request);
  if (s.size() == 3) {
    return Serve(c, {{"GET", [&] { return ListVersions(c, s[1]); }},
                     {"POST", [&] { return AddVersion(c, s[1]); }}});
  }
  return Serve(c, {{"GET", [&] { return GetVersion(c, s[1], s[3]); }},
                   {"PATCH", [&] { return UpdateVersion(c, s[1], s[3]); }}});
}

// ---- Deployments -----------------------------------------------------------------------------

Json DeploymentJson(const domain::Deployment& deployment) {
  Json j = formats::ToJson(deployment);
  j["links"] = {{"self", "/api/v1/deployments/" + deployment.id}};
  return j;
}

const domain::Deployment* VisibleDeployment(const ApiContext& c, const std::string& id) {
  const domain::Deployment* d = c.registry.FindDeployment(id);
  return d != nullptr && OrgVisible(c, d->org_id) ? d : nullptr;
}

Response ListDeployments(const ApiContext& c) {
  QueryParams params(c.request, WithPageParams({"municipality", "product_version"}));
  std::string municipality = params.String("municipality");
  std::string version = params.String("product_version");
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  std::vector<const domain::Deployment*> hits;
  bool private_rows = false;
  for (const domain::Deployment& d : c.registry.deployments()) {
    if (!OrgVisible(c, d.org_id)) continue;
    if (!version.empty() && d.product_version_id != version) continue;
    if (!municipality.empty() && std::find(d.municipalities.begin(), d.municipalities.end(),
                                           municipality) == d.municipalities.end()) {
      continue;
    }
    private_rows = private_rows || !OrgApproved(c, d.org_id);
    hits.push_back(&d);
  }
  Response r = PageResponse(c.request, page, hits, DeploymentJson);
  if (private_rows) r.cache_control = kPrivateCache;
  return r;
}

Response GetDeployment(const ApiContext& c, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  const domain::Deployment* d = VisibleDeployment(c, id);
  if (d == nullptr) return NotFoundIn("Bruken «" + id + "»", c.request);
  return ReadResponse(c, DeploymentJson(*d), d->org_id);
}

Response RecordDeployment(const ApiContext& c) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto deployment = formats::DeploymentFromJson(body);
  if (!deployment.ok()) return StatusProblem(deployment.status(), c.request);
  deployment->id.clear();
  if (deployment->org_id.empty()) deployment->org_id = c.principal->actor.org_id;
  auto created = c.services.registry.RecordDeployment(c.principal->actor, std::move(*deployment));
  if (!created.ok()) return StatusProblem(created.status(), c.request);
  return Created(DeploymentJson(*created), "/api/v1/deployments/" + created->id);
}

Response EndDeployment(const ApiContext& c, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  const domain::Deployment* d = VisibleDeployment(c, id);
  if (d == nullptr) return NotFoundIn("Bruken «" + id + "»", c.request);
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  for (const auto& [name, value] : body.items()) {
    if (name != "until") return StatusProblem(Status::Invalid(name, "Ukjent felt"), c.request);
  }
  std::optional<Date> until;
  if (body.contains("until") && body["until"].is_string()) {
    until = Date::Parse(body["until"].get<std::string>());
  }
  if (!until) {
    return StatusProblem(Status::Invalid("until", "Oppgi sluttdatoen på formen ÅÅÅÅ-MM-DD"),
                         c.request);
  }
  Status st = c.services.registry.EndDeployment(c.principal->actor, d->id, until);
  if (!st.ok()) return StatusProblem(st, c.request);
  domain::Deployment ended = *d;
  ended.until = until;
  return MutationOk(DeploymentJson(ended));
}

Response DeleteDeployment(const ApiContext& c, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  const domain::Deployment* d = VisibleDeployment(c, id);
  if (d == nullptr) return NotFoundIn("Bruken «" + id + "»", c.request);
  Status st = c.services.registry.EndDeployment(c.principal->actor, d->id, std::nullopt);
  if (!st.ok()) return StatusProblem(st, c.request);
  return NoContent();
}

Response Deployments(const ApiContext& c, const Segments& s) {
  if (s.size() == 1) {
    return Serve(c, {{"GET", [&] { return ListDeployments(c); }},
                     {"POST", [&] { return RecordDeployment(c); }}});
  }
  if (s.size() > 2) return NotFoundIn("Ressursen", c.request);
  return Serve(c, {{"GET", [&] { return GetDeployment(c, s[1]); }},
                   {"PATCH", [&] { return EndDeployment(c, s[1]); }},
                   {"DELETE", [&] { return DeleteDeployment(c, s[1]); }}});
}

// ---- Suppliers -------------------------------------------------------------------------------

bool IsApprovedSupplier(const domain::OrgAccount& org) {
  return org.kind == domain::OrganisationKind::kSupplier && org.status == OrgStatus::kApproved;
}

Json SupplierJson(const ApiContext& c, const domain::OrgAccount& org) {
  Json j;
  j["id"] = org.id;
  j["orgnr"] = org.orgnr;
  j["name"] = org.name;
  j["website"] = org.website;
  Json products = Json::array();
  for (const domain::Product* p : c.registry.ProductsOf(org.id)) {
    products.push_back(
        {{"id", p->id}, {"name", p->name}, {"links", {{"self", "/api/v1/products/" + p->id}}}});
  }
  j["products"] = std::move(products);
  j["links"] = {{"self", "/api/v1/suppliers/" + org.orgnr}};
  return j;
}

Response Suppliers(const ApiContext& c, const Segments& s) {
  if (s.size() > 2) return NotFoundIn("Ressursen", c.request);
  if (s.size() == 2) {
    return Serve(c, {{"GET", [&] {
                        if (auto bad = RejectQuery(c.request)) return *bad;
                        const domain::OrgAccount* org = c.registry.FindOrgByOrgnr(s[1]);
                        if (org == nullptr || !IsApprovedSupplier(*org)) {
                          return NotFoundIn("Leverandøren «" + s[1] + "»", c.request);
                        }
                        return JsonOk(SupplierJson(c, *org));
                      }}});
  }
  return Serve(c, {{"GET", [&] {
                      QueryParams params(c.request, kPageParams);
                      Page page = ReadPage(params);
                      if (!params.ok()) return params.Error();
                      std::vector<const domain::OrgAccount*> hits;
                      for (const domain::OrgAccount& org : c.registry.orgs()) {
                        if (IsApprovedSupplier(org)) hits.push_back(&org);
                      }
                      return PageResponse(
                          c.request, page, hits,
                          [&](const domain::OrgAccount& org) { return SupplierJson(c, org); });
                    }}});
}

// ---- Events ----------------------------------------------------------------------------------

constexpr int kMaxEventLimit = 200;

Response ListEvents(const ApiContext& c) {
  if (c.principal == nullptr)
    return StatusProblem(
        Status::Unauthenticated("Logg inn med et API-token (Authorization: Bearer …)."), c.request);
  QueryParams params(c.request, {"before", "limit", "entity"});
  store::EventQuery query;
  query.org_id = c.principal->actor.org_id;
  query.entity_id = params.String("entity");
  query.limit = params.Int("limit", 50, 1, kMaxEventLimit);
  std::string before = params.String("before");
  if (!before.empty()) {
    bool digits = before.size() <= 18 && std::all_of(before.begin(), before.end(), [](char ch) {
                    return ch >= '0' && ch <= '9';
                  });
    if (digits) query.before_seq = std::stoll(before);
    if (!digits || query.before_seq <= 0) params.Reject("before", "Må være et positivt heltall");
  }
  if (!params.ok()) return params.Error();
  auto events = c.services.registry.ListEvents(c.principal->actor, query);
  if (!events.ok()) return StatusProblem(events.status(), c.request);
  Json items = Json::array();
  for (const domain::Event& e : *events) items.push_back(formats::ToJson(e));
  Json j;
  j["items"] = std::move(items);
  j["links"] = {{"self", c.request.target}};
  if (static_cast<int>(events->size()) == query.limit && !events->empty()) {
    std::string next = "/api/v1/events?before=" + std::to_string(events->back().seq) +
                       "&limit=" + std::to_string(query.limit);
    if (!query.entity_id.empty()) next += "&entity=" + PercentEncode(query.entity_id);
    j["links"]["next"] = next;
  }
  Response r = JsonOk(j);
  r.cache_control = kPrivateCache;
  return r;
}

Response Events(const ApiContext& c, const Segments& s) {
  if (s.size() > 1) return NotFoundIn("Ressursen", c.request);
  return Serve(c, {{"GET", [&] { return ListEvents(c); }}});
}

// ---- Files -----------------------------------------------------------------------------------

Response UploadFile(const ApiContext& c) {
  if (auto denied = RequireWriter(c)) return *denied;
  QueryParams params(c.request, {"name"});
  std::string name = params.String("name");
  if (name.empty()) params.Reject("name", "Oppgi filnavnet");
  if (!params.ok()) return params.Error();
  app::Upload upload{name, MediaType(c.request.content_type), c.request.body};
  auto file = c.services.registry.UploadEvidence(c.principal->actor, upload);
  if (!file.ok()) return StatusProblem(file.status(), c.request);
  Json j = formats::ToJson(*file);
  j["links"] = {{"self", "/api/v1/files/" + file->id}};
  return Created(j, "/api/v1/files/" + file->id);
}

Response DownloadFile(const ApiContext& c, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  static const domain::Actor kAnonymous;
  const domain::Actor& actor = c.principal != nullptr ? c.principal->actor : kAnonymous;
  auto file = app::ReadEvidence(c.services, actor, id);
  if (!file.ok()) return StatusProblem(file.status(), c.request);
  const domain::EvidenceFile& meta = file->first;
  Response r = Response::Text(200, meta.content_type, std::move(file->second));
  r.etag = "\"" + meta.sha256 + "\"";
  // Files of a public declaration may be cached; others only by the owner's client.
  if (actor.org_id == meta.org_id) r.cache_control = kPrivateCache;
  std::string safe_name;
  for (char ch : meta.name) safe_name += (ch == '"' || ch == '\\' || ch < 0x20) ? '_' : ch;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe_name + "\"");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Response Files(const ApiContext& c, const Segments& s) {
  if (s.size() > 2) return NotFoundIn("Ressursen", c.request);
  if (s.size() == 1) return Serve(c, {{"POST", [&] { return UploadFile(c); }}});
  return Serve(c, {{"GET", [&] { return DownloadFile(c, s[1]); }}});
}

}  // namespace

const std::vector<MutationRoute>& RegistryApiMutations() {
  static const std::vector<MutationRoute> routes = {
      {"POST", "/api/v1/products"},
      {"PATCH", "/api/v1/products/{product}"},
      {"POST", "/api/v1/products/{product}/versions"},
      {"PATCH", "/api/v1/products/{product}/versions/{version}"},
      {"POST", "/api/v1/deployments"},
      {"PATCH", "/api/v1/deployments/{deployment}"},
      {"DELETE", "/api/v1/deployments/{deployment}"},
      {"POST", "/api/v1/declarations"},
      {"PUT", "/api/v1/declarations/{declaration}/answers"},
      {"POST", "/api/v1/declarations/{declaration}/submit"},
      {"POST", "/api/v1/declarations/{declaration}/publish"},
      {"POST", "/api/v1/declarations/{declaration}/withdraw"},
      {"POST", "/api/v1/declarations/{declaration}/return-to-draft"},
      {"POST", "/api/v1/files"},
  };
  return routes;
}

bool IsRegistryResource(const std::string& resource) {
  static const std::set<std::string> resources = {
      "products", "deployments", "declarations", "files", "events", "suppliers", "webhooks"};
  return resources.count(resource) > 0 || IsApprovalResource(resource);
}

Response HandleRegistryApi(const ApiContext& context, const std::vector<std::string>& segments) {
  Response r;
  const std::string& resource = segments.empty() ? std::string() : segments[0];
  if (resource == "products") {
    r = Products(context, segments);
  } else if (resource == "deployments") {
    r = Deployments(context, segments);
  } else if (resource == "declarations") {
    r = HandleDeclarations(context, segments);
  } else if (resource == "files") {
    r = Files(context, segments);
  } else if (resource == "events") {
    r = Events(context, segments);
  } else if (resource == "suppliers") {
    r = Suppliers(context, segments);
  } else if (resource == "webhooks") {
    r = HandleWebhooksApi(context, segments);
  } else if (IsApprovalResource(resource)) {
    r = HandleApprovalApi(context, segments);
  } else {
    r = NotFoundIn("Ressursen", context.request);
  }
  // What a token may see differs from what anonymous visitors see.
  r.headers.emplace_back("Vary", "Authorization");
  return r;
}

}  // namespace helsekrav::http::api
