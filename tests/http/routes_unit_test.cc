// The register API's writes and the OpenAPI document name the same operations: every mutating
// API route the router lets through (http::MutatingRoutes(web::WorkspaceMutations())) is documented
// with its method, and every documented write is in the table. A new write path therefore needs
// both, and the authorisation matrix (authorization_test.cc) then asks for its expectations.
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "http/api/handlers.h"
#include "http/routes.h"
#include "web/workspace.h"

namespace helsekrav::http {
namespace {

// "/api/v1/products/{product}" and "/api/v1/products/{id}" → "/api/v1/products/{}".
std::string Shape(const std::string& pattern) {
  std::string shape;
  bool inside = false;
  for (char c : pattern) {
    if (c == '{') {
      inside = true;
      shape += "{}";
    } else if (c == '}') {
      inside = false;
    } else if (!inside) {
      shape += c;
    }
  }
  return shape;
}

TEST(RouteTable, EveryApiWriteIsDocumentedInOpenApiAndEveryDocumentedWriteIsRouted) {
  nlohmann::json doc = nlohmann::json::parse(api::OpenApiDocument());
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper == "POST" || upper == "PUT" || upper == "PATCH" || upper == "DELETE") {
        documented.insert(upper + " " + Shape(path));
      }
    }
  }
  std::set<std::string> routed;
  for (const MutatingRoute& route : MutatingRoutes(web::WorkspaceMutations())) {
    if (route.pattern.rfind("/api/", 0) == 0)
      routed.insert(route.method + " " + Shape(route.pattern));
  }
  for (const std::string& op : routed) {
    EXPECT_EQ(documented.count(op), 1u) << op << " is routed but missing from openapi.json";
  }
  for (const std::string& op : documented) {
    EXPECT_EQ(routed.count(op), 1u) << op << " is in openapi.json but no route takes it";
  }
  EXPECT_GE(routed.size(), 26u);  // the API's writes when this test was written
}

TEST(RouteTable, APlaceholderMatchesExactlyOneNonEmptySegment) {
  EXPECT_TRUE(MatchesPattern("/api/v1/products/{product}", "/api/v1/products/p-1"));
  EXPECT_FALSE(MatchesPattern("/api/v1/products/{product}", "/api/v1/products/"));
  EXPECT_FALSE(MatchesPattern("/api/v1/products/{product}", "/api/v1/products/p-1/x"));
  EXPECT_FALSE(MatchesPattern("/api/v1/products/{product}", "/api/v1/products"));
  EXPECT_FALSE(MatchesPattern("/api/v1/products", "/api/v1/products/"));
  EXPECT_FALSE(MatchesPattern("/api/v1/products", "//api/v1/products"));
  EXPECT_TRUE(MatchesPattern("/min-side/losninger/ny", "/min-side/losninger/ny"));
}

TEST(RouteTable, ReadsAreNeverInTheWriteTableAndNoRouteIsListedTwice) {
  std::set<std::string> seen;
  for (const MutatingRoute& route : MutatingRoutes(web::WorkspaceMutations())) {
    EXPECT_TRUE(route.method == "POST" || route.method == "PUT" || route.method == "PATCH" ||
                route.method == "DELETE")
        << route.method << " " << route.pattern;
    EXPECT_TRUE(seen.insert(route.method + " " + route.pattern).second)
        << route.method << " " << route.pattern << " is listed twice";
  }
}

}  // namespace
}  // namespace helsekrav::http
