#pragma once
// Passwords too common to allow: Openwall's password.lst (the Debian package john-data, public
// domain; about 3,500 passwords most often found in cracked password files), embedded in the
// binary at build time. Checked wherever a password is chosen: registration, reset, change
// and `helsekrav admin create-user`.
//
// The list is read once, on first use, into a set of lower-cased entries; lookups ignore
// ASCII case. Thread-safe.

#include <string>

#include "core/status.h"

namespace helsekrav::app {

// True when `password`, ignoring ASCII case, is on the list, is an entry with digits or
// punctuation added at the end ("winniethepooh2024!"), or is one entry repeated
// ("qwertyqwertyqwerty").
bool IsCommonPassword(const std::string& password);
// Invalid("password", …) with a Norwegian message when IsCommonPassword; Ok otherwise.
Status CheckNotCommonPassword(const std::string& password);

}  // namespace helsekrav::app
