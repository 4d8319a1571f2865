#pragma once
// The default catalog (data/catalog/) as the tests read it: parsed, sorted, loaded once per
// test binary. Throws std::runtime_error if it does not parse (a broken checkout).

#include "domain/catalog.h"

namespace helsekrav::testing {

const domain::Catalog& DefaultCatalog();

}  // namespace helsekrav::testing
