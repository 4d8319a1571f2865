// The veiviser «Hva gjelder for meg?»: which requirements apply, how profiles tighten them,
// which approvals to obtain and what changes ahead — on the sample and the default catalog.
#include "domain/guide.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cli/common.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;
using testing::SampleCatalog;

std::vector<std::string> Keys(const GuideAnswer& a) {
  std::vector<std::string> keys;
  for (const GuideGroup& g : a.groups) {
    for (const GuideItem& i : g.items) keys.push_back(i.requirement->key);
  }
  return keys;
}

bool Has(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

const GuideItem* FindItem(const GuideAnswer& a, const std::string& key) {
  for (const GuideGroup& g : a.groups) {
    for (const GuideItem& i : g.items) {
      if (i.requirement->key == key) return &i;
    }
  }
  return nullptr;
}

GuideQuestion EpjQuestion(const char* at) {
  GuideQuestion q;
  q.category = "epj-pleie-omsorg";
  q.actor_type = ActorType::kMunicipality;
  q.integrations = {"kjernejournal"};
  q.at = D(at);
  return q;
}

// The sample catalog with a recommended security requirement that the EPJ profile makes
// mandatory, and a temporary requirement that ends without a successor.
Catalog TightenedSample() {
  Catalog c = SampleCatalog();
  Requirement logging = c.requirements[1];  // GDPR-01, universal
  logging.key = "SIK-01";
  logging.versions[0].title = "Logging av tilgang";
  logging.versions[0].obligation = Obligation::kRecommended;
  logging.versions[0].legal_basis.clear();
  Requirement temporary = logging;
  temporary.key = "TMP-01";
  temporary.versions[0].title = "Overgangsordning";
  temporary.versions[0].valid_to = D("2027-06-01");
  c.requirements.push_back(logging);
  c.requirements.push_back(temporary);
  c.profiles[0].versions[0].items.push_back({"SIK-01", Obligation::kMandatory});
  SortCatalog(c);
  return c;
}

TEST(GuideTest, EpjWithKjernejournalGetsKjernejournalAndGdpr) {
  Catalog c = SampleCatalog();
  CategoryTree tree(c.categories);
  auto a = AnswerGuide(c, tree, EpjQuestion("2026-11-23"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Keys(*a), (std::vector<std::string>{"NHN-KJ-01", "GDPR-01"}));
  EXPECT_EQ(a->total, 2u);
  ASSERT_EQ(a->groups.size(), 2u);
  EXPECT_EQ(a->groups[0].area, Area::kInteroperability);
  EXPECT_EQ(a->groups[1].area, Area::kSecurity);
  EXPECT_EQ(a->groups[1].obligation, Obligation::kMandatory);
  const GuideItem* kj = FindItem(*a, "NHN-KJ-01");
  ASSERT_NE(kj, nullptr);
  EXPECT_EQ(kj->version->version, 2);  // the version in force, not the first
  EXPECT_EQ(kj->obligation, Obligation::kMandatory);
  EXPECT_EQ(kj->profiles, std::vector<std::string>{"epj-pleie-omsorg"});
  ASSERT_EQ(a->approvals.size(), 1u);
  EXPECT_EQ(a->approvals[0].scheme->key, "kjernejournal-api");
  EXPECT_EQ(a->approvals[0].requirements, std::vector<std::string>{"NHN-KJ-01"});
  ASSERT_EQ(a->profiles.size(), 1u);
  EXPECT_EQ(a->profiles[0]->key, "epj-pleie-omsorg");
  // EHDS-01 starts 2029-03-26, within three years, and is new.
  ASSERT_EQ(a->ahead.size(), 1u);
  EXPECT_EQ(a->ahead[0].requirement->key, "EHDS-01");
  EXPECT_EQ(a->ahead[0].date, D("2029-03-26"));
  EXPECT_EQ(a->ahead[0].before, nullptr);
  EXPECT_EQ(a->ahead[0].obligation, Obligation::kMandatory);
}

TEST(GuideTest, UpcomingRequirementsAreAheadNotApplicable) {
  Catalog c = SampleCatalog();
  CategoryTree tree(c.categories);
  auto a = AnswerGuide(c, tree, EpjQuestion("2026-11-23"));
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(Has(Keys(*a), "EHDS-01"));
  auto later = AnswerGuide(c, tree, EpjQuestion("2029-03-26"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(Has(Keys(*later), "EHDS-01"));
  EXPECT_EQ(later->groups[0].area, Area::kEu);  // vocabulary order puts EU first
}

TEST(GuideTest, IntegrationRequirementsNeedTheIntegration) {
  Catalog c = SampleCatalog();
  CategoryTree tree(c.categories);
  GuideQuestion q = EpjQuestion("2026-11-23");
  q.integrations.clear();
  auto a = AnswerGuide(c, tree, q);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(Has(Keys(*a), "NHN-KJ-01"));
  EXPECT_TRUE(Has(Keys(*a), "GDPR-01"));
  EXPECT_TRUE(a->approvals.empty());
}

TEST(GuideTest, ActorTypeAndCategoryFilter) {
  Catalog c = SampleCatalog();
  CategoryTree tree(c.categories);
  GuideQuestion q = EpjQuestion("2026-11-23");
  q.actor_type = ActorType::kHealthEnterprise;  // NHN-KJ-01 v2 is for municipalities and GPs
  auto a = AnswerGuide(c, tree, q);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(Keys(*a), std::vector<std::string>{"GDPR-01"});
  EXPECT_TRUE(a->profiles.empty());

  q = EpjQuestion("2026-11-23");
  q.category = "trygghetsalarm";
  a = AnswerGuide(c, tree, q);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(Keys(*a), std::vector<std::string>{"GDPR-01"});
  EXPECT_TRUE(a->ahead.empty());  // EHDS-01 is for EPJ only
}

TEST(GuideTest, ProfileTightensObligationOnlyWhenItMatches) {
  Catalog c = TightenedSample();
  CategoryTree tree(c.categories);
  auto a = AnswerGuide(c, tree, EpjQuestion("2026-11-23"));
  ASSERT_TRUE(a.ok());
  const GuideItem* sik = FindItem(*a, "SIK-01");
  ASSERT_NE(sik, nullptr);
  EXPECT_EQ(sik->version->obligation, Obligation::kRecommended);
  EXPECT_EQ(sik->obligation, Obligation::kMandatory);
  EXPECT_EQ(sik->profiles, std::vector<std::string>{"epj-pleie-omsorg"});
  // Grouped by the tightened obligation: security mandatory holds GDPR-01 and SIK-01.
  bool found = false;
  for (const GuideGroup& g : a->groups) {
    if (g.area == Area::kSecurity && g.obligation == Obligation::kMandatory) {
      found = true;
      ASSERT_EQ(g.items.size(), 2u);  // TMP-01 stays recommended
      EXPECT_EQ(g.items[0].requirement->key, "GDPR-01");
      EXPECT_EQ(g.items[1].requirement->key, "SIK-01");
    }
  }
  EXPECT_TRUE(found);

  GuideQuestion other = EpjQuestion("2026-11-23");
  other.category = "trygghetsalarm";  // the EPJ profile does not apply
  auto b = AnswerGuide(c, tree, other);
  ASSERT_TRUE(b.ok());
  sik = FindItem(*b, "SIK-01");
  ASSERT_NE(sik, nullptr);
  EXPECT_EQ(sik->obligation, Obligation::kRecommended);
  EXPECT_TRUE(sik->profiles.empty());
}

TEST(GuideTest, AheadListsNewVersionsAndEndsInOrder) {
  Catalog c = TightenedSample();
  CategoryTree tree(c.categories);
  auto a = AnswerGuide(c, tree, EpjQuestion("2025-06-01"));
  ASSERT_TRUE(a.ok());
  // NHN-KJ-01 v2 on 2026-01-01, TMP-01 ends 2027-06-01; EHDS-01 (2029) is beyond three years.
  ASSERT_EQ(a->ahead.size(), 2u);
  EXPECT_EQ(a->ahead[0].requirement->key, "NHN-KJ-01");
  EXPECT_EQ(a->ahead[0].date, D("2026-01-01"));
  ASSERT_NE(a->ahead[0].before, nullptr);
  EXPECT_EQ(a->ahead[0].before->version, 1);
  EXPECT_EQ(a->ahead[0].after->version, 2);
  EXPECT_EQ(a->ahead[1].requirement->key, "TMP-01");
  EXPECT_EQ(a->ahead[1].after, nullptr);
  EXPECT_EQ(a->ahead[1].date, D("2027-06-01"));

  GuideQuestion q = EpjQuestion("2025-06-01");
  q.horizon_years = 5;
  a = AnswerGuide(c, tree, q);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->ahead.size(), 3u);
  EXPECT_EQ(a->ahead[2].requirement->key, "EHDS-01");
}

TEST(GuideTest, UnknownCategoryOrIntegrationIsInvalid) {
  Catalog c = SampleCatalog();
  CategoryTree tree(c.categories);
  GuideQuestion q = EpjQuestion("2026-11-23");
  q.category = "bogus";
  auto a = AnswerGuide(c, tree, q);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(a.status().field(), "category");
  EXPECT_NE(a.status().message().find("bogus"), std::string::npos);

  q.category.clear();
  a = AnswerGuide(c, tree, q);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().field(), "category");

  q = EpjQuestion("2026-11-23");
  q.integrations = {"kjernejournal", "fax"};
  a = AnswerGuide(c, tree, q);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().field(), "integration");
  EXPECT_NE(a.status().message().find("fax"), std::string::npos);
}

// The default catalog, as a municipality buying an EPJ for pleie og omsorg sees it.
class GuideDefaultCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new Catalog(testing::DefaultCatalog());
    tree_ = new CategoryTree(catalog_->categories);
  }
  static void TearDownTestSuite() {
    delete tree_;
    delete catalog_;
  }
  static GuideAnswer Answer(const GuideQuestion& q) {
    auto a = AnswerGuide(*catalog_, *tree_, q);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(a).value() : GuideAnswer{};
  }
  static GuideQuestion Epj(const char* at, int horizon) {
    GuideQuestion q = EpjQuestion(at);
    q.integrations = {"kjernejournal", "e-resept"};
    q.horizon_years = horizon;
    return q;
  }
  static std::vector<std::string> AheadOn(const GuideAnswer& a, const char* date) {
    std::vector<std::string> keys;
    for (const GuideChange& c : a.ahead) {
      if (c.date == D(date)) keys.push_back(c.requirement->key);
    }
    return keys;
  }
  static Catalog* catalog_;
  static CategoryTree* tree_;
};
Catalog* GuideDefaultCatalogTest::catalog_ = nullptr;
CategoryTree* GuideDefaultCatalogTest::tree_ = nullptr;

TEST_F(GuideDefaultCatalogTest, EpjGetsKjernejournalAndMandatoryPrivacy) {
  GuideAnswer a = Answer(Epj("2026-11-23", 3));
  std::vector<std::string> keys = Keys(a);
  EXPECT_TRUE(Has(keys, "NHN-KJ-01"));
  EXPECT_TRUE(Has(keys, "NHN-KJ-02"));
  const GuideItem* gdpr = FindItem(a, "GDPR-01");
  ASSERT_NE(gdpr, nullptr);
  EXPECT_EQ(gdpr->obligation, Obligation::kMandatory);
  bool security_mandatory = std::any_of(a.groups.begin(), a.groups.end(), [](const GuideGroup& g) {
    return g.area == Area::kSecurity && g.obligation == Obligation::kMandatory &&
           g.items.size() > 3;
  });
  EXPECT_TRUE(security_mandatory);
  EXPECT_EQ(a.total, keys.size());
  bool kj_approval = std::any_of(a.approvals.begin(), a.approvals.end(), [](const auto& ap) {
    return std::find(ap.requirements.begin(), ap.requirements.end(), "NHN-KJ-01") !=
           ap.requirements.end();
  });
  EXPECT_TRUE(kj_approval);
  // Groups are in area order, then mandatory before recommended before informative.
  for (std::size_t i = 1; i < a.groups.size(); ++i) {
    const GuideGroup& p = a.groups[i - 1];
    const GuideGroup& g = a.groups[i];
    EXPECT_TRUE(p.area < g.area || (p.area == g.area && p.obligation > g.obligation));
  }
}

TEST_F(GuideDefaultCatalogTest, OneBuyersOwnRequirementsAreNotWhatAppliesToEveryone) {
  // SIK-05 is an A-krav of Stavanger's own EPJ procurement (scope local), not a national rule.
  GuideAnswer a = Answer(Epj("2026-11-23", 3));
  EXPECT_EQ(FindItem(a, "SIK-05"), nullptr);
  for (const GuideGroup& g : a.groups) {
    for (const GuideItem& i : g.items) EXPECT_NE(i.version->scope, Scope::kLocal);
  }
}

TEST_F(GuideDefaultCatalogTest, EuRulesAwaitingTheEeaAgreementAreMarked) {
  GuideAnswer a = Answer(Epj("2029-03-26", 3));
  int awaiting = 0;
  for (const GuideGroup& g : a.groups) {
    for (const GuideItem& i : g.items) {
      EXPECT_EQ(i.binds_in_norway, !i.version->eea.has_value()) << i.requirement->key;
      awaiting += i.binds_in_norway ? 0 : 1;
    }
  }
  EXPECT_GT(awaiting, 0);
}

TEST_F(GuideDefaultCatalogTest, EhdsDeadlinesShowUpAhead) {
  GuideAnswer now = Answer(Epj("2026-11-23", 3));
  std::vector<std::string> in2029 = AheadOn(now, "2029-03-26");
  EXPECT_TRUE(Has(in2029, "EHDS-02"));              // informative → mandatory
  EXPECT_TRUE(Has(in2029, "EHDS-03"));              // e-resept is asked
  EXPECT_FALSE(Has(in2029, "EHDS-15"));             // needs helsenorge, not asked
  EXPECT_TRUE(AheadOn(now, "2031-03-26").empty());  // beyond three years

  GuideAnswer later = Answer(Epj("2028-06-01", 3));
  std::vector<std::string> in2031 = AheadOn(later, "2031-03-26");
  EXPECT_TRUE(Has(in2031, "EHDS-10"));
  EXPECT_TRUE(Has(in2031, "EHDS-11"));
  for (std::size_t i = 1; i < later.ahead.size(); ++i) {
    EXPECT_LE(later.ahead[i - 1].date, later.ahead[i].date);
  }

  GuideAnswer wide = Answer(Epj("2026-11-23", 5));
  EXPECT_FALSE(AheadOn(wide, "2029-03-26").empty());
  EXPECT_FALSE(AheadOn(wide, "2031-03-26").empty());
}

TEST_F(GuideDefaultCatalogTest, TrygghetsalarmWithoutIntegrationHasNoKjernejournal) {
  GuideQuestion q;
  q.category = "trygghetsalarm";
  q.actor_type = ActorType::kMunicipality;
  q.at = D("2026-11-23");
  GuideAnswer a = Answer(q);
  EXPECT_GT(a.total, 0u);
  for (const GuideGroup& g : a.groups) {
    for (const GuideItem& i : g.items) {
      EXPECT_TRUE(i.version->integrations.empty()) << i.requirement->key;
      EXPECT_EQ(i.requirement->key.rfind("NHN-KJ", 0), std::string::npos);
    }
  }
  const GuideItem* vft = FindItem(a, "VFT-01");
  ASSERT_NE(vft, nullptr);
  EXPECT_TRUE(Has(vft->profiles, "trygghetsalarm"));
  EXPECT_FALSE(Has(Keys(a), "EHDS-02"));
}

}  // namespace
}  // namespace helsekrav::domain
