// Certificate claims (/min-side/sertifikater): suppliers register the certificates they
// already hold (CE under MDR, ISO/IEC 27001, EHDS EU declaration of conformity) with evidence,
// and withdraw them; approving bodies and the authority see the unconfirmed claims and confirm
// them. app::ApprovalService decides who may do what.
#include <map>

#include "domain/approval_rules.h"
#include "web/approval_pages.h"
#include "web/forms.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::approval {
namespace {

constexpr const char* kBase = "/min-side/sertifikater";

struct ClaimForm {
  std::string kind = "iso27001";
  std::string version;  // empty: the whole organisation
  std::string reference;
  std::string issuer;
  std::string valid_from;
  std::string valid_to;
  std::string evidence_url;
  std::string evidence_reference;
};

bool IsSupplier(const WebContext& context) {
  return context.principal->org.kind == domain::OrganisationKind::kSupplier;
}

bool IsConfirmer(const WebContext& context) {
  const domain::OrgAccount& org = context.principal->org;
  return org.status == domain::OrgStatus::kApproved &&
         (org.kind == domain::OrganisationKind::kApprovingBody ||
          org.kind == domain::OrganisationKind::kAuthority);
}

std::string ClaimPath(const std::string& id, const char* action) {
  return std::string(kBase) + "/" + http::PercentEncode(id) + "/" + action;
}

std::string Validity(const domain::CertificateClaim& c) {
  std::string text;
  if (c.valid_from) text += "fra " + c.valid_from->ToNorwegian();
  if (c.valid_to) text += (text.empty() ? "til " : " til ") + c.valid_to->ToNorwegian();
  return text.empty() ? "–" : text;
}

// «Hele virksomheten» or the product version the claim names.
std::string CoversText(const WebContext& context, const domain::CertificateClaim& c) {
  if (c.product_version_id.empty()) return "Hele virksomheten";
  const domain::ProductVersion* v = context.registry.FindVersion(c.product_version_id);
  return v == nullptr ? c.product_version_id : product::VersionName(context.registry, *v);
}

// A one-button form posting to `action` (the row's own form).
std::string ButtonForm(const WebContext& context, const std::string& action,
                       const std::string& label) {
  return "<form method=\"post\" action=\"" + Escape(action) + "\">\n" +
         CsrfInput(context.csrf_token) + SubmitButton(label, "secondary") + "</form>\n";
}

std::vector<Option> KindOptions() {
  std::vector<Option> out;
  for (const auto& e : domain::EnumTable<domain::CertificateKind>::kEntries)
    out.push_back({std::string(e.code), std::string(e.label)});
  return out;
}

std::vector<Option> OwnVersionOptions(const WebContext& context) {
  std::vector<Option> out = {{"", "Hele virksomheten"}};
  for (const domain::Product* p : context.registry.ProductsOf(context.principal->org.id)) {
    for (const domain::ProductVersion* v : context.registry.VersionsOf(p->id))
      out.push_back({v->id, p->name + " " + v->version});
  }
  return out;
}

std::string RegisterForm(const WebContext& context, const ClaimForm& f,
                         const std::vector<FieldError>& errors) {
  return ErrorSummary(errors) + "<form method=\"post\" action=\"" + std::string(kBase) +
         "\" class=\"hk-form\">\n" + CsrfInput(context.csrf_token) +
         Select("type", "Type sertifikat", KindOptions(), f.kind, ErrorFor(errors, "type")) +
         Select("gjelder", "Gjelder", OwnVersionOptions(context), f.version,
                ErrorFor(errors, "gjelder"),
                "Velg en versjon hvis sertifikatet bare gjelder den.") +
         TextField("referanse", "Sertifikatnummer eller referanse", f.reference,
                   ErrorFor(errors, "referanse"), "text",
                   "For eksempel «ISO/IEC 27001:2022 nr. 123».", "", true) +
         TextField("utsteder", "Utstedt av", f.issuer, ErrorFor(errors, "utsteder"), "text",
                   "Sertifiseringsorgan, teknisk kontrollorgan eller produsenten selv.", "", true) +
         TextField("gyldig_fra", "Gyldig fra", f.valid_from, ErrorFor(errors, "gyldig_fra"),
                   product::DateInputType(f.valid_from)) +
         TextField("gyldig_til", "Gyldig til", f.valid_to, ErrorFor(errors, "gyldig_til"),
                   product::DateInputType(f.valid_to), "La stå tomt hvis det ikke utløper.") +
         TextField("dokumentasjon", "Lenke til sertifikatet eller erklæringen", f.evidence_url,
                   ErrorFor(errors, "dokumentasjon"), "url",
                   "Adressen må begynne med https://. Oppgi lenke, referanse eller begge.") +
         TextField("dokumentreferanse", "Dokumentreferanse", f.evidence_reference,
                   ErrorFor(errors, "dokumentreferanse")) +
         SubmitButton("Registrer sertifikatet") + "</form>\n";
}

std::string ClaimRow(const WebContext& context, const domain::CertificateClaim& c,
                     const std::string& action_html, bool with_holder) {
  return "<tr>" +
         (with_holder ? "<td>" + Escape(product::OrgName(context.registry, c.org_id)) + "</td>"
                      : std::string()) +
         "<td>" + Escape(domain::Label(c.kind)) + "</td><td>" + Escape(c.reference) + "</td><td>" +
         Escape(c.issuer_name) + "</td><td>" + Escape(CoversText(context, c)) + "</td><td>" +
         Escape(Validity(c)) + "</td><td>" + ClaimTag(context, c) + "</td><td>" +
         EvidenceList(c.evidence) + "</td><td>" + action_html + "</td></tr>\n";
}

std::string OwnClaims(const WebContext& context, const app::ApprovalView& view) {
  std::string rows;
  for (const domain::CertificateClaim* c : view.ClaimsOf(context.principal->org.id)) {
    rows += ClaimRow(
        context, *c,
        ButtonForm(context, ClaimPath(c->id, "trekk-tilbake"), "Trekk tilbake " + c->reference),
        false);
  }
  if (rows.empty()) return Paragraph("Dere har ikke registrert noen sertifikater ennå.");
  return product::TableStart({"Type", "Referanse", "Utstedt av", "Gjelder", "Gyldighet", "Status",
                              "Dokumentasjon", "Handling"}) +
         rows + product::kTableEnd;
}

std::string ClaimsToConfirm(const WebContext& context, const app::ApprovalView& view) {
  std::string rows;
  const domain::Actor actor = product::ActorOf(context);
  for (const domain::CertificateClaim& c : view.claims()) {
    if (!c.self_reported() ||
        !domain::CanConfirmClaim(actor, context.principal->org, c.kind, context.catalog.catalog())
             .ok()) {
      continue;
    }
    rows +=
        ClaimRow(context, c,
                 ButtonForm(context, ClaimPath(c.id, "bekreft"), "Bekreft " + c.reference), true);
  }
  if (rows.empty()) {
    return Paragraph("Ingen sertifikater som dere kan bekrefte, venter på bekreftelse.");
  }
  return product::TableStart({"Leverandør", "Type", "Referanse", "Utstedt av", "Gjelder",
                              "Gyldighet", "Status", "Dokumentasjon", "Handling"}) +
         rows + product::kTableEnd;
}

http::Response ClaimsPage(const WebContext& context, const ClaimForm& form,
                          const std::vector<FieldError>& errors, int code) {
  PageContext page = WorkspaceFrame(context, "Sertifikater", {{"Sertifikater", ""}});
  auto view = ViewOf(context);
  const http::Request& request = context.request;
  std::string body;
  if (Param(request, "lagret") == "1") body += Alert("Sertifikatet er registrert.", "success");
  if (Param(request, "bekreftet") == "1") body += Alert("Sertifikatet er bekreftet.", "success");
  if (Param(request, "trukket") == "1")
    body += Alert("Sertifikatet er trukket tilbake.", "success");
  body += Paragraph(
      "Sertifikater en leverandør allerede har, registreres her med dokumentasjon i stedet for å "
      "gjøre arbeidet på nytt. De vises som «Egenrapportert» til et godkjenningsorgan eller "
      "myndigheten har bekreftet dem. Et bekreftet CE-, ISO/IEC 27001- eller EHDS-sertifikat "
      "teller som tredjepart i merket for kravene ordningen bak sertifikatet dekker.");
  if (IsSupplier(context)) {
    body += Heading(2, "Sertifikatene deres") + OwnClaims(context, *view) +
            Heading(2, "Registrer et sertifikat", "ny") + RegisterForm(context, form, errors);
  }
  if (IsConfirmer(context)) {
    body += Heading(2, "Sertifikater som venter på bekreftelse") + ClaimsToConfirm(context, *view);
  }
  if (!IsSupplier(context) && !IsConfirmer(context)) {
    body += Paragraph(
        "Bare leverandører registrerer sertifikater, og bare godkjenningsorganer "
        "og myndigheten bekrefter dem.");
  }
  return RenderPage(page, body, code);
}

std::optional<Date> ReadOptionalDate(const std::string& text, const std::string& field,
                                     std::vector<FieldError>& errors) {
  if (text.empty()) return std::nullopt;
  auto date = Date::Parse(text);
  if (!date) errors.push_back({field, "Skriv datoen som åååå-mm-dd, for eksempel 2026-11-23."});
  return date;
}

std::string ClaimField(const std::string& path) {
  static const std::map<std::string, std::string> kFields = {{"kind", "type"},
                                                             {"product_version_id", "gjelder"},
                                                             {"reference", "referanse"},
                                                             {"issuer_name", "utsteder"},
                                                             {"valid_from", "gyldig_fra"},
                                                             {"valid_to", "gyldig_til"},
                                                             {"evidence", "dokumentasjon"}};
  auto it = kFields.find(path.substr(0, path.find_first_of(".[")));
  return it == kFields.end() ? "" : it->second;
}

http::Response Register(const WebContext& context) {
  if (!IsSupplier(context))
    return StatusPage(context, Status::Forbidden("Bare leverandører kan registrere sertifikater."));
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  ClaimForm f{form->Get("type"),
              form->Get("gjelder"),
              product::Trim(form->Get("referanse")),
              product::Trim(form->Get("utsteder")),
              product::Trim(form->Get("gyldig_fra")),
              product::Trim(form->Get("gyldig_til")),
              product::Trim(form->Get("dokumentasjon")),
              product::Trim(form->Get("dokumentreferanse"))};
  std::vector<FieldError> errors;
  domain::CertificateClaim claim;
  claim.org_id = context.principal->org.id;
  claim.product_version_id = f.version;
  if (auto kind = domain::Parse<domain::CertificateKind>(f.kind)) {
    claim.kind = *kind;
  } else {
    errors.push_back({"type", "Velg hva slags sertifikat det er."});
  }
  claim.reference = f.reference;
  claim.issuer_name = f.issuer;
  claim.valid_from = ReadOptionalDate(f.valid_from, "gyldig_fra", errors);
  claim.valid_to = ReadOptionalDate(f.valid_to, "gyldig_til", errors);
  if (!f.evidence_url.empty())
    claim.evidence.push_back({domain::EvidenceKind::kLink, "", "", "", f.evidence_url, ""});
  if (!f.evidence_reference.empty())
    claim.evidence.push_back(
        {domain::EvidenceKind::kReference, "", "", "", "", f.evidence_reference});
  if (errors.empty()) {
    auto saved = context.services.approvals->RegisterClaim(product::ActorOf(context), claim);
    if (saved.ok()) return http::Redirect(std::string(kBase) + "?lagret=1");
    if (saved.status().code() != StatusCode::kInvalid) return StatusPage(context, saved.status());
    errors.push_back({ClaimField(saved.status().field()), saved.status().message()});
  }
  return ClaimsPage(context, f, errors, 422);
}

}  // namespace

std::optional<http::Response> HandleWorkspaceCertificates(const WebContext& context,
                                                          const std::vector<std::string>& rest) {
  bool post = context.request.method == "POST";
  if (rest.empty()) return post ? Register(context) : ClaimsPage(context, ClaimForm{}, {}, 200);
  if (rest.size() != 2 || !post) return std::nullopt;
  auto view = ViewOf(context);
  if (view->FindClaim(rest[0]) == nullptr) return product::MissingPage(context, "Sertifikatet");
  http::Response error;
  if (!ReadForm(context, error)) return error;
  domain::Actor actor = product::ActorOf(context);
  if (rest[1] == "bekreft") {
    auto confirmed = context.services.approvals->ConfirmClaim(actor, rest[0]);
    if (!confirmed.ok()) return StatusPage(context, confirmed.status());
    return http::Redirect(std::string(kBase) + "?bekreftet=1");
  }
  if (rest[1] == "trekk-tilbake") {
    Status withdrawn = context.services.approvals->WithdrawClaim(actor, rest[0]);
    if (!withdrawn.ok()) return StatusPage(context, withdrawn);
    return http::Redirect(std::string(kBase) + "?trukket=1");
  }
  return std::nullopt;
}

}  // namespace helsekrav::web::approval
