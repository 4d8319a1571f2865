#pragma once
// RFC 9562 UUIDs. Catalog records get name-based (v5) UUIDs derived from their stable keys, so
// the same record has the same UUID in every installation and export.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace helsekrav {

class Uuid {
 public:
  Uuid() = default;
  // Version 5 UUID of `name` in helsekrav's namespace.
  static Uuid FromName(std::string_view name);
  // Version 4 (random) UUID.
  static Uuid Random();

  std::string ToString() const;  // lowercase, 8-4-4-4-12
  friend bool operator==(const Uuid&, const Uuid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace helsekrav
