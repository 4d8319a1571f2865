#pragma once
// The public, read-only API of the transparency log (app/transparency_log.h, docs/trust.md):
//   GET /api/v1/log/tree-head                       the current signed tree head
//   GET /api/v1/log/entries?start=&end=             entries [start, end), at most 1000
//   GET /api/v1/log/entries/{index}[?download=1]    the signed statement itself (its log bytes)
//   GET /api/v1/log/entries/{index}/proof[?previous_size=N][&download=1]
//   GET /api/v1/log/consistency?first=&second=      a consistency proof between two sizes
//   GET /.well-known/helsekrav-keys.json            the public keys that sign
// Every document is exactly what `helsekrav verify` reads. No authentication: everything in the
// log is public. Responses are revalidated (no-cache, strong ETag) because the log grows.

#include <string>

#include "app/transparency_log.h"
#include "http/message.h"

namespace helsekrav::http::api {

inline constexpr char kKeysDocumentPath[] = "/.well-known/helsekrav-keys.json";

// True for /api/v1/log, everything under it, and the keys document.
bool IsLogPath(const std::string& path);
// Answers a request for an IsLogPath path; 503 when `log` is null (not configured).
Response HandleLogApi(const Request& request, app::TransparencyLog* log);

}  // namespace helsekrav::http::api
