// /godkjenningsordninger[/{key}], /organisasjoner/{key} and /kommuner.
#include <map>

#include "domain/catalog_query.h"
#include "web/filters.h"
#include "web/page_handlers.h"

namespace helsekrav::web {
namespace {

const std::map<std::string, std::string>& Counties() {
  static const std::map<std::string, std::string> kCounties = {
      {"03", "Oslo"},      {"11", "Rogaland"}, {"15", "Møre og Romsdal"}, {"18", "Nordland"},
      {"31", "Østfold"},   {"32", "Akershus"}, {"33", "Buskerud"},        {"34", "Innlandet"},
      {"39", "Vestfold"},  {"40", "Telemark"}, {"42", "Agder"},           {"46", "Vestland"},
      {"50", "Trøndelag"}, {"55", "Troms"},    {"56", "Finnmark"}};
  return kCounties;
}

std::string CountyName(const std::string& number) {
  auto it = Counties().find(number);
  return it == Counties().end() ? number : it->second;
}

constexpr int kPerPage = 50;

}  // namespace

Response SchemeListPage(const Request& request, const app::Snapshot& s) {
  PageContext page;
  page.title = "Godkjenningsordninger";
  page.breadcrumbs = {{"Forside", "/"}, {"Godkjenningsordninger", ""}};
  page.current_path = "/godkjenningsordninger";
  page.last_changed = CatalogDate(s);
  domain::SchemeQuery query;
  query.q = Param(request, "q");
  auto hits = domain::FindSchemes(s.catalog(), query);
  std::string body =
      Paragraph(
          "Godkjenningsordningene bekrefter at en leverandør eller en produktversjon "
          "oppfyller bestemte krav. Bare eieren av ordningen kan utstede godkjenninger.") +
      "<form class=\"hk-inline-form\" action=\"/godkjenningsordninger\" method=\"get\">\n"
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-q\">Søk i "
      "godkjenningsordninger</label>\n<input class=\"ds-input\" type=\"text\" name=\"q\" "
      "id=\"f-q\" value=\"" +
      Escape(query.q) +
      "\">\n</div>\n<button class=\"ds-button\" data-variant=\"primary\" "
      "type=\"submit\">Søk</button>\n</form>\n" +
      Heading(2, std::to_string(hits.size()) + " godkjenningsordninger");
  if (hits.empty()) body += Paragraph("Ingen godkjenningsordninger passer med søket.");
  body += "<ul class=\"hk-results\">\n";
  for (const domain::ApprovalScheme* a : hits) {
    body += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
            Link(KeyPath("/godkjenningsordninger", a->key), a->name) +
            "</h3>\n<p class=\"ds-paragraph hk-meta\">Eier: " + OrganisationLink(s, a->owner) +
            " · Godkjenner: " + Escape(domain::Label(a->subject)) + "</p>\n</li>\n";
  }
  body += "</ul>\n";
  return RenderPage(page, body);
}

Response SchemePage(const Request& request, const app::Snapshot& s, const std::string& key) {
  const domain::ApprovalScheme* a = s.FindScheme(key);
  if (a == nullptr) return NotFoundPage(request, s, "Godkjenningsordningen «" + key + "»");
  PageContext page;
  page.title = a->name;
  page.breadcrumbs = {
      {"Forside", "/"}, {"Godkjenningsordninger", "/godkjenningsordninger"}, {a->name, ""}};
  page.current_path = request.path;
  page.last_changed = CatalogDate(s);
  std::string steps = "<ol class=\"ds-list\">\n";
  for (const auto& step : a->steps) steps += "<li>" + Escape(step) + "</li>\n";
  steps += "</ol>\n";
  const auto& verified = s.RequirementsVerifiedBy(a->key);
  std::string requirements = "<ul class=\"hk-plain-list\">\n";
  for (const auto& k : verified) requirements += "<li>" + RequirementLink(s, k) + "</li>\n";
  requirements += "</ul>\n";
  std::string body =
      (a->description.empty() ? "" : Markdown(a->description)) + Heading(2, "Fakta") +
      Facts({{"Eier", OrganisationLink(s, a->owner)},
             {"Godkjenner", Escape(domain::Label(a->subject))},
             {"Gyldighet", a->validity_months ? std::to_string(*a->validity_months) + " måneder"
                                              : std::string("Ikke tidsbegrenset")},
             {"Fornyelse", Escape(a->renewal)},
             {"Lenke", a->url.rfind("http", 0) == 0 ? Link(a->url, a->url) : Escape(a->url)},
             {"Kilde", SourceHtml(a->source)}}) +
      Heading(2, "Slik foregår godkjenningen") +
      (a->steps.empty() ? Paragraph("Prosessen er ikke beskrevet.") : steps) +
      Heading(2, "Krav som ordningen verifiserer (" + std::to_string(verified.size()) + ")") +
      (verified.empty() ? Paragraph("Ordningen verifiserer ingen krav i katalogen i dag.")
                        : requirements);
  return RenderPage(page, body);
}

Response OrganisationPage(const Request& request, const app::Snapshot& s, const std::string& key) {
  const domain::Organisation* o = s.FindOrganisation(key);
  if (o == nullptr) return NotFoundPage(request, s, "Organisasjonen «" + key + "»");
  bool municipality = o->kind == domain::OrganisationKind::kMunicipality;
  PageContext page;
  page.title = o->name;
  page.breadcrumbs = {
      {"Forside", "/"},
      municipality ? Breadcrumb{"Kommuner", "/kommuner"} : Breadcrumb{"Organisasjoner", ""},
      {o->name, ""}};
  page.current_path = municipality ? "/kommuner/" : request.path;
  page.last_changed = CatalogDate(s);
  std::string owned, schemes;
  for (const auto& r : s.catalog().requirements) {
    if (domain::VersionAt(r, s.today()).owner == o->key) {
      owned += "<li>" + RequirementLink(s, r.key) + "</li>\n";
    }
  }
  for (const auto& a : s.catalog().approval_schemes) {
    if (a.owner == o->key) schemes += "<li>" + SchemeLink(s, a.key) + "</li>\n";
  }
  std::string body =
      (o->description.empty() ? "" : Markdown(o->description)) +
      Facts({{"Type", Escape(domain::Label(o->kind))},
             {"Organisasjonsnummer", Escape(o->orgnr)},
             {"Kommunenummer", Escape(o->municipality_number)},
             {"Fylke", o->county_number.empty() ? "" : Escape(CountyName(o->county_number))},
             {"Nettsted",
              o->website.rfind("http", 0) == 0 ? Link(o->website, o->website) : Escape(o->website)},
             {"Kilde", SourceHtml(o->source)}});
  if (municipality) {
    body += Heading(2, "Løsninger i bruk") +
            Paragraph(
                "Løsningene kommunen har registrert at den bruker, alene eller sammen med "
                "andre kommuner:") +
            "<p class=\"ds-paragraph\">" +
            Link("/losninger?kommune=" + http::PercentEncode(o->municipality_number),
                 "Se løsninger i bruk i " + o->name) +
            "</p>\n";
  }
  if (!owned.empty()) {
    body += Heading(2, "Krav organisasjonen eier") + "<ul class=\"hk-plain-list\">\n" + owned +
            "</ul>\n";
  }
  if (!schemes.empty()) {
    body += Heading(2, "Godkjenningsordninger organisasjonen eier") +
            "<ul class=\"hk-plain-list\">\n" + schemes + "</ul>\n";
  }
  return RenderPage(page, body);
}

Response MunicipalityListPage(const Request& request, const app::Snapshot& s) {
  PageContext page;
  page.title = "Kommuner";
  page.breadcrumbs = {{"Forside", "/"}, {"Kommuner", ""}};
  page.current_path = "/kommuner";
  page.last_changed = CatalogDate(s);
  std::vector<std::string> problems;
  domain::OrganisationQuery query;
  query.kinds = {domain::OrganisationKind::kMunicipality};
  query.q = Param(request, "q");
  query.county = Param(request, "county");
  if (!query.county.empty() && Counties().count(query.county) == 0) {
    problems.push_back("Ukjent fylkesnummer «" + query.county + "».");
  }
  int page_no = ReadPage(request, problems);
  if (!problems.empty()) return BadRequestPage(s, page, problems);
  auto hits = domain::FindOrganisations(s.catalog(), query);
  int pages = std::max<int>(1, static_cast<int>((hits.size() + kPerPage - 1) / kPerPage));
  if (page_no > pages) {
    return BadRequestPage(s, page, {"Side " + std::to_string(page_no) + " finnes ikke."});
  }
  std::string counties =
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-county\">Fylke</label>\n"
      "<select class=\"ds-input\" name=\"county\" id=\"f-county\">\n"
      "<option value=\"\">Alle fylker</option>\n";
  for (const auto& [number, name] : Counties()) {
    counties += "<option value=\"" + number + "\"" + (number == query.county ? " selected" : "") +
                ">" + Escape(name) + "</option>\n";
  }
  counties += "</select>\n</div>\n";
  std::string body =
      "<form class=\"hk-inline-form\" action=\"/kommuner\" method=\"get\">\n"
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-q\">Søk etter kommune "
      "(navn eller organisasjonsnummer)</label>\n<input class=\"ds-input\" type=\"search\" "
      "name=\"q\" id=\"f-q\" value=\"" +
      Escape(query.q) + "\">\n</div>\n" + counties +
      "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Vis</button>\n"
      "</form>\n" +
      Heading(2, std::to_string(hits.size()) + " kommuner");
  if (hits.empty()) {
    body += Paragraph("Ingen kommuner passer med søket.");
  } else {
    std::size_t begin = static_cast<std::size_t>(page_no - 1) * kPerPage;
    std::size_t end = std::min(hits.size(), begin + kPerPage);
    if (pages > 1) {
      body += Paragraph("Viser " + std::to_string(begin + 1) + "–" + std::to_string(end) + " av " +
                        std::to_string(hits.size()) + " (side " + std::to_string(page_no) + " av " +
                        std::to_string(pages) + ").");
    }
    body +=
        "<div class=\"hk-table-wrap\"><table class=\"ds-table\">\n<thead><tr>"
        "<th scope=\"col\">Kommune</th><th scope=\"col\">Kommunenummer</th>"
        "<th scope=\"col\">Fylke</th><th scope=\"col\">Organisasjonsnummer</th></tr></thead>\n"
        "<tbody>\n";
    for (std::size_t i = begin; i < end; ++i) {
      const domain::Organisation* o = hits[i];
      body += "<tr><td>" + Link(KeyPath("/organisasjoner", o->key), o->name) + "</td><td>" +
              Escape(o->municipality_number) + "</td><td>" + Escape(CountyName(o->county_number)) +
              "</td><td>" + Escape(o->orgnr) + "</td></tr>\n";
    }
    body += "</tbody>\n</table></div>\n" + Pagination(request, page_no, kPerPage, hits.size());
  }
  return RenderPage(page, body);
}

}  // namespace helsekrav::web
