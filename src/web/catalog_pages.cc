// /krav: the requirement catalog with faceted filters, sorting and pagination.
#include <set>

#include "domain/catalog_query.h"
#include "web/filters.h"
#include "web/page_handlers.h"

namespace helsekrav::web {
namespace {

using domain::RequirementQuery;

constexpr int kPerPage = 50;

struct SortOption {
  const char* code;
  const char* label;
  domain::RequirementSort sort;
  bool descending;
};
constexpr SortOption kSorts[] = {
    {"key", "Nøkkel", domain::RequirementSort::kKey, false},
    {"title", "Tittel", domain::RequirementSort::kTitle, false},
    {"valid_from", "Gyldig fra (eldste først)", domain::RequirementSort::kValidFrom, false},
    {"-valid_from", "Gyldig fra (nyeste først)", domain::RequirementSort::kValidFrom, true}};

std::string SortField(const std::string& current) {
  std::string html =
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-sort\">Sorter etter</label>\n"
      "<select class=\"ds-input\" name=\"sort\" id=\"f-sort\">\n";
  for (const SortOption& o : kSorts) {
    html += "<option value=\"" + std::string(o.code) + "\"" +
            (current == o.code ? " selected" : "") + ">" + Escape(o.label) + "</option>\n";
  }
  return html + "</select>\n</div>\n";
}

std::string ResultItem(const app::Snapshot& s, const domain::RequirementHit& hit) {
  const auto& v = *hit.version;
  std::string html =
      "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
      Link(KeyPath("/krav", hit.requirement->key), hit.requirement->key + " " + v.title) +
      "</h3>\n<div class=\"hk-tags\">" + Tag(domain::Label(v.area), "accent") +
      Tag(domain::Label(v.obligation),
          v.obligation == domain::Obligation::kMandatory ? "danger" : "neutral");
  if (hit.status != domain::RequirementStatus::kActive) {
    html += Tag(domain::Label(hit.status), "warning");
  }
  return html + "</div>\n<p class=\"ds-paragraph hk-meta\">Eier: " + OrganisationLink(s, v.owner) +
         " · Gyldig fra " + Escape(v.valid_from.ToNorwegian()) + "</p>\n</li>\n";
}

}  // namespace

Response RequirementListPage(const Request& request, const app::Snapshot& s) {
  const auto& c = s.catalog();
  PageContext page;
  page.title = "Krav";
  page.breadcrumbs = {{"Forside", "/"}, {"Krav", ""}};
  page.current_path = "/krav";
  page.last_changed = CatalogDate(s);

  std::vector<std::string> problems;
  std::vector<std::string> categories, owners;
  for (const auto& cat : c.categories) categories.push_back(cat.key);
  std::set<std::string> owner_set;
  for (const auto& r : c.requirements) {
    for (const auto& v : r.versions) owner_set.insert(v.owner);
  }
  owners.assign(owner_set.begin(), owner_set.end());

  RequirementQuery query;
  query.at = ReadDate(request, "at", s.today(), problems);
  query.areas = ReadEnums<domain::Area>(request, "area", "område", problems);
  query.layers = ReadEnums<domain::InteropLayer>(request, "layer", "samhandlingsnivå", problems);
  query.scopes = ReadEnums<domain::Scope>(request, "scope", "virkeområde", problems);
  query.obligations =
      ReadEnums<domain::Obligation>(request, "obligation", "forpliktelse", problems);
  query.actor_types = ReadEnums<domain::ActorType>(request, "actor_type", "aktørtype", problems);
  query.statuses = ReadEnums<domain::RequirementStatus>(request, "status", "status", problems);
  query.categories = ReadKeys(request, "category", "produktkategori", categories, problems);
  query.owners = ReadKeys(request, "owner", "eier", owners, problems);
  query.q = Param(request, "q");
  std::string sort = Param(request, "sort");
  bool sort_ok = sort.empty();
  for (const SortOption& o : kSorts) {
    if (sort == o.code) {
      query.sort = o.sort;
      query.descending = o.descending;
      sort_ok = true;
    }
  }
  if (!sort_ok) {
    problems.push_back("Ukjent sortering «" + sort + "». Velg key, title, valid_from eller " +
                       "-valid_from.");
  }
  int page_no = ReadPage(request, problems);
  if (!problems.empty()) return BadRequestPage(s, page, problems);

  auto hits = domain::FindRequirements(c, s.tree(), query);
  Date newest;
  for (const auto& hit : hits) {
    if (hit.version->valid_from <= s.today() && hit.version->valid_from > newest) {
      newest = hit.version->valid_from;
    }
  }
  if (newest != Date()) page.last_changed = newest;
  int pages = std::max<int>(1, static_cast<int>((hits.size() + kPerPage - 1) / kPerPage));
  if (page_no > pages) {
    return BadRequestPage(s, page,
                          {"Side " + std::to_string(page_no) + " finnes ikke; det er " +
                           std::to_string(pages) + " sider."});
  }

  auto count = [&](const std::function<void(RequirementQuery&)>& set) {
    RequirementQuery q = query;
    set(q);
    return domain::FindRequirements(c, s.tree(), q).size();
  };
  std::vector<FacetValue> category_values, owner_values;
  for (const auto& cat : c.categories) {
    bool checked = std::find(query.categories.begin(), query.categories.end(), cat.key) !=
                   query.categories.end();
    category_values.push_back(
        {cat.key, cat.name, count([&](auto& q) { q.categories = {cat.key}; }), checked});
  }
  for (const auto& key : owners) {
    bool checked = std::find(query.owners.begin(), query.owners.end(), key) != query.owners.end();
    const domain::Organisation* o = s.FindOrganisation(key);
    owner_values.push_back(
        {key, o != nullptr ? o->name : key, count([&](auto& q) { q.owners = {key}; }), checked});
  }

  std::string form =
      "<form class=\"hk-filters\" action=\"/krav\" method=\"get\" aria-labelledby=\"filtre\">\n" +
      Heading(2, "Filtrer", "filtre") +
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"f-q\">Fritekst</label>\n"
      "<input class=\"ds-input\" type=\"text\" name=\"q\" id=\"f-q\" value=\"" +
      Escape(query.q) + "\">\n</div>\n" +
      CheckboxFacet("area", "Område",
                    EnumValues<domain::Area>(
                        query.areas,
                        [&](domain::Area v) { return count([&](auto& q) { q.areas = {v}; }); })) +
      CheckboxFacet(
          "obligation", "Forpliktelse",
          EnumValues<domain::Obligation>(
              query.obligations,
              [&](domain::Obligation v) { return count([&](auto& q) { q.obligations = {v}; }); })) +
      CheckboxFacet(
          "layer", "Samhandlingsnivå",
          EnumValues<domain::InteropLayer>(
              query.layers,
              [&](domain::InteropLayer v) { return count([&](auto& q) { q.layers = {v}; }); })) +
      CheckboxFacet("scope", "Virkeområde",
                    EnumValues<domain::Scope>(
                        query.scopes,
                        [&](domain::Scope v) { return count([&](auto& q) { q.scopes = {v}; }); })) +
      CheckboxFacet(
          "actor_type", "Aktørtype",
          EnumValues<domain::ActorType>(
              query.actor_types,
              [&](domain::ActorType v) { return count([&](auto& q) { q.actor_types = {v}; }); })) +
      CheckboxFacet(
          "status", "Status",
          EnumValues<domain::RequirementStatus>(query.statuses,
                                                [&](domain::RequirementStatus v) {
                                                  return count([&](auto& q) { q.statuses = {v}; });
                                                })) +
      SelectFacet("category", "Produktkategori", category_values) +
      SelectFacet("owner", "Eier", owner_values) +
      DateField("at", "Vis katalogen pr. dato", query.at) + SortField(sort) +
      "<p><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Vis krav</button> " +
      Link("/krav", "Nullstill filtre") + "</p>\n</form>\n";

  std::string results = "<section aria-labelledby=\"treff\">\n" +
                        Heading(2, std::to_string(hits.size()) + " krav", "treff") +
                        Paragraph("Katalogen slik den gjelder " + query.at.ToNorwegian() + ".");
  if (hits.empty()) {
    results += Paragraph(
        "Ingen krav passer med filtrene. Fjern noen filtre, eller prøv et annet "
        "søk.");
  } else {
    std::size_t begin = static_cast<std::size_t>(page_no - 1) * kPerPage;
    std::size_t end = std::min(hits.size(), begin + kPerPage);
    if (pages > 1) {
      results += Paragraph("Viser " + std::to_string(begin + 1) + "–" + std::to_string(end) +
                           " av " + std::to_string(hits.size()) + " (side " +
                           std::to_string(page_no) + " av " + std::to_string(pages) + ").");
    }
    results += "<ul class=\"hk-results\">\n";
    for (std::size_t i = begin; i < end; ++i) results += ResultItem(s, hits[i]);
    results += "</ul>\n" + Pagination(request, page_no, kPerPage, hits.size());
  }
  results += "</section>\n";
  return RenderPage(page, "<div class=\"hk-list-layout\">\n" + form + results + "</div>\n");
}

}  // namespace helsekrav::web
