#include "http/message.h"

#include "core/text.h"
#include "trust/encoding.h"

namespace helsekrav::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (plus_is_space && in[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t code = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;  // continuation byte, overlong lead (C0, C1) or past U+10FFFF
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10ffff)) ||
        (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

bool ParseTarget(const std::string& target, std::string& path,
                 std::multimap<std::string, std::string>& query) {
  std::size_t q = target.find('?');
  if (!Decode(target.substr(0, q), path, false) || !IsValidUtf8(path)) return false;
  if (q == std::string::npos) return true;
  return ParseQueryString(std::string_view(target).substr(q + 1), query);
}

bool ParseQueryString(std::string_view text, std::multimap<std::string, std::string>& query) {
  for (const std::string& pair : Split(text, '&')) {
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key;
    std::string value;
    if (!Decode(pair.substr(0, eq), key, true)) return false;
    if (eq != std::string::npos && !Decode(pair.substr(eq + 1), value, true)) return false;
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) return false;
    query.emplace(std::move(key), std::move(value));
  }
  return true;
}

std::string PercentEncode(const std::string& text) { return helsekrav::PercentEncode(text, ","); }

std::string StrongEtag(const std::string& body) {
  // The first 128 bits of the SHA-256, in hex.
  return "\"" + trust::Hex(trust::HashBytes(trust::Sha256(body)).substr(0, 16)) + "\"";
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty() || etag.empty()) return false;
  for (std::string candidate : Split(if_none_match, ',')) {
    std::size_t b = candidate.find_first_not_of(" \t");
    std::size_t e = candidate.find_last_not_of(" \t");
    if (b == std::string::npos) continue;
    candidate = candidate.substr(b, e - b + 1);
    if (candidate == "*" || candidate == etag) return true;  // strong comparison
  }
  return false;
}

std::string CookieValue(const std::string& cookie_header, const std::string& name) {
  for (const std::string& part : Split(cookie_header, ';')) {
    std::size_t start = part.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    std::string_view pair = std::string_view(part).substr(start);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
  }
  return "";
}

std::string SetCookie(const std::string& name, const std::string& value, long max_age_seconds,
                      bool secure) {
  std::string cookie = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
  if (secure) cookie += "; Secure";
  return cookie;
}

Response Redirect(const std::string& location) {
  Response r = Response::Text(303, "text/plain; charset=utf-8", "Se " + location + "\n");
  r.cache_control = "no-store";
  r.headers.emplace_back("Location", location);
  return r;
}

std::string LoggableTarget(const std::string& target) {
  std::size_t q = target.find('?');
  if (q == std::string::npos) return target;
  std::string out = target.substr(0, q + 1);
  std::size_t pos = q + 1;
  while (pos <= target.size()) {
    std::size_t amp = target.find('&', pos);
    std::string pair = target.substr(pos, amp == std::string::npos ? amp : amp - pos);
    std::string name = pair.substr(0, pair.find('='));
    bool secret = name == "token" || name == "code" || name == "state";
    out += secret ? name + "=REDACTED" : pair;
    if (amp == std::string::npos) break;
    out += '&';
    pos = amp + 1;
  }
  return out;
}

}  // namespace helsekrav::http
