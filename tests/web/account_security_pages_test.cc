// The account pages behind the December 2026 security review's findings, through the router as
// a browser uses them: the API token list shows expiry and warns before it (L7), the member
// page shows an invited address as «invitert» and never the account's name (M4), and an admin's
// right password leads to the TOTP code page, not to a session (L7).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "app/totp.h"
#include "http/message.h"
#include "support/test_services.h"
#include "web/workspace.h"

namespace helsekrav::web {
namespace {

constexpr char kPassword[] = "et langt og trygt passord";
constexpr char kAnonymousCsrf[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";  // 43 chars

struct Session {
  std::string cookie;
  std::string csrf;
};

class SecurityReviewPages : public ::testing::Test {
 protected:
  void SetUp() override { t_ = testing::StartServices(testing::Backend::kSqlite); }

  // A user made with `helsekrav admin create-user`, signed in directly (no second factor).
  Session AddUser(const std::string& email, const std::string& name, const std::string& orgnr,
                  domain::OrganisationKind kind) {
    domain::OrgAccount org;
    org.orgnr = orgnr;
    org.name = name + " sin virksomhet";
    org.kind = kind;
    auto user = t_->accounts->CreateUserDirect(email, name, kPassword, org, domain::Role::kAdmin);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    auto token = t_->accounts->Login(email, kPassword, "127.0.0.1");
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    if (!token.ok()) return {};
    auto principal = t_->accounts->Authenticate(token->token);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    if (!principal.ok() || !principal->has_value()) return {};
    principal_ = **principal;
    return {std::string(http::kSessionCookie) + "=" + token->token, (*principal)->csrf_token};
  }

  http::Response Call(const std::string& method, const std::string& target, const Session& session,
                      const std::string& body = "") {
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
  static std::string Header(const http::Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "";
  }
  static std::string Field(const std::string& body, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    auto at = body.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    return body.substr(at, body.find('"', at) - at);
  }

  std::unique_ptr<testing::TestServices> t_;
  app::Principal principal_;
};

TEST_F(SecurityReviewPages, L7TheTokenListShowsExpiryAndWarnsInTheLastFourteenDays) {
  Session admin =
      AddUser("anne@leverandor.no", "Anne", "974760673", domain::OrganisationKind::kSupplier);
  ASSERT_TRUE(t_->accounts->CreateApiToken(principal_, "Kort", {"read"}, 10).ok());
  ASSERT_TRUE(t_->accounts->CreateApiToken(principal_, "Lang", {"read"}, 90).ok());
  http::Response r = Call("GET", "/min-side/api-nokler", admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body->find("utløper om 10 dager"), std::string::npos);
  EXPECT_EQ(r.body->find("utløper om"), r.body->rfind("utløper om"));  // not the 90-day one
  EXPECT_NE(r.body->find("name=\"dager\""), std::string::npos);

  // A lifetime beyond a year is refused, and nothing is made.
  r = Call("POST", "/min-side/api-nokler", admin, "name=Evig&scopes=read&dager=400");
  EXPECT_EQ(r.status, 422);
  r = Call("POST", "/min-side/api-nokler", admin, "name=Kvartal&scopes=read&dager=30");
  EXPECT_EQ(r.status, 200);
  auto tokens = t_->accounts->ListApiTokens(principal_);
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 3u);
  // All three are made in the same second, so find the new one by name, not by position.
  auto made = std::find_if(tokens->begin(), tokens->end(),
                           [](const app::ApiTokenInfo& t) { return t.name == "Kvartal"; });
  ASSERT_NE(made, tokens->end());
  EXPECT_EQ(made->expires_at - made->created_at, 30 * 24 * 60 * 60);
}

TEST_F(SecurityReviewPages, M4TheMemberPageShowsTheTypedAddressAsInvitedAndNeverTheName) {
  AddUser("admin@hdir.example", "Forvalter Fornavn", "991000003",
          domain::OrganisationKind::kAuthority);
  Session supplier =
      AddUser("anne@leverandor.no", "Anne", "974760673", domain::OrganisationKind::kSupplier);
  http::Response r =
      Call("POST", "/min-side/medlemmer", supplier, "email=admin%40hdir.example&role=admin&name=x");
  ASSERT_EQ(r.status, 303) << (r.body ? *r.body : "");
  r = Call("GET", "/min-side/medlemmer", supplier);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body->find("admin@hdir.example"), std::string::npos);
  EXPECT_NE(r.body->find("invitert"), std::string::npos);
  EXPECT_EQ(r.body->find("Forvalter Fornavn"), std::string::npos);
}

TEST_F(SecurityReviewPages, L7AnAdminsRightPasswordLeadsToTheCodePageNotToASession) {
  AddUser("anne@leverandor.no", "Anne", "974760673", domain::OrganisationKind::kSupplier);
  const Session anonymous{std::string(http::kCsrfCookie) + "=" + kAnonymousCsrf, kAnonymousCsrf};
  http::Response r = Call("POST", "/logg-inn", anonymous,
                          "email=anne%40leverandor.no&password=" + http::PercentEncode(kPassword) +
                              "&neste=%2Fmin-side%2Fapi-nokler");
  ASSERT_EQ(r.status, 200) << (r.body ? *r.body : "");
  EXPECT_EQ(Header(r, "Set-Cookie").find(http::kSessionCookie), std::string::npos);
  const std::string challenge = Field(*r.body, "challenge");
  const std::string secret = Field(*r.body, "hemmelighet");
  ASSERT_FALSE(challenge.empty());
  ASSERT_FALSE(secret.empty());
  EXPECT_NE(r.body->find("otpauth://totp/"), std::string::npos);
  EXPECT_NE(r.body->find("<svg"), std::string::npos);  // the QR code

  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(t_->clock.Now().time_since_epoch()).count();
  const std::string code = app::totp::Hotp(*app::totp::Base32Decode(secret),
                                           static_cast<std::uint64_t>(app::totp::StepAt(now)));
  r = Call("POST", "/logg-inn/kode", anonymous,
           "challenge=" + http::PercentEncode(challenge) + "&neste=%2Fmin-side%2Fapi-nokler" +
               "&code=" + code);
  ASSERT_EQ(r.status, 303) << (r.body ? *r.body : "");
  EXPECT_EQ(Header(r, "Location"), "/min-side/api-nokler");
  EXPECT_EQ(Header(r, "Set-Cookie").rfind(http::kSessionCookie, 0), 0u);
}

}  // namespace
}  // namespace helsekrav::web
