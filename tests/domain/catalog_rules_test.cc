#include "domain/catalog_rules.h"

#include <gtest/gtest.h>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <algorithm>

#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;
using testing::SampleCatalog;

Requirement& Req(Catalog& c, const std::string& key) {
  for (auto& r : c.requirements) {
    if (r.key == key) return r;
  }
  throw std::logic_error("no " + key);
}

void ExpectInvalid(const Catalog& c, const std::string& field, const std::string& message_part) {
  Status s = ValidateCatalog(c);
  ASSERT_EQ(s.code(), StatusCode::kInvalid) << "expected a violation at " << field;
  EXPECT_EQ(s.field(), field);
  EXPECT_NE(s.message().find(message_part), std::string::npos) << s.message();
}

TEST(ValidateCatalogTest, SampleCatalogIsValid) {
  Status s = ValidateCatalog(SampleCatalog());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(ValidateCatalogTest, MandatoryRequirementNeedsLegalBasis) {
  Catalog c = SampleCatalog();
  Req(c, "EHDS-01").versions[0].legal_basis.clear();
  ExpectInvalid(c, "requirements[EHDS-01].versions[0].legal_basis", "hjemmel");
}

TEST(ValidateCatalogTest, QuotesNeedTextAndEitherLinesOrALegalSource) {
  Catalog c = SampleCatalog();
  Source& source = Req(c, "GDPR-01").versions[0].source;
  source.document = "001.txt";
  source.quotes = {{.lines = "12", .text = "skal"},
                   {.legal = "Lovdata LOV-2018-06-15-38", .text = "…"}};
  EXPECT_TRUE(ValidateCatalog(c).ok()) << ValidateCatalog(c).ToString();
  source.quotes[1].lines = "4";
  ExpectInvalid(c, "requirements[GDPR-01].versions[0].source.quotes[1]", "ikke begge");
  source.quotes[1] = {.lines = "4", .text = ""};
  ExpectInvalid(c, "requirements[GDPR-01].versions[0].source.quotes[1].text", "");
}

TEST(ValidateCatalogTest, AnIncorporatedEuRuleNeedsItsNorwegianDateAndDecision) {
  Catalog c = SampleCatalog();
  RequirementVersion& v = Req(c, "EHDS-01").versions[0];
  v.eea = EeaIncorporation{.status = EeaStatus::kPending};
  EXPECT_TRUE(ValidateCatalog(c).ok());
  v.eea->status = EeaStatus::kIncorporated;
  ExpectInvalid(c, "requirements[EHDS-01].versions[0].eea.in_force", "Norge");
  v.eea->in_force = D("2028-01-01");
  ExpectInvalid(c, "requirements[EHDS-01].versions[0].eea.decision", "");
  v.eea->decision = "EØS-komiteens beslutning";
  EXPECT_TRUE(ValidateCatalog(c).ok());
  EXPECT_FALSE(BindsInNorway(v, D("2027-12-31")));
  EXPECT_TRUE(BindsInNorway(v, D("2028-01-01")));
}

TEST(ValidateCatalogTest, RetiredRecordsAreRemovedAndReferencesToThemFound) {
  Catalog c = SampleCatalog();
  ASSERT_FALSE(c.approval_schemes.empty());
  std::string scheme = c.approval_schemes.front().key;
  RemoveRecords(c, {{.list = "approval_schemes", .key = scheme, .reason = "Finnes ikke"},
                    {.list = "requirements", .key = "UKJENT-01", .reason = "–"}});
  EXPECT_TRUE(std::none_of(c.approval_schemes.begin(), c.approval_schemes.end(),
                           [&](const ApprovalScheme& s) { return s.key == scheme; }));
  bool referenced = false;
  for (const Requirement& r : c.requirements) {
    for (const RequirementVersion& v : r.versions) {
      referenced |= std::count(v.approval_schemes.begin(), v.approval_schemes.end(), scheme) > 0;
    }
  }
  ASSERT_TRUE(referenced);  // the sample catalog's requirements cite its first scheme
  EXPECT_EQ(ValidateCatalog(c).code(), StatusCode::kInvalid);
}

TEST(ValidateCatalogTest, UnknownReferencesAreNamed) {
  Catalog c = SampleCatalog();
  Req(c, "GDPR-01").versions[0].owner = "ukjent-org";
  ExpectInvalid(c, "requirements[GDPR-01].versions[0].owner", "«ukjent-org»");

  c = SampleCatalog();
  Req(c, "NHN-KJ-01").versions[1].standards.push_back("finnes-ikke");
  ExpectInvalid(c, "requirements[NHN-KJ-01].versions[1].standards", "«finnes-ikke»");

  c = SampleCatalog();
  Req(c, "NHN-KJ-01").versions[0].integrations = {"pll"};
  ExpectInvalid(c, "requirements[NHN-KJ-01].versions[0].integrations", "nasjonal løsning");
}

TEST(ValidateCatalogTest, DuplicateAndMalformedKeys) {
  Catalog c = SampleCatalog();
  c.requirements.push_back(c.requirements[0]);
  ExpectInvalid(c, "requirements[3].key", "mer enn én gang");
  c = SampleCatalog();
  c.standards[0].key = "HL7";
  ExpectInvalid(c, "standards[0].key", "små bokstaver");
}

TEST(ValidateCatalogTest, VersionsAreNumberedWithoutGapsAndFollowOneAnother) {
  Catalog c = SampleCatalog();
  Req(c, "NHN-KJ-01").versions[1].version = 3;
  ExpectInvalid(c, "requirements[NHN-KJ-01].versions[1].version", "uten hull");

  c = SampleCatalog();
  Req(c, "NHN-KJ-01").versions[0].valid_to = D("2026-06-01");  // overlaps version 2
  ExpectInvalid(c, "requirements[NHN-KJ-01].versions[0].valid_to", "senest");

  c = SampleCatalog();
  Req(c, "NHN-KJ-01").versions[1].valid_from = D("2023-01-01");
  ExpectInvalid(c, "requirements[NHN-KJ-01].versions[1].valid_from", "før forrige");

  c = SampleCatalog();
  Req(c, "GDPR-01").versions[0].valid_to = D("2018-07-20");
  ExpectInvalid(c, "requirements[GDPR-01].versions[0].valid_to", "etter gyldig fra");
}

TEST(ValidateCatalogTest, ProfilesMayTightenButNotLoosen) {
  Catalog c = SampleCatalog();
  c.profiles[0].versions[0].items[1].obligation = Obligation::kInformative;  // GDPR-01 is mandatory
  ExpectInvalid(c, "profiles[epj-pleie-omsorg].versions[0].requirements[1].obligation", "skjerpe");

  c = SampleCatalog();
  // NHN-KJ-01 is recommended on 2025-01-01 (version 1); making it mandatory is a tightening.
  c.profiles[0].versions[0].items[0].obligation = Obligation::kMandatory;
  EXPECT_TRUE(ValidateCatalog(c).ok());
}

TEST(ValidateCatalogTest, ProfileCannotListARequirementTwice) {
  Catalog c = SampleCatalog();
  c.profiles[0].versions[0].items.push_back({"GDPR-01", std::nullopt});
  ExpectInvalid(c, "profiles[epj-pleie-omsorg].versions[0].requirements[2].key", "mer enn én gang");
}

TEST(ValidateCatalogTest, StandardLifecycleMustMoveForward) {
  Catalog c = SampleCatalog();
  std::swap(c.standards[0].lifecycle[1].status, c.standards[0].lifecycle[2].status);
  ExpectInvalid(c, "standards[hl7-fhir-r4].lifecycle[2].status", "rekkefølgen");
  c = SampleCatalog();
  c.standards[0].lifecycle[2].from = D("2020-01-01");
  ExpectInvalid(c, "standards[hl7-fhir-r4].lifecycle[2].from", "stigende");
}

TEST(ValidateCatalogTest, CategoryCyclesAreRejected) {
  Catalog c = SampleCatalog();
  for (auto& cat : c.categories) {
    if (cat.key == "epj") cat.parent = "epj-pleie-omsorg";
  }
  Status s = ValidateCatalog(c);
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_NE(s.message().find("sirkel"), std::string::npos);
}

TEST(ValidateCatalogTest, OrganisationNumbersAndMunicipalityNumbersAreChecked) {
  Catalog c = SampleCatalog();
  c.organisations[0].orgnr = "994598758";
  Status s = ValidateCatalog(c);
  EXPECT_EQ(s.field(), "organisations[helsedirektoratet].orgnr");  // sorted by key
  c = SampleCatalog();
  for (auto& o : c.organisations) {
    if (o.key == "kommune-0301") o.municipality_number = "9999";
  }
  EXPECT_EQ(ValidateCatalog(c).field(), "organisations[kommune-0301].municipality_number");
}

TEST(ValidateCatalogTest, MeetingPaperSourcesNeedDocumentAndCase) {
  Catalog c = SampleCatalog();
  Req(c, "GDPR-01").versions[0].source.case_no.clear();
  ExpectInvalid(c, "requirements[GDPR-01].versions[0].source", "saksnummer");
}

TEST(VersionAtTest, PicksTheVersionInForceOrTheFirstUpcoming) {
  Catalog c = SampleCatalog();
  const Requirement& kj = Req(c, "NHN-KJ-01");
  EXPECT_EQ(VersionAt(kj, D("2023-06-01")).version, 1);  // none started yet: the first
  EXPECT_EQ(VersionAt(kj, D("2025-06-01")).version, 1);
  EXPECT_EQ(VersionAt(kj, D("2026-01-01")).version, 2);
  EXPECT_EQ(FindVersion(kj, 2)->obligation, Obligation::kMandatory);
  EXPECT_EQ(FindVersion(kj, 3), nullptr);
}

TEST(StatusAtTest, UpcomingActiveExpired) {
  EXPECT_EQ(StatusAt(D("2029-03-26"), std::nullopt, D("2026-11-23")), RequirementStatus::kUpcoming);
  EXPECT_EQ(StatusAt(D("2029-03-26"), std::nullopt, D("2029-03-26")), RequirementStatus::kActive);
  EXPECT_EQ(StatusAt(D("2024-01-01"), D("2026-01-01"), D("2026-01-01")),
            RequirementStatus::kExpired);
}

TEST(StatusAtTest, StandardLifecycleOnADate) {
  const Standard s = SampleCatalog().standards[0];
  EXPECT_FALSE(StatusAt(s, D("2018-01-01")).has_value());
  EXPECT_EQ(StatusAt(s, D("2020-01-01")), StandardStatus::kUnderTesting);
  EXPECT_EQ(StatusAt(s, D("2026-11-23")), StandardStatus::kActive);
  EXPECT_EQ(StatusAt(s, D("2031-01-01")), StandardStatus::kPhasingOut);
}

TEST(EffectiveObligationTest, TakesTheStronger) {
  EXPECT_EQ(EffectiveObligation(Obligation::kRecommended, Obligation::kMandatory),
            Obligation::kMandatory);
  EXPECT_EQ(EffectiveObligation(Obligation::kMandatory, Obligation::kInformative),
            Obligation::kMandatory);
  EXPECT_EQ(EffectiveObligation(Obligation::kInformative, std::nullopt), Obligation::kInformative);
}

TEST(CategoryTreeTest, AppliesUpAndDownTheTree) {
  CategoryTree tree(SampleCatalog().categories);
  EXPECT_EQ(tree.Subtree("epj"), (std::set<std::string>{"epj", "epj-pleie-omsorg"}));
  EXPECT_EQ(tree.Lineage("epj-pleie-omsorg"), (std::set<std::string>{"epj", "epj-pleie-omsorg"}));
  EXPECT_TRUE(tree.Applies({"epj"}, "epj-pleie-omsorg"));  // tagged above
  EXPECT_TRUE(tree.Applies({"epj-pleie-omsorg"}, "epj"));  // tagged below
  EXPECT_FALSE(tree.Applies({"trygghetsalarm"}, "epj"));
  EXPECT_TRUE(tree.Applies({}, "trygghetsalarm"));  // universal
}

TEST(MergeCatalogsTest, ReplacesByKeyAndKeepsTheRest) {
  Catalog base = SampleCatalog();
  Catalog update;
  Requirement changed = base.requirements[1];
  changed.versions[0].title = "Nytt navn";
  update.requirements = {changed};
  Catalog merged = MergeCatalogs(base, update);
  EXPECT_EQ(merged.requirements.size(), base.requirements.size());
  EXPECT_EQ(merged.requirements[1].versions[0].title, "Nytt navn");
  EXPECT_EQ(merged.standards, base.standards);
}

}  // namespace
}  // namespace helsekrav::domain
