// Nobody changes another organisation's data. For every mutating route of the register's JSON
// API (api::RegistryApiMutations) and of the web forms (web::WorkspaceMutations), calls it
// anonymously, as another organisation and with a read-only token, and proves each was refused
// and the database is exactly as before. The tables are the contract: the test fails when a
// route in them was not tried. Also a few scenarios that should succeed, through the real router
// on both backends.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/approvals.h"
#include "app/catalog_service.h"
#include "app/registry.h"
#include "app/services.h"
#include "app/transparency_log.h"
#include "app/webhooks.h"
#include "core/clock.h"
#include "domain/catalog_rules.h"
#include "formats/catalog_json.h"
#include "formats/registry_json.h"
#include "http/api/approvals_api.h"
#include "http/api/registry_api.h"
#include "http/api/webhooks_api.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/webhook_sender.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "trust/keys.h"
#include "trust/trust_test_util.h"
#include "web/workspace.h"

namespace helsekrav::http {
namespace {

using formats::Json;
using testing::Backend;

class CapturingResetSender final : public app::ResetSender {
 public:
  void Send(const std::string&, const std::string&) override {}
};

// A valid organisasjonsnummer (modulus-11 check digit) from eight digits.
std::string Orgnr(std::string base) {
  for (;; base = std::to_string(std::stoi(base) + 1)) {
    static constexpr int kWeights[] = {3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (base[i] - '0') * kWeights[i];
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check != 10) return base + std::to_string(check);
  }
}

struct Account {
  std::string email;
  std::string org_id;
  std::string user_id;
  std::string token;       // API token with read and write
  std::string session;     // session cookie value
  std::string csrf_token;  // the session's CSRF token
};

// Everything the database holds, in a comparable form. Sessions are compared by id only (a
// request may refresh a session's expiry without changing anything else).
struct DatabaseState {
  std::map<std::string, std::vector<store::Entity>> entities;
  std::set<std::string> sessions;
  std::size_t events = 0;
  bool operator==(const DatabaseState&) const = default;
};

constexpr const char* kPassword = "riktig-hest-batteri-stift";

class AuthorizationTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    ASSERT_TRUE(db_->store->Migrate().ok());
    catalog_ = std::make_unique<app::CatalogService>(*db_->store, clock_);
    auto imported = catalog_->Import(testing::DefaultCatalog());
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    accounts_ = std::make_unique<app::AccountService>(*db_->store, clock_, *catalog_, sender_,
                                                      "http://localhost:8080");
    registry_ = std::make_unique<app::RegistryService>(*db_->store, clock_, *catalog_);
    ASSERT_TRUE(registry_->Load().ok());
    services_ = std::make_unique<app::Services>(app::Services{.catalog = *catalog_,
                                                              .accounts = *accounts_,
                                                              .registry = *registry_,
                                                              .clock = clock_,
                                                              .base_url = "http://localhost:8080"});
    webhooks_ = std::make_unique<app::WebhookService>(*db_->store, clock_, *registry_,
                                                      webhook_sender_, true);
    services_->webhooks = webhooks_.get();
    router_ = std::make_unique<Router>(*services_, *db_->store, metrics_);

    const domain::Organisation* municipality = nullptr;
    for (const auto& org : testing::DefaultCatalog().organisations) {
      if (org.kind == domain::OrganisationKind::kMunicipality && !org.orgnr.empty() &&
          !org.municipality_number.empty()) {
        municipality = &org;
        break;
      }
    }
    ASSERT_NE(municipality, nullptr) << "the default catalog has no municipality with orgnr";
    kommune_ = municipality->municipality_number;

    domain::OrgAccount org;
    org.kind = domain::OrganisationKind::kSupplier;
    org.orgnr = Orgnr("91000000");
    org.name = "Leverandør A AS";
    a_ = MakeAccount("anne@leverandor-a.no", org);
    org.orgnr = Orgnr("92000000");
    org.name = "Leverandør B AS";
    b_ = MakeAccount("bjorn@leverandor-b.no", org);
    org.kind = municipality->kind;
    org.orgnr = municipality->orgnr;
    org.name = municipality->name;
    org.municipality_number = municipality->municipality_number;
    m_ = MakeAccount("mari@kommune.no", org);
    ASSERT_FALSE(HasFailure());
    a_read_only_ = MakeToken(a_, {"read"});
  }

  Account MakeAccount(const std::string& email, const domain::OrgAccount& org) {
    Account account;
    account.email = email;
    auto user =
        accounts_->CreateUserDirect(email, "Test Testesen", kPassword, org, domain::Role::kAdmin);
    EXPECT_TRUE(user.ok()) << email << ": " << user.status().ToString();
    if (!user.ok()) return account;
    account.user_id = user->id;
    auto session = accounts_->Login(email, kPassword, "127.0.0.1");
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    if (!session.ok()) return account;
    account.session = session->token;
    auto principal = accounts_->Authenticate(account.session);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    if (!principal.ok() || !principal->has_value()) return account;
    account.org_id = (*principal)->org.id;
    account.csrf_token = (*principal)->csrf_token;
    EXPECT_EQ((*principal)->org.status, domain::OrgStatus::kApproved);
    account.token = MakeToken(account, {"read", "write"});
    return account;
  }

  std::string MakeToken(const Account& account, const std::vector<std::string>& scopes) {
    auto principal = accounts_->Authenticate(account.session);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    if (!principal.ok() || !principal->has_value()) return "";
    auto token = accounts_->CreateApiToken(**principal, "test", scopes);
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? token->second : "";
  }

  Response Call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "",
                const std::string& content_type = "application/json") {
    Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query)) << target;
    request.body = body;
    if (!body.empty()) request.content_type = content_type;
    if (!token.empty()) request.authorization = "Bearer " + token;
    request.remote_address = "127.0.0.1";
    return router_->Handle(request);
  }

  static Json BodyJson(const Response& r) {
    return r.body ? Json::parse(*r.body, nullptr, false) : Json();
  }
  // A string field of a JSON object, or "" (also when the body is a problem).
  static std::string Str(const Json& j, const std::string& key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  }
  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "";
  }

  DatabaseState State() {
    DatabaseState state;
    std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    for (const char* kind :
         {"organisation",   "user",    "membership",       "api_token",       "password_reset",
          "oidc_state",     "product", "product_version",  "deployment",      "declaration",
          "evidence_file",  "file",    "approval",         "certificate",     "label_record",
          "expiry_warning", "webhook", "webhook_delivery", "webhook_pending", "webhook_cursor"}) {
      auto list = db_->store->ListEntities(kind, now);
      EXPECT_TRUE(list.ok());
      if (list.ok()) state.entities[kind] = *list;
    }
    auto sessions = db_->store->ListEntities("session", now);
    EXPECT_TRUE(sessions.ok());
    if (sessions.ok()) {
      for (const auto& s : *sessions) state.sessions.insert(s.id);
    }
    store::EventQuery query;
    query.limit = 1000000;
    auto events = db_->store->ListEvents(query);
    EXPECT_TRUE(events.ok());
    if (events.ok()) state.events = events->size();
    return state;
  }

  // A declaration file for `version_id` against the smallest profile of the default catalog,
  // answering every requirement "meets" (or none when `answers` is false).
  std::string DeclarationYaml(const std::string& version_id, bool answers, bool publish) {
    auto snapshot = catalog_->snapshot();
    const domain::Profile* smallest = nullptr;
    const domain::ProfileVersion* in_force = nullptr;
    for (const auto& profile : snapshot->catalog().profiles) {
      for (const auto& v : profile.versions) {
        bool valid =
            v.valid_from <= clock_.Today() && (!v.valid_to || clock_.Today() < *v.valid_to);
        if (valid && !v.items.empty() &&
            (in_force == nullptr || v.items.size() < in_force->items.size())) {
          smallest = &profile;
          in_force = &v;
        }
      }
    }
    EXPECT_NE(in_force, nullptr);
    if (in_force == nullptr) return "";
    profile_ = smallest->key;
    profile_items_ = static_cast<int>(in_force->items.size());
    std::string yaml = "format: helsekrav-declaration/1\nproduct_version: " + version_id +
                       "\nprofile: " + smallest->key +
                       "\nprofile_version: " + std::to_string(in_force->version) + "\n";
    if (publish) yaml += "status: published\n";
    yaml += answers ? "answers:\n" : "answers: []\n";
    if (answers) {
      for (const auto& item : in_force->items) {
        const domain::Requirement* requirement = snapshot->FindRequirement(item.requirement);
        EXPECT_NE(requirement, nullptr) << item.requirement;
        if (requirement == nullptr) continue;
        yaml += "  - requirement: " + item.requirement + "\n    version: " +
                std::to_string(domain::VersionAt(*requirement, clock_.Today()).version) +
                "\n    answer: meets\n    statement: Produktet oppfyller kravet.\n";
      }
    }
    return yaml;
  }

  // A's product, version, draft and published declaration and file; M's deployment of A's
  // version. Created through the API, so these are also the positive scenarios.
  struct Resources {
    std::string product, version, declaration, published, file, deployment;
  };
  Resources CreateResources() {
    Resources res;
    std::string category = catalog_->snapshot()->catalog().categories.at(0).key;
    Response r = Call(
        "POST", "/api/v1/products", a_.token,
        Json{
            {"name", "Journal A"}, {"description", "Et journalsystem."}, {"categories", {category}}}
            .dump());
    EXPECT_EQ(r.status, 201) << *r.body;
    res.product = Str(BodyJson(r), "id");
    EXPECT_EQ(Header(r, "Location"), "/api/v1/products/" + res.product);

    r = Call("POST", "/api/v1/products/" + res.product + "/versions", a_.token,
             Json{{"version", "1.0.0"}, {"release_date", "2026-01-15"}}.dump());
    EXPECT_EQ(r.status, 201) << *r.body;
    res.version = Str(BodyJson(r), "id");

    r = Call("POST", "/api/v1/files?name=pentest.txt", a_.token, "Rapport fra inntrengingstest.\n",
             "text/plain");
    EXPECT_EQ(r.status, 201) << *r.body;
    res.file = Str(BodyJson(r), "id");
    EXPECT_EQ(BodyJson(r).value("size", 0), 30);

    r = Call("POST", "/api/v1/declarations", a_.token, DeclarationYaml(res.version, false, false),
             "application/yaml");
    EXPECT_EQ(r.status, 201) << *r.body;
    res.declaration = Str(BodyJson(r), "id");
    EXPECT_EQ(Str(BodyJson(r), "status"), "draft");

    r = Call("POST", "/api/v1/declarations", a_.token, DeclarationYaml(res.version, true, true),
             "application/yaml");
    EXPECT_EQ(r.status, 201) << *r.body;
    res.published = Str(BodyJson(r), "id");
    EXPECT_EQ(Str(BodyJson(r), "status"), "published");

    r = Call("POST", "/api/v1/deployments", m_.token,
             Json{{"product_version_id", res.version},
                  {"municipalities", {kommune_}},
                  {"since", "2026-02-01"}}
                 .dump());
    EXPECT_EQ(r.status, 201) << *r.body;
    res.deployment = Str(BodyJson(r), "id");
    return res;
  }

  // A body for each mutation that would succeed for the owner, so that only the caller's
  // identity decides the outcome.
  std::pair<std::string, std::string> BodyFor(const api::MutationRoute& route,
                                              const Resources& res) {
    const std::string& p = route.pattern;
    const std::string json = "application/json";
    if (route.method == "POST" && p == "/api/v1/products") {
      return {Json{{"name", "Kapret produkt"}, {"org_id", a_.org_id}}.dump(), json};
    }
    if (p == "/api/v1/products/{product}") return {Json{{"name", "Endret"}}.dump(), json};
    if (p == "/api/v1/products/{product}/versions") return {Json{{"version", "9.9"}}.dump(), json};
    if (p == "/api/v1/products/{product}/versions/{version}") {
      return {Json{{"notes", "Endret"}}.dump(), json};
    }
    if (p == "/api/v1/deployments") {
      return {Json{{"product_version_id", res.version},
                   {"municipalities", {kommune_}},
                   {"since", "2026-03-01"},
                   {"org_id", m_.org_id}}
                  .dump(),
              json};
    }
    if (p == "/api/v1/deployments/{deployment}" && route.method == "PATCH") {
      return {Json{{"until", "2026-12-31"}}.dump(), json};
    }
    if (p == "/api/v1/declarations") {
      return {DeclarationYaml(res.version, false, false), "application/yaml"};
    }
    if (p == "/api/v1/declarations/{declaration}/answers") {
      return {Json{{"answers", Json::array()}}.dump(), json};
    }
    if (p == "/api/v1/files") return {"Falsk bevis.\n", "text/plain"};
    return {"", ""};
  }

  domain::Actor a_actor() {
    auto principal = accounts_->Authenticate(a_.session);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    return principal.ok() && principal->has_value() ? (*principal)->actor : domain::Actor{};
  }

  // Wires an ApprovalService, with its transparency log and a fresh signing key, into the
  // services, and returns an account of Norsk helsenett (owner of the kjernejournal-api scheme).
  Account StartApprovals() {
    approval_keys_ = std::make_unique<trust::test_util::ScratchDir>();
    auto keyring = trust::Keyring::Open(approval_keys_->path(), clock_);
    EXPECT_TRUE(keyring.ok()) << keyring.status().ToString();
    if (!keyring.ok()) return {};
    keyring_ = std::move(keyring).value();
    log_ = std::make_unique<app::TransparencyLog>(*db_->store, *keyring_, clock_);
    approvals_ =
        std::make_unique<app::ApprovalService>(*db_->store, clock_, *catalog_, *registry_, *log_);
    EXPECT_TRUE(approvals_->Load().ok());
    services_->approvals = approvals_.get();
    services_->log = log_.get();
    domain::OrgAccount org;
    org.kind = domain::OrganisationKind::kApprovingBody;
    org.orgnr = "994598759";  // norsk-helsenett
    org.name = "Norsk helsenett SF";
    return MakeAccount("nina@nhn.no", org);
  }

  // A's webhook for published declarations (created before CreateResources publishes one, so
  // that Dispatch() then makes a delivery). Returns its id and "" for the delivery to fill in.
  std::pair<std::string, std::string> WebhookWithDelivery() {
    auto created = webhooks_->Create(
        a_actor(), {"http://127.0.0.1:9/varsler", "A sitt system", {"declaration.published"}});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return {created.ok() ? created->first.id : "", ""};
  }

  // After this release corrected the catalog (corrected_on 2026-12-07).
  FixedClock clock_{testing::D("2026-12-08")};
  CapturingResetSender sender_;
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<app::CatalogService> catalog_;
  std::unique_ptr<app::AccountService> accounts_;
  std::unique_ptr<app::RegistryService> registry_;
  // Webhooks to 127.0.0.1 are allowed (as with --webhook-allow-http-loopback); nothing is sent.
  CurlWebhookSender webhook_sender_{{.allow_http_loopback = true}};
  std::unique_ptr<app::WebhookService> webhooks_;
  std::unique_ptr<app::Services> services_;
  Metrics metrics_;
  std::unique_ptr<Router> router_;
  std::string kommune_;
  Account a_, b_, m_;
  std::string a_read_only_;
  std::string profile_;
  int profile_items_ = 0;
  // Set by StartApprovals; declared last so they go before the services that point to them.
  std::unique_ptr<trust::test_util::ScratchDir> approval_keys_;
  std::unique_ptr<trust::Keyring> keyring_;
  std::unique_ptr<app::TransparencyLog> log_;
  std::unique_ptr<app::ApprovalService> approvals_;
};

std::string Fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    std::string placeholder = "{" + name + "}";
    for (std::size_t at; (at = pattern.find(placeholder)) != std::string::npos;) {
      pattern.replace(at, placeholder.size(), value);
    }
  }
  return pattern;
}

TEST_P(AuthorizationTest, NoApiMutationSucceedsForAStrangerAnonymousOrReadOnlyToken) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  // The declaration routes are tried on the draft (invisible to B: 404) and on the published
  // declaration (visible to B: 403).
  std::vector<std::map<std::string, std::string>> fillings = {{{"product", res.product},
                                                               {"version", res.version},
                                                               {"deployment", res.deployment},
                                                               {"declaration", res.declaration},
                                                               {"file", res.file}},
                                                              {{"product", res.product},
                                                               {"version", res.version},
                                                               {"deployment", res.deployment},
                                                               {"declaration", res.published},
                                                               {"file", res.file}}};
  // Routes that only ever act for the caller's own organisation: another organisation calling
  // them changes its own data, which is allowed. They are still tried anonymously and read-only.
  const std::map<std::string, std::string> kOwnOnly = {
      {"POST /api/v1/files", "a file is always uploaded for the caller's own organisation"}};

  std::set<std::pair<std::string, std::string>> tried;
  for (const auto& values : fillings) {
    for (const api::MutationRoute& route : api::RegistryApiMutations()) {
      std::string target = Fill(route.pattern, values);
      if (route.pattern == "/api/v1/files") target += "?name=falsk.txt";
      auto [body, type] = BodyFor(route, res);
      std::string label = route.method + " " + route.pattern;

      DatabaseState before = State();
      Response anonymous = Call(route.method, target, "", body, type);
      EXPECT_EQ(anonymous.status, 401) << label << ": " << *anonymous.body;
      EXPECT_NE(Header(anonymous, "WWW-Authenticate").find("Bearer"), std::string::npos) << label;
      EXPECT_EQ(anonymous.content_type, "application/problem+json") << label;
      EXPECT_TRUE(State() == before) << label << " anonymously changed the database";

      Response read_only = Call(route.method, target, a_read_only_, body, type);
      EXPECT_EQ(read_only.status, 403) << label << ": " << *read_only.body;
      EXPECT_TRUE(State() == before) << label << " with a read-only token changed the database";

      if (kOwnOnly.count(label) == 0) {
        Response stranger = Call(route.method, target, b_.token, body, type);
        EXPECT_TRUE(stranger.status == 403 || stranger.status == 404)
            << label << " as another organisation: " << stranger.status << " " << *stranger.body;
        EXPECT_TRUE(State() == before) << label << " as another organisation changed the database";
      }
      tried.insert({route.method, route.pattern});
    }
  }
  // Every mutating route of the API was tried, and the table lists at least the documented ones.
  std::set<std::pair<std::string, std::string>> table;
  for (const auto& route : api::RegistryApiMutations()) table.insert({route.method, route.pattern});
  EXPECT_EQ(tried, table);
  for (const char* method_and_path :
       {"PATCH /api/v1/products/{product}", "DELETE /api/v1/deployments/{deployment}",
        "POST /api/v1/declarations/{declaration}/return-to-draft", "POST /api/v1/files"}) {
    std::string text = method_and_path;
    std::size_t space = text.find(' ');
    EXPECT_EQ(table.count({text.substr(0, space), text.substr(space + 1)}), 1u) << text;
  }

  // The owner can do what the others could not (the bodies were valid).
  Response own = Call("PATCH", "/api/v1/products/" + res.product, a_.token,
                      Json{{"name", "Journal A 2"}}.dump(), "application/merge-patch+json");
  EXPECT_EQ(own.status, 200) << *own.body;
  EXPECT_EQ(Str(BodyJson(own), "name"), "Journal A 2");
}

// The approval API's mutations (api::ApprovalApiMutations): anonymously, with a read-only token
// and as the wrong organisation (KS acting on an NHN scheme's approval, a supplier issuing or
// confirming, another supplier withdrawing A's certificate), each is refused and nothing —
// not the database, not the transparency log — changes.
TEST_P(AuthorizationTest, NoApprovalMutationSucceedsForTheWrongOrganisation) {
  Account nhn = StartApprovals();
  ASSERT_FALSE(HasFailure());
  app::ApprovalService& approvals = *approvals_;
  domain::OrgAccount body_org;
  body_org.kind = domain::OrganisationKind::kApprovingBody;
  body_org.orgnr = "971032146";  // ks
  body_org.name = "KS";
  Account ks = MakeAccount("kari@ks.no", body_org);
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());

  const Json issue{{"scheme", "kjernejournal-api"},
                   {"subject_id", res.version},
                   {"valid_from", "2026-12-08"},
                   {"valid_to", "2027-11-23"}};
  Response r = Call("POST", "/api/v1/approvals", nhn.token, issue.dump());
  ASSERT_EQ(r.status, 201) << *r.body;
  std::string approval = Str(BodyJson(r), "id");
  const Json claim{{"org_id", a_.org_id},
                   {"kind", "iso27001"},
                   {"reference", "ISO/IEC 27001:2022 nr. 123"},
                   {"issuer_name", "Sertifiseringsorganet AS"},
                   {"evidence", {{{"kind", "reference"}, {"reference", "Sertifikat 123"}}}}};
  r = Call("POST", "/api/v1/certificates", a_.token, claim.dump());
  ASSERT_EQ(r.status, 201) << *r.body;
  std::string certificate = Str(BodyJson(r), "id");
  EXPECT_EQ(BodyJson(r)["self_reported"], true);

  auto body_for = [&](const api::MutationRoute& route) -> std::string {
    if (route.pattern == "/api/v1/approvals") return issue.dump();
    if (route.pattern == "/api/v1/certificates") return claim.dump();
    if (route.pattern.ends_with("/renew")) return Json{{"valid_to", "2028-06-01"}}.dump();
    if (route.pattern.ends_with("/suspend") || route.pattern.ends_with("/revoke")) {
      return Json{{"reason", "Ikke ditt ansvar"}}.dump();
    }
    return "";
  };
  // Who tries as "the wrong organisation": KS for NHN's approval; suppliers for the rest.
  auto strangers_for = [&](const api::MutationRoute& route) -> std::vector<std::string> {
    if (route.pattern == "/api/v1/approvals") return {ks.token, a_.token};
    if (route.pattern.starts_with("/api/v1/approvals/")) return {ks.token, a_.token};
    if (route.pattern.ends_with("/confirm")) return {a_.token, b_.token};
    return {b_.token};  // A's certificate: registering for A, withdrawing it
  };
  auto log_size = [&] {
    auto head = log_->TreeHead();
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->tree_size : 0;
  };

  std::set<std::pair<std::string, std::string>> tried, table;
  for (const api::MutationRoute& route : api::ApprovalApiMutations()) {
    table.insert({route.method, route.pattern});
    std::string target =
        Fill(route.pattern, {{"approval", approval}, {"certificate", certificate}});
    std::string body = body_for(route);
    std::string label = route.method + " " + route.pattern;
    DatabaseState before = State();
    std::uint64_t log_before = log_size();

    Response anonymous = Call(route.method, target, "", body);
    EXPECT_EQ(anonymous.status, 401) << label << ": " << *anonymous.body;
    Response read_only = Call(route.method, target, a_read_only_, body);
    EXPECT_EQ(read_only.status, 403) << label << ": " << *read_only.body;
    for (const std::string& token : strangers_for(route)) {
      Response stranger = Call(route.method, target, token, body);
      EXPECT_EQ(stranger.status, 403) << label << ": " << stranger.status << " " << *stranger.body;
    }
    EXPECT_TRUE(State() == before) << label << " changed the database";
    EXPECT_EQ(log_size(), log_before) << label << " appended to the log";
    tried.insert({route.method, route.pattern});
  }
  EXPECT_EQ(tried, table);
  EXPECT_EQ(table.size(), 8u);
  EXPECT_EQ(approvals.view()->FindApproval(approval)->status, domain::ApprovalStatus::kIssued);
  EXPECT_TRUE(approvals.view()->FindClaim(certificate)->self_reported());

  // The owners can (the bodies were valid).
  r = Call("POST", "/api/v1/approvals/" + approval + "/revoke", nhn.token,
           Json{{"reason", "Avviklet"}}.dump());
  EXPECT_EQ(r.status, 200) << *r.body;
  EXPECT_EQ(Str(BodyJson(r), "status"), "revoked");
  // KS is an approving body but does not confirm ISO/IEC 27001; Helsedirektoratet may.
  r = Call("POST", "/api/v1/certificates/" + certificate + "/confirm", ks.token);
  EXPECT_EQ(r.status, 403) << *r.body;
  EXPECT_TRUE(approvals.view()->FindClaim(certificate)->self_reported());
  domain::OrgAccount helsedir_org;
  helsedir_org.kind = domain::OrganisationKind::kAuthority;
  helsedir_org.orgnr = "983544622";  // helsedirektoratet
  helsedir_org.name = "Helsedirektoratet";
  Account helsedir = MakeAccount("ola@helsedirektoratet.no", helsedir_org);
  ASSERT_TRUE(registry_->Load().ok());
  r = Call("POST", "/api/v1/certificates/" + certificate + "/confirm", helsedir.token);
  EXPECT_EQ(r.status, 200) << *r.body;
  EXPECT_EQ(BodyJson(r)["self_reported"], false);
  r = Call("GET", "/api/v1/approvals/" + approval, "");
  EXPECT_EQ(r.status, 200) << *r.body;
  EXPECT_EQ(BodyJson(r)["log_entries"].size(), 2u);
  EXPECT_EQ(BodyJson(r)["history"].size(), 2u);
  r = Call("GET", "/api/v1/approvals?scheme=kjernejournal-api&status=revoked", "");
  EXPECT_EQ(r.status, 200) << *r.body;
  EXPECT_EQ(BodyJson(r)["items"].size(), 1u);
  r = Call("GET", "/api/v1/approvals?expiring_within_days=0", "");
  EXPECT_EQ(r.status, 400) << *r.body;
  r = Call("GET", "/api/v1/product-versions/" + res.version + "/labels", "");
  EXPECT_EQ(r.status, 200) << *r.body;
  r = Call("GET", "/api/v1/product-versions/" + res.version + "/labels/" + profile_, "");
  EXPECT_EQ(r.status, 200) << *r.body;
  // Earned exactly when no requirement is left uncovered (the refused calls changed nothing).
  EXPECT_EQ(BodyJson(r)["earned"], BodyJson(r)["reasons"].empty()) << *r.body;
  r = Call("DELETE", "/api/v1/certificates/" + certificate, a_.token);
  EXPECT_EQ(r.status, 204);
}

// The webhook API's mutations (api::WebhookApiMutations): anonymously, with a read-only token
// and as another organisation, each is refused and nothing changes.
TEST_P(AuthorizationTest, NoWebhookMutationSucceedsForTheWrongOrganisation) {
  auto [webhook, delivery] = WebhookWithDelivery();
  CreateResources();  // publishes a declaration: A's webhook gets a delivery
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(webhooks_->Dispatch().ok());
  auto deliveries = webhooks_->Deliveries(a_actor(), webhook);
  ASSERT_TRUE(deliveries.ok() && deliveries->size() == 1u);
  delivery = deliveries->front().id;
  const std::string body =
      Json{{"url", "http://127.0.0.1:9/kapret"}, {"event_types", {"declaration.published"}}}.dump();
  std::set<std::pair<std::string, std::string>> tried, table;
  for (const api::MutationRoute& route : api::WebhookApiMutations()) {
    table.insert({route.method, route.pattern});
    std::string target = Fill(route.pattern, {{"webhook", webhook}, {"delivery", delivery}});
    std::string label = route.method + " " + route.pattern;
    DatabaseState before = State();
    Response anonymous = Call(route.method, target, "", body);
    EXPECT_EQ(anonymous.status, 401) << label << ": " << *anonymous.body;
    Response read_only = Call(route.method, target, a_read_only_, body);
    EXPECT_EQ(read_only.status, 403) << label << ": " << *read_only.body;
    // Registering always acts for the caller's own organisation.
    if (route.pattern != "/api/v1/webhooks") {
      Response stranger = Call(route.method, target, b_.token, body);
      EXPECT_TRUE(stranger.status == 403 || stranger.status == 404)
          << label << ": " << stranger.status << " " << *stranger.body;
    }
    EXPECT_TRUE(State() == before) << label << " changed the database";
    tried.insert({route.method, route.pattern});
  }
  EXPECT_EQ(tried, table);
  EXPECT_EQ(table.size(), 4u);
  // Reads are the owner's only, too.
  EXPECT_EQ(Call("GET", "/api/v1/webhooks/" + webhook, b_.token).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/webhooks/" + webhook + "/deliveries", b_.token).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/webhooks", "").status, 401);
  Response listed = Call("GET", "/api/v1/webhooks", b_.token);
  EXPECT_EQ(listed.status, 200);
  EXPECT_TRUE(BodyJson(listed)["items"].empty());
  // The owner can (the routes and bodies were valid).
  Response replayed =
      Call("POST", "/api/v1/webhooks/" + webhook + "/deliveries/" + delivery + "/replay", a_.token);
  EXPECT_EQ(replayed.status, 201) << *replayed.body;
  EXPECT_EQ(Call("DELETE", "/api/v1/webhooks/" + webhook, a_.token).status, 204);
}

TEST_P(AuthorizationTest, NoFormPostSucceedsForAStrangerOrAnonymously) {
  auto [webhook, delivery] = WebhookWithDelivery();
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(webhooks_->Dispatch().ok());
  auto deliveries = webhooks_->Deliveries(a_actor(), webhook);
  ASSERT_TRUE(deliveries.ok() && deliveries->size() == 1u);
  delivery = deliveries->front().id;
  auto tokens = accounts_->Authenticate(a_.session);
  ASSERT_TRUE(tokens.ok() && tokens->has_value());
  auto a_tokens = accounts_->ListApiTokens(**tokens);
  ASSERT_TRUE(a_tokens.ok() && !a_tokens->empty());
  // A's pending invitation, which B may neither accept, decline nor withdraw.
  ASSERT_TRUE(accounts_->InviteMember(**tokens, "invitert@a.example", domain::Role::kViewer).ok());
  auto a_invitations = accounts_->ListInvitations(**tokens);
  ASSERT_TRUE(a_invitations.ok() && a_invitations->size() == 1u);
  // The approval forms: NHN's approval of A's version and A's certificate claim, which B (a
  // supplier) may neither change nor confirm or withdraw.
  Account nhn = StartApprovals();
  ASSERT_FALSE(HasFailure());
  app::ApprovalService& approvals = *approvals_;
  ASSERT_TRUE(registry_->Load().ok());  // the register must know NHN before it can issue
  auto nhn_principal = accounts_->Authenticate(nhn.session);
  ASSERT_TRUE(nhn_principal.ok() && nhn_principal->has_value());
  app::ApprovalRequest issue;
  issue.scheme = "kjernejournal-api";
  issue.subject_id = res.version;
  issue.valid_from = *Date::Parse("2026-12-08");
  issue.valid_to = Date::Parse("2027-11-23");
  auto approval = approvals.Issue((*nhn_principal)->actor, issue);
  ASSERT_TRUE(approval.ok()) << approval.status().ToString();
  domain::CertificateClaim claim;
  claim.reference = "ISO/IEC 27001:2022 nr. 123";
  claim.issuer_name = "Sertifiseringsorganet AS";
  claim.evidence.push_back({domain::EvidenceKind::kReference, "", "", "", "", "Sertifikat 123"});
  auto claimed = approvals.RegisterClaim((*tokens)->actor, claim);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  std::map<std::string, std::string> values = {
      {"product", res.product},         {"version", res.version},    {"deployment", res.deployment},
      {"declaration", res.declaration}, {"file", res.file},          {"user", a_.user_id},
      {"token", a_tokens->front().id},  {"organisation", a_.org_id}, {"webhook", webhook},
      {"delivery", delivery},           {"approval", approval->id},  {"claim", claimed->id}};
  values["invitation"] = a_invitations->front().id;
  // Forms nobody owns: signing in, out, up and resetting a password.
  const std::map<std::string, std::string> kNotOwned = {
      {"/logg-inn", "signing in acts on no organisation's data"},
      {"/logg-ut", "signing out ends only the caller's own session"},
      {"/registrer", "registering creates a new, pending organisation"},
      {"/glemt-passord", "asking for a reset link changes nothing visible to others"},
      {"/nytt-passord", "a reset needs the secret one-time token from the e-mail"},
      {"/logg-inn/kode", "needs the one-time challenge a right password gave"}};
  // Forms that act on the signed-in organisation itself (no other organisation's id in them):
  // another organisation posting them changes only its own data. Still tried anonymously.
  const std::map<std::string, std::string> kOwnOnly = {
      {"/min-side/organisasjon", "edits the signed-in organisation"},
      {"/min-side/passord", "changes the signed-in user's own password"},
      {"/min-side/medlemmer", "invites a member to the signed-in organisation"},
      {"/min-side/api-nokler", "creates a token for the signed-in organisation"},
      {"/min-side/totp", "sets up the signed-in user's own second factor"},
      {"/min-side/losninger/ny", "creates a product of the signed-in organisation"},
      {"/min-side/erklaeringer", "starts a declaration of the signed-in organisation"},
      {"/min-side/i-bruk", "records a deployment of the signed-in organisation"},
      {"/min-side/webhooker", "registers a webhook of the signed-in organisation"},
      {"/min-side/sertifikater", "registers a certificate of the signed-in organisation"}};

  const std::string anonymous_csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";  // 43 chars
  std::set<std::pair<std::string, std::string>> tried;
  std::vector<std::string> skipped;
  for (const web::FormRoute& route : web::WorkspaceMutations()) {
    if (kNotOwned.count(route.pattern) > 0) {
      skipped.push_back(route.pattern + ": " + kNotOwned.at(route.pattern));
      tried.insert({route.method, route.pattern});
      continue;
    }
    std::string target = Fill(route.pattern, values);
    ASSERT_EQ(target.find('{'), std::string::npos) << "unknown placeholder in " << route.pattern;
    DatabaseState before = State();

    Request anonymous;
    anonymous.method = route.method;
    anonymous.target = anonymous.path = target;
    anonymous.content_type = "application/x-www-form-urlencoded";
    anonymous.cookie = std::string(web::kCsrfCookie) + "=" + anonymous_csrf;
    anonymous.body = std::string(web::kCsrfField) + "=" + anonymous_csrf + "&name=Kapret";
    anonymous.remote_address = "127.0.0.1";
    Response r = router_->Handle(anonymous);
    EXPECT_EQ(r.status, 303) << route.pattern << " anonymously";
    EXPECT_EQ(Header(r, "Location").rfind("/logg-inn", 0), 0u)
        << route.pattern << " anonymously → " << Header(r, "Location");
    EXPECT_TRUE(State() == before) << route.pattern << " anonymously changed the database";

    if (kOwnOnly.count(route.pattern) == 0) {
      Request stranger = anonymous;
      stranger.cookie = std::string(web::kSessionCookie) + "=" + b_.session;
      stranger.body = std::string(web::kCsrfField) + "=" + PercentEncode(b_.csrf_token) +
                      "&name=Kapret&until=2026-12-31&role=admin&email=x%40leverandor-b.no";
      r = router_->Handle(stranger);
      EXPECT_TRUE(r.status == 403 || r.status == 404)
          << route.pattern << " as another organisation: " << r.status << " "
          << Header(r, "Location");
      EXPECT_TRUE(State() == before) << route.pattern << " as another organisation changed it";
    } else {
      skipped.push_back(route.pattern +
                        " (as another organisation): " + kOwnOnly.at(route.pattern));
    }
    tried.insert({route.method, route.pattern});
  }
  std::set<std::pair<std::string, std::string>> table;
  for (const auto& route : web::WorkspaceMutations()) table.insert({route.method, route.pattern});
  EXPECT_EQ(tried, table);
  EXPECT_FALSE(table.empty());
  for (const std::string& s : skipped) std::cout << "skipped " << s << "\n";
}

// Issue 12: a notified body registers with its NANDO number through /registrer, and the
// authority approves it acting as meldt-organ through /admin/organisasjoner.
TEST_P(AuthorizationTest, ANotifiedBodyRegistersWithItsNandoNumberAndIsApprovedActingAsMeldtOrgan) {
  const std::string csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";  // 43 chars
  auto form_post = [&](const std::string& target, const std::string& cookie,
                       const std::string& fields) {
    Request request;
    request.method = "POST";
    request.target = request.path = target;
    request.content_type = "application/x-www-form-urlencoded";
    request.cookie = cookie;
    request.body = fields;
    request.remote_address = "127.0.0.1";
    return router_->Handle(request);
  };
  const std::string anonymous = std::string(web::kCsrfCookie) + "=" + csrf;
  std::string fields = std::string(web::kCsrfField) + "=" + csrf +
                       "&orgnr=&org_name=BSI+Group&kind=approving_body&identifier_kind=nando"
                       "&name=Nora+Notified&email=nora%40bsi.example&password=" +
                       PercentEncode(kPassword);
  // A malformed number names the field and keeps what was typed.
  Response r = form_post("/registrer", anonymous, fields + "&identifier=27");
  EXPECT_EQ(r.status, 422);
  ASSERT_NE(r.body, nullptr);
  EXPECT_NE(r.body->find("NANDO-nummeret"), std::string::npos);
  EXPECT_NE(r.body->find("value=\"27\""), std::string::npos);
  EXPECT_NE(r.body->find("value=\"BSI Group\""), std::string::npos);
  // A supplier must use the organisasjonsnummer.
  r = form_post("/registrer", anonymous,
                std::string(web::kCsrfField) + "=" + csrf +
                    "&orgnr=&org_name=Lev&kind=supplier&identifier_kind=nando&identifier=2797"
                    "&name=Lars&email=lars%40lev.example&password=" +
                    PercentEncode(kPassword));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body->find("Bare godkjenningsorganer"), std::string::npos);

  r = form_post("/registrer", anonymous, fields + "&identifier=2797");
  EXPECT_EQ(r.status, 303) << (r.body ? *r.body : "");
  std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  auto stored = db_->store->FindEntityByUniqueKey("organisation", "nando:2797", now);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  auto body = formats::FromDoc<domain::OrgAccount>((*stored)->doc);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->status, domain::OrgStatus::kPending);

  domain::OrgAccount helsedir_org;
  helsedir_org.kind = domain::OrganisationKind::kAuthority;
  helsedir_org.orgnr = "983544622";
  helsedir_org.name = "Helsedirektoratet";
  Account helsedir = MakeAccount("ola@helsedirektoratet.no", helsedir_org);
  const std::string cookie = std::string(web::kSessionCookie) + "=" + helsedir.session;
  const std::string target = "/admin/organisasjoner/" + body->id;
  Request page;
  page.method = "GET";
  page.target = page.path = target;
  page.cookie = cookie;
  page.remote_address = "127.0.0.1";
  r = router_->Handle(page);
  EXPECT_EQ(r.status, 200);
  ASSERT_NE(r.body, nullptr);
  EXPECT_NE(r.body->find("NANDO 2797"), std::string::npos);
  EXPECT_NE(r.body->find("value=\"meldt-organ\""), std::string::npos);
  const std::string decide =
      std::string(web::kCsrfField) + "=" + PercentEncode(helsedir.csrf_token) + "&decision=approve";
  // A supplier's session may not decide.
  r = form_post(target, std::string(web::kSessionCookie) + "=" + a_.session,
                std::string(web::kCsrfField) + "=" + PercentEncode(a_.csrf_token) +
                    "&decision=approve&acts_as=meldt-organ");
  EXPECT_EQ(r.status, 403);
  r = form_post(target, cookie, decide + "&acts_as=norsk-helsenett");
  EXPECT_EQ(r.status, 422);
  r = form_post(target, cookie, decide + "&acts_as=meldt-organ");
  EXPECT_EQ(r.status, 303) << (r.body ? *r.body : "");
  stored = db_->store->FindEntityByUniqueKey("organisation", "nando:2797", now);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  body = formats::FromDoc<domain::OrgAccount>((*stored)->doc);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->status, domain::OrgStatus::kApproved);
  EXPECT_EQ(body->acts_as, "meldt-organ");
}

TEST_P(AuthorizationTest, APublishedDeclarationIsPublicWithItsCoverageAndADraftIsNot) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());

  Response r = Call("GET", "/api/v1/declarations/" + res.published, "");
  ASSERT_EQ(r.status, 200) << *r.body;
  Json published = BodyJson(r);
  EXPECT_EQ(Str(published, "status"), "published");
  EXPECT_EQ(Str(published, "profile"), profile_);
  EXPECT_EQ(published["coverage"].value("total", -1), profile_items_);
  EXPECT_EQ(published["coverage"].value("answered", -1), profile_items_);
  EXPECT_EQ(published["coverage"].value("mandatory_percent", -1), 100);
  EXPECT_EQ(r.cache_control, "no-cache");
  EXPECT_FALSE(r.etag.empty());

  // The draft is the owner's only.
  EXPECT_EQ(Call("GET", "/api/v1/declarations/" + res.declaration, "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/declarations/" + res.declaration, b_.token).status, 404);
  r = Call("GET", "/api/v1/declarations/" + res.declaration, a_.token);
  EXPECT_EQ(r.status, 200) << *r.body;
  EXPECT_EQ(r.cache_control, "private, no-cache");
  Json list = BodyJson(Call("GET", "/api/v1/declarations?product_version=" + res.version, ""));
  ASSERT_TRUE(list.contains("items"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0].value("id", ""), res.published);
  list = BodyJson(Call("GET", "/api/v1/declarations?product_version=" + res.version, a_.token));
  EXPECT_EQ(list.value("total", 0), 2);

  // The product is public with its supplier and version; the supplier lists it.
  Json product = BodyJson(Call("GET", "/api/v1/products/" + res.product, ""));
  EXPECT_EQ(Str(product, "name"), "Journal A");
  ASSERT_EQ(product["versions"].size(), 1u);
  EXPECT_EQ(product["versions"][0].value("version", ""), "1.0.0");
  Json products = BodyJson(Call("GET", "/api/v1/products?municipality=" + kommune_, ""));
  ASSERT_EQ(products.value("total", 0), 1) << products.dump();
  EXPECT_EQ(products["items"][0].value("id", ""), res.product);
  Json supplier = BodyJson(Call("GET", "/api/v1/suppliers/" + Orgnr("91000000"), ""));
  ASSERT_EQ(supplier["products"].size(), 1u) << supplier.dump();
  EXPECT_EQ(Call("GET", "/api/v1/products?omrade=x", "").status, 400);

  // The file is the owner's until a public declaration cites it.
  EXPECT_EQ(Call("GET", "/api/v1/files/" + res.file, "").status, 404);
  r = Call("GET", "/api/v1/files/" + res.file, a_.token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.body, "Rapport fra inntrengingstest.\n");
}

TEST_P(AuthorizationTest, EventsNeedATokenAndShowOnlyItsOrganisation) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(Call("GET", "/api/v1/events", "").status, 401);
  Response r = Call("GET", "/api/v1/events?limit=100", a_.token);
  ASSERT_EQ(r.status, 200) << *r.body;
  Json events = BodyJson(r);
  ASSERT_TRUE(events.contains("items")) << events.dump();
  EXPECT_FALSE(events["items"].empty());
  bool saw_product = false;
  for (const Json& e : events["items"]) {
    EXPECT_EQ(Str(e, "org_id"), a_.org_id) << e.dump();
    saw_product = saw_product || Str(e, "entity_id") == res.product;
  }
  EXPECT_TRUE(saw_product);
  EXPECT_EQ(r.cache_control, "private, no-cache");
  EXPECT_EQ(Call("GET", "/api/v1/events?before=x", a_.token).status, 400);
}

TEST_P(AuthorizationTest, ADeclarationFileWithErrorsIsRejectedWithItsLine) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  DatabaseState before = State();
  std::string yaml = "format: helsekrav-declaration/1\nproduct_version: " + res.version +
                     "\nprofile: " + profile_ +
                     "\nanswers:\n  - requirement: FINNES-IKKE-99\n    answer: meets\n";
  Response r = Call("POST", "/api/v1/declarations", a_.token, yaml, "application/yaml");
  ASSERT_EQ(r.status, 422) << *r.body;
  Json problem = BodyJson(r);
  ASSERT_TRUE(problem.contains("invalid_params")) << problem.dump();
  ASSERT_FALSE(problem["invalid_params"].empty());
  EXPECT_EQ(problem["invalid_params"][0].value("line", 0), 5) << problem.dump();
  EXPECT_TRUE(State() == before);

  r = Call("POST", "/api/v1/products", a_.token, "[1, 2]");
  EXPECT_EQ(r.status, 422);
  r = Call("POST", "/api/v1/products", a_.token, Json{{"name", "X"}, {"farge", "blå"}}.dump());
  EXPECT_EQ(r.status, 422) << *r.body;
  EXPECT_EQ(BodyJson(r)["invalid_params"][0].value("name", ""), "farge");
  r = Call("POST", "/api/v1/declarations/" + res.published + "/publish", a_.token);
  EXPECT_EQ(r.status, 409) << *r.body;
  EXPECT_TRUE(State() == before);
}

// Regression guard for "the supplier is told": a new version of a requirement a published
// declaration answered flags it «må vurderes på nytt», visibly in the API, and in the
// supplier's Atom feed of review notices.
TEST_P(AuthorizationTest, ANewRequirementVersionFlagsThePublishedDeclarationAndTellsTheSupplier) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  Json declaration = BodyJson(Call("GET", "/api/v1/declarations/" + res.published, ""));
  domain::Catalog changed = testing::DefaultCatalog();
  std::string key;
  for (const auto& answer : declaration["answers"]) {
    for (auto& requirement : changed.requirements) {
      if (requirement.key == answer["requirement"] && requirement.versions.size() == 1 &&
          !requirement.versions[0].valid_to) {
        key = requirement.key;
        domain::RequirementVersion next = requirement.versions[0];
        requirement.versions[0].valid_to = clock_.Today();
        next.version = 2;
        next.valid_from = clock_.Today();
        next.change_note = "Kravet er skjerpet.";
        requirement.versions.push_back(next);
        break;
      }
    }
    if (!key.empty()) break;
  }
  ASSERT_FALSE(key.empty()) << "no answered requirement with a single open version";
  auto imported = catalog_->Import(changed);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();

  auto flagged = registry_->FlagOutdatedDeclarations(*catalog_->snapshot());
  ASSERT_TRUE(flagged.ok()) << flagged.status().ToString();
  EXPECT_EQ(*flagged, 1);
  declaration = BodyJson(Call("GET", "/api/v1/declarations/" + res.published, ""));
  EXPECT_EQ(declaration["needs_review"], Json::array({key}));

  const domain::OrgAccount* supplier = registry_->view()->FindOrg(a_.org_id);
  ASSERT_NE(supplier, nullptr);
  Response feed = Call("GET", "/leverandorer/" + supplier->orgnr + "/varsler.atom", "");
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.content_type.find("application/atom+xml"), std::string::npos);
  EXPECT_NE(feed.body->find("/erklaeringer/" + res.published), std::string::npos) << *feed.body;
  EXPECT_NE(feed.body->find(key), std::string::npos) << *feed.body;
  // Running it again changes nothing (another process may already have done it).
  flagged = registry_->FlagOutdatedDeclarations(*catalog_->snapshot());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::http
