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

// Where a requirement's list item for the snapshot's date is kept among the prepared bodies.
std::string ItemTarget(const std::string& key) { return "#item/requirements/" + key; }

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
  Json envelope = Envelope(request, page, hits.size(), Json::array());
  envelope["at"] = query.at.ToIso();
  // Items for the snapshot's own date were rendered when it was built; splice them in.
  std::string items;
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    if (!items.empty()) items += ',';
    const app::PreparedBody* prepared =
        query.at == s.today() ? s.Prepared(ItemTarget(hits[i].requirement->key)) : nullptr;
    items += prepared != nullptr
                 ? prepared->body
                 : RequirementJson(*hits[i].requirement, *hits[i].version, query.at).dump();
  }
  std::string body = envelope.dump();
  const std::string kEmptyItems = R"("items":[])";
  body.replace(body.find(kEmptyItems), kEmptyItems.size(), R"("items":[)" + items + "]");
  Response r = Response::Text(200, "application/json", std::move(body));
  r.etag = StrongEtag(*r.body);
  return r;
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

}  // namespace

void PrepareRequirementItems(app::Snapshot& snapshot) {
  for (const Requirement& r : snapshot.catalog().requirements) {
    const RequirementVersion& v = domain::VersionAt(r, snapshot.today());
    snapshot.AddPrepared(ItemTarget(r.key),
                         {RequirementJson(r, v, snapshot.today()).dump(), "", "application/json"});
  }
}

Response HandleRequirements(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (rest.empty()) return List(request, s);
  const Requirement* r = s.FindRequirement(rest[0]);
  if (r == nullptr) return NotFound("Kravet «" + rest[0] + "»", request.target);
  if (rest.size() == 1) return Get(request, s, *r);
  if (rest.size() == 2 && rest[1] == "versions") {
    return VersionsResponse(request, s.today(), *r,
                            [&](const auto& v, Date at) { return RequirementJson(*r, v, at); });
  }
  if (rest.size() == 2 && rest[1] == "diff") return DiffResponse(request, *r);
  return NotFound("Ressursen", request.target);
}

}  // namespace helsekrav::http::api
