#include "http/api/versioned_json.h"

#include "core/uuid.h"
#include "domain/catalog_rules.h"

namespace helsekrav::http::api {

Json VersionJson(const std::string& collection, const std::string& key, const Json& version_doc,
                 int version, domain::RequirementStatus status, const std::string& html_path) {
  Json j;
  j["key"] = key;
  j["uuid"] = Uuid::FromName(collection + ":" + key + ":" + std::to_string(version)).ToString();
  for (const auto& [field, value] : version_doc.items()) j[field] = value;
  j["status"] = std::string(domain::Code(status));
  std::string self = "/api/v1/" + collection + "/" + PercentEncode(key);
  Json links;
  links["self"] = self + "?version=" + std::to_string(version);
  links["versions"] = self + "/versions";
  links["html"] = html_path;
  j["links"] = std::move(links);
  return j;
}

template <typename V>
Json HistoryJson(const std::vector<V>& versions, Date at) {
  Json items = Json::array();
  for (const V& v : versions) {
    Json j;
    j["version"] = v.version;
    j["valid_from"] = v.valid_from.ToIso();
    j["valid_to"] = v.valid_to ? Json(v.valid_to->ToIso()) : Json(nullptr);
    j["change_note"] = v.change_note;
    j["status"] = std::string(domain::Code(domain::StatusAt(v.valid_from, v.valid_to, at)));
    items.push_back(std::move(j));
  }
  return items;
}
template Json HistoryJson(const std::vector<domain::RequirementVersion>&, Date);
template Json HistoryJson(const std::vector<domain::ProfileVersion>&, Date);

Json DiffJson(const std::string& key, const domain::VersionDiff& diff) {
  Json j;
  j["key"] = key;
  j["from"] = diff.from_version;
  j["to"] = diff.to_version;
  j["fields"] = Json::array();
  for (const auto& f : diff.fields) {
    Json c;
    c["field"] = f.field;
    c["from"] = f.from;
    c["to"] = f.to;
    j["fields"].push_back(std::move(c));
  }
  j["lists"] = Json::array();
  for (const auto& l : diff.lists) {
    Json c;
    c["field"] = l.field;
    c["added"] = l.added;
    c["removed"] = l.removed;
    j["lists"].push_back(std::move(c));
  }
  j["text"] = Json::array();
  for (const auto& op : diff.text) {
    using K = domain::LineOp::Kind;
    Json c;
    c["op"] = op.kind == K::kSame ? "same" : op.kind == K::kAdded ? "added" : "removed";
    c["line"] = op.line;
    j["text"].push_back(std::move(c));
  }
  return j;
}

}  // namespace helsekrav::http::api
