#pragma once
// Byte encodings and the one hash the trust layer uses: SHA-256, base64 (RFC 4648 §4, with
// padding) and base64url (§5, without padding). Decoders are strict: they accept only the one
// canonical spelling of each byte string, so a changed character can never decode to the same
// bytes. Thread-safe (pure functions).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helsekrav::trust {

using Hash = std::array<std::uint8_t, 32>;

Hash Sha256(std::string_view data);
// Bytes of a hash as a string (for concatenation).
std::string_view HashBytes(const Hash& hash);

std::string Base64(std::string_view bytes);
std::string Base64Url(std::string_view bytes);
// nullopt unless `text` is the canonical encoding of some bytes.
std::optional<std::string> DecodeBase64(std::string_view text);
std::optional<std::string> DecodeBase64Url(std::string_view text);

std::string Hex(std::string_view bytes);
// Lower-case hex of the SHA-256 of `data` (stored token and file hashes).
std::string Sha256Hex(std::string_view data);

}  // namespace helsekrav::trust
