// GET /api/v1/requirements[/{key}[/versions|/diff]]
#include <algorithm>
#include <set>

#include "domain/catalog_query.h"
#include "domain/diff.h"
#include "http/api/handlers.h"
#include "http/api/versioned_json.h"

namespace helsekrav::http::api {
namespace {

using domain::Requirement;
using domain::RequirementVersion;

std::vector<std::string> OrganisationKeys(const app::Snapshot& s) {
  std::set<std::string> owners;
  for (const auto& r : s.catalog().requirements) {
    for (const auto& v : r.versions) owners.insert(v.owner);
  }
  return {owners.begin(), owners.end()};
}

template <typename T>
std::vector<std::string> AllKeys(const std::vector<T>& items) {
  std::vector<std::string> keys;
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

Json RequirementJson(const Requirement& r, const RequirementVersion& v, Date at) {
  return VersionJson("requirements", r.key, formats::ToJson(v), v.version,
                     domain::StatusAt(v.valid_from, v.valid_to, at),
                     "/krav/" + PercentEncode(r.key));
}

Response List(const Request& request, const app::Snapshot& s) {
  std::set<std::string> names = {"area",     "layer",      "scope", "obligation",
                                 "category", "actor_type", "owner", "integration",
                                 "status",   "at",         "q",     "sort"};
  names.insert(kPageParams.begin(), kPageParams.end());
  QueryParams params(request, names);
  domain::RequirementQuery query;
  query.at = params.DateOr("at", s.today());
  query.areas = params.Enums<domain::Area>("area");
  query.layers = params.Enums<domain::InteropLayer>("layer");
  query.scopes = params.Enums<domain::Scope>("scope");
  query.obligations = params.Enums<domain::Obligation>("obligation");
  query.actor_types = params.Enums<domain::ActorType>("actor_type");
  query.statuses = params.Enums<domain::RequirementStatus>("status");
  query.owners = params.Keys("owner", OrganisationKeys(s), "eier");
  query.integrations =
      params.Keys("integration", AllKeys(s.catalog().national_solutions), "nasjonal løsning");
  query.categories = params.Keys("category", AllKeys(s.catalog().categories), "kategori");
  query.q = params.String("q");
  std::string sort = params.String("sort");
  static const std::vector<std::string> kSorts = {"key",        "-key",        "title", "-title",
                                                  "valid_from", "-valid_from", "area",  "-area"};
  if (!sort.empty()) {
    if (std::find(kSorts.begin(), kSorts.end(), sort) == kSorts.end()) {
      params.Reject("sort", "Ukjent sortering «" + sort + "»", kSorts);
    }
    query.descending = sort[0] == '-';
    std::string field = query.descending ? sort.substr(1) : sort;
    query.sort = field == "title"        ? domain::RequirementSort::kTitle
                 : field == "valid_from" ? domain::RequirementSort::kValidFrom
                 : field == "area"       ? domain::RequirementSort::kArea
                                         : domain::RequirementSort::kKey;
  }
  Page page = ReadPage(params);
  if (!params.ok()) return params.Error();

  auto hits = domain::FindRequirements(s.catalog(), s.tree(), query);
  Json items = Json::array();
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    items.push_back(RequirementJson(*hits[i].requirement, *hits[i].version, query.at));
  }
  Json body = Envelope(request, page, hits.size(), std::move(items));
  body["at"] = query.at.ToIso();
  return JsonOk(body);
}

Response Get(const Request& request, const app::Snapshot& s, const Requirement& r) {
  QueryParams params(request, {"at", "version"});
  Date at = params.DateOr("at", s.today());
  int number = params.Int("version", 0, 1, static_cast<int>(r.versions.size()));
  if (!params.ok()) return params.Error();
  const RequirementVersion& v =
      number > 0 ? *domain::FindVersion(r, number) : domain::VersionAt(r, at);
  Json j = RequirementJson(r, v, at);
  j["latest_version"] = r.versions.back().version;
  j["history"] = HistoryJson(r.versions, at);
  Json profiles = Json::array();
  for (const auto& p : s.catalog().profiles) {
    const auto& items = domain::VersionAt(p, at).items;
    if (std::any_of(items.begin(), items.end(),
                    [&](const auto& i) { return i.requirement == r.key; })) {
      profiles.push_back(p.key);
    }
  }
  j["profiles"] = std::move(profiles);
  return JsonOk(j);
}

Response Versions(const Request& request, const app::Snapshot& s, const Requirement& r) {
  QueryParams params(request, {"at"});
  Date at = params.DateOr("at", s.today());
  if (!params.ok()) return params.Error();
  Json items = Json::array();
  for (const auto& v : r.versions) items.push_back(RequirementJson(r, v, at));
  Json j;
  j["key"] = r.key;
  j["total"] = items.size();
  j["items"] = std::move(items);
  return JsonOk(j);
}

Response DiffVersions(const Request& request, const Requirement& r) {
  QueryParams params(request, {"from", "to"});
  int from = 0;
  int to = 0;
  if (!ReadDiffRange(params, static_cast<int>(r.versions.size()), from, to)) return params.Error();
  return JsonOk(
      DiffJson(r.key, domain::Diff(*domain::FindVersion(r, from), *domain::FindVersion(r, to))));
}

}  // namespace

Response HandleRequirements(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (rest.empty()) return List(request, s);
  const Requirement* r = s.FindRequirement(rest[0]);
  if (r == nullptr) return NotFound("Kravet «" + rest[0] + "»", request.target);
  if (rest.size() == 1) return Get(request, s, *r);
  if (rest.size() == 2 && rest[1] == "versions") return Versions(request, s, *r);
  if (rest.size() == 2 && rest[1] == "diff") return DiffVersions(request, *r);
  return NotFound("Ressursen", request.target);
}

}  // namespace helsekrav::http::api
