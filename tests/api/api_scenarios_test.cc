// Runs the API behaviour scenarios in tests/api/*.test against the router, over the default
// catalog, on both storage backends. Scenario syntax (one request per block):
//
//   # what the file shows
//   POST /api/v1/products                  (GET, HEAD, POST, PUT, PATCH or DELETE)
//   as supplier-a                          (send that account's API token; default: anonymous)
//   body application/json {"name": "X"}    (request body with its content type, on one line,
//   | more body text                        or continued on lines starting "| ")
//   request-header If-None-Match $ETAG     (only If-None-Match)
//   status 201
//   header Content-Type application/json   (response header contains the text)
//   contains "legal_basis"                 (body contains the text)
//   not-contains bogus
//   json /items/0/area "security"          (JSON pointer equals the JSON value)
//   each /items area "security"            (every element's field equals the value)
//   count /items 50                        (array length)
//   gte /total 5                           (number at pointer ≥ value)
//   capture /id PRODUCT                    (remember the value at the pointer as $PRODUCT)
//   remember-etag                          (remember the response's ETag as $ETAG)
//
// $NAME in any line after the verb is replaced by a captured value or a fixture value; an
// unknown name fails. Every request needs at least one check (status, header, contains, …), and
// an unknown directive fails the file. Captured values live until the end of the file.
//
// Accounts for `as` (created once per backend, each an approved organisation's admin with a
// read+write API token unless said otherwise): supplier-a, supplier-a-read (A's read-only
// token), supplier-b, municipality (a kommune of the default catalog), approving-body (Norsk
// helsenett, which owns the scheme kjernejournal-api), other-body (KS). Fixture values:
// $SUPPLIER_A_ORG, $SUPPLIER_B_ORG, $MUNICIPALITY_ORG, $APPROVING_BODY_ORG (organisation ids),
// $KOMMUNE (the municipality's kommunenummer). Files share one service per backend and run in
// name order, so a file that writes creates what it needs and checks only what it created.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/catalog_service.h"
#include "cli/common.h"
#include "core/text.h"
#include "http/router.h"
#include "support/default_catalog.h"
#include "support/store_backends.h"
#include "support/test_services.h"

namespace helsekrav::http {
namespace {

using testing::Backend;
using Json = nlohmann::json;

// The services of one backend with the accounts `as` names and the fixture's $ values.
struct ScenarioEnv {
  std::unique_ptr<testing::TestServices> services;
  std::map<std::string, std::string> tokens;     // account → API token
  std::map<std::string, std::string> variables;  // $NAME → value
};

// An API token of the user `email` (signed in with the test password) with `scopes`.
std::string MakeToken(testing::TestServices& t, const std::string& email,
                      const std::vector<std::string>& scopes) {
  auto session = t.accounts->Login(email, testing::kTestPassword, "127.0.0.1");
  if (!session.ok()) throw std::runtime_error(email + ": " + session.status().ToString());
  auto principal = t.accounts->Authenticate(session->token);
  if (!principal.ok() || !principal->has_value()) throw std::runtime_error(email + ": no session");
  auto token = t.accounts->CreateApiToken(**principal, "scenarios", scopes);
  if (!token.ok()) throw std::runtime_error(email + ": " + token.status().ToString());
  return token->second;
}

const domain::Organisation& FirstMunicipality() {
  for (const auto& org : testing::DefaultCatalog().organisations) {
    if (org.kind == domain::OrganisationKind::kMunicipality && !org.orgnr.empty() &&
        !org.municipality_number.empty()) {
      return org;
    }
  }
  throw std::runtime_error("the default catalog has no municipality with an orgnr");
}

std::unique_ptr<ScenarioEnv> StartScenarioEnv(Backend backend) {
  auto env = std::make_unique<ScenarioEnv>();
  env->services = testing::StartServices(backend);
  testing::TestServices& t = *env->services;
  using Kind = domain::OrganisationKind;
  auto add = [&](const std::string& account, const std::string& email, const std::string& name,
                 Kind kind, const std::string& orgnr, const std::string& org_variable) {
    domain::Actor actor = testing::AddOrgUser(t, email, name, kind, orgnr, domain::Role::kAdmin);
    env->tokens[account] = MakeToken(t, email, {"read", "write"});
    if (!org_variable.empty()) env->variables[org_variable] = actor.org_id;
  };
  // Organisation numbers with a valid modulus-11 check digit; the bodies' are their real ones
  // (data/catalog/organisations.json), which the approval schemes' owners are matched by.
  add("supplier-a", "anne@leverandor-a.no", "Leverandør A AS", Kind::kSupplier, "913705408",
      "SUPPLIER_A_ORG");
  add("supplier-b", "bjorn@leverandor-b.no", "Leverandør B AS", Kind::kSupplier, "913705416",
      "SUPPLIER_B_ORG");
  add("approving-body", "nina@nhn.example", "Norsk helsenett SF", Kind::kApprovingBody, "994598759",
      "APPROVING_BODY_ORG");
  add("other-body", "kari@ks.example", "KS", Kind::kApprovingBody, "971032146", "");
  const domain::Organisation& kommune = FirstMunicipality();
  domain::OrgAccount org;
  org.orgnr = kommune.orgnr;
  org.name = kommune.name;
  org.kind = kommune.kind;
  org.municipality_number = kommune.municipality_number;
  auto user = t.accounts->CreateUserDirect("mari@kommune.example", "Mari Kommune",
                                           testing::kTestPassword, org, domain::Role::kAdmin);
  if (!user.ok()) throw std::runtime_error(user.status().ToString());
  if (Status s = t.registry->Load(); !s.ok()) throw std::runtime_error(s.ToString());
  env->tokens["municipality"] = MakeToken(t, "mari@kommune.example", {"read", "write"});
  env->variables["MUNICIPALITY_ORG"] = t.registry->view()->FindOrgByOrgnr(kommune.orgnr)->id;
  env->variables["KOMMUNE"] = kommune.municipality_number;
  env->tokens["supplier-a-read"] = MakeToken(t, "anne@leverandor-a.no", {"read"});
  return env;
}

ScenarioEnv& EnvFor(Backend backend) {
  static std::map<Backend, std::unique_ptr<ScenarioEnv>> envs;
  auto& env = envs[backend];
  if (!env) env = StartScenarioEnv(backend);
  return *env;
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(HELSEKRAV_API_TEST_DIR)) {
    if (e.path().extension() == ".test") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Rest(const std::string& line, std::size_t words) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < words && pos != std::string::npos; ++i) {
    pos = line.find(' ', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? "" : line.substr(pos);
}

// `line` with every $NAME (capitals, digits, '_') replaced from `variables`; the name of an
// unknown one in `unknown`.
std::string Substitute(const std::string& line, const std::map<std::string, std::string>& variables,
                       std::string& unknown) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    std::size_t end = i + 1;
    while (end < line.size() &&
           (std::isupper(static_cast<unsigned char>(line[end])) ||
            std::isdigit(static_cast<unsigned char>(line[end])) || line[end] == '_')) {
      ++end;
    }
    if (line[i] != '$' || end == i + 1) {
      out += line[i];
      continue;
    }
    std::string name = line.substr(i + 1, end - i - 1);
    auto found = variables.find(name);
    if (found == variables.end()) {
      unknown = name;
      out += line[i];
      continue;
    }
    out += found->second;
    i = end - 1;
  }
  return out;
}

class ApiScenarioTest : public ::testing::TestWithParam<std::tuple<Backend, std::string>> {};

TEST_P(ApiScenarioTest, Passes) {
  auto [backend, file] = GetParam();
  ScenarioEnv& env = EnvFor(backend);
  std::ifstream in(std::string(HELSEKRAV_API_TEST_DIR) + "/" + file);
  ASSERT_TRUE(in) << file;
  std::string line;
  int number = 0;
  int requests = 0;
  Response response;
  Json body;
  std::map<std::string, std::string> variables = env.variables;
  Request request;
  bool pending = false;
  int checks = 0;             // checks of the current request
  std::string request_where;  // file:line of the current request
  bool in_body = false;       // the last directive was `body`: "| " lines continue it

  auto send = [&]() {
    if (!pending) return;
    response = env.services->router->Handle(request);
    body = Json::parse(response.body ? *response.body : std::string(), nullptr, false);
    pending = false;
    ++requests;
  };
  // A request without a check shows nothing: it fails the file.
  auto close_block = [&]() {
    if (!request_where.empty() && checks == 0) {
      ADD_FAILURE() << request_where << ": a request without any check";
    }
  };

  while (std::getline(in, line)) {
    ++number;
    std::string where = file + ":" + std::to_string(number);
    if (line.empty() || line[0] == '#') {
      in_body = false;
      continue;
    }
    std::string unknown;
    line = Substitute(line, variables, unknown);
    ASSERT_TRUE(unknown.empty()) << where << ": unknown $" << unknown;
    if (line.rfind("| ", 0) == 0 || line == "|") {
      ASSERT_TRUE(in_body && pending) << where << ": a body line outside a body";
      request.body += "\n" + line.substr(std::min<std::size_t>(2, line.size()));
      continue;
    }
    in_body = false;
    std::string verb = line.substr(0, line.find(' '));
    if (verb == "GET" || verb == "POST" || verb == "PUT" || verb == "PATCH" || verb == "DELETE" ||
        verb == "HEAD") {
      send();
      close_block();
      request = Request{};
      request.method = verb;
      request.target = Rest(line, 1);
      request.remote_address = "127.0.0.1";
      ASSERT_TRUE(ParseTarget(request.target, request.path, request.query)) << where;
      pending = true;
      checks = 0;
      request_where = where;
      continue;
    }
    if (verb == "request-header" || verb == "as" || verb == "body") {
      ASSERT_TRUE(pending) << where << ": " << verb << " belongs before the request's checks";
    }
    if (verb == "request-header") {
      ASSERT_EQ(line.substr(15, 14), "If-None-Match ") << where << ": only If-None-Match";
      request.if_none_match = Rest(line, 2);
      continue;
    }
    if (verb == "as") {
      std::string account = Rest(line, 1);
      auto token = env.tokens.find(account);
      ASSERT_NE(token, env.tokens.end()) << where << ": no account " << account;
      request.authorization = "Bearer " + token->second;
      continue;
    }
    if (verb == "body") {
      std::string rest = Rest(line, 1);
      request.content_type = rest.substr(0, rest.find(' '));
      request.body = Rest(line, 2);
      ASSERT_FALSE(request.content_type.empty()) << where << ": body needs a content type";
      in_body = true;
      continue;
    }
    ASSERT_FALSE(request_where.empty()) << where << ": " << verb << " before any request";
    send();
    ++checks;
    std::string text = response.body ? *response.body : "";
    if (verb == "status") {
      EXPECT_EQ(response.status, std::stoi(Rest(line, 1))) << where << "\n" << text.substr(0, 500);
    } else if (verb == "contains") {
      EXPECT_NE(text.find(Rest(line, 1)), std::string::npos) << where << "\n"
                                                             << text.substr(0, 500);
    } else if (verb == "not-contains") {
      EXPECT_EQ(text.find(Rest(line, 1)), std::string::npos) << where;
    } else if (verb == "header") {
      std::string name = Split(line, ' ')[1];
      std::string expected = Rest(line, 2);
      std::string actual;
      if (FoldCase(name) == "content-type") actual = response.content_type;
      if (FoldCase(name) == "etag") actual = response.etag;
      if (FoldCase(name) == "cache-control") actual = response.cache_control;
      for (const auto& [k, v] : response.headers) {
        if (FoldCase(k) == FoldCase(name)) actual = v;
      }
      EXPECT_NE(actual.find(expected), std::string::npos)
          << where << ": " << name << " = " << actual;
    } else if (verb == "remember-etag") {
      variables["ETAG"] = response.etag;
      EXPECT_FALSE(response.etag.empty()) << where;
    } else if (verb == "json" || verb == "count" || verb == "gte" || verb == "each" ||
               verb == "capture") {
      auto parts = Split(line, ' ');
      ASSERT_GE(parts.size(), 3u) << where;
      ASSERT_FALSE(body.is_discarded()) << where << ": body is not JSON";
      Json::json_pointer pointer(parts[1]);
      ASSERT_TRUE(body.contains(pointer))
          << where << ": no " << parts[1] << " in " << text.substr(0, 300);
      const Json& at = body.at(pointer);
      if (verb == "json") {
        EXPECT_EQ(at, Json::parse(Rest(line, 2))) << where;
      } else if (verb == "count") {
        EXPECT_EQ(at.size(), std::stoul(parts[2])) << where;
      } else if (verb == "gte") {
        EXPECT_GE(at.get<double>(), std::stod(parts[2])) << where;
      } else if (verb == "capture") {
        ASSERT_EQ(parts.size(), 3u) << where << ": capture POINTER NAME";
        variables[parts[2]] = at.is_string() ? at.get<std::string>() : at.dump();
      } else {
        Json expected = Json::parse(Rest(line, 3));
        ASSERT_TRUE(at.is_array()) << where;
        EXPECT_FALSE(at.empty()) << where << ": nothing to check";
        for (const Json& item : at) EXPECT_EQ(item.value(parts[2], Json()), expected) << where;
      }
    } else {
      FAIL() << where << ": unknown directive " << verb;
    }
  }
  send();
  close_block();
  EXPECT_GT(requests, 0) << file << " has no requests";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ApiScenarioTest,
                         ::testing::Combine(::testing::Values(Backend::kSqlite, Backend::kPostgres),
                                            ::testing::ValuesIn(ScenarioFiles())),
                         [](const auto& info) {
                           std::string name = testing::BackendName(std::get<0>(info.param)) + "_" +
                                              std::get<1>(info.param);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace helsekrav::http
