#include "formats/json_reader.h"

namespace helsekrav::formats {

JsonReader::JsonReader(const Json& json, std::string path) : json_(json), path_(std::move(path)) {
  if (!json_.is_object()) Fail(path_, "Må være et JSON-objekt");
}

void JsonReader::Fail(const std::string& field, std::string message) {
  if (status_.ok()) status_ = Status::Invalid(field, std::move(message));
}

const JsonReader::Json* JsonReader::Find(const char* name) {
  seen_.insert(name);
  if (!ok()) return nullptr;
  auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool JsonReader::Has(const char* name) { return Find(name) != nullptr; }

std::string JsonReader::String(const char* name) {
  bool present = ok() && json_.contains(name) && !json_.at(name).is_null();
  std::string value = OptString(name);
  if (ok() && !present) Fail(FieldPath(name), "Mangler feltet");
  return value;
}

std::string JsonReader::OptString(const char* name) {
  const Json* j = Find(name);
  if (j == nullptr) return {};
  if (!j->is_string()) {
    Fail(FieldPath(name), "Må være tekst");
    return {};
  }
  return j->get<std::string>();
}

Date JsonReader::GetDate(const char* name) {
  std::string text = String(name);
  if (!ok()) return Date();
  auto date = Date::Parse(text);
  if (!date) Fail(FieldPath(name), "«" + text + "» er ikke en gyldig dato (ÅÅÅÅ-MM-DD)");
  return date.value_or(Date());
}

std::optional<Date> JsonReader::OptDate(const char* name) {
  std::string text = OptString(name);
  if (text.empty()) return std::nullopt;
  auto date = Date::Parse(text);
  if (!date) Fail(FieldPath(name), "«" + text + "» er ikke en gyldig dato (ÅÅÅÅ-MM-DD)");
  return date;
}

std::optional<int> JsonReader::OptInt(const char* name) {
  const Json* j = Find(name);
  if (j == nullptr) return std::nullopt;
  if (!j->is_number_integer()) {
    Fail(FieldPath(name), "Må være et heltall");
    return std::nullopt;
  }
  return j->get<int>();
}

int JsonReader::Int(const char* name) {
  bool present = ok() && json_.contains(name) && !json_.at(name).is_null();
  auto value = OptInt(name);
  if (ok() && !present) Fail(FieldPath(name), "Mangler feltet");
  return value.value_or(0);
}

std::vector<std::string> JsonReader::Strings(const char* name) {
  std::vector<std::string> out;
  const Json* j = Find(name);
  if (j == nullptr) return out;
  if (!j->is_array()) {
    Fail(FieldPath(name), "Må være en liste");
    return out;
  }
  for (std::size_t i = 0; i < j->size(); ++i) {
    if (!(*j)[i].is_string()) {
      Fail(FieldPath(name) + "[" + std::to_string(i) + "]", "Må være tekst");
      return {};
    }
    out.push_back((*j)[i].get<std::string>());
  }
  return out;
}

const JsonReader::Json* JsonReader::Array(const char* name) {
  const Json* j = Find(name);
  if (!ok()) return nullptr;
  if (j == nullptr || !j->is_array()) {
    Fail(FieldPath(name), j == nullptr ? "Mangler feltet" : "Må være en liste");
    return nullptr;
  }
  return j;
}

const JsonReader::Json* JsonReader::Object(const char* name) {
  const Json* j = Find(name);
  if (!ok()) return nullptr;
  if (j == nullptr || !j->is_object()) {
    Fail(FieldPath(name), j == nullptr ? "Mangler feltet" : "Må være et JSON-objekt");
    return nullptr;
  }
  return j;
}

Status JsonReader::Finish() {
  if (ok()) {
    for (const auto& [key, value] : json_.items()) {
      if (seen_.count(key) == 0) {
        Fail(FieldPath(key.c_str()), "Ukjent felt");
        break;
      }
    }
  }
  return status_;
}

}  // namespace helsekrav::formats
