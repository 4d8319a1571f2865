#pragma once
// A calendar date without time zone, as used for validity periods ("gyldig fra").
// Value type; thread-compatible.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helsekrav {

class Date {
 public:
  // Days since 1970-01-01.
  constexpr explicit Date(int days_since_epoch = 0) : days_(days_since_epoch) {}

  // Parses strict ISO 8601 "YYYY-MM-DD"; nullopt if malformed or not a real date.
  static std::optional<Date> Parse(std::string_view text);
  static Date FromYmd(int year, unsigned month, unsigned day);

  int days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  Date AddDays(int n) const { return Date(days_ + n); }
  Date AddYears(int n) const;

  std::string ToIso() const;        // "2027-03-26"
  std::string ToNorwegian() const;  // "26. mars 2027"

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads defaulted <=>.
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  int days_;
};

// RFC 3339 in UTC: "2026-11-23T16:15:32Z".
std::string IsoTimestamp(std::int64_t unix_seconds);

}  // namespace helsekrav
