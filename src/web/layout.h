#pragma once
// The page frame every page shares: <html lang="nb">, head with the design system's CSS,
// skip link, header with navigation and the search field, breadcrumbs, main content, footer
// with the feed link and "sist endret". Escaping by default: callers pass already-safe HTML
// for `body_html` only (built with Html/Escape below); every other field is escaped here.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "http/message.h"

namespace helsekrav::web {

// Escapes text for HTML element content and attribute values.
std::string Escape(std::string_view text);

struct Breadcrumb {
  std::string label;
  std::string href;  // empty for the current page
};

struct PageContext {
  std::string title;                    // <title> and <h1>
  std::vector<Breadcrumb> breadcrumbs;  // from "Forside" to the current page
  Date last_changed;                    // «Sist endret» in the footer
  std::string current_path;             // marks the active navigation item
  std::string search_query;             // pre-fills the header search field
  // Extra Atom feeds of the page, (title, href), as <link rel="alternate"> in the head.
  std::vector<std::pair<std::string, std::string>> feeds;
};

// A complete text/html response (status 200 unless given) around `body_html`.
http::Response RenderPage(const PageContext& page, const std::string& body_html, int status = 200);

}  // namespace helsekrav::web
