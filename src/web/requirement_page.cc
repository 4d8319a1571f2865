// /krav/{key}: one requirement with its text, facts, relations and version history.
#include "core/text.h"
#include "domain/catalog_query.h"
#include "domain/diff.h"
#include "web/html.h"
#include "web/page_handlers.h"

namespace helsekrav::web {
namespace {

template <typename E>
std::string LabelList(const std::vector<E>& values, const std::string& empty) {
  if (values.empty()) return Escape(empty);
  std::string out;
  for (const E& v : values) out += (out.empty() ? "" : ", ") + Escape(domain::Label(v));
  return out;
}

std::string LinkList(const std::vector<std::string>& keys,
                     const std::function<std::string(const std::string&)>& link) {
  if (keys.empty()) return {};
  std::string html = "<ul class=\"hk-plain-list\">\n";
  for (const auto& key : keys) html += "<li>" + link(key) + "</li>\n";
  return html + "</ul>\n";
}

std::string Validity(const domain::RequirementVersion& v) {
  std::string out = "Fra " + v.valid_from.ToNorwegian();
  if (v.valid_to) out += " til " + v.valid_to->ToNorwegian() + " (ikke medregnet)";
  return Escape(out);
}

std::string History(const domain::Requirement& r, int shown) {
  std::string html = "<section aria-labelledby=\"historikk\">\n" +
                     Heading(2, "Versjonshistorikk", "historikk") +
                     "<ol class=\"hk-plain-list hk-history\" reversed>\n";
  for (auto it = r.versions.rbegin(); it != r.versions.rend(); ++it) {
    const auto& v = *it;
    std::string label =
        "Versjon " + std::to_string(v.version) + ", gyldig fra " + v.valid_from.ToNorwegian();
    html += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
            (v.version == shown
                 ? Escape(label) + " (vises)"
                 : Link(KeyPath("/krav", r.key) + "?versjon=" + std::to_string(v.version), label)) +
            "</h3>\n" + (v.change_note.empty() ? "" : Paragraph(v.change_note));
    if (v.version > 1) {
      const auto* previous = domain::FindVersion(r, v.version - 1);
      if (previous != nullptr) {
        html += "<details class=\"ds-details\" open>\n<summary>Endringer fra versjon " +
                std::to_string(previous->version) + "</summary>\n<div>\n" +
                DiffHtml(domain::Diff(*previous, v)) + "</div>\n</details>\n";
      }
    }
    html += "</li>\n";
  }
  return html + "</ol>\n</section>\n";
}

}  // namespace

Response RequirementPage(const Request& request, const app::Snapshot& s, const std::string& key) {
  const domain::Requirement* r = s.FindRequirement(key);
  if (r == nullptr) return NotFoundPage(request, s, "Kravet «" + key + "»");
  PageContext page;
  page.current_path = request.path;
  page.breadcrumbs = {{"Forside", "/"}, {"Krav", "/krav"}, {r->key, ""}};
  const domain::RequirementVersion* v = &domain::VersionAt(*r, s.today());
  std::string wanted = Param(request, "versjon");
  if (!wanted.empty()) {
    const domain::RequirementVersion* found = nullptr;
    for (const auto& candidate : r->versions) {
      if (std::to_string(candidate.version) == wanted) found = &candidate;
    }
    if (found == nullptr) {
      page.title = "Ugyldig versjon";
      return BadRequestPage(s, page,
                            {"Kravet " + r->key + " har ingen versjon «" + wanted + "». Det har " +
                             std::to_string(r->versions.size()) + " versjoner."});
    }
    v = found;
  }
  page.title = v->title;
  // The newest version in force by today; the first version when all lie ahead.
  page.last_changed = r->versions.front().valid_from;
  for (const auto& version : r->versions) {
    if (version.valid_from <= s.today() && version.valid_from > page.last_changed) {
      page.last_changed = version.valid_from;
    }
  }
  auto status = domain::StatusAt(v->valid_from, v->valid_to, s.today());

  std::vector<std::string> categories, solutions, profiles;
  for (const auto& c : v->categories) categories.push_back(Escape(CategoryName(s, c)));
  for (const auto& n : v->integrations) solutions.push_back(Escape(SolutionName(s, n)));
  std::vector<std::string> verified_by = v->approval_schemes;
  for (const auto& scheme : s.catalog().approval_schemes) {
    const auto& keys = s.RequirementsVerifiedBy(scheme.key);
    if (std::find(keys.begin(), keys.end(), r->key) != keys.end() &&
        std::find(verified_by.begin(), verified_by.end(), scheme.key) == verified_by.end()) {
      verified_by.push_back(scheme.key);
    }
  }
  for (const auto& p : s.catalog().profiles) {
    for (const auto& item : domain::VersionAt(p, s.today()).items) {
      if (item.requirement == r->key) profiles.push_back(p.key);
    }
  }

  std::string body =
      "<p class=\"ds-paragraph hk-meta\">" + Escape(r->key) + " · versjon " +
      std::to_string(v->version) + " av " + std::to_string(r->versions.size()) + "</p>\n" +
      "<div class=\"hk-tags\">" + Tag(domain::Label(v->area), "accent") +
      Tag(domain::Label(v->obligation),
          v->obligation == domain::Obligation::kMandatory ? "danger" : "neutral") +
      Tag(domain::Label(status),
          status == domain::RequirementStatus::kActive ? "success" : "warning") +
      (v->eea ? Tag(domain::Label(v->eea->status), "warning") : "") +
      (v->source.example.empty() ? "" : Tag("Eksempel", "warning")) + "</div>\n" +
      Markdown(v->text) + Heading(2, "Fakta") +
      Facts(
          {{"Nøkkel", Escape(r->key)},
           {"Hjemmel", Escape(v->legal_basis.empty() ? "Ingen (ikke lovpålagt)" : v->legal_basis)},
           {"Eier", OrganisationLink(s, v->owner)},
           {"Forpliktelse", Escape(domain::Label(v->obligation))},
           {"I Norge", NorwayHtml(*v)},
           {"Område", Escape(domain::Label(v->area))},
           {"Samhandlingsnivå", v->layer ? Escape(domain::Label(*v->layer)) : ""},
           {"Virkeområde", Escape(domain::Label(v->scope))},
           {"Verifikasjon", LabelList(v->verification_methods, "Ikke angitt")},
           {"Gyldighet", Validity(*v)},
           {"Status i dag", Escape(domain::Label(status))},
           {"Kilde", SourceHtml(v->source)},
           {"Produktkategorier", categories.empty() ? "Alle" : Join(categories, ", ")},
           {"Aktørtyper", LabelList(v->actor_types, "Alle")},
           {"Integrasjoner", solutions.empty() ? "Ingen" : Join(solutions, ", ")}});
  body += Heading(2, "Standarder") +
          (v->standards.empty()
               ? Paragraph("Kravet viser ikke til standarder.")
               : LinkList(v->standards, [&](const std::string& k) { return StandardLink(s, k); }));
  body += Heading(2, "Godkjenningsordninger som verifiserer kravet") +
          (verified_by.empty()
               ? Paragraph("Ingen godkjenningsordning verifiserer kravet. Leverandørens egen "
                           "publiserte erklæring dokumenterer det (egenerklært).")
               : LinkList(verified_by, [&](const std::string& k) { return SchemeLink(s, k); }));
  body += Heading(2, "Kravprofiler med kravet") +
          (profiles.empty()
               ? Paragraph("Kravet er ikke med i noen kravprofil.")
               : LinkList(profiles, [&](const std::string& k) { return ProfileLink(s, k); }));
  body += History(*r, v->version);
  return RenderPage(page, body);
}

}  // namespace helsekrav::web
