#include "formats/registry_json.h"

#include "formats/json_record.h"

namespace helsekrav::formats {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)
using namespace internal;           // NOLINT(google-build-using-namespace)

namespace {

void ReadAnswer(JsonReader& r, DeclarationAnswer& a) {
  a.requirement = r.String("requirement");
  a.requirement_version = r.OptInt("requirement_version").value_or(0);
  a.answer = r.Enum<Answer>("answer");
  a.statement = r.OptString("statement");
  a.reason = r.OptString("reason");
  a.evidence = ReadEvidenceList(r);
}

Json WithAnswerDefaults(const Json& answer) {
  Json copy = answer;
  DefaultList(copy, "evidence");
  return copy;
}

}  // namespace

Json ToJson(const OrgAccount& o) {
  Json j;
  j["id"] = o.id;
  j["identifier_kind"] = CodeOf(o.id_kind);
  j["orgnr"] = o.orgnr;
  j["identifier"] = NullIfEmpty(o.identifier);
  j["country"] = NullIfEmpty(o.country);
  j["acts_as"] = NullIfEmpty(o.acts_as);
  j["name"] = o.name;
  j["kind"] = CodeOf(o.kind);
  j["municipality_number"] = NullIfEmpty(o.municipality_number);
  j["website"] = NullIfEmpty(o.website);
  j["status"] = CodeOf(o.status);
  j["decided_by"] = NullIfEmpty(o.decided_by);
  j["decision_note"] = NullIfEmpty(o.decision_note);
  j["created_at"] = o.created_at;
  j["decided_at"] = o.decided_at;
  return j;
}

Json ToJson(const User& u) {
  Json j;
  j["id"] = u.id;
  j["email"] = u.email;
  j["name"] = u.name;
  j["disabled"] = u.disabled;
  j["created_at"] = u.created_at;
  return j;
}

Json ToStoredJson(const User& u) {
  Json j = ToJson(u);
  j["password_hash"] = NullIfEmpty(u.password_hash);
  return j;
}

Json ToJson(const Membership& m) {
  Json j;
  j["user_id"] = m.user_id;
  j["org_id"] = m.org_id;
  j["role"] = CodeOf(m.role);
  return j;
}

Json ToJson(const Product& p) {
  Json j;
  j["id"] = p.id;
  j["org_id"] = p.org_id;
  j["name"] = p.name;
  j["description"] = p.description;
  j["website"] = NullIfEmpty(p.website);
  j["categories"] = p.categories;
  j["created_at"] = p.created_at;
  j["updated_at"] = p.updated_at;
  return j;
}

Json ToJson(const ProductVersion& v) {
  Json j;
  j["id"] = v.id;
  j["product_id"] = v.product_id;
  j["version"] = v.version;
  j["release_date"] = OptDateJson(v.release_date);
  j["status"] = CodeOf(v.status);
  j["integrations"] = v.integrations;
  j["notes"] = v.notes;
  j["created_at"] = v.created_at;
  return j;
}

Json ToJson(const Deployment& d) {
  Json j;
  j["id"] = d.id;
  j["org_id"] = d.org_id;
  j["product_version_id"] = d.product_version_id;
  j["municipalities"] = d.municipalities;
  j["since"] = d.since.ToIso();
  j["until"] = OptDateJson(d.until);
  j["created_at"] = d.created_at;
  return j;
}

Json ToJson(const Evidence& e) {
  Json j;
  j["kind"] = CodeOf(e.kind);
  if (!e.file_id.empty()) j["file_id"] = e.file_id;
  if (!e.file_name.empty()) j["file_name"] = e.file_name;
  if (!e.sha256.empty()) j["sha256"] = e.sha256;
  if (!e.url.empty()) j["url"] = e.url;
  if (!e.reference.empty()) j["reference"] = e.reference;
  return j;
}

Json ToJson(const DeclarationAnswer& a) {
  Json j;
  j["requirement"] = a.requirement;
  j["requirement_version"] = a.requirement_version;
  j["answer"] = CodeOf(a.answer);
  j["statement"] = a.statement;
  j["reason"] = NullIfEmpty(a.reason);
  j["evidence"] = EvidenceListJson(a.evidence);
  return j;
}

Json ToJson(const Declaration& d) {
  Json j;
  j["id"] = d.id;
  j["org_id"] = d.org_id;
  j["product_version_id"] = d.product_version_id;
  j["profile"] = d.profile;
  j["profile_version"] = d.profile_version;
  j["status"] = CodeOf(d.status);
  j["answers"] = Json::array();
  for (const auto& a : d.answers) j["answers"].push_back(ToJson(a));
  j["supersedes"] = NullIfEmpty(d.supersedes);
  j["superseded_by"] = NullIfEmpty(d.superseded_by);
  j["needs_review"] = d.needs_review;
  j["created_at"] = d.created_at;
  j["updated_at"] = d.updated_at;
  j["submitted_at"] = d.submitted_at;
  j["published_at"] = d.published_at;
  j["withdrawn_at"] = d.withdrawn_at;
  return j;
}

Json ToJson(const EvidenceFile& f) {
  Json j;
  j["id"] = f.id;
  j["org_id"] = f.org_id;
  j["name"] = f.name;
  j["content_type"] = f.content_type;
  j["size"] = f.size;
  j["sha256"] = f.sha256;
  j["created_at"] = f.created_at;
  return j;
}

Json ToJson(const Event& e) {
  Json j;
  j["seq"] = e.seq;
  j["id"] = e.id;
  j["at"] = e.at;
  j["actor_user"] = NullIfEmpty(e.actor_user);
  j["actor_org"] = NullIfEmpty(e.actor_org);
  j["org_id"] = NullIfEmpty(e.org_id);
  j["entity_kind"] = e.entity_kind;
  j["entity_id"] = e.entity_id;
  j["action"] = e.action;
  if (e.changes.empty()) {
    j["changes"] = Json::object();
  } else {
    Json changes = Json::parse(e.changes, nullptr, /*allow_exceptions=*/false);
    j["changes"] = changes.is_discarded() ? Json(e.changes) : changes;
  }
  return j;
}

Result<OrgAccount> OrgAccountFromJson(const Json& json, const std::string& path) {
  return ReadRecord<OrgAccount>(json, path, {"created_at", "decided_at"}, {},
                                [](JsonReader& r, const Scalars& s, OrgAccount& o) {
                                  o.id = r.OptString("id");
                                  // Documents stored before other kinds existed are Norwegian.
                                  o.id_kind = OptEnumOr(r, "identifier_kind", OrgIdKind::kOrgnr);
                                  o.orgnr = r.OptString("orgnr");
                                  o.identifier = r.OptString("identifier");
                                  o.country = r.OptString("country");
                                  o.acts_as = r.OptString("acts_as");
                                  o.name = r.OptString("name");
                                  o.kind = r.Enum<OrganisationKind>("kind");
                                  o.municipality_number = r.OptString("municipality_number");
                                  o.website = r.OptString("website");
                                  o.status = OptEnumOr(r, "status", OrgStatus::kPending);
                                  o.decided_by = r.OptString("decided_by");
                                  o.decision_note = r.OptString("decision_note");
                                  o.created_at = s.Int("created_at");
                                  o.decided_at = s.Int("decided_at");
                                });
}

Result<User> UserFromJson(const Json& json, const std::string& path) {
  return ReadRecord<User>(json, path, {"created_at"}, {"disabled"},
                          [](JsonReader& r, const Scalars& s, User& u) {
                            u.id = r.OptString("id");
                            u.email = r.OptString("email");
                            u.name = r.OptString("name");
                            u.password_hash = r.OptString("password_hash");
                            u.disabled = s.Flag("disabled");
                            u.created_at = s.Int("created_at");
                          });
}

Result<Membership> MembershipFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Membership>(json, path, {}, {},
                                [](JsonReader& r, const Scalars&, Membership& m) {
                                  m.user_id = r.OptString("user_id");
                                  m.org_id = r.OptString("org_id");
                                  m.role = r.Enum<Role>("role");
                                });
}

Result<Product> ProductFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Product>(json, path, {"created_at", "updated_at"}, {},
                             [](JsonReader& r, const Scalars& s, Product& p) {
                               p.id = r.OptString("id");
                               p.org_id = r.OptString("org_id");
                               p.name = r.OptString("name");
                               p.description = r.OptString("description");
                               p.website = r.OptString("website");
                               p.categories = r.Strings("categories");
                               p.created_at = s.Int("created_at");
                               p.updated_at = s.Int("updated_at");
                             });
}

Result<ProductVersion> ProductVersionFromJson(const Json& json, const std::string& path) {
  return ReadRecord<ProductVersion>(
      json, path, {"created_at"}, {}, [](JsonReader& r, const Scalars& s, ProductVersion& v) {
        v.id = r.OptString("id");
        v.product_id = r.OptString("product_id");
        v.version = r.OptString("version");
        v.release_date = r.OptDate("release_date");
        v.status = OptEnumOr(r, "status", ProductVersionStatus::kAvailable);
        v.integrations = r.Strings("integrations");
        v.notes = r.OptString("notes");
        v.created_at = s.Int("created_at");
      });
}

Result<Deployment> DeploymentFromJson(const Json& json, const std::string& path) {
  return ReadRecord<Deployment>(json, path, {"created_at"}, {},
                                [](JsonReader& r, const Scalars& s, Deployment& d) {
                                  d.id = r.OptString("id");
                                  d.org_id = r.OptString("org_id");
                                  d.product_version_id = r.OptString("product_version_id");
                                  d.municipalities = r.Strings("municipalities");
                                  d.since = r.GetDate("since");
                                  d.until = r.OptDate("until");
                                  d.created_at = s.Int("created_at");
                                });
}

Result<DeclarationAnswer> AnswerFromJson(const Json& json, const std::string& path) {
  return ReadRecord<DeclarationAnswer>(
      WithAnswerDefaults(json), path, {}, {},
      [](JsonReader& r, const Scalars&, DeclarationAnswer& a) { ReadAnswer(r, a); });
}

Result<Declaration> DeclarationFromJson(const Json& json, const std::string& path) {
  Json copy = json;
  DefaultList(copy, "answers");
  if (copy.is_object() && copy.at("answers").is_array()) {
    for (auto& answer : copy.at("answers")) DefaultList(answer, "evidence");
  }
  return ReadRecord<Declaration>(
      copy, path, {"created_at", "updated_at", "submitted_at", "published_at", "withdrawn_at"}, {},
      [](JsonReader& r, const Scalars& s, Declaration& d) {
        d.id = r.OptString("id");
        d.org_id = r.OptString("org_id");
        d.product_version_id = r.OptString("product_version_id");
        d.profile = r.String("profile");
        d.profile_version = r.OptInt("profile_version").value_or(0);
        d.status = OptEnumOr(r, "status", DeclarationStatus::kDraft);
        r.Each("answers", [&](JsonReader& a) {
          DeclarationAnswer answer;
          ReadAnswer(a, answer);
          d.answers.push_back(std::move(answer));
        });
        d.supersedes = r.OptString("supersedes");
        d.superseded_by = r.OptString("superseded_by");
        d.needs_review = r.Strings("needs_review");
        d.created_at = s.Int("created_at");
        d.updated_at = s.Int("updated_at");
        d.submitted_at = s.Int("submitted_at");
        d.published_at = s.Int("published_at");
        d.withdrawn_at = s.Int("withdrawn_at");
      });
}

Result<EvidenceFile> EvidenceFileFromJson(const Json& json, const std::string& path) {
  return ReadRecord<EvidenceFile>(json, path, {"size", "created_at"}, {},
                                  [](JsonReader& r, const Scalars& s, EvidenceFile& f) {
                                    f.id = r.OptString("id");
                                    f.org_id = r.OptString("org_id");
                                    f.name = r.OptString("name");
                                    f.content_type = r.OptString("content_type");
                                    f.size = s.Int("size");
                                    f.sha256 = r.OptString("sha256");
                                    f.created_at = s.Int("created_at");
                                  });
}

namespace {

template <typename T>
Result<T> ParseStored(const Json& json);
template <>
Result<OrgAccount> ParseStored(const Json& j) {
  return OrgAccountFromJson(j);
}
template <>
Result<User> ParseStored(const Json& j) {
  return UserFromJson(j);
}
template <>
Result<Membership> ParseStored(const Json& j) {
  return MembershipFromJson(j);
}
template <>
Result<Product> ParseStored(const Json& j) {
  return ProductFromJson(j);
}
template <>
Result<ProductVersion> ParseStored(const Json& j) {
  return ProductVersionFromJson(j);
}
template <>
Result<Deployment> ParseStored(const Json& j) {
  return DeploymentFromJson(j);
}
template <>
Result<Declaration> ParseStored(const Json& j) {
  return DeclarationFromJson(j);
}
template <>
Result<EvidenceFile> ParseStored(const Json& j) {
  return EvidenceFileFromJson(j);
}

}  // namespace

template <typename T>
Result<T> FromDoc(const std::string& doc) {
  return ParseStoredDoc<T>(doc,
                           [](const Json& j, const std::string&) { return ParseStored<T>(j); });
}

template Result<OrgAccount> FromDoc<OrgAccount>(const std::string&);
template Result<User> FromDoc<User>(const std::string&);
template Result<Membership> FromDoc<Membership>(const std::string&);
template Result<Product> FromDoc<Product>(const std::string&);
template Result<ProductVersion> FromDoc<ProductVersion>(const std::string&);
template Result<Deployment> FromDoc<Deployment>(const std::string&);
template Result<Declaration> FromDoc<Declaration>(const std::string&);
template Result<EvidenceFile> FromDoc<EvidenceFile>(const std::string&);

}  // namespace helsekrav::formats
