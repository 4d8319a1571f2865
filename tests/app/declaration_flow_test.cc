// A declaration's life through the real router, on both backends: submit, return to draft,
// publish and withdraw through the JSON API and through the web form, and what withdrawal takes
// away from the compliance label (/api/v1/product-versions/{v}/labels/{profile}), the passport
// (/pass/{version}) and the public pages (/losninger/{product}, /erklaeringer/{id}). And a new
// profile version taking effect: a declaration made against the old version stays as it is,
// while the label is computed against the version in force (src/domain/label.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/catalog_rules.h"
#include "http/message.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "support/test_services.h"
#include "web/workspace.h"

namespace helsekrav::app {
namespace {

using Json = nlohmann::json;
using testing::Backend;

// e-las version 1 in data/catalog/profiles.json, in profile order. Its mandatory requirements
// (by hand from requirements.json; the profile tightens none) are the six GDPR ones,
// NORMEN-01, FUNK-03 and UU-01: nine label items.
const std::vector<std::string> kElasItems = {
    "GDPR-01", "GDPR-02", "GDPR-03", "GDPR-05", "GDPR-06",    "GDPR-08", "NORMEN-01", "SIK-04",
    "SIK-06",  "SIK-08",  "SIK-09",  "SIK-10",  "NHN-VKP-01", "FUNK-03", "UU-01"};
constexpr int kElasLabelItems = 9;

class DeclarationFlowTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { Start(); }

  void Start() {
    t_ = testing::StartServices(GetParam());
    supplier_ =
        testing::AddOrgUser(*t_, "lise@laasfabrikken.example", "Låsfabrikken AS",
                            domain::OrganisationKind::kSupplier, "913705408", domain::Role::kAdmin);
    other_ =
        testing::AddOrgUser(*t_, "ola@annen.example", "Annen Leverandør AS",
                            domain::OrganisationKind::kSupplier, "913705416", domain::Role::kAdmin);
    ASSERT_FALSE(HasFailure());
    SignIn("lise@laasfabrikken.example", token_, session_, csrf_);
    SignIn("ola@annen.example", other_token_, other_session_, other_csrf_);
  }

  void SignIn(const std::string& email, std::string& token, std::string& session,
              std::string& csrf) {
    auto signed_in = t_->accounts->Login(email, testing::kTestPassword, "127.0.0.1");
    ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
    session = signed_in->token;
    auto principal = t_->accounts->Authenticate(session);
    ASSERT_TRUE(principal.ok() && principal->has_value());
    csrf = (*principal)->csrf_token;
    auto created = t_->accounts->CreateApiToken(**principal, "flyt", {"read", "write"});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    token = created->second;
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "",
                      const std::string& content_type = "application/json") {
    http::Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(http::ParseTarget(target, request.path, request.query)) << target;
    request.body = body;
    if (!body.empty()) request.content_type = content_type;
    if (!token.empty()) request.authorization = "Bearer " + token;
    request.remote_address = "127.0.0.1";
    return t_->router->Handle(request);
  }
  // A form post of a signed-in session, with its CSRF token.
  http::Response Form(const std::string& target, const std::string& session,
                      const std::string& csrf, const std::string& fields) {
    http::Request request;
    request.method = "POST";
    request.target = request.path = target;
    request.content_type = "application/x-www-form-urlencoded";
    request.cookie = std::string(http::kSessionCookie) + "=" + session;
    request.body = std::string(http::kCsrfField) + "=" + http::PercentEncode(csrf) + "&" + fields;
    request.remote_address = "127.0.0.1";
    return t_->router->Handle(request);
  }
  http::Response Get(const std::string& target) { return Call("GET", target, ""); }

  static Json BodyJson(const http::Response& r) {
    return Json::parse(r.body ? *r.body : std::string(), nullptr, false);
  }
  static std::string Text(const http::Response& r) { return r.body ? *r.body : std::string(); }
  static std::string Header(const http::Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "";
  }

  // A's product "Dørvokter" (e-las) with version 1.0, through the API.
  void CreateProductVersion() {
    http::Response r = Call("POST", "/api/v1/products", token_,
                            R"({"name": "Dørvokter", "categories": ["e-las"]})");
    ASSERT_EQ(r.status, 201) << Text(r);
    product_ = BodyJson(r).value("id", "");
    r = Call("POST", "/api/v1/products/" + product_ + "/versions", token_, R"({"version": "1.0"})");
    ASSERT_EQ(r.status, 201) << Text(r);
    version_ = BodyJson(r).value("id", "");
  }

  // A draft against e-las answering `items` "meets"; returns its id.
  std::string CreateDraft(const std::vector<std::string>& items, int profile_version = 0) {
    std::string yaml =
        "format: helsekrav-declaration/1\nproduct_version: " + version_ + "\nprofile: e-las\n" +
        (profile_version > 0 ? "profile_version: " + std::to_string(profile_version) + "\n" : "") +
        "answers:\n";
    for (const std::string& key : items) {
      yaml += "  - requirement: " + key + "\n    answer: meets\n    statement: Oppfylt.\n";
    }
    http::Response r = Call("POST", "/api/v1/declarations", token_, yaml, "application/yaml");
    EXPECT_EQ(r.status, 201) << Text(r);
    return BodyJson(r).value("id", "");
  }

  // POST /api/v1/declarations/{id}/{action} as A; the status it answers.
  int Step(const std::string& id, const std::string& action, const std::string& token = "") {
    http::Response r = Call("POST", "/api/v1/declarations/" + id + "/" + action,
                            token.empty() ? token_ : token, "{}");
    return r.status;
  }
  std::string StatusOf(const std::string& id) {
    return BodyJson(Call("GET", "/api/v1/declarations/" + id, token_)).value("status", "");
  }
  Json Label() {
    http::Response r = Get("/api/v1/product-versions/" + version_ + "/labels/e-las");
    EXPECT_EQ(r.status, 200) << Text(r);
    return BodyJson(r);
  }

  std::unique_ptr<testing::TestServices> t_;
  domain::Actor supplier_, other_;
  std::string token_, session_, csrf_;
  std::string other_token_, other_session_, other_csrf_;
  std::string product_, version_;
};

// Every label item and its basis ("self_declared", "missing", …), in label order.
std::vector<std::pair<std::string, std::string>> Bases(const Json& label) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Json& item : label.value("items", Json::array())) {
    out.emplace_back(item.value("requirement", ""), item.value("basis", ""));
  }
  return out;
}
std::vector<std::pair<std::string, std::string>> AllBased(const std::string& basis,
                                                          std::vector<std::string> keys) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& key : keys) out.emplace_back(key, basis);
  return out;
}
const std::vector<std::string> kElasLabelKeys = {"GDPR-01",   "GDPR-02", "GDPR-03",
                                                 "GDPR-05",   "GDPR-06", "GDPR-08",
                                                 "NORMEN-01", "FUNK-03", "UU-01"};

TEST_P(DeclarationFlowTest, ApiSubmitReturnPublishWithdrawAndWhatWithdrawalTakesAway) {
  ASSERT_EQ(kElasLabelKeys.size(), static_cast<std::size_t>(kElasLabelItems));
  CreateProductVersion();
  std::string id = CreateDraft(kElasItems);
  ASSERT_FALSE(id.empty());

  // Submitted is not published: no label, no public page.
  EXPECT_EQ(Step(id, "submit"), 200);
  EXPECT_EQ(StatusOf(id), "submitted");
  EXPECT_EQ(Label().value("earned", true), false);
  EXPECT_EQ(Get("/erklaeringer/" + id).status, 404);
  EXPECT_EQ(Step(id, "return-to-draft"), 200);
  EXPECT_EQ(StatusOf(id), "draft");
  EXPECT_EQ(Step(id, "submit"), 200);
  EXPECT_EQ(Step(id, "publish", other_token_), 404);  // B does not see A's submitted draft
  EXPECT_EQ(Step(id, "publish"), 200);
  EXPECT_EQ(StatusOf(id), "published");

  // Published: every mandatory item of e-las self-declared, the label earned, shown on the
  // passport and the public pages.
  Json label = Label();
  EXPECT_EQ(label.value("earned", false), true);
  EXPECT_EQ(label.value("profile_version", 0), 1);
  EXPECT_EQ(Bases(label), AllBased("self_declared", kElasLabelKeys));
  std::string pass = Text(Get("/pass/" + version_));
  EXPECT_NE(pass.find("Merket er oppnådd"), std::string::npos);
  EXPECT_NE(
      pass.find("Grunnlag for 9 obligatoriske krav: 0 tredjepart, 9 egenerklæring, 0 mangler"),
      std::string::npos);
  EXPECT_NE(pass.find("/pass/" + version_ + "/merke/e-las.svg"), std::string::npos);
  http::Response product = Get("/losninger/" + product_);
  EXPECT_EQ(product.status, 200);
  EXPECT_NE(Text(product).find("Publisert"), std::string::npos);
  http::Response page = Get("/erklaeringer/" + id);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(Text(page).find("trukket tilbake"), std::string::npos);

  // Only A withdraws it.
  EXPECT_EQ(Step(id, "withdraw", other_token_), 403);
  EXPECT_EQ(StatusOf(id), "published");
  EXPECT_EQ(Step(id, "withdraw"), 200);
  EXPECT_EQ(StatusOf(id), "withdrawn");

  // Withdrawn: the label is lost at once, item by item; the passport shows no label; the pages
  // keep the declaration, marked withdrawn.
  label = Label();
  EXPECT_EQ(label.value("earned", true), false);
  EXPECT_EQ(Bases(label), AllBased("missing", kElasLabelKeys));
  pass = Text(Get("/pass/" + version_));
  EXPECT_EQ(pass.find("Merket er oppnådd"), std::string::npos);
  EXPECT_NE(pass.find("Ingen merker er beregnet"), std::string::npos);
  EXPECT_NE(Text(Get("/losninger/" + product_)).find("Trukket tilbake"), std::string::npos);
  page = Get("/erklaeringer/" + id);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(Text(page).find("Leverandøren har trukket tilbake denne erklæringen."),
            std::string::npos);
  EXPECT_NE(Text(page).find("<dt>Trukket tilbake</dt><dd>8. desember 2026</dd>"),
            std::string::npos);
  EXPECT_EQ(Step(id, "publish"), 409);  // withdrawn is final
}

TEST_P(DeclarationFlowTest, WebFormSubmitReturnPublishWithdraw) {
  CreateProductVersion();
  std::string path = "/min-side/erklaeringer/";
  std::string incomplete = CreateDraft({"GDPR-01"});
  ASSERT_FALSE(incomplete.empty());
  // Incomplete: the form says which requirement is missing and nothing changes.
  http::Response r = Form(path + incomplete, session_, csrf_, "handling=send-inn");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(Text(r).find("GDPR-02"), std::string::npos);
  EXPECT_EQ(StatusOf(incomplete), "draft");

  // Completed through the API (one draft per version and profile at a time).
  std::string id = incomplete;
  Json answers = Json::array();
  for (const std::string& key : kElasItems) {
    answers.push_back({{"requirement", key},
                       {"requirement_version", key == "UU-01" ? 2 : 1},  // data/catalog
                       {"answer", "meets"}});
  }
  r = Call("PUT", "/api/v1/declarations/" + id + "/answers", token_,
           Json{{"answers", answers}}.dump());
  ASSERT_EQ(r.status, 200) << Text(r);
  r = Form(path + id, other_session_, other_csrf_, "handling=send-inn");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(StatusOf(id), "draft");

  r = Form(path + id, session_, csrf_, "handling=send-inn");
  EXPECT_EQ(r.status, 303) << Text(r);
  EXPECT_EQ(Header(r, "Location"), path + id + "?lagret=sendt");
  EXPECT_EQ(StatusOf(id), "submitted");

  r = Form(path + id, session_, csrf_, "handling=tilbake");
  EXPECT_EQ(r.status, 303) << Text(r);
  EXPECT_EQ(Header(r, "Location"), path + id + "?lagret=utkast");
  EXPECT_EQ(StatusOf(id), "draft");

  r = Form(path + id, session_, csrf_, "handling=publiser");
  EXPECT_EQ(r.status, 303) << Text(r);
  EXPECT_EQ(Header(r, "Location"), path + id + "?lagret=publisert");
  EXPECT_EQ(StatusOf(id), "published");
  EXPECT_EQ(Label().value("earned", false), true);

  r = Form(path + id + "/trekk-tilbake", other_session_, other_csrf_, "");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(StatusOf(id), "published");
  // A wrong CSRF token changes nothing either.
  r = Form(path + id + "/trekk-tilbake", session_, "feil", "");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(StatusOf(id), "published");

  r = Form(path + id + "/trekk-tilbake", session_, csrf_, "");
  EXPECT_EQ(r.status, 303) << Text(r);
  EXPECT_EQ(Header(r, "Location"), path + id + "?lagret=trukket");
  EXPECT_EQ(StatusOf(id), "withdrawn");
  EXPECT_EQ(Label().value("earned", true), false);
}

// The catalog gives e-las a version 2 from 2027-01-01 that adds SIK-11 as mandatory (tightened;
// self-declarable). The rule (DOMAIN.md: a declaration is made against one profile version; it
// is flagged for review only when a requirement it cites changes; label.h: the label is computed
// against the profile version in force, from published answers to the requirement versions in
// force): on the day, the declaration against version 1 stays published and unflagged, the label
// moves to version 2 and is lost for want of SIK-11, and a declaration against version 2 that
// answers SIK-11 earns it again.
TEST_P(DeclarationFlowTest, ANewProfileVersionTakesEffect) {
  domain::Catalog changed = testing::DefaultCatalog();
  domain::Profile* elas = nullptr;
  for (auto& profile : changed.profiles) {
    if (profile.key == "e-las") elas = &profile;
  }
  ASSERT_NE(elas, nullptr);
  ASSERT_EQ(elas->versions.size(), 1u);
  domain::ProfileVersion v2 = elas->versions[0];
  elas->versions[0].valid_to = testing::D("2027-01-01");
  v2.version = 2;
  v2.valid_from = testing::D("2027-01-01");
  v2.valid_to.reset();
  v2.change_note = "SIK-11 er obligatorisk fra 2027.";
  v2.items.push_back({"SIK-11", domain::Obligation::kMandatory});
  elas->versions.push_back(v2);
  auto imported = t_->catalog->Import(changed);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();

  CreateProductVersion();
  std::string old_id = CreateDraft(kElasItems);
  EXPECT_EQ(Step(old_id, "publish"), 200);
  Json label = Label();
  EXPECT_EQ(label.value("profile_version", 0), 1);
  EXPECT_EQ(label.value("earned", false), true);

  t_->clock.Set(testing::D("2027-01-01"));
  ASSERT_TRUE(t_->catalog->RefreshIfChanged().ok());

  Json old_declaration = BodyJson(Call("GET", "/api/v1/declarations/" + old_id, token_));
  EXPECT_EQ(old_declaration.value("status", ""), "published");
  EXPECT_EQ(old_declaration.value("profile_version", 0), 1);
  EXPECT_EQ(old_declaration.value("needs_review", Json()), Json::array());
  label = Label();
  EXPECT_EQ(label.value("computed_on", ""), "2027-01-01");
  EXPECT_EQ(label.value("profile_version", 0), 2);
  EXPECT_EQ(label.value("earned", true), false);
  auto expected = AllBased("self_declared", kElasLabelKeys);
  expected.emplace_back("SIK-11", "missing");
  EXPECT_EQ(Bases(label), expected);
  std::string pass = Text(Get("/pass/" + version_));
  EXPECT_NE(pass.find("Elektroniske dørlåser (e-lås) (versjon 2)"), std::string::npos);
  EXPECT_EQ(pass.find("Merket er oppnådd"), std::string::npos);
  EXPECT_NE(
      pass.find("Grunnlag for 10 obligatoriske krav: 0 tredjepart, 9 egenerklæring, 1 mangler"),
      std::string::npos);
  EXPECT_EQ(Get("/erklaeringer/" + old_id).status, 200);

  // A new declaration is made against version 2 by default; answering SIK-11 too earns the label.
  std::vector<std::string> v2_items = kElasItems;
  v2_items.push_back("SIK-11");
  std::string new_id = CreateDraft(v2_items);
  ASSERT_FALSE(new_id.empty());
  EXPECT_EQ(
      BodyJson(Call("GET", "/api/v1/declarations/" + new_id, token_)).value("profile_version", 0),
      2);
  EXPECT_EQ(Step(new_id, "publish"), 200);
  label = Label();
  EXPECT_EQ(label.value("earned", false), true);
  EXPECT_EQ(Bases(label).back(), (std::pair<std::string, std::string>{"SIK-11", "self_declared"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DeclarationFlowTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
