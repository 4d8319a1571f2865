// /profiler and /profiler/{key}: requirement profiles per product category.
#include "domain/catalog_query.h"
#include "domain/diff.h"
#include "web/filters.h"
#include "web/page_handlers.h"

namespace helsekrav::web {

Response ProfileListPage(const Request& request, const app::Snapshot& s) {
  PageContext page;
  page.title = "Kravprofiler";
  page.breadcrumbs = {{"Forside", "/"}, {"Kravprofiler", ""}};
  page.current_path = "/profiler";
  page.last_changed = CatalogDate(s);
  std::vector<std::string> problems;
  domain::ProfileQuery query;
  query.at = ReadDate(request, "at", s.today(), problems);
  query.q = Param(request, "q");
  if (!problems.empty()) return BadRequestPage(s, page, problems);
  auto hits = domain::FindProfiles(s.catalog(), s.tree(), query);
  std::string body =
      Paragraph(
          "En kravprofil samler kravene som gjelder for en produktkategori, og kan skjerpe "
          "forpliktelsen for enkeltkrav.") +
      "<form class=\"hk-inline-form\" action=\"/profiler\" method=\"get\">\n"
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-q\">Søk i profiler</label>\n"
      "<input class=\"ds-input\" type=\"text\" name=\"q\" id=\"f-q\" value=\"" +
      Escape(query.q) + "\">\n</div>\n" + DateField("at", "Pr. dato", query.at) +
      "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Vis</button>\n"
      "</form>\n" +
      Heading(2, std::to_string(hits.size()) + " kravprofiler");
  if (hits.empty()) {
    body += Paragraph("Ingen kravprofiler passer med søket.");
  } else {
    body += "<ul class=\"hk-results\">\n";
    for (const auto& hit : hits) {
      body += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
              Link(KeyPath("/profiler", hit.profile->key), hit.version->name) +
              "</h3>\n<p class=\"ds-paragraph hk-meta\">" +
              Escape(CategoryName(s, hit.version->category)) + " · " +
              std::to_string(hit.version->items.size()) + " krav · gyldig fra " +
              Escape(hit.version->valid_from.ToNorwegian()) + "</p>\n</li>\n";
    }
    body += "</ul>\n";
  }
  return RenderPage(page, body);
}

Response ProfilePage(const Request& request, const app::Snapshot& s, const std::string& key) {
  const domain::Profile* p = s.FindProfile(key);
  if (p == nullptr) return NotFoundPage(request, s, "Kravprofilen «" + key + "»");
  const domain::ProfileVersion* shown = &domain::VersionAt(*p, s.today());
  PageContext page;
  page.current_path = request.path;
  std::string wanted = Param(request, "versjon");
  if (!wanted.empty()) {
    shown = nullptr;
    for (const auto& candidate : p->versions) {
      if (std::to_string(candidate.version) == wanted) shown = &candidate;
    }
    if (shown == nullptr) {
      page.title = "Ugyldig versjon";
      page.breadcrumbs = {{"Forside", "/"}, {"Kravprofiler", "/profiler"}, {p->key, ""}};
      return BadRequestPage(s, page,
                            {"Kravprofilen " + p->key + " har ingen versjon «" + wanted + "»."});
    }
  }
  const domain::ProfileVersion& v = *shown;
  page.title = v.name;
  page.breadcrumbs = {{"Forside", "/"}, {"Kravprofiler", "/profiler"}, {v.name, ""}};
  page.last_changed = p->versions.front().valid_from;
  for (const auto& version : p->versions) {
    if (version.valid_from <= s.today() && version.valid_from > page.last_changed) {
      page.last_changed = version.valid_from;
    }
  }
  std::string actors;
  for (auto a : v.actor_types) actors += (actors.empty() ? "" : ", ") + Escape(domain::Label(a));
  std::string body =
      (v.description.empty() ? "" : Markdown(v.description)) + Heading(2, "Fakta") +
      Facts({{"Nøkkel", Escape(p->key)},
             {"Produktkategori", Escape(CategoryName(s, v.category))},
             {"Bruk", Escape(v.use)},
             {"Aktørtyper", actors.empty() ? "Alle" : actors},
             {"Versjon", std::to_string(v.version) + " av " + std::to_string(p->versions.size())},
             {"Gyldig fra", Escape(v.valid_from.ToNorwegian())},
             {"Gyldig til", v.valid_to ? Escape(v.valid_to->ToNorwegian()) : ""},
             {"Kilde", SourceHtml(v.source)}});
  body += Heading(2, "Krav i profilen (" + std::to_string(v.items.size()) + ")", "krav") +
          "<div class=\"hk-table-wrap\"><table class=\"ds-table\">\n<thead><tr>"
          "<th scope=\"col\">Krav</th><th scope=\"col\">Kravets egen forpliktelse</th>"
          "<th scope=\"col\">Forpliktelse i profilen</th></tr></thead>\n<tbody>\n";
  for (const auto& item : v.items) {
    const domain::Requirement* r = s.FindRequirement(item.requirement);
    std::string own = "–", effective = "–";
    if (r != nullptr) {
      const domain::RequirementVersion& rv = domain::VersionAt(*r, s.today());
      auto eff = domain::EffectiveObligation(rv.obligation, item.obligation);
      own = Escape(domain::Label(rv.obligation));
      effective = Escape(domain::Label(eff));
      if (eff != rv.obligation)
        effective = "<strong>" + effective + "</strong> " + Tag("Skjerpet", "warning");
      if (rv.eea && !domain::BindsInNorway(rv, s.today()))
        effective += " " + Tag(domain::Label(rv.eea->status), "warning");
    }
    body += "<tr><td>" + RequirementLink(s, item.requirement) + "</td><td>" + own + "</td><td>" +
            effective + "</td></tr>\n";
  }
  body += "</tbody>\n</table></div>\n" + Heading(2, "Versjonshistorikk") +
          "<ol class=\"hk-plain-list hk-history\" reversed>\n";
  for (auto it = p->versions.rbegin(); it != p->versions.rend(); ++it) {
    std::string label =
        "Versjon " + std::to_string(it->version) + ", gyldig fra " + it->valid_from.ToNorwegian();
    body += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
            (it->version == v.version
                 ? Escape(label) + " (vises)"
                 : Link(KeyPath("/profiler", p->key) + "?versjon=" + std::to_string(it->version),
                        label)) +
            "</h3>\n" + (it->change_note.empty() ? "" : Paragraph(it->change_note));
    if (it->version > 1) {
      if (const auto* prev = domain::FindVersion(*p, it->version - 1)) {
        body += "<details class=\"ds-details\">\n<summary>Endringer fra versjon " +
                std::to_string(prev->version) + "</summary>\n<div>\n" +
                DiffHtml(domain::Diff(*prev, *it)) + "</div>\n</details>\n";
      }
    }
    body += "</li>\n";
  }
  body += "</ol>\n";
  return RenderPage(page, body);
}

}  // namespace helsekrav::web
