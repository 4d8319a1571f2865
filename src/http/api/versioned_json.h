#pragma once
// JSON for versioned records (requirements, profiles): one version with its computed status,
// the history summary, and the structured diff between two versions.

#include <string>

#include "domain/catalog.h"
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

// Reads ?from=&to= for a diff over versions 1..n (default n-1 → n); writes an error response
// into `error` and returns false when invalid.
bool ReadDiffRange(QueryParams& params, int latest, int& from, int& to);

}  // namespace helsekrav::http::api
