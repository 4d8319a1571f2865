#pragma once
// The HTTP request and response as handlers see them: parsed, socket-free values. The session
// (server.cc) turns Beast messages into these and back.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace helsekrav::http {

struct Request {
  std::string method;  // "GET"
  std::string target;  // raw request target, e.g. "/api/v1/requirements?area=eu"
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded parameters
  std::string if_none_match;
  std::string body;
  std::string content_type;    // Content-Type header
  std::string cookie;          // Cookie header
  std::string authorization;   // Authorization header ("Bearer …")
  std::string origin;          // Origin header, for CSRF checks on forms
  std::string remote_address;  // the peer's IP address, for rate limits
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::shared_ptr<const std::string> body;  // shared with a snapshot when pre-rendered
  std::string etag;                         // quoted strong ETag, or empty
  std::string cache_control = "no-cache";   // revalidate with the ETag
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Text(int status, std::string content_type, std::string body) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::make_shared<const std::string>(std::move(body));
    return r;
  }
};

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& cookie_header, const std::string& name);
// A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure when `secure`; Max-Age when
// max_age_seconds >= 0 (0 deletes the cookie).
std::string SetCookie(const std::string& name, const std::string& value, long max_age_seconds,
                      bool secure);
// A 303 See Other to `location` (after a form post), with optional extra headers.
Response Redirect(const std::string& location);

// Splits a target into its decoded path and query parameters. Returns false on malformed
// percent-encoding.
bool ParseTarget(const std::string& target, std::string& path,
                 std::multimap<std::string, std::string>& query);
// Decodes "a=1&b=%C3%A6+x" ('+' is a space) into `query`. Returns false on bad encoding.
bool ParseQueryString(std::string_view text, std::multimap<std::string, std::string>& query);
std::string PercentEncode(const std::string& text);

// The target as it may be logged: values of parameters that carry one-time secrets (password
// reset tokens, OpenID Connect codes and states) are replaced by "REDACTED".
std::string LoggableTarget(const std::string& target);

// A strong ETag for `body` (quoted hex of the first 128 bits of its SHA-256).
std::string StrongEtag(const std::string& body);
// True when an If-None-Match header value matches `etag` ("*" or one of a comma list).
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace helsekrav::http
