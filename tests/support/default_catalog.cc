#include "support/default_catalog.h"

#include <stdexcept>

#include "cli/common.h"
#include "domain/catalog_rules.h"

namespace helsekrav::testing {

const domain::Catalog& DefaultCatalog() {
  static const domain::Catalog catalog = [] {
    auto files = cli::ReadCatalogFiles(HELSEKRAV_CATALOG_DIR);
    if (!files.ok()) throw std::runtime_error(files.status().ToString());
    auto bundle = cli::ParseFiles(*files);
    if (!bundle.ok()) throw std::runtime_error(bundle.status().ToString());
    domain::SortCatalog(bundle->catalog);
    return std::move(bundle->catalog);
  }();
  return catalog;
}

}  // namespace helsekrav::testing
