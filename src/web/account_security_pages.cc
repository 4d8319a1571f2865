// Invitations to join an organisation (review finding M4) and linking a sign-in provider to
// one's own account (L1), on /min-side.
#include <qrencode.h>

#include <chrono>
#include <memory>

#include "web/account_pages.h"
#include "web/html.h"

namespace helsekrav::web {
namespace {

using http::Response;

Response Page(const PageContext& page, const std::string& body, int status = 200) {
  Response r = RenderPage(page, body, status);
  r.cache_control = "no-store";
  return r;
}

std::string FormStart(const WebContext& c, const std::string& action) {
  return "<form class=\"hk-form\" method=\"post\" action=\"" + Escape(action) + "\">\n" +
         CsrfInput(c.csrf_token);
}

std::string InvitationText(const app::InvitationInfo& i) {
  return (i.org_name.empty() ? std::string("En virksomhet") : i.org_name) +
         " inviterer deg til å bli medlem med rollen " + std::string(domain::Label(i.role)) +
         ". Invitasjonen gjelder til " + FormatTime(i.expires_at) + ".";
}

// ---- The invitation link -------------------------------------------------------------------

Response InvitationPage(const WebContext& c, const std::string& token, const std::string& name,
                        const std::vector<FieldError>& errors, int status) {
  PageContext page;
  page.title = "Invitasjon";
  page.breadcrumbs = {{"Forside", "/"}, {"Invitasjon", ""}};
  page.current_path = c.request.path;
  Result<app::InvitationInfo> invitation = c.services.accounts.FindInvitation(token);
  if (!invitation.ok()) {
    if (invitation.status().code() != StatusCode::kInvalid) {
      return StatusPage(c, invitation.status());
    }
    return Page(page, Alert(invitation.status().message(), "danger"), 404);
  }
  std::string body = ErrorSummary(errors) + Paragraph(InvitationText(*invitation));
  if (c.principal != nullptr) {
    body += Paragraph("Du er logget inn som " + c.principal->user.email + ".") +
            FormStart(c, "/min-side/invitasjon") + HiddenInput("token", token) +
            SubmitButton("Godta invitasjonen", "primary", "handling", "godta") + "</form>\n";
    return Page(page, body, status);
  }
  const std::string here = "/min-side/invitasjon?token=" + http::PercentEncode(token);
  body += Heading(2, "Har du en konto?") + "<p class=\"ds-paragraph\">" +
          Link("/logg-inn?neste=" + http::PercentEncode(here), "Logg inn") +
          ", så kommer du tilbake hit og kan godta invitasjonen.</p>\n" + Heading(2, "Ny bruker") +
          Paragraph("Lag en konto for " + invitation->email + " og bli medlem med en gang.") +
          FormStart(c, "/min-side/invitasjon") + HiddenInput("token", token) +
          TextField("name", "Navn", name, ErrorFor(errors, "name"), "text", "", "name", true) +
          TextField("password", "Velg passord", "", ErrorFor(errors, "password"), "password",
                    "Minst 12 tegn.", "new-password", true) +
          SubmitButton("Lag konto og godta", "primary", "handling", "ny-konto") + "</form>\n";
  return Page(page, body, status);
}

Response WithSession(const WebContext& c, Response r, const app::SessionToken& token) {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(c.services.clock.Now().time_since_epoch())
          .count();
  const long max_age = token.expires_at > now ? static_cast<long>(token.expires_at - now) : 0;
  r.headers.emplace_back("Set-Cookie", http::SetCookie(http::kSessionCookie, token.token, max_age,
                                                       c.services.secure_cookies));
  r.cache_control = "no-store";
  return r;
}

Response InvitationPost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  const std::string token = form->Get("token");
  if (form->Get("handling") == "ny-konto" && c.principal == nullptr) {
    const std::string name = form->Get("name");
    auto session =
        c.services.accounts.AcceptInvitationAsNewUser(token, name, form->Get("password"));
    if (!session.ok()) {
      const Status& s = session.status();
      if (s.code() == StatusCode::kInvalid) {
        std::string field = s.field() == "name" || s.field() == "password" ? s.field() : "";
        return InvitationPage(c, token, name, {{field, s.message()}}, 422);
      }
      if (s.code() == StatusCode::kConflict) {
        return InvitationPage(c, token, name, {{"", s.message()}}, 409);
      }
      return StatusPage(c, s);
    }
    return WithSession(c, http::Redirect("/min-side?melding=invitasjon-godtatt"), *session);
  }
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = c.services.accounts.AcceptInvitationLink(*c.principal, token);
  if (s.code() == StatusCode::kInvalid) return InvitationPage(c, token, "", {}, 404);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side?melding=invitasjon-godtatt");
}

Response MyInvitationPost(const WebContext& c, const std::string& id, bool accept) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = accept ? c.services.accounts.AcceptInvitation(*c.principal, id)
                    : c.services.accounts.DeclineInvitation(*c.principal, id);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect(accept ? "/min-side?melding=invitasjon-godtatt"
                               : "/min-side?melding=invitasjon-avslatt");
}

Response WithdrawInvitationPost(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = c.services.accounts.WithdrawInvitation(*c.principal, id);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side/medlemmer?melding=invitasjon-trukket");
}

// ---- Linking a sign-in provider -------------------------------------------------------------

Response LinkProvider(const WebContext& c, const std::string& provider) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Result<std::string> url = c.services.accounts.BeginOidcLink(*c.principal, provider);
  if (!url.ok()) {
    if (url.status().code() == StatusCode::kNotFound) {
      return NotFoundPage(c.request, c.catalog, "Innloggingsmetoden");
    }
    return StatusPage(c, url.status());
  }
  return RedirectToProvider(c, *url);
}

// ---- TOTP ----------------------------------------------------------------------------------

// The otpauth:// URI as an inline SVG QR code (libqrencode, as on the labels); "" when it
// cannot be encoded. The text form below it is the fallback.
std::string QrSvg(const std::string& uri) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(uri.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return "";
  constexpr int kQuiet = 4;
  const int width = code->width;
  const std::string size = std::to_string(width + 2 * kQuiet);
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
      "aria-label=\"QR-kode for autentiseringsappen\" width=\"200\" "
      "height=\"200\" viewBox=\"0 0 " +
      size + " " + size + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size +
      "\" height=\"" + size + "\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((code->data[y * width + x] & 1) == 0) continue;
      svg += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
    }
  }
  return svg + "\"/></svg>";
}

// The secret as an authenticator app takes it: a QR code, in groups of four, and as an
// otpauth:// link.
std::string SecretHtml(const std::string& secret, const std::string& uri) {
  std::string grouped;
  for (std::size_t i = 0; i < secret.size(); i += 4) {
    grouped += (grouped.empty() ? "" : " ") + secret.substr(i, 4);
  }
  return std::string(
             "<ol class=\"ds-list\">\n<li>Åpne en autentiseringsapp (for eksempel Microsoft "
             "Authenticator, Google Authenticator eller FreeOTP).</li>\n<li>Legg til en konto med "
             "denne nøkkelen: <code class=\"hk-token\">") +
         Escape(grouped) + "</code> (tidsbasert, 6 sifre), eller åpne " +
         Link(uri, "lenken til appen") +
         " på telefonen.</li>\n<li>Skriv inn koden appen viser.</li>\n</ol>\n" +
         "<p class=\"ds-paragraph\">Eller skann QR-koden med appen:</p>\n<p>" + QrSvg(uri) +
         "</p>\n";
}

Response CodePost(const WebContext& c) {
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  app::SignInResult pending;
  pending.challenge = form->Get("challenge");
  pending.enrol_secret = form->Get("hemmelighet");
  pending.enrol_uri = form->Get("uri");
  const std::string next = form->Get("neste");
  std::string code = form->Get("code");
  std::erase(code, ' ');
  if (code.empty()) {
    return SecondFactorPage(c, pending, next, {{"code", "Skriv inn koden fra appen."}}, 422);
  }
  Result<app::SessionToken> session = c.services.accounts.CompleteSignIn(pending.challenge, code);
  if (!session.ok()) {
    const Status& s = session.status();
    if (s.code() == StatusCode::kRateLimited) {
      return SecondFactorPage(c, pending, next, {{"code", s.message()}}, 429);
    }
    if (s.code() == StatusCode::kUnauthenticated) {
      return SecondFactorPage(c, pending, next, {{"code", s.message()}}, 401);
    }
    return StatusPage(c, s);
  }
  return WithSession(c, http::Redirect(SafeReturnPath(next, "/min-side")), *session);
}

Response TotpPage(const WebContext& c, const std::vector<FieldError>& errors, int status) {
  if (c.principal == nullptr) return LoginRedirect(c);
  PageContext page = WorkspaceFrame(c, "Tofaktorinnlogging", {{"Tofaktorinnlogging", ""}});
  Result<bool> enabled = c.services.accounts.TotpEnabled(*c.principal);
  if (!enabled.ok()) return StatusPage(c, enabled.status());
  std::string body = ErrorSummary(errors);
  if (*enabled) {
    if (Param(c.request, "melding") == "slatt-pa") {
      body += Alert("Tofaktorinnlogging er slått på.", "success");
    }
    body += Paragraph(
        "Tofaktorinnlogging er slått på. Når du logger inn med passord, spør vi også etter "
        "koden fra autentiseringsappen.");
    return Page(page, body, status);
  }
  Result<app::TotpEnrolment> enrolment = c.services.accounts.BeginTotpEnrolment(*c.principal);
  if (!enrolment.ok()) return StatusPage(c, enrolment.status());
  body += Paragraph(
              "Med tofaktorinnlogging trenger du både passordet og en kode fra en app på "
              "telefonen. Administratorer og godkjenningsorganer må bruke det.") +
          SecretHtml(enrolment->secret, enrolment->uri) + FormStart(c, "/min-side/totp") +
          TextField("code", "Kode fra appen", "", ErrorFor(errors, "code"), "text", "6 sifre.",
                    "one-time-code", true) +
          SubmitButton("Slå på") + "</form>\n";
  return Page(page, body, status);
}

Response TotpPost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string code = form->Get("code");
  std::erase(code, ' ');
  Status s = c.services.accounts.ConfirmTotp(*c.principal, code);
  if (s.code() == StatusCode::kInvalid) return TotpPage(c, {{"code", s.message()}}, 422);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect("/min-side/totp?melding=slatt-pa");
}

}  // namespace

Response SecondFactorPage(const WebContext& c, const app::SignInResult& result,
                          const std::string& next, const std::vector<FieldError>& errors,
                          int status) {
  PageContext page;
  page.title = "Kode fra appen";
  page.breadcrumbs = {{"Forside", "/"}, {"Logg inn", "/logg-inn"}, {"Kode", ""}};
  page.current_path = c.request.path;
  std::string body = ErrorSummary(errors);
  if (!result.enrol_secret.empty()) {
    body += Paragraph(
                "Kontoen din har administrator- eller godkjenningstilgang, og må bruke "
                "tofaktorinnlogging. Sett det opp nå:") +
            SecretHtml(result.enrol_secret, result.enrol_uri);
  } else {
    body += Paragraph("Skriv inn koden fra autentiseringsappen din.");
  }
  body += FormStart(c, "/logg-inn/kode") + HiddenInput("challenge", result.challenge) +
          HiddenInput("neste", next) + HiddenInput("hemmelighet", result.enrol_secret) +
          HiddenInput("uri", result.enrol_uri) +
          TextField("code", "Kode", "", ErrorFor(errors, "code"), "text", "6 sifre.",
                    "one-time-code", true) +
          SubmitButton("Logg inn") + "</form>\n";
  return Page(page, body, status);
}

std::string AccountSecuritySection(const WebContext& c) {
  if (c.principal == nullptr) return "";
  std::string body;
  const std::string notice = Param(c.request, "melding");
  if (notice == "invitasjon-godtatt") body += Alert("Du er nå medlem av virksomheten.", "success");
  if (notice == "invitasjon-avslatt") body += Alert("Invitasjonen er avslått.", "info");
  if (notice == "koblet")
    body += Alert("Innloggingstjenesten er koblet til kontoen din.", "success");
  Result<std::vector<app::InvitationInfo>> mine = c.services.accounts.MyInvitations(*c.principal);
  if (mine.ok() && !mine->empty()) {
    body += Heading(2, "Invitasjoner");
    for (const app::InvitationInfo& i : *mine) {
      const std::string base = "/min-side/invitasjoner/" + http::PercentEncode(i.id);
      body += Paragraph(InvitationText(i)) + "<div class=\"hk-inline-form\">\n" +
              FormStart(c, base + "/godta") + SubmitButton("Godta") + "</form>\n" +
              FormStart(c, base + "/avsla") + SubmitButton("Avslå", "secondary") +
              "</form>\n</div>\n";
    }
  }
  Result<bool> totp = c.services.accounts.TotpEnabled(*c.principal);
  if (totp.ok()) {
    body += Heading(2, "Tofaktorinnlogging") + "<p class=\"ds-paragraph\">" +
            (*totp ? std::string("Slått på. ")
                   : std::string("Ikke slått på. ") +
                         Link("/min-side/totp", "Slå på tofaktorinnlogging") + ".") +
            "</p>\n";
  }
  std::vector<const app::OidcProvider*> providers = c.services.accounts.oidc_providers();
  if (!providers.empty()) {
    body += Heading(2, "Innlogging") +
            Paragraph(
                "Vil du logge inn med en innloggingstjeneste, kobler du den til kontoen "
                "din her.") +
            "<ul class=\"hk-plain-list\">\n";
    for (const app::OidcProvider* p : providers) {
      body += "<li>" +
              Link("/min-side/innlogging/" + http::PercentEncode(p->id()) + "/koble",
                   "Koble til " + p->display_name()) +
              "</li>\n";
    }
    body += "</ul>\n";
  }
  return body;
}

const std::vector<FormRoute>& AccountSecurityFormRoutes() {
  static const std::vector<FormRoute> kRoutes = {
      {"POST", "/min-side/invitasjon"},
      {"POST", "/min-side/invitasjoner/{invitation}/godta"},
      {"POST", "/min-side/invitasjoner/{invitation}/avsla"},
      {"POST", "/min-side/medlemmer/invitasjoner/{invitation}/trekk-tilbake"},
      {"POST", "/logg-inn/kode"},
      {"POST", "/min-side/totp"},
  };
  return kRoutes;
}

std::optional<Response> HandleAccountSecurityPages(const WebContext& c) {
  const std::string& method = c.request.method;
  const bool get = method == "GET" || method == "HEAD";
  const bool post = method == "POST";
  std::vector<std::string> seg = PathSegments(c.request.path);
  if (c.request.path == "/logg-inn/kode" && post) return CodePost(c);
  if (seg.size() < 2 || seg[0] != "min-side") return std::nullopt;
  if (seg.size() == 2 && seg[1] == "totp") {
    if (get) return TotpPage(c, {}, 200);
    if (post) return TotpPost(c);
  }
  if (seg.size() == 2 && seg[1] == "invitasjon") {
    if (get) return InvitationPage(c, Param(c.request, "token"), "", {}, 200);
    if (post) return InvitationPost(c);
  }
  if (seg.size() == 4 && seg[1] == "invitasjoner" && post) {
    if (seg[3] == "godta") return MyInvitationPost(c, seg[2], true);
    if (seg[3] == "avsla") return MyInvitationPost(c, seg[2], false);
  }
  if (seg.size() == 5 && seg[1] == "medlemmer" && seg[2] == "invitasjoner" &&
      seg[4] == "trekk-tilbake" && post) {
    return WithdrawInvitationPost(c, seg[3]);
  }
  if (seg.size() == 4 && seg[1] == "innlogging" && seg[3] == "koble" && get) {
    return LinkProvider(c, seg[2]);
  }
  return std::nullopt;
}

}  // namespace helsekrav::web
