// The public web pages, called directly through web::HandlePage over the default catalog.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "app/snapshot.h"
#include "cli/common.h"
#include "domain/catalog_rules.h"
#include "support/default_catalog.h"
#include "web/layout.h"
#include "web/web.h"

namespace helsekrav::web {
namespace {

http::Request Get(const std::string& target) {
  http::Request r;
  r.method = "GET";
  r.target = target;
  EXPECT_TRUE(http::ParseTarget(target, r.path, r.query)) << target;
  return r;
}

class PagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    snapshot_ = new app::Snapshot(testing::DefaultCatalog(), 1, Date::FromYmd(2026, 11, 22));
  }
  static void TearDownTestSuite() { delete snapshot_; }

  static http::Response Page(const std::string& target) {
    return HandlePage(Get(target), *snapshot_);
  }
  static std::string Body(const http::Response& r) { return r.body ? *r.body : std::string(); }

  static app::Snapshot* snapshot_;
};
app::Snapshot* PagesTest::snapshot_ = nullptr;

void ExpectPage(const http::Response& r, const std::string& h1, int status = 200) {
  std::string body = r.body ? *r.body : "";
  EXPECT_EQ(r.status, status) << body.substr(0, 2000);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_FALSE(r.etag.empty());
  EXPECT_NE(body.find("<html lang=\"nb\">"), std::string::npos);
  EXPECT_NE(body.find("<h1 class=\"ds-heading\" data-size=\"lg\">" + Escape(h1) + "</h1>"),
            std::string::npos)
      << h1;
  EXPECT_NE(body.find("aria-label=\"Brødsmulesti\""), std::string::npos);
  EXPECT_NE(body.find("Sist endret "), std::string::npos);
  EXPECT_NE(body.find("href=\"/feed/endringer.atom\""), std::string::npos);
}

TEST_F(PagesTest, EveryPageTypeRendersWithItsHeading) {
  const auto& c = snapshot_->catalog();
  ExpectPage(Page("/"), "Veilednings- og godkjenningsordning for helseteknologi");
  ExpectPage(Page("/krav"), "Krav");
  // The title of version 1, in force on 2026-11-22 (version 2 starts 2027-03-26).
  ExpectPage(Page("/krav/EHDS-01"), "Helsedataforordningen (EHDS) – frister og forberedelse");
  ExpectPage(Page("/standarder"), "Standarder");
  ExpectPage(Page("/standarder/" + c.standards.front().key), c.standards.front().name);
  ExpectPage(Page("/profiler"), "Kravprofiler");
  ExpectPage(Page("/profiler/e-las"), "Elektroniske dørlåser (e-lås)");
  ExpectPage(Page("/godkjenningsordninger"), "Godkjenningsordninger");
  ExpectPage(Page("/godkjenningsordninger/" + c.approval_schemes.front().key),
             c.approval_schemes.front().name);
  ExpectPage(Page("/kommuner"), "Kommuner");
  const domain::Organisation* bergen = nullptr;
  for (const auto& o : c.organisations) {
    if (o.name == "Bergen") bergen = &o;
  }
  ASSERT_NE(bergen, nullptr);
  ExpectPage(Page("/organisasjoner/" + bergen->key), "Bergen");
  ExpectPage(Page("/organisasjoner/" + bergen->orgnr), "Bergen");
}

TEST_F(PagesTest, FrontPageHasTheFourEntriesAndSearch) {
  std::string body = Body(Page("/"));
  EXPECT_NE(body.find("For kommuner og andre helsevirksomheter"), std::string::npos);
  EXPECT_NE(body.find("href=\"/veiviser?rolle=kjoper\""), std::string::npos);
  EXPECT_NE(body.find("href=\"/veiviser?rolle=leverandor\""), std::string::npos);
  EXPECT_NE(body.find("href=\"/krav?area=interoperability\""), std::string::npos);
  EXPECT_NE(body.find("href=\"/krav?area=security\""), std::string::npos);
  EXPECT_NE(body.find("action=\"/sok\""), std::string::npos);
  EXPECT_NE(body.find("357 kommuner"), std::string::npos);
}

TEST_F(PagesTest, RequirementPageShowsHjemmelAndVersionDiff) {
  const domain::Requirement* r = snapshot_->FindRequirement("EHDS-01");
  ASSERT_NE(r, nullptr);
  ASSERT_GE(r->versions.size(), 2u);
  std::string body = Body(Page("/krav/EHDS-01"));
  EXPECT_NE(body.find("<dt>Hjemmel</dt>"), std::string::npos);
  EXPECT_NE(body.find(Escape(domain::VersionAt(*r, snapshot_->today()).legal_basis)),
            std::string::npos);
  EXPECT_NE(body.find("Versjonshistorikk"), std::string::npos);
  EXPECT_NE(body.find("Endringer fra versjon 1"), std::string::npos);
  EXPECT_TRUE(body.find("<del>") != std::string::npos || body.find("<ins>") != std::string::npos);
  auto first = Page("/krav/EHDS-01?versjon=1");
  EXPECT_EQ(first.status, 200);
  EXPECT_NE(Body(first).find("versjon 1 av"), std::string::npos);
  EXPECT_EQ(Page("/krav/EHDS-01?versjon=99").status, 400);
}

// The first `n` requirement keys the page links to (href="/krav/KEY"), in page order.
std::vector<std::string> LinkedKeys(const std::string& body, std::size_t n) {
  std::vector<std::string> keys;
  const std::string prefix = "href=\"/krav/";
  for (std::size_t at = body.find(prefix); at != std::string::npos && keys.size() < n;
       at = body.find(prefix, at + 1)) {
    std::size_t start = at + prefix.size();
    std::string key = body.substr(start, body.find_first_of("\"?#", start) - start);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

TEST_F(PagesTest, FiltersFilterAndShowFacetCounts) {
  std::string all = Body(Page("/krav?status=active,upcoming,expired"));
  std::string security = Body(Page("/krav?area=security"));
  EXPECT_NE(security.find("GDPR-01"), std::string::npos);
  EXPECT_EQ(security.find("href=\"/krav/EHDS-01\""), std::string::npos);
  EXPECT_NE(all.find("href=\"/krav/EHDS-01\""), std::string::npos);
  EXPECT_NE(security.find("name=\"area\" id=\"f-area-security\" value=\"security\" checked"),
            std::string::npos);
  EXPECT_NE(security.find("Informasjonssikkerhet og personvern ("), std::string::npos);
  auto sorted = Page("/krav?sort=-valid_from&obligation=mandatory&page=1&at=2031-03-26");
  EXPECT_EQ(sorted.status, 200);
  // By hand from data/catalog/requirements.json: newest first; equal dates keep key order,
  // reversed with it. EHDS-10 to -13 start on 2031-03-26, EHDS-03 to -09 and -14 on 2029-03-26.
  EXPECT_EQ(
      LinkedKeys(Body(sorted), 6),
      (std::vector<std::string>{"EHDS-13", "EHDS-12", "EHDS-11", "EHDS-10", "EHDS-14", "EHDS-09"}));
  EXPECT_EQ(LinkedKeys(Body(Page("/krav?sort=key")), 3),
            (std::vector<std::string>{"BRUK-01", "BRUK-02", "BRUK-03"}));
  // By title in Norwegian order, Æ, Ø and Å last (136 requirements current on 2026-11-22, 50 a
  // page): «Anbefalte standarder …», «Applikasjonskvittering», «Arkivuttrekk …» first; «Åpenhet
  // om KI …», «Åpent og dokumentert API» last.
  EXPECT_EQ(LinkedKeys(Body(Page("/krav?sort=title")), 3),
            (std::vector<std::string>{"FORSKRIFT-03", "NHN-MSG-02", "FUNK-01"}));
  std::vector<std::string> last_page = LinkedKeys(Body(Page("/krav?sort=title&page=3")), 100);
  ASSERT_EQ(last_page.size(), 36u);
  EXPECT_EQ(last_page[34], "KI-06");
  EXPECT_EQ(last_page[35], "FHIR-02");
  auto empty = Page("/krav?q=ingen-slike-krav-finnes");
  EXPECT_NE(Body(empty).find("Ingen krav passer"), std::string::npos);
  EXPECT_NE(Body(Page("/kommuner?q=berg")).find("Bergen"), std::string::npos);
  EXPECT_EQ(Body(Page("/kommuner?county=46")).find(">Oslo</a>"), std::string::npos);
}

TEST_F(PagesTest, UnknownKeysAndPathsGiveNorwegian404) {
  for (const char* target : {"/krav/FINNES-IKKE", "/standarder/x", "/profiler/x",
                             "/godkjenningsordninger/x", "/organisasjoner/x", "/ingenting/her"}) {
    auto r = Page(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_NE(Body(r).find("Siden finnes ikke"), std::string::npos) << target;
    EXPECT_NE(Body(r).find("href=\"/sok\""), std::string::npos) << target;
  }
}

TEST_F(PagesTest, BadFilterValuesGive400WithNorwegianMessage) {
  for (const char* target :
       {"/krav?area=bogus", "/krav?at=igår", "/krav?sort=x", "/krav?page=0", "/krav?owner=ingen",
        "/standarder?status=bogus", "/kommuner?county=99", "/krav?page=999"}) {
    auto r = Page(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_NE(Body(r).find("Ugyldig forespørsel"), std::string::npos) << target;
  }
  EXPECT_NE(Body(Page("/krav?area=bogus")).find("Ukjent verdi «bogus» for område"),
            std::string::npos);
}

TEST_F(PagesTest, FeedIsAtom) {
  auto r = Page("/feed/endringer.atom");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8");
  std::string body = Body(r);
  EXPECT_EQ(body.rfind("<?xml", 0), 0u);
  EXPECT_NE(body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(body.find("<entry>"), std::string::npos);
  EXPECT_NE(body.find("T00:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(body.find("</feed>"), std::string::npos);
}

TEST_F(PagesTest, AssetsAreServedWithLongCaching) {
  auto r = Page("/assets/helsekrav.css");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/css; charset=utf-8");
  EXPECT_NE(r.cache_control.find("max-age=31536000"), std::string::npos);
  EXPECT_FALSE(r.etag.empty());
  EXPECT_EQ(Page("/assets/index.css").status, 200);
  EXPECT_EQ(Page("/assets/digdir.css").status, 200);
  EXPECT_EQ(Page("/assets/nope.css").status, 404);
}

TEST(PagesEscapingTest, CatalogTextIsEscapedAndMarkdownRendered) {
  domain::Catalog c;
  domain::Organisation o;
  o.key = "org";
  o.name = "Org <b>fet</b>";
  o.kind = domain::OrganisationKind::kAuthority;
  c.organisations.push_back(o);
  domain::Requirement r;
  r.key = "X-01";
  domain::RequirementVersion v;
  v.title = "<script>alert(1)</script>";
  v.text = "Dette er **viktig**.\n\n<script>alert(2)</script>\n\n[lenke](javascript:alert(3))";
  v.owner = "org";
  v.legal_basis = "Lov \"om\" <i>noe</i>";
  v.valid_from = Date::FromYmd(2020, 1, 1);
  v.source.kind = domain::SourceKind::kLaw;
  v.source.reference = "<img src=x onerror=alert(4)>";
  r.versions.push_back(v);
  c.requirements.push_back(r);
  app::Snapshot s(std::move(c), 1, Date::FromYmd(2026, 11, 22));
  for (const char* target : {"/krav/X-01", "/krav", "/feed/endringer.atom"}) {
    auto response = HandlePage(Get(target), s);
    ASSERT_EQ(response.status, 200) << target;
    const std::string& body = *response.body;
    EXPECT_EQ(body.find("<script>"), std::string::npos) << target;
    EXPECT_EQ(body.find("<img"), std::string::npos) << target;
    EXPECT_EQ(body.find("javascript:"), std::string::npos) << target;
    EXPECT_NE(body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << target;
  }
  std::string body = *HandlePage(Get("/krav/X-01"), s).body;
  EXPECT_NE(body.find("<strong>viktig</strong>"), std::string::npos);
  EXPECT_NE(body.find("Lov &quot;om&quot; &lt;i&gt;noe&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(body.find("<b>fet</b>"), std::string::npos);
}

}  // namespace
}  // namespace helsekrav::web
