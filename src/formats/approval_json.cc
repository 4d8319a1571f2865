#include "formats/approval_json.h"

#include "formats/json_record.h"

namespace helsekrav::formats {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)
using namespace internal;           // NOLINT(google-build-using-namespace)

namespace {

ApprovalTransition ReadTransition(JsonReader& r, std::int64_t at) {
  ApprovalTransition t;
  t.at = at;
  t.actor_user = r.OptString("actor_user");
  t.action = r.Enum<ApprovalAction>("action");
  t.reason = r.OptString("reason");
  t.valid_to = r.OptDate("valid_to");
  return t;
}

std::optional<LabelBasis> ParseBasis(const std::string& code) {
  for (LabelBasis b : {LabelBasis::kThirdParty, LabelBasis::kCertificate, LabelBasis::kSelfDeclared,
                       LabelBasis::kMissing}) {
    if (LabelBasisCode(b) == code) return b;
  }
  return std::nullopt;
}

LabelItem ReadLabelItem(JsonReader& r) {
  LabelItem item;
  item.requirement = r.String("requirement");
  item.requirement_version = r.OptInt("requirement_version").value_or(0);
  std::string basis = r.String("basis");
  if (auto parsed = ParseBasis(basis)) {
    item.basis = *parsed;
  } else if (r.ok()) {
    r.Adopt(Status::Invalid(r.FieldPath("basis"),
                            "Ukjent verdi «" + basis +
                                "» (tillatt: third_party, certificate, self_declared, missing)"));
  }
  item.basis_id = r.OptString("basis_id");
  item.reason = r.OptString("reason");
  return item;
}

}  // namespace

Json ToJson(const ApprovalTransition& t) {
  Json j;
  j["at"] = t.at;
  j["actor_user"] = NullIfEmpty(t.actor_user);
  j["action"] = CodeOf(t.action);
  j["reason"] = NullIfEmpty(t.reason);
  j["valid_to"] = OptDateJson(t.valid_to);
  return j;
}

Json ToJson(const Approval& a) {
  Json j;
  j["id"] = a.id;
  j["scheme"] = a.scheme;
  j["issuer_org_id"] = a.issuer_org_id;
  j["subject_kind"] = CodeOf(a.subject_kind);
  j["subject_id"] = a.subject_id;
  j["valid_from"] = a.valid_from.ToIso();
  j["valid_to"] = a.valid_to.ToIso();
  j["conditions"] = a.conditions;
  j["covered_requirements"] = a.covered_requirements;
  j["evidence"] = EvidenceListJson(a.evidence);
  j["status"] = CodeOf(a.status);
  j["status_reason"] = NullIfEmpty(a.status_reason);
  j["history"] = Json::array();
  for (const ApprovalTransition& t : a.history) j["history"].push_back(ToJson(t));
  j["created_at"] = a.created_at;
  return j;
}

Json PublicJson(const Approval& a) {
  Json j = ToJson(a);
  for (Json& step : j["history"]) step.erase("actor_user");
  return j;
}

Json ToJson(const CertificateClaim& c) {
  Json j;
  j["id"] = c.id;
  j["org_id"] = c.org_id;
  j["product_version_id"] = NullIfEmpty(c.product_version_id);
  j["kind"] = CodeOf(c.kind);
  j["reference"] = c.reference;
  j["issuer_name"] = c.issuer_name;
  j["valid_from"] = OptDateJson(c.valid_from);
  j["valid_to"] = OptDateJson(c.valid_to);
  j["evidence"] = EvidenceListJson(c.evidence);
  j["confirmed_by_org"] = NullIfEmpty(c.confirmed_by_org);
  j["confirmed_at"] = c.confirmed_at;
  j["created_at"] = c.created_at;
  j["self_reported"] = c.self_reported();
  return j;
}

Json ToJson(const LabelItem& item) {
  Json j;
  j["requirement"] = item.requirement;
  j["requirement_version"] = item.requirement_version;
  j["basis"] = std::string(LabelBasisCode(item.basis));
  j["basis_id"] = NullIfEmpty(item.basis_id);
  j["reason"] = NullIfEmpty(item.reason);
  return j;
}

Json ToJson(const ComplianceLabel& label) {
  Json j;
  j["profile"] = label.profile;
  j["profile_version"] = label.profile_version;
  j["product_version_id"] = label.product_version_id;
  j["computed_on"] = label.computed_on.ToIso();
  j["earned"] = label.earned;
  j["items"] = Json::array();
  for (const LabelItem& item : label.items) j["items"].push_back(ToJson(item));
  j["reasons"] = label.reasons;
  return j;
}

Result<ApprovalTransition> ApprovalTransitionFromJson(const Json& json, const std::string& path) {
  return ReadRecord<ApprovalTransition>(json, path, {"at"}, {},
                                        [](JsonReader& r, const Scalars& s, ApprovalTransition& t) {
                                          t = ReadTransition(r, s.Int("at"));
                                        });
}

Result<Approval> ApprovalFromJson(const Json& json, const std::string& path) {
  Json copy = json;
  DefaultList(copy, "evidence");
  DefaultList(copy, "history");
  // Each history entry carries a 64-bit time; read them here, in order, before the reader.
  std::vector<std::int64_t> history_times;
  if (copy.is_object() && copy.at("history").is_array()) {
    std::size_t i = 0;
    for (Json& entry : copy.at("history")) {
      Scalars times;
      HK_RETURN_IF_ERROR(TakeScalars(entry, JoinPath(path, "history[" + std::to_string(i++) + "]"),
                                     {"at"}, {}, times));
      history_times.push_back(times.Int("at"));
    }
  }
  return ReadRecord<Approval>(
      copy, path, {"created_at"}, {}, [&](JsonReader& r, const Scalars& s, Approval& a) {
        a.id = r.OptString("id");
        a.scheme = r.String("scheme");
        a.issuer_org_id = r.OptString("issuer_org_id");
        a.subject_kind = OptEnumOr(r, "subject_kind", ApprovalSubject::kProductVersion);
        a.subject_id = r.String("subject_id");
        a.valid_from = r.GetDate("valid_from");
        a.valid_to = r.GetDate("valid_to");
        a.conditions = r.OptString("conditions");
        a.covered_requirements = r.Strings("covered_requirements");
        a.evidence = ReadEvidenceList(r);
        a.status = OptEnumOr(r, "status", ApprovalStatus::kIssued);
        a.status_reason = r.OptString("status_reason");
        std::size_t i = 0;
        r.Each("history", [&](JsonReader& h) {
          a.history.push_back(ReadTransition(h, history_times.at(i++)));
        });
        a.created_at = s.Int("created_at");
      });
}

Result<CertificateClaim> CertificateClaimFromJson(const Json& json, const std::string& path) {
  Json copy = json;
  DefaultList(copy, "evidence");
  // "self_reported" is derived from confirmed_by_org: accepted as a flag, then ignored.
  return ReadRecord<CertificateClaim>(copy, path, {"confirmed_at", "created_at"}, {"self_reported"},
                                      [](JsonReader& r, const Scalars& s, CertificateClaim& c) {
                                        c.id = r.OptString("id");
                                        c.org_id = r.OptString("org_id");
                                        c.product_version_id = r.OptString("product_version_id");
                                        c.kind = r.Enum<CertificateKind>("kind");
                                        c.reference = r.OptString("reference");
                                        c.issuer_name = r.OptString("issuer_name");
                                        c.valid_from = r.OptDate("valid_from");
                                        c.valid_to = r.OptDate("valid_to");
                                        c.evidence = ReadEvidenceList(r);
                                        c.confirmed_by_org = r.OptString("confirmed_by_org");
                                        c.confirmed_at = s.Int("confirmed_at");
                                        c.created_at = s.Int("created_at");
                                      });
}

Result<LabelItem> LabelItemFromJson(const Json& json, const std::string& path) {
  return ReadRecord<LabelItem>(
      json, path, {}, {},
      [](JsonReader& r, const Scalars&, LabelItem& item) { item = ReadLabelItem(r); });
}

Result<ComplianceLabel> ComplianceLabelFromJson(const Json& json, const std::string& path) {
  Json copy = json;
  DefaultList(copy, "items");
  return ReadRecord<ComplianceLabel>(
      copy, path, {}, {"earned"}, [](JsonReader& r, const Scalars& s, ComplianceLabel& label) {
        label.profile = r.String("profile");
        label.profile_version = r.Int("profile_version");
        label.product_version_id = r.String("product_version_id");
        label.computed_on = r.GetDate("computed_on");
        label.earned = s.Flag("earned");
        r.Each("items", [&](JsonReader& item) { label.items.push_back(ReadLabelItem(item)); });
        label.reasons = r.Strings("reasons");
      });
}

template <>
Result<Approval> FromDoc<Approval>(const std::string& doc) {
  return ParseStoredDoc<Approval>(doc, ApprovalFromJson);
}

template <>
Result<CertificateClaim> FromDoc<CertificateClaim>(const std::string& doc) {
  return ParseStoredDoc<CertificateClaim>(doc, CertificateClaimFromJson);
}

}  // namespace helsekrav::formats
