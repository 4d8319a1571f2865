#pragma once
// Converts the catalog to stored records and back (one record per record and per version).

#include <vector>

#include "core/status.h"
#include "domain/catalog.h"
#include "store/store.h"

namespace helsekrav::app {

std::vector<store::CatalogRecord> ToRecords(const domain::Catalog& catalog);
// Internal when a stored document does not parse (a corrupted database, not user input).
Result<domain::Catalog> FromRecords(const std::vector<store::CatalogRecord>& records);

}  // namespace helsekrav::app
