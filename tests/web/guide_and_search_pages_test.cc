// The veiviser and search pages, called directly over the default catalog.
#include <gtest/gtest.h>

#include <string>

#include "app/snapshot.h"
#include "cli/common.h"
#include "domain/catalog_rules.h"
#include "support/default_catalog.h"
#include "web/web.h"

namespace helsekrav::web {
namespace {

class GuideAndSearchPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    snapshot_ = new app::Snapshot(testing::DefaultCatalog(), 1, Date::FromYmd(2026, 11, 23));
  }
  static void TearDownTestSuite() { delete snapshot_; }

  static http::Response Page(const std::string& target) {
    http::Request r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(http::ParseTarget(target, r.path, r.query));
    return HandlePage(r, *snapshot_);
  }
  static std::string Body(const http::Response& r) { return r.body ? *r.body : std::string(); }

  static app::Snapshot* snapshot_;
};
app::Snapshot* GuideAndSearchPagesTest::snapshot_ = nullptr;

const std::string kEpj =
    "/veiviser/resultat?rolle=kjoper&kategori=epj-pleie-omsorg&aktor=municipality"
    "&integrasjon=kjernejournal&integrasjon=e-resept";

TEST_F(GuideAndSearchPagesTest, EpjResultShowsKjernejournalAndEhds2029WithinThreeYears) {
  http::Response r = Page(kEpj);
  std::string body = Body(r);
  ASSERT_EQ(r.status, 200) << body.substr(0, 1000);
  EXPECT_NE(body.find("/krav/NHN-KJ-01"), std::string::npos);
  EXPECT_NE(body.find("datetime=\"2029-03-26\""), std::string::npos);
  EXPECT_EQ(body.find("datetime=\"2031-03-26\""), std::string::npos);  // beyond three years
  EXPECT_NE(body.find("resultat.xlsx?"), std::string::npos);
  EXPECT_NE(body.find("horisont=5"), std::string::npos);  // the link to look further ahead
}

TEST_F(GuideAndSearchPagesTest, LookingFiveYearsAheadShowsEhds2031) {
  std::string body = Body(Page(kEpj + "&horisont=5"));
  EXPECT_NE(body.find("datetime=\"2031-03-26\""), std::string::npos);
}

TEST_F(GuideAndSearchPagesTest, BadHorizonAndUnknownCategoryGive400WithAMessage) {
  http::Response r = Page(kEpj + "&horisont=99");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(Body(r).find("fra 1 til 10 år"), std::string::npos);
  r = Page("/veiviser/resultat?rolle=kjoper&kategori=finnes-ikke&aktor=alle");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(Body(r).find("«finnes-ikke»"), std::string::npos);
}

TEST_F(GuideAndSearchPagesTest, DownloadsAreCsvAndXlsx) {
  std::string query = kEpj.substr(kEpj.find('?'));
  http::Response csv = Page("/veiviser/resultat.csv" + query);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(Body(csv).rfind("\xEF\xBB\xBF", 0), 0u);  // BOM for Excel
  http::Response xlsx = Page("/veiviser/resultat.xlsx" + query);
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(Body(xlsx).rfind("PK", 0), 0u);
}

TEST_F(GuideAndSearchPagesTest, FirstStepAsksForTheRole) {
  http::Response r = Page("/veiviser");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(Body(r).find("name=\"rolle\""), std::string::npos);
}

TEST_F(GuideAndSearchPagesTest, SearchCorrectsTyposAndEscapesTheQuery) {
  std::string body = Body(Page("/sok?q=kjernejurnal"));
  EXPECT_NE(body.find("Mente du"), std::string::npos);
  EXPECT_NE(body.find("/krav/NHN-KJ-"), std::string::npos);
  body = Body(Page("/sok?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  EXPECT_EQ(body.find("<script>alert(1)"), std::string::npos);
}

}  // namespace
}  // namespace helsekrav::web
