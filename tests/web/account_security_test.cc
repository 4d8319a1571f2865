// The sign-in, registration and password pages against the security review of 2026-12, through
// the router as a browser uses them (SQLite): fixed sign-in error messages, neutral
// registration answers, the change-password page, and password reset without mail.
#include <gtest/gtest.h>

#include <string>

#include "http/message.h"
#include "support/test_services.h"
#include "web/workspace.h"

namespace helsekrav::web {
namespace {

// A browser with its cookies against a fresh set of services.
struct Browser {
  Browser() : t(testing::StartServices(testing::Backend::kSqlite)) {}

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& body = "") {
    http::Request r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(http::ParseTarget(target, r.path, r.query)) << target;
    r.cookie = std::string(http::kCsrfCookie) + "=" + csrf;
    if (!session.empty()) r.cookie += "; " + std::string(http::kSessionCookie) + "=" + session;
    r.remote_address = "127.0.0.1";
    if (method == "POST") {
      r.content_type = "application/x-www-form-urlencoded";
      r.body = std::string(http::kCsrfField) + "=" + http::PercentEncode(form_csrf()) + "&" + body;
    }
    http::Response response = t->router->Handle(r);
    for (const auto& [name, value] : response.headers) {
      const std::string prefix = std::string(http::kSessionCookie) + "=";
      if (name == "Set-Cookie" && value.rfind(prefix, 0) == 0) {
        session = value.substr(prefix.size(), value.find(';') - prefix.size());
      }
    }
    return response;
  }
  static std::string Body(const http::Response& r) { return r.body ? *r.body : ""; }
  static std::string Location(const http::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Location") return value;
    }
    return "";
  }
  // The session's CSRF token when signed in, else the double-submit cookie's.
  std::string form_csrf() {
    if (session.empty()) return csrf;
    auto principal = t->accounts->Authenticate(session);
    return principal.ok() && principal->has_value() ? (*principal)->csrf_token : csrf;
  }

  std::unique_ptr<testing::TestServices> t;
  std::string csrf = app::RandomToken();
  std::string session;
};

TEST(SecurityReview, L3SignInErrorsAreFixedMessagesNeverTheQueryText) {
  Browser b;
  const std::string crafted = "Kontoen er sperret. Ring +47 22 22 22 22";
  http::Response r = b.Call(
      "GET", "/logg-inn/oidc/noe/tilbake?error=" + http::PercentEncode(crafted) + "&state=x");
  EXPECT_EQ(r.status, 401);
  const std::string body = Browser::Body(r);
  EXPECT_EQ(body.find("Kontoen er sperret"), std::string::npos) << body;
  EXPECT_EQ(body.find("+47"), std::string::npos);
  EXPECT_NE(body.find("Innloggingstjenesten avviste innloggingen."), std::string::npos);
  // Known codes have their own messages; none of them shows the code.
  r = b.Call("GET", "/logg-inn/oidc/noe/tilbake?error=access_denied&state=x");
  EXPECT_NE(Browser::Body(r).find("Innloggingen ble avbrutt."), std::string::npos);
  EXPECT_EQ(Browser::Body(r).find("access_denied"), std::string::npos);
  r = b.Call("GET", "/logg-inn/oidc/noe/tilbake?error=temporarily_unavailable&state=x");
  EXPECT_NE(Browser::Body(r).find("ikke tilgjengelig akkurat nå"), std::string::npos);
  EXPECT_EQ(Browser::Body(r).find("temporarily_unavailable"), std::string::npos);
}

// The registration form's fields, for `email`, with the supplier's orgnr `orgnr`.
std::string RegistrationForm(const std::string& email, const std::string& orgnr) {
  return "orgnr=" + orgnr + "&org_name=Leverand%C3%B8r+AS&kind=supplier&name=Kari+Nordmann" +
         "&email=" + http::PercentEncode(email) +
         "&password=" + http::PercentEncode("et langt og godt passord");
}

TEST(SecurityReview, M5RegistrationPageAnswersAlikeForKnownAndUnknownEmails) {
  Browser b;
  testing::AddOrgUser(*b.t, "kjent@leverandor.no", "Kjent Bruker",
                      domain::OrganisationKind::kSupplier, "991000011", domain::Role::kAdmin);
  http::Response known =
      b.Call("POST", "/registrer", RegistrationForm("kjent@leverandor.no", "974760673"));
  http::Response unknown =
      b.Call("POST", "/registrer", RegistrationForm("ny@leverandor.no", "914778271"));
  EXPECT_EQ(known.status, 303) << Browser::Body(known);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(Browser::Location(unknown), Browser::Location(known));
  EXPECT_EQ(Browser::Location(known), "/registrer?melding=mottatt");
  EXPECT_TRUE(b.session.empty());  // nobody is signed in by registering
  const std::string page = Browser::Body(b.Call("GET", Browser::Location(known)));
  EXPECT_NE(page.find("Registreringen er mottatt"), std::string::npos);
  EXPECT_EQ(page.find("allerede registrert"), std::string::npos);
  // The new account signs in with the password it chose; the known one kept its own.
  EXPECT_TRUE(
      b.t->accounts->Login("ny@leverandor.no", "et langt og godt passord", "10.9.0.1").ok());
  EXPECT_TRUE(b.t->accounts->Login("kjent@leverandor.no", testing::kTestPassword, "10.9.0.1").ok());
}

TEST(SecurityReview, L7ChangePasswordPageKeepsThisSessionAndEndsOthers) {
  Browser b;
  testing::AddOrgUser(*b.t, "b@leverandor.no", "B Bruker", domain::OrganisationKind::kSupplier,
                      "974760673", domain::Role::kAdmin);
  auto here = b.t->accounts->Login("b@leverandor.no", testing::kTestPassword, "10.9.0.1");
  auto elsewhere = b.t->accounts->Login("b@leverandor.no", testing::kTestPassword, "10.9.0.2");
  ASSERT_TRUE(here.ok() && elsewhere.ok());
  b.session = here->token;

  http::Response form = b.Call("GET", "/min-side/passord");
  EXPECT_EQ(form.status, 200);
  for (const char* field : {"name=\"csrf\"", "id=\"current_password\"", "id=\"password\"",
                            "id=\"password2\"", "autocomplete=\"current-password\""}) {
    EXPECT_NE(Browser::Body(form).find(field), std::string::npos) << field;
  }
  EXPECT_NE(Browser::Body(b.Call("GET", "/min-side")).find("href=\"/min-side/passord\""),
            std::string::npos);

  const std::string new_password = http::PercentEncode("et helt nytt og langt passord");
  http::Response wrong =
      b.Call("POST", "/min-side/passord",
             "current_password=feil&password=" + new_password + "&password2=" + new_password);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(Browser::Body(wrong).find("href=\"#current_password\""), std::string::npos);
  http::Response mismatch =
      b.Call("POST", "/min-side/passord",
             "current_password=" + http::PercentEncode(testing::kTestPassword) +
                 "&password=" + new_password + "&password2=annet");
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_TRUE(b.t->accounts->Authenticate(elsewhere->token)->has_value());

  http::Response changed =
      b.Call("POST", "/min-side/passord",
             "current_password=" + http::PercentEncode(testing::kTestPassword) +
                 "&password=" + new_password + "&password2=" + new_password);
  EXPECT_EQ(changed.status, 303) << Browser::Body(changed);
  EXPECT_EQ(Browser::Location(changed), "/min-side?melding=passord-byttet");
  EXPECT_TRUE(b.t->accounts->Authenticate(here->token)->has_value());
  EXPECT_FALSE(b.t->accounts->Authenticate(elsewhere->token)->has_value());
  EXPECT_NE(Browser::Body(b.Call("GET", Browser::Location(changed))).find("Passordet er byttet"),
            std::string::npos);
  // Without the CSRF token nothing changes.
  b.csrf = app::RandomToken();
  const std::string session = b.session;
  http::Request r;
  r.method = "POST";
  r.target = r.path = "/min-side/passord";
  r.cookie = std::string(http::kSessionCookie) + "=" + session;
  r.content_type = "application/x-www-form-urlencoded";
  r.body = "current_password=x&password=y&password2=y";
  EXPECT_EQ(b.t->router->Handle(r).status, 403);
}

TEST(SecurityReview, L7CommonPasswordIsRefusedOnTheRegistrationPage) {
  Browser b;
  std::string form = RegistrationForm("ny@leverandor.no", "974760673");
  form = form.substr(0, form.find("&password=")) + "&password=WinnieThePooh";
  http::Response r = b.Call("POST", "/registrer", form);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(Browser::Body(r).find("Passordet er for vanlig"), std::string::npos);
  EXPECT_NE(Browser::Body(r).find("href=\"#password\""), std::string::npos);
  EXPECT_FALSE(b.t->accounts->Login("ny@leverandor.no", "WinnieThePooh", "10.9.0.1").ok());
}

}  // namespace
}  // namespace helsekrav::web
