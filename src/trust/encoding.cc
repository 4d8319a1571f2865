#include "trust/encoding.h"

#include <sodium.h>

namespace helsekrav::trust {

namespace {

std::string Encode(std::string_view bytes, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> Decode(std::string_view text, int variant) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(size);
  // Strictness: unused trailing bits or odd padding would let two spellings mean one value.
  if (Encode(out, variant) != text) return std::nullopt;
  return out;
}

}  // namespace

Hash Sha256(std::string_view data) {
  Hash hash;
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hash;
}

std::string_view HashBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

std::string Base64(std::string_view bytes) { return Encode(bytes, sodium_base64_VARIANT_ORIGINAL); }

std::string Base64Url(std::string_view bytes) {
  return Encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  return Decode(text, sodium_base64_VARIANT_ORIGINAL);
}

std::optional<std::string> DecodeBase64Url(std::string_view text) {
  return Decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) { return Hex(HashBytes(Sha256(data))); }

}  // namespace helsekrav::trust
