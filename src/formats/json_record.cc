#include "formats/json_record.h"

#include "formats/registry_json.h"

namespace helsekrav::formats::internal {

std::string JoinPath(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

Status TakeScalars(Json& json, const std::string& path,
                   std::initializer_list<const char*> int_fields,
                   std::initializer_list<const char*> flag_fields, Scalars& out) {
  for (const char* name : int_fields) {
    out.ints[name] = 0;
    if (!json.is_object()) continue;
    auto it = json.find(name);
    if (it == json.end()) continue;
    if (!it->is_null()) {
      if (!it->is_number_integer())
        return Status::Invalid(JoinPath(path, name), "Må være et heltall");
      out.ints[name] = it->get<std::int64_t>();
    }
    json.erase(it);
  }
  for (const char* name : flag_fields) {
    out.flags[name] = false;
    if (!json.is_object()) continue;
    auto it = json.find(name);
    if (it == json.end()) continue;
    if (!it->is_null()) {
      if (!it->is_boolean())
        return Status::Invalid(JoinPath(path, name), "Må være true eller false");
      out.flags[name] = it->get<bool>();
    }
    json.erase(it);
  }
  return Status::Ok();
}

Status TrimPath(const Status& st) {
  if (st.ok() || st.field().empty() || st.field()[0] != '.') return st;
  return Status::Invalid(st.field().substr(1), st.message());
}

void DefaultList(Json& json, const char* name) {
  if (json.is_object() && (!json.contains(name) || json.at(name).is_null())) {
    json[name] = Json::array();
  }
}

domain::Evidence ReadEvidence(JsonReader& r) {
  domain::Evidence e;
  e.kind = r.Enum<domain::EvidenceKind>("kind");
  e.file_id = r.OptString("file_id");
  e.file_name = r.OptString("file_name");
  e.sha256 = r.OptString("sha256");
  e.url = r.OptString("url");
  e.reference = r.OptString("reference");
  return e;
}

std::vector<domain::Evidence> ReadEvidenceList(JsonReader& r) {
  std::vector<domain::Evidence> out;
  r.Each("evidence", [&](JsonReader& e) { out.push_back(ReadEvidence(e)); });
  return out;
}

Json EvidenceListJson(const std::vector<domain::Evidence>& evidence) {
  Json list = Json::array();
  for (const domain::Evidence& e : evidence) list.push_back(ToJson(e));
  return list;
}

}  // namespace helsekrav::formats::internal
