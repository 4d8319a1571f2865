#include "core/uuid.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace helsekrav {
namespace {

// helsekrav's namespace for v5 UUIDs: 16 fixed random bytes. Never change them: every catalog
// record's UUID derives from them.
constexpr std::array<std::uint8_t, 16> kNamespace = {
    0x5c, 0x2a, 0x8e, 0x1d, 0x47, 0x3b, 0x5f, 0x0e, 0x9a, 0x61, 0x2d, 0x7c, 0x44, 0x90, 0xb3, 0x18};

}  // namespace

Uuid Uuid::FromName(std::string_view name) {
  std::string input(kNamespace.begin(), kNamespace.end());
  input.append(name);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed");
  }
  Uuid u;
  std::copy_n(digest.begin(), 16, u.bytes_.begin());
  u.bytes_[6] = static_cast<std::uint8_t>((u.bytes_[6] & 0x0f) | 0x50);
  u.bytes_[8] = static_cast<std::uint8_t>((u.bytes_[8] & 0x3f) | 0x80);
  return u;
}

Uuid Uuid::Random() {
  Uuid u;
  if (RAND_bytes(u.bytes_.data(), static_cast<int>(u.bytes_.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  u.bytes_[6] = static_cast<std::uint8_t>((u.bytes_[6] & 0x0f) | 0x40);
  u.bytes_[8] = static_cast<std::uint8_t>((u.bytes_[8] & 0x3f) | 0x80);
  return u;
}

std::string Uuid::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes_[i] >> 4]);
    out.push_back(kHex[bytes_[i] & 0x0f]);
  }
  return out;
}

}  // namespace helsekrav
