#pragma once
// Reads one JSON object field by field, remembering the first error with its field path and
// rejecting fields it was not asked for (a typo in a data file is an error, not silence).
// Not thread-safe; one per object being read.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/status.h"
#include "domain/vocabulary.h"

namespace helsekrav::formats {

class JsonReader {
 public:
  using Json = nlohmann::ordered_json;

  JsonReader(const Json& json, std::string path);

  std::string String(const char* name);     // required, non-null
  std::string OptString(const char* name);  // absent or null → ""
  Date GetDate(const char* name);           // required ISO date
  std::optional<Date> OptDate(const char* name);
  int Int(const char* name);
  std::optional<int> OptInt(const char* name);
  std::vector<std::string> Strings(const char* name);  // absent or null → empty
  const Json* Array(const char* name);                 // required array; nullptr after an error
  const Json* Object(const char* name);                // required object
  bool Has(const char* name);  // present and not null; marks the field as read

  template <typename E>
  E Enum(const char* name) {
    std::string code = String(name);
    return ok() ? ParseEnum<E>(code, name).value_or(E{}) : E{};
  }
  template <typename E>
  std::optional<E> OptEnum(const char* name) {
    std::string code = OptString(name);
    if (code.empty() || !ok()) return std::nullopt;
    return ParseEnum<E>(code, name);
  }
  template <typename E>
  std::vector<E> Enums(const char* name) {
    std::vector<E> out;
    for (const std::string& code : Strings(name)) {
      if (auto e = ParseEnum<E>(code, name)) out.push_back(*e);
    }
    return out;
  }

  // Reads a required object field with a nested reader; its errors become this reader's.
  template <typename F>
  void Child(const char* name, F&& read) {
    const Json* j = Object(name);
    if (j == nullptr) return;
    JsonReader child(*j, FieldPath(name));
    read(child);
    Adopt(child.Finish());
  }
  // Reads a required array of objects, one nested reader per element, stopping at an error.
  template <typename F>
  void Each(const char* name, F&& read) {
    const Json* arr = Array(name);
    if (arr == nullptr) return;
    for (std::size_t i = 0; i < arr->size() && ok(); ++i) {
      JsonReader child((*arr)[i], FieldPath(name) + "[" + std::to_string(i) + "]");
      read(child);
      Adopt(child.Finish());
    }
  }
  void Adopt(const Status& status) {
    if (status_.ok() && !status.ok()) status_ = status;
  }

  bool ok() const { return status_.ok(); }
  // The first error, or Invalid naming the first unexpected field; Ok otherwise.
  Status Finish();
  std::string FieldPath(const char* name) const { return path_ + "." + name; }

 private:
  const Json* Find(const char* name);
  void Fail(const std::string& field, std::string message);
  template <typename E>
  std::optional<E> ParseEnum(const std::string& code, const char* name) {
    auto value = domain::Parse<E>(code);
    if (!value) {
      std::string allowed;
      for (const auto& c : domain::AllCodes<E>()) allowed += (allowed.empty() ? "" : ", ") + c;
      Fail(FieldPath(name), "Ukjent verdi «" + code + "» (tillatt: " + allowed + ")");
    }
    return value;
  }

  const Json& json_;
  std::string path_;
  std::set<std::string> seen_;
  Status status_;
};

}  // namespace helsekrav::formats
