// GET /api/v1/approval-schemes, /organisations, /categories, /interoperability-services and
// /national-solutions, each with /{key}. These registries are small and unversioned, so their
// handlers share one list/get shape.
#include <set>

#include "domain/catalog_query.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"

namespace helsekrav::http::api {
namespace {

// A list of already-filtered records, paginated, each rendered by `render`.
template <typename T, typename Render>
Response ListOf(const Request& request, QueryParams& params, const std::vector<const T*>& hits,
                Render render) {
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  Json items = Json::array();
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    items.push_back(render(*hits[i]));
  }
  return JsonOk(Envelope(request, page, hits.size(), std::move(items)));
}

std::set<std::string> Names(std::set<std::string> names) {
  names.insert(kPageParams.begin(), kPageParams.end());
  return names;
}

Json WithLinks(Json j, const std::string& api, const std::string& html, const std::string& key) {
  Json links;
  links["self"] = api + PercentEncode(key);
  if (!html.empty()) links["html"] = html + PercentEncode(key);
  j["links"] = std::move(links);
  return j;
}

template <typename T>
std::vector<std::string> Keys(const std::vector<T>& items) {
  std::vector<std::string> keys;
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

}  // namespace

Response HandleApprovalSchemes(const Request& request, const app::Snapshot& s,
                               const Segments& rest) {
  auto render = [&](const domain::ApprovalScheme& a) {
    Json j = formats::ToJson(a);
    j["verifies"] = s.RequirementsVerifiedBy(a.key);
    return WithLinks(std::move(j), "/api/v1/approval-schemes/", "/godkjenningsordninger/", a.key);
  };
  if (rest.empty()) {
    QueryParams params(request, Names({"owner", "subject", "q"}));
    domain::SchemeQuery query;
    std::set<std::string> owners;
    for (const auto& a : s.catalog().approval_schemes) owners.insert(a.owner);
    query.owners = params.Keys("owner", {owners.begin(), owners.end()}, "eier");
    query.subjects = params.Enums<domain::ApprovalSubject>("subject");
    query.q = params.String("q");
    return ListOf(request, params, domain::FindSchemes(s.catalog(), query), render);
  }
  const auto* a = s.FindScheme(rest[0]);
  if (a == nullptr || rest.size() > 1) {
    return NotFound("Godkjenningsordningen «" + rest[0] + "»", request.target);
  }
  return JsonOk(render(*a));
}

Response HandleOrganisations(const Request& request, const app::Snapshot& s, const Segments& rest) {
  auto render = [](const domain::Organisation& o) {
    return WithLinks(formats::ToJson(o), "/api/v1/organisations/", "", o.key);
  };
  if (rest.empty()) {
    QueryParams params(request, Names({"kind", "county", "q"}));
    domain::OrganisationQuery query;
    query.kinds = params.Enums<domain::OrganisationKind>("kind");
    query.county = params.String("county");
    query.q = params.String("q");
    return ListOf(request, params, domain::FindOrganisations(s.catalog(), query), render);
  }
  const auto* o = s.FindOrganisation(rest[0]);
  if (o == nullptr || rest.size() > 1) {
    return NotFound("Organisasjonen «" + rest[0] + "»", request.target);
  }
  Json j = render(*o);
  Json owns = Json::array();
  for (const auto& a : s.catalog().approval_schemes) {
    if (a.owner == o->key) owns.push_back(a.key);
  }
  j["approval_schemes"] = std::move(owns);
  return JsonOk(j);
}

Response HandleCategories(const Request& request, const app::Snapshot& s, const Segments& rest) {
  auto render = [&](const domain::Category& c) {
    Json j = formats::ToJson(c);
    Json children = Json::array();
    for (const auto& other : s.catalog().categories) {
      if (other.parent == c.key) children.push_back(other.key);
    }
    j["children"] = std::move(children);
    return WithLinks(std::move(j), "/api/v1/categories/", "", c.key);
  };
  if (rest.empty()) {
    QueryParams params(request, Names({"parent"}));
    std::vector<const domain::Category*> hits;
    auto parents = params.Keys("parent", Keys(s.catalog().categories), "kategori");
    for (const auto& c : s.catalog().categories) {
      if (parents.empty() || c.parent == parents.front()) hits.push_back(&c);
    }
    return ListOf(request, params, hits, render);
  }
  const auto* c = s.FindCategory(rest[0]);
  if (c == nullptr || rest.size() > 1) return NotFound("Kategorien «" + rest[0] + "»", request.target);
  return JsonOk(render(*c));
}

Response HandleInteropServices(const Request& request, const app::Snapshot& s,
                               const Segments& rest) {
  auto render = [](const domain::InteropService& x) {
    return WithLinks(formats::ToJson(x), "/api/v1/interoperability-services/", "", x.key);
  };
  if (rest.empty()) {
    QueryParams params(request, Names({"status", "q"}));
    domain::ServiceQuery query;
    query.statuses = params.Enums<domain::ServiceStatus>("status");
    query.q = params.String("q");
    return ListOf(request, params, domain::FindServices(s.catalog(), query), render);
  }
  const auto* x = s.FindService(rest[0]);
  if (x == nullptr || rest.size() > 1) {
    return NotFound("Samhandlingstjenesten «" + rest[0] + "»", request.target);
  }
  return JsonOk(render(*x));
}

Response HandleNationalSolutions(const Request& request, const app::Snapshot& s,
                                 const Segments& rest) {
  auto render = [](const domain::NationalSolution& x) {
    return WithLinks(formats::ToJson(x), "/api/v1/national-solutions/", "", x.key);
  };
  if (rest.empty()) {
    QueryParams params(request, Names({}));
    std::vector<const domain::NationalSolution*> hits;
    for (const auto& x : s.catalog().national_solutions) hits.push_back(&x);
    return ListOf(request, params, hits, render);
  }
  const auto* x = s.FindSolution(rest[0]);
  if (x == nullptr || rest.size() > 1) {
    return NotFound("Den nasjonale løsningen «" + rest[0] + "»", request.target);
  }
  return JsonOk(render(*x));
}

}  // namespace helsekrav::http::api
