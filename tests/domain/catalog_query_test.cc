#include "domain/catalog_query.h"

#include <gtest/gtest.h>

#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;

class QueryTest : public ::testing::Test {
 protected:
  std::vector<std::string> Keys(const RequirementQuery& q) const {
    std::vector<std::string> keys;
    for (const auto& hit : FindRequirements(catalog_, tree_, q))
      keys.push_back(hit.requirement->key);
    return keys;
  }
  RequirementQuery Today() const {
    RequirementQuery q;
    q.at = D("2026-11-23");
    return q;
  }
  Catalog catalog_ = testing::SampleCatalog();
  CategoryTree tree_{catalog_.categories};
};

TEST_F(QueryTest, DefaultShowsActiveAndUpcomingInKeyOrder) {
  EXPECT_EQ(Keys(Today()), (std::vector<std::string>{"EHDS-01", "GDPR-01", "NHN-KJ-01"}));
}

TEST_F(QueryTest, StatusFilterReadsTheVersionInForce) {
  auto q = Today();
  q.statuses = {RequirementStatus::kUpcoming};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01"}));
  q.at = D("2029-03-26");
  EXPECT_TRUE(Keys(q).empty());  // EHDS-01 has started by then
}

TEST_F(QueryTest, AreaAndObligationUseTheVersionOnTheDate) {
  auto q = Today();
  q.obligations = {Obligation::kMandatory};
  q.areas = {Area::kInteroperability};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"NHN-KJ-01"}));
  q.at = D("2025-01-01");  // version 1 was only recommended
  EXPECT_TRUE(Keys(q).empty());
}

TEST_F(QueryTest, CategoryIncludesSubAndParentCategoriesAndUniversalRequirements) {
  auto q = Today();
  q.categories = {"epj-pleie-omsorg"};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01", "GDPR-01", "NHN-KJ-01"}));
  q.categories = {"trygghetsalarm"};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"GDPR-01"}));
}

TEST_F(QueryTest, ActorTypeAndIntegrationAndOwner) {
  auto q = Today();
  q.actor_types = {ActorType::kPharmacy};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01", "GDPR-01"}));  // untagged = everyone
  q = Today();
  q.integrations = {"kjernejournal"};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"NHN-KJ-01"}));
  q = Today();
  q.owners = {"helsedirektoratet"};
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01", "GDPR-01"}));
}

TEST_F(QueryTest, TextSearchIgnoresCaseIncludingNorwegianLetters) {
  auto q = Today();
  q.q = "KJERNEJOURNAL";
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"NHN-KJ-01"}));
  q.q = "PASIENTSAMMENDRAG";
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01"}));
}

TEST_F(QueryTest, SortsByTitleInNorwegianOrderAndDescending) {
  auto q = Today();
  q.sort = RequirementSort::kTitle;
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01", "GDPR-01", "NHN-KJ-01"}));
  q.sort = RequirementSort::kValidFrom;
  q.descending = true;
  EXPECT_EQ(Keys(q), (std::vector<std::string>{"EHDS-01", "NHN-KJ-01", "GDPR-01"}));
}

TEST_F(QueryTest, StandardsByLifecycleStatusOnADate) {
  StandardQuery q;
  q.at = D("2031-01-01");
  q.statuses = {StandardStatus::kPhasingOut};
  EXPECT_EQ(FindStandards(catalog_, q).size(), 1u);
  q.at = D("2026-11-23");
  EXPECT_TRUE(FindStandards(catalog_, q).empty());
}

TEST_F(QueryTest, OrganisationsByKindAndOrgnr) {
  OrganisationQuery q;
  q.kinds = {OrganisationKind::kMunicipality};
  ASSERT_EQ(FindOrganisations(catalog_, q).size(), 1u);
  q = {};
  q.q = "994598759";
  ASSERT_EQ(FindOrganisations(catalog_, q).size(), 1u);
  EXPECT_EQ(FindOrganisations(catalog_, q)[0]->key, "norsk-helsenett");
}

TEST_F(QueryTest, ProfilesByCategory) {
  ProfileQuery q;
  q.at = D("2026-11-23");
  q.categories = {"epj"};
  EXPECT_EQ(FindProfiles(catalog_, tree_, q).size(), 1u);
  q.categories = {"velferdsteknologi"};
  EXPECT_TRUE(FindProfiles(catalog_, tree_, q).empty());
}

}  // namespace
}  // namespace helsekrav::domain
