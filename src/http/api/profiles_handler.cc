// GET /api/v1/profiles[/{key}[/versions|/diff]]
#include <set>

#include "domain/catalog_query.h"
#include "domain/diff.h"
#include "http/api/handlers.h"
#include "http/api/versioned_json.h"

namespace helsekrav::http::api {
namespace {

using domain::Profile;
using domain::ProfileVersion;

// The profile version with each item resolved against the requirement in force on `at`.
Json ProfileJson(const app::Snapshot& s, const Profile& p, const ProfileVersion& v, Date at) {
  Json j = VersionJson("profiles", p.key, formats::ToJson(v), v.version,
                       domain::StatusAt(v.valid_from, v.valid_to, at),
                       "/profiler/" + PercentEncode(p.key));
  Json items = Json::array();
  for (const auto& item : v.items) {
    const domain::Requirement* r = s.FindRequirement(item.requirement);
    if (r == nullptr) continue;  // the catalog's rules make this impossible
    const auto& rv = domain::VersionAt(*r, at);
    Json i;
    i["key"] = r->key;
    i["title"] = rv.title;
    i["area"] = std::string(domain::Code(rv.area));
    i["requirement_obligation"] = std::string(domain::Code(rv.obligation));
    auto effective = domain::EffectiveObligation(rv.obligation, item.obligation);
    i["obligation"] = std::string(domain::Code(effective));
    i["tightened"] = effective != rv.obligation;
    items.push_back(std::move(i));
  }
  j["requirements"] = std::move(items);
  return j;
}

Response List(const Request& request, const app::Snapshot& s) {
  std::set<std::string> names = {"category", "actor_type", "status", "at", "q"};
  names.insert(kPageParams.begin(), kPageParams.end());
  QueryParams params(request, names);
  domain::ProfileQuery query;
  query.at = params.DateOr("at", s.today());
  std::vector<std::string> category_keys;
  for (const auto& c : s.catalog().categories) category_keys.push_back(c.key);
  query.categories = params.Keys("category", category_keys, "kategori");
  query.actor_types = params.Enums<domain::ActorType>("actor_type");
  query.statuses = params.Enums<domain::RequirementStatus>("status");
  query.q = params.String("q");
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();
  auto hits = domain::FindProfiles(s.catalog(), s.tree(), query);
  Json items = Json::array();
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    items.push_back(ProfileJson(s, *hits[i].profile, *hits[i].version, query.at));
  }
  Json body = Envelope(request, page, hits.size(), std::move(items));
  body["at"] = query.at.ToIso();
  return JsonOk(body);
}

Response Get(const Request& request, const app::Snapshot& s, const Profile& p) {
  QueryParams params(request, {"at", "version"});
  Date at = params.DateOr("at", s.today());
  int number = params.Int("version", 0, 1, static_cast<int>(p.versions.size()));
  if (!params.ok()) return params.Error();
  const ProfileVersion& v = number > 0 ? *domain::FindVersion(p, number) : domain::VersionAt(p, at);
  Json j = ProfileJson(s, p, v, at);
  j["latest_version"] = p.versions.back().version;
  j["history"] = HistoryJson(p.versions, at);
  return JsonOk(j);
}

}  // namespace

Response HandleProfiles(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (rest.empty()) return List(request, s);
  const Profile* p = s.FindProfile(rest[0]);
  if (p == nullptr) return NotFound("Kravprofilen «" + rest[0] + "»", request.target);
  if (rest.size() == 1) return Get(request, s, *p);
  if (rest.size() == 2 && rest[1] == "versions") {
    return VersionsResponse(request, s.today(), *p,
                            [&](const auto& v, Date at) { return ProfileJson(s, *p, v, at); });
  }
  if (rest.size() == 2 && rest[1] == "diff") return DiffResponse(request, *p);
  return NotFound("Ressursen", request.target);
}

}  // namespace helsekrav::http::api
