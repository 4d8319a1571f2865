#pragma once
// Helpers shared by the files that write and read the entity documents of the register
// (registry_json.cc for accounts, products and declarations; approval_json.cc for approvals,
// certificate claims and labels): null for empty values, 64-bit timestamps and flags taken out
// before JsonReader sees the document, evidence lists, and parsing of stored documents.
// Not part of the formats contract; nothing outside src/formats/*_json.cc includes this.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/registry.h"
#include "formats/catalog_json.h"
#include "formats/json_reader.h"

namespace helsekrav::formats::internal {

inline Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
inline Json OptDateJson(const std::optional<Date>& d) {
  return d ? Json(d->ToIso()) : Json(nullptr);
}
template <typename E>
std::string CodeOf(E value) {
  return std::string(domain::Code(value));
}

// "<path>.<name>", or just the name at the top level.
std::string JoinPath(const std::string& path, const std::string& name);

// JsonReader reads strings, ints and lists; timestamps (64-bit) and flags are taken out of the
// document first so the reader still rejects every field nobody asked for.
struct Scalars {
  std::map<std::string, std::int64_t> ints;
  std::map<std::string, bool> flags;
  std::int64_t Int(const std::string& name) const { return ints.at(name); }
  bool Flag(const std::string& name) const { return flags.at(name); }
};

// Absent or null fields read as 0 / false; a value of the wrong type is Invalid naming it.
Status TakeScalars(Json& json, const std::string& path,
                   std::initializer_list<const char*> int_fields,
                   std::initializer_list<const char*> flag_fields, Scalars& out);

// JsonReader names fields "<path>.<name>"; with an empty path that leaves a leading dot.
Status TrimPath(const Status& st);

// Lists a client may leave out ("evidence", "answers") are filled in so JsonReader::Each, which
// wants them present, can read them.
void DefaultList(Json& json, const char* name);

// Reads one record: takes the scalars out of a copy of `json`, then lets `read` fill a T from
// the reader; the first error (or an unexpected field) is the result.
template <typename T, typename F>
Result<T> ReadRecord(const Json& json, const std::string& path,
                     std::initializer_list<const char*> int_fields,
                     std::initializer_list<const char*> flag_fields, F&& read) {
  Json copy = json;
  Scalars scalars;
  HK_RETURN_IF_ERROR(TakeScalars(copy, path, int_fields, flag_fields, scalars));
  JsonReader r(copy, path);
  T out;
  read(r, scalars, out);
  Status st = TrimPath(r.Finish());
  if (!st.ok()) return st;
  return out;
}

template <typename E>
E OptEnumOr(JsonReader& r, const char* name, E fallback) {
  return r.OptEnum<E>(name).value_or(fallback);
}

domain::Evidence ReadEvidence(JsonReader& r);
// The member "evidence" (defaulted to [] by DefaultList before reading).
std::vector<domain::Evidence> ReadEvidenceList(JsonReader& r);
Json EvidenceListJson(const std::vector<domain::Evidence>& evidence);

// Parses a stored document with `parse` (a *FromJson function); Internal when it is not valid
// JSON of that type (a stored document is ours, so a bad one is a bug or corruption).
template <typename T, typename Parse>
Result<T> ParseStoredDoc(const std::string& doc, Parse parse) {
  Json json = Json::parse(doc, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Internal("Lagret dokument er ikke gyldig JSON");
  Result<T> parsed = parse(json, "");
  if (!parsed.ok()) {
    return Status::Internal("Lagret dokument er ugyldig: " + parsed.status().ToString());
  }
  return parsed;
}

}  // namespace helsekrav::formats::internal
