#include "formats/catalog_json.h"

#include <algorithm>

#include "core/text.h"
#include "formats/bounded_json.h"
#include "formats/json_reader.h"

namespace helsekrav::formats {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)

namespace {

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
Json OptDateJson(const std::optional<Date>& d) { return d ? Json(d->ToIso()) : Json(nullptr); }
Json OptLayerJson(const std::optional<InteropLayer>& l) {
  return l ? Json(std::string(Code(*l))) : Json(nullptr);
}
template <typename E>
Json CodesJson(const std::vector<E>& values) {
  Json out = Json::array();
  for (E v : values) out.push_back(std::string(Code(v)));
  return out;
}

Source ReadSource(JsonReader& r) {
  Source out;
  r.Child("source", [&](JsonReader& s) {
    out.kind = s.Enum<SourceKind>("kind");
    out.document = s.OptString("document");
    out.case_no = s.OptString("case");
    out.reference = s.OptString("reference");
    if (s.Has("quotes")) {
      s.Each("quotes", [&](JsonReader& q) {
        out.quotes.push_back({.document = q.OptString("document"),
                              .lines = q.OptString("lines"),
                              .legal = q.OptString("legal"),
                              .text = q.String("text")});
      });
    }
    out.example = s.OptString("example");
  });
  return out;
}

std::optional<EeaIncorporation> ReadEea(JsonReader& r) {
  if (!r.Has("eea")) return std::nullopt;
  EeaIncorporation out;
  r.Child("eea", [&](JsonReader& e) {
    out.status = e.Enum<EeaStatus>("status");
    out.in_force = e.OptDate("in_force");
    out.decision = e.OptString("decision");
    out.note = e.OptString("note");
  });
  return out;
}

template <typename T, typename F>
Result<T> ReadRecord(const Json& json, const std::string& path, F&& read) {
  JsonReader r(json, path);
  T out;
  read(r, out);
  Status st = r.Finish();
  if (!st.ok()) return st;
  return out;
}

}  // namespace

Json ToJson(const Source& s) {
  Json j;
  j["kind"] = std::string(Code(s.kind));
  if (!s.document.empty()) j["document"] = s.document;
  if (!s.case_no.empty()) j["case"] = s.case_no;
  if (!s.reference.empty()) j["reference"] = s.reference;
  if (!s.quotes.empty()) {
    j["quotes"] = Json::array();
    for (const SourceQuote& q : s.quotes) {
      Json jq;
      if (!q.document.empty()) jq["document"] = q.document;
      if (!q.lines.empty()) jq["lines"] = q.lines;
      if (!q.legal.empty()) jq["legal"] = q.legal;
      jq["text"] = q.text;
      j["quotes"].push_back(std::move(jq));
    }
  }
  if (!s.example.empty()) j["example"] = s.example;
  return j;
}

Json ToJson(const EeaIncorporation& e) {
  Json j;
  j["status"] = std::string(Code(e.status));
  j["in_force"] = OptDateJson(e.in_force);
  j["decision"] = NullIfEmpty(e.decision);
  j["note"] = NullIfEmpty(e.note);
  return j;
}

Json ToJson(const RequirementVersion& v) {
  Json j;
  j["version"] = v.version;
  j["title"] = v.title;
  j["text"] = v.text;
  j["area"] = std::string(Code(v.area));
  j["layer"] = OptLayerJson(v.layer);
  j["scope"] = std::string(Code(v.scope));
  j["obligation"] = std::string(Code(v.obligation));
  j["legal_basis"] = NullIfEmpty(v.legal_basis);
  j["owner"] = v.owner;
  j["verification_methods"] = CodesJson(v.verification_methods);
  j["valid_from"] = v.valid_from.ToIso();
  j["valid_to"] = OptDateJson(v.valid_to);
  if (v.eea) j["eea"] = ToJson(*v.eea);
  if (v.corrected_on) j["corrected_on"] = v.corrected_on->ToIso();
  j["change_note"] = v.change_note;
  j["categories"] = v.categories;
  j["actor_types"] = CodesJson(v.actor_types);
  j["integrations"] = v.integrations;
  j["standards"] = v.standards;
  j["approval_schemes"] = v.approval_schemes;
  j["source"] = ToJson(v.source);
  return j;
}

Json ToJson(const Requirement& r) {
  Json j;
  j["key"] = r.key;
  j["versions"] = Json::array();
  for (const auto& v : r.versions) j["versions"].push_back(ToJson(v));
  return j;
}

Json ToJson(const Standard& s) {
  Json j;
  j["key"] = s.key;
  j["name"] = s.name;
  j["sdo"] = s.sdo;
  j["version"] = NullIfEmpty(s.version);
  j["document_id"] = NullIfEmpty(s.document_id);
  j["description"] = s.description;
  j["obligation"] = std::string(Code(s.obligation));
  j["legal_basis"] = NullIfEmpty(s.legal_basis);
  j["normative_level"] = std::string(Code(s.normative_level));
  j["layer"] = OptLayerJson(s.layer);
  j["actor_types"] = CodesJson(s.actor_types);
  j["lifecycle"] = Json::array();
  for (const auto& step : s.lifecycle) {
    Json js;
    js["status"] = std::string(Code(step.status));
    js["from"] = step.from.ToIso();
    j["lifecycle"].push_back(std::move(js));
  }
  j["url"] = NullIfEmpty(s.url);
  j["source"] = ToJson(s.source);
  return j;
}

Json ToJson(const ProfileVersion& v) {
  Json j;
  j["version"] = v.version;
  j["name"] = v.name;
  j["description"] = v.description;
  j["category"] = v.category;
  j["use"] = v.use;
  j["actor_types"] = CodesJson(v.actor_types);
  j["valid_from"] = v.valid_from.ToIso();
  j["valid_to"] = OptDateJson(v.valid_to);
  j["change_note"] = v.change_note;
  j["source"] = ToJson(v.source);
  j["requirements"] = Json::array();
  for (const auto& item : v.items) {
    Json i;
    i["key"] = item.requirement;
    if (item.obligation) i["obligation"] = std::string(Code(*item.obligation));
    j["requirements"].push_back(std::move(i));
  }
  return j;
}

Json ToJson(const Profile& p) {
  Json j;
  j["key"] = p.key;
  j["versions"] = Json::array();
  for (const auto& v : p.versions) j["versions"].push_back(ToJson(v));
  return j;
}

Json ToJson(const ApprovalScheme& s) {
  Json j;
  j["key"] = s.key;
  j["name"] = s.name;
  j["owner"] = s.owner;
  j["description"] = s.description;
  j["subject"] = std::string(Code(s.subject));
  j["validity_months"] = s.validity_months ? Json(*s.validity_months) : Json(nullptr);
  j["renewal"] = s.renewal;
  j["steps"] = s.steps;
  j["url"] = NullIfEmpty(s.url);
  j["source"] = ToJson(s.source);
  return j;
}

Json ToJson(const Organisation& o) {
  Json j;
  j["key"] = o.key;
  j["name"] = o.name;
  j["kind"] = std::string(Code(o.kind));
  j["orgnr"] = NullIfEmpty(o.orgnr);
  if (o.kind == OrganisationKind::kMunicipality) {
    j["municipality_number"] = o.municipality_number;
    j["county_number"] = NullIfEmpty(o.county_number);
  }
  j["website"] = NullIfEmpty(o.website);
  j["description"] = o.description;
  j["source"] = ToJson(o.source);
  return j;
}

Json ToJson(const Category& c) {
  Json j;
  j["key"] = c.key;
  j["name"] = c.name;
  j["parent"] = NullIfEmpty(c.parent);
  j["description"] = c.description;
  return j;
}

Json ToJson(const NationalSolution& s) {
  Json j;
  j["key"] = s.key;
  j["name"] = s.name;
  j["owner"] = s.owner;
  j["description"] = s.description;
  j["source"] = ToJson(s.source);
  return j;
}

Json ToJson(const InteropService& s) {
  Json j;
  j["key"] = s.key;
  j["name"] = s.name;
  j["status"] = std::string(Code(s.status));
  j["description"] = s.description;
  j["solutions"] = s.solutions;
  j["standards"] = s.standards;
  j["source"] = ToJson(s.source);
  return j;
}

Result<Requirement> RequirementFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Requirement>(json, path, [](JsonReader& r, Requirement& out) {
    out.key = r.String("key");
    r.Each("versions", [&](JsonReader& v) {
      RequirementVersion rv;
      rv.version = v.Int("version");
      rv.title = v.String("title");
      rv.text = v.String("text");
      rv.area = v.Enum<Area>("area");
      rv.layer = v.OptEnum<InteropLayer>("layer");
      rv.scope = v.Enum<Scope>("scope");
      rv.obligation = v.Enum<Obligation>("obligation");
      rv.legal_basis = v.OptString("legal_basis");
      rv.owner = v.String("owner");
      rv.verification_methods = v.Enums<VerificationMethod>("verification_methods");
      rv.valid_from = v.GetDate("valid_from");
      rv.valid_to = v.OptDate("valid_to");
      rv.eea = ReadEea(v);
      rv.corrected_on = v.OptDate("corrected_on");
      rv.change_note = v.OptString("change_note");
      rv.categories = v.Strings("categories");
      rv.actor_types = v.Enums<ActorType>("actor_types");
      rv.integrations = v.Strings("integrations");
      rv.standards = v.Strings("standards");
      rv.approval_schemes = v.Strings("approval_schemes");
      rv.source = ReadSource(v);
      out.versions.push_back(std::move(rv));
    });
  });
}

Result<Standard> StandardFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Standard>(json, path, [](JsonReader& r, Standard& s) {
    s.key = r.String("key");
    s.name = r.String("name");
    s.sdo = r.String("sdo");
    s.version = r.OptString("version");
    s.document_id = r.OptString("document_id");
    s.description = r.OptString("description");
    s.obligation = r.Enum<StandardObligation>("obligation");
    s.legal_basis = r.OptString("legal_basis");
    s.normative_level = r.Enum<NormativeLevel>("normative_level");
    s.layer = r.OptEnum<InteropLayer>("layer");
    s.actor_types = r.Enums<ActorType>("actor_types");
    r.Each("lifecycle", [&](JsonReader& l) {
      LifecycleStep step;
      step.status = l.Enum<StandardStatus>("status");
      step.from = l.GetDate("from");
      s.lifecycle.push_back(step);
    });
    s.url = r.OptString("url");
    s.source = ReadSource(r);
  });
}

Result<Profile> ProfileFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Profile>(json, path, [](JsonReader& r, Profile& p) {
    p.key = r.String("key");
    r.Each("versions", [&](JsonReader& v) {
      ProfileVersion pv;
      pv.version = v.Int("version");
      pv.name = v.String("name");
      pv.description = v.OptString("description");
      pv.category = v.String("category");
      pv.use = v.OptString("use");
      pv.actor_types = v.Enums<ActorType>("actor_types");
      pv.valid_from = v.GetDate("valid_from");
      pv.valid_to = v.OptDate("valid_to");
      pv.change_note = v.OptString("change_note");
      pv.source = ReadSource(v);
      v.Each("requirements", [&](JsonReader& i) {
        ProfileItem item;
        item.requirement = i.String("key");
        item.obligation = i.OptEnum<Obligation>("obligation");
        pv.items.push_back(std::move(item));
      });
      p.versions.push_back(std::move(pv));
    });
  });
}

Result<ApprovalScheme> SchemeFromJson(const Json& json, const std::string& path) {
  return ReadRecord<ApprovalScheme>(json, path, [](JsonReader& r, ApprovalScheme& s) {
    s.key = r.String("key");
    s.name = r.String("name");
    s.owner = r.String("owner");
    s.description = r.OptString("description");
    s.subject = r.Enum<ApprovalSubject>("subject");
    s.validity_months = r.OptInt("validity_months");
    s.renewal = r.OptString("renewal");
    s.steps = r.Strings("steps");
    s.url = r.OptString("url");
    s.source = ReadSource(r);
  });
}

Result<Organisation> OrganisationFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Organisation>(json, path, [](JsonReader& r, Organisation& o) {
    o.key = r.String("key");
    o.name = r.String("name");
    o.kind = r.Enum<OrganisationKind>("kind");
    o.orgnr = r.OptString("orgnr");
    o.municipality_number = r.OptString("municipality_number");
    o.county_number = r.OptString("county_number");
    o.website = r.OptString("website");
    o.description = r.OptString("description");
    o.source = ReadSource(r);
  });
}

Result<Category> CategoryFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Category>(json, path, [](JsonReader& r, Category& c) {
    c.key = r.String("key");
    c.name = r.String("name");
    c.parent = r.OptString("parent");
    c.description = r.OptString("description");
  });
}

Result<NationalSolution> SolutionFromJson(const Json& json, const std::string& path) {
  return ReadRecord<NationalSolution>(json, path, [](JsonReader& r, NationalSolution& s) {
    s.key = r.String("key");
    s.name = r.String("name");
    s.owner = r.String("owner");
    s.description = r.OptString("description");
    s.source = ReadSource(r);
  });
}

Result<InteropService> ServiceFromJson(const Json& json, const std::string& path) {
  return ReadRecord<InteropService>(json, path, [](JsonReader& r, InteropService& s) {
    s.key = r.String("key");
    s.name = r.String("name");
    s.status = r.Enum<ServiceStatus>("status");
    s.description = r.OptString("description");
    s.solutions = r.Strings("solutions");
    s.standards = r.Strings("standards");
    s.source = ReadSource(r);
  });
}

Result<std::vector<Organisation>> MunicipalitiesFromCsv(const std::string& csv,
                                                        const std::string& file) {
  std::vector<Organisation> out;
  if (csv.size() > kMaxMunicipalityCsvBytes) {
    return Status::Invalid(file, "Filen er for stor (høyst " +
                                     std::to_string(kMaxMunicipalityCsvBytes / 1024 / 1024) +
                                     " MB)");
  }
  std::vector<std::string> lines = Split(csv, '\n');
  if (lines.size() > kMaxMunicipalityCsvRows + 1) {
    return Status::Invalid(file, "Filen har for mange linjer (høyst " +
                                     std::to_string(kMaxMunicipalityCsvRows) + " kommuner)");
  }
  const std::string kHeader = "kommunenummer,navn,fylkesnummer,organisasjonsnummer";
  if (lines.empty() || lines[0].rfind(kHeader, 0) != 0) {
    return Status::Invalid(file + ": linje 1", "Forventet kolonnene " + kHeader + ",…");
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::string where = file + ": linje " + std::to_string(i + 1);
    std::vector<std::string> cols = Split(line, ',');
    if (cols.size() < 4) return Status::Invalid(where, "For få kolonner");
    Organisation o;
    o.kind = OrganisationKind::kMunicipality;
    o.municipality_number = cols[0];
    o.key = "kommune-" + cols[0];
    o.name = cols[1];
    o.county_number = cols[2];
    o.orgnr = cols[3];
    o.source.kind = SourceKind::kCodeSystem;
    o.source.document = file;
    o.source.reference = "SSBs klassifikasjon av kommuner (131), gjeldende fra 1. januar 2026";
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// Appends every record of one top-level list, parsed with `parse`.
template <typename T, typename Parse>
Status ReadList(const Json& doc, const std::string& list, const std::string& file, Parse parse,
                std::vector<T>& out) {
  auto it = doc.find(list);
  if (it == doc.end()) return Status::Ok();
  if (!it->is_array()) return Status::Invalid(file + ": " + list, "Må være en liste");
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto record = parse((*it)[i], list + "[" + std::to_string(i) + "]");
    if (!record.ok()) return record.status().WithFieldPrefix(file + ":");
    out.push_back(std::move(record).value());
  }
  return Status::Ok();
}

const char* const kLists[] = {"categories",    "national_solutions", "interoperability_services",
                              "organisations", "standards",          "requirements",
                              "profiles",      "approval_schemes"};

Result<RetiredRecord> RetiredFromJson(const Json& json, const std::string& path) {
  return ReadRecord<RetiredRecord>(json, path, [](JsonReader& r, RetiredRecord& out) {
    out.list = r.String("list");
    out.key = r.String("key");
    out.reason = r.String("reason");
    if (r.ok() && std::find(std::begin(kLists), std::end(kLists), out.list) == std::end(kLists)) {
      r.Adopt(Status::Invalid(r.FieldPath("list"), "Ukjent liste «" + out.list + "»"));
    }
  });
}

}  // namespace

Result<ParsedBundle> ParseCatalogBundle(const std::vector<NamedFile>& files) {
  ParsedBundle bundle;
  Catalog& c = bundle.catalog;
  for (const NamedFile& f : files) {
    if (f.name.size() > 4 && f.name.substr(f.name.size() - 4) == ".csv") {
      auto municipalities = MunicipalitiesFromCsv(f.content, f.name);
      if (!municipalities.ok()) return municipalities.status();
      for (auto& m : *municipalities) c.organisations.push_back(std::move(m));
      bundle.origin.emplace("organisations", f.name);
      continue;
    }
    ParsedJson parsed = ParseJson(f.content, kCatalogJsonLimits);
    if (parsed.problem == ParsedJson::Problem::kSyntax) {
      return Status::Invalid(f.name, "Filen er ikke gyldig JSON");
    }
    if (!parsed.ok()) return Status::Invalid(f.name, parsed.message);
    Json doc = std::move(parsed.value);
    if (!doc.is_object()) return Status::Invalid(f.name, "Filen må inneholde et JSON-objekt");
    for (const auto& [key, value] : doc.items()) {
      bool known = key == "format" || key == "retired" ||
                   std::find(std::begin(kLists), std::end(kLists), key) != std::end(kLists);
      if (!known) return Status::Invalid(f.name + ": " + key, "Ukjent liste");
      if (key == "format" && value != "helsekrav-catalog/1") {
        return Status::Invalid(f.name + ": format",
                               "Ukjent format (forventet helsekrav-catalog/1)");
      }
      if (key != "format") bundle.origin.emplace(key, f.name);
    }
    HK_RETURN_IF_ERROR(ReadList(doc, "categories", f.name, CategoryFromJson, c.categories));
    HK_RETURN_IF_ERROR(
        ReadList(doc, "national_solutions", f.name, SolutionFromJson, c.national_solutions));
    HK_RETURN_IF_ERROR(
        ReadList(doc, "interoperability_services", f.name, ServiceFromJson, c.interop_services));
    HK_RETURN_IF_ERROR(
        ReadList(doc, "organisations", f.name, OrganisationFromJson, c.organisations));
    HK_RETURN_IF_ERROR(ReadList(doc, "standards", f.name, StandardFromJson, c.standards));
    HK_RETURN_IF_ERROR(ReadList(doc, "requirements", f.name, RequirementFromJson, c.requirements));
    HK_RETURN_IF_ERROR(ReadList(doc, "profiles", f.name, ProfileFromJson, c.profiles));
    HK_RETURN_IF_ERROR(
        ReadList(doc, "approval_schemes", f.name, SchemeFromJson, c.approval_schemes));
    HK_RETURN_IF_ERROR(ReadList(doc, "retired", f.name, RetiredFromJson, bundle.retired));
  }
  return bundle;
}

std::string SerializeCatalog(const Catalog& c) {
  Json doc;
  doc["format"] = "helsekrav-catalog/1";
  auto list = [](const auto& items) {
    Json arr = Json::array();
    for (const auto& item : items) arr.push_back(ToJson(item));
    return arr;
  };
  doc["categories"] = list(c.categories);
  doc["national_solutions"] = list(c.national_solutions);
  doc["interoperability_services"] = list(c.interop_services);
  doc["organisations"] = list(c.organisations);
  doc["standards"] = list(c.standards);
  doc["requirements"] = list(c.requirements);
  doc["profiles"] = list(c.profiles);
  doc["approval_schemes"] = list(c.approval_schemes);
  return doc.dump(2) + "\n";
}

}  // namespace helsekrav::formats
