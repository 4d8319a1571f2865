// The authority's administration: /admin/organisasjoner (registrations, pending first) and
// /admin/organisasjoner/{id} (approve or reject with a reason, and for an approving body the
// catalog organisation it acts as). app/ decides who may.
#include <algorithm>

#include "domain/registry_rules.h"
#include "web/account_pages.h"
#include "web/forms.h"
#include "web/html.h"
#include "web/workspace_common.h"

namespace helsekrav::web {
namespace {

using http::Response;

constexpr const char* kListTitle = "Godkjenn organisasjoner";

Response Page(const PageContext& page, const std::string& body, int status = 200) {
  Response r = RenderPage(page, body, status);
  r.cache_control = "no-store";
  return r;
}

std::string StatusTag(domain::OrgStatus status) {
  const char* color = status == domain::OrgStatus::kApproved   ? "success"
                      : status == domain::OrgStatus::kRejected ? "danger"
                                                               : "warning";
  return Tag(domain::Label(status), color);
}

std::string OrgHref(const domain::OrgAccount& org) {
  return "/admin/organisasjoner/" + http::PercentEncode(org.id);
}

Result<std::vector<domain::OrgAccount>> Organisations(const WebContext& c) {
  Result<std::vector<domain::OrgAccount>> orgs =
      c.services.accounts.ListOrganisations(*c.principal);
  if (!orgs.ok()) return orgs;
  std::vector<domain::OrgAccount> list = *std::move(orgs);
  std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    bool pa = a.status == domain::OrgStatus::kPending;
    bool pb = b.status == domain::OrgStatus::kPending;
    return pa && !pb;
  });
  return list;
}

Response ListPage(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Result<std::vector<domain::OrgAccount>> orgs = Organisations(c);
  if (!orgs.ok()) return StatusPage(c, orgs.status());
  PageContext page = WorkspaceFrame(c, kListTitle, {{kListTitle, ""}});
  std::string body;
  std::string notice = Param(c.request, "melding");
  if (notice == "godkjent") body += Alert("Virksomheten er godkjent.", "success");
  if (notice == "avvist") body += Alert("Registreringen er avvist.", "success");
  std::size_t pending = std::count_if(orgs->begin(), orgs->end(), [](const auto& o) {
    return o.status == domain::OrgStatus::kPending;
  });
  body += Paragraph(pending == 0
                        ? "Ingen registreringer venter på godkjenning."
                        : std::to_string(pending) +
                              (pending == 1 ? " registrering venter" : " registreringer venter") +
                              " på godkjenning. De står øverst.");
  if (!orgs->empty()) {
    body +=
        "<div class=\"hk-table-scroll\">\n<table class=\"ds-table\">\n<caption>Registrerte "
        "virksomheter</caption>\n<thead><tr><th scope=\"col\">Virksomhet</th><th "
        "scope=\"col\">Identifikator</th><th scope=\"col\">Type</th><th "
        "scope=\"col\">Registrert</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
    for (const domain::OrgAccount& o : *orgs) {
      body += "<tr><td>" + Link(OrgHref(o), o.name) + "</td><td>" +
              Escape(domain::OrgIdentifierText(o)) + "</td><td>" + Escape(domain::Label(o.kind)) +
              "</td><td>" + Escape(FormatTime(o.created_at)) + "</td><td>" + StatusTag(o.status) +
              "</td></tr>\n";
    }
    body += "</tbody>\n</table>\n</div>\n";
  }
  return Page(page, body);
}

// The catalog organisation's name for `key`, or the key when the catalog has none.
std::string CatalogName(const WebContext& c, const std::string& key) {
  for (const domain::Organisation& o : c.catalog.catalog().organisations) {
    if (o.key == key) return o.name;
  }
  return key;
}

// `acts_as`: what the form shows as chosen; nullopt for the stored choice.
Response DetailPage(const WebContext& c, const std::string& id, const std::string& note,
                    const std::vector<FieldError>& errors, int status,
                    const std::optional<std::string>& acts_as = std::nullopt) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Result<std::vector<domain::OrgAccount>> orgs = Organisations(c);
  if (!orgs.ok()) return StatusPage(c, orgs.status());
  auto it = std::find_if(orgs->begin(), orgs->end(), [&](const auto& o) { return o.id == id; });
  if (it == orgs->end()) {
    return StatusPage(c, Status::NotFound("Virksomheten finnes ikke."));
  }
  const domain::OrgAccount& o = *it;
  PageContext page =
      WorkspaceFrame(c, o.name, {{kListTitle, "/admin/organisasjoner"}, {o.name, ""}});
  std::string body = ErrorSummary(errors);
  body += Facts({IdentifierFact(o),
                 {"Type", Escape(domain::Label(o.kind))},
                 {"Opptrer som", o.acts_as.empty() ? "" : Escape(CatalogName(c, o.acts_as))},
                 {"Kommunenummer", Escape(o.municipality_number)},
                 {"Nettsted", o.website.empty() ? "" : Link(o.website, o.website)},
                 {"Registrert", Escape(FormatTime(o.created_at))},
                 {"Status", StatusTag(o.status)},
                 {"Avgjort", Escape(FormatTime(o.decided_at))},
                 {"Begrunnelse", Escape(o.decision_note)}});
  if (o.id_kind == domain::OrgIdKind::kOrgnr) {
    body += Paragraph(
        "Sjekk at organisasjonsnummeret og navnet stemmer med Enhetsregisteret, og at "
        "virksomheten er den den sier den er, før du godkjenner.");
    body += "<p class=\"ds-paragraph\">" +
            Link("https://data.brreg.no/enhetsregisteret/oppslag/enheter/" +
                     http::PercentEncode(o.orgnr),
                 "Slå opp " + o.orgnr + " i Enhetsregisteret") +
            "</p>\n";
  } else {
    body += Paragraph(
        "Virksomheten har ikke norsk organisasjonsnummer. Sjekk nummeret og navnet i registeret "
        "det hører til (NANDO for meldte organer, akkrediteringsorganets register for "
        "sertifiseringsorganer, hjemlandets register for utenlandske organer) før du godkjenner.");
  }
  std::string acts_as_field;
  std::vector<const domain::Organisation*> choices = domain::ActsAsChoices(o, c.catalog.catalog());
  if (!choices.empty()) {
    std::vector<Option> options = {
        {"", "Ingen (knyttes bare til katalogen ved organisasjonsnummer)"}};
    for (const domain::Organisation* choice : choices) {
      options.push_back({choice->key, choice->name});
    }
    acts_as_field = Select("acts_as", "Opptrer som", options, acts_as.value_or(o.acts_as),
                           ErrorFor(errors, "acts_as"),
                           "Organisasjonen i katalogen som virksomheten utsteder godkjenninger og "
                           "bekrefter sertifikater for, f.eks. et meldt organ under MDR.");
  }
  body += Heading(2, o.status == domain::OrgStatus::kPending ? "Avgjørelse" : "Endre avgjørelse");
  body += "<form class=\"hk-form\" method=\"post\" action=\"" + Escape(OrgHref(o)) + "\">\n" +
          CsrfInput(c.csrf_token) + acts_as_field +
          TextArea("note", "Begrunnelse", note, ErrorFor(errors, "note"),
                   "Påkrevd ved avvisning. Virksomheten ser begrunnelsen.", 3) +
          "<div class=\"hk-inline-form\">\n" +
          SubmitButton("Godkjenn", "primary", "decision", "approve") +
          SubmitButton("Avvis", "secondary", "decision", "reject") + "</div>\n</form>\n";
  return Page(page, body, status);
}

Response DecidePost(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> form = ReadForm(c, error);
  if (!form) return error;
  std::string decision = form->Get("decision");
  std::string note = form->Get("note");
  std::string acts_as = form->Get("acts_as");
  if (decision != "approve" && decision != "reject") {
    return DetailPage(c, id, note, {{"", "Velg «Godkjenn» eller «Avvis»."}}, 422, acts_as);
  }
  if (decision == "reject" && note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return DetailPage(c, id, note, {{"note", "Skriv hvorfor registreringen avvises."}}, 422,
                      acts_as);
  }
  // A rejection ignores the choice; the form sends it with either button.
  Status s = c.services.accounts.DecideOrganisation(*c.principal, id, decision == "approve", note,
                                                    decision == "approve" ? acts_as : "");
  if (s.code() == StatusCode::kInvalid) {
    return DetailPage(c, id, note, {{s.field() == "acts_as" ? "acts_as" : "note", s.message()}},
                      422, acts_as);
  }
  if (s.code() == StatusCode::kConflict) {
    return DetailPage(c, id, note, {{"", s.message()}}, 409, acts_as);
  }
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect(std::string("/admin/organisasjoner?melding=") +
                        (decision == "approve" ? "godkjent" : "avvist"));
}

}  // namespace

std::optional<http::Response> HandleAdminPages(const WebContext& c) {
  const std::string& path = c.request.path;
  const std::string prefix = "/admin/organisasjoner";
  bool get = c.request.method == "GET" || c.request.method == "HEAD";
  bool post = c.request.method == "POST";
  if (path == "/admin" || path == "/admin/") {
    if (get) return http::Redirect(prefix);
    return std::nullopt;
  }
  if (path == prefix && get) return ListPage(c);
  if (path.size() > prefix.size() + 1 && path.compare(0, prefix.size() + 1, prefix + "/") == 0) {
    std::string id = path.substr(prefix.size() + 1);
    if (id.find('/') != std::string::npos) return std::nullopt;
    if (get) return DetailPage(c, id, "", {}, 200);
    if (post) return DecidePost(c, id);
  }
  return std::nullopt;
}

}  // namespace helsekrav::web
