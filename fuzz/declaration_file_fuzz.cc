// Fuzz target: declaration files as `helsekrav check` and POST /api/v1/declarations read them
// (YAML or JSON through libyaml). Arbitrary bytes must never crash, hang or trip a sanitizer;
// every failure is a reported problem with a position inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/declaration_file.h"
#include "support/default_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const auto& catalog = helsekrav::testing::DefaultCatalog();
  static const helsekrav::Date kToday = *helsekrav::Date::Parse("2026-11-23");
  // The first byte picks whether every requirement must be answered.
  bool complete = size > 0 && data[0] % 2 == 0;
  auto problems = helsekrav::formats::CheckDeclarationFile(text, catalog, kToday, complete);
  // A reported line lies inside the file.
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  for (const auto& p : problems) {
    if (p.line < 0 || static_cast<std::size_t>(p.line) > lines + 1 || p.message.empty()) {
      std::abort();
    }
  }
  (void)helsekrav::formats::FormatProblems("fuzz.yaml", problems);
  return 0;
}
