// Sign-in (password and OpenID Connect), sign-out, registration, password reset and the
// personal workspace: /min-side with members, API keys and the event log.
#include "web/account_pages.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>

#include <nlohmann/json.hpp>

#include "domain/registry.h"
#include "domain/registry_rules.h"
#include "trust/encoding.h"
#include "web/html.h"
#include "web/workspace_common.h"

namespace helsekrav::web {
namespace {

using http::Response;

Response Page(const PageContext& page, const std::string& body, int status = 200) {
  Response r = RenderPage(page, body, status);
  r.cache_control = "no-store";
  return r;
}

PageContext PublicFrame(const WebContext& c, const std::string& title) {
  PageContext page;
  page.title = title;
  page.breadcrumbs = {{"Forside", "/"}, {title, ""}};
  page.last_changed = CatalogDate(c.catalog);
  page.current_path = c.request.path;
  return page;
}

std::string FormStart(const WebContext& c, const std::string& action) {
  return "<form class=\"hk-form\" method=\"post\" action=\"" + Escape(action) + "\">\n" +
         CsrfInput(c.csrf_token);
}

Response WithSessionCookie(const WebContext& c, Response r, const app::SessionToken& token) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(c.services.clock.Now().time_since_epoch())
          .count();
  long max_age =
      token.expires_at > now
          ? static_cast<long>(token.expires_at - now)
          : static_cast<long>(
                std::chrono::duration_cast<std::chrono::seconds>(app::kSessionLifetime).count());
  r.headers.emplace_back("Set-Cookie", http::SetCookie(http::kSessionCookie, token.token, max_age,
                                                       c.services.secure_cookies));
  r.cache_control = "no-store";
  return r;
}

// ---- Sign-in ----------------------------------------------------------------------------

std::string NoticeFor(const std::string& code) {
  if (code == "passord-endret") {
    return Alert("Passordet er endret. Logg inn med det nye passordet.", "success");
  }
  if (code == "logget-ut") return Alert("Du er logget ut.", "info");
  if (code == "passord-byttet") {
    return Alert("Passordet er byttet. Du er logget ut alle andre steder.", "success");
  }
  return "";
}

Response LoginPage(const WebContext& c, const std::string& email, const std::string& next,
                   const std::vector<FieldError>& errors, int status) {
  PageContext page = PublicFrame(c, "Logg inn");
  std::string body = ErrorSummary(errors) + NoticeFor(Param(c.request, "melding"));
  if (c.principal != nullptr) {
    body += AlertHtml("<p class=\"ds-paragraph\">Du er allerede logget inn som " +
                          Escape(c.principal->user.email) + ". Gå til " +
                          Link("/min-side", "Min side") + ".</p>\n",
                      "info");
  }
  body += FormStart(c, "/logg-inn") + HiddenInput("neste", next) +
          TextField("email", "E-post", email, ErrorFor(errors, "email"), "email", "", "username",
                    true) +
          TextField("password", "Passord", "", ErrorFor(errors, "password"), "password", "",
                    "current-password", true) +
          SubmitButton("Logg inn") + "</form>\n";
  body += "<ul class=\"hk-plain-list\">\n<li>" + Link("/glemt-passord", "Glemt passord?") +
          "</li>\n<li>" + Link("/registrer", "Registrer en ny virksomhet") + "</li>\n</ul>\n";
  std::vector<const app::OidcProvider*> providers = c.services.accounts.oidc_providers();
  if (!providers.empty()) {
    body += Heading(2, "Andre måter å logge inn på") + "<ul class=\"hk-plain-list\">\n";
    for (const app::OidcProvider* p : providers) {
      std::string href = "/logg-inn/oidc/" + http::PercentEncode(p->id());
      if (!next.empty()) href += "?neste=" + http::PercentEncode(next);
      body += "<li><a class=\"ds-button\" data-variant=\"secondary\" href=\"" + Escape(href) +
              "\">Logg inn med " + Escape(p->display_name()) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  return Page(page, body, status);
}

Response LoginPost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string email = form->Get("email");
  std::string next = form->Get("neste");
  if (email.empty() || form->Get("password").empty()) {
    std::vector<FieldError> errors;
    if (email.empty()) errors.push_back({"email", "Skriv inn e-postadressen din."});
    if (form->Get("password").empty()) errors.push_back({"password", "Skriv inn passordet."});
    return LoginPage(c, email, next, errors, 422);
  }
  Result<app::SignInResult> token =
      c.services.accounts.SignIn(email, form->Get("password"), c.request.remote_address);
  if (!token.ok()) {
    const Status& s = token.status();
    if (s.code() == StatusCode::kRateLimited || s.code() == StatusCode::kUnavailable) {
      return LoginPage(c, email, next, {{"", s.message()}},
                       s.code() == StatusCode::kRateLimited ? 429 : 503);
    }
    if (s.code() == StatusCode::kUnauthenticated || s.code() == StatusCode::kInvalid) {
      std::string field = s.field() == "password" ? "password" : "email";
      return LoginPage(c, email, next, {{field, s.message()}}, 422);
    }
    return StatusPage(c, s);
  }
  if (!token->session) return SecondFactorPage(c, *token, next, {}, 200);
  return WithSessionCookie(c, http::Redirect(SafeReturnPath(next, "/min-side")), *token->session);
}

Response LogoutPage(const WebContext& c) {
  PageContext page = PublicFrame(c, "Logg ut");
  std::string body;
  if (c.principal == nullptr) {
    body = Paragraph("Du er ikke logget inn.") + "<p class=\"ds-paragraph\">" +
           Link("/logg-inn", "Logg inn") + "</p>\n";
  } else {
    body = Paragraph("Du er logget inn som " + c.principal->user.email + ".") +
           FormStart(c, "/logg-ut") + SubmitButton("Logg ut") + "</form>\n";
  }
  return Page(page, body);
}

Response LogoutPost(const WebContext& c) {
  std::string token = http::CookieValue(c.request.cookie, http::kSessionCookie);
  if (!token.empty()) {
    Status s = c.services.accounts.Logout(token);
    if (!s.ok() && s.code() != StatusCode::kNotFound && s.code() != StatusCode::kUnauthenticated) {
      return StatusPage(c, s);
    }
  }
  Response r = http::Redirect("/");
  r.headers.emplace_back("Set-Cookie",
                         http::SetCookie(http::kSessionCookie, "", 0, c.services.secure_cookies));
  r.cache_control = "no-store";
  return r;
}

}  // namespace

// Sends the browser to the provider's authorisation URL and binds the sign-in (or linking) to
// this browser: the callback must come with the hash of the URL's state in a cookie, so nobody
// can make a victim complete a sign-in the attacker started (login CSRF), or make a victim's
// provider account join the attacker's helsekrav account.
Response RedirectToProvider(const WebContext& c, const std::string& url) {
  std::multimap<std::string, std::string> query;
  std::size_t q = url.find('?');
  if (q != std::string::npos) http::ParseQueryString(std::string_view(url).substr(q + 1), query);
  auto state = query.find("state");
  Response r = http::Redirect(url);
  r.cache_control = "no-store";
  if (state != query.end()) {
    r.headers.emplace_back("Set-Cookie",
                           http::SetCookie(kOidcStateCookie, trust::Sha256Hex(state->second),
                                           std::chrono::seconds(app::kOidcStateLifetime).count(),
                                           c.services.secure_cookies));
  }
  return r;
}

namespace {

Response OidcBegin(const WebContext& c, const std::string& provider) {
  Result<std::string> url = c.services.accounts.BeginOidc(
      provider, SafeReturnPath(Param(c.request, "neste"), "/min-side"));
  if (!url.ok()) {
    if (url.status().code() == StatusCode::kNotFound) {
      return NotFoundPage(c.request, c.catalog, "Innloggingsmetoden");
    }
    return LoginPage(c, "", Param(c.request, "neste"), {{"", url.status().message()}}, 503);
  }
  return RedirectToProvider(c, *url);
}

// A fixed message for an OAuth/OpenID Connect error code from the provider's redirect. The
// code arrives in the query string, so anyone can craft it: it is never shown itself.
std::string OidcErrorMessage(const std::string& code) {
  if (code == "access_denied") return "Innloggingen ble avbrutt.";
  if (code == "login_required" || code == "interaction_required" || code == "consent_required" ||
      code == "account_selection_required") {
    return "Innloggingen ble ikke fullført hos innloggingstjenesten.";
  }
  if (code == "temporarily_unavailable" || code == "server_error") {
    return "Innloggingstjenesten er ikke tilgjengelig akkurat nå.";
  }
  return "Innloggingstjenesten avviste innloggingen.";
}

Response OidcReturn(const WebContext& c, const std::string& provider) {
  std::string error = Param(c.request, "error");
  if (!error.empty()) {
    return LoginPage(c, "", "",
                     {{"", OidcErrorMessage(error) + " Prøv igjen, eller logg inn med e-post."}},
                     401);
  }
  std::string bound = http::CookieValue(c.request.cookie, kOidcStateCookie);
  if (bound.empty() || bound != trust::Sha256Hex(Param(c.request, "state"))) {
    return LoginPage(c, "", "",
                     {{"",
                       "Innloggingen kunne ikke fullføres: den ble ikke startet i denne "
                       "nettleseren. Prøv igjen."}},
                     401);
  }
  auto result = c.services.accounts.CompleteOidc(provider, Param(c.request, "state"),
                                                 Param(c.request, "code"));
  if (!result.ok()) {
    return LoginPage(
        c, "", "", {{"", "Innloggingen kunne ikke fullføres: " + result.status().message()}}, 401);
  }
  Response r = WithSessionCookie(c, http::Redirect(SafeReturnPath(result->second, "/min-side")),
                                 result->first);
  r.headers.emplace_back("Set-Cookie",
                         http::SetCookie(kOidcStateCookie, "", 0, c.services.secure_cookies));
  return r;
}

// ---- Registration ---------------------------------------------------------------------------

struct RegistrationInput {
  std::string orgnr, org_name, kind, municipality_number, website, name, email;
  std::string identifier_kind, identifier, country;  // bodies without a Norwegian orgnr
};

std::vector<Option> IdentifierKindOptions() {
  using I = domain::OrgIdKind;
  std::vector<Option> options;
  for (I k : {I::kOrgnr, I::kNando, I::kAccreditation, I::kForeign}) {
    options.push_back({std::string(domain::Code(k)), std::string(domain::Label(k))});
  }
  return options;
}

std::vector<Option> KindOptions() {
  using K = domain::OrganisationKind;
  std::vector<Option> options;
  for (K k : {K::kSupplier, K::kMunicipality, K::kHealthEnterprise, K::kApprovingBody}) {
    options.push_back({std::string(domain::Code(k)), std::string(domain::Label(k))});
  }
  options[0].label = "Leverandør";
  return options;
}

Response SignUpPage(const WebContext& c, const RegistrationInput& in,
                    const std::vector<FieldError>& errors, int status) {
  PageContext page = PublicFrame(c, "Registrer virksomhet");
  std::string body =
      ErrorSummary(errors) +
      Paragraph(
          "Leverandører, kommuner, helseforetak og godkjenningsorganer kan registrere seg "
          "for å registrere løsninger, erklæringer og bruk. Helsedirektoratet godkjenner "
          "nye virksomheter før de kan publisere noe.") +
      FormStart(c, "/registrer") +
      "<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\" "
      "data-size=\"md\">Virksomheten</legend>\n" +
      TextField("orgnr", "Organisasjonsnummer", in.orgnr, ErrorFor(errors, "orgnr"), "text",
                "9 siffer, slik det står i Enhetsregisteret. Godkjenningsorganer uten norsk "
                "organisasjonsnummer lar feltet stå tomt og fyller ut feltene under.",
                "off") +
      TextField("org_name", "Navn på virksomheten", in.org_name, ErrorFor(errors, "org_name"),
                "text", "", "organization", true) +
      RadioGroup("kind", "Type virksomhet", KindOptions(), in.kind.empty() ? "supplier" : in.kind,
                 ErrorFor(errors, "kind")) +
      TextField("municipality_number", "Kommunenummer", in.municipality_number,
                ErrorFor(errors, "municipality_number"), "text",
                "Bare for kommuner: fire siffer, for eksempel 0301 for Oslo.") +
      TextField("website", "Nettsted (valgfritt)", in.website, ErrorFor(errors, "website"), "url",
                "Adressen må begynne med https://.", "url") +
      "</fieldset>\n<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\" "
      "data-size=\"md\">Godkjenningsorgan uten norsk organisasjonsnummer</legend>\n" +
      Select("identifier_kind", "Identifikator", IdentifierKindOptions(),
             in.identifier_kind.empty() ? "orgnr" : in.identifier_kind,
             ErrorFor(errors, "identifier_kind"),
             "Meldte organer oppgir NANDO-nummeret, akkrediterte sertifiseringsorganer "
             "akkrediteringsnummeret, og utenlandske organer nummeret i hjemlandets register.") +
      TextField("identifier", "Nummer", in.identifier, ErrorFor(errors, "identifier"), "text",
                "For eksempel 2797 (NANDO) eller Norsk akkreditering TEST 001.", "off") +
      TextField("country", "Landkode", in.country, ErrorFor(errors, "country"), "text",
                "Bare for utenlandsk registernummer: to bokstaver, for eksempel SE.", "off") +
      "</fieldset>\n<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\" "
      "data-size=\"md\">Din bruker</legend>\n" +
      TextField("name", "Ditt navn", in.name, ErrorFor(errors, "name"), "text", "", "name", true) +
      TextField("email", "E-post", in.email, ErrorFor(errors, "email"), "email", "", "email",
                true) +
      TextField("password", "Passord", "", ErrorFor(errors, "password"), "password",
                "Minst 12 tegn. En setning du husker er et godt passord.", "new-password", true) +
      "</fieldset>\n" + SubmitButton("Registrer virksomheten") + "</form>\n";
  return Page(page, body, status);
}

// The form field of a status field from Register.
std::string RegistrationField(const std::string& field, const RegistrationInput& in) {
  std::string f = field;
  for (std::string_view prefix : {"org.", "organisation.", "user."}) {
    if (f.rfind(prefix, 0) == 0) {
      if (prefix == "org." || prefix == "organisation.") {
        f = f.substr(prefix.size());
        if (f == "name") return "org_name";
        return f;
      }
      f = f.substr(prefix.size());
    }
  }
  // The user is validated before the organisation: a "name" error with a valid user name is
  // the organisation's.
  if (f == "name" && !in.name.empty() && in.name.size() <= domain::kMaxNameLength) {
    return "org_name";
  }
  if (f == "municipality" || f == "kommunenummer") return "municipality_number";
  if (f == "organisation_number") return "orgnr";
  for (std::string_view known :
       {"orgnr", "org_name", "kind", "municipality_number", "website", "name", "email", "password",
        "identifier_kind", "identifier", "country"}) {
    if (f == known) return f;
  }
  return "";
}

Response RegisterPost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  RegistrationInput in{form->Get("orgnr"),      form->Get("org_name"),
                       form->Get("kind"),       form->Get("municipality_number"),
                       form->Get("website"),    form->Get("name"),
                       form->Get("email"),      form->Get("identifier_kind"),
                       form->Get("identifier"), form->Get("country")};
  std::optional<domain::OrganisationKind> kind = domain::Parse<domain::OrganisationKind>(in.kind);
  if (!kind || *kind == domain::OrganisationKind::kAuthority) {
    return SignUpPage(c, in, {{"kind", "Velg hva slags virksomhet dere er."}}, 422);
  }
  std::optional<domain::OrgIdKind> id_kind =
      in.identifier_kind.empty() ? domain::OrgIdKind::kOrgnr
                                 : domain::Parse<domain::OrgIdKind>(in.identifier_kind);
  if (!id_kind) return SignUpPage(c, in, {{"identifier_kind", "Velg en identifikator."}}, 422);
  app::Registration reg;
  reg.email = in.email;
  reg.name = in.name;
  reg.password = form->Get("password");
  reg.org.id_kind = *id_kind;
  // Only the fields of the chosen kind reach the account; the others keep what was typed.
  if (*id_kind == domain::OrgIdKind::kOrgnr) {
    reg.org.orgnr = in.orgnr;
  } else {
    reg.org.identifier = in.identifier;
    reg.org.country = *id_kind == domain::OrgIdKind::kForeign ? in.country : "";
  }
  reg.org.name = in.org_name;
  reg.org.kind = *kind;
  reg.org.municipality_number =
      *kind == domain::OrganisationKind::kMunicipality ? in.municipality_number : "";
  reg.org.website = in.website;
  Status s = c.services.accounts.SubmitRegistration(reg, c.request.remote_address);
  if (!s.ok()) {
    if (s.code() == StatusCode::kInvalid) {
      return SignUpPage(c, in, {{RegistrationField(s.field(), in), s.message()}}, 422);
    }
    if (s.code() == StatusCode::kConflict) {
      return SignUpPage(c, in, {{RegistrationField(s.field(), in), s.message()}}, 409);
    }
    if (s.code() == StatusCode::kRateLimited)
      return SignUpPage(c, in, {{"email", s.message()}}, 429);
    return StatusPage(c, s);
  }
  // The same answer whether or not the e-mail already had an account (see SubmitRegistration).
  return http::Redirect("/registrer?melding=mottatt");
}

Response RegisteredPage(const WebContext& c) {
  PageContext page = PublicFrame(c, "Registrer virksomhet");
  std::string body = Alert("Takk! Registreringen er mottatt.", "success") +
                     Paragraph(
                         "Logg inn med e-postadressen og passordet du valgte for å følge med på "
                         "godkjenningen. Helsedirektoratet godkjenner nye virksomheter før de "
                         "kan publisere noe.") +
                     Paragraph(c.services.accounts.mail_delivers()
                                   ? "Hadde e-postadressen allerede en konto hos oss, er det "
                                     "ikke opprettet noen ny. Da har vi sendt en e-post til "
                                     "adressen om hva du kan gjøre."
                                   : "Hadde e-postadressen allerede en konto hos oss, er det "
                                     "ikke opprettet noen ny. Logg da inn med den kontoen.") +
                     "<p class=\"ds-paragraph\">" +
                     Link("/logg-inn?neste=%2Fmin-side", "Logg inn") + "</p>\n";
  return Page(page, body);
}

// ---- Password reset -------------------------------------------------------------------------

Response ForgotPage(const WebContext& c, const std::string& email,
                    const std::vector<FieldError>& errors, int status, bool sent) {
  PageContext page = PublicFrame(c, "Glemt passord");
  std::string body = ErrorSummary(errors);
  if (!c.services.accounts.mail_delivers()) {
    body += Alert(
        "E-post er ikke satt opp på denne tjenesten, så vi kan ikke sende deg en lenke for nytt "
        "passord. Kontakt forvalteren av tjenesten.",
        "warning");
    body += "<p class=\"ds-paragraph\">" + Link("/logg-inn", "Tilbake til innlogging") + "</p>\n";
    return Page(page, body, status);
  }
  if (sent) {
    body += Alert(
        "Hvis e-postadressen er registrert hos oss, har vi sendt en lenke der du kan velge nytt "
        "passord. Lenken gjelder i 30 minutter.",
        "success");
    body += "<p class=\"ds-paragraph\">" + Link("/logg-inn", "Tilbake til innlogging") + "</p>\n";
    return Page(page, body, status);
  }
  body +=
      Paragraph(
          "Skriv inn e-postadressen du logger inn med, så sender vi deg en lenke der du "
          "kan velge nytt passord.") +
      FormStart(c, "/glemt-passord") +
      TextField("email", "E-post", email, ErrorFor(errors, "email"), "email", "", "email", true) +
      SubmitButton("Send lenke") + "</form>\n";
  return Page(page, body, status);
}

Response ForgotPost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string email = form->Get("email");
  if (email.empty()) {
    return ForgotPage(c, email, {{"email", "Skriv inn e-postadressen din."}}, 422, false);
  }
  Status s = c.services.accounts.RequestPasswordReset(email, c.request.remote_address);
  if (s.code() == StatusCode::kRateLimited)
    return ForgotPage(c, email, {{"email", s.message()}}, 429, false);
  if (s.code() == StatusCode::kUnavailable) return ForgotPage(c, email, {}, 503, false);
  if (!s.ok() && s.code() != StatusCode::kInvalid) return StatusPage(c, s);
  return ForgotPage(c, email, {}, 200, true);
}

Response ResetPage(const WebContext& c, const std::string& token,
                   const std::vector<FieldError>& errors, int status) {
  PageContext page = PublicFrame(c, "Velg nytt passord");
  std::string body = ErrorSummary(errors);
  if (token.empty()) {
    body += Paragraph("Lenken mangler koden fra e-posten. Be om en ny lenke.") +
            "<p class=\"ds-paragraph\">" + Link("/glemt-passord", "Be om ny lenke") + "</p>\n";
    return Page(page, body, status == 200 ? 400 : status);
  }
  body += FormStart(c, "/nytt-passord") + HiddenInput("token", token) +
          TextField("password", "Nytt passord", "", ErrorFor(errors, "password"), "password",
                    "Minst 12 tegn.", "new-password", true) +
          TextField("password2", "Gjenta nytt passord", "", ErrorFor(errors, "password2"),
                    "password", "", "new-password", true) +
          SubmitButton("Lagre nytt passord") + "</form>\n";
  return Page(page, body, status);
}

Response ResetPost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string token = form->Get("token");
  std::string password = form->Get("password");
  if (password.empty()) {
    return ResetPage(c, token, {{"password", "Skriv inn et nytt passord."}}, 422);
  }
  if (password != form->Get("password2")) {
    return ResetPage(c, token, {{"password2", "Passordene er ikke like."}}, 422);
  }
  Status s = c.services.accounts.ResetPassword(token, password);
  if (!s.ok()) {
    if (s.code() == StatusCode::kInvalid && s.field() == "password") {
      return ResetPage(c, token, {{"password", s.message()}}, 422);
    }
    if (s.code() == StatusCode::kInvalid || s.code() == StatusCode::kNotFound) {
      PageContext page = PublicFrame(c, "Velg nytt passord");
      return Page(
          page,
          ErrorSummary({{"", "Lenken er ugyldig, brukt eller utløpt. Be om en ny lenke."}}) +
              "<p class=\"ds-paragraph\">" + Link("/glemt-passord", "Be om ny lenke") + "</p>\n",
          422);
    }
    return StatusPage(c, s);
  }
  return http::Redirect("/logg-inn?melding=passord-endret");
}

// ---- Change password -----------------------------------------------------------------------

Response ChangePasswordPage(const WebContext& c, const std::vector<FieldError>& errors,
                            int status) {
  if (c.principal == nullptr) return LoginRedirect(c);
  PageContext page = WorkspaceFrame(c, "Bytt passord", {{"Bytt passord", ""}});
  std::string body =
      ErrorSummary(errors) +
      Paragraph(
          "Når du har byttet passord, blir du logget ut alle andre steder du er logget inn.") +
      FormStart(c, "/min-side/passord") +
      // The e-mail lets password managers know which account the new password belongs to.
      "<input type=\"hidden\" name=\"email\" autocomplete=\"username\" value=\"" +
      Escape(c.principal->user.email) + "\">\n" +
      TextField("current_password", "Nåværende passord", "", ErrorFor(errors, "current_password"),
                "password", "", "current-password", true) +
      TextField("password", "Nytt passord", "", ErrorFor(errors, "password"), "password",
                "Minst 12 tegn. En setning du husker er et godt passord.", "new-password", true) +
      TextField("password2", "Gjenta nytt passord", "", ErrorFor(errors, "password2"), "password",
                "", "new-password", true) +
      SubmitButton("Bytt passord") + "</form>\n";
  return Page(page, body, status);
}

Response ChangePasswordPost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::vector<FieldError> errors;
  if (form->Get("current_password").empty()) {
    errors.push_back({"current_password", "Skriv inn det nåværende passordet ditt."});
  }
  if (form->Get("password").empty()) {
    errors.push_back({"password", "Skriv inn et nytt passord."});
  } else if (form->Get("password") != form->Get("password2")) {
    errors.push_back({"password2", "Passordene er ikke like."});
  }
  if (!errors.empty()) return ChangePasswordPage(c, errors, 422);
  Status s = c.services.accounts.ChangePassword(*c.principal, form->Get("current_password"),
                                                form->Get("password"));
  if (!s.ok()) {
    if (s.code() == StatusCode::kInvalid) {
      std::string field = s.field() == "current_password" ? "current_password" : "password";
      return ChangePasswordPage(c, {{field, s.message()}}, 422);
    }
    if (s.code() == StatusCode::kRateLimited) {
      return ChangePasswordPage(c, {{"current_password", s.message()}}, 429);
    }
    return StatusPage(c, s);
  }
  return http::Redirect("/min-side?melding=passord-byttet");
}

// ---- Min side ------------------------------------------------------------------------------

std::string StatusTag(domain::OrgStatus status) {
  const char* color = status == domain::OrgStatus::kApproved   ? "success"
                      : status == domain::OrgStatus::kRejected ? "danger"
                                                               : "warning";
  return Tag(domain::Label(status), color);
}

std::string OrgName(const WebContext& c, const std::string& org_id) {
  const domain::OrgAccount* org = c.registry.FindOrg(org_id);
  if (org != nullptr) return org->name;
  if (c.principal != nullptr && c.principal->org.id == org_id) return c.principal->org.name;
  return org_id;
}

std::string SectionLinks(const WebContext& c) {
  const app::Principal& p = *c.principal;
  using K = domain::OrganisationKind;
  // Literals only: (href, label). Pairs of std::string here made GCC 12 at -O3 report a false
  // -Warray-bounds inside vector growth.
  std::vector<std::pair<const char*, const char*>> links;
  links.reserve(8);
  K kind = p.org.kind;
  if (kind == K::kSupplier) {
    links.emplace_back("/min-side/losninger", "Løsninger");
    links.emplace_back("/min-side/erklaeringer", "Erklæringer");
    links.emplace_back("/min-side/sertifikater", "Sertifikater");
  }
  if (kind == K::kApprovingBody || kind == K::kAuthority) {
    links.emplace_back("/min-side/godkjenninger", "Godkjenninger");
    links.emplace_back("/min-side/sertifikater", "Sertifikater til bekreftelse");
  }
  if (kind == K::kMunicipality || kind == K::kHealthEnterprise) {
    links.emplace_back("/min-side/i-bruk", "Løsninger vi bruker");
  }
  if (p.actor.role == domain::Role::kAdmin) {
    links.emplace_back("/min-side/medlemmer", "Medlemmer");
    links.emplace_back("/min-side/api-nokler", "API-nøkler");
    links.emplace_back("/min-side/webhooker", "Webhooker");
    if (kind == K::kAuthority) {
      links.emplace_back("/admin/organisasjoner", "Godkjenn organisasjoner");
      links.emplace_back("/min-side/hendelser", "Alle hendelser");
    } else {
      links.emplace_back("/min-side/hendelser", "Hendelseslogg");
    }
  }
  if (links.empty()) return "";
  std::string html = Heading(2, "Arbeidsområder") + "<ul class=\"hk-plain-list\">\n";
  for (const auto& [href, label] : links) html += "<li>" + Link(href, label) + "</li>\n";
  return html + "</ul>\n";
}

Response MinSide(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  const app::Principal& p = *c.principal;
  PageContext page = WorkspaceFrame(c, "Min side");
  page.breadcrumbs = {{"Forside", "/"}, {"Min side", ""}};
  std::string body = NoticeFor(Param(c.request, "melding"));
  body += Heading(2, "Deg") +
          Facts({{"Navn", Escape(p.user.name)}, {"E-post", Escape(p.user.email)}}) +
          "<p class=\"ds-paragraph\">" + Link("/min-side/passord", "Bytt passord") + "</p>\n" +
          FormStart(c, "/logg-ut") + SubmitButton("Logg ut", "secondary") + "</form>\n";
  body += AccountSecuritySection(c);
  if (p.org.id.empty()) {
    body += Heading(2, "Virksomhet") +
            Alert("Du er ikke knyttet til noen virksomhet ennå.", "info") +
            "<p class=\"ds-paragraph\">Er virksomheten din allerede registrert, ber du en "
            "administrator der om å invitere deg. Ellers kan du " +
            Link("/registrer", "registrere virksomheten") +
            ". Helsedirektoratet godkjenner nye virksomheter.</p>\n";
    return Page(page, body);
  }
  const domain::OrgAccount& org = p.org;  // fresh from the session, unlike the registry view
  body += Heading(2, "Virksomhet");
  if (org.status == domain::OrgStatus::kPending) {
    body += Alert(
        "Virksomheten venter på godkjenning av Helsedirektoratet. Til den er godkjent, kan dere "
        "ikke registrere løsninger, erklæringer eller bruk av løsninger.",
        "warning");
  } else if (org.status == domain::OrgStatus::kRejected) {
    body += Alert("Helsedirektoratet har avvist registreringen" +
                      (org.decision_note.empty() ? std::string(".") : ": " + org.decision_note),
                  "danger");
  }
  body += Facts({{"Navn", Escape(org.name)},
                 IdentifierFact(org),
                 {"Type", Escape(domain::Label(org.kind))},
                 {"Kommunenummer", Escape(org.municipality_number)},
                 {"Nettsted", org.website.empty() ? "" : Link(org.website, org.website)},
                 {"Status", StatusTag(org.status)},
                 {"Din rolle", Escape(domain::Label(p.actor.role))}});
  if (p.memberships.size() > 1) {
    std::vector<Option> options;
    for (const domain::Membership& m : p.memberships) {
      options.push_back(
          {m.org_id, OrgName(c, m.org_id) + " (" + std::string(domain::Label(m.role)) + ")"});
    }
    body += FormStart(c, "/min-side/organisasjon") +
            Select("org_id", "Bytt virksomhet", options, p.org.id) +
            SubmitButton("Bytt", "secondary") + "</form>\n";
  }
  body += SectionLinks(c);
  return Page(page, body);
}

Response SwitchPost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  Status s = c.services.accounts.SwitchOrganisation(*c.principal, form->Get("org_id"));
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side");
}

// ---- Members -------------------------------------------------------------------------------

std::vector<Option> RoleOptions() {
  std::vector<Option> options;
  for (domain::Role r : {domain::Role::kViewer, domain::Role::kEditor, domain::Role::kAdmin}) {
    options.push_back({std::string(domain::Code(r)), std::string(domain::Label(r))});
  }
  return options;
}

struct MemberInput {
  std::string email, name, role = "viewer";
};

Response MembersPage(const WebContext& c, const MemberInput& in,
                     const std::vector<FieldError>& errors, int status) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Result<std::vector<app::MemberInfo>> members = c.services.accounts.ListMembers(*c.principal);
  if (!members.ok()) return StatusPage(c, members.status());
  PageContext page = WorkspaceFrame(c, "Medlemmer", {{"Medlemmer", ""}});
  std::string body = ErrorSummary(errors);
  std::string notice = Param(c.request, "melding");
  const bool mail = c.services.accounts.mail_delivers();
  if (notice == "invitert") {
    body += Alert(mail ? "Invitasjonen er sendt. Personen blir medlem når hen godtar den."
                       : "Invitasjonen er lagret, men ingen e-post ble sendt fordi e-post ikke er "
                         "satt opp på denne tjenesten. Be personen logge inn og godta "
                         "invitasjonen under Min side.",
                  mail ? "success" : "warning");
  }
  if (notice == "fjernet") body += Alert("Medlemmet er fjernet.", "success");
  if (notice == "invitasjon-trukket") body += Alert("Invitasjonen er trukket tilbake.", "success");
  Result<std::vector<app::InvitationInfo>> invitations =
      c.services.accounts.ListInvitations(*c.principal);
  if (!invitations.ok()) return StatusPage(c, invitations.status());
  body += Paragraph("Medlemmer av " + c.principal->org.name + " og rollene deres.") +
          "<table class=\"ds-table\">\n<caption>Medlemmer</caption>\n<thead><tr><th "
          "scope=\"col\">Navn</th><th scope=\"col\">E-post</th><th scope=\"col\">Rolle</th><th "
          "scope=\"col\">Handling</th></tr></thead>\n<tbody>\n";
  for (const app::MemberInfo& m : *members) {
    body += "<tr><td>" + Escape(m.user.name) + "</td><td>" + Escape(m.user.email) + "</td><td>" +
            Escape(domain::Label(m.role)) + "</td><td>";
    if (m.user.id != c.principal->user.id) {
      body += FormStart(c, "/min-side/medlemmer/" + http::PercentEncode(m.user.id) + "/fjern") +
              "<button class=\"ds-button\" data-variant=\"tertiary\" type=\"submit\">Fjern "
              "<span class=\"ds-sr-only\">" +
              Escape(m.user.name.empty() ? m.user.email : m.user.name) + "</span></button>\n" +
              "</form>";
    } else {
      body += "Deg";
    }
    body += "</td></tr>\n";
  }
  // Invited people appear only by the address the admin typed until they accept (review M4).
  for (const app::InvitationInfo& i : *invitations) {
    body += "<tr><td>" + Tag("invitert", "info") + "</td><td>" + Escape(i.email) + "</td><td>" +
            Escape(domain::Label(i.role)) + "</td><td>" +
            FormStart(c, "/min-side/medlemmer/invitasjoner/" + http::PercentEncode(i.id) +
                             "/trekk-tilbake") +
            "<button class=\"ds-button\" data-variant=\"tertiary\" type=\"submit\">Trekk "
            "tilbake invitasjonen <span class=\"ds-sr-only\">til " +
            Escape(i.email) + "</span></button>\n</form></td></tr>\n";
  }
  body +=
      "</tbody>\n</table>\n" + Heading(2, "Inviter medlem") +
      Paragraph(std::string(mail ? "Vi sender en invitasjon til e-postadressen. "
                                 : "E-post er ikke satt opp på denne tjenesten, så invitasjonen "
                                   "sendes ikke på e-post: personen ser den under Min side når hen "
                                   "logger inn. ") +
                "Personen blir medlem først når hen godtar invitasjonen. Invitasjonen gjelder i 7 "
                "dager.") +
      FormStart(c, "/min-side/medlemmer") +
      TextField("email", "E-post", in.email, ErrorFor(errors, "email"), "email", "", "off", true) +
      Select("role", "Rolle", RoleOptions(), in.role, ErrorFor(errors, "role"),
             "Lesetilgang ser alt, redaktør kan endre innhold, administrator styrer også "
             "medlemmer og API-nøkler.") +
      SubmitButton("Send invitasjon") + "</form>\n";
  return Page(page, body, status);
}

Response AddMemberPost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  MemberInput in{form->Get("email"), "", form->Get("role")};
  std::optional<domain::Role> role = domain::Parse<domain::Role>(in.role);
  if (!role) return MembersPage(c, in, {{"role", "Velg en rolle."}}, 422);
  Status s = c.services.accounts.InviteMember(*c.principal, in.email, *role);
  if (s.code() == StatusCode::kInvalid) {
    std::string field = s.field() == "role" ? s.field() : "email";
    return MembersPage(c, in, {{field, s.message()}}, 422);
  }
  if (s.code() == StatusCode::kConflict) return MembersPage(c, in, {{"email", s.message()}}, 409);
  if (s.code() == StatusCode::kRateLimited) return MembersPage(c, in, {{"", s.message()}}, 429);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side/medlemmer?melding=invitert");
}

Response RemoveMemberPost(const WebContext& c, const std::string& user_id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = c.services.accounts.RemoveMember(*c.principal, user_id);
  if (s.code() == StatusCode::kInvalid || s.code() == StatusCode::kConflict) {
    return MembersPage(c, {}, {{"", s.message()}}, s.code() == StatusCode::kConflict ? 409 : 422);
  }
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side/medlemmer?melding=fjernet");
}

// ---- API keys ------------------------------------------------------------------------------

std::string ScopeLabel(const std::string& scope) {
  if (scope == "read") return "Lese";
  if (scope == "write") return "Skrive";
  return scope;
}

std::vector<Option> TokenLifetimeOptions() {
  return {{"30", "30 dager"},
          {"90", "90 dager"},
          {"180", "180 dager"},
          {std::to_string(app::kApiTokenMaxDays), "1 år (365 dager)"}};
}

// The status cell of an unrevoked token: active until its expiry, with a warning within
// kApiTokenWarnDays, or expired.
std::string TokenExpiryStatus(const app::ApiTokenInfo& t, std::int64_t now) {
  constexpr std::int64_t kDay = std::int64_t{24} * 60 * 60;
  if (t.expires_at <= now) return Tag("Utløpt " + FormatTime(t.expires_at), "danger");
  std::string html = Tag("Aktiv", "success") + " til " + Escape(FormatTime(t.expires_at));
  const std::int64_t days = (t.expires_at - now + kDay - 1) / kDay;
  if (days <= app::kApiTokenWarnDays) {
    html +=
        " " + Tag(days == 1 ? "utløper om 1 dag" : "utløper om " + std::to_string(days) + " dager",
                  "warning");
  }
  return html;
}

Response ApiKeysPage(const WebContext& c, const std::string& name,
                     const std::vector<std::string>& scopes, const std::vector<FieldError>& errors,
                     int status, const std::string& created_token,
                     const std::string& days = std::to_string(app::kApiTokenDefaultDays)) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Result<std::vector<app::ApiTokenInfo>> tokens = c.services.accounts.ListApiTokens(*c.principal);
  if (!tokens.ok()) return StatusPage(c, tokens.status());
  PageContext page = WorkspaceFrame(c, "API-nøkler", {{"API-nøkler", ""}});
  std::string body = ErrorSummary(errors);
  if (!created_token.empty()) {
    body += AlertHtml(
        "<h2 class=\"ds-heading\" data-size=\"xs\">Ny API-nøkkel</h2>\n"
        "<p class=\"ds-paragraph\">Kopier nøkkelen nå og lagre den et trygt sted, for eksempel i "
        "et passordhvelv. Den vises bare denne ene gangen; mister du den, må du lage en ny.</p>\n"
        "<p class=\"ds-paragraph\"><code class=\"hk-token\">" +
            Escape(created_token) +
            "</code></p>\n<p class=\"ds-paragraph\">Marker teksten og kopier den (Ctrl+C eller "
            "Cmd+C). Send den i API-kall som <code>Authorization: Bearer "
            "&lt;nøkkel&gt;</code>.</p>\n",
        "success");
  }
  if (Param(c.request, "melding") == "trukket-tilbake") {
    body += Alert("API-nøkkelen er trukket tilbake.", "success");
  }
  body += Paragraph("API-nøkler gir systemer tilgang til virksomhetens data i det åpne API-et.");
  if (tokens->empty()) {
    body += Paragraph("Virksomheten har ingen API-nøkler.");
  } else {
    body +=
        "<table class=\"ds-table\">\n<caption>API-nøkler</caption>\n<thead><tr><th "
        "scope=\"col\">Navn</th><th scope=\"col\">Tilgang</th><th scope=\"col\">Opprettet</th><th "
        "scope=\"col\">Status</th><th scope=\"col\">Handling</th></tr></thead>\n<tbody>\n";
    for (const app::ApiTokenInfo& t : *tokens) {
      std::string scope_text;
      for (const std::string& s : t.scopes) {
        scope_text += (scope_text.empty() ? "" : ", ") + ScopeLabel(s);
      }
      body += "<tr><td>" + Escape(t.name) + "</td><td>" + Escape(scope_text) + "</td><td>" +
              Escape(FormatTime(t.created_at)) + "</td><td>";
      if (t.revoked_at != 0) {
        body += Tag("Trukket tilbake " + FormatTime(t.revoked_at), "neutral") + "</td><td>";
      } else {
        const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                     c.services.clock.Now().time_since_epoch())
                                     .count();
        body += TokenExpiryStatus(t, now);
        body +=
            "</td><td>" +
            FormStart(c, "/min-side/api-nokler/" + http::PercentEncode(t.id) + "/trekk-tilbake") +
            "<button class=\"ds-button\" data-variant=\"tertiary\" type=\"submit\">Trekk "
            "tilbake <span class=\"ds-sr-only\">" +
            Escape(t.name) + "</span></button>\n</form>";
      }
      body += "</td></tr>\n";
    }
    body += "</tbody>\n</table>\n";
  }
  body += Heading(2, "Lag ny API-nøkkel") + FormStart(c, "/min-side/api-nokler") +
          TextField("name", "Navn", name, ErrorFor(errors, "name"), "text",
                    "Hva nøkkelen brukes til, for eksempel «Journalsystemets integrasjon».", "off",
                    true) +
          CheckboxGroup("scopes", "Tilgang",
                        {{"read", "Lese",
                          "Hente virksomhetens data, også det som ikke er "
                          "publisert."},
                         {"write", "Skrive", "Registrere og endre løsninger og erklæringer."}},
                        scopes, ErrorFor(errors, "scopes")) +
          Select("dager", "Gyldig i", TokenLifetimeOptions(), days, ErrorFor(errors, "dager"),
                 "Nøkkelen slutter å virke etter dette. Lag en ny før den utløper.") +
          SubmitButton("Lag nøkkel") + "</form>\n";
  return Page(page, body, status);
}

Response CreateKeyPost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string name = form->Get("name");
  std::vector<std::string> scopes = form->GetAll("scopes");
  std::string days = form->Get("dager");
  if (days.empty()) days = std::to_string(app::kApiTokenDefaultDays);
  if (scopes.empty()) {
    return ApiKeysPage(c, name, scopes, {{"scopes", "Velg minst én tilgang."}}, 422, "", days);
  }
  int valid_days = 0;
  const char* days_end = days.data() + days.size();
  auto [parsed_to, parse_error] = std::from_chars(days.data(), days_end, valid_days);
  if (parse_error != std::errc() || parsed_to != days_end || valid_days < 1 ||
      valid_days > app::kApiTokenMaxDays) {
    return ApiKeysPage(c, name, scopes,
                       {{"dager", "Velg hvor lenge nøkkelen skal gjelde (høyst ett år)."}}, 422, "",
                       std::to_string(app::kApiTokenDefaultDays));
  }
  auto created = c.services.accounts.CreateApiToken(*c.principal, name, scopes, valid_days);
  if (!created.ok()) {
    const Status& s = created.status();
    if (s.code() == StatusCode::kInvalid) {
      std::string field = s.field().rfind("scope", 0) == 0 ? "scopes"
                          : s.field() == "expires"         ? "dager"
                                                           : "name";
      return ApiKeysPage(c, name, scopes, {{field, s.message()}}, 422, "", days);
    }
    if (s.code() == StatusCode::kConflict) {
      return ApiKeysPage(c, name, scopes, {{"name", s.message()}}, 409, "", days);
    }
    return StatusPage(c, s);
  }
  return ApiKeysPage(c, "", {}, {}, 200, created->second);
}

Response RevokeKeyPost(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = c.services.accounts.RevokeApiToken(*c.principal, id);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side/api-nokler?melding=trukket-tilbake");
}

// ---- Events --------------------------------------------------------------------------------

std::string EntityLabel(const std::string& kind) {
  static const std::map<std::string, std::string> kLabels = {
      {"product", "Løsning"},
      {"product_version", "Versjon"},
      {"version", "Versjon"},
      {"deployment", "Bruk"},
      {"declaration", "Erklæring"},
      {"evidence", "Bevis"},
      {"evidence_file", "Bevisfil"},
      {"file", "Fil"},
      {"org", "Virksomhet"},
      {"organisation", "Virksomhet"},
      {"user", "Bruker"},
      {"membership", "Medlemskap"},
      {"oidc_identity", "Innloggingskobling"},
      {"invitation", "Invitasjon"},
      {"api_token", "API-nøkkel"},
      {"session", "Innlogging"},
      {"password", "Passord"}};
  auto it = kLabels.find(kind);
  return it == kLabels.end() ? kind : it->second;
}

std::string ActionLabel(const std::string& action) {
  static const std::map<std::string, std::string> kLabels = {
      {"created", "opprettet"},
      {"updated", "endret"},
      {"deleted", "slettet"},
      {"removed", "fjernet"},
      {"added", "lagt til"},
      {"published", "publisert"},
      {"submitted", "sendt inn"},
      {"withdrawn", "trukket tilbake"},
      {"superseded", "erstattet"},
      {"approved", "godkjent"},
      {"rejected", "avvist"},
      {"revoked", "trukket tilbake"},
      {"registered", "registrert"},
      {"needs_review", "må vurderes på nytt"},
      {"uploaded", "lastet opp"},
      {"imported", "importert"},
      {"role_changed", "fikk ny rolle"},
      {"password_reset", "fikk nytt passord"},
      {"signed_in", "logget inn"},
      {"member_added", "lagt til"},
      {"member_removed", "fjernet"},
      {"token_created", "opprettet"},
      {"token_revoked", "trukket tilbake"},
      {"password_reset_requested", "ba om nytt passord"},
      {"password_changed", "byttet passord"},
      {"sessions_ended", "alle innlogginger avsluttet"},
      {"linked", "koblet til"},
      {"member_invited", "sendt"},
      {"invitation_withdrawn", "trukket tilbake"},
      {"invitation_accepted", "godtatt"},
      {"invitation_declined", "avslått"},
      {"totp_enabled", "slo på tofaktorinnlogging"},
      {"deployment_recorded", "registrert"},
      {"deployment_ended", "avsluttet"},
      {"declaration_created", "opprettet"},
      {"version_added", "lagt til"},
      {"answers_saved", "svar lagret"},
      {"evidence_uploaded", "lastet opp"},
      {"prefilled", "forhåndsutfylt"},
      {"login", "logget inn"}};
  auto it = kLabels.find(action);
  return it == kLabels.end() ? action : it->second;
}

std::string FieldLabel(const std::string& key) {
  static const std::map<std::string, std::string> kLabels = {{"status", "status"},
                                                             {"name", "navn"},
                                                             {"note", "begrunnelse"},
                                                             {"role", "rolle"},
                                                             {"email", "e-post"},
                                                             {"orgnr", "organisasjonsnummer"},
                                                             {"kind", "type"},
                                                             {"website", "nettsted"},
                                                             {"scopes", "tilgang"},
                                                             {"description", "beskrivelse"},
                                                             {"categories", "kategorier"},
                                                             {"version", "versjon"},
                                                             {"profile", "kravprofil"},
                                                             {"municipalities", "kommuner"},
                                                             {"since", "fra"},
                                                             {"until", "til"},
                                                             {"integrations", "integrasjoner"}};
  auto it = kLabels.find(key);
  return it == kLabels.end() ? key : it->second;
}

// A code of one of the vocabularies as its Norwegian label, for the field `key`.
std::string CodeLabel(const std::string& key, const std::string& code) {
  auto label = [&](auto parsed) -> std::string {
    return parsed ? std::string(domain::Label(*parsed)) : std::string();
  };
  std::string text;
  if (key == "status") {
    text = label(domain::Parse<domain::OrgStatus>(code));
    if (text.empty()) text = label(domain::Parse<domain::DeclarationStatus>(code));
    if (text.empty()) text = label(domain::Parse<domain::ProductVersionStatus>(code));
  } else if (key == "role") {
    text = label(domain::Parse<domain::Role>(code));
  } else if (key == "kind") {
    text = label(domain::Parse<domain::OrganisationKind>(code));
  }
  return text.empty() ? code : text;
}

std::string JsonText(const std::string& key, const nlohmann::ordered_json& value) {
  std::string text;
  if (value.is_string()) {
    text = CodeLabel(key, value.get<std::string>());
  } else if (value.is_null()) {
    text = "–";
  } else {
    text = value.dump();
  }
  if (text.empty()) text = "«»";
  if (text.size() > 200) text = text.substr(0, 200) + "…";
  return text;
}

// An event's changes JSON as a list «felt: fra → til»; the raw text when it is not an object.
std::string ChangesHtml(const std::string& changes) {
  if (changes.empty() || changes == "{}") return "";
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(changes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return "<code class=\"hk-changes\">" + Escape(changes) + "</code>";
  }
  std::string html = "<ul class=\"hk-plain-list hk-changes\">\n";
  for (const auto& [key, value] : json.items()) {
    std::string text;
    if (value.is_object() && value.contains("from") && value.contains("to")) {
      text = JsonText(key, value["from"]) + " → " + JsonText(key, value["to"]);
    } else {
      if (value.is_string() && value.get<std::string>().empty()) continue;
      text = JsonText(key, value);
    }
    html += "<li>" + Escape(FieldLabel(key)) + ": " + Escape(text) + "</li>\n";
  }
  return html + "</ul>";
}

Response EventsPage(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  const app::Principal& p = *c.principal;
  bool authority = p.org.kind == domain::OrganisationKind::kAuthority;
  store::EventQuery query;
  query.limit = 50;
  std::string org_filter = Param(c.request, "virksomhet");
  query.org_id = authority ? org_filter : p.org.id;
  std::string before = Param(c.request, "before");
  if (!before.empty()) {
    char* end = nullptr;
    long long seq = std::strtoll(before.c_str(), &end, 10);
    if (end == before.c_str() || *end != '\0' || seq <= 0) {
      PageContext page = WorkspaceFrame(c, "Hendelseslogg", {{"Hendelseslogg", ""}});
      Response r = BadRequestPage(c.catalog, page, {"before må være et positivt heltall."});
      r.cache_control = "no-store";
      return r;
    }
    query.before_seq = seq;
  }
  Result<std::vector<domain::Event>> events = c.services.registry.ListEvents(p.actor, query);
  if (!events.ok()) return StatusPage(c, events.status());

  std::map<std::string, std::string> names;  // user id → name, for the own organisation
  names[p.user.id] = p.user.name;
  if (p.actor.role == domain::Role::kAdmin) {
    Result<std::vector<app::MemberInfo>> members = c.services.accounts.ListMembers(p);
    if (members.ok()) {
      for (const app::MemberInfo& m : *members) names[m.user.id] = m.user.name;
    }
  }

  PageContext page = WorkspaceFrame(c, authority ? "Alle hendelser" : "Hendelseslogg",
                                    {{authority ? "Alle hendelser" : "Hendelseslogg", ""}});
  std::string body = Paragraph(
      authority ? "Alle endringer i registeret, nyeste først."
                : "Alle endringer i virksomhetens data, nyeste først. Loggen kan ikke endres.");
  if (authority) {
    std::vector<Option> options = {{"", "Alle virksomheter"}};
    for (const domain::OrgAccount& o : c.registry.orgs()) {
      options.push_back({o.id, o.name + " (" + domain::OrgIdentifierText(o) + ")"});
    }
    body += "<form class=\"hk-inline-form\" method=\"get\" action=\"/min-side/hendelser\">\n" +
            Select("virksomhet", "Virksomhet", options, org_filter) +
            SubmitButton("Vis", "secondary") + "</form>\n";
  }
  if (events->empty()) {
    body += Paragraph("Ingen hendelser.");
  } else {
    body +=
        "<div class=\"hk-table-scroll\">\n<table class=\"ds-table\">\n<caption>Hendelser"
        "</caption>\n<thead><tr><th scope=\"col\">Når</th><th scope=\"col\">Hvem</th><th "
        "scope=\"col\">Hva</th><th scope=\"col\">Endringer</th></tr></thead>\n<tbody>\n";
    for (const domain::Event& e : *events) {
      std::string who;
      if (e.actor_user.empty()) {
        who = "Systemet";
      } else {
        auto it = names.find(e.actor_user);
        who = it != names.end() && !it->second.empty() ? it->second
                                                       : "Bruker " + e.actor_user.substr(0, 8);
      }
      if (!e.actor_org.empty() && (authority || e.actor_org != p.org.id)) {
        who += " (" + OrgName(c, e.actor_org) + ")";
      }
      std::string what = EntityLabel(e.entity_kind) + " " + ActionLabel(e.action);
      if (authority && !e.org_id.empty()) what += " – " + OrgName(c, e.org_id);
      body += "<tr><td>" + Escape(FormatTime(e.at)) + "</td><td>" + Escape(who) + "</td><td>" +
              Escape(what) + "</td><td>" + ChangesHtml(e.changes) + "</td></tr>\n";
    }
    body += "</tbody>\n</table>\n</div>\n";
  }
  std::string nav;
  if (!before.empty()) {
    nav += "<li>" +
           Link(c.request.path + QueryWith(c.request, {{"before", ""}}), "Nyeste hendelser") +
           "</li>\n";
  }
  if (static_cast<int>(events->size()) == query.limit) {
    nav += "<li>" +
           Link(c.request.path +
                    QueryWith(c.request, {{"before", std::to_string(events->back().seq)}}),
                "Eldre hendelser") +
           "</li>\n";
  }
  if (!nav.empty()) {
    body += "<nav aria-label=\"Blar i hendelser\">\n<ul class=\"hk-plain-list\">\n" + nav +
            "</ul>\n</nav>\n";
  }
  return Page(page, body);
}

const std::vector<FormRoute>& AccountRoutes() {
  static const std::vector<FormRoute> kRoutes = {
      {"POST", "/logg-inn"},
      {"POST", "/logg-ut"},
      {"POST", "/registrer"},
      {"POST", "/glemt-passord"},
      {"POST", "/nytt-passord"},
      {"POST", "/min-side/organisasjon"},
      {"POST", "/min-side/passord"},
      {"POST", "/min-side/medlemmer"},
      {"POST", "/min-side/medlemmer/{user}/fjern"},
      {"POST", "/min-side/api-nokler"},
      {"POST", "/min-side/api-nokler/{token}/trekk-tilbake"},
      {"POST", "/admin/organisasjoner/{organisation}"},
  };
  return kRoutes;
}

}  // namespace

const std::vector<FormRoute>& AccountFormRoutes() { return AccountRoutes(); }

std::optional<http::Response> HandleAccountPages(const WebContext& c) {
  const std::string& path = c.request.path;
  const std::string& method = c.request.method;
  bool get = method == "GET" || method == "HEAD";
  bool post = method == "POST";
  std::vector<std::string> seg = PathSegments(path);
  if (seg.empty()) return std::nullopt;
  if (path == "/logg-inn") {
    if (get) return LoginPage(c, "", Param(c.request, "neste"), {}, 200);
    if (post) return LoginPost(c);
  }
  if (seg.size() >= 3 && seg.size() <= 4 && seg[0] == "logg-inn" && seg[1] == "oidc" && get) {
    if (seg.size() == 3) return OidcBegin(c, seg[2]);
    if (seg[3] == "tilbake") return OidcReturn(c, seg[2]);
  }
  if (path == "/logg-ut") {
    if (get) return LogoutPage(c);
    if (post) return LogoutPost(c);
  }
  if (path == "/registrer") {
    if (get && Param(c.request, "melding") == "mottatt") return RegisteredPage(c);
    if (get) return SignUpPage(c, {}, {}, 200);
    if (post) return RegisterPost(c);
  }
  if (path == "/glemt-passord") {
    if (get) return ForgotPage(c, "", {}, 200, false);
    if (post) return ForgotPost(c);
  }
  if (path == "/nytt-passord") {
    if (get) return ResetPage(c, Param(c.request, "token"), {}, 200);
    if (post) return ResetPost(c);
  }
  if (seg[0] != "min-side") return std::nullopt;
  if (seg.size() == 1 && get) return MinSide(c);
  if (seg.size() == 2 && seg[1] == "organisasjon" && post) return SwitchPost(c);
  if (seg.size() == 2 && seg[1] == "passord") {
    if (get) return ChangePasswordPage(c, {}, 200);
    if (post) return ChangePasswordPost(c);
  }
  if (seg.size() >= 2 && seg[1] == "medlemmer") {
    if (seg.size() == 2 && get) return MembersPage(c, {}, {}, 200);
    if (seg.size() == 2 && post) return AddMemberPost(c);
    if (seg.size() == 4 && seg[3] == "fjern" && post) return RemoveMemberPost(c, seg[2]);
  }
  if (seg.size() >= 2 && seg[1] == "api-nokler") {
    if (seg.size() == 2 && get) return ApiKeysPage(c, "", {"read"}, {}, 200, "");
    if (seg.size() == 2 && post) return CreateKeyPost(c);
    if (seg.size() == 4 && seg[3] == "trekk-tilbake" && post) return RevokeKeyPost(c, seg[2]);
  }
  if (seg.size() == 2 && seg[1] == "hendelser" && get) return EventsPage(c);
  return std::nullopt;
}

}  // namespace helsekrav::web
