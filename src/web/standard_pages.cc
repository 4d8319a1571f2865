// /standarder and /standarder/{key}: Referansekatalogen's standards.
#include "domain/catalog_query.h"
#include "web/filters.h"
#include "web/page_handlers.h"

namespace helsekrav::web {

Response StandardListPage(const Request& request, const app::Snapshot& s) {
  PageContext page;
  page.title = "Standarder";
  page.breadcrumbs = {{"Forside", "/"}, {"Standarder", ""}};
  page.current_path = "/standarder";
  page.last_changed = CatalogDate(s);
  std::vector<std::string> problems;
  domain::StandardQuery query;
  query.at = ReadDate(request, "at", s.today(), problems);
  query.statuses = ReadEnums<domain::StandardStatus>(request, "status", "status", problems);
  query.obligations =
      ReadEnums<domain::StandardObligation>(request, "obligation", "forpliktelse", problems);
  query.layers = ReadEnums<domain::InteropLayer>(request, "layer", "samhandlingsnivå", problems);
  query.q = Param(request, "q");
  if (!problems.empty()) return BadRequestPage(s, page, problems);
  auto hits = domain::FindStandards(s.catalog(), query);
  auto count = [&](const std::function<void(domain::StandardQuery&)>& set) {
    domain::StandardQuery q = query;
    set(q);
    return domain::FindStandards(s.catalog(), q).size();
  };
  std::string form =
      "<form class=\"hk-filters\" action=\"/standarder\" method=\"get\" "
      "aria-labelledby=\"filtre\">\n" +
      Heading(2, "Filtrer", "filtre") +
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-q\">Fritekst</label>\n"
      "<input class=\"ds-input\" type=\"text\" name=\"q\" id=\"f-q\" value=\"" +
      Escape(query.q) + "\">\n</div>\n" +
      CheckboxFacet(
          "status", "Status",
          EnumValues<domain::StandardStatus>(query.statuses,
                                             [&](domain::StandardStatus v) {
                                               return count([&](auto& q) { q.statuses = {v}; });
                                             })) +
      CheckboxFacet("obligation", "Forpliktelse",
                    EnumValues<domain::StandardObligation>(query.obligations,
                                                           [&](domain::StandardObligation v) {
                                                             return count([&](auto& q) {
                                                               q.obligations = {v};
                                                             });
                                                           })) +
      CheckboxFacet(
          "layer", "Samhandlingsnivå",
          EnumValues<domain::InteropLayer>(
              query.layers,
              [&](domain::InteropLayer v) { return count([&](auto& q) { q.layers = {v}; }); })) +
      DateField("at", "Status pr. dato", query.at) +
      "<p><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Vis "
      "standarder</button> " +
      Link("/standarder", "Nullstill filtre") + "</p>\n</form>\n";
  std::string results = "<section aria-labelledby=\"treff\">\n" +
                        Heading(2, std::to_string(hits.size()) + " standarder", "treff");
  if (hits.empty()) {
    results += Paragraph("Ingen standarder passer med filtrene.");
  } else {
    results += "<ul class=\"hk-results\">\n";
    for (const domain::Standard* st : hits) {
      auto status = domain::StatusAt(*st, query.at);
      results +=
          "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
          Link(KeyPath("/standarder", st->key), st->name) + "</h3>\n<div class=\"hk-tags\">" +
          Tag(domain::Label(st->obligation),
              st->obligation == domain::StandardObligation::kMandatory ? "danger" : "neutral") +
          (status ? Tag(domain::Label(*status), "accent") : Tag("Ikke startet", "warning")) +
          "</div>\n<p class=\"ds-paragraph hk-meta\">" + Escape(st->sdo) +
          (st->version.empty() ? "" : " · versjon " + Escape(st->version)) + "</p>\n</li>\n";
    }
    results += "</ul>\n";
  }
  results += "</section>\n";
  return RenderPage(page, "<div class=\"hk-list-layout\">\n" + form + results + "</div>\n");
}

Response StandardPage(const Request& request, const app::Snapshot& s, const std::string& key) {
  const domain::Standard* st = s.FindStandard(key);
  if (st == nullptr) return NotFoundPage(request, s, "Standarden «" + key + "»");
  PageContext page;
  page.title = st->name;
  page.breadcrumbs = {{"Forside", "/"}, {"Standarder", "/standarder"}, {st->name, ""}};
  page.current_path = request.path;
  page.last_changed = CatalogDate(s);
  Date newest;
  for (const auto& step : st->lifecycle) {
    if (step.from <= s.today() && step.from > newest) newest = step.from;
  }
  if (newest != Date()) page.last_changed = newest;
  auto status = domain::StatusAt(*st, s.today());
  std::string lifecycle = "<ol class=\"ds-list\">\n";
  for (const auto& step : st->lifecycle) {
    lifecycle +=
        "<li><time datetime=\"" + step.from.ToIso() + "\">" + Escape(step.from.ToNorwegian()) +
        "</time>: " + Escape(domain::Label(step.status)) +
        (status && *status == step.status && step.from <= s.today() ? " (gjelder nå)" : "") +
        "</li>\n";
  }
  lifecycle += "</ol>\n";
  std::string requirements = "<ul class=\"hk-plain-list\">\n";
  std::size_t n = 0;
  for (const auto& r : s.catalog().requirements) {
    const auto& v = domain::VersionAt(r, s.today());
    if (std::find(v.standards.begin(), v.standards.end(), st->key) != v.standards.end()) {
      requirements += "<li>" + RequirementLink(s, r.key) + "</li>\n";
      ++n;
    }
  }
  requirements += "</ul>\n";
  std::string body =
      (st->description.empty() ? "" : Markdown(st->description)) + Heading(2, "Fakta") +
      Facts({{"Nøkkel", Escape(st->key)},
             {"Status i dag", Escape(status ? domain::Label(*status) : "Ikke startet")},
             {"Forpliktelse", Escape(domain::Label(st->obligation))},
             {"Normativt nivå", Escape(domain::Label(st->normative_level))},
             {"Hjemmel", Escape(st->legal_basis)},
             {"Standardiseringsorganisasjon", Escape(st->sdo)},
             {"Versjon", Escape(st->version)},
             {"Dokument", Escape(st->document_id)},
             {"Samhandlingsnivå", st->layer ? Escape(domain::Label(*st->layer)) : ""},
             {"Lenke", st->url.rfind("http", 0) == 0 ? Link(st->url, st->url) : Escape(st->url)},
             {"Kilde", SourceHtml(st->source)}}) +
      Heading(2, "Livsløp") + lifecycle + Heading(2, "Krav som viser til standarden") +
      (n == 0 ? Paragraph("Ingen krav viser til standarden.") : requirements);
  return RenderPage(page, body);
}

}  // namespace helsekrav::web
