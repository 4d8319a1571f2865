#pragma once
// Status and Result<T>: expected failures are values, never exceptions.
// Not found, invalid input, conflicts and permission errors are returned; the HTTP layer maps
// them to status codes and the CLI to messages. Exceptions are reserved for bugs.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace helsekrav {

enum class StatusCode {
  kOk,
  kInvalid,  // input breaks a rule; `field` names the offending field
  kNotFound,
  kConflict,  // e.g. a duplicate key
  kForbidden,
  kUnauthenticated,
  kUnavailable,  // a dependency (database) is down
  kRateLimited,  // too many attempts; try again later (HTTP 429)
  kInternal,
};

class Status {
 public:
  Status() = default;

  static Status Ok() { return {}; }
  static Status Invalid(std::string field, std::string message) {
    return {StatusCode::kInvalid, std::move(message), std::move(field)};
  }
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status Conflict(std::string message) {
    return {StatusCode::kConflict, std::move(message)};
  }
  static Status Forbidden(std::string message) {
    return {StatusCode::kForbidden, std::move(message)};
  }
  static Status Unauthenticated(std::string message) {
    return {StatusCode::kUnauthenticated, std::move(message)};
  }
  static Status RateLimited(std::string message) {
    return {StatusCode::kRateLimited, std::move(message)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // For kInvalid: a path such as "requirements[3].versions[0].area"; may be empty.
  const std::string& field() const { return field_; }

  // Returns a copy whose field path is prefixed, e.g. "requirements[3]" + ".area".
  Status WithFieldPrefix(const std::string& prefix) const {
    Status s = *this;
    if (field_.empty()) {
      s.field_ = prefix;
    } else if (!prefix.empty() && prefix.back() == ':') {
      s.field_ = prefix + " " + field_;  // "requirements.json: requirements[3].area"
    } else {
      s.field_ = prefix + (field_[0] == '[' ? "" : ".") + field_;
    }
    return s;
  }
  // Human-readable one-liner: "field: message" or just "message".
  std::string ToString() const { return field_.empty() ? message_ : field_ + ": " + message_; }

 private:
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// Either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace helsekrav

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define HK_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::helsekrav::Status hk_status_ = (expr); \
    if (!hk_status_.ok()) return hk_status_; \
  } while (false)
