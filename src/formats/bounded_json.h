#pragma once
// JSON from untrusted bytes, parsed with limits on size, nesting depth, value count and string
// length. The limits are checked while nlohmann's parser runs, so nothing is built past one:
// a 1 MB body of "[[[[…" or "[[],[],…" would otherwise cost tens of megabytes, and a reader
// that recurses over the result could run out of stack. Thread-safe (no shared state).

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace helsekrav::formats {

struct JsonLimits {
  std::size_t max_bytes = 0;
  int max_depth = 0;                 // nested arrays and objects, the outermost counting as 1
  std::size_t max_values = 0;        // objects, arrays and other values (not keys)
  std::size_t max_string_bytes = 0;  // one string or key, after unescaping
};

// API request bodies (at most 1 MB, the server's body limit). The largest real body, a full
// declaration's answers, is 5 levels deep and a few thousand values.
inline constexpr JsonLimits kApiBodyJsonLimits = {
    .max_bytes = std::size_t{1024} * 1024,
    .max_depth = 16,
    .max_values = 50000,
    .max_string_bytes = std::size_t{128} * 1024,
};

// Catalog files read by `helsekrav import`. The default catalog's requirements.json is 370 kB,
// 8 levels deep with 6 600 values; bench/synthetic_catalog.py's 1000× copy is 370 MB with
// 6.6 million values, which these limits still admit.
inline constexpr JsonLimits kCatalogJsonLimits = {
    .max_bytes = std::size_t{1024} * 1024 * 1024,
    .max_depth = 32,
    .max_values = 20'000'000,
    .max_string_bytes = std::size_t{1024} * 1024,
};

struct ParsedJson {
  enum class Problem { kNone, kSyntax, kLimit };
  nlohmann::ordered_json value;  // null unless problem is kNone
  Problem problem = Problem::kNone;
  std::string message;  // Norwegian, e.g. "JSON-innholdet er nestet for dypt (høyst 16 nivåer)"

  bool ok() const { return problem == Problem::kNone; }
};

// Parses `text` as one JSON value within `limits`; never throws for bad input.
ParsedJson ParseJson(const std::string& text, const JsonLimits& limits);

}  // namespace helsekrav::formats
