#include "formats/approval_json.h"

#include <gtest/gtest.h>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)
using testing::D;

Approval SampleApproval() {
  Approval a;
  a.id = "a1";
  a.scheme = "kjernejournal-api";
  a.issuer_org_id = "org-nhn";
  a.subject_kind = ApprovalSubject::kProductVersion;
  a.subject_id = "v1";
  a.valid_from = D("2026-01-01");
  a.valid_to = D("2027-01-01");
  a.conditions = "Gjelder **lesetilgang**.";
  a.covered_requirements = {"NHN-KJ-01", "NHN-KJ-02"};
  a.evidence = {Evidence{.kind = EvidenceKind::kReference, .reference = "Testrapport 17"}};
  a.status = ApprovalStatus::kSuspended;
  a.status_reason = "Feil i testmiljøet";
  a.history = {ApprovalTransition{.at = 4102444800,  // after 2038: needs 64 bits
                                  .actor_user = "u1",
                                  .action = ApprovalAction::kIssue,
                                  .valid_to = D("2027-01-01")},
               ApprovalTransition{.at = 4102444900,
                                  .actor_user = "u1",
                                  .action = ApprovalAction::kSuspend,
                                  .reason = "Feil i testmiljøet"}};
  a.created_at = 4102444800;
  return a;
}

TEST(ApprovalJsonTest, ApprovalRoundTrip) {
  Approval a = SampleApproval();
  Json j = ToJson(a);
  EXPECT_EQ(j["status"], "suspended");
  EXPECT_EQ(j["subject_kind"], "product_version");
  EXPECT_EQ(j["history"][1]["action"], "suspend");
  EXPECT_EQ(j["history"][0]["at"], 4102444800);
  auto back = ApprovalFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, a);
  auto stored = FromDoc<Approval>(j.dump());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, a);
}

TEST(ApprovalJsonTest, PublicJsonLeavesOutTheUsers) {
  Approval a = SampleApproval();
  Json j = PublicJson(a);
  ASSERT_EQ(j["history"].size(), 2u);
  for (const Json& step : j["history"]) EXPECT_FALSE(step.contains("actor_user")) << step.dump();
  EXPECT_EQ(j["history"][1]["reason"], "Feil i testmiljøet");
  // Otherwise the stored shape: it still parses, without the users.
  auto back = ApprovalFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->history[0].actor_user.empty());
  EXPECT_EQ(back->status, a.status);
  EXPECT_TRUE(ToJson(a)["history"][0].contains("actor_user"));
}

TEST(ApprovalJsonTest, ApprovalErrorsNameTheField) {
  Json j = ToJson(SampleApproval());
  j["history"][1]["action"] = "glemme";
  EXPECT_EQ(ApprovalFromJson(j).status().field(), "history[1].action");
  j = ToJson(SampleApproval());
  j["history"][0]["at"] = "i går";
  EXPECT_EQ(ApprovalFromJson(j).status().field(), "history[0].at");
  j = ToJson(SampleApproval());
  j["valid_to"] = "31.12.2026";
  EXPECT_EQ(ApprovalFromJson(j).status().field(), "valid_to");
  j = ToJson(SampleApproval());
  j["ukjent"] = 1;
  EXPECT_EQ(ApprovalFromJson(j).status().field(), "ukjent");
  j = ToJson(SampleApproval());
  j["evidence"][0]["kind"] = "brev";
  EXPECT_EQ(ApprovalFromJson(j, "approval").status().field(), "approval.evidence[0].kind");
  // A stored document that is not an approval is an internal error, not user input.
  EXPECT_EQ(FromDoc<Approval>("{}").status().code(), StatusCode::kInternal);
  EXPECT_EQ(FromDoc<Approval>("ikke json").status().code(), StatusCode::kInternal);
}

TEST(ApprovalJsonTest, MinimalApprovalGetsDefaults) {
  Json j = {{"scheme", "sfm"},
            {"subject_id", "v1"},
            {"valid_from", "2026-01-01"},
            {"valid_to", "2026-06-01"}};
  auto a = ApprovalFromJson(j);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->status, ApprovalStatus::kIssued);
  EXPECT_TRUE(a->history.empty());
  EXPECT_TRUE(a->evidence.empty());
}

TEST(ApprovalJsonTest, TransitionRoundTrip) {
  ApprovalTransition t{
      .at = 1764000000, .action = ApprovalAction::kExpire, .reason = "Gyldighetstiden er ute"};
  Json j = ToJson(t);
  EXPECT_TRUE(j["actor_user"].is_null());
  auto back = ApprovalTransitionFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, t);
}

TEST(ApprovalJsonTest, CertificateClaimRoundTripAndSelfReported) {
  CertificateClaim c{
      .id = "c1",
      .org_id = "org-1",
      .kind = CertificateKind::kIso27001,
      .reference = "ISO/IEC 27001:2022 nr. 123",
      .issuer_name = "Sertifiseringsorganet AS",
      .valid_from = D("2025-01-01"),
      .evidence = {Evidence{.kind = EvidenceKind::kLink, .url = "https://example.no/s.pdf"}},
      .created_at = 4102444800};
  Json j = ToJson(c);
  EXPECT_EQ(j["self_reported"], true);
  EXPECT_EQ(j["kind"], "iso27001");
  EXPECT_TRUE(j["valid_to"].is_null());
  auto back = CertificateClaimFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);

  c.confirmed_by_org = "org-ks";
  c.confirmed_at = 4102444900;
  j = ToJson(c);
  EXPECT_EQ(j["self_reported"], false);
  auto stored = FromDoc<CertificateClaim>(j.dump());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, c);

  j["self_reported"] = "ja";
  EXPECT_EQ(CertificateClaimFromJson(j).status().field(), "self_reported");
  j = ToJson(c);
  j["kind"] = "diplom";
  EXPECT_EQ(CertificateClaimFromJson(j).status().field(), "kind");
}

TEST(ApprovalJsonTest, LabelRoundTrip) {
  ComplianceLabel label{.profile = "epj-fastlege",
                        .profile_version = 2,
                        .product_version_id = "v1",
                        .computed_on = D("2026-11-23"),
                        .earned = false,
                        .items = {LabelItem{.requirement = "NHN-KJ-01",
                                            .requirement_version = 1,
                                            .basis = LabelBasis::kThirdParty,
                                            .basis_id = "a1"},
                                  LabelItem{.requirement = "GDPR-01",
                                            .requirement_version = 2,
                                            .basis = LabelBasis::kSelfDeclared,
                                            .basis_id = "d1"},
                                  LabelItem{.requirement = "SIK-05",
                                            .requirement_version = 1,
                                            .basis = LabelBasis::kMissing,
                                            .reason = "ingen godkjenning"}},
                        .reasons = {"«SIK-05» er ikke dekket: ingen godkjenning"}};
  Json j = ToJson(label);
  EXPECT_EQ(j["items"][0]["basis"], "third_party");
  EXPECT_EQ(j["items"][1]["basis"], "self_declared");
  EXPECT_EQ(j["items"][2]["basis"], "missing");
  EXPECT_TRUE(j["items"][2]["basis_id"].is_null());
  auto back = ComplianceLabelFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, label);
  label.earned = true;
  back = ComplianceLabelFromJson(ToJson(label));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->earned);

  j["items"][1]["basis"] = "rykte";
  EXPECT_EQ(ComplianceLabelFromJson(j).status().field(), "items[1].basis");
  auto item = LabelItemFromJson(ToJson(label.items[0]));
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(*item, label.items[0]);
}

}  // namespace
}  // namespace helsekrav::formats
