// /sok?q=… — full-text search over the catalog: the search field, the number of hits, «Mente
// du …?» when the query was spelling-corrected, facets by kind and area as links that keep the
// query, hits with their kind, linked title and highlighted snippet, pagination, and an empty
// state with tips. Parameters: q, type (kind code), omrade (area code), side (page, from 1).

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "domain/vocabulary.h"
#include "search/search_index.h"
#include "web/layout.h"
#include "web/pages.h"

namespace helsekrav::web {
namespace {

constexpr int kPerPage = 20;
constexpr int kMaxPage = 50;
constexpr search::DocKind kKinds[] = {search::DocKind::kRequirement, search::DocKind::kStandard,
                                      search::DocKind::kProfile, search::DocKind::kApprovalScheme,
                                      search::DocKind::kOrganisation};

std::string First(const http::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

std::string KindLabel(search::DocKind kind, bool plural) {
  switch (kind) {
    case search::DocKind::kRequirement:
      return "Krav";
    case search::DocKind::kStandard:
      return plural ? "Standarder" : "Standard";
    case search::DocKind::kProfile:
      return plural ? "Kravprofiler" : "Kravprofil";
    case search::DocKind::kApprovalScheme:
      return plural ? "Godkjenningsordninger" : "Godkjenningsordning";
    case search::DocKind::kOrganisation:
      return plural ? "Organisasjoner" : "Organisasjon";
  }
  return "";
}

std::string KindPath(search::DocKind kind) {
  switch (kind) {
    case search::DocKind::kRequirement:
      return "/krav/";
    case search::DocKind::kStandard:
      return "/standarder/";
    case search::DocKind::kProfile:
      return "/profiler/";
    case search::DocKind::kApprovalScheme:
      return "/godkjenningsordninger/";
    case search::DocKind::kOrganisation:
      return "/organisasjoner/";
  }
  return "/";
}

std::optional<search::DocKind> ParseKind(const std::string& code) {
  for (search::DocKind kind : kKinds) {
    if (search::Code(kind) == code) return kind;
  }
  return std::nullopt;
}

struct SearchForm {
  std::string q;
  std::string kind;  // code or ""
  std::string area;  // code or ""
  int page = 1;
};

// "/sok?q=…" with the given filters, HTML-escaped for an href.
std::string Href(const SearchForm& f) {
  std::string url = "/sok?q=" + http::PercentEncode(f.q);
  if (!f.kind.empty()) url += "&type=" + http::PercentEncode(f.kind);
  if (!f.area.empty()) url += "&omrade=" + http::PercentEncode(f.area);
  if (f.page > 1) url += "&side=" + std::to_string(f.page);
  return Escape(url);
}

std::string Form(const SearchForm& f) {
  std::string html =
      "<form method=\"get\" action=\"/sok\" role=\"search\" aria-label=\"Søk i katalogen\">\n"
      "<label class=\"ds-label\" for=\"sok-q\">Søk etter krav, standarder, kravprofiler, "
      "godkjenningsordninger og organisasjoner</label>\n<div class=\"hk-inline-form\">\n"
      "<input class=\"ds-input\" type=\"search\" id=\"sok-q\" name=\"q\" size=\"40\" value=\"" +
      Escape(f.q) + "\">\n";
  if (!f.kind.empty()) {
    html += "<input type=\"hidden\" name=\"type\" value=\"" + Escape(f.kind) + "\">\n";
  }
  if (!f.area.empty()) {
    html += "<input type=\"hidden\" name=\"omrade\" value=\"" + Escape(f.area) + "\">\n";
  }
  return html +
         "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Søk</button>\n"
         "</div>\n</form>\n";
}

std::string Tips() {
  return "<h2 class=\"ds-heading\" data-size=\"sm\">Tips til søket</h2>\n<ul class=\"ds-list\">\n"
         "<li>Sjekk stavemåten, eller prøv et annet ord med samme betydning.</li>\n"
         "<li>Bruk færre eller mer generelle ord, for eksempel «kjernejournal» eller "
         "«journalsystem».</li>\n"
         "<li>Søk på en kravnøkkel som <a class=\"ds-link\" href=\"/sok?q=EHDS-01\">EHDS-01</a> "
         "eller et organisasjonsnummer.</li>\n"
         "<li>Bla i <a class=\"ds-link\" href=\"/krav\">kravene</a>, <a class=\"ds-link\" "
         "href=\"/standarder\">standardene</a> eller bruk <a class=\"ds-link\" "
         "href=\"/veiviser\">veiviseren</a>.</li>\n</ul>\n";
}

std::string FacetList(const std::string& heading, const std::string& id,
                      const std::vector<search::FacetCount>& counts, const SearchForm& f,
                      bool kinds) {
  std::string current = kinds ? f.kind : f.area;
  SearchForm all = f;
  all.page = 1;
  (kinds ? all.kind : all.area).clear();
  std::string html = "<h3 class=\"ds-heading\" data-size=\"2xs\" id=\"" + id + "\">" + heading +
                     "</h3>\n<ul class=\"ds-list\" aria-labelledby=\"" + id +
                     "\">\n<li><a "
                     "class=\"ds-link\" href=\"" +
                     Href(all) + "\"" + (current.empty() ? " aria-current=\"true\"" : "") +
                     ">Alle</a></li>\n";
  for (const search::FacetCount& c : counts) {
    if (c.count <= 0) continue;
    std::string label = c.value;
    if (kinds) {
      if (auto kind = ParseKind(c.value)) label = KindLabel(*kind, true);
    } else if (auto area = domain::Parse<domain::Area>(c.value)) {
      label = std::string(domain::Label(*area));
    }
    SearchForm link = all;
    (kinds ? link.kind : link.area) = c.value;
    html += "<li><a class=\"ds-link\" href=\"" + Href(link) + "\"" +
            (current == c.value ? " aria-current=\"true\"" : "") + ">" + Escape(label) + " (" +
            std::to_string(c.count) + ")</a></li>\n";
  }
  return html + "</ul>\n";
}

std::string Facets(const search::SearchResult& result, const SearchForm& f) {
  std::string html =
      "<nav aria-labelledby=\"avgrens\" class=\"hk-filters\">\n<h2 class=\"ds-heading\" "
      "data-size=\"xs\" id=\"avgrens\">Avgrens søket</h2>\n" +
      FacetList("Type", "avgrens-type", result.kinds, f, true);
  bool any_area = std::any_of(result.areas.begin(), result.areas.end(),
                              [](const search::FacetCount& c) { return c.count > 0; });
  if (any_area || !f.area.empty()) {
    html += FacetList("Område (krav)", "avgrens-omrade", result.areas, f, false);
  }
  return html + "</nav>\n";
}

std::string Hits(const search::SearchResult& result, int first_number) {
  std::string html =
      "<h2 class=\"ds-heading\" data-size=\"sm\" id=\"treff\">Treff</h2>\n"
      "<ol class=\"hk-results\" start=\"" +
      std::to_string(first_number) + "\" aria-labelledby=\"treff\">\n";
  for (const search::SearchHit& hit : result.hits) {
    std::string title = hit.kind == search::DocKind::kRequirement && hit.title != hit.key
                            ? hit.key + " – " + hit.title
                            : hit.title;
    html += "<li>\n<span class=\"ds-tag\" data-color=\"neutral\">" + KindLabel(hit.kind, false) +
            "</span>\n<h3 class=\"ds-heading\" data-size=\"xs\"><a class=\"ds-link\" href=\"" +
            Escape(KindPath(hit.kind) + http::PercentEncode(hit.key)) + "\">" + Escape(title) +
            "</a></h3>\n";
    // snippet_html is escaped by the search index, with <mark> around the matches.
    if (!hit.snippet_html.empty()) {
      html += "<p class=\"ds-paragraph\" data-size=\"sm\">" + hit.snippet_html + "</p>\n";
    }
    html += "</li>\n";
  }
  return html + "</ol>\n";
}

std::string Pagination(const SearchForm& f, std::size_t total) {
  int pages = static_cast<int>(std::min<std::size_t>((total + kPerPage - 1) / kPerPage, kMaxPage));
  if (pages <= 1) return "";
  std::string html = "<nav class=\"ds-pagination\" aria-label=\"Sider i søkeresultatet\">\n<ul>\n";
  SearchForm link = f;
  if (f.page > 1) {
    link.page = f.page - 1;
    html += "<li><a class=\"ds-button\" data-variant=\"tertiary\" href=\"" + Href(link) +
            "\">Forrige</a></li>\n";
  }
  for (int p = 1; p <= pages; ++p) {
    if (pages > 9 && p != 1 && p != pages && std::abs(p - f.page) > 2) {
      if (std::abs(p - f.page) == 3) html += "<li><span aria-hidden=\"true\">…</span></li>\n";
      continue;
    }
    link.page = p;
    html += "<li><a class=\"ds-button\" data-variant=\"" +
            std::string(p == f.page ? "primary\" aria-current=\"page" : "tertiary") + "\" href=\"" +
            Href(link) + "\" aria-label=\"Side " + std::to_string(p) + "\">" + std::to_string(p) +
            "</a></li>\n";
  }
  if (f.page < pages) {
    link.page = f.page + 1;
    html += "<li><a class=\"ds-button\" data-variant=\"tertiary\" href=\"" + Href(link) +
            "\">Neste</a></li>\n";
  }
  return html + "</ul>\n</nav>\n";
}

PageContext Context(const app::Snapshot& snapshot, const std::string& q) {
  PageContext page;
  page.title = q.empty() ? "Søk" : "Søk: " + q;
  page.breadcrumbs = {{"Forside", "/"}, {"Søk", ""}};
  for (const domain::Requirement& r : snapshot.catalog().requirements) {
    for (const domain::RequirementVersion& v : r.versions) {
      if (v.valid_from <= snapshot.today() && v.valid_from > page.last_changed) {
        page.last_changed = v.valid_from;
      }
    }
  }
  page.current_path = "/sok";
  page.search_query = q;
  return page;
}

std::string Alert(const std::string& text) {
  return "<div class=\"ds-alert\" data-color=\"warning\" role=\"alert\">\n<p "
         "class=\"ds-paragraph\">" +
         Escape(text) + "</p>\n</div>\n";
}

}  // namespace

http::Response SearchPage(const http::Request& request, const app::Snapshot& snapshot) {
  SearchForm f;
  f.q = First(request, "q");
  f.kind = First(request, "type");
  f.area = First(request, "omrade");
  std::string side = First(request, "side");
  if (!side.empty() && side.size() <= 3 &&
      std::all_of(side.begin(), side.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    f.page = std::clamp(std::stoi(side), 1, kMaxPage);
  }
  PageContext page = Context(snapshot, f.q);

  std::string body = Form(f);
  std::optional<search::DocKind> kind;
  std::optional<domain::Area> area;
  int status = 200;
  if (!f.kind.empty()) kind = ParseKind(f.kind);
  if (!f.kind.empty() && !kind) {
    body += Alert("Typen «" + f.kind + "» finnes ikke. Viser alle typer.");
    f.kind.clear();
    status = 400;
  }
  if (!f.area.empty()) area = domain::Parse<domain::Area>(f.area);
  if (!f.area.empty() && !area) {
    body += Alert("Området «" + f.area + "» finnes ikke. Viser alle områder.");
    f.area.clear();
    status = 400;
  }
  bool blank = f.q.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    body += "<p class=\"ds-paragraph\">Skriv ett eller flere ord i søkefeltet.</p>\n" + Tips();
    return RenderPage(page, body, status);
  }

  const search::SearchIndex* index = snapshot.search();
  if (index == nullptr) {
    body += Alert("Søket er ikke tilgjengelig akkurat nå. Prøv igjen om litt.");
    return RenderPage(page, body + Tips(), 503);
  }
  search::SearchQuery query;
  query.text = f.q;
  if (kind) query.kinds.push_back(*kind);
  if (area) query.areas.push_back(*area);
  query.offset = (f.page - 1) * kPerPage;
  query.limit = kPerPage;
  Result<search::SearchResult> result = index->Search(query);
  if (!result.ok()) {
    body += Alert(result.status().code() == StatusCode::kInvalid
                      ? "Søket kunne ikke tolkes: " + result.status().message()
                      : std::string("Søket feilet. Prøv igjen om litt."));
    return RenderPage(page, body + Tips(),
                      result.status().code() == StatusCode::kInvalid ? 400 : 500);
  }

  if (!result->corrected.empty() && result->corrected != f.q) {
    SearchForm corrected = f;
    corrected.q = result->corrected;
    corrected.page = 1;
    body += "<p class=\"ds-paragraph\">Mente du «<a class=\"ds-link\" href=\"" + Href(corrected) +
            "\">" + Escape(result->corrected) + "</a>»? Vi viser treff for «" +
            Escape(result->corrected) + "».</p>\n";
  }
  std::string count = std::to_string(result->total) + " treff";
  body += "<p class=\"ds-paragraph\" role=\"status\"><strong>" + count + "</strong> for «" +
          Escape(f.q) + "»" + (f.page > 1 ? ", side " + std::to_string(f.page) : "") + ".</p>\n";
  if (result->total == 0 || result->hits.empty()) {
    body += "<p class=\"ds-paragraph\">Vi fant ingenting som passer.</p>\n" + Tips();
    return RenderPage(page, body, status);
  }
  body += "<div class=\"hk-list-layout\">\n" + Facets(*result, f) +
          "<section aria-labelledby=\"treff\">\n" + Hits(*result, query.offset + 1) +
          Pagination(f, result->total) + "</section>\n</div>\n";
  return RenderPage(page, body, status);
}

}  // namespace helsekrav::web
