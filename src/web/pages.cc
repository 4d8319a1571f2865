// web::HandlePage: the dispatcher for every non-API path, the front page and the static assets.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog_query.h"
#include "web/html.h"
#include "web/page_handlers.h"
#include "web/pages.h"
#include "web/web.h"

namespace helsekrav::web::assets {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}  // namespace helsekrav::web::assets

namespace helsekrav::web {
namespace {

Response Asset(const Request& request, const app::Snapshot& s, const std::string& name) {
  const auto& files = assets::EmbeddedFiles();
  auto it = files.find(name);
  if (it == files.end()) return NotFoundPage(request, s);
  Response r = Response::Text(200, "text/css; charset=utf-8", std::string(it->second));
  r.etag = http::StrongEtag(*r.body);
  r.cache_control = "public, max-age=31536000, immutable";
  return r;
}

std::string EntryCard(const std::string& href, const std::string& title, const std::string& text) {
  return "<li class=\"ds-card\" data-color=\"accent\">\n<h2 class=\"ds-heading\" "
         "data-size=\"sm\">" +
         Link(href, title) + "</h2>\n" + Paragraph(text) + "</li>\n";
}

Response FrontPage(const Request& request, const app::Snapshot& s) {
  PageContext page;
  page.title = "Veilednings- og godkjenningsordning for helseteknologi";
  page.breadcrumbs = {{"Forside", ""}};
  page.last_changed = CatalogDate(s);
  page.current_path = request.path;
  domain::RequirementQuery active;
  active.at = s.today();
  active.statuses = {domain::RequirementStatus::kActive};
  std::size_t in_force = domain::FindRequirements(s.catalog(), s.tree(), active).size();
  std::size_t municipalities = 0;
  for (const auto& o : s.catalog().organisations) {
    if (o.kind == domain::OrganisationKind::kMunicipality) ++municipalities;
  }
  const auto& c = s.catalog();
  std::string body =
      Paragraph(
          "Her finner du en samlet oversikt over nasjonale krav, anbefalinger og godkjenninger "
          "som gjelder for helseteknologi. Oversikten skal støtte og veilede både "
          "helsevirksomheter og leverandører ved anskaffelse og levering av løsninger.") +
      Paragraph(
          "Hver enkelt virksomhet har selv ansvar for å sette seg inn i og etterleve gjeldende "
          "krav og anbefalinger.") +
      "<ul class=\"hk-cards\">\n" +
      EntryCard("/veiviser?rolle=kjoper", "For kommuner og andre helsevirksomheter",
                "Oversikt over nasjonale krav ved anskaffelse av journalsystem.") +
      EntryCard("/veiviser?rolle=leverandor", "For leverandører",
                "Oversikt over nasjonale krav for leverandører av helseteknologi.") +
      EntryCard("/krav?area=interoperability", "Krav til digital samhandling mellom systemer",
                "Integrasjoner, obligatoriske og anbefalte standarder for digital samhandling.") +
      EntryCard("/krav?area=security", "Krav til informasjonssikkerhet og personvern",
                "Krav fra lov, forskrift og Normen om informasjonssikkerhet og personvern.") +
      EntryCard("/losninger", "Løsninger og egenerklæringer",
                "Hvilke løsninger som finnes, hva leverandøren erklærer at de oppfyller, og hvor "
                "de er i bruk.") +
      EntryCard("/godkjenninger", "Godkjenninger",
                "Alle godkjenninger fra godkjenningsorganene i ett register, med status, "
                "gyldighet og signerte bevis alle kan kontrollere.") +
      "</ul>\n<form class=\"hk-inline-form\" action=\"/sok\" method=\"get\">\n"
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"sok-forside\">Søk i krav, "
      "standarder og godkjenningsordninger</label>\n<input class=\"ds-input\" type=\"search\" "
      "id=\"sok-forside\" name=\"q\">\n</div>\n<button class=\"ds-button\" "
      "data-variant=\"primary\" type=\"submit\">Søk</button>\n</form>\n" +
      Heading(2, "Katalogen i tall") + "<ul class=\"hk-plain-list\">\n<li>" +
      Link("/krav", std::to_string(c.requirements.size()) + " krav") + " (" +
      std::to_string(in_force) + " gjelder i dag)</li>\n<li>" +
      Link("/standarder", std::to_string(c.standards.size()) + " standarder") + "</li>\n<li>" +
      Link("/profiler", std::to_string(c.profiles.size()) + " kravprofiler") + "</li>\n<li>" +
      Link("/godkjenningsordninger",
           std::to_string(c.approval_schemes.size()) + " godkjenningsordninger") +
      "</li>\n<li>" + Link("/kommuner", std::to_string(municipalities) + " kommuner") +
      "</li>\n</ul>\n";
  return RenderPage(page, body);
}

}  // namespace

http::Response HandlePage(const http::Request& request, const app::Snapshot& snapshot) {
  const auto& s = snapshot;
  std::vector<std::string> seg = PathSegments(request.path);
  if (seg.empty()) return FrontPage(request, s);
  const std::string& section = seg[0];
  if (section == "veiviser") return GuidePage(request, s);
  if (seg.size() == 1 && section == "sok") return SearchPage(request, s);
  if (seg.size() == 2 && section == "assets") return Asset(request, s, seg[1]);
  if (seg.size() == 2 && section == "feed" && seg[1] == "endringer.atom") {
    return ChangeFeed(request, s);
  }
  if (seg.size() == 1) {
    if (section == "krav") return RequirementListPage(request, s);
    if (section == "standarder") return StandardListPage(request, s);
    if (section == "profiler") return ProfileListPage(request, s);
    if (section == "godkjenningsordninger") return SchemeListPage(request, s);
    if (section == "kommuner") return MunicipalityListPage(request, s);
  }
  if (seg.size() == 2) {
    if (section == "krav") return RequirementPage(request, s, seg[1]);
    if (section == "standarder") return StandardPage(request, s, seg[1]);
    if (section == "profiler") return ProfilePage(request, s, seg[1]);
    if (section == "godkjenningsordninger") return SchemePage(request, s, seg[1]);
    if (section == "organisasjoner") return OrganisationPage(request, s, seg[1]);
  }
  return NotFoundPage(request, s);
}

}  // namespace helsekrav::web
