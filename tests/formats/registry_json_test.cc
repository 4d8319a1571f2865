#include "formats/registry_json.h"

#include <gtest/gtest.h>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

using namespace helsekrav::domain;  // NOLINT(google-build-using-namespace)
using testing::D;

// Round trip through the API form and through a stored document string.
template <typename T, typename Parse>
void ExpectRoundTrip(const T& value, Parse parse, const Json& json) {
  auto back = parse(json, "");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, value);
  auto stored = FromDoc<T>(json.dump());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, value);
}

TEST(RegistryJsonTest, OrgAccountRoundTrip) {
  OrgAccount o{.id = "5f0c0e1a-0000-4000-8000-000000000001",
               .orgnr = "958935420",
               .name = "Oslo kommune",
               .kind = OrganisationKind::kMunicipality,
               .municipality_number = "0301",
               .website = "https://www.oslo.kommune.no",
               .status = OrgStatus::kRejected,
               .decided_by = "u-9",
               .decision_note = "Feil organisasjonsnummer",
               .created_at = 4102444800,  // after 2038: needs 64 bits
               .decided_at = 4102444900};
  Json j = ToJson(o);
  EXPECT_EQ(j["kind"], "municipality");
  EXPECT_EQ(j["status"], "rejected");
  ExpectRoundTrip(o, OrgAccountFromJson, j);
}

TEST(RegistryJsonTest, BodyWithoutOrgnrRoundTripsAndOldDocumentsAreNorwegian) {
  OrgAccount body{.id = "o-2797",
                  .id_kind = OrgIdKind::kForeign,
                  .identifier = "556000-0000",
                  .country = "SE",
                  .acts_as = "sertifiseringsorgan",
                  .name = "Svensk Certifiering AB",
                  .kind = OrganisationKind::kApprovingBody,
                  .status = OrgStatus::kApproved};
  Json j = ToJson(body);
  EXPECT_EQ(j["identifier_kind"], "foreign");
  EXPECT_EQ(j["acts_as"], "sertifiseringsorgan");
  ExpectRoundTrip(body, OrgAccountFromJson, j);

  // Stored before issue 12: no identifier fields.
  auto old = FromDoc<OrgAccount>(
      R"({"id":"o1","orgnr":"974760673","name":"Eksempel AS","kind":"supplier",)"
      R"("status":"approved","created_at":1764000000,"decided_at":0})");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->id_kind, OrgIdKind::kOrgnr);
  EXPECT_EQ(old->orgnr, "974760673");
  EXPECT_TRUE(old->acts_as.empty());
}

TEST(RegistryJsonTest, UserRoundTripAndNoPasswordHashInApiForm) {
  User u{.id = "u1",
         .email = "kari@eksempel.no",
         .name = "Kari Nordmann",
         .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
         .disabled = true,
         .created_at = 1764000000};
  Json api = ToJson(u);
  EXPECT_FALSE(api.contains("password_hash"));
  EXPECT_EQ(api.dump().find("argon2id"), std::string::npos);
  EXPECT_EQ(api["disabled"], true);
  Json stored = ToStoredJson(u);
  EXPECT_EQ(stored["password_hash"], u.password_hash);
  ExpectRoundTrip(u, UserFromJson, stored);
  // The API form parses to a user without a hash.
  auto from_api = UserFromJson(api);
  ASSERT_TRUE(from_api.ok());
  EXPECT_TRUE(from_api->password_hash.empty());
}

TEST(RegistryJsonTest, MembershipRoundTrip) {
  Membership m{.user_id = "u1", .org_id = "o1", .role = Role::kAdmin};
  EXPECT_EQ(ToJson(m)["role"], "admin");
  ExpectRoundTrip(m, MembershipFromJson, ToJson(m));
}

TEST(RegistryJsonTest, ProductAndVersionRoundTrip) {
  Product p{.id = "p1",
            .org_id = "o1",
            .name = "Journal Pluss",
            .description = "EPJ for *pleie og omsorg*",
            .website = "https://eksempel.no",
            .categories = {"epj-pleie-omsorg", "epj-helsestasjon"},
            .created_at = 1,
            .updated_at = 2};
  ExpectRoundTrip(p, ProductFromJson, ToJson(p));
  ProductVersion v{.id = "v1",
                   .product_id = "p1",
                   .version = "2026 vår",
                   .release_date = D("2026-04-01"),
                   .status = ProductVersionStatus::kPlanned,
                   .integrations = {"helseid"},
                   .notes = "Første versjon med HelseID",
                   .created_at = 3};
  Json j = ToJson(v);
  EXPECT_EQ(j["release_date"], "2026-04-01");
  ExpectRoundTrip(v, ProductVersionFromJson, j);
  v.release_date.reset();
  ExpectRoundTrip(v, ProductVersionFromJson, ToJson(v));
}

TEST(RegistryJsonTest, DeploymentRoundTrip) {
  Deployment d{.id = "d1",
               .org_id = "o1",
               .product_version_id = "v1",
               .municipalities = {"0301", "3201"},
               .since = D("2025-01-01"),
               .until = D("2027-01-01"),
               .created_at = 5};
  ExpectRoundTrip(d, DeploymentFromJson, ToJson(d));
  d.until.reset();
  ExpectRoundTrip(d, DeploymentFromJson, ToJson(d));
}

Declaration SampleDeclaration() {
  Declaration d{.id = "decl",
                .org_id = "o1",
                .product_version_id = "v1",
                .profile = "helseapp",
                .profile_version = 1,
                .status = DeclarationStatus::kPublished,
                .supersedes = "old",
                .needs_review = {"UU-01"},
                .created_at = 10,
                .updated_at = 11,
                .submitted_at = 12,
                .published_at = 13};
  d.answers.push_back({.requirement = "GDPR-01",
                       .requirement_version = 1,
                       .answer = Answer::kMeets,
                       .statement = "Innebygd personvern",
                       .evidence = {{.kind = EvidenceKind::kLink, .url = "https://e.no/a"},
                                    {.kind = EvidenceKind::kReference, .reference = "ISO 27001"},
                                    {.kind = EvidenceKind::kFile,
                                     .file_id = "f1",
                                     .file_name = "dpia.pdf",
                                     .sha256 = std::string(64, 'a')}}});
  d.answers.push_back({.requirement = "UU-01",
                       .requirement_version = 2,
                       .answer = Answer::kNotApplicable,
                       .reason = "Ingen brukergrensesnitt"});
  return d;
}

TEST(RegistryJsonTest, DeclarationRoundTrip) {
  Declaration d = SampleDeclaration();
  Json j = ToJson(d);
  EXPECT_EQ(j["answers"][1]["answer"], "not_applicable");
  EXPECT_EQ(j["answers"][0]["evidence"][2]["kind"], "file");
  ExpectRoundTrip(d, DeclarationFromJson, j);
  auto answer = AnswerFromJson(ToJson(d.answers[0]), "answers[0]");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(*answer, d.answers[0]);
}

TEST(RegistryJsonTest, DeclarationBodyMayLeaveOutListsAndIds) {
  Json body = Json::parse(R"({"profile": "helseapp", "profile_version": 1,
    "answers": [{"requirement": "GDPR-01", "requirement_version": 1, "answer": "meets"}]})");
  auto d = DeclarationFromJson(body);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->status, DeclarationStatus::kDraft);
  ASSERT_EQ(d->answers.size(), 1u);
  EXPECT_TRUE(d->answers[0].evidence.empty());
}

TEST(RegistryJsonTest, ErrorsNameTheField) {
  Json j = ToJson(SampleDeclaration());
  j["answers"][1]["answer"] = "maybe";
  auto bad = DeclarationFromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "answers[1].answer");
  EXPECT_NE(bad.status().message().find("maybe"), std::string::npos);

  j = ToJson(SampleDeclaration());
  j["answers"][0]["evidence"][0]["colour"] = "blå";
  bad = DeclarationFromJson(j, "declaration");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "declaration.answers[0].evidence[0].colour");
  EXPECT_EQ(bad.status().message(), "Ukjent felt");

  Json p = ToJson(Product{.name = "X"});
  p["created_at"] = "i går";
  auto product = ProductFromJson(p, "product");
  ASSERT_FALSE(product.ok());
  EXPECT_EQ(product.status().field(), "product.created_at");

  Json u = ToStoredJson(User{.email = "a@b.no"});
  u["disabled"] = "ja";
  EXPECT_EQ(UserFromJson(u).status().field(), "disabled");
}

TEST(RegistryJsonTest, EvidenceFileRoundTripAndBadStoredDocs) {
  EvidenceFile f{.id = "f1",
                 .org_id = "o1",
                 .name = "sertifikat.pdf",
                 .content_type = "application/pdf",
                 .size = std::int64_t{3} * 1024 * 1024 * 1024,
                 .sha256 = std::string(64, 'b'),
                 .created_at = 7};
  ExpectRoundTrip(f, EvidenceFileFromJson, ToJson(f));
  EXPECT_EQ(FromDoc<EvidenceFile>("{not json").status().code(), StatusCode::kInternal);
  EXPECT_EQ(FromDoc<Product>(R"({"name": 1})").status().code(), StatusCode::kInternal);
}

TEST(RegistryJsonTest, EventEmbedsChanges) {
  Event e{.seq = 4,
          .id = "e1",
          .at = 100,
          .actor_user = "u1",
          .actor_org = "o1",
          .org_id = "o1",
          .entity_kind = "product",
          .entity_id = "p1",
          .action = "updated",
          .changes = R"({"name": {"from": "A", "to": "B"}})"};
  Json j = ToJson(e);
  EXPECT_EQ(j["changes"]["name"]["to"], "B");
  EXPECT_EQ(j["seq"], 4);
  e.changes = "";
  EXPECT_TRUE(ToJson(e)["changes"].is_object());
}

}  // namespace
}  // namespace helsekrav::formats
