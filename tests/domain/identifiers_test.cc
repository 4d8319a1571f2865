#include "domain/identifiers.h"

#include <gtest/gtest.h>

namespace helsekrav::domain {
namespace {

TEST(OrgnrTest, AcceptsRealOrganisationNumbers) {
  for (const char* orgnr : {"983544622", "994598759", "983744516", "971032146", "958935420"}) {
    EXPECT_TRUE(ValidateOrgnr(orgnr).ok()) << orgnr;
  }
}

TEST(OrgnrTest, RejectsWrongCheckDigit) {
  Status s = ValidateOrgnr("983544623");
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_EQ(s.field(), "orgnr");
  EXPECT_NE(s.message().find("kontrollsiffer"), std::string::npos);
}

TEST(OrgnrTest, RejectsWrongLengthAndNonDigits) {
  EXPECT_FALSE(ValidateOrgnr("98354462").ok());
  EXPECT_FALSE(ValidateOrgnr("9835446222").ok());
  EXPECT_FALSE(ValidateOrgnr("98354462a").ok());
  EXPECT_FALSE(ValidateOrgnr("").ok());
}

TEST(OrgnrTest, RejectsNumbersWhoseCheckDigitWouldBeTen) {
  // 4×3 = 12 ≡ 1 (mod 11) gives check digit 10, so no last digit can make it valid.
  for (char last = '0'; last <= '9'; ++last) {
    EXPECT_FALSE(ValidateOrgnr(std::string("40000000") + last).ok()) << last;
  }
}

TEST(NandoTest, AcceptsFourDigitsOnly) {
  EXPECT_TRUE(ValidateNando("2797").ok());
  EXPECT_TRUE(ValidateNando("0123").ok());
  for (const char* bad : {"", "279", "27970", "27a7", "NB 2797", " 2797"}) {
    Status s = ValidateNando(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << bad;
    EXPECT_EQ(s.field(), "identifier") << bad;
  }
}

TEST(KommunenummerTest, AcceptsCurrentMunicipalityNumbers) {
  for (const char* n : {"0301", "1103", "4601", "5001", "5601", "3301"}) {
    EXPECT_TRUE(ValidateKommunenummer(n).ok()) << n;
  }
}

TEST(KommunenummerTest, RejectsUnknownCountyAndMalformed) {
  EXPECT_FALSE(ValidateKommunenummer("0101").ok());  // Østfold's pre-2020 number
  EXPECT_FALSE(ValidateKommunenummer("301").ok());
  EXPECT_FALSE(ValidateKommunenummer("11a3").ok());
  EXPECT_FALSE(ValidateKommunenummer("1100").ok());
}

TEST(KeyTest, RequirementAndSlugKeys) {
  EXPECT_TRUE(IsRequirementKey("NHN-KJ-01"));
  EXPECT_TRUE(IsRequirementKey("EHDS-01"));
  EXPECT_FALSE(IsRequirementKey("nhn-kj-01"));
  EXPECT_FALSE(IsRequirementKey("NHN--01"));
  EXPECT_FALSE(IsRequirementKey("-NHN"));
  EXPECT_FALSE(IsRequirementKey("NHN-"));
  EXPECT_FALSE(IsRequirementKey("1NHN"));
  EXPECT_TRUE(IsSlugKey("epj-pleie-omsorg"));
  EXPECT_TRUE(IsSlugKey("icd-10"));
  EXPECT_FALSE(IsSlugKey("EPJ"));
  EXPECT_FALSE(IsSlugKey("epj_pleie"));
  EXPECT_FALSE(IsSlugKey(""));
}

}  // namespace
}  // namespace helsekrav::domain
