#pragma once
// A small, valid catalog built in code for unit tests: two categories levels, an EPJ
// requirement with two versions, a future EHDS requirement, a universal GDPR requirement,
// a standard with a lifecycle, a profile and an approval scheme.

#include "domain/catalog.h"

namespace helsekrav::testing {

domain::Catalog SampleCatalog();
Date D(const char* iso);  // Date::Parse or abort

}  // namespace helsekrav::testing
