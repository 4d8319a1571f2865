// The approving body's workspace (/min-side/godkjenninger): the approvals it has issued, the
// form to issue one, and per approval (/min-side/godkjenninger/{id}) the forms to renew,
// suspend, reinstate and revoke it. app::ApprovalService decides who may do what; these pages
// only check up front that the organisation is an approving body or the authority, so that
// others get a plain 403 instead of a form.
#include <algorithm>
#include <map>
#include <set>

#include "domain/approval_rules.h"
#include "web/approval_pages.h"
#include "web/forms.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::approval {
namespace {

constexpr const char* kBase = "/min-side/godkjenninger";

// The values of the issue form as typed, so a rejected form is shown again unchanged.
struct IssueForm {
  std::string scheme;
  std::string version;
  std::string supplier;
  std::string valid_from;
  std::string valid_to;
  std::string conditions;
  std::map<std::string, std::vector<std::string>> covered;  // per scheme
  std::string evidence_url;
  std::string evidence_reference;
  bool posted = false;
};

// The form field of a service field path ("covered_requirements[2]" → "krav-<scheme>").
std::string FieldOf(const std::string& path, const std::string& scheme) {
  static const std::map<std::string, std::string> kFields = {
      {"scheme", "ordning"},      {"subject_kind", "ordning"},      {"valid_from", "gyldig_fra"},
      {"valid_to", "gyldig_til"}, {"conditions", "vilkar"},         {"evidence", "dokumentasjon"},
      {"reason", "begrunnelse"},  {"status_reason", "begrunnelse"}, {"report", "rapport"}};
  std::string head = path.substr(0, path.find_first_of(".["));
  if (head == "covered_requirements") return "krav-" + scheme;
  if (head == "subject_id") return "gjelder";
  auto it = kFields.find(head);
  return it == kFields.end() ? "" : it->second;
}

bool MayIssue(const WebContext& context) {
  const domain::OrgAccount& org = context.principal->org;
  return org.status == domain::OrgStatus::kApproved &&
         (org.kind == domain::OrganisationKind::kApprovingBody ||
          org.kind == domain::OrganisationKind::kAuthority);
}

http::Response NotABody(const WebContext& context) {
  return StatusPage(context, Status::Forbidden("Bare godkjente godkjenningsorganer og "
                                               "myndigheten kan gi og endre godkjenninger."));
}

// The schemes the organisation owns (CanIssue decides in the end); all schemes when it owns
// none, so an authority still sees what exists.
std::vector<const domain::ApprovalScheme*> OwnSchemes(const WebContext& context) {
  const auto& catalog = context.catalog.catalog();
  const domain::Organisation* own = domain::CatalogOrganisationFor(context.principal->org, catalog);
  std::vector<const domain::ApprovalScheme*> out;
  for (const auto& scheme : catalog.approval_schemes) {
    if (own != nullptr && scheme.owner == own->key) out.push_back(&scheme);
  }
  if (out.empty()) {
    for (const auto& scheme : catalog.approval_schemes) out.push_back(&scheme);
  }
  return out;
}

std::vector<Option> VersionOptions(const app::RegistryView& view) {
  std::vector<Option> out;
  for (const auto& p : view.products()) {
    if (!product::IsPublicSupplier(view, p.org_id)) continue;
    for (const domain::ProductVersion* v : view.VersionsOf(p.id))
      out.push_back(
          {v->id, p.name + " " + v->version + " (" + product::OrgName(view, p.org_id) + ")"});
  }
  return out;
}

std::vector<Option> SupplierOptions(const app::RegistryView& view) {
  std::vector<Option> out;
  for (const auto& org : view.orgs()) {
    if (product::IsPublicSupplier(view, org.id)) out.push_back({org.id, org.name});
  }
  return out;
}

// One fieldset of requirement checkboxes per scheme (named krav-<scheme>), all checked unless
// the form was posted.
std::string CoveredFields(const WebContext& context,
                          const std::vector<const domain::ApprovalScheme*>& schemes,
                          const IssueForm& form, const std::vector<FieldError>& errors) {
  std::string html;
  for (const domain::ApprovalScheme* scheme : schemes) {
    std::vector<std::string> keys =
        domain::SchemeRequirements(context.catalog.catalog(), scheme->key);
    if (keys.empty()) continue;
    std::vector<Option> options;
    for (const auto& key : keys) {
      const domain::Requirement* r = context.catalog.FindRequirement(key);
      options.push_back(
          {key,
           r == nullptr ? key : key + " " + domain::VersionAt(*r, context.catalog.today()).title});
    }
    auto it = form.covered.find(scheme->key);
    std::vector<std::string> selected =
        form.posted ? (it == form.covered.end() ? std::vector<std::string>{} : it->second) : keys;
    html += CheckboxGroup("krav-" + scheme->key,
                          "Krav godkjenningen dekker – når ordningen er «" + scheme->name + "»",
                          options, selected, ErrorFor(errors, "krav-" + scheme->key));
  }
  return html;
}

std::string IssueFormHtml(const WebContext& context, const IssueForm& form,
                          const std::vector<FieldError>& errors) {
  std::vector<const domain::ApprovalScheme*> schemes = OwnSchemes(context);
  std::vector<Option> scheme_options;
  bool supplier_schemes = false;
  for (const auto* scheme : schemes) {
    scheme_options.push_back({scheme->key, scheme->name});
    supplier_schemes |= scheme->subject == domain::ApprovalSubject::kSupplier;
  }
  std::string html =
      ErrorSummary(errors) + "<form method=\"post\" action=\"" + std::string(kBase) +
      "\" enctype=\"multipart/form-data\" class=\"hk-form\">\n" + CsrfInput(context.csrf_token) +
      Select("ordning", "Godkjenningsordning", scheme_options, form.scheme,
             ErrorFor(errors, "ordning"), "Dere kan bare gi godkjenninger i ordninger dere eier.") +
      Select("versjon", "Produktversjon som godkjennes", VersionOptions(context.registry),
             form.version, ErrorFor(errors, "versjon"),
             "Brukes for ordninger som godkjenner en versjon av en løsning.");
  if (supplier_schemes) {
    html += Select("leverandor", "Leverandør som godkjennes", SupplierOptions(context.registry),
                   form.supplier, ErrorFor(errors, "leverandor"),
                   "Brukes for ordninger som godkjenner leverandøren.");
  }
  html += TextField("gyldig_fra", "Gyldig fra", form.valid_from, ErrorFor(errors, "gyldig_fra"),
                    product::DateInputType(form.valid_from), "", "", true) +
          TextField("gyldig_til", "Gyldig til", form.valid_to, ErrorFor(errors, "gyldig_til"),
                    product::DateInputType(form.valid_to),
                    "Godkjenningen gjelder ikke lenger fra og med denne datoen. La feltet stå tomt "
                    "for ordningens faste gyldighetstid.") +
          TextArea("vilkar", "Vilkår", form.conditions, ErrorFor(errors, "vilkar"),
                   "Du kan bruke Markdown.", 4) +
          CoveredFields(context, schemes, form, errors) +
          EvidenceFileField("rapport", "Testrapport eller annen dokumentasjon (fil)",
                            ErrorFor(errors, "rapport")) +
          TextField("dokumentasjon", "Lenke til dokumentasjon", form.evidence_url,
                    ErrorFor(errors, "dokumentasjon"), "url",
                    "For eksempel testrapporten. Adressen må begynne med https://") +
          TextField("referanse", "Referanse til dokumentasjon", form.evidence_reference,
                    ErrorFor(errors, "referanse"), "text",
                    "For eksempel saksnummer eller rapportnummer.") +
          SubmitButton("Gi godkjenning") + "</form>\n";
  return html;
}

std::string IssuedList(const WebContext& context, const app::ApprovalView& view) {
  std::string rows;
  for (const domain::Approval& a : view.approvals()) {
    if (a.issuer_org_id != context.principal->org.id) continue;
    rows += "<tr><td>" +
            Link(std::string(kBase) + "/" + http::PercentEncode(a.id),
                 SchemeName(context.catalog, a.scheme)) +
            "</td><td>" + Escape(SubjectName(context, a)) + "</td><td>" +
            StatusTag(domain::EffectiveStatus(a, context.catalog.today())) + "</td><td>" +
            Escape(a.valid_to.ToNorwegian()) + "</td></tr>\n";
  }
  if (rows.empty()) return Paragraph("Dere har ikke gitt noen godkjenninger ennå.");
  return product::TableStart({"Godkjenning", "Gjelder", "Status", "Utløper"}) + rows +
         product::kTableEnd;
}

http::Response ListPage(const WebContext& context, const IssueForm& form,
                        const std::vector<FieldError>& errors, int code) {
  PageContext page = WorkspaceFrame(context, "Godkjenninger", {{"Godkjenninger", ""}});
  std::string body;
  if (!MayIssue(context)) {
    body = Paragraph(
               "Godkjenninger gis av godkjenningsorganene som eier ordningene, for eksempel "
               "Norsk helsenett. Organisasjonen din er ikke registrert som godkjenningsorgan.") +
           "<p class=\"ds-paragraph\">" + Link("/godkjenninger", "Se alle godkjenninger") +
           " eller " + Link("/min-side/sertifikater", "registrer sertifikater dere har") +
           ".</p>\n";
    return RenderPage(page, body, code);
  }
  auto view = ViewOf(context);
  body = Paragraph(
             "Godkjenninger dere gir, blir synlige i det offentlige registeret med en gang "
             "og signeres i transparensloggen.") +
         Heading(2, "Godkjenninger dere har gitt") + IssuedList(context, *view) +
         Heading(2, "Gi en godkjenning", "ny") + IssueFormHtml(context, form, errors);
  return RenderPage(page, body, code);
}

std::optional<Date> ReadDate(const std::string& text, const std::string& field,
                             std::vector<FieldError>& errors) {
  if (text.empty()) return std::nullopt;
  auto date = Date::Parse(text);
  if (!date) errors.push_back({field, "Skriv datoen som åååå-mm-dd, for eksempel 2026-11-23."});
  return date;
}

IssueForm ReadIssueForm(const http::Form& form, const WebContext& context) {
  IssueForm f;
  f.posted = true;
  f.scheme = form.Get("ordning");
  f.version = form.Get("versjon");
  f.supplier = form.Get("leverandor");
  f.valid_from = product::Trim(form.Get("gyldig_fra"));
  f.valid_to = product::Trim(form.Get("gyldig_til"));
  f.conditions = form.Get("vilkar");
  for (const auto& scheme : context.catalog.catalog().approval_schemes)
    f.covered[scheme.key] = form.GetAll("krav-" + scheme.key);
  f.evidence_url = product::Trim(form.Get("dokumentasjon"));
  f.evidence_reference = product::Trim(form.Get("referanse"));
  return f;
}

// The request the form asks for; field errors for what cannot be read.
app::ApprovalRequest ToRequest(const WebContext& context, const IssueForm& f,
                               std::vector<FieldError>& errors) {
  app::ApprovalRequest r;
  r.scheme = f.scheme;
  const domain::ApprovalScheme* scheme = context.catalog.FindScheme(f.scheme);
  bool supplier = scheme != nullptr && scheme->subject == domain::ApprovalSubject::kSupplier;
  r.subject_id = supplier ? f.supplier : f.version;
  if (f.valid_from.empty())
    errors.push_back({"gyldig_fra", "Oppgi fra hvilken dato godkjenningen gjelder."});
  r.valid_from = ReadDate(f.valid_from, "gyldig_fra", errors).value_or(Date());
  r.valid_to = ReadDate(f.valid_to, "gyldig_til", errors);
  r.conditions = f.conditions;
  auto it = f.covered.find(f.scheme);
  if (it != f.covered.end()) r.covered_requirements = it->second;
  if (scheme != nullptr && r.covered_requirements.empty() &&
      !domain::SchemeRequirements(context.catalog.catalog(), scheme->key).empty())
    errors.push_back({"krav-" + f.scheme, "Kryss av minst ett krav godkjenningen dekker."});
  if (!f.evidence_url.empty())
    r.evidence.push_back({domain::EvidenceKind::kLink, "", "", "", f.evidence_url, ""});
  if (!f.evidence_reference.empty())
    r.evidence.push_back({domain::EvidenceKind::kReference, "", "", "", "", f.evidence_reference});
  return r;
}

http::Response Issue(const WebContext& context) {
  if (!MayIssue(context)) return NotABody(context);
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  IssueForm f = ReadIssueForm(*form, context);
  std::vector<FieldError> errors;
  app::ApprovalRequest request = ToRequest(context, f, errors);
  if (!errors.empty()) return ListPage(context, f, errors, 422);
  // The report is stored with the approval, or not at all.
  for (const http::FormFile& upload : form->files) {
    if (upload.field == "rapport" && !upload.data.empty()) {
      request.report = app::Upload{upload.file_name, upload.content_type, upload.data};
    }
  }
  auto issued = context.services.approvals->Issue(product::ActorOf(context), request);
  if (issued.ok())
    return http::Redirect(std::string(kBase) + "/" + http::PercentEncode(issued->id) +
                          "?utstedt=1");
  StatusCode code = issued.status().code();
  if (code == StatusCode::kInvalid) {
    std::string field = FieldOf(issued.status().field(), f.scheme);
    if (field == "gjelder") {
      const domain::ApprovalScheme* scheme = context.catalog.FindScheme(f.scheme);
      bool supplier = scheme != nullptr && scheme->subject == domain::ApprovalSubject::kSupplier;
      field = supplier ? "leverandor" : "versjon";
    }
    errors.push_back({field, issued.status().message()});
    return ListPage(context, f, errors, 422);
  }
  if (code == StatusCode::kForbidden) {
    // Keep the form (e.g. a scheme the body does not own) with the reason.
    errors.push_back({"ordning", issued.status().message()});
    return ListPage(context, f, errors, 403);
  }
  return StatusPage(context, issued.status());
}

// ---- One approval ----

struct ActionForm {
  std::string action;  // the form that was posted: renew, suspend, reinstate, revoke
  std::string valid_to;
  std::string reason;
};

std::string ActionFormHtml(const WebContext& context, const domain::Approval& a,
                           domain::ApprovalAction action, const std::string& title,
                           const std::string& fields, const std::string& button,
                           const std::string& variant, const std::vector<FieldError>& errors,
                           bool posted) {
  std::string code(domain::Code(action));
  return "<section aria-labelledby=\"" + code + "-tittel\">\n" +
         Heading(3, title, code + "-tittel") + (posted ? ErrorSummary(errors) : "") +
         "<form method=\"post\" action=\"" + std::string(kBase) + "/" +
         Escape(http::PercentEncode(a.id)) + "\" class=\"hk-form\">\n" +
         CsrfInput(context.csrf_token) + HiddenInput("handling", code) + fields +
         SubmitButton(button, variant) + "</form>\n</section>\n";
}

// The action forms that fit the approval's status.
std::string ActionForms(const WebContext& context, const domain::Approval& a,
                        const ActionForm& shown, const std::vector<FieldError>& errors) {
  using AA = domain::ApprovalAction;
  domain::ApprovalStatus status = domain::EffectiveStatus(a, context.catalog.today());
  auto allowed = [&](AA action) {
    return domain::NextApprovalStatus(a.status, action).ok() &&
           (action != AA::kRenew || status != domain::ApprovalStatus::kSuspended);
  };
  auto posted = [&](AA action) { return shown.action == domain::Code(action); };
  auto value = [&](AA action, const std::string& v) { return posted(action) ? v : ""; };
  auto error = [&](AA action, const char* field) {
    return posted(action) ? ErrorFor(errors, field) : "";
  };
  std::string html;
  if (allowed(AA::kRenew)) {
    std::string v = value(AA::kRenew, shown.valid_to);
    html += ActionFormHtml(context, a, AA::kRenew, "Forny",
                           TextField("gyldig_til", "Ny gyldig til-dato", v,
                                     error(AA::kRenew, "gyldig_til"), product::DateInputType(v),
                                     "Må være etter " + a.valid_to.ToNorwegian() + ".", "", true),
                           "Forny godkjenningen", "primary", errors, posted(AA::kRenew));
  }
  if (allowed(AA::kSuspend)) {
    html += ActionFormHtml(
        context, a, AA::kSuspend, "Suspender",
        TextArea("begrunnelse-suspend", "Begrunnelse for suspensjonen",
                 value(AA::kSuspend, shown.reason), error(AA::kSuspend, "begrunnelse-suspend"),
                 "Vises offentlig på godkjenningen.", 3),
        "Suspender godkjenningen", "secondary", errors, posted(AA::kSuspend));
  }
  if (allowed(AA::kReinstate)) {
    html += ActionFormHtml(
        context, a, AA::kReinstate, "Gjeninnsett",
        Paragraph("Godkjenningen blir gyldig igjen fram til " + a.valid_to.ToNorwegian() + "."),
        "Gjeninnsett godkjenningen", "secondary", errors, posted(AA::kReinstate));
  }
  if (allowed(AA::kRevoke)) {
    html += ActionFormHtml(
        context, a, AA::kRevoke, "Tilbakekall",
        Alert("Tilbakekalling er endelig. Godkjenningen kan ikke gjeninnsettes eller fornyes "
              "etterpå, og merker som bygger på den, forsvinner med en gang.",
              "warning") +
            TextArea("begrunnelse-revoke", "Begrunnelse for tilbakekallingen",
                     value(AA::kRevoke, shown.reason), error(AA::kRevoke, "begrunnelse-revoke"),
                     "Vises offentlig på godkjenningen.", 3) +
            CheckboxGroup("bekreft", "Bekreft",
                          {{"ja", "Jeg forstår at tilbakekallingen ikke kan angres"}}, {},
                          error(AA::kRevoke, "bekreft")),
        "Tilbakekall godkjenningen", "secondary", errors, posted(AA::kRevoke));
  }
  if (html.empty()) html = Paragraph("Godkjenningen er tilbakekalt og kan ikke endres.");
  return html;
}

http::Response ApprovalWorkspace(const WebContext& context, const domain::Approval& a,
                                 const ActionForm& shown, const std::vector<FieldError>& errors,
                                 int code) {
  std::string title = SchemeName(context.catalog, a.scheme) + ": " + SubjectName(context, a);
  PageContext page = WorkspaceFrame(context, title, {{"Godkjenninger", kBase}, {title, ""}});
  std::string body;
  if (Param(context.request, "utstedt") == "1")
    body += Alert("Godkjenningen er gitt og publisert.", "success");
  if (Param(context.request, "lagret") == "1") body += Alert("Endringen er lagret.", "success");
  domain::ApprovalStatus status = domain::EffectiveStatus(a, context.catalog.today());
  body += Facts({{"Gjelder", SubjectLink(context, a)},
                 {"Status",
                  StatusTag(status) +
                      (a.status_reason.empty() ? std::string() : " " + Escape(a.status_reason))},
                 {"Gyldig fra", Escape(a.valid_from.ToNorwegian())},
                 {"Utløper", Escape(a.valid_to.ToNorwegian())},
                 {"Offentlig side", Link(ApprovalPath(a.id), "Se godkjenningen i registeret")}}) +
          Heading(2, "Endre godkjenningen") + ActionForms(context, a, shown, errors);
  return RenderPage(page, body, code);
}

http::Response Act(const WebContext& context, const domain::Approval& a) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  std::string code = form->Get("handling");
  ActionForm shown{code, product::Trim(form->Get("gyldig_til")),
                   product::Trim(form->Get("begrunnelse-" + code))};
  std::vector<FieldError> errors;
  auto action = domain::Parse<domain::ApprovalAction>(shown.action);
  if (!action || *action == domain::ApprovalAction::kIssue ||
      *action == domain::ApprovalAction::kExpire) {
    return StatusPage(context,
                      Status::Invalid("handling", "Ukjent handling «" + shown.action + "»."));
  }
  std::optional<Date> valid_to;
  if (*action == domain::ApprovalAction::kRenew)
    valid_to = ReadDate(shown.valid_to, "gyldig_til", errors);
  if (*action == domain::ApprovalAction::kRevoke && form->Get("bekreft") != "ja")
    errors.push_back({"bekreft", "Kryss av for at du forstår at tilbakekallingen er endelig."});
  if (errors.empty()) {
    auto done = context.services.approvals->Act(product::ActorOf(context), a.id, *action,
                                                shown.reason, valid_to);
    if (done.ok())
      return http::Redirect(std::string(kBase) + "/" + http::PercentEncode(a.id) + "?lagret=1");
    if (done.status().code() != StatusCode::kInvalid) return StatusPage(context, done.status());
    // Reasons have one field per form; other service fields have none in these forms.
    std::string field = FieldOf(done.status().field(), a.scheme);
    if (field == "begrunnelse") field += "-" + code;
    if (field != "gyldig_til" && field.rfind("begrunnelse", 0) != 0) field.clear();
    errors.push_back({field, done.status().message()});
  }
  return ApprovalWorkspace(context, a, shown, errors, 422);
}

}  // namespace

std::optional<http::Response> HandleWorkspaceApprovals(const WebContext& context,
                                                       const std::vector<std::string>& rest) {
  bool post = context.request.method == "POST";
  if (rest.empty()) {
    if (post) return Issue(context);
    IssueForm empty;
    empty.valid_from = context.catalog.today().ToIso();
    return ListPage(context, empty, {}, 200);
  }
  if (rest.size() != 1) return std::nullopt;
  if (!MayIssue(context)) return NotABody(context);
  auto view = ViewOf(context);
  const domain::Approval* a = view->FindApproval(rest[0]);
  if (a == nullptr || a->issuer_org_id != context.principal->org.id)
    return product::MissingPage(context, "Godkjenningen");
  if (post) return Act(context, *a);
  return ApprovalWorkspace(context, *a, {}, {}, 200);
}

}  // namespace helsekrav::web::approval
