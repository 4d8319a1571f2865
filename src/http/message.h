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

// Why the session could not hand over a complete request. The router answers these (as
// problem+json under /api/, as a page elsewhere), so that users see a readable message.
enum class RequestError {
  kNone,
  kBodyTooLarge,  // 413: over the body limit of the path; `body` is empty
  kBadTarget,     // 400: malformed percent-encoding or invalid UTF-8 in the path or query
};

struct Request {
  std::string method;  // "GET"
  std::string target;  // raw request target, e.g. "/api/v1/requirements?area=eu"
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded parameters
  std::string if_none_match;
  std::string body;
  std::string content_type;   // Content-Type header
  std::string cookie;         // Cookie header
  std::string authorization;  // Authorization header ("Bearer …")
  std::string origin;         // Origin header, for CSRF checks on forms
  std::string host;           // Host header
  // The client's address (http/client_address.h: the peer, or from X-Forwarded-For when the
  // peer is a trusted proxy), e.g. "192.0.2.1" or "2001:db8::1".
  std::string client_address;
  // The key per-client rate limits count under: client_address for IPv4, its /64 network
  // ("2001:db8:1:2::/64") for IPv6.
  std::string remote_address;
  RequestError error = RequestError::kNone;
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

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Splits a target into its decoded path and query parameters. Returns false on malformed
// percent-encoding or when a decoded path, name or value is not valid UTF-8.
bool ParseTarget(const std::string& target, std::string& path,
                 std::multimap<std::string, std::string>& query);
// Decodes "a=1&b=%C3%A6+x" ('+' is a space) into `query`. Returns false on bad encoding or
// invalid UTF-8.
bool ParseQueryString(std::string_view text, std::multimap<std::string, std::string>& query);
// Percent-encodes for a URL's path or query; commas stay (they separate list values).
std::string PercentEncode(const std::string& text);

// The target as it may be logged: values of parameters that carry one-time secrets (password
// reset tokens, OpenID Connect codes and states) are replaced by "REDACTED".
std::string LoggableTarget(const std::string& target);

// A strong ETag for `body` (quoted hex of the first 128 bits of its SHA-256).
std::string StrongEtag(const std::string& body);
// True when an If-None-Match header value matches `etag` ("*" or one of a comma list).
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace helsekrav::http
