#include "http/api/log_api.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "core/date.h"
#include "core/log.h"
#include "core/text.h"
#include "http/api/api_common.h"
#include "trust/statement.h"

namespace helsekrav::http::api {

namespace {

constexpr std::string_view kLogPrefix = "/api/v1/log";
constexpr int kDefaultEntries = 100;
constexpr int kMaxEntries = 1000;
constexpr int kMaxIndex = 999999999;  // what QueryParams::Int reads (nine digits)
constexpr char kKeysCacheControl[] = "public, max-age=300";

Response Failed(const Status& status, const Request& request) {
  if (status.code() == StatusCode::kInternal) {
    LogWarn("transparency log request failed",
            {{"target", request.target}, {"error", status.ToString()}});
  }
  return ProblemFromStatus(status, request.target);
}

// A query parameter the log rejected (for instance a size beyond the log): 400 naming it.
Response Rejected(const Status& status, const Request& request) {
  std::set<std::string> names;  // all accepted already: only the log's objection is reported
  for (const auto& entry : request.query) names.insert(entry.first);
  QueryParams params(request, names);
  params.Reject(status.field(), status.message());
  return params.Error();
}

Response Attach(Response response, const Request& request, const std::string& filename) {
  auto download = request.query.find("download");
  if (download != request.query.end() && download->second == "1") {
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + filename + "\"");
  }
  return response;
}

bool ReadDownload(QueryParams& params) {
  std::string value = params.String("download");
  if (!value.empty() && value != "1" && value != "0") {
    params.Reject("download", "Må være 1 eller 0", {"0", "1"});
  }
  return value == "1";
}

// "17" → 17; nullopt for anything but up to nine decimal digits.
std::optional<std::uint64_t> ParseIndex(const std::string& text) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(text);
}

Response TreeHeadResponse(const Request& request, app::TransparencyLog& log) {
  QueryParams params(request, {});
  if (!params.ok()) return params.Error();
  auto head = log.TreeHead();
  if (!head.ok()) return Failed(head.status(), request);
  return JsonOk(trust::TreeHeadJson(*head));
}

Json EntryJson(const app::LogEntry& entry) {
  return {{"index", entry.index},
          {"subject_id", entry.subject_id},
          {"created_at", IsoTimestamp(entry.created_at)},
          {"statement", entry.statement}};
}

Response EntriesResponse(const Request& request, app::TransparencyLog& log) {
  QueryParams params(request, {"start", "end"});
  int start = params.Int("start", 0, 0, kMaxIndex);
  int end = params.Int("end", start + kDefaultEntries, 0, kMaxIndex);
  if (params.ok() && end < start) params.Reject("end", "Kan ikke være mindre enn «start»");
  if (!params.ok()) return params.Error();
  end = std::min(end, start + kMaxEntries);
  auto head = log.TreeHead();
  if (!head.ok()) return Failed(head.status(), request);
  // Entries beyond the head just signed are left for the next page (the log may grow meanwhile).
  auto entries =
      log.Entries(static_cast<std::uint64_t>(start),
                  std::min<std::uint64_t>(static_cast<std::uint64_t>(end), head->tree_size));
  if (!entries.ok()) return Failed(entries.status(), request);
  Json items = Json::array();
  for (const app::LogEntry& entry : *entries) items.push_back(EntryJson(entry));
  return JsonOk({{"entries", std::move(items)}, {"tree_size", head->tree_size}});
}

Response StatementResponse(const Request& request, app::TransparencyLog& log, std::uint64_t index) {
  QueryParams params(request, {"download"});
  ReadDownload(params);
  if (!params.ok()) return params.Error();
  auto entry = log.Entry(index);
  if (!entry.ok()) return Failed(entry.status(), request);
  // The stored bytes exactly: the leaf the tree hashes and what `helsekrav verify` reads.
  Response r = Response::Text(200, "application/json", entry->leaf);
  r.etag = StrongEtag(entry->leaf);
  return Attach(std::move(r), request, "helsekrav-utsagn-" + std::to_string(index) + ".json");
}

Response ProofResponse(const Request& request, app::TransparencyLog& log, std::uint64_t index) {
  QueryParams params(request, {"previous_size", "download"});
  ReadDownload(params);
  std::optional<std::uint64_t> previous;
  if (!params.String("previous_size").empty()) {
    previous = static_cast<std::uint64_t>(params.Int("previous_size", 0, 0, kMaxIndex));
  }
  if (!params.ok()) return params.Error();
  auto proof = log.Proof(index, previous);
  if (!proof.ok()) {
    if (proof.status().code() == StatusCode::kInvalid) return Rejected(proof.status(), request);
    return Failed(proof.status(), request);
  }
  return Attach(JsonOk(trust::ProofJson(*proof)), request,
                "helsekrav-bevis-" + std::to_string(index) + ".json");
}

Response ConsistencyResponse(const Request& request, app::TransparencyLog& log) {
  QueryParams params(request, {"first", "second"});
  for (const char* name : {"first", "second"}) {
    if (params.String(name).empty()) params.Reject(name, "Mangler");
  }
  int first = params.Int("first", 0, 0, kMaxIndex);
  int second = params.Int("second", 0, 0, kMaxIndex);
  if (!params.ok()) return params.Error();
  auto proof =
      log.Consistency(static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(second));
  if (!proof.ok()) {
    if (proof.status().code() == StatusCode::kInvalid) return Rejected(proof.status(), request);
    return Failed(proof.status(), request);
  }
  return JsonOk(trust::ConsistencyJson(*proof));
}

Response KeysResponse(const Request& request, app::TransparencyLog& log) {
  QueryParams params(request, {"download"});
  ReadDownload(params);
  if (!params.ok()) return params.Error();
  Response r = Attach(JsonOk(log.keyring().PublicKeysJson()), request, "helsekrav-nokler.json");
  r.cache_control = kKeysCacheControl;
  return r;
}

Response Dispatch(const Request& request, app::TransparencyLog& log) {
  if (request.path == kKeysDocumentPath) return KeysResponse(request, log);
  std::vector<std::string> segments;
  for (std::string& s : Split(std::string_view(request.path).substr(kLogPrefix.size()), '/')) {
    if (!s.empty()) segments.push_back(std::move(s));
  }
  if (segments.size() == 1 && segments[0] == "tree-head") return TreeHeadResponse(request, log);
  if (segments.size() == 1 && segments[0] == "entries") return EntriesResponse(request, log);
  if (segments.size() == 1 && segments[0] == "consistency") {
    return ConsistencyResponse(request, log);
  }
  std::optional<std::uint64_t> index;
  if (segments.size() >= 2 && segments[0] == "entries") index = ParseIndex(segments[1]);
  if (index && segments.size() == 2) return StatementResponse(request, log, *index);
  if (index && segments.size() == 3 && segments[2] == "proof") {
    return ProofResponse(request, log, *index);
  }
  return Problem(404, "not-found", "Finnes ikke",
                 "Ukjent adresse i loggens API. Se /api/v1/openapi.json for hva API-et tilbyr.",
                 request.target);
}

}  // namespace

bool IsLogPath(const std::string& path) {
  if (path == kKeysDocumentPath) return true;
  if (path.rfind(kLogPrefix, 0) != 0) return false;
  return path.size() == kLogPrefix.size() || path[kLogPrefix.size()] == '/';
}

Response HandleLogApi(const Request& request, app::TransparencyLog* log) {
  if (request.method != "GET" && request.method != "HEAD") {
    return MethodNotAllowed("GET, HEAD", request.target);
  }
  if (log == nullptr) {
    return Problem(503, "unavailable", "Tjenesten er midlertidig utilgjengelig",
                   "Transparensloggen er ikke tilgjengelig på denne serveren.", request.target);
  }
  Response response = Dispatch(request, *log);
  // The log grows: clients revalidate (ETag) rather than keep an old tree head.
  if (response.cache_control != kKeysCacheControl) response.cache_control = "no-cache";
  return response;
}

}  // namespace helsekrav::http::api
