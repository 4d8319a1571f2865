// GET /api/v1/standards[/{key}]
#include <set>

#include "domain/catalog_query.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"

namespace helsekrav::http::api {
namespace {

Json StandardJson(const domain::Standard& st, Date at) {
  Json j = formats::ToJson(st);
  auto status = domain::StatusAt(st, at);
  j["status"] = status ? Json(std::string(domain::Code(*status))) : Json(nullptr);
  Json links;
  links["self"] = "/api/v1/standards/" + PercentEncode(st.key);
  links["html"] = "/standarder/" + PercentEncode(st.key);
  j["links"] = std::move(links);
  return j;
}

Response List(const Request& request, const app::Snapshot& s) {
  std::set<std::string> names = {"status",          "obligation", "layer", "actor_type",
                                 "normative_level", "sdo",        "at",    "q"};
  names.insert(kPageParams.begin(), kPageParams.end());
  QueryParams params(request, names);
  domain::StandardQuery query;
  query.at = params.DateOr("at", s.today());
  query.statuses = params.Enums<domain::StandardStatus>("status");
  query.obligations = params.Enums<domain::StandardObligation>("obligation");
  query.layers = params.Enums<domain::InteropLayer>("layer");
  query.actor_types = params.Enums<domain::ActorType>("actor_type");
  query.levels = params.Enums<domain::NormativeLevel>("normative_level");
  std::set<std::string> sdos;
  for (const auto& st : s.catalog().standards) sdos.insert(st.sdo);
  query.sdos = params.Keys("sdo", {sdos.begin(), sdos.end()}, "standardiseringsorganisasjon");
  query.q = params.String("q");
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  auto hits = domain::FindStandards(s.catalog(), query);
  Json items = Json::array();
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    items.push_back(StandardJson(*hits[i], query.at));
  }
  Json body = Envelope(request, page, hits.size(), std::move(items));
  body["at"] = query.at.ToIso();
  return JsonOk(body);
}

Response Get(const Request& request, const app::Snapshot& s, const domain::Standard& st) {
  QueryParams params(request, {"at"});
  Date at = params.DateOr("at", s.today());
  if (!params.ok()) return params.Error();
  Json j = StandardJson(st, at);
  Json requirements = Json::array();
  for (const auto& r : s.catalog().requirements) {
    const auto& v = domain::VersionAt(r, at);
    if (std::find(v.standards.begin(), v.standards.end(), st.key) != v.standards.end()) {
      requirements.push_back(r.key);
    }
  }
  j["requirements"] = std::move(requirements);
  return JsonOk(j);
}

}  // namespace

Response HandleStandards(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (rest.empty()) return List(request, s);
  const domain::Standard* st = s.FindStandard(rest[0]);
  if (st == nullptr) return NotFound("Standarden «" + rest[0] + "»", request.target);
  if (rest.size() > 1) return NotFound("Ressursen", request.target);
  return Get(request, s, *st);
}

}  // namespace helsekrav::http::api
