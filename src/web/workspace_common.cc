// The workspace pages' shared frame, sign-in redirect, error page and form reading.
#include "web/workspace_common.h"

#include <ctime>

#include "core/text.h"
#include "domain/registry_rules.h"
#include "web/forms.h"
#include "web/html.h"

namespace helsekrav::web {
namespace {

using http::Response;

// How StatusPage explains a status code.
struct StatusText {
  StatusCode code;
  int http_status;
  const char* title;
  const char* text;
};

constexpr StatusText kStatusTexts[] = {
    {StatusCode::kForbidden, 403, "Du har ikke tilgang", ""},  // text depends on the principal
    {StatusCode::kNotFound, 404, "Siden finnes ikke",
     "Vi finner ikke det du ba om. Det kan være slettet, eller du har ikke tilgang."},
    {StatusCode::kConflict, 409, "Kunne ikke lagre",
     "Endringen kom i konflikt med data som allerede finnes eller ble endret samtidig."},
    {StatusCode::kInvalid, 422, "Ugyldige opplysninger", "Opplysningene kunne ikke brukes."},
    {StatusCode::kRateLimited, 429, "For mange forsøk",
     "Du har prøvd for mange ganger. Vent litt og prøv igjen."},
    {StatusCode::kUnavailable, 503, "Tjenesten er utilgjengelig",
     "Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt."},
};
constexpr StatusText kInternalError = {StatusCode::kInternal, 500, "Noe gikk galt",
                                       "Det oppstod en feil hos oss. Prøv igjen om litt."};

}  // namespace

PageContext WorkspaceFrame(const WebContext& context, const std::string& title,
                           std::vector<Breadcrumb> crumbs) {
  PageContext page;
  page.title = title;
  page.breadcrumbs = {{"Forside", "/"}, {"Min side", "/min-side"}};
  for (Breadcrumb& b : crumbs) page.breadcrumbs.push_back(std::move(b));
  if (page.breadcrumbs.size() == 2) page.breadcrumbs.back().href.clear();
  page.last_changed = CatalogDate(context.catalog);
  page.current_path = context.request.path;
  return page;
}

Response LoginRedirect(const WebContext& context) {
  std::string target = context.request.path;
  std::size_t q = context.request.target.find('?');
  if (context.request.method == "GET" && q != std::string::npos) {
    target += context.request.target.substr(q);
  }
  if (context.request.method != "GET") {
    // After a POST the form is gone; come back to the page the form was on.
    target = "/min-side";
  }
  Response r = http::Redirect("/logg-inn?neste=" + http::PercentEncode(target));
  r.cache_control = "no-store";
  return r;
}

Response StatusPage(const WebContext& context, const Status& status) {
  if (status.code() == StatusCode::kUnauthenticated) return LoginRedirect(context);
  const StatusText* found = &kInternalError;
  for (const StatusText& t : kStatusTexts) {
    if (t.code == status.code()) found = &t;
  }
  int code = found->http_status;
  std::string title = found->title;
  std::string text = found->text;
  if (status.code() == StatusCode::kForbidden) {
    text = context.principal == nullptr
               ? "Du må logge inn for å se denne siden."
               : "Du er logget inn, men rollen din i virksomheten gir ikke tilgang til dette, "
                 "eller virksomheten er ikke godkjent ennå. Ta kontakt med en administrator i "
                 "virksomheten.";
  }
  PageContext page = WorkspaceFrame(context, title, {{title, ""}});
  if (context.principal == nullptr) page.breadcrumbs = {{"Forside", "/"}, {title, ""}};
  std::string body = Paragraph(text);
  if (code != 500 && !status.message().empty()) body += Alert(status.message(), "warning");
  body += "<p class=\"ds-paragraph\">" + Link("/min-side", "Til Min side") + " eller " +
          Link("/", "forsiden") + ".</p>\n";
  Response r = RenderPage(page, body, code);
  r.cache_control = "no-store";
  return r;
}

std::optional<http::Form> ReadForm(const WebContext& context, http::Response& error) {
  Result<http::Form> form = http::ParseForm(context.request);
  if (form.ok()) return *std::move(form);
  PageContext page = WorkspaceFrame(context, "Ugyldig skjema", {{"Ugyldig skjema", ""}});
  error = BadRequestPage(context.catalog, page,
                         {"Skjemaet kunne ikke leses: " + form.status().message()});
  error.cache_control = "no-store";
  return std::nullopt;
}

std::pair<std::string, std::string> IdentifierFact(const domain::OrgAccount& org) {
  if (org.id_kind == domain::OrgIdKind::kOrgnr) return {"Organisasjonsnummer", Escape(org.orgnr)};
  return {std::string(domain::Label(org.id_kind)), Escape(domain::OrgIdentifierText(org))};
}

std::string FormatTime(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%d.%m.%Y kl. %H:%M", &tm);
  return std::string(buffer) + " UTC";
}

std::string EvidenceFileField(std::string_view name, std::string_view label,
                              std::string_view error) {
  return FileField(name, label, error,
                   "PDF, PNG, JPEG, tekst, CSV, JSON, XML, ZIP, Word eller Excel, høyst 5 MB.",
                   Join(domain::AllowedEvidenceTypes(), ","));
}

std::string SafeReturnPath(const std::string& target, const std::string& fallback) {
  if (target.empty() || target[0] != '/') return fallback;
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return fallback;
  for (char ch : target) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return fallback;
  }
  return target;
}

std::optional<Response> HandleWorkspaceSections(const WebContext& context,
                                                const std::vector<std::string>& parts,
                                                std::initializer_list<WorkspaceSection> sections) {
  if (parts.size() < 2 || parts[0] != "min-side") return std::nullopt;
  const std::string& method = context.request.method;
  if (method != "GET" && method != "HEAD" && method != "POST") return std::nullopt;
  for (const WorkspaceSection& section : sections) {
    if (parts[1] != section.name) continue;
    if (context.principal == nullptr) return LoginRedirect(context);
    return section.handle(context, std::vector<std::string>(parts.begin() + 2, parts.end()));
  }
  return std::nullopt;
}

}  // namespace helsekrav::web
