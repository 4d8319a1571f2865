// Runs the API behaviour scenarios in tests/api/*.test against the router, over the default
// catalog, on both storage backends. Scenario syntax (one request per block):
//
//   # what the file shows
//   GET /api/v1/requirements?area=security
//   request-header If-None-Match $ETAG     (the ETag remembered by remember-etag)
//   status 200
//   header Content-Type application/json   (response header contains the text)
//   contains "legal_basis"                 (body contains the text)
//   not-contains bogus
//   json /items/0/area "security"          (JSON pointer equals the JSON value)
//   each /items area "security"            (every element's field equals the value)
//   count /items 50                        (array length)
//   gte /total 5                           (number at pointer ≥ value)
//   remember-etag
#include <gtest/gtest.h>

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

testing::TestServices& EnvFor(Backend backend) {
  static std::map<Backend, std::unique_ptr<testing::TestServices>> envs;
  auto& env = envs[backend];
  if (!env) env = testing::StartServices(backend);
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

class ApiScenarioTest : public ::testing::TestWithParam<std::tuple<Backend, std::string>> {};

TEST_P(ApiScenarioTest, Passes) {
  auto [backend, file] = GetParam();
  testing::TestServices& env = EnvFor(backend);
  std::ifstream in(std::string(HELSEKRAV_API_TEST_DIR) + "/" + file);
  std::string line;
  int number = 0;
  int requests = 0;
  Response response;
  Json body;
  std::string remembered_etag;
  Request request;
  bool pending = false;

  auto send = [&]() {
    if (!pending) return;
    response = env.router->Handle(request);
    body = Json::parse(response.body ? *response.body : std::string(), nullptr, false);
    pending = false;
    ++requests;
  };

  while (std::getline(in, line)) {
    ++number;
    std::string where = file + ":" + std::to_string(number);
    if (line.empty() || line[0] == '#') continue;
    std::string verb = line.substr(0, line.find(' '));
    if (verb == "GET" || verb == "POST" || verb == "PUT" || verb == "DELETE" || verb == "HEAD") {
      send();
      request = Request{};
      request.method = verb;
      request.target = Rest(line, 1);
      ASSERT_TRUE(ParseTarget(request.target, request.path, request.query)) << where;
      pending = true;
      continue;
    }
    if (verb == "request-header") {
      std::string value = Rest(line, 2);
      if (auto pos = value.find("$ETAG"); pos != std::string::npos) {
        value.replace(pos, 5, remembered_etag);
      }
      ASSERT_EQ(line.substr(15, 14), "If-None-Match ") << where << ": only If-None-Match";
      request.if_none_match = value;
      continue;
    }
    send();
    std::string text = response.body ? *response.body : "";
    if (verb == "status") {
      EXPECT_EQ(response.status, std::stoi(Rest(line, 1))) << where << "\n" << text.substr(0, 500);
    } else if (verb == "contains") {
      EXPECT_NE(text.find(Rest(line, 1)), std::string::npos) << where;
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
      remembered_etag = response.etag;
      EXPECT_FALSE(remembered_etag.empty()) << where;
    } else if (verb == "json" || verb == "count" || verb == "gte" || verb == "each") {
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
