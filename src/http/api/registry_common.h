#pragma once
// Pieces shared by the register's API handlers (registry_api.cc and
// registry_declarations_handler.cc): who may see what, the gate every mutation passes, JSON
// bodies, and the mapping of app/ errors to problem+json. Implemented in registry_api.cc.

#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/api/api_common.h"
#include "http/api/handlers.h"
#include "http/api/registry_api.h"

namespace helsekrav::http::api {

// Responses whose content depends on the caller's token.
inline constexpr const char* kPrivateCache = "private, no-cache";

// The problem for a failed app/ call: Invalid → 422 with invalid_params [{name, reason}],
// Unauthenticated → 401 with WWW-Authenticate: Bearer, the rest as ProblemFromStatus.
Response StatusProblem(const Status& status, const Request& request);
// 422 with the given invalid_params (each {name, reason} and optionally line, column).
Response InvalidBody(const std::string& detail, const Request& request, Json invalid_params);
Response NotFoundIn(const std::string& what, const Request& request);

// nullopt when the caller may attempt a mutation: it has a token (else 401) with the "write"
// scope (else 403). Ownership is app/'s to check.
std::optional<Response> RequireWriter(const ApiContext& context);
// Parses the body as one JSON object (Content-Type application/json or
// application/merge-patch+json; an empty body is {}). Returns the problem on failure.
std::optional<Response> ReadJsonObject(const Request& request, Json& out);
// The media type of a Content-Type header, lower-case, without parameters.
std::string MediaType(const std::string& content_type);

bool OrgApproved(const ApiContext& context, const std::string& org_id);
// Data of an approved organisation, or of the caller's own.
bool OrgVisible(const ApiContext& context, const std::string& org_id);
// Public declarations, or the caller's organisation's own.
bool DeclarationVisible(const ApiContext& context, const domain::Declaration& declaration);
// A declaration without its answers, for lists.
Json DeclarationSummaryJson(const domain::Declaration& declaration);

// A 200 read: public (no-cache + ETag) unless it shows a not yet public organisation's data.
Response ReadResponse(const ApiContext& context, const Json& body, const std::string& owner_org);
Response MutationOk(const Json& body);
Response Created(const Json& body, const std::string& location);
Response NoContent();

// Runs the operation for the request's method (HEAD as GET), else 405 with Allow.
struct Operation {
  const char* method;
  std::function<Response()> run;
};
Response Serve(const ApiContext& context, std::initializer_list<Operation> operations);

std::set<std::string> WithPageParams(std::set<std::string> names);

// For reads of one resource, which take no query parameters: the 400 problem when the query
// has any, else nullopt.
std::optional<Response> RejectQuery(const Request& request);
// The organisation id of the "supplier" parameter (an organisasjonsnummer); "" when absent, or
// (with the parameter rejected in `params`) when no organisation has that number.
std::string SupplierParam(const ApiContext& context, QueryParams& params);
// 200 with the list envelope of `page` of `hits`, each rendered by `render`.
template <typename T, typename Render>
Response PageResponse(const Request& request, const Page& page, const std::vector<const T*>& hits,
                      Render render) {
  Json items = Json::array();
  for (std::size_t i = page.begin(hits.size()); i < page.end(hits.size()); ++i) {
    items.push_back(render(*hits[i]));
  }
  return JsonOk(Envelope(request, page, hits.size(), std::move(items)));
}

// /api/v1/declarations… (registry_declarations_handler.cc).
Response HandleDeclarations(const ApiContext& context, const Segments& segments);

}  // namespace helsekrav::http::api
