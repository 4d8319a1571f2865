#include "app/catalog_records.h"

#include <map>

#include "core/uuid.h"
#include "domain/catalog_rules.h"
#include "formats/catalog_json.h"

namespace helsekrav::app {

using formats::Json;

namespace {

store::CatalogRecord Record(const std::string& kind, const std::string& key, int version,
                            const Json& doc) {
  store::CatalogRecord r;
  r.kind = kind;
  r.key = key;
  r.version = version;
  std::string name = kind;
  name.append(":").append(key);
  if (version > 0) name.append(":").append(std::to_string(version));
  r.uuid = Uuid::FromName(name).ToString();
  r.doc = doc.dump();
  return r;
}

template <typename T>
void AddAll(std::vector<store::CatalogRecord>& out, const std::string& kind,
            const std::vector<T>& items) {
  for (const T& item : items) out.push_back(Record(kind, item.key, 0, formats::ToJson(item)));
}

template <typename T>
void AddVersioned(std::vector<store::CatalogRecord>& out, const std::string& kind,
                  const std::vector<T>& items) {
  for (const T& item : items) {
    for (const auto& v : item.versions) {
      store::CatalogRecord r = Record(kind, item.key, v.version, formats::ToJson(v));
      r.valid_from = v.valid_from;
      r.valid_to = v.valid_to;
      out.push_back(std::move(r));
    }
  }
}

}  // namespace

std::vector<store::CatalogRecord> ToRecords(const domain::Catalog& c) {
  std::vector<store::CatalogRecord> out;
  AddAll(out, "categories", c.categories);
  AddAll(out, "national_solutions", c.national_solutions);
  AddAll(out, "interoperability_services", c.interop_services);
  AddAll(out, "organisations", c.organisations);
  AddAll(out, "standards", c.standards);
  AddAll(out, "approval_schemes", c.approval_schemes);
  AddVersioned(out, "requirements", c.requirements);
  AddVersioned(out, "profiles", c.profiles);
  if (!c.default_release.empty()) {
    out.push_back(
        Record("default_release", "default", 0, Json{{"fingerprint", c.default_release}}));
  }
  return out;
}

Result<domain::Catalog> FromRecords(const std::vector<store::CatalogRecord>& records) {
  domain::Catalog c;
  // Versions are stored without their key; regroup them, in version order.
  std::map<std::string, Json> requirements;
  std::map<std::string, Json> profiles;
  for (const store::CatalogRecord& r : records) {
    Json doc = Json::parse(r.doc, nullptr, false);
    if (doc.is_discarded())
      return Status::Internal("stored record " + r.kind + "/" + r.key + " is not JSON");
    std::string path = r.kind + "[" + r.key + "]";
    auto add = [&](auto parsed, auto& list) -> Status {
      if (!parsed.ok()) return Status::Internal("stored record: " + parsed.status().ToString());
      list.push_back(std::move(parsed).value());
      return Status::Ok();
    };
    if (r.kind == "requirements" || r.kind == "profiles") {
      Json& grouped = (r.kind == "requirements" ? requirements : profiles)[r.key];
      grouped["key"] = r.key;
      grouped["versions"].push_back(std::move(doc));
    } else if (r.kind == "categories") {
      HK_RETURN_IF_ERROR(add(formats::CategoryFromJson(doc, path), c.categories));
    } else if (r.kind == "national_solutions") {
      HK_RETURN_IF_ERROR(add(formats::SolutionFromJson(doc, path), c.national_solutions));
    } else if (r.kind == "interoperability_services") {
      HK_RETURN_IF_ERROR(add(formats::ServiceFromJson(doc, path), c.interop_services));
    } else if (r.kind == "organisations") {
      HK_RETURN_IF_ERROR(add(formats::OrganisationFromJson(doc, path), c.organisations));
    } else if (r.kind == "standards") {
      HK_RETURN_IF_ERROR(add(formats::StandardFromJson(doc, path), c.standards));
    } else if (r.kind == "approval_schemes") {
      HK_RETURN_IF_ERROR(add(formats::SchemeFromJson(doc, path), c.approval_schemes));
    } else if (r.kind == "default_release" && doc.contains("fingerprint") &&
               doc["fingerprint"].is_string()) {
      c.default_release = doc["fingerprint"].get<std::string>();
    } else {
      return Status::Internal("stored record of unknown kind " + r.kind);
    }
  }
  for (const auto& [key, doc] : requirements) {
    auto r = formats::RequirementFromJson(doc, "requirements[" + key + "]");
    if (!r.ok()) return Status::Internal("stored record: " + r.status().ToString());
    c.requirements.push_back(std::move(r).value());
  }
  for (const auto& [key, doc] : profiles) {
    auto p = formats::ProfileFromJson(doc, "profiles[" + key + "]");
    if (!p.ok()) return Status::Internal("stored record: " + p.status().ToString());
    c.profiles.push_back(std::move(p).value());
  }
  domain::SortCatalog(c);
  return c;
}

}  // namespace helsekrav::app
