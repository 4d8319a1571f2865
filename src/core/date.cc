#include "core/date.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace helsekrav {
namespace {

std::chrono::year_month_day Ymd(int days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

bool ParseDigits(std::string_view s, int& out) {
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return !s.empty();
}

}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  int m = 0;
  int d = 0;
  if (!ParseDigits(text.substr(0, 4), y) || !ParseDigits(text.substr(5, 2), m) ||
      !ParseDigits(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                  std::chrono::day{day}};
  return Date(static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

int Date::year() const { return static_cast<int>(Ymd(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(Ymd(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(Ymd(days_).day()); }

Date Date::AddYears(int n) const {
  auto ymd = Ymd(days_) + std::chrono::years{n};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;  // 29 Feb → 28 Feb
  return Date(static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

std::string Date::ToIso() const {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", year(), month(), day());
  return buf.data();
}

std::string Date::ToNorwegian() const {
  static constexpr std::array<const char*, 12> kMonths = {
      "januar", "februar", "mars",      "april",   "mai",      "juni",
      "juli",   "august",  "september", "oktober", "november", "desember"};
  return std::to_string(day()) + ". " + kMonths[month() - 1] + " " + std::to_string(year());
}

std::string IsoTimestamp(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  std::int64_t seconds = unix_seconds % 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  std::array<char, 16> time{};
  std::snprintf(time.data(), time.size(), "T%02d:%02d:%02dZ", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return Date(static_cast<int>(days)).ToIso() + time.data();
}

}  // namespace helsekrav
