// The approval pages through the router, as a browser uses them: NHN issues a Kjernejournal API
// approval with the form, it shows in the public register, on its own page, on the product
// passport and in the feeds; revoking needs a confirmation and a reason; KS is refused; the
// label is served as SVG and PNG; certificate claims stay «Egenrapportert» until confirmed; and
// every page answers 503 without the approval service.
#include <gtest/gtest.h>

#include <string>

#include "domain/approval_rules.h"
#include "http/message.h"
#include "support/test_services.h"
#include "web/workspace.h"

namespace helsekrav::web {
namespace {

using domain::OrganisationKind;

constexpr char kPassword[] = "et langt og trygt passord";
constexpr char kNhnOrgnr[] = "994598759";  // norsk-helsenett, owner of kjernejournal-api
constexpr char kKsOrgnr[] = "971032146";
constexpr char kSupplierOrgnr[] = "914778271";

struct Session {
  std::string cookie;
  std::string csrf;
};

class ApprovalPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = testing::StartServices(testing::Backend::kSqlite);
    nhn_ =
        AddOrg("nhn@example.no", "Norsk helsenett SF", OrganisationKind::kApprovingBody, kNhnOrgnr);
    ks_ = AddOrg("ks@example.no", "KS", OrganisationKind::kApprovingBody, kKsOrgnr);
    supplier_ =
        AddOrg("lev@example.no", "Journal <&> AS", OrganisationKind::kSupplier, kSupplierOrgnr);
    ASSERT_TRUE(t_->registry->Load().ok());
    ASSERT_TRUE(t_->approvals->Load().ok());
    auto principal = t_->accounts->Authenticate(supplier_.cookie.substr(kCookie.size()));
    ASSERT_TRUE(principal.ok() && principal->has_value());
    domain::Product product;
    product.name = "Omsorgsjournal";
    product.categories = {"epj-pleie-omsorg"};
    auto created = t_->registry->CreateProduct((*principal)->actor, product);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    product_id_ = created->id;
    domain::ProductVersion version;
    version.product_id = product_id_;
    version.version = "4.2";
    auto added = t_->registry->AddVersion((*principal)->actor, version);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    version_id_ = added->id;
  }

  Session AddOrg(const std::string& email, const std::string& name, OrganisationKind kind,
                 const std::string& orgnr) {
    domain::OrgAccount org;
    org.orgnr = orgnr;
    org.name = name;
    org.kind = kind;
    auto user = t_->accounts->CreateUserDirect(email, name, kPassword, org, domain::Role::kEditor);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    auto token = t_->accounts->Login(email, kPassword, "127.0.0.1");
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    if (!token.ok()) return {};
    auto principal = t_->accounts->Authenticate(token->token);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    if (!principal.ok() || !principal->has_value()) return {};
    return {kCookie + token->token, (*principal)->csrf_token};
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const Session& session = {}, const std::string& body = "") {
    http::Request r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(http::ParseTarget(target, r.path, r.query)) << target;
    r.cookie = session.cookie;
    r.remote_address = "127.0.0.1";
    if (method == "POST") {
      r.content_type = "application/x-www-form-urlencoded";
      r.body = std::string(http::kCsrfField) + "=" + http::PercentEncode(session.csrf) + "&" + body;
    }
    return t_->router->Handle(r);
  }
  std::string Get(const std::string& target, int status = 200) {
    http::Response r = Call("GET", target);
    EXPECT_EQ(r.status, status) << target << ": " << (r.body ? *r.body : "");
    return r.body ? *r.body : "";
  }
  static std::string Location(const http::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Location") return value;
    }
    return "";
  }

  // Posts the issue form for the version; returns the response.
  http::Response IssueWithForm(const Session& who) {
    std::string body = "ordning=kjernejournal-api&versjon=" + http::PercentEncode(version_id_) +
                       "&gyldig_fra=2026-11-23&gyldig_til=2028-11-23&vilkar=Gjelder+**API**" +
                       "&dokumentasjon=" + http::PercentEncode("https://nhn.example/rapport.pdf");
    const domain::Catalog& catalog = t_->catalog->snapshot()->catalog();
    for (const auto& key : domain::SchemeRequirements(catalog, "kjernejournal-api"))
      body += "&krav-kjernejournal-api=" + http::PercentEncode(key);
    return Call("POST", "/min-side/godkjenninger", who, body);
  }

  // Issues with the form as NHN and returns the approval id.
  std::string Issue() {
    http::Response r = IssueWithForm(nhn_);
    EXPECT_EQ(r.status, 303) << (r.body ? *r.body : "");
    std::string location = Location(r);
    const std::string prefix = "/min-side/godkjenninger/";
    EXPECT_EQ(location.rfind(prefix, 0), 0U) << location;
    std::string rest = location.substr(prefix.size());
    return rest.substr(0, rest.find('?'));
  }

  static inline const std::string kCookie = std::string(http::kSessionCookie) + "=";
  std::unique_ptr<testing::TestServices> t_;
  Session nhn_, ks_, supplier_;
  std::string product_id_, version_id_;
};

TEST_F(ApprovalPagesTest, NhnIssuesWithTheFormAndItIsPublicEverywhere) {
  std::string form = Call("GET", "/min-side/godkjenninger", nhn_).body->substr(0);
  EXPECT_NE(form.find("Godkjenning for integrasjon med kjernejournal-API"), std::string::npos);
  EXPECT_NE(form.find("name=\"csrf\""), std::string::npos);
  std::string id = Issue();
  ASSERT_FALSE(id.empty());

  std::string list = Get("/godkjenninger");
  EXPECT_NE(list.find("Omsorgsjournal 4.2"), std::string::npos);
  EXPECT_NE(list.find("/godkjenninger/" + id), std::string::npos);
  EXPECT_NE(list.find(">Gyldig<"), std::string::npos);
  EXPECT_NE(Get("/godkjenninger?ordning=kjernejournal-api&status=issued&utloper=800")
                .find("/godkjenninger/" + id),
            std::string::npos);
  EXPECT_NE(Get("/godkjenninger?status=revoked").find("Ingen godkjenninger passer"),
            std::string::npos);
  Get("/godkjenninger?status=tull", 400);
  Get("/godkjenninger?utloper=-3", 400);

  std::string page = Get("/godkjenninger/" + id);
  EXPECT_NE(page.find("<strong>API</strong>"), std::string::npos) << "conditions as Markdown";
  EXPECT_NE(page.find("https://nhn.example/rapport.pdf"), std::string::npos);
  EXPECT_NE(page.find("Utstedt"), std::string::npos);
  EXPECT_NE(page.find("/verifiser?oppforing="), std::string::npos) << "the log entry is linked";
  EXPECT_NE(page.find("/proof"), std::string::npos);
  EXPECT_NE(page.find("Journal &lt;&amp;&gt; AS"), std::string::npos) << "escaped supplier";
  EXPECT_NE(page.find("rel=\"alternate\" type=\"application/atom+xml\""), std::string::npos);

  std::string pass = Get("/pass/" + version_id_);
  EXPECT_NE(pass.find("/godkjenninger/" + id), std::string::npos);
  EXPECT_NE(pass.find("Tidslinje"), std::string::npos);
  EXPECT_NE(pass.find("EHDS"), std::string::npos) << "EHDS dates in the timeline";
  EXPECT_NE(Get("/losninger/" + product_id_).find("/pass/" + version_id_), std::string::npos);

  for (const std::string& feed :
       {std::string("/godkjenninger/ordning/kjernejournal-api.atom"),
        "/losninger/" + product_id_ + "/godkjenninger.atom",
        std::string("/leverandorer/") + kSupplierOrgnr + "/godkjenninger.atom"}) {
    http::Response r = Call("GET", feed);
    EXPECT_EQ(r.status, 200) << feed;
    EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8") << feed;
    EXPECT_NE(r.body->find("<title>Utstedt: Godkjenning for integrasjon med kjernejournal-API"),
              std::string::npos)
        << feed << *r.body;
  }
  Get(std::string("/leverandorer/") + kSupplierOrgnr + "/varsler.atom");  // still served
  Get("/godkjenninger/ordning/finnes-ikke.atom", 404);
}

TEST_F(ApprovalPagesTest, RevokingNeedsConfirmationAndAReasonAndChangesTheStatus) {
  std::string id = Issue();
  ASSERT_FALSE(id.empty());
  std::string path = "/min-side/godkjenninger/" + id;
  http::Response r = Call("POST", path, nhn_, "handling=revoke&begrunnelse-revoke=Feil+funnet");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body->find("tilbakekallingen er endelig"), std::string::npos);
  EXPECT_NE(r.body->find("Feil funnet"), std::string::npos) << "the reason is kept";
  r = Call("POST", path, nhn_, "handling=revoke&bekreft=ja");
  EXPECT_EQ(r.status, 422) << "a reason is required";
  r = Call("POST", path, nhn_, "handling=revoke&bekreft=ja&begrunnelse-revoke=Feil+funnet");
  EXPECT_EQ(r.status, 303) << *r.body;
  std::string page = Get("/godkjenninger/" + id);
  EXPECT_NE(page.find("Tilbakekalt"), std::string::npos);
  EXPECT_NE(page.find("Feil funnet"), std::string::npos);
  EXPECT_NE(Get("/godkjenninger?status=revoked").find("/godkjenninger/" + id), std::string::npos);
  EXPECT_NE(Get("/godkjenninger/ordning/kjernejournal-api.atom").find("Tilbakekalt: "),
            std::string::npos);
}

TEST_F(ApprovalPagesTest, KsAndSuppliersCannotIssueOrChangeNhnApprovals) {
  http::Response r = IssueWithForm(ks_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(IssueWithForm(supplier_).status, 403);
  std::string id = Issue();
  ASSERT_FALSE(id.empty());
  r = Call("POST", "/min-side/godkjenninger/" + id, ks_, "handling=suspend&begrunnelse-suspend=x");
  EXPECT_EQ(r.status, 404);
  const std::string token(43, 'a');  // the double-submit token of a visitor not signed in
  r = Call("POST", "/min-side/godkjenninger", {std::string(http::kCsrfCookie) + "=" + token, token},
           "ordning=x");
  EXPECT_EQ(r.status, 303) << "anonymous: to sign-in";
  EXPECT_EQ(Location(r).rfind("/logg-inn", 0), 0U);
  EXPECT_NE(Get("/godkjenninger/" + id).find(">Gyldig<"), std::string::npos);
}

TEST_F(ApprovalPagesTest, LabelImagesHaveTheirContentTypes) {
  Issue();
  http::Response svg = Call("GET", "/pass/" + version_id_ + "/merke/epj-pleie-omsorg.svg");
  ASSERT_EQ(svg.status, 200) << *svg.body;
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(svg.body->rfind("<?xml", 0), 0U);
  EXPECT_NE(svg.body->find("role=\"img\""), std::string::npos);
  http::Response png =
      Call("GET", "/pass/" + version_id_ + "/merke/epj-pleie-omsorg.png?bredde=300");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.content_type, "image/png");
  EXPECT_EQ(png.body->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  Get("/pass/" + version_id_ + "/merke/finnes-ikke.svg", 404);
  Get("/pass/finnes-ikke", 404);
}

TEST_F(ApprovalPagesTest, ClaimsAreSelfReportedUntilABodyConfirmsThem) {
  http::Response r =
      Call("POST", "/min-side/sertifikater", supplier_,
           "type=iso27001&gjelder=&referanse=ISO+27001+nr.+7&utsteder=DNV" +
               std::string("&dokumentasjon=") + http::PercentEncode("https://dnv.example/7"));
  ASSERT_EQ(r.status, 303) << *r.body;
  std::string pass = Get("/pass/" + version_id_);
  EXPECT_NE(pass.find("ISO 27001 nr. 7"), std::string::npos);
  EXPECT_NE(pass.find("Egenrapportert"), std::string::npos);
  // A claim without a reference is refused with the values kept.
  r = Call("POST", "/min-side/sertifikater", supplier_, "type=ce_mdr&utsteder=Meg+selv");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body->find("Meg selv"), std::string::npos);

  // NHN does not confirm ISO/IEC 27001 certificates, so it is not offered the claim.
  std::string page = *Call("GET", "/min-side/sertifikater", nhn_).body;
  EXPECT_EQ(page.find("/min-side/sertifikater/"), std::string::npos) << page;
  EXPECT_NE(page.find("Ingen sertifikater som dere kan bekrefte"), std::string::npos);
  // «Annet sertifikat» may be confirmed by any approving body.
  r = Call("POST", "/min-side/sertifikater", supplier_,
           "type=other&gjelder=&referanse=Revisjon+nr.+8&utsteder=Revisor+AS" +
               std::string("&dokumentasjon=") + http::PercentEncode("https://revisor.example/8"));
  ASSERT_EQ(r.status, 303) << *r.body;
  page = *Call("GET", "/min-side/sertifikater", nhn_).body;
  std::size_t at = page.find("/min-side/sertifikater/");
  ASSERT_NE(at, std::string::npos) << page;
  std::string action = page.substr(at, page.find('"', at) - at);
  EXPECT_EQ(Call("POST", action, supplier_).status, 403) << "the holder cannot confirm";
  r = Call("POST", action, nhn_);
  EXPECT_EQ(r.status, 303) << *r.body;
  pass = Get("/pass/" + version_id_);
  EXPECT_NE(pass.find("Bekreftet av Norsk helsenett SF"), std::string::npos);
}

TEST_F(ApprovalPagesTest, EveryPageAnswers503WithoutTheService) {
  t_->services->approvals = nullptr;
  Get("/godkjenninger", 503);
  Get("/pass/" + version_id_, 503);
  Get("/godkjenninger/ordning/kjernejournal-api.atom", 503);
  EXPECT_EQ(Call("GET", "/min-side/godkjenninger", nhn_).status, 503);
}

TEST(ApprovalFormRoutesTest, EveryPostIsAWorkspaceMutation) {
  int found = 0;
  for (const FormRoute& route : WorkspaceMutations())
    found += route.pattern.rfind("/min-side/godkjenninger", 0) == 0 ||
             route.pattern.rfind("/min-side/sertifikater", 0) == 0;
  EXPECT_EQ(found, 5);
}

}  // namespace
}  // namespace helsekrav::web
