// Who may change what. The matrix test walks Router::mutating_routes(), the table the router gates
// every write with (web forms and JSON API alike), and calls each route as nine callers: anonymous,
// a read-only token, viewer, editor and admin of the owning organisation, another organisation,
// a pending and a rejected organisation, and the authority. kExpectations states the answer for
// each; a refusal must leave the database and the transparency log exactly as before, and a
// route without an expectation fails the test. Also scenarios that should succeed, through the
// real router on both backends.
#include <gtest/gtest.h>

#include <array>
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
#include "domain/approval_rules.h"
#include "domain/catalog_rules.h"
#include "formats/catalog_json.h"
#include "formats/registry_json.h"
#include "http/api/approvals_api.h"
#include "http/api/registry_api.h"
#include "http/api/webhooks_api.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/webhook_sender.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "trust/keys.h"
#include "trust/trust_test_util.h"
#include "web/web.h"
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
  std::int64_t newest_event = 0;  // events are append-only: any append raises it
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
    router_ = std::make_unique<Router>(*services_, metrics_, web::Pages());

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
    query.limit = 1;
    auto events = db_->store->ListEvents(query);
    EXPECT_TRUE(events.ok());
    if (events.ok() && !events->empty()) state.newest_event = events->front().seq;
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

// ---- The authorisation matrix -----------------------------------------------------------------
//
// Every mutating route the router lets through (Router::mutating_routes(), the very table it gates
// with) is called by each of nine callers, and each call must end as kExpectations says. A route
// without an expectation, or an expectation without a route, fails the test.

// The callers, in the order of Expectation::outcomes. "The owner" is the admin of the
// organisation that owns what the route changes (Expectation::owner); viewer and editor are
// members of that same organisation.
enum Caller {
  kAnonymous,
  kReadOnly,  // a read-only API token of the owner (API routes only)
  kViewer,
  kEditor,
  kOwner,
  kOther,      // the admin of another approved organisation of the owner's kind: Leverandør B,
               // a second municipality, KS (an approving body); for the authority's routes B
  kPending,    // the admin of a supplier whose registration is pending
  kRejected,   // the admin of a supplier the authority rejected (its token was made before)
  kAuthority,  // an admin of Helsedirektoratet (OrganisationKind::kAuthority)
  kCallerCount
};
constexpr const char* kCallerNames[kCallerCount] = {"anonymously",
                                                    "with a read-only token",
                                                    "as a viewer of the owner",
                                                    "as an editor of the owner",
                                                    "as the owner (admin)",
                                                    "as another organisation's admin (same kind)",
                                                    "as a pending organisation's admin",
                                                    "as a rejected organisation's admin",
                                                    "as the authority"};

enum class Outcome {
  kSignIn,     // API: 401 with WWW-Authenticate: Bearer; form: 303 to /logg-inn
  kForbidden,  // 403
  kNotFound,   // 404
  kNoToken,    // API: the caller cannot hold a write token (checked when it is made); not called
  kNone,       // a read-only token on a web form: not called
  kInvalid,    // not refused, but the minimal body is invalid: exactly Expectation::invalid
  kAllowed,    // succeeds: exactly Expectation::ok (a 303 never to /logg-inn)
  kOwn,        // succeeds like kAllowed, acting on the caller's own organisation or account;
               // the owner's data is unchanged
};
// Short names for the table.
constexpr Outcome S = Outcome::kSignIn, F = Outcome::kForbidden, N = Outcome::kNotFound,
                  T = Outcome::kNoToken, X = Outcome::kNone, I = Outcome::kInvalid,
                  A = Outcome::kAllowed, W = Outcome::kOwn;

// Whose data the route changes.
enum class Owner { kSupplier, kMunicipality, kApprovingBody, kAuthority };

struct Expectation {
  Owner owner;
  std::array<Outcome, kCallerCount> outcomes;
  int ok;       // the status of an allowed call (kAllowed, kOwn)
  int invalid;  // the status of a kInvalid call
  const char* why;
};

// Refusals are never refused differently for refusals' sake: every refusal also leaves the
// database and the transparency log exactly as they were. The bodies are in MatrixBody().
// Columns: anonymous, read-only token, viewer, editor, owner, other, pending, rejected, authority.
const std::map<std::string, Expectation> kExpectations = {
    // The register API. Tokens act as their organisation's admin; only approved admins make them.
    {"POST /api/v1/products",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 201, 0, "the body names A's org_id"}},
    {"PATCH /api/v1/products/{product}",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/products/{product}/versions",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 201, 0, ""}},
    {"PATCH /api/v1/products/{product}/versions/{version}",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/deployments",
     {Owner::kMunicipality, {S, F, T, T, A, F, T, F, F}, 201, 0, "the body names M's org_id"}},
    {"PATCH /api/v1/deployments/{deployment}",
     {Owner::kMunicipality, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"DELETE /api/v1/deployments/{deployment}",
     {Owner::kMunicipality, {S, F, T, T, A, F, T, F, F}, 204, 0, ""}},
    {"POST /api/v1/declarations",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 201, 0, "for A's version"}},
    {"PUT /api/v1/declarations/{declaration}/answers",
     {Owner::kSupplier, {S, F, T, T, A, N, T, N, N}, 200, 0, "a draft: invisible to others"}},
    {"POST /api/v1/declarations/{declaration}/submit",
     {Owner::kSupplier, {S, F, T, T, A, N, T, N, N}, 200, 0, "a draft"}},
    {"POST /api/v1/declarations/{declaration}/publish",
     {Owner::kSupplier, {S, F, T, T, A, N, T, N, N}, 200, 0, "a draft"}},
    {"POST /api/v1/declarations/{declaration}/withdraw",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 200, 0, "a published declaration"}},
    {"POST /api/v1/declarations/{declaration}/return-to-draft",
     {Owner::kSupplier, {S, F, T, T, A, N, T, N, N}, 200, 0, "a submitted declaration"}},
    {"POST /api/v1/files",
     {Owner::kSupplier,
      {S, F, T, T, A, W, T, F, W},
      201,
      0,
      "a file is always uploaded for the caller's own organisation (suppliers, bodies, "
      "authority)"}},
    {"POST /api/v1/approvals",
     {Owner::kApprovingBody,
      {S, F, T, T, A, F, T, F, F},
      201,
      0,
      "only NHN issues in its scheme kjernejournal-api"}},
    {"POST /api/v1/approvals/{approval}/renew",
     {Owner::kApprovingBody, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/approvals/{approval}/suspend",
     {Owner::kApprovingBody, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/approvals/{approval}/reinstate",
     {Owner::kApprovingBody, {S, F, T, T, A, F, T, F, F}, 200, 0, "a suspended approval"}},
    {"POST /api/v1/approvals/{approval}/revoke",
     {Owner::kApprovingBody, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/certificates",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 201, 0, "the body names A's org_id"}},
    {"POST /api/v1/certificates/{certificate}/confirm",
     {Owner::kAuthority,
      {S, F, T, T, A, F, T, F, A},
      200,
      0,
      "A's ISO/IEC 27001 claim: Helsedirektoratet confirms, A itself may not (read-only token: "
      "A's)"}},
    {"DELETE /api/v1/certificates/{certificate}",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 204, 0, ""}},
    {"POST /api/v1/webhooks",
     {Owner::kSupplier,
      {S, F, T, T, A, W, T, F, W},
      201,
      0,
      "registers a webhook of the caller's own organisation"}},
    {"DELETE /api/v1/webhooks/{webhook}",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 204, 0, ""}},
    {"POST /api/v1/webhooks/{webhook}/rotate-secret",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 200, 0, ""}},
    {"POST /api/v1/webhooks/{webhook}/deliveries/{delivery}/replay",
     {Owner::kSupplier, {S, F, T, T, A, F, T, F, F}, 201, 0, ""}},

    // Forms anyone may post: posted with only the CSRF token, they answer as stated and change
    // nothing.
    {"POST /logg-inn", {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "no e-mail"}},
    {"POST /logg-ut",
     {Owner::kSupplier,
      {A, X, W, W, W, W, W, W, W},
      303,
      0,
      "ends only the caller's own session (anonymously: none)"}},
    {"POST /registrer", {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "empty form"}},
    {"POST /glemt-passord", {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "no e-mail"}},
    {"POST /nytt-passord", {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "no token"}},
    {"POST /logg-inn/kode", {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "no code"}},
    {"POST /verifiser",
     {Owner::kSupplier, {I, X, I, I, I, I, I, I, I}, 0, 422, "no statement; never writes"}},

    // Forms on the signed-in user's own account.
    {"POST /min-side/organisasjon",
     {Owner::kSupplier,
      {S, X, A, A, A, F, F, F, F},
      303,
      0,
      "switches to A (org_id in the body): only A's members may"}},
    {"POST /min-side/passord",
     {Owner::kSupplier,
      {S, X, I, I, I, I, I, I, I},
      0,
      422,
      "the caller's own password; the empty body changes nothing"}},
    {"POST /min-side/totp",
     {Owner::kSupplier,
      {S, X, I, I, I, I, I, I, I},
      0,
      422,
      "the caller's own second factor; no code"}},
    {"POST /min-side/invitasjon",
     {Owner::kSupplier,
      {S, X, N, N, N, N, N, N, N},
      0,
      0,
      "accepts an invitation link; no token in the body"}},
    {"POST /min-side/invitasjoner/{invitation}/godta",
     {Owner::kSupplier,
      {S, X, N, N, N, A, N, N, N},
      303,
      0,
      "A's invitation to B's admin: only B may accept it"}},
    {"POST /min-side/invitasjoner/{invitation}/avsla",
     {Owner::kSupplier,
      {S, X, N, N, N, A, N, N, N},
      303,
      0,
      "A's invitation to B's admin: only B may decline it"}},

    // The organisation's members, keys and webhooks: its admins only.
    {"POST /min-side/medlemmer",
     {Owner::kSupplier,
      {S, X, F, F, A, W, F, F, W},
      303,
      0,
      "invites to the caller's own organisation"}},
    {"POST /min-side/medlemmer/{user}/fjern",
     {Owner::kSupplier, {S, X, F, F, A, N, F, F, N}, 303, 0, "a viewer of A"}},
    {"POST /min-side/medlemmer/invitasjoner/{invitation}/trekk-tilbake",
     {Owner::kSupplier, {S, X, F, F, A, N, F, F, N}, 303, 0, "A's pending invitation"}},
    {"POST /min-side/api-nokler",
     {Owner::kSupplier,
      {S, X, F, F, A, W, F, F, W},
      200,
      0,
      "a token of the caller's own organisation, shown once"}},
    {"POST /min-side/api-nokler/{token}/trekk-tilbake",
     {Owner::kSupplier, {S, X, F, F, A, N, F, F, N}, 303, 0, "A's token"}},
    {"POST /min-side/webhooker",
     {Owner::kSupplier,
      {S, X, F, F, A, W, F, F, W},
      200,
      0,
      "registers a webhook of the caller's own organisation; shows its secret once"}},
    {"POST /min-side/webhooker/{webhook}/slett",
     {Owner::kSupplier, {S, X, F, F, A, F, F, F, F}, 303, 0, ""}},
    {"POST /min-side/webhooker/{webhook}/ny-hemmelighet",
     {Owner::kSupplier, {S, X, F, F, A, F, F, F, F}, 200, 0, "shows the new secret once"}},
    {"POST /min-side/webhooker/{webhook}/leveranser/{delivery}/send-paa-nytt",
     {Owner::kSupplier, {S, X, F, F, A, F, F, F, F}, 303, 0, ""}},

    // The authority decides registrations.
    {"POST /admin/organisasjoner/{organisation}",
     {Owner::kAuthority,
      {S, X, F, F, A, F, F, F, A},
      303,
      0,
      "approves a fresh pending registration"}},

    // The supplier's products and declarations.
    {"POST /min-side/losninger/ny",
     {Owner::kSupplier,
      {S, X, F, A, A, W, F, F, F},
      303,
      0,
      "creates a product of the caller's own organisation (suppliers only)"}},
    {"POST /min-side/losninger/{product}",
     {Owner::kSupplier, {S, X, F, A, A, N, N, N, N}, 303, 0, ""}},
    {"POST /min-side/losninger/{product}/versjoner",
     {Owner::kSupplier, {S, X, F, A, A, N, N, N, N}, 303, 0, ""}},
    {"POST /min-side/losninger/{product}/versjoner/{version}",
     {Owner::kSupplier, {S, X, F, A, A, N, N, N, N}, 303, 0, ""}},
    {"POST /min-side/erklaeringer",
     {Owner::kSupplier, {S, X, F, A, A, F, F, F, F}, 303, 0, "for A's version"}},
    {"POST /min-side/erklaeringer/{declaration}",
     {Owner::kSupplier,
      {S, X, F, A, A, N, N, N, N},
      303,
      0,
      "a complete draft; the body submits it (handling=send-inn)"}},
    {"POST /min-side/erklaeringer/{declaration}/trekk-tilbake",
     {Owner::kSupplier, {S, X, F, A, A, N, N, N, N}, 303, 0, "a published declaration"}},

    // The municipality's deployments.
    {"POST /min-side/i-bruk",
     {Owner::kMunicipality,
      {S, X, F, A, A, W, F, F, F},
      303,
      0,
      "records a deployment of the caller's own organisation (buyers only: another "
      "municipality records its own)"}},
    {"POST /min-side/i-bruk/{deployment}/avslutt",
     {Owner::kMunicipality, {S, X, F, A, A, N, N, N, N}, 303, 0, ""}},

    // The approving body's approvals and the certificates.
    {"POST /min-side/godkjenninger",
     {Owner::kApprovingBody, {S, X, F, A, A, F, F, F, F}, 303, 0, "NHN's scheme"}},
    {"POST /min-side/godkjenninger/{approval}",
     {Owner::kApprovingBody,
      {S, X, F, A, A, N, F, F, N},
      303,
      0,
      "the body suspends it; to another body (KS) and the authority it is not theirs to find"}},
    {"POST /min-side/sertifikater",
     {Owner::kSupplier,
      {S, X, F, A, A, W, F, F, F},
      303,
      0,
      "registers a claim of the caller's own organisation"}},
    {"POST /min-side/sertifikater/{claim}/bekreft",
     {Owner::kAuthority, {S, X, F, A, A, F, F, F, A}, 303, 0, "A's ISO/IEC 27001 claim"}},
    {"POST /min-side/sertifikater/{claim}/trekk-tilbake",
     {Owner::kSupplier, {S, X, F, A, A, F, F, F, F}, 303, 0, ""}},
};

class AuthorizationMatrixTest : public AuthorizationTest {
 protected:
  // One organisation's viewer, editor and admin.
  struct Members {
    Account viewer, editor, admin;
  };

  // A member with `role` of the organisation `admin` belongs to, signed in. Members that are
  // not admins cannot make API tokens, which is checked here (Outcome::kNoToken).
  Account MakeMember(const std::string& email, const Account& admin, domain::Role role) {
    Account account;
    account.email = email;
    const domain::OrgAccount* org = registry_->view()->FindOrg(admin.org_id);
    EXPECT_NE(org, nullptr) << email;
    if (org == nullptr) return account;
    auto user = accounts_->CreateUserDirect(email, "Test Testesen", kPassword, *org, role);
    EXPECT_TRUE(user.ok()) << email << ": " << user.status().ToString();
    if (!user.ok()) return account;
    account.user_id = user->id;
    SignIn(account);
    EXPECT_EQ(account.org_id, admin.org_id) << email;
    ExpectNoToken(account);
    return account;
  }

  // Signs in again, and updates every copy of the account.
  void SignIn(Account& account) {
    auto session = accounts_->Login(account.email, kPassword, "127.0.0.1");
    EXPECT_TRUE(session.ok()) << account.email << ": " << session.status().ToString();
    if (!session.ok()) return;
    account.session = session->token;
    auto principal = accounts_->Authenticate(account.session);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    if (!principal.ok() || !principal->has_value()) return;
    account.org_id = (*principal)->org.id;
    account.csrf_token = (*principal)->csrf_token;
    for (Account* copy :
         {&a_, &b_, &m_, &supplier_.admin, &municipality_.admin, &nhn_.admin, &helsedir_.admin}) {
      if (copy != &account && copy->email == account.email) *copy = account;
    }
  }

  void ExpectNoToken(const Account& account) {
    auto principal = accounts_->Authenticate(account.session);
    ASSERT_TRUE(principal.ok() && principal->has_value());
    auto token = accounts_->CreateApiToken(**principal, "test", {"read", "write"});
    EXPECT_EQ(token.status().code(), StatusCode::kForbidden) << account.email;
  }

  app::Principal PrincipalOf(const Account& account) {
    auto principal = accounts_->Authenticate(account.session);
    EXPECT_TRUE(principal.ok() && principal->has_value()) << account.email;
    return principal.ok() && principal->has_value() ? **principal : app::Principal{};
  }

  // Everybody: A, M, NHN and Helsedirektoratet with viewer, editor and admin; B; a pending and
  // a rejected supplier. Password hashing dominates the test's set-up time.
  void MakeCallers() {
    nhn_.admin = StartApprovals();
    domain::OrgAccount authority;
    authority.kind = domain::OrganisationKind::kAuthority;
    authority.orgnr = "983544622";  // helsedirektoratet
    authority.name = "Helsedirektoratet";
    helsedir_.admin = MakeAccount("ola@helsedirektoratet.no", authority);
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(registry_->Load().ok());
    supplier_.admin = a_;
    municipality_.admin = m_;
    for (auto [members, name] : {std::pair{&supplier_, "a"}, std::pair{&municipality_, "m"},
                                 std::pair{&nhn_, "nhn"}, std::pair{&helsedir_, "h"}}) {
      members->viewer = MakeMember(std::string("viewer-") + name + "@example.no", members->admin,
                                   domain::Role::kViewer);
      members->editor = MakeMember(std::string("editor-") + name + "@example.no", members->admin,
                                   domain::Role::kEditor);
    }
    app::Registration registration;
    registration.email = "petra@venter.no";
    registration.name = "Petra Venter";
    registration.password = kPassword;
    registration.org.kind = domain::OrganisationKind::kSupplier;
    registration.org.orgnr = Orgnr("93000000");
    registration.org.name = "Venter AS";
    auto registered = accounts_->Register(registration, "127.0.0.2");
    ASSERT_TRUE(registered.ok()) << registered.status().ToString();
    pending_.email = registration.email;
    pending_.session = registered->token;
    pending_.csrf_token = PrincipalOf(pending_).csrf_token;
    pending_.org_id = PrincipalOf(pending_).org.id;
    EXPECT_EQ(PrincipalOf(pending_).org.status, domain::OrgStatus::kPending);
    ExpectNoToken(pending_);

    domain::OrgAccount rejected;
    rejected.kind = domain::OrganisationKind::kSupplier;
    rejected.orgnr = Orgnr("94000000");
    rejected.name = "Avvist AS";
    // Another organisation of each owner's kind, so that "another organisation" is refused
    // for not owning the data, not merely for being a supplier.
    domain::OrgAccount ks;
    ks.kind = domain::OrganisationKind::kApprovingBody;
    ks.orgnr = "971032146";  // ks: an approving body that owns no scheme NHN owns
    ks.name = "KS";
    other_body_ = MakeAccount("kari@ks.no", ks);
    const domain::Organisation* second = nullptr;
    for (const auto& org : testing::DefaultCatalog().organisations) {
      if (org.kind == domain::OrganisationKind::kMunicipality && !org.orgnr.empty() &&
          !org.municipality_number.empty() && org.municipality_number != kommune_) {
        second = &org;
        break;
      }
    }
    ASSERT_NE(second, nullptr) << "the default catalog has only one municipality with orgnr";
    domain::OrgAccount municipality;
    municipality.kind = second->kind;
    municipality.orgnr = second->orgnr;
    municipality.name = second->name;
    municipality.municipality_number = second->municipality_number;
    other_municipality_ = MakeAccount("mons@kommune2.no", municipality);

    rejected_ = MakeAccount("rune@avvist.no", rejected);  // approved, with a token …
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(accounts_
                    ->DecideOrganisation(PrincipalOf(helsedir_.admin), rejected_.org_id, false,
                                         "Ikke en leverandør.", "")
                    .ok());  // … then rejected
    EXPECT_EQ(PrincipalOf(rejected_).org.status, domain::OrgStatus::kRejected);
    ASSERT_TRUE(registry_->Load().ok());
  }

  Members& MembersOf(Owner owner) {
    switch (owner) {
      case Owner::kSupplier:
        return supplier_;
      case Owner::kMunicipality:
        return municipality_;
      case Owner::kApprovingBody:
        return nhn_;
      case Owner::kAuthority:
        break;
    }
    return helsedir_;
  }

  // The account that calls as `caller` on a route owned by `owner`; the read-only token is A's.
  Account& CallerAccount(Caller caller, Owner owner) {
    Members& members = MembersOf(owner);
    switch (caller) {
      case kViewer:
        return members.viewer;
      case kEditor:
        return members.editor;
      case kOwner:
        return members.admin;
      case kOther:
        return owner == Owner::kApprovingBody  ? other_body_
               : owner == Owner::kMunicipality ? other_municipality_
                                               : b_;
      case kPending:
        return pending_;
      case kRejected:
        return rejected_;
      case kAuthority:
        return helsedir_.admin;
      default:
        return nobody_;
    }
  }

  std::string Unique() { return std::to_string(++counter_); }

  // Fresh resources for the placeholders of `pattern` (a product and version always): created
  // by their owners through the API and the services, so that an allowed call never meets what
  // an earlier call changed.
  std::map<std::string, std::string> Fresh(const std::string& pattern) {
    std::map<std::string, std::string> v;
    auto has = [&](const char* placeholder) {
      return pattern.find(placeholder) != std::string::npos;
    };
    // Only what the route's placeholders or body need: creating is the slow part of the test.
    bool needs_version = false;
    for (const char* placeholder :
         {"{product}", "{version}", "{declaration}", "{deployment}", "{approval}", "{delivery}"}) {
      needs_version = needs_version || has(placeholder);
    }
    for (const char* path :
         {"/api/v1/deployments", "/api/v1/declarations", "/api/v1/approvals",
          "/min-side/erklaeringer", "/min-side/i-bruk", "/min-side/godkjenninger"}) {
      needs_version = needs_version || pattern == path;
    }
    Response r;
    if (needs_version) {
      std::string category = catalog_->snapshot()->catalog().categories.at(0).key;
      r = Call("POST", "/api/v1/products", a_.token,
               Json{{"name", "Journal " + Unique()},
                    {"description", "Et journalsystem."},
                    {"categories", {category}}}
                   .dump());
      EXPECT_EQ(r.status, 201) << *r.body;
      v["product"] = Str(BodyJson(r), "id");
      r = Call("POST", "/api/v1/products/" + v["product"] + "/versions", a_.token,
               Json{{"version", "1.0.0"}, {"release_date", "2026-01-15"}}.dump());
      EXPECT_EQ(r.status, 201) << *r.body;
      v["version"] = Str(BodyJson(r), "id");
    }
    if (has("{declaration}")) {
      bool published = pattern.ends_with("/withdraw") || pattern.ends_with("/trekk-tilbake");
      bool submitted = pattern.ends_with("/return-to-draft");
      // Every answer given, so that it may be submitted or published.
      r = Call("POST", "/api/v1/declarations", a_.token,
               DeclarationYaml(v["version"], true, published), "application/yaml");
      EXPECT_EQ(r.status, 201) << *r.body;
      v["declaration"] = Str(BodyJson(r), "id");
      if (submitted) {
        r = Call("POST", "/api/v1/declarations/" + v["declaration"] + "/submit", a_.token);
        EXPECT_EQ(r.status, 200) << *r.body;
      }
    }
    if (has("{deployment}")) {
      r = Call("POST", "/api/v1/deployments", m_.token,
               Json{{"product_version_id", v["version"]},
                    {"municipalities", {kommune_}},
                    {"since", "2026-02-01"}}
                   .dump());
      EXPECT_EQ(r.status, 201) << *r.body;
      v["deployment"] = Str(BodyJson(r), "id");
    }
    if (has("{approval}")) {
      r = Call("POST", "/api/v1/approvals", nhn_.admin.token, IssueJson(v["version"]).dump());
      EXPECT_EQ(r.status, 201) << *r.body;
      v["approval"] = Str(BodyJson(r), "id");
      if (pattern.ends_with("/reinstate")) {
        r = Call("POST", "/api/v1/approvals/" + v["approval"] + "/suspend", nhn_.admin.token,
                 Json{{"reason", "Avvik funnet"}}.dump());
        EXPECT_EQ(r.status, 200) << *r.body;
      }
    }
    if (has("{certificate}") || has("{claim}")) {
      r = Call("POST", "/api/v1/certificates", a_.token, ClaimJson().dump());
      EXPECT_EQ(r.status, 201) << *r.body;
      v["certificate"] = v["claim"] = Str(BodyJson(r), "id");
    }
    if (has("{webhook}")) {
      auto existing = webhooks_->List(a_actor());  // at most domain::kMaxWebhooksPerOrg
      EXPECT_TRUE(existing.ok());
      for (const auto& hook : existing.ok() ? *existing : std::vector<app::Webhook>()) {
        EXPECT_TRUE(webhooks_->Delete(a_actor(), hook.id).ok());
      }
      auto created = webhooks_->Create(
          a_actor(), {"http://127.0.0.1:9/varsler", "A sitt system", {"declaration.published"}});
      EXPECT_TRUE(created.ok()) << created.status().ToString();
      if (created.ok()) v["webhook"] = created->first.id;
    }
    if (has("{delivery}")) {
      r = Call("POST", "/api/v1/declarations", a_.token, DeclarationYaml(v["version"], true, true),
               "application/yaml");
      EXPECT_EQ(r.status, 201) << *r.body;
      EXPECT_TRUE(webhooks_->Dispatch().ok());
      auto deliveries = webhooks_->Deliveries(a_actor(), v["webhook"]);
      EXPECT_TRUE(deliveries.ok() && deliveries->size() == 1u);
      if (deliveries.ok() && !deliveries->empty()) v["delivery"] = deliveries->front().id;
    }
    if (has("{invitation}")) {
      // To B's admin for B to answer; else to a new address, for A to withdraw.
      bool to_b = has("/min-side/invitasjoner/");
      std::string email = to_b ? b_.email : "invitert-" + Unique() + "@example.no";
      app::Principal owner = PrincipalOf(a_);
      auto invitations = accounts_->ListInvitations(owner);
      EXPECT_TRUE(invitations.ok());
      if (invitations.ok()) {
        for (const auto& invitation : *invitations) {
          if (invitation.email == email) {  // one open invitation per address
            EXPECT_TRUE(accounts_->WithdrawInvitation(owner, invitation.id).ok());
          }
        }
      }
      Status invited = accounts_->InviteMember(owner, email, domain::Role::kViewer);
      EXPECT_TRUE(invited.ok()) << invited.ToString();
      invitations = accounts_->ListInvitations(owner);
      EXPECT_TRUE(invitations.ok());
      if (invitations.ok()) {
        for (const auto& invitation : *invitations) {
          if (invitation.email == email) v["invitation"] = invitation.id;
        }
      }
    }
    if (has("{token}")) {
      auto token = accounts_->CreateApiToken(PrincipalOf(a_), "Ny " + Unique(), {"read"});
      EXPECT_TRUE(token.ok());
      if (token.ok()) v["token"] = token->first.id;
    }
    if (has("{user}")) {  // a viewer of A to remove (one more password hash)
      const domain::OrgAccount* org = registry_->view()->FindOrg(a_.org_id);
      auto user = accounts_->CreateUserDirect("fjernes-" + Unique() + "@example.no", "Fjernes",
                                              kPassword, *org, domain::Role::kViewer);
      EXPECT_TRUE(user.ok()) << user.status().ToString();
      if (user.ok()) v["user"] = user->id;
    }
    if (has("{organisation}")) {  // a fresh pending registration (one more password hash)
      app::Registration registration;
      registration.email = "ny-" + Unique() + "@registrert.no";
      registration.name = "Nina Ny";
      registration.password = kPassword;
      registration.org.kind = domain::OrganisationKind::kSupplier;
      registration.org.orgnr = Orgnr(std::to_string(95000000 + 100 * counter_));
      registration.org.name = "Ny " + Unique() + " AS";
      EXPECT_TRUE(accounts_->SubmitRegistration(registration, "127.0.0." + Unique()).ok());
      std::int64_t now =
          std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
      auto stored = db_->store->FindEntityByUniqueKey("organisation",
                                                      domain::OrgUniqueKey(registration.org), now);
      EXPECT_TRUE(stored.ok() && stored->has_value());
      if (stored.ok() && stored->has_value()) v["organisation"] = (*stored)->id;
    }
    return v;
  }

  Json IssueJson(const std::string& version) {
    return Json{{"scheme", "kjernejournal-api"},
                {"subject_id", version},
                {"valid_from", "2026-12-08"},
                {"valid_to", "2027-11-23"}};
  }
  Json ClaimJson() {
    return Json{{"org_id", a_.org_id},
                {"kind", "iso27001"},
                {"reference", "ISO/IEC 27001:2022 nr. " + Unique()},
                {"issuer_name", "Sertifiseringsorganet AS"},
                {"evidence", {{{"kind", "reference"}, {"reference", "Sertifikat 123"}}}}};
  }

  // The body (and its type) for `key`: what the owner needs to succeed, so that only the
  // caller's identity decides the outcome. Form bodies are without the CSRF field.
  std::pair<std::string, std::string> MatrixBody(const std::string& key,
                                                 const std::map<std::string, std::string>& v) {
    const std::string json = "application/json";
    auto at = [&](const char* name) { return v.count(name) ? v.at(name) : std::string(); };
    if (key == "POST /api/v1/products") {
      return {Json{{"name", "Produkt " + Unique()}, {"org_id", a_.org_id}}.dump(), json};
    }
    if (key == "PATCH /api/v1/products/{product}") return {Json{{"name", "Endret"}}.dump(), json};
    if (key == "POST /api/v1/products/{product}/versions") {
      return {Json{{"version", "9.9"}}.dump(), json};
    }
    if (key == "PATCH /api/v1/products/{product}/versions/{version}") {
      return {Json{{"notes", "Endret"}}.dump(), json};
    }
    if (key == "POST /api/v1/deployments") {
      return {Json{{"product_version_id", at("version")},
                   {"municipalities", {kommune_}},
                   {"since", "2026-03-01"},
                   {"org_id", m_.org_id}}
                  .dump(),
              json};
    }
    if (key == "PATCH /api/v1/deployments/{deployment}") {
      return {Json{{"until", "2026-12-31"}}.dump(), json};
    }
    if (key == "POST /api/v1/declarations") {
      return {DeclarationYaml(at("version"), false, false), "application/yaml"};
    }
    if (key == "PUT /api/v1/declarations/{declaration}/answers") {
      return {Json{{"answers", Json::array()}}.dump(), json};
    }
    if (key == "POST /api/v1/files") return {"Et bevis.\n", "text/plain"};
    if (key == "POST /api/v1/approvals") return {IssueJson(at("version")).dump(), json};
    if (key.ends_with("/renew")) return {Json{{"valid_to", "2028-06-01"}}.dump(), json};
    if (key.ends_with("/suspend") || key.ends_with("/revoke")) {
      return {Json{{"reason", "Avvik funnet"}}.dump(), json};
    }
    if (key == "POST /api/v1/certificates") return {ClaimJson().dump(), json};
    if (key == "POST /api/v1/webhooks") {
      return {
          Json{{"url", "http://127.0.0.1:9/ny"}, {"event_types", {"declaration.published"}}}.dump(),
          json};
    }
    if (key.find(" /api/") != std::string::npos) return {"", ""};
    // Forms.
    std::string form;
    if (key == "POST /min-side/organisasjon") form = "org_id=" + a_.org_id;
    if (key == "POST /min-side/medlemmer") {
      form = "email=medlem-" + Unique() + "%40example.no&role=viewer";
    }
    if (key == "POST /min-side/api-nokler") form = "name=Ny+" + Unique() + "&scopes=read&dager=30";
    if (key == "POST /min-side/webhooker") {
      form = "url=http%3A%2F%2F127.0.0.1%3A9%2Fny&description=Ny&event_types=declaration.published";
    }
    if (key == "POST /admin/organisasjoner/{organisation}") form = "decision=approve";
    if (key == "POST /min-side/losninger/ny" || key == "POST /min-side/losninger/{product}") {
      form = "navn=L%C3%B8sning+" + Unique() + "&beskrivelse=Et+system.";
    }
    if (key == "POST /min-side/losninger/{product}/versjoner" ||
        key == "POST /min-side/losninger/{product}/versjoner/{version}") {
      form = "versjon=2." + Unique() + "&status=available";
    }
    if (key == "POST /min-side/erklaeringer") {
      form = "versjon=" + at("version") + "&profil=" + profile_;
    }
    if (key == "POST /min-side/i-bruk") {
      form = "versjon=" + at("version") + "&fra=2026-03-01";
    }
    if (key == "POST /min-side/i-bruk/{deployment}/avslutt") form = "til=2026-12-31";
    if (key == "POST /min-side/erklaeringer/{declaration}") form = "handling=send-inn";
    if (key == "POST /min-side/godkjenninger") {
      form = "ordning=kjernejournal-api&versjon=" + at("version") +
             "&gyldig_fra=2026-12-08&gyldig_til=2027-11-23&krav-kjernejournal-api=" +
             domain::SchemeRequirements(catalog_->snapshot()->catalog(), "kjernejournal-api").at(0);
    }
    if (key == "POST /min-side/godkjenninger/{approval}") {
      form = "handling=suspend&begrunnelse-suspend=Avvik+funnet";
    }
    if (key == "POST /min-side/sertifikater") {
      form = "type=iso27001&referanse=ISO+" + Unique() +
             "&utsteder=Sertifiseringsorganet+AS&dokumentreferanse=Sertifikat+123";
    }
    return {form, "application/x-www-form-urlencoded"};
  }

  Response Post(const std::string& method, const std::string& target, const Account* account,
                const std::string& fields) {
    static const std::string kAnonymousCsrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query)) << target;
    request.content_type = "application/x-www-form-urlencoded";
    std::string csrf = account ? account->csrf_token : kAnonymousCsrf;
    request.cookie = account ? std::string(http::kSessionCookie) + "=" + account->session
                             : std::string(http::kCsrfCookie) + "=" + kAnonymousCsrf;
    request.body = std::string(http::kCsrfField) + "=" + PercentEncode(csrf);
    if (!fields.empty()) request.body += "&" + fields;
    request.remote_address = "127.0.0.1";
    return router_->Handle(request);
  }

  std::uint64_t LogSize() {
    auto head = log_->TreeHead();
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->tree_size : 0;
  }

  // The entities that `org_id` owns, and the events about it.
  std::map<std::string, std::vector<store::Entity>> OwnedBy(const std::string& org_id) {
    std::map<std::string, std::vector<store::Entity>> owned;
    for (auto& [kind, entities] : State().entities) {
      for (store::Entity& e : entities) {
        if (e.owner_org == org_id) owned[kind].push_back(std::move(e));
      }
    }
    return owned;
  }

  Members supplier_, municipality_, nhn_, helsedir_;
  Account pending_, rejected_, nobody_, other_body_, other_municipality_;
  int counter_ = 0;
};

TEST_P(AuthorizationMatrixTest, EveryMutatingRouteAnswersEachCallerAsExpected) {
  MakeCallers();
  ASSERT_FALSE(HasFailure());
  std::set<std::string> listed;
  for (const MutatingRoute& route : router_->mutating_routes()) {
    const std::string key = route.method + " " + route.pattern;
    listed.insert(key);
    auto found = kExpectations.find(key);
    if (found == kExpectations.end()) {
      ADD_FAILURE() << "no authorisation expectation for " << key << ": add one to kExpectations";
      continue;
    }
    const Expectation& expect = found->second;
    const bool api = route.pattern.rfind("/api/", 0) == 0;
    auto target_of = [&](const std::map<std::string, std::string>& values) {
      std::string target = Fill(route.pattern, values);
      if (route.pattern == "/api/v1/files") target += "?name=bevis.txt";
      EXPECT_EQ(target.find('{'), std::string::npos) << "unknown placeholder in " << key;
      return target;
    };
    auto call = [&](Caller caller, const std::map<std::string, std::string>& values) {
      auto [body, type] = MatrixBody(key, values);
      std::string target = target_of(values);
      if (api) {
        std::string token = caller == kAnonymous  ? ""
                            : caller == kReadOnly ? a_read_only_
                                                  : CallerAccount(caller, expect.owner).token;
        return Call(route.method, target, token, body, type);
      }
      const Account* account =
          caller == kAnonymous ? nullptr : &CallerAccount(caller, expect.owner);
      return Post(route.method, target, account, body);
    };

    // Refusals (and invalid bodies) first, on one set of resources: none may change anything.
    std::map<std::string, std::string> values = Fresh(route.pattern);
    DatabaseState before = State();
    std::uint64_t log_before = LogSize();
    std::string refused;
    for (int c = 0; c < kCallerCount; ++c) {
      Caller caller = static_cast<Caller>(c);
      Outcome outcome = expect.outcomes[c];
      std::string label = key + " " + kCallerNames[c];
      if (outcome == Outcome::kNone) {
        EXPECT_FALSE(api) << label << ": API routes take a read-only token";
        continue;
      }
      if (outcome == Outcome::kNoToken) {
        EXPECT_TRUE(api) << label << ": forms need no token";
        EXPECT_TRUE(caller == kViewer || caller == kEditor || caller == kPending) << label;
        continue;
      }
      if (outcome == Outcome::kAllowed || outcome == Outcome::kOwn) continue;
      Response r = call(caller, values);
      std::string got = std::to_string(r.status) + " " + Header(r, "Location");
      switch (outcome) {
        case Outcome::kSignIn:
          if (api) {
            EXPECT_EQ(r.status, 401) << label << ": " << got;
            EXPECT_NE(Header(r, "WWW-Authenticate").find("Bearer"), std::string::npos) << label;
          } else {
            EXPECT_EQ(r.status, 303) << label << ": " << got;
            EXPECT_EQ(Header(r, "Location").rfind("/logg-inn", 0), 0u) << label << ": " << got;
          }
          break;
        case Outcome::kForbidden:
          EXPECT_EQ(r.status, 403) << label << ": " << got;
          break;
        case Outcome::kNotFound:
          EXPECT_EQ(r.status, 404) << label << ": " << got;
          break;
        case Outcome::kInvalid:
          EXPECT_EQ(r.status, expect.invalid) << label << ": " << got;
          break;
        default:
          break;
      }
      if (api && r.status >= 400) {
        EXPECT_EQ(r.content_type, "application/problem+json") << label;
      }
      EXPECT_EQ(LogSize(), log_before) << label << " appended to the transparency log";
      refused += std::string(refused.empty() ? "" : ", ") + kCallerNames[c];
    }
    // One comparison for all of them (the full diff is the slow part of this test).
    EXPECT_TRUE(State() == before) << key << " changed the database when called " << refused;

    // Allowed calls, each on fresh resources.
    for (int c = 0; c < kCallerCount; ++c) {
      Caller caller = static_cast<Caller>(c);
      Outcome outcome = expect.outcomes[c];
      if (outcome != Outcome::kAllowed && outcome != Outcome::kOwn) continue;
      std::string label = key + " " + kCallerNames[c];
      std::map<std::string, std::string> fresh = Fresh(route.pattern);
      const std::string& owner_org = MembersOf(expect.owner).admin.org_id;
      auto owned_before = OwnedBy(owner_org);
      Response r = call(caller, fresh);
      std::string location = Header(r, "Location");
      EXPECT_EQ(r.status, expect.ok) << label << ": " << r.status << " " << location << " "
                                     << (r.body && r.status >= 400 ? *r.body : "");
      EXPECT_NE(location.rfind("/logg-inn", 0), 0u) << label << ": " << location;
      if (outcome == Outcome::kOwn && caller != kOwner) {
        auto owned_after = OwnedBy(owner_org);
        EXPECT_TRUE(owned_after == owned_before) << label << " changed the owner's data";
      }
      // Signing out ended the caller's session; B answered A's invitation.
      if (!api && caller != kAnonymous) {
        Account& account = CallerAccount(caller, expect.owner);
        auto still = accounts_->Authenticate(account.session);
        if (!still.ok() || !still->has_value()) SignIn(account);
      }
      if (key == "POST /min-side/invitasjoner/{invitation}/godta") {
        EXPECT_TRUE(accounts_->RemoveMember(PrincipalOf(a_), b_.user_id).ok());
      }
    }
  }
  for (const auto& [key, expectation] : kExpectations) {
    EXPECT_EQ(listed.count(key), 1u)
        << "an authorisation expectation for " << key << ", which the route table does not list";
  }
}

// A write that the route table does not list never reaches a handler: the API answers 405 with
// the listed methods or 404, the pages their 404 page, and nothing changes.
TEST_P(AuthorizationMatrixTest, AWriteTheRouteTableDoesNotListIsRefusedBeforeAnyHandler) {
  Resources res = CreateResources();
  ASSERT_FALSE(HasFailure());
  DatabaseState before = State();
  Response r =
      Call("PUT", "/api/v1/products/" + res.product, a_.token, Json{{"name", "Endret"}}.dump());
  EXPECT_EQ(r.status, 405) << *r.body;
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD, PATCH");
  EXPECT_EQ(r.content_type, "application/problem+json");
  r = Call("DELETE", "/api/v1/products/" + res.product, a_.token);
  EXPECT_EQ(r.status, 405);
  r = Call("POST", "/api/v1/events", a_.token, "{}");
  EXPECT_EQ(r.status, 404) << *r.body;
  EXPECT_EQ(r.content_type, "application/problem+json");
  r = Call("POST", "/api/v1/products/" + res.product + "/", a_.token, "{}");
  EXPECT_EQ(r.status, 404) << *r.body;
  r = Call("POST", "/api/v1/files/" + res.file, a_.token, "x", "text/plain");
  EXPECT_EQ(r.status, 404) << *r.body;
  // A form post to a page that takes none, with a valid session and CSRF token.
  r = Post("POST", "/min-side/losninger", &a_, "navn=X");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.content_type.find("text/html"), std::string::npos);
  r = Post("POST", "/min-side/losninger/" + res.product + "/slett", &a_, "");
  EXPECT_EQ(r.status, 404);
  r = Post("DELETE", "/min-side/losninger/" + res.product, &a_, "");
  EXPECT_EQ(r.status, 404);
  // Read-only resources keep their 405.
  r = Call("POST", "/api/v1/requirements", "", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD");
  EXPECT_TRUE(State() == before);
  // A placeholder is one non-empty segment.
  EXPECT_TRUE(MatchesPattern("/a/{x}/b", "/a/1/b"));
  EXPECT_FALSE(MatchesPattern("/a/{x}/b", "/a//b"));
  EXPECT_FALSE(MatchesPattern("/a/{x}/b", "/a/1/2/b"));
  EXPECT_FALSE(MatchesPattern("/a/{x}", "/a/1/"));
  EXPECT_FALSE(MatchesPattern("/a/{x}", "/a"));
  EXPECT_FALSE(MatchesPattern("/a", "/b"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrixTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

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
  const std::string anonymous = std::string(http::kCsrfCookie) + "=" + csrf;
  std::string fields = std::string(http::kCsrfField) + "=" + csrf +
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
                std::string(http::kCsrfField) + "=" + csrf +
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
  const std::string cookie = std::string(http::kSessionCookie) + "=" + helsedir.session;
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
  const std::string decide = std::string(http::kCsrfField) + "=" +
                             PercentEncode(helsedir.csrf_token) + "&decision=approve";
  // A supplier's session may not decide.
  r = form_post(target, std::string(http::kSessionCookie) + "=" + a_.session,
                std::string(http::kCsrfField) + "=" + PercentEncode(a_.csrf_token) +
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
