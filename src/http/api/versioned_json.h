#pragma once
// JSON for versioned records (requirements, profiles): one version with its computed status,
// the history summary, and the structured diff between two versions.

#include <string>

#include <algorithm>

#include "domain/catalog.h"
#include "domain/catalog_rules.h"
#include "domain/diff.h"
#include "http/api/api_common.h"

namespace helsekrav::http::api {

// The record's version as API JSON: key, uuid, version fields, status on `at`, links.
Json VersionJson(const std::string& collection, const std::string& key, const Json& version_doc,
                 int version, domain::RequirementStatus status, const std::string& html_path);
// [{version, valid_from, valid_to, change_note, status}] for a history.
template <typename V>
Json HistoryJson(const std::vector<V>& versions, Date at);
Json DiffJson(const std::string& key, const domain::VersionDiff& diff);

// GET …/{key}/versions?at=: every version of a requirement or profile, each rendered by
// `render(version, at)`.
template <typename Record, typename Render>
Response VersionsResponse(const Request& request, Date today, const Record& record, Render render) {
  QueryParams params(request, {"at"});
  Date at = params.DateOr("at", today);
  if (!params.ok()) return params.Error();
  Json items = Json::array();
  for (const auto& v : record.versions) items.push_back(render(v, at));
  Json j;
  j["key"] = record.key;
  j["total"] = items.size();
  j["items"] = std::move(items);
  return JsonOk(j);
}

// GET …/{key}/diff?from=&to=: the structured diff between two versions (default n-1 → n).
template <typename Record>
Response DiffResponse(const Request& request, const Record& record) {
  QueryParams params(request, {"from", "to"});
  int latest = static_cast<int>(record.versions.size());
  int to = params.Int("to", latest, 1, latest);
  int from = params.Int("from", std::max(1, to - 1), 1, latest);
  if (!params.ok()) return params.Error();
  return JsonOk(DiffJson(record.key, domain::Diff(*domain::FindVersion(record, from),
                                                  *domain::FindVersion(record, to))));
}

}  // namespace helsekrav::http::api
