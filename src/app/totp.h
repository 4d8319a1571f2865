#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second
// steps, the step before and after accepted for clock drift. Secrets are shown to people in
// base32 (RFC 4648, no padding) inside an otpauth:// URI that authenticator apps read.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helsekrav::app::totp {

constexpr int kDigits = 6;
constexpr std::int64_t kStepSeconds = 30;
constexpr int kSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

std::string Base32Encode(std::string_view bytes);
// Upper or lower case; spaces and '=' padding ignored. nullopt on any other character.
std::optional<std::string> Base32Decode(std::string_view text);

// The HOTP value of `key` at `counter`, zero-padded to `digits` (6 to 8).
std::string Hotp(std::string_view key, std::uint64_t counter, int digits = kDigits);
// The time step of a Unix time.
constexpr std::int64_t StepAt(std::int64_t unix_seconds) { return unix_seconds / kStepSeconds; }
// The step (now's, the one before or the one after) whose code is `code`, or nullopt. Compares
// in constant time; anything but kDigits digits never matches.
std::optional<std::int64_t> MatchStep(std::string_view key, std::string_view code,
                                      std::int64_t unix_seconds);

// kSecretBytes random bytes.
std::string NewSecret();
// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_base32);

}  // namespace helsekrav::app::totp
