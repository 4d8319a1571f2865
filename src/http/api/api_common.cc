#include "http/api/api_common.h"

#include <algorithm>

#include "core/text.h"

namespace helsekrav::http::api {

Response Problem(int status, const std::string& type, const std::string& title,
                 const std::string& detail, const std::string& instance,
                 const std::vector<InvalidParam>& invalid) {
  Json j;
  j["type"] = "/api/v1/problems/" + type;
  j["title"] = title;
  j["status"] = status;
  j["detail"] = detail;
  j["instance"] = instance;
  if (!invalid.empty()) {
    j["invalid_params"] = Json::array();
    for (const auto& p : invalid) {
      Json item;
      item["name"] = p.name;
      item["reason"] = p.reason;
      if (!p.allowed.empty()) item["allowed"] = p.allowed;
      j["invalid_params"].push_back(std::move(item));
    }
  }
  // The instance is the raw request target, which may hold bytes that are not UTF-8 (the
  // session does not refuse them); replace them rather than throw from dump().
  return Response::Text(status, "application/problem+json",
                        j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Response ProblemFromStatus(const Status& status, const std::string& instance) {
  switch (status.code()) {
    case StatusCode::kInvalid:
      return Problem(400, "invalid-request", "Ugyldig forespørsel", status.message(), instance,
                     {{status.field(), status.message(), {}}});
    case StatusCode::kNotFound:
      return Problem(404, "not-found", "Finnes ikke", status.message(), instance);
    case StatusCode::kConflict:
      return Problem(409, "conflict", "Konflikt", status.message(), instance);
    case StatusCode::kForbidden:
      return Problem(403, "forbidden", "Ikke tillatt", status.message(), instance);
    case StatusCode::kUnauthenticated:
      return Problem(401, "unauthenticated", "Ikke innlogget", status.message(), instance);
    case StatusCode::kRateLimited:
      return Problem(429, "rate-limited", "For mange forespørsler", status.message(), instance);
    case StatusCode::kUnavailable:
      return Problem(503, "unavailable", "Tjenesten er midlertidig utilgjengelig",
                     "Databasen svarer ikke. Prøv igjen om litt.", instance);
    case StatusCode::kOk:
    case StatusCode::kInternal:
      break;
  }
  // Internal details stay in the log, never in the response.
  return Problem(500, "internal", "Intern feil", "Noe gikk galt hos oss.", instance);
}

Response NotFound(const std::string& what, const std::string& instance) {
  return Problem(404, "not-found", "Finnes ikke", what + " finnes ikke i katalogen.", instance);
}

Response MethodNotAllowed(const std::string& allow, const std::string& instance) {
  Response r = Problem(405, "method-not-allowed", "Metoden er ikke tillatt",
                       "Denne ressursen støtter bare " + allow + ".", instance);
  r.headers.emplace_back("Allow", allow);
  return r;
}

Response JsonOk(const Json& body) {
  Response r = Response::Text(200, "application/json", body.dump());
  r.etag = StrongEtag(*r.body);
  return r;
}

QueryParams::QueryParams(const Request& request, const std::set<std::string>& allowed_names)
    : request_(request) {
  for (const auto& [name, value] : request.query) {
    if (allowed_names.count(name) == 0) {
      Reject(name, "Ukjent parameter",
             std::vector<std::string>(allowed_names.begin(), allowed_names.end()));
    }
  }
}

std::vector<std::string> QueryParams::Values(const std::string& name) {
  std::vector<std::string> out;
  auto [lo, hi] = request_.query.equal_range(name);
  for (auto it = lo; it != hi; ++it) {
    for (const std::string& v : Split(it->second, ',')) {
      if (!v.empty()) out.push_back(v);
    }
  }
  return out;
}

void QueryParams::Reject(const std::string& name, const std::string& reason,
                         std::vector<std::string> allowed) {
  for (const auto& p : invalid_) {
    if (p.name == name && p.reason == reason) return;
  }
  invalid_.push_back({name, reason, std::move(allowed)});
}

std::vector<std::string> QueryParams::Keys(const std::string& name,
                                           const std::vector<std::string>& known,
                                           const std::string& what) {
  std::vector<std::string> out;
  for (const std::string& key : Values(name)) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      Reject(name, "Ukjent " + what + " «" + key + "»", known);
    } else {
      out.push_back(key);
    }
  }
  return out;
}

std::string QueryParams::String(const std::string& name) {
  auto it = request_.query.find(name);
  return it == request_.query.end() ? std::string() : it->second;
}

Date QueryParams::DateOr(const std::string& name, Date fallback) {
  std::string text = String(name);
  if (text.empty()) return fallback;
  auto date = Date::Parse(text);
  if (!date) Reject(name, "«" + text + "» er ikke en dato på formen ÅÅÅÅ-MM-DD");
  return date.value_or(fallback);
}

int QueryParams::Int(const std::string& name, int fallback, int min, int max) {
  std::string text = String(name);
  if (text.empty()) return fallback;
  bool digits = text.size() <= 9 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  int value = digits ? std::stoi(text) : -1;
  if (!digits || value < min || value > max) {
    Reject(name, "Må være et heltall fra " + std::to_string(min) + " til " + std::to_string(max));
    return fallback;
  }
  return value;
}

Response QueryParams::Error() const {
  std::string detail;
  for (const auto& p : invalid_) {
    detail += (detail.empty() ? "" : " ") + p.name + ": " + p.reason + ".";
    if (!p.allowed.empty() && p.allowed.size() <= 40) {
      detail.pop_back();
      detail += " (tillatt: " + Join(p.allowed, ", ") + ").";
    }
  }
  return Problem(400, "invalid-parameter", "Ugyldig parameter", detail, request_.target, invalid_);
}

std::size_t Page::begin(std::size_t total) const {
  return std::min(total, static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page));
}
std::size_t Page::end(std::size_t total) const {
  return std::min(total, begin(total) + static_cast<std::size_t>(per_page));
}

Page ReadPage(QueryParams& params) {
  Page p;
  p.page = params.Int("page", 1, 1, 1000000);
  p.per_page = params.Int("per_page", kDefaultPerPage, 1, kMaxPerPage);
  return p;
}

namespace {
// The request's target with `page` replaced.
std::string WithPage(const Request& request, int page) {
  std::string out = request.path + "?";
  bool first = true;
  for (const auto& [k, v] : request.query) {
    if (k == "page") continue;
    out += (first ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
    first = false;
  }
  return out + (first ? "" : "&") + "page=" + std::to_string(page);
}
}  // namespace

Json Envelope(const Request& request, const Page& page, std::size_t total, Json items) {
  Json j;
  j["total"] = total;
  j["page"] = page.page;
  j["per_page"] = page.per_page;
  Json links;
  links["self"] = request.target;
  if (page.end(total) < total) links["next"] = WithPage(request, page.page + 1);
  if (page.page > 1) links["prev"] = WithPage(request, page.page - 1);
  j["links"] = std::move(links);
  j["items"] = std::move(items);
  return j;
}

}  // namespace helsekrav::http::api
