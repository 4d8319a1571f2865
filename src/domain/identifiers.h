#pragma once
// Identifiers: organisasjonsnummer, kommunenummer and the NANDO number of a notified body.

#include <string_view>

#include "core/status.h"

namespace helsekrav::domain {

// Validates a 9-digit organisasjonsnummer with its modulus-11 check digit (weights 3 2 7 6 5 4 3
// 2). Returns Invalid with a Norwegian message when malformed.
Status ValidateOrgnr(std::string_view orgnr);

// Validates a 4-digit kommunenummer whose first two digits are a county number (fylkesnummer)
// in use from 2024 (03, 11, 15, 18, 31–34, 39, 40, 42, 46, 50, 55, 56).
Status ValidateKommunenummer(std::string_view number);

// Validates the NANDO number of a notified body: 4 digits, e.g. "2797". Invalid("identifier").
Status ValidateNando(std::string_view number);

// True when `key` matches ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$ (requirement keys).
bool IsRequirementKey(std::string_view key);
// True when `key` matches ^[a-z0-9]+(-[a-z0-9]+)*$ (every other catalog key).
bool IsSlugKey(std::string_view key);

}  // namespace helsekrav::domain
