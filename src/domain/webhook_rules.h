#pragma once
// Rules of webhooks: which event types exist, what a webhook address may be (the guard against
// server-side request forgery), and when a failed delivery is tried again. Pure functions;
// thread-safe.
//
// Validation returns Status::Invalid with `field` naming the offending field ("url",
// "event_types") and a Norwegian message a user can act on.

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace helsekrav::domain {

constexpr std::size_t kMaxWebhooksPerOrg = 10;
constexpr std::size_t kMaxWebhookUrlLength = 2000;
constexpr std::size_t kMaxWebhookDescriptionLength = 500;
// A delivery is given up ("failed") after this many attempts.
constexpr int kMaxWebhookAttempts = 8;
constexpr std::int64_t kWebhookFirstRetrySeconds = 30;
constexpr std::int64_t kWebhookMaxRetrySeconds = std::int64_t{6} * 3600;

struct WebhookEventType {
  std::string type;   // "<entity kind>.<action>" of the audit event, e.g. "approval.issued"
  std::string label;  // Norwegian, for the registration form
};
// Every event type a webhook can subscribe to, in display order.
const std::vector<WebhookEventType>& WebhookEventTypes();
bool IsWebhookEventType(const std::string& type);
// The event type of an audit event: entity_kind + "." + action.
std::string WebhookEventTypeOf(const std::string& entity_kind, const std::string& action);

// The parts of an absolute http(s) URL that the guard needs.
struct WebhookUrl {
  std::string scheme;  // "https" or "http", lower-case
  std::string host;    // lower-case; an IPv6 literal without its brackets
  int port = 0;        // explicit or the scheme's default
};
// Invalid("url", …) unless `url` is an absolute http(s) URL without user info or fragment.
Result<WebhookUrl> ParseWebhookUrl(const std::string& url);

// True for an IP literal (IPv4 or IPv6) in the public internet: not loopback, private
// (RFC 1918, unique local fc00::/7), link-local, carrier-grade NAT, unspecified, multicast,
// documentation or otherwise reserved. IPv4-mapped IPv6 addresses are judged as IPv4. False for
// anything that is not an IP literal.
bool IsPublicAddress(const std::string& ip);
// True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z).
bool IsLoopbackAddress(const std::string& ip);

// A webhook address: https (or, when `allow_http_loopback`, http to a loopback IP literal), at
// most kMaxWebhookUrlLength characters, and not "localhost" or an IP literal outside the public
// internet. Host names are resolved, and every address checked, when sending.
Status ValidateWebhookUrl(const std::string& url, bool allow_http_loopback);
// At least one type, each from WebhookEventTypes(), none repeated.
Status ValidateWebhookEventTypes(const std::vector<std::string>& types);
Status ValidateWebhookDescription(const std::string& description);

// Seconds to wait after `failed_attempts` (≥ 1) failures before the next attempt:
// kWebhookFirstRetrySeconds · 4^(failed_attempts − 1), at most kWebhookMaxRetrySeconds.
std::int64_t WebhookRetryDelay(int failed_attempts);

}  // namespace helsekrav::domain
