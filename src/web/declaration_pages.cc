// Public declarations (/erklaeringer/{id}), evidence downloads (/bevis/{id}) and the supplier's
// declaration workspace: the list, creating a draft, withdrawing (the edit form itself is in
// declaration_form.cc).
#include <map>

#include "core/text.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::product {
namespace {

std::string EvidenceHtml(const domain::Evidence& e) {
  switch (e.kind) {
    case domain::EvidenceKind::kFile:
      return Link("/bevis/" + http::PercentEncode(e.file_id),
                  e.file_name.empty() ? std::string("Fil") : e.file_name) +
             " <span class=\"hk-meta hk-hash\">SHA-256: <code>" + Escape(e.sha256) +
             "</code></span>";
    case domain::EvidenceKind::kLink:
      return Link(e.url, e.url);
    case domain::EvidenceKind::kReference:
      return Escape(e.reference);
  }
  return "";
}

// An ASCII-only file name for the plain filename parameter of Content-Disposition.
std::string AsciiFileName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: one '_' per character
    out +=
        (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';') ? static_cast<char>(c) : '_';
  }
  return out.empty() ? "fil" : out;
}

// The RFC 5987 value of a UTF-8 file name (PercentEncode keeps ',', which is not an attr-char).
std::string Rfc5987(const std::string& name) {
  std::string out;
  for (char c : http::PercentEncode(name)) out += c == ',' ? std::string("%2C") : std::string(1, c);
  return out;
}

std::string DeclarationPath(const std::string& id) {
  return "/min-side/erklaeringer/" + http::PercentEncode(id);
}

http::Response DeclarationList(const WebContext& context) {
  PageContext page = WorkspaceFrame(context, "Egenerklæringer", {{"Egenerklæringer", ""}});
  const app::RegistryView& view = context.registry;
  auto declarations = view.DeclarationsOfOrg(context.principal->org.id);
  std::string body = Paragraph("Egenerklæringer lages på en versjon av en løsning, under " +
                               std::string("«Våre løsninger»") + ".");
  body += "<p class=\"ds-paragraph\">" + Link("/min-side/losninger", "Gå til Våre løsninger") +
          "</p>\n";
  if (declarations.empty()) {
    body += Paragraph("Dere har ingen egenerklæringer ennå.");
    return RenderPage(page, body);
  }
  body += TableStart({"Løsning og versjon", "Kravprofil", "Status", "Dekning"});
  for (const auto* d : declarations) {
    const domain::ProductVersion* v = view.FindVersion(d->product_version_id);
    body += "<tr><td>" +
            Link(DeclarationPath(d->id), v == nullptr ? d->id : VersionName(view, *v)) +
            "</td><td>" + Escape(ProfileName(context.catalog, d->profile)) + "</td><td>" +
            StatusTag(d->status) +
            (d->needs_review.empty() ? "" : " " + Tag("Må vurderes på nytt", "warning")) +
            "</td><td>" + Escape(CoverageText(*d, context.catalog)) + "</td></tr>\n";
  }
  body += kTableEnd;
  return RenderPage(page, body);
}

http::Response CreateDeclaration(const WebContext& context) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  std::string version = form->Get("versjon");
  std::string profile = form->Get("profil");
  auto created =
      context.services.registry.CreateDeclaration(ActorOf(context), version, profile, std::nullopt);
  if (!created.ok()) return StatusPage(context, created.status());
  return http::Redirect(DeclarationPath(created->id) +
                        "?ny=" + std::to_string(created->answers.size()));
}

http::Response Withdraw(const WebContext& context, const std::string& id) {
  auto done = context.services.registry.Transition(ActorOf(context), id,
                                                   domain::DeclarationAction::kWithdraw);
  if (!done.ok()) return StatusPage(context, done.status());
  return http::Redirect(DeclarationPath(id) + "?lagret=trukket");
}

}  // namespace

std::string DeclarationTitle(const WebContext& context, const domain::Declaration& d) {
  const domain::ProductVersion* v = context.registry.FindVersion(d.product_version_id);
  return (v == nullptr ? std::string("Egenerklæring") : VersionName(context.registry, *v)) + " – " +
         ProfileName(context.catalog, d.profile);
}

std::string AnswersHtml(const WebContext& context, const domain::Declaration& d) {
  const app::Snapshot& s = context.catalog;
  const domain::ProfileVersion* pv = domain::DeclaredProfileVersion(d, s.catalog());
  if (pv == nullptr)
    return Paragraph("Kravprofilen for erklæringen finnes ikke lenger i katalogen.");
  std::map<std::string, const domain::DeclarationAnswer*> by_key;
  for (const auto& a : d.answers) by_key[a.requirement] = &a;
  std::map<domain::Area, std::string> rows;
  for (const auto& item : pv->items) {
    const domain::Requirement* r = s.FindRequirement(item.requirement);
    auto found = by_key.find(item.requirement);
    const domain::DeclarationAnswer* a = found == by_key.end() ? nullptr : found->second;
    const domain::RequirementVersion* rv =
        a == nullptr ? nullptr : domain::CitedVersion(*a, s.catalog());
    if (rv == nullptr && r != nullptr) rv = &domain::VersionAt(*r, s.today());
    domain::Area area = rv == nullptr ? domain::Area::kFunctional : rv->area;
    std::string row = "<tr><th scope=\"row\">" + RequirementLink(s, item.requirement);
    if (rv != nullptr) {
      row += "<br><span class=\"hk-meta\">" +
             Escape(domain::Label(domain::ItemObligation(item, *rv))) + "</span>";
    }
    bool review = std::find(d.needs_review.begin(), d.needs_review.end(), item.requirement) !=
                  d.needs_review.end();
    if (review) row += "<br>" + Tag("Må vurderes på nytt", "warning");
    row += "</th><td>" + (a == nullptr ? Tag("Ikke besvart", "neutral") : AnswerTag(a->answer)) +
           "</td><td>";
    if (a != nullptr) {
      if (!a->statement.empty())
        row += "<p class=\"ds-paragraph\">" + Escape(a->statement) + "</p>";
      if (!a->reason.empty())
        row +=
            "<p class=\"ds-paragraph\"><strong>Begrunnelse:</strong> " + Escape(a->reason) + "</p>";
    }
    row += "</td><td>";
    if (a != nullptr && !a->evidence.empty()) {
      row += "<ul class=\"hk-plain-list\">";
      for (const auto& e : a->evidence) row += "<li>" + EvidenceHtml(e) + "</li>";
      row += "</ul>";
    }
    rows[area] += row + "</td></tr>\n";
  }
  std::string html;
  for (const auto& [area, area_rows] : rows) {
    html += Heading(2, std::string(domain::Label(area))) +
            TableStart({"Krav", "Svar", "Beskrivelse", "Dokumentasjon"}, "ds-table hk-answers") +
            area_rows + kTableEnd;
  }
  return html;
}

http::Response DeclarationPage(const WebContext& context, const std::string& id) {
  const app::RegistryView& view = context.registry;
  const app::Snapshot& s = context.catalog;
  const domain::Declaration* d = view.FindDeclaration(id);
  if (d == nullptr || !app::IsPublic(*d) || !IsPublicSupplier(view, d->org_id))
    return MissingPage(context, "Erklæringen");
  const domain::ProductVersion* v = view.FindVersion(d->product_version_id);
  const domain::Product* p = v == nullptr ? nullptr : view.FindProduct(v->product_id);
  std::vector<Breadcrumb> trail = {{"Løsninger", "/losninger"}};
  if (p != nullptr) trail.push_back({p->name, "/losninger/" + http::PercentEncode(p->id)});
  PageContext page = Frame(context, "Egenerklæring: " + DeclarationTitle(context, *d), trail);
  if (d->published_at != 0) page.last_changed = Date(static_cast<int>(d->published_at / 86400));
  const domain::OrgAccount* org = view.FindOrg(d->org_id);
  std::string body;
  if (d->status == domain::DeclarationStatus::kSuperseded && !d->superseded_by.empty()) {
    body += AlertHtml(
        "<p class=\"ds-paragraph\">Denne erklæringen er erstattet av " +
            Link("/erklaeringer/" + http::PercentEncode(d->superseded_by), "en nyere erklæring") +
            ".</p>",
        "warning");
  } else if (d->status == domain::DeclarationStatus::kWithdrawn) {
    body += Alert("Leverandøren har trukket tilbake denne erklæringen.", "warning");
  }
  if (!d->needs_review.empty()) {
    body += Alert(std::to_string(d->needs_review.size()) +
                      " av kravene er endret etter at erklæringen ble publisert, og svarene må "
                      "vurderes på nytt av leverandøren.",
                  "warning");
  }
  domain::Coverage c = domain::ComputeCoverage(*d, s.catalog());
  body +=
      Paragraph(
          "Egenerklæringen er leverandørens egen beskrivelse av hvordan løsningen oppfyller "
          "kravene. Den er ikke kontrollert av myndighetene.") +
      Facts({{"Leverandør",
              org == nullptr ? ""
                             : Link("/leverandorer/" + http::PercentEncode(org->orgnr), org->name)},
             {"Løsning",
              p == nullptr ? "" : Link("/losninger/" + http::PercentEncode(p->id), p->name)},
             {"Versjon", v == nullptr ? "" : Escape(v->version)},
             {"Kravprofil",
              ProfileLink(s, d->profile) + " (versjon " + std::to_string(d->profile_version) + ")"},
             {"Status", StatusTag(d->status)},
             {"Publisert", Escape(TimestampDate(d->published_at))},
             {"Trukket tilbake", Escape(TimestampDate(d->withdrawn_at))},
             {"Dekning", Escape(CoverageText(*d, s)) + "<br><span class=\"hk-meta\">" +
                             std::to_string(c.answered) + " av " + std::to_string(c.total) +
                             " krav besvart</span>"}}) +
      AnswersHtml(context, *d);
  return RenderPage(page, body);
}

http::Response EvidenceDownload(const WebContext& context, const std::string& id) {
  auto read = app::ReadEvidence(context.services, ActorOf(context), id);
  if (!read.ok()) {
    if (read.status().code() == StatusCode::kNotFound) return MissingPage(context, "Filen");
    return StatusPage(context, read.status());
  }
  const domain::EvidenceFile& file = read->first;
  http::Response response = http::Response::Text(200, file.content_type, std::move(read->second));
  response.cache_control = "private, no-cache";
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + AsciiFileName(file.name) +
                                    "\"; filename*=UTF-8''" + Rfc5987(file.name));
  return response;
}

std::optional<http::Response> HandleWorkspaceDeclarations(const WebContext& context,
                                                          const std::vector<std::string>& rest) {
  // HandleProductPages has checked the method (GET, HEAD or POST) and the sign-in.
  bool post = context.request.method == "POST";
  if (rest.empty()) return post ? CreateDeclaration(context) : DeclarationList(context);
  const domain::Declaration* d = context.registry.FindDeclaration(rest[0]);
  if (d == nullptr || d->org_id != context.principal->org.id)
    return MissingPage(context, "Erklæringen");
  if (rest.size() == 1) return DeclarationWorkspace(context, *d);
  if (rest.size() == 2 && rest[1] == "trekk-tilbake") {
    return post ? Withdraw(context, d->id) : http::Redirect(DeclarationPath(d->id));
  }
  return std::nullopt;
}

}  // namespace helsekrav::web::product
