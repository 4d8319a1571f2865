#pragma once
// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte string a JSON value is signed and
// hashed as. Object members are sorted by the UTF-16 code units of their names, there is no
// whitespace, strings escape only '"', '\\' and control characters (\b \t \n \f \r or \u00xx),
// everything else is written as UTF-8, and numbers use the ECMAScript (ES6) Number-to-string
// form: integers in decimal, other values in the shortest form that reads back as the same
// double. Thread-safe (pure functions).

#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace helsekrav::trust {

// The canonical bytes of `value`. Invalid when a string or name is not valid UTF-8, when a number
// is NaN or infinite, or when an integer lies outside what JSON numbers in JCS (IEEE 754 doubles)
// can represent exactly (|n| > 2^53); binary values are rejected too.
Result<std::string> CanonicalJson(const nlohmann::json& value);
Result<std::string> CanonicalJson(const nlohmann::ordered_json& value);

// The ES6 Number::toString form of a finite double ("1e+21", "0.000001", "-0" is "0").
std::string Es6Number(double value);

}  // namespace helsekrav::trust
