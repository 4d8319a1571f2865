// Fuzz target: catalog files as `helsekrav import` reads them. Parsing and validating arbitrary
// bytes must never crash, leak or trip a sanitizer; every failure is a Status.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/catalog_rules.h"
#include "formats/catalog_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string content(reinterpret_cast<const char*>(data), size);
  // The first byte picks the file kind so the CSV reader is exercised too.
  std::string name = (size > 0 && data[0] % 4 == 0) ? "kommuner.csv" : "katalog.json";
  auto bundle = helsekrav::formats::ParseCatalogBundle({{name, content}});
  if (bundle.ok()) {
    (void)helsekrav::domain::ValidateCatalog(bundle->catalog);
    (void)helsekrav::formats::SerializeCatalog(bundle->catalog);
  }
  return 0;
}
