#pragma once
// Shared pieces of the JSON API handlers: problem+json errors (RFC 9457), query-parameter
// parsing that rejects unknown names and values with the allowed list, pagination envelopes.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "core/status.h"
#include "domain/vocabulary.h"
#include "formats/catalog_json.h"
#include "http/message.h"

namespace helsekrav::http::api {

using formats::Json;

struct InvalidParam {
  std::string name;
  std::string reason;
  std::vector<std::string> allowed;
};

// An application/problem+json response. `type` is a short slug such as "invalid-parameter".
Response Problem(int status, const std::string& type, const std::string& title,
                 const std::string& detail, const std::string& instance,
                 const std::vector<InvalidParam>& invalid = {});
Response ProblemFromStatus(const Status& status, const std::string& instance);
Response NotFound(const std::string& what, const std::string& instance);
Response MethodNotAllowed(const std::string& allow, const std::string& instance);

// A 200 JSON response with a strong ETag.
Response JsonOk(const Json& body);

// Reads query parameters. Every name must be declared; values are checked as they are read.
// After reading, check ok() and return Error() if not.
class QueryParams {
 public:
  QueryParams(const Request& request, const std::set<std::string>& allowed_names);

  // Comma-separated codes, also repeated (?area=eu,security or ?area=eu&area=security).
  template <typename E>
  std::vector<E> Enums(const std::string& name) {
    std::vector<E> out;
    for (const std::string& code : Values(name)) {
      if (auto e = domain::Parse<E>(code)) {
        out.push_back(*e);
      } else {
        Reject(name, "Ukjent verdi «" + code + "»", domain::AllCodes<E>());
      }
    }
    return out;
  }
  // Keys that must exist in `known`.
  std::vector<std::string> Keys(const std::string& name, const std::vector<std::string>& known,
                                const std::string& what);
  std::string String(const std::string& name);
  Date DateOr(const std::string& name, Date fallback);
  int Int(const std::string& name, int fallback, int min, int max);

  void Reject(const std::string& name, const std::string& reason,
              std::vector<std::string> allowed = {});
  bool ok() const { return invalid_.empty(); }
  Response Error() const;

 private:
  std::vector<std::string> Values(const std::string& name);

  const Request& request_;
  std::vector<InvalidParam> invalid_;
};

// Pagination over `total` items: which slice to show and the envelope around it.
struct Page {
  int page = 1;
  int per_page = 50;
  std::size_t begin(std::size_t total) const;
  std::size_t end(std::size_t total) const;
};
constexpr int kDefaultPerPage = 50;
constexpr int kMaxPerPage = 500;
Page ReadPage(QueryParams& params);

// {"items": [...], "total": n, "page": p, "per_page": k, "links": {...}} and `extra` fields.
Json Envelope(const Request& request, const Page& page, std::size_t total, Json items);

// The common list parameters every list accepts.
inline const std::set<std::string> kPageParams = {"page", "per_page"};

}  // namespace helsekrav::http::api
