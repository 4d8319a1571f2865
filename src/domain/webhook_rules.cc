#include "domain/webhook_rules.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <set>

namespace helsekrav::domain {
namespace {

constexpr char kUrlField[] = "url";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

// IPv4 in host byte order.
bool IsPublicV4(std::uint32_t a) {
  struct Range {
    std::uint32_t net;
    int bits;
  };
  static constexpr std::array<Range, 15> kReserved = {{
      {0x00000000, 8},   // "this" network, 0.0.0.0
      {0x0A000000, 8},   // private
      {0x64400000, 10},  // carrier-grade NAT
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // link-local (cloud metadata lives here)
      {0xAC100000, 12},  // private
      {0xC0000000, 24},  // IETF protocol assignments
      {0xC0000200, 24},  // documentation
      {0xC0586300, 24},  // 6to4 relay anycast
      {0xC0A80000, 16},  // private
      {0xC6120000, 15},  // benchmarking
      {0xC6336400, 24},  // documentation
      {0xCB007100, 24},  // documentation
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved, broadcast
  }};
  for (const Range& r : kReserved) {
    std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.net) return false;
  }
  return true;
}

std::uint32_t V4(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}

bool IsV4Mapped(const unsigned char* b) {
  static constexpr unsigned char kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(b, kPrefix, sizeof kPrefix) == 0;
}

bool IsPublicV6(const unsigned char* b) {
  if (IsV4Mapped(b)) return IsPublicV4(V4(b + 12));
  // Only global unicast (2000::/3) is public; within it, leave out documentation (2001:db8::/32)
  // and the ranges that tunnel to IPv4 or other networks (2002::/16 6to4, 2001::/32 Teredo).
  if ((b[0] & 0xE0) != 0x20) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;
  if (b[0] == 0x20 && b[1] == 0x02) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return false;
  return true;
}

std::string StripBrackets(const std::string& host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

const std::vector<WebhookEventType>& WebhookEventTypes() {
  static const std::vector<WebhookEventType> kTypes = {
      {"approval.issued", "Godkjenning utstedt"},
      {"approval.renewed", "Godkjenning fornyet"},
      {"approval.suspended", "Godkjenning suspendert"},
      {"approval.reinstated", "Godkjenning gjeninnsatt"},
      {"approval.revoked", "Godkjenning tilbakekalt"},
      {"approval.expired", "Godkjenning utløpt"},
      {"approval.expiry_warning", "Varsel om at en godkjenning snart utløper"},
      {"label.issued", "Samsvarsmerke tildelt"},
      {"label.withdrawn", "Samsvarsmerke trukket tilbake"},
      {"declaration.published", "Erklæring publisert"},
      {"declaration.withdrawn", "Erklæring trukket tilbake"},
      {"declaration.needs_review", "Erklæring må vurderes på nytt"},
  };
  return kTypes;
}

bool IsWebhookEventType(const std::string& type) {
  const auto& types = WebhookEventTypes();
  return std::any_of(types.begin(), types.end(),
                     [&](const WebhookEventType& t) { return t.type == type; });
}

std::string WebhookEventTypeOf(const std::string& entity_kind, const std::string& action) {
  return entity_kind + "." + action;
}

Result<WebhookUrl> ParseWebhookUrl(const std::string& url) {
  const Status bad = Status::Invalid(
      kUrlField, "Adressen må være en fullstendig nettadresse, for eksempel https://example.no/hk");
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad;
  WebhookUrl out;
  out.scheme = Lower(url.substr(0, scheme_end));
  if (out.scheme != "https" && out.scheme != "http") return bad;
  for (unsigned char ch : url) {
    if (ch <= 0x20 || ch == 0x7f) {
      return Status::Invalid(kUrlField, "Adressen kan ikke inneholde mellomrom eller kontrolltegn");
    }
  }
  std::size_t authority_start = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  std::string authority = url.substr(authority_start, authority_end == std::string::npos
                                                          ? std::string::npos
                                                          : authority_end - authority_start);
  if (authority.find('@') != std::string::npos) {
    return Status::Invalid(kUrlField, "Adressen kan ikke inneholde brukernavn eller passord");
  }
  if (url.find('#') != std::string::npos) {
    return Status::Invalid(kUrlField, "Adressen kan ikke ha et fragment (#…)");
  }
  std::string host = authority;
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return bad;
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad;
      port = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  out.host = Lower(StripBrackets(host));
  if (out.host.empty()) return bad;
  out.port = out.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(),
                                        [](unsigned char ch) { return std::isdigit(ch) != 0; })) {
      return bad;
    }
    out.port = std::stoi(port);
    if (out.port < 1 || out.port > 65535) return bad;
  }
  return out;
}

bool IsPublicAddress(const std::string& ip) {
  unsigned char buf[16];
  std::string host = StripBrackets(ip);
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return IsPublicV4(V4(buf));
  if (inet_pton(AF_INET6, host.c_str(), buf) == 1) return IsPublicV6(buf);
  return false;
}

bool IsLoopbackAddress(const std::string& ip) {
  unsigned char buf[16];
  std::string host = StripBrackets(ip);
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return buf[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), buf) != 1) return false;
  if (IsV4Mapped(buf)) return buf[12] == 127;
  static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(buf, kLoopback, sizeof kLoopback) == 0;
}

Status ValidateWebhookUrl(const std::string& url, bool allow_http_loopback) {
  if (url.empty()) return Status::Invalid(kUrlField, "Skriv inn adressen som skal motta varslene");
  if (url.size() > kMaxWebhookUrlLength) {
    return Status::Invalid(
        kUrlField, "Adressen kan være høyst " + std::to_string(kMaxWebhookUrlLength) + " tegn");
  }
  auto parsed = ParseWebhookUrl(url);
  if (!parsed.ok()) return parsed.status();
  bool loopback_allowed = allow_http_loopback && IsLoopbackAddress(parsed->host);
  if (parsed->scheme != "https" && !loopback_allowed) {
    return Status::Invalid(kUrlField, "Adressen må begynne med https://");
  }
  if (loopback_allowed) return Status::Ok();
  const std::string& host = parsed->host;
  bool local_name = host == "localhost" ||
                    (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0);
  // Legacy numeric forms (127.1, 0x7f000001, 2130706433) that inet_aton reads but inet_pton
  // does not: the resolver would turn them into any address, so they are refused outright.
  in_addr legacy{};
  if (!IsIpLiteral(host) && inet_aton(host.c_str(), &legacy) != 0) {
    return Status::Invalid(kUrlField,
                           "Skriv IP-adressen på vanlig form, for eksempel 203.0.113.5, eller "
                           "bruk et vertsnavn");
  }
  if (local_name || (IsIpLiteral(host) && !IsPublicAddress(host))) {
    return Status::Invalid(kUrlField,
                           "Adressen peker til et internt eller privat nett; bruk en offentlig "
                           "adresse");
  }
  return Status::Ok();
}

Status ValidateWebhookEventTypes(const std::vector<std::string>& types) {
  if (types.empty()) {
    return Status::Invalid("event_types", "Velg minst én hendelsestype");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < types.size(); ++i) {
    std::string field = "event_types[" + std::to_string(i) + "]";
    if (!IsWebhookEventType(types[i])) {
      return Status::Invalid(field, "Ukjent hendelsestype «" + types[i] + "»");
    }
    if (!seen.insert(types[i]).second) {
      return Status::Invalid(field, "Hendelsestypen «" + types[i] + "» er valgt to ganger");
    }
  }
  return Status::Ok();
}

Status ValidateWebhookDescription(const std::string& description) {
  if (description.size() > kMaxWebhookDescriptionLength) {
    return Status::Invalid(
        "description",
        "Beskrivelsen kan være høyst " + std::to_string(kMaxWebhookDescriptionLength) + " tegn");
  }
  return Status::Ok();
}

std::int64_t WebhookRetryDelay(int failed_attempts) {
  std::int64_t delay = kWebhookFirstRetrySeconds;
  for (int i = 1; i < failed_attempts && delay < kWebhookMaxRetrySeconds; ++i) delay *= 4;
  return std::min(delay, kWebhookMaxRetrySeconds);
}

}  // namespace helsekrav::domain
