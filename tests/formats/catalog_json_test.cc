#include "formats/catalog_json.h"

#include <gtest/gtest.h>

#include "domain/catalog_rules.h"
#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

const char* kRequirement = R"({"requirements": [{"key": "GDPR-01", "versions": [{
  "version": 1, "title": "Innebygd personvern", "text": "Løsningen **skal** …",
  "area": "security", "layer": "legal", "scope": "european", "obligation": "mandatory",
  "legal_basis": "GDPR art. 25", "owner": "datatilsynet",
  "verification_methods": ["self_declaration"], "valid_from": "2018-07-20", "valid_to": null,
  "change_note": "Første versjon.", "categories": [], "actor_types": [], "integrations": [],
  "standards": [], "approval_schemes": [],
  "source": {"kind": "law", "reference": "Forordning (EU) 2016/679 art. 25"}}]}]})";

Status ParseError(const std::string& json, const std::string& name = "krav.json") {
  auto parsed = ParseCatalogBundle({{name, json}});
  return parsed.ok() ? Status::Ok() : parsed.status();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  if (pos == std::string::npos) throw std::logic_error("no " + from);
  return s.replace(pos, from.size(), to);
}

TEST(CatalogJsonTest, ParsesAValidRequirement) {
  auto parsed = ParseCatalogBundle({{"krav.json", kRequirement}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->catalog.requirements.size(), 1u);
  const auto& v = parsed->catalog.requirements[0].versions[0];
  EXPECT_EQ(v.area, domain::Area::kSecurity);
  EXPECT_EQ(v.valid_from.ToIso(), "2018-07-20");
  EXPECT_EQ(parsed->origin.at("requirements"), "krav.json");
}

TEST(CatalogJsonTest, UnknownEnumValueNamesFieldAndAllowedValues) {
  Status s = ParseError(Replace(kRequirement, R"("area": "security")", R"("area": "bogus")"));
  EXPECT_EQ(s.field(), "krav.json: requirements[0].versions[0].area");
  EXPECT_NE(s.message().find("«bogus»"), std::string::npos);
  EXPECT_NE(s.message().find("security"), std::string::npos);
}

TEST(CatalogJsonTest, MissingFieldWrongTypeAndBadDate) {
  EXPECT_EQ(ParseError(Replace(kRequirement, R"("title": "Innebygd personvern", )", "")).field(),
            "krav.json: requirements[0].versions[0].title");
  EXPECT_EQ(ParseError(Replace(kRequirement, R"("version": 1)", R"("version": "1")")).field(),
            "krav.json: requirements[0].versions[0].version");
  Status date = ParseError(Replace(kRequirement, "2018-07-20", "20.07.2018"));
  EXPECT_EQ(date.field(), "krav.json: requirements[0].versions[0].valid_from");
  EXPECT_NE(date.message().find("ÅÅÅÅ-MM-DD"), std::string::npos);
}

TEST(CatalogJsonTest, UnknownFieldIsAnErrorNotSilence) {
  Status s = ParseError(Replace(kRequirement, R"("title")", R"("titel": "x", "title")"));
  EXPECT_EQ(s.field(), "krav.json: requirements[0].versions[0].titel");
  EXPECT_NE(s.message().find("Ukjent felt"), std::string::npos);
}

TEST(CatalogJsonTest, NestedSourceErrorsCarryTheirPath) {
  Status s = ParseError(Replace(kRequirement, R"("kind": "law")", R"("kind": "lovtekst")"));
  EXPECT_EQ(s.field(), "krav.json: requirements[0].versions[0].source.kind");
}

TEST(CatalogJsonTest, InvalidJsonAndUnknownListsAreRejected) {
  EXPECT_EQ(ParseError("{not json").field(), "krav.json");
  EXPECT_EQ(ParseError(R"({"kravliste": []})").field(), "krav.json: kravliste");
  EXPECT_EQ(ParseError(R"({"format": "annet/2"})").field(), "krav.json: format");
}

TEST(CatalogJsonTest, ProvenanceEeaStatusAndRetiredRecordsAreRead) {
  std::string json =
      Replace(Replace(kRequirement, R"("reference": "Forordning (EU) 2016/679 art. 25"})",
                      R"("reference": "Forordning (EU) 2016/679 art. 25",
                 "quotes": [{"document": "001.txt", "lines": "12-13", "text": "skal"},
                            {"legal": "EUR-Lex CELEX 32016R0679 art. 25", "text": "…"}],
                 "example": "Eksempel fra Stavanger kommunes anskaffelse"})"),
              R"("valid_to": null,)",
              R"("valid_to": null, "eea": {"status": "pending", "note": "Venter"},
         "corrected_on": "2026-12-07",)");
  json.insert(
      json.rfind('}'),
      R"(, "retired": [{"list": "approval_schemes", "key": "x", "reason": "Finnes ikke"}])");
  auto parsed = ParseCatalogBundle({{"krav.json", json}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& v = parsed->catalog.requirements[0].versions[0];
  ASSERT_EQ(v.source.quotes.size(), 2u);
  EXPECT_EQ(v.source.quotes[0].lines, "12-13");
  EXPECT_EQ(v.source.quotes[1].legal, "EUR-Lex CELEX 32016R0679 art. 25");
  EXPECT_EQ(v.source.example, "Eksempel fra Stavanger kommunes anskaffelse");
  ASSERT_TRUE(v.eea.has_value());
  EXPECT_EQ(v.eea->status, domain::EeaStatus::kPending);
  EXPECT_EQ(v.corrected_on->ToIso(), "2026-12-07");
  ASSERT_EQ(parsed->retired.size(), 1u);
  EXPECT_EQ(parsed->retired[0].key, "x");
  // Written back the same way.
  auto again = ParseCatalogBundle({{"export.json", SerializeCatalog(parsed->catalog)}});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->catalog.requirements, parsed->catalog.requirements);

  EXPECT_EQ(ParseError(Replace(json, R"("status": "pending")", R"("status": "snart")")).field(),
            "krav.json: requirements[0].versions[0].eea.status");
  EXPECT_EQ(
      ParseError(Replace(json, R"("list": "approval_schemes")", R"("list": "ordninger")")).field(),
      "krav.json: retired[0].list");
}

TEST(CatalogJsonTest, ExportRoundTripsExactly) {
  domain::Catalog c = testing::SampleCatalog();
  auto parsed = ParseCatalogBundle({{"export.json", SerializeCatalog(c)}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  domain::SortCatalog(parsed->catalog);
  EXPECT_EQ(parsed->catalog, c);
}

TEST(MunicipalitiesCsvTest, ReadsSsbColumns) {
  auto m = MunicipalitiesFromCsv(
      "kommunenummer,navn,fylkesnummer,organisasjonsnummer,kommunenummer_2023\r\n"
      "0301,Oslo - Oslove,03,958935420,0301\r\n1580,Haram,15,,\r\n",
      "kommuner.csv");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].key, "kommune-0301");
  EXPECT_EQ((*m)[0].orgnr, "958935420");
  EXPECT_EQ((*m)[1].orgnr, "");
}

TEST(MunicipalitiesCsvTest, RejectsWrongHeaderAndShortRowsWithLine) {
  EXPECT_FALSE(MunicipalitiesFromCsv("a,b\n", "k.csv").ok());
  auto bad = MunicipalitiesFromCsv(
      "kommunenummer,navn,fylkesnummer,organisasjonsnummer\n0301,Oslo\n", "k.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "k.csv: linje 2");
}

}  // namespace
}  // namespace helsekrav::formats
