#pragma once
// The catalog's JSON form (docs/catalog-format.md): parsing with field-precise errors, and
// writing in a stable field order. Used for data files, import/export and the database's
// document columns. Thread-safe.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/catalog.h"

namespace helsekrav::formats {

using Json = nlohmann::ordered_json;

// A file of a catalog bundle, already read by the caller.
struct NamedFile {
  std::string name;  // base name, e.g. "requirements.json"
  std::string content;
};

struct ParsedBundle {
  domain::Catalog catalog;
  // Top-level list name ("requirements") → the file it came from, to name files in errors.
  std::map<std::string, std::string> origin;
  // Records the bundle withdraws from a stored catalog (the list "retired").
  std::vector<domain::RetiredRecord> retired;
};

// Parses the files of a catalog directory (or one combined export file). JSON files hold one or
// more top-level lists; `kommuner-*.csv` holds municipalities. Errors are Invalid with the field
// "FILE: path", e.g. "requirements.json: requirements[3].versions[0].area", and change nothing.
// JSON files are read within kCatalogJsonLimits (formats/bounded_json.h), CSV files within the
// kMaxMunicipalityCsv* limits below.
Result<ParsedBundle> ParseCatalogBundle(const std::vector<NamedFile>& files);

// The combined export: {"format": "helsekrav-catalog/1", "categories": [...], ...}.
std::string SerializeCatalog(const domain::Catalog& catalog);

// Per-record JSON, in the same shape as the data files.
Json ToJson(const domain::Source& source);
Json ToJson(const domain::EeaIncorporation& eea);
Json ToJson(const domain::RequirementVersion& version);
Json ToJson(const domain::Requirement& requirement);
Json ToJson(const domain::Standard& standard);
Json ToJson(const domain::ProfileVersion& version);
Json ToJson(const domain::Profile& profile);
Json ToJson(const domain::ApprovalScheme& scheme);
Json ToJson(const domain::Organisation& organisation);
Json ToJson(const domain::Category& category);
Json ToJson(const domain::NationalSolution& solution);
Json ToJson(const domain::InteropService& service);

// Parses one record; `path` prefixes error fields.
Result<domain::Requirement> RequirementFromJson(const Json& json, const std::string& path);
Result<domain::Standard> StandardFromJson(const Json& json, const std::string& path);
Result<domain::Profile> ProfileFromJson(const Json& json, const std::string& path);
Result<domain::ApprovalScheme> SchemeFromJson(const Json& json, const std::string& path);
Result<domain::Organisation> OrganisationFromJson(const Json& json, const std::string& path);
Result<domain::Category> CategoryFromJson(const Json& json, const std::string& path);
Result<domain::NationalSolution> SolutionFromJson(const Json& json, const std::string& path);
Result<domain::InteropService> ServiceFromJson(const Json& json, const std::string& path);

// Norway has 357 municipalities (2024); SSB's file is 12 kB.
inline constexpr std::size_t kMaxMunicipalityCsvBytes = std::size_t{16} * 1024 * 1024;
inline constexpr std::size_t kMaxMunicipalityCsvRows = 10000;

// Municipalities from SSB's CSV (kommunenummer,navn,fylkesnummer,organisasjonsnummer,...).
Result<std::vector<domain::Organisation>> MunicipalitiesFromCsv(const std::string& csv,
                                                                const std::string& file);

}  // namespace helsekrav::formats
