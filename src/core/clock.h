#pragma once
// The source of "now". Production code takes a Clock& so tests can fix the date.

#include <chrono>

#include "core/date.h"

namespace helsekrav {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Today's date in UTC.
  Date Today() const {
    auto days = std::chrono::floor<std::chrono::days>(Now());
    return Date(static_cast<int>(days.time_since_epoch().count()));
  }
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// A clock that stands still until told otherwise. For tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Date date)
      : now_(std::chrono::system_clock::time_point{std::chrono::days{date.days()}}) {}
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Set(Date date) {
    now_ = std::chrono::system_clock::time_point{std::chrono::days{date.days()}};
  }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace helsekrav
