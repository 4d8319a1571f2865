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

// A single record: no parameters are accepted, and a path deeper than /{key} does not exist.
template <typename T, typename Render>
Response Detail(const Request& request, const Segments& rest, const T* record,
                const std::string& what, Render render) {
  if (record == nullptr) return NotFound(what + " «" + rest[0] + "»", request.target);
  if (rest.size() > 1) return NotFound("Ressursen", request.target);
  QueryParams params(request, {});
  if (!params.ok()) return params.Error();
  return JsonOk(render(*record));
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
  return Detail(request, rest, s.FindScheme(rest[0]), "Godkjenningsordningen", render);
}

Response HandleOrganisations(const Request& request, const app::Snapshot& s, const Segments& rest) {
  auto render = [&](const domain::Organisation& o) {
    Json j = WithLinks(formats::ToJson(o), "/api/v1/organisations/", "", o.key);
    Json owns = Json::array();
    for (const auto& a : s.catalog().approval_schemes) {
      if (a.owner == o.key) owns.push_back(a.key);
    }
    j["approval_schemes"] = std::move(owns);
    return j;
  };
  if (rest.empty()) {
    QueryParams params(request, Names({"kind", "county", "q"}));
    domain::OrganisationQuery query;
    query.kinds = params.Enums<domain::OrganisationKind>("kind");
    std::set<std::string> counties;
    for (const auto& o : s.catalog().organisations) {
      if (!o.county_number.empty()) counties.insert(o.county_number);
    }
    auto county = params.Keys("county", {counties.begin(), counties.end()}, "fylkesnummer");
    if (county.size() > 1) params.Reject("county", "Oppgi ett fylkesnummer");
    if (!county.empty()) query.county = county.front();
    query.q = params.String("q");
    return ListOf(request, params, domain::FindOrganisations(s.catalog(), query), render);
  }
  return Detail(request, rest, s.FindOrganisation(rest[0]), "Organisasjonen", render);
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
      if (parents.empty() || std::find(parents.begin(), parents.end(), c.parent) != parents.end()) {
        hits.push_back(&c);
      }
    }
    return ListOf(request, params, hits, render);
  }
  return Detail(request, rest, s.FindCategory(rest[0]), "Kategorien", render);
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
  return Detail(request, rest, s.FindService(rest[0]), "Samhandlingstjenesten", render);
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
  return Detail(request, rest, s.FindSolution(rest[0]), "Den nasjonale løsningen", render);
}

}  // namespace helsekrav::http::api
