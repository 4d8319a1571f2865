// GET /api/v1/search?q=…&kind=…&area=…&page=&per_page= — full-text search over the snapshot's
// index (search/search_index.h).
#include <algorithm>

#include "core/text.h"
#include "http/api/api_common.h"
#include "http/api/handlers.h"
#include "search/search_index.h"

namespace helsekrav::http::api {
namespace {

using search::DocKind;

constexpr std::size_t kMaxQueryBytes = 200;
constexpr int kSearchMaxPerPage = 100;
constexpr int kSearchDefaultPerPage = 20;

struct Paths {
  std::string_view api;  // under /api/v1/
  std::string_view web;  // Norwegian page path
};

Paths PathsOf(DocKind kind) {
  switch (kind) {
    case DocKind::kRequirement:
      return {"requirements", "krav"};
    case DocKind::kStandard:
      return {"standards", "standarder"};
    case DocKind::kProfile:
      return {"profiles", "profiler"};
    case DocKind::kApprovalScheme:
      return {"approval-schemes", "godkjenningsordninger"};
    case DocKind::kOrganisation:
      return {"organisations", "organisasjoner"};
  }
  return {};
}

std::vector<std::string> KindCodes() {
  std::vector<std::string> codes;
  for (DocKind k : search::kAllDocKinds) codes.emplace_back(search::Code(k));
  return codes;
}

Json FacetJson(const std::vector<search::FacetCount>& counts) {
  Json out = Json::array();
  for (const auto& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}

}  // namespace

Response HandleSearch(const Request& request, const app::Snapshot& s, const Segments& rest) {
  if (!rest.empty()) return NotFound("Ressursen", request.target);
  QueryParams params(request, {"q", "kind", "area", "page", "per_page"});
  search::SearchQuery query;
  query.text = params.String("q");
  if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    params.Reject("q", "Mangler søketekst");
  } else if (query.text.size() > kMaxQueryBytes) {
    params.Reject("q", "Søketeksten kan være høyst " + std::to_string(kMaxQueryBytes) + " tegn");
  }
  for (const std::string& code : Split(params.String("kind"), ',')) {
    if (code.empty()) continue;
    if (auto kind = search::ParseDocKind(code)) {
      query.kinds.push_back(*kind);
    } else {
      params.Reject("kind", "Ukjent verdi «" + code + "»", KindCodes());
    }
  }
  query.areas = params.Enums<domain::Area>("area");
  Page page;
  page.page = params.Int("page", 1, 1, 1000000);
  page.per_page = params.Int("per_page", kSearchDefaultPerPage, 1, kSearchMaxPerPage);
  if (!params.ok()) return params.Error();
  // Deep pages beyond the index's limit are simply empty.
  query.offset = std::min((page.page - 1) * page.per_page, 1000000);
  query.limit = page.per_page;

  const search::SearchIndex* index = s.search();
  if (index == nullptr) {
    return ProblemFromStatus(Status::Unavailable("search index not built"), request.target);
  }
  auto result = index->Search(query);
  if (!result.ok()) return ProblemFromStatus(result.status(), request.target);

  Json items = Json::array();
  for (const search::SearchHit& hit : result->hits) {
    Paths paths = PathsOf(hit.kind);
    std::string key = PercentEncode(hit.key);
    items.push_back({{"kind", search::Code(hit.kind)},
                     {"key", hit.key},
                     {"title", hit.title},
                     {"snippet_html", hit.snippet_html},
                     {"score", hit.score},
                     {"links",
                      {{"self", "/api/v1/" + std::string(paths.api) + "/" + key},
                       {"html", "/" + std::string(paths.web) + "/" + key}}}});
  }
  Json j = Envelope(request, page, result->total, std::move(items));
  j["query"] = query.text;
  j["corrected"] = result->corrected.empty() ? Json() : Json(result->corrected);
  j["facets"] = {{"kind", FacetJson(result->kinds)}, {"area", FacetJson(result->areas)}};
  return JsonOk(j);
}

}  // namespace helsekrav::http::api
