// The shared page frame: head, skip link, header with navigation and search, breadcrumbs, main
// and footer. Everything but `body_html` is escaped here.
#include "web/layout.h"

#include <array>

namespace helsekrav::web {
namespace {

struct NavItem {
  std::string_view label;
  std::string_view href;
};

constexpr std::array<NavItem, 11> kNavigation = {
    {{"Forside", "/"},
     {"Krav", "/krav"},
     {"Standarder", "/standarder"},
     {"Kravprofiler", "/profiler"},
     {"Godkjenningsordninger", "/godkjenningsordninger"},
     {"Godkjenninger", "/godkjenninger"},
     {"Løsninger", "/losninger"},
     {"Kommuner", "/kommuner"},
     {"Veiviser", "/veiviser"},
     {"Søk", "/sok"},
     {"Min side", "/min-side"}}};

bool IsCurrent(std::string_view href, std::string_view path) {
  if (href == "/") return path == "/";
  return path == href || (path.size() > href.size() && path.substr(0, href.size()) == href &&
                          path[href.size()] == '/');
}

std::string Navigation(const std::string& current_path) {
  std::string html =
      "<nav class=\"hk-nav\" aria-label=\"Hovedmeny\">\n<ul class=\"hk-nav-list\">\n";
  for (const NavItem& item : kNavigation) {
    html += "<li><a class=\"ds-link\" href=\"" + std::string(item.href) + "\"";
    if (IsCurrent(item.href, current_path)) html += " aria-current=\"page\"";
    html += ">" + Escape(item.label) + "</a></li>\n";
  }
  return html + "</ul>\n</nav>\n";
}

std::string Breadcrumbs(const std::vector<Breadcrumb>& crumbs) {
  if (crumbs.empty()) return {};
  std::string html =
      "<nav class=\"ds-breadcrumbs hk-breadcrumbs\" aria-label=\"Brødsmulesti\">\n<ol>\n";
  for (std::size_t i = 0; i < crumbs.size(); ++i) {
    const Breadcrumb& c = crumbs[i];
    if (i + 1 == crumbs.size()) {
      html += "<li><span aria-current=\"page\">" + Escape(c.label) + "</span></li>\n";
    } else if (c.href.empty()) {
      html += "<li><span>" + Escape(c.label) + "</span></li>\n";
    } else {
      html += "<li><a class=\"ds-link\" href=\"" + Escape(c.href) + "\">" + Escape(c.label) +
              "</a></li>\n";
    }
  }
  return html + "</ol>\n</nav>\n";
}

std::string FeedLinks(const std::vector<std::pair<std::string, std::string>>& feeds) {
  std::string html;
  for (const auto& [title, href] : feeds) {
    html += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + Escape(title) +
            "\" href=\"" + Escape(href) + "\">\n";
  }
  return html;
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

http::Response RenderPage(const PageContext& page, const std::string& body_html, int status) {
  std::string html;
  html.reserve(body_html.size() + 4096);
  html +=
      "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      Escape(page.title) +
      " – Helsekrav</title>\n"
      "<link rel=\"stylesheet\" href=\"/assets/digdir.css\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/index.css\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/helsekrav.css\">\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Endringer i katalogen\" "
      "href=\"/feed/endringer.atom\">\n" +
      FeedLinks(page.feeds) +
      "</head>\n<body>\n"
      "<a class=\"ds-skip-link\" href=\"#main\">Hopp til hovedinnhold</a>\n"
      "<header class=\"hk-header\">\n<div class=\"hk-container hk-header-row\">\n"
      "<a class=\"hk-brand\" href=\"/\">Helsekrav</a>\n"
      "<form class=\"hk-header-search\" role=\"search\" action=\"/sok\" method=\"get\">\n"
      "<label class=\"ds-sr-only\" for=\"sok-topp\">Søk i katalogen</label>\n"
      "<input class=\"ds-input\" type=\"search\" id=\"sok-topp\" name=\"q\" value=\"" +
      Escape(page.search_query) +
      "\">\n<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Søk</button>\n"
      "</form>\n</div>\n<div class=\"hk-container\">\n" +
      Navigation(page.current_path) + "</div>\n</header>\n<div class=\"hk-container\">\n" +
      Breadcrumbs(page.breadcrumbs) +
      "</div>\n<main id=\"main\" class=\"hk-container hk-main\" tabindex=\"-1\">\n"
      "<h1 class=\"ds-heading\" data-size=\"lg\">" +
      Escape(page.title) + "</h1>\n" + body_html +
      "</main>\n<footer class=\"hk-footer\">\n<div class=\"hk-container\">\n"
      "<p class=\"ds-paragraph\">Sist endret " +
      Escape(page.last_changed.ToNorwegian()) +
      "</p>\n<ul class=\"hk-footer-links\">\n"
      "<li><a class=\"ds-link\" href=\"/feed/endringer.atom\">Endringer (Atom-feed)</a></li>\n"
      "<li><a class=\"ds-link\" href=\"/api/v1/openapi.json\">Åpent API (OpenAPI)</a></li>\n"
      "<li><a class=\"ds-link\" href=\"/sok\">Søk</a></li>\n"
      "</ul>\n</div>\n</footer>\n</body>\n</html>\n";
  http::Response r = http::Response::Text(status, "text/html; charset=utf-8", std::move(html));
  r.etag = http::StrongEtag(*r.body);
  return r;
}

}  // namespace helsekrav::web
