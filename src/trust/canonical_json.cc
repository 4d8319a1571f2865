#include "trust/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace helsekrav::trust {

namespace {

constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;

// Decodes strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) into UTF-16
// code units. False on invalid input.
bool ToUtf16(const std::string& text, std::vector<std::uint16_t>* out) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0;
    int extra = 0;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1F;
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0F;
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07;
      extra = 3;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= n && extra > 0) return false;
    for (int k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += 1 + extra;
    if (out == nullptr) continue;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out->push_back(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
      out->push_back(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out->push_back(static_cast<std::uint16_t>(cp));
    }
  }
  return true;
}

Status WriteString(const std::string& text, std::string& out) {
  if (!ToUtf16(text, nullptr)) {
    return Status::Invalid("", "Teksten er ikke gyldig UTF-8 og kan ikke kanoniseres");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return Status::Ok();
}

template <typename Json>
Status Write(const Json& value, std::string& out) {
  using nlohmann::detail::value_t;
  switch (value.type()) {
    case value_t::null:
      out += "null";
      return Status::Ok();
    case value_t::boolean:
      out += value.template get<bool>() ? "true" : "false";
      return Status::Ok();
    case value_t::number_integer: {
      std::int64_t v = value.template get<std::int64_t>();
      if (v > kMaxExactInteger || v < -kMaxExactInteger) {
        return Status::Invalid("", "Heltallet " + std::to_string(v) + " er for stort for JSON");
      }
      out += std::to_string(v);
      return Status::Ok();
    }
    case value_t::number_unsigned: {
      std::uint64_t v = value.template get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(kMaxExactInteger)) {
        return Status::Invalid("", "Heltallet " + std::to_string(v) + " er for stort for JSON");
      }
      out += std::to_string(v);
      return Status::Ok();
    }
    case value_t::number_float: {
      double v = value.template get<double>();
      if (!std::isfinite(v)) return Status::Invalid("", "Tallet er ikke endelig (NaN/uendelig)");
      out += Es6Number(v);
      return Status::Ok();
    }
    case value_t::string:
      return WriteString(value.template get_ref<const std::string&>(), out);
    case value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        HK_RETURN_IF_ERROR(Write(item, out));
      }
      out += ']';
      return Status::Ok();
    }
    case value_t::object: {
      std::vector<std::pair<std::vector<std::uint16_t>, const std::string*>> names;
      names.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) {
        std::vector<std::uint16_t> units;
        if (!ToUtf16(it.key(), &units)) {
          return Status::Invalid("", "Et navn i JSON-objektet er ikke gyldig UTF-8");
        }
        names.emplace_back(std::move(units), &it.key());
      }
      std::sort(names.begin(), names.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ',';
        if (i > 0 && names[i].first == names[i - 1].first) {
          return Status::Invalid("", "JSON-objektet har to medlemmer med samme navn");
        }
        HK_RETURN_IF_ERROR(WriteString(*names[i].second, out));
        out += ':';
        HK_RETURN_IF_ERROR(Write(value.at(*names[i].second), out));
      }
      out += '}';
      return Status::Ok();
    }
    case value_t::binary:
    case value_t::discarded:
      break;
  }
  return Status::Invalid("", "Verdien kan ikke skrives som JSON");
}

template <typename Json>
Result<std::string> Canonical(const Json& value) {
  std::string out;
  HK_RETURN_IF_ERROR(Write(value, out));
  return out;
}

}  // namespace

std::string Es6Number(double value) {
  if (value == 0) return "0";  // also -0
  std::string out;
  if (value < 0) {
    out += '-';
    value = -value;
  }
  // The shortest digits that read back as `value` (std::to_chars guarantees round trip).
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string sci(buffer, result.ptr);
  std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, 1) + (e > 2 ? sci.substr(2, e - 2) : "");
  int exponent = std::stoi(sci.substr(e + 1));
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // ES: value = digits × 10^(n−k)
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

Result<std::string> CanonicalJson(const nlohmann::json& value) { return Canonical(value); }
Result<std::string> CanonicalJson(const nlohmann::ordered_json& value) { return Canonical(value); }

}  // namespace helsekrav::trust
