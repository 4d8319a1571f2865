// Small HTML builders shared by the page files.
#include "web/html.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>

#include "core/text.h"

namespace helsekrav::web {

std::string Link(std::string_view href, std::string_view text) {
  return "<a class=\"ds-link\" href=\"" + Escape(href) + "\">" + Escape(text) + "</a>";
}

std::string Tag(std::string_view text, std::string_view color) {
  return "<span class=\"ds-tag\" data-color=\"" + Escape(color) + "\">" + Escape(text) + "</span>";
}

std::string Paragraph(std::string_view text) {
  return "<p class=\"ds-paragraph\">" + Escape(text) + "</p>\n";
}

std::string Heading(int level, std::string_view text, std::string_view id) {
  std::string n = std::to_string(level);
  std::string html =
      "<h" + n + " class=\"ds-heading\" data-size=\"" + (level <= 2 ? "md" : "sm") + "\"";
  if (!id.empty()) html += " id=\"" + Escape(id) + "\"";
  return html + ">" + Escape(text) + "</h" + n + ">\n";
}

std::string Markdown(const std::string& text) {
  char* out = cmark_markdown_to_html(text.data(), text.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
  std::string html = out != nullptr ? out : "";
  std::free(out);  // NOLINT(cppcoreguidelines-no-malloc): allocated by cmark-gfm
  return "<div class=\"hk-markdown ds-paragraph\">\n" + html + "</div>\n";
}

std::string KeyPath(std::string_view prefix, const std::string& key) {
  return std::string(prefix) + "/" + http::PercentEncode(key);
}

std::string OrganisationLink(const app::Snapshot& s, const std::string& key) {
  const domain::Organisation* o = s.FindOrganisation(key);
  return o == nullptr ? Escape(key) : Link(KeyPath("/organisasjoner", key), o->name);
}

std::string RequirementLink(const app::Snapshot& s, const std::string& key) {
  const domain::Requirement* r = s.FindRequirement(key);
  if (r == nullptr) return Escape(key);
  return Link(KeyPath("/krav", key), key + " " + domain::VersionAt(*r, s.today()).title);
}

std::string StandardLink(const app::Snapshot& s, const std::string& key) {
  const domain::Standard* st = s.FindStandard(key);
  return st == nullptr ? Escape(key) : Link(KeyPath("/standarder", key), st->name);
}

std::string ProfileLink(const app::Snapshot& s, const std::string& key) {
  const domain::Profile* p = s.FindProfile(key);
  if (p == nullptr) return Escape(key);
  return Link(KeyPath("/profiler", key), domain::VersionAt(*p, s.today()).name);
}

std::string SchemeLink(const app::Snapshot& s, const std::string& key) {
  const domain::ApprovalScheme* a = s.FindScheme(key);
  return a == nullptr ? Escape(key) : Link(KeyPath("/godkjenningsordninger", key), a->name);
}

std::string CategoryName(const app::Snapshot& s, const std::string& key) {
  const domain::Category* c = s.FindCategory(key);
  return c == nullptr ? key : c->name;
}

std::string SolutionName(const app::Snapshot& s, const std::string& key) {
  const domain::NationalSolution* n = s.FindSolution(key);
  return n == nullptr ? key : n->name;
}

std::string SourceHtml(const domain::Source& source) {
  std::string html = Escape(domain::Label(source.kind));
  if (!source.case_no.empty()) html += ", sak " + Escape(source.case_no);
  if (!source.document.empty()) html += " (<code>" + Escape(source.document) + "</code>)";
  if (!source.reference.empty()) html += ": " + Escape(source.reference);
  if (!source.example.empty()) html += " " + Tag(source.example, "warning");
  if (source.quotes.empty()) return html;
  // The words of the source that support the record, with where they stand.
  html += "<ul class=\"ds-list hk-quotes\">";
  for (const domain::SourceQuote& q : source.quotes) {
    std::string where = !q.legal.empty() ? q.legal
                                         : (q.document.empty() ? source.document : q.document) +
                                               ", linje " + q.lines;
    html += "<li><q>" + Escape(q.text) + "</q> <span class=\"hk-meta\">(" + Escape(where) +
            ")</span></li>";
  }
  return html + "</ul>";
}

std::string NorwayHtml(const domain::RequirementVersion& v) {
  if (!v.eea) return "";
  std::string html = Escape(domain::Label(v.eea->status));
  if (v.eea->in_force) html += ", gjelder i Norge fra " + Escape(v.eea->in_force->ToNorwegian());
  if (!v.eea->decision.empty()) html += " (" + Escape(v.eea->decision) + ")";
  if (!v.eea->note.empty()) html += ". " + Escape(v.eea->note);
  return html;
}

std::string Facts(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string html = "<dl class=\"hk-facts\">\n";
  for (const auto& [term, value] : rows) {
    if (value.empty()) continue;
    html += "<dt>" + Escape(term) + "</dt><dd>" + value + "</dd>\n";
  }
  return html + "</dl>\n";
}

Date CatalogDate(const app::Snapshot& s) {
  Date newest;
  auto consider = [&](Date d) {
    if (d <= s.today() && d > newest) newest = d;
  };
  for (const auto& r : s.catalog().requirements) {
    for (const auto& v : r.versions) consider(v.valid_from);
  }
  for (const auto& p : s.catalog().profiles) {
    for (const auto& v : p.versions) consider(v.valid_from);
  }
  for (const auto& st : s.catalog().standards) {
    for (const auto& step : st.lifecycle) consider(step.from);
  }
  return newest == Date() ? s.today() : newest;
}

std::string QueryWith(const http::Request& request,
                      const std::map<std::string, std::string>& changes) {
  std::string out;
  auto add = [&](const std::string& name, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "?" : "&") + http::PercentEncode(name) + "=" + http::PercentEncode(value);
  };
  for (const auto& [name, value] : request.query) {
    if (changes.count(name) == 0) add(name, value);
  }
  for (const auto& [name, value] : changes) add(name, value);
  return out;
}

std::string Pagination(const http::Request& request, int page, int per_page, std::size_t total) {
  int pages = static_cast<int>((total + per_page - 1) / per_page);
  if (pages <= 1) return {};
  auto href = [&](int p) {
    return request.path + QueryWith(request, {{"page", p == 1 ? "" : std::to_string(p)}});
  };
  std::string html = "<nav class=\"ds-pagination\" aria-label=\"Sidenavigering\">\n<ul>\n";
  html += "<li>";
  html += page > 1 ? "<a class=\"ds-button\" data-variant=\"tertiary\" href=\"" +
                         Escape(href(page - 1)) + "\">Forrige</a>"
                   : "<span class=\"ds-button\" data-variant=\"tertiary\" "
                     "aria-disabled=\"true\">Forrige</span>";
  html += "</li>\n";
  for (int p = 1; p <= pages; ++p) {
    if (pages > 9 && p != 1 && p != pages && std::abs(p - page) > 2) {
      if (p == 2 || p == pages - 1) html += "<li><span aria-hidden=\"true\">…</span></li>\n";
      continue;
    }
    html += "<li><a class=\"ds-button\" data-variant=\"" +
            std::string(p == page ? "primary" : "tertiary") + "\" href=\"" + Escape(href(p)) +
            "\" aria-label=\"Side " + std::to_string(p) + "\"" +
            (p == page ? " aria-current=\"page\"" : "") + ">" + std::to_string(p) + "</a></li>\n";
  }
  html += "<li>";
  html += page < pages ? "<a class=\"ds-button\" data-variant=\"tertiary\" href=\"" +
                             Escape(href(page + 1)) + "\">Neste</a>"
                       : "<span class=\"ds-button\" data-variant=\"tertiary\" "
                         "aria-disabled=\"true\">Neste</span>";
  return html + "</li>\n</ul>\n</nav>\n";
}

http::Response NotFoundPage(const http::Request& request, const app::Snapshot& s,
                            const std::string& what) {
  PageContext page;
  page.title = "Siden finnes ikke";
  page.breadcrumbs = {{"Forside", "/"}, {"Finnes ikke", ""}};
  page.last_changed = CatalogDate(s);
  page.current_path = request.path;
  std::string body = Paragraph(what.empty() ? "Vi finner ikke adressen " + request.path + "."
                                            : what + " finnes ikke i katalogen.") +
                     "<p class=\"ds-paragraph\">Kanskje finner du det du leter etter med " +
                     Link("/sok", "søket") + ", i " + Link("/krav", "kravkatalogen") +
                     " eller fra " + Link("/", "forsiden") + ".</p>\n";
  return RenderPage(page, body, 404);
}

http::Response BadRequestPage(const app::Snapshot& s, const PageContext& page,
                              const std::vector<std::string>& problems) {
  PageContext p = page;
  if (p.last_changed == Date()) p.last_changed = CatalogDate(s);
  std::string body =
      "<div class=\"ds-alert\" data-color=\"danger\">\n"
      "<h2 class=\"ds-heading\" data-size=\"xs\">Ugyldig forespørsel</h2>\n<ul>\n";
  for (const std::string& problem : problems) body += "<li>" + Escape(problem) + "</li>\n";
  body += "</ul>\n</div>\n<p class=\"ds-paragraph\">" + Link(page.current_path, "Nullstill") +
          " eller gå til " + Link("/", "forsiden") + ".</p>\n";
  return RenderPage(p, body, 400);
}

std::string Param(const http::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

std::vector<std::string> Params(const http::Request& request, const std::string& name) {
  std::vector<std::string> out;
  auto [begin, end] = request.query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    for (std::string& piece : Split(it->second, ',')) {
      if (!piece.empty()) out.push_back(std::move(piece));
    }
  }
  return out;
}

std::vector<std::string> PathSegments(const std::string& path) {
  std::vector<std::string> out;
  for (std::string& piece : Split(path, '/')) {
    if (!piece.empty()) out.push_back(std::move(piece));
  }
  return out;
}

}  // namespace helsekrav::web
