#include "formats/bounded_json.h"

#include <utility>

namespace helsekrav::formats {
namespace {

using Json = nlohmann::ordered_json;

// Thrown from the parser callback to stop at the first exceeded limit; nlohmann's callback can
// only drop a value, not end the parse.
struct LimitExceeded {
  std::string message;
};

std::string Bytes(std::size_t n) {
  constexpr std::size_t kKiB = 1024;
  if (n % (kKiB * kKiB) == 0) return std::to_string(n / (kKiB * kKiB)) + " MB";
  if (n % kKiB == 0) return std::to_string(n / kKiB) + " kB";
  return std::to_string(n) + " byte";
}

}  // namespace

ParsedJson ParseJson(const std::string& text, const JsonLimits& limits) {
  ParsedJson out;
  if (text.size() > limits.max_bytes) {
    out.problem = ParsedJson::Problem::kLimit;
    out.message = "JSON-innholdet er for stort (høyst " + Bytes(limits.max_bytes) + ")";
    return out;
  }
  std::size_t values = 0;
  auto check = [&](int depth, Json::parse_event_t event, Json& parsed) {
    using Event = Json::parse_event_t;
    // `depth` counts the arrays and objects already open around this event.
    if ((event == Event::object_start || event == Event::array_start) &&
        depth + 1 > limits.max_depth) {
      throw LimitExceeded{"JSON-innholdet er nestet for dypt (høyst " +
                          std::to_string(limits.max_depth) + " nivåer)"};
    }
    if (event == Event::object_start || event == Event::array_start || event == Event::value) {
      if (++values > limits.max_values) {
        throw LimitExceeded{"JSON-innholdet har for mange verdier (høyst " +
                            std::to_string(limits.max_values) + ")"};
      }
    }
    if ((event == Event::key || event == Event::value) && parsed.is_string() &&
        parsed.get_ref<const std::string&>().size() > limits.max_string_bytes) {
      throw LimitExceeded{"En tekst i JSON-innholdet er for lang (høyst " +
                          Bytes(limits.max_string_bytes) + ")"};
    }
    return true;
  };
  try {
    out.value = Json::parse(text, check, /*allow_exceptions=*/false);
  } catch (const LimitExceeded& e) {
    out.value = nullptr;
    out.problem = ParsedJson::Problem::kLimit;
    out.message = e.message;
    return out;
  }
  if (out.value.is_discarded()) {
    out.value = nullptr;
    out.problem = ParsedJson::Problem::kSyntax;
    out.message = "Innholdet er ikke gyldig JSON";
  }
  return out;
}

}  // namespace helsekrav::formats
