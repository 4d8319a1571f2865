// The form builders of the workspace pages: every text argument is escaped, ids equal field
// names, errors are wired to their fields, and the error summary links to them.
#include "web/forms.h"

#include <gtest/gtest.h>

#include <string>

#include "web/account_pages.h"
#include "web/workspace.h"

namespace helsekrav::web {
namespace {

constexpr const char* kEvil = "\"><script>alert('x')</script>&";

// No raw markup from kEvil survives.
void ExpectEscaped(const std::string& html) {
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("\"><"), std::string::npos) << html;
  EXPECT_EQ(html.find("'x'"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
}

TEST(FormsTest, CsrfAndHiddenInputsEscapeValues) {
  std::string html = CsrfInput(kEvil);
  EXPECT_NE(html.find("type=\"hidden\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\""), std::string::npos);
  ExpectEscaped(html);
  ExpectEscaped(HiddenInput("neste", kEvil));
}

TEST(FormsTest, TextFieldLabelsByIdAndWiresErrorAndHint) {
  std::string html = TextField("email", "E-post", "a@b.no", "Skriv inn e-post.", "email",
                               "Den du logger inn med.", "username", true);
  EXPECT_NE(html.find("<label class=\"ds-label\" for=\"email\">E-post</label>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("id=\"email\" name=\"email\""), std::string::npos) << html;
  EXPECT_NE(html.find("value=\"a@b.no\""), std::string::npos);
  EXPECT_NE(html.find("type=\"email\""), std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"username\""), std::string::npos);
  EXPECT_NE(html.find(" required"), std::string::npos);
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(html.find("aria-describedby=\"email-hjelp email-feil\""), std::string::npos) << html;
  EXPECT_NE(html.find("id=\"email-feil\">Skriv inn e-post.</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("id=\"email-hjelp\">Den du logger inn med.</div>"), std::string::npos);

  std::string clean = TextField("navn", "Navn", "");
  EXPECT_EQ(clean.find("aria-invalid"), std::string::npos);
  EXPECT_EQ(clean.find("ds-validation-message"), std::string::npos);
  EXPECT_EQ(clean.find("aria-describedby"), std::string::npos);
}

TEST(FormsTest, TextFieldEscapesEverythingAndNeverEchoesPasswords) {
  ExpectEscaped(TextField("f", kEvil, kEvil, kEvil, "text", kEvil, kEvil));
  std::string password = TextField("password", "Passord", "hemmelig-passord", "", "password");
  EXPECT_EQ(password.find("hemmelig-passord"), std::string::npos) << password;
  EXPECT_EQ(password.find("value="), std::string::npos);
}

TEST(FormsTest, TextAreaEscapesContent) {
  std::string html = TextArea("note", "Begrunnelse", "</textarea><b>x</b>", kEvil);
  EXPECT_EQ(html.find("</textarea><b>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;/textarea&gt;&lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("for=\"note\""), std::string::npos);
  ExpectEscaped(html);
}

TEST(FormsTest, SelectMarksTheSelectedOptionAndEscapes) {
  std::string html = Select("role", "Rolle", {{"viewer", "Lese"}, {"admin", kEvil}}, "admin");
  EXPECT_NE(html.find("<option value=\"admin\" selected>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<option value=\"viewer\" selected>"), std::string::npos);
  EXPECT_NE(html.find("<select class=\"ds-input\" id=\"role\" name=\"role\""), std::string::npos);
  ExpectEscaped(html);
  ExpectEscaped(Select("x", "X", {{kEvil, "a"}}, ""));
}

TEST(FormsTest, RadioGroupIsAFieldsetWithLegendAndFirstIdIsTheName) {
  std::string html = RadioGroup("kind", "Type virksomhet",
                                {{"supplier", "Leverandør"}, {"municipality", "Kommune", kEvil}},
                                "municipality", "Velg type.");
  EXPECT_EQ(html.rfind("<fieldset class=\"ds-fieldset\"", 0), 0u) << html;
  EXPECT_NE(html.find("<legend class=\"ds-label\">Type virksomhet</legend>"), std::string::npos);
  EXPECT_NE(html.find("id=\"kind\" value=\"supplier\">"), std::string::npos) << html;
  EXPECT_NE(html.find("id=\"kind-municipality\" value=\"municipality\" checked"), std::string::npos)
      << html;
  EXPECT_NE(html.find("type=\"radio\""), std::string::npos);
  EXPECT_NE(html.find("Velg type."), std::string::npos);
  ExpectEscaped(html);
}

TEST(FormsTest, CheckboxGroupChecksEverySelectedValue) {
  std::string html = CheckboxGroup("scopes", "Tilgang", {{"read", "Lese"}, {"write", "Skrive"}},
                                   {"read", "write"});
  EXPECT_NE(html.find("id=\"scopes\" value=\"read\" checked"), std::string::npos) << html;
  EXPECT_NE(html.find("id=\"scopes-write\" value=\"write\" checked"), std::string::npos);
  EXPECT_NE(html.find("type=\"checkbox\""), std::string::npos);
  std::string none = CheckboxGroup("scopes", "Tilgang", {{"read", "Lese"}}, {});
  EXPECT_EQ(none.find("checked"), std::string::npos);
  ExpectEscaped(CheckboxGroup("s", kEvil, {{"a", kEvil}}, {}));
}

TEST(FormsTest, SubmitButtonEscapesAndCarriesAction) {
  std::string html = SubmitButton("Avvis", "secondary", "decision", "reject");
  EXPECT_NE(html.find("data-variant=\"secondary\" type=\"submit\" name=\"decision\" "
                      "value=\"reject\">Avvis</button>"),
            std::string::npos)
      << html;
  ExpectEscaped(SubmitButton(kEvil, kEvil, kEvil, kEvil));
}

TEST(FormsTest, ErrorSummaryLinksToFieldIdsAndIsFocusable) {
  EXPECT_EQ(ErrorSummary({}), "");
  std::string html =
      ErrorSummary({{"email", "Skriv inn e-post."}, {"", "Feil e-post eller passord."}});
  EXPECT_NE(html.find("class=\"ds-error-summary\""), std::string::npos);
  EXPECT_NE(html.find("tabindex=\"-1\""), std::string::npos);
  EXPECT_NE(html.find("<h2"), std::string::npos);
  EXPECT_NE(html.find("<a class=\"ds-link\" href=\"#email\">Skriv inn e-post.</a>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<li>Feil e-post eller passord.</li>"), std::string::npos) << html;
  ExpectEscaped(ErrorSummary({{kEvil, kEvil}}));
}

TEST(FormsTest, AlertEscapesTextAndSetsColor) {
  std::string html = Alert(kEvil, "danger");
  EXPECT_NE(html.find("class=\"ds-alert\" data-color=\"danger\""), std::string::npos);
  ExpectEscaped(html);
  ExpectEscaped(Alert("x", kEvil));
}

TEST(FormsTest, ErrorForAndToFieldError) {
  std::vector<FieldError> errors = {{"a", "A"}, {"b", "B"}};
  EXPECT_EQ(ErrorFor(errors, "b"), "B");
  EXPECT_EQ(ErrorFor(errors, "c"), "");
  FieldError e = ToFieldError(Status::Invalid("orgnr", "Ugyldig."));
  EXPECT_EQ(e.field, "orgnr");
  EXPECT_EQ(e.message, "Ugyldig.");
}

TEST(FormsTest, SafeReturnPathOnlyAllowsLocalPaths) {
  EXPECT_EQ(SafeReturnPath("/min-side/medlemmer?x=1", "/min-side"), "/min-side/medlemmer?x=1");
  EXPECT_EQ(SafeReturnPath("//evil.example/", "/min-side"), "/min-side");
  EXPECT_EQ(SafeReturnPath("/\\evil.example/", "/min-side"), "/min-side");
  EXPECT_EQ(SafeReturnPath("https://evil.example/", "/min-side"), "/min-side");
  EXPECT_EQ(SafeReturnPath("", "/min-side"), "/min-side");
  EXPECT_EQ(SafeReturnPath("/a\r\nSet-Cookie: x", "/min-side"), "/min-side");
}

TEST(FormsTest, FormatTimeIsNorwegianUtc) {
  EXPECT_EQ(FormatTime(0), "");
  EXPECT_EQ(FormatTime(1795000000), "18.11.2026 kl. 11:06 UTC");
}

TEST(WorkspaceRoutesTest, WorkspacePathsAreExactlyTheAccountAndRegisterSections) {
  for (const char* path :
       {"/logg-inn", "/logg-ut", "/registrer", "/glemt-passord", "/nytt-passord",
        "/logg-inn/oidc/helseid", "/logg-inn/oidc/helseid/tilbake", "/min-side",
        "/min-side/api-nokler", "/admin/organisasjoner", "/admin/organisasjoner/x", "/losninger",
        "/losninger/x", "/leverandorer/974760673", "/erklaeringer/x", "/bevis/x"}) {
    EXPECT_TRUE(IsWorkspacePath(path)) << path;
  }
  for (const char* path : {"/", "/krav", "/krav/min-side", "/min-sidex", "/administrasjon",
                           "/logg-innx", "/api/v1/products", "/losningerx", "/sok"}) {
    EXPECT_FALSE(IsWorkspacePath(path)) << path;
  }
}

TEST(WorkspaceRoutesTest, MutationsListEveryAccountFormPost) {
  const std::vector<FormRoute>& routes = WorkspaceMutations();
  auto has = [&](const std::string& pattern) {
    for (const FormRoute& r : routes) {
      if (r.method == "POST" && r.pattern == pattern) return true;
    }
    return false;
  };
  for (const char* pattern : {"/logg-inn", "/logg-ut", "/registrer", "/min-side/medlemmer",
                              "/min-side/api-nokler", "/admin/organisasjoner/{organisation}"}) {
    EXPECT_TRUE(has(pattern)) << pattern;
  }
  EXPECT_GT(routes.size(), AccountFormRoutes().size()) << "product pages' form posts are missing";
}

}  // namespace
}  // namespace helsekrav::web
