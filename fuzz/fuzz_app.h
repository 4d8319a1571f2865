// The whole application for the router fuzz targets (request_target_fuzz.cc, api_body_fuzz.cc):
// every service over a temporary SQLite store with the default catalog (tests/support
// StartServices), three approved organisations signed in, and one of each register resource, so
// that fuzzed requests reach the handlers, app/ validation and the store, not only the
// authentication checks. Header-only: included by one target each. HK_FUZZ_TRACE=1 prints each
// request's status and the start of its body (to see what a seed reaches).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/router.h"
#include "support/default_catalog.h"
#include "support/test_services.h"
#include "web/workspace.h"

namespace helsekrav::fuzz {

// Who sends a fuzzed request.
enum class Caller {
  kAnonymous,
  kSupplierToken,   // API token with read and write of the supplier that owns the resources
  kReadOnlyToken,   // the same supplier, "read" only
  kMunicipality,    // API token of a municipality (records deployments)
  kApprovingBody,   // API token of Norsk helsenett (approvals, certificates)
  kSupplierCookie,  // the supplier's signed-in session (pages, forms with {csrf})
  kUnknownToken,    // a well-formed token nobody issued
  kCount,
};

class FuzzApp {
 public:
  FuzzApp() : t_(testing::StartServices(testing::Backend::kSqlite)) {
    domain::OrgAccount supplier;
    supplier.kind = domain::OrganisationKind::kSupplier;
    supplier.orgnr = "910000004";  // valid modulus 11 check digit
    supplier.name = "Leverandør A AS";
    SignIn("anne@leverandor-a.no", supplier, Caller::kSupplierToken, {"read", "write"});
    tokens_[Caller::kReadOnlyToken] = NewToken(supplier_principal_, {"read"});
    for (const auto& org : testing::DefaultCatalog().organisations) {
      if (org.kind == domain::OrganisationKind::kMunicipality && !org.orgnr.empty() &&
          !org.municipality_number.empty()) {
        domain::OrgAccount municipality;
        municipality.kind = org.kind;
        municipality.orgnr = org.orgnr;
        municipality.name = org.name;
        municipality.municipality_number = org.municipality_number;
        ids_["municipality"] = org.municipality_number;
        SignIn("mari@kommune.no", municipality, Caller::kMunicipality, {"read", "write"});
        break;
      }
    }
    domain::OrgAccount nhn;
    nhn.kind = domain::OrganisationKind::kApprovingBody;
    nhn.orgnr = "994598759";
    nhn.name = "Norsk helsenett SF";
    SignIn("nina@nhn.no", nhn, Caller::kApprovingBody, {"read", "write"});
    tokens_[Caller::kUnknownToken] = "hk_" + std::string(43, 'A');
    CreateResources();
  }

  // Fills {product}, {version}, {declaration}, {deployment}, {webhook}, {municipality},
  // {category}, {profile}, {profile_version} and {csrf} with what was made at start.
  std::string Fill(std::string text) const {
    for (const auto& [name, value] : ids_) {
      const std::string placeholder = "{" + name + "}";
      for (std::size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos;) {
        text.replace(at, placeholder.size(), value);
        at += value.size();
      }
    }
    return text;
  }

  // Sends a request through the router as `caller`. Invalid targets are refused as the session
  // does (kBadTarget). Traps when the response breaks what every response must hold.
  http::Response Send(Caller caller, const std::string& method, const std::string& target,
                      const std::string& body, const std::string& content_type) {
    http::Request request;
    request.method = method;
    request.target = target;
    if (!http::ParseTarget(request.target, request.path, request.query)) {
      request.error = http::RequestError::kBadTarget;
    }
    request.body = body;
    request.content_type = body.empty() ? "" : content_type;
    request.host = "helsekrav.test";
    request.client_address = "192.0.2.1";
    request.remote_address = "192.0.2.1";
    if (caller == Caller::kSupplierCookie) {
      request.cookie = std::string(http::kSessionCookie) + "=" + session_;
    } else if (auto it = tokens_.find(caller); it != tokens_.end()) {
      request.authorization = "Bearer " + it->second;
    }
    http::Response response = t_->router->Handle(request);
    static const bool trace = std::getenv("HK_FUZZ_TRACE") != nullptr;  // seeing what a seed does
    if (trace) {
      std::fprintf(stderr, "%s %s -> %d %s\n", method.c_str(), target.c_str(), response.status,
                   response.body ? response.body->substr(0, 160).c_str() : "");
    }
    // No input may produce an internal error or a status outside HTTP's range.
    if (response.status < 200 || response.status > 599 || response.status == 500) {
      __builtin_trap();
    }
    return response;
  }

 private:
  void SignIn(const std::string& email, const domain::OrgAccount& org, Caller caller,
              const std::vector<std::string>& scopes) {
    auto user = t_->accounts->CreateUserDirect(email, org.name, testing::kTestPassword, org,
                                               domain::Role::kAdmin);
    if (!user.ok()) Fail("create " + email + ": " + user.status().ToString());
    auto session = t_->accounts->Login(email, testing::kTestPassword, "192.0.2.1");
    if (!session.ok()) Fail("login " + email + ": " + session.status().ToString());
    auto principal = t_->accounts->Authenticate(session->token);
    if (!principal.ok() || !principal->has_value()) Fail("authenticate " + email);
    tokens_[caller] = NewToken(**principal, scopes);
    if (caller == Caller::kSupplierToken) {
      supplier_principal_ = **principal;
      session_ = session->token;
      ids_["csrf"] = (*principal)->csrf_token;
    }
    if (!t_->registry->Load().ok()) Fail("reload the register");
  }

  std::string NewToken(const app::Principal& principal, const std::vector<std::string>& scopes) {
    auto token = t_->accounts->CreateApiToken(principal, "fuzz", scopes);
    if (!token.ok()) Fail("token: " + token.status().ToString());
    return token->second;
  }

  // Creates through the API, checking each answer, so a broken set-up cannot go unnoticed.
  std::string Create(Caller caller, const std::string& target, const nlohmann::json& body) {
    http::Response r = Send(caller, "POST", target, body.dump(), "application/json");
    auto doc = nlohmann::json::parse(r.body ? *r.body : "", nullptr, false);
    if (r.status != 201 || !doc.is_object() || !doc.contains("id")) {
      Fail("POST " + target + " answered " + std::to_string(r.status) + ": " +
           (r.body ? *r.body : ""));
    }
    return doc["id"].get<std::string>();
  }

  void CreateResources() {
    ids_["category"] = t_->catalog->snapshot()->catalog().categories.at(0).key;
    ids_["product"] = Create(Caller::kSupplierToken, "/api/v1/products",
                             {{"name", "Journal A"},
                              {"description", "Et journalsystem."},
                              {"categories", {ids_["category"]}}});
    ids_["version"] =
        Create(Caller::kSupplierToken, "/api/v1/products/" + ids_["product"] + "/versions",
               {{"version", "1.0.0"}, {"release_date", "2026-01-15"}});
    ids_["deployment"] = Create(Caller::kMunicipality, "/api/v1/deployments",
                                {{"product_version_id", ids_["version"]},
                                 {"municipalities", {ids_["municipality"]}},
                                 {"since", "2026-02-01"}});
    // A draft declaration against a profile in force today.
    const Date today = t_->clock.Today();
    for (const auto& profile : t_->catalog->snapshot()->catalog().profiles) {
      for (const auto& v : profile.versions) {
        if (v.valid_from <= today && (!v.valid_to || today < *v.valid_to) && !v.items.empty()) {
          ids_["profile"] = profile.key;
          ids_["profile_version"] = std::to_string(v.version);
        }
      }
    }
    http::Response r = Send(Caller::kSupplierToken, "POST", "/api/v1/declarations",
                            Fill("format: helsekrav-declaration/1\nproduct_version: {version}\n"
                                 "profile: {profile}\nprofile_version: {profile_version}\n"
                                 "answers: []\n"),
                            "application/yaml");
    auto doc = nlohmann::json::parse(r.body ? *r.body : "", nullptr, false);
    if (r.status != 201 || !doc.is_object() || !doc.contains("id")) {
      Fail("POST /api/v1/declarations answered " + std::to_string(r.status));
    }
    ids_["declaration"] = doc["id"].get<std::string>();
    ids_["webhook"] = Create(Caller::kSupplierToken, "/api/v1/webhooks",
                             {{"url", "https://mottak.leverandor-a.no/varsler"},
                              {"description", "Varsler"},
                              {"event_types", {"declaration.published"}}});
  }

  [[noreturn]] static void Fail(const std::string& why) {
    std::fprintf(stderr, "fuzz_app set-up failed: %s\n", why.c_str());
    std::abort();
  }

  std::unique_ptr<testing::TestServices> t_;
  std::map<Caller, std::string> tokens_;
  app::Principal supplier_principal_;
  std::string session_;
  std::map<std::string, std::string> ids_;
};

// The application, built on first use and rebuilt after kRebuildEvery inputs so that what the
// fuzzer creates does not pile up without bound in one run.
inline FuzzApp& App() {
  constexpr int kRebuildEvery = 5000;
  static std::unique_ptr<FuzzApp> app;
  static int used = 0;
  if (!app || ++used % kRebuildEvery == 0) {
    app.reset();
    app = std::make_unique<FuzzApp>();
  }
  return *app;
}

}  // namespace helsekrav::fuzz
