#pragma once
// Small HTML builders shared by the page files. Every function escapes its text arguments; the
// returned strings are safe HTML. Thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/snapshot.h"
#include "domain/catalog.h"
#include "http/message.h"
#include "web/layout.h"

namespace helsekrav::web {

// <a class="ds-link" href="…">text</a>
std::string Link(std::string_view href, std::string_view text);
// A design-system tag (ds-tag) with an optional data-color.
std::string Tag(std::string_view text, std::string_view color = "neutral");
// <p class="ds-paragraph">text</p>
std::string Paragraph(std::string_view text);
// <hN class="ds-heading" data-size="…">text</hN>, N = 2 or 3.
std::string Heading(int level, std::string_view text, std::string_view id = "");
// Markdown rendered by cmark-gfm in safe mode (raw HTML and unsafe links removed).
std::string Markdown(const std::string& text);
// The URL-encoded path segment for a key.
std::string KeyPath(std::string_view prefix, const std::string& key);

// Links to records by key, with their names; the bare key when the record is unknown.
std::string OrganisationLink(const app::Snapshot& s, const std::string& key);
std::string RequirementLink(const app::Snapshot& s, const std::string& key);
std::string StandardLink(const app::Snapshot& s, const std::string& key);
std::string ProfileLink(const app::Snapshot& s, const std::string& key);
std::string SchemeLink(const app::Snapshot& s, const std::string& key);
std::string CategoryName(const app::Snapshot& s, const std::string& key);
std::string SolutionName(const app::Snapshot& s, const std::string& key);
// "Møtesak 12/26 i 001_….txt" or the reference, the example label if any, and the quotes that
// support the record with their lines or legal reference.
std::string SourceHtml(const domain::Source& source);
// Where Norway stands on the EU act a requirement version rests on; "" when it is Norwegian law.
std::string NorwayHtml(const domain::RequirementVersion& v);

// A definition list of (term, already-safe HTML) rows; rows with empty HTML are left out.
std::string Facts(const std::vector<std::pair<std::string, std::string>>& rows);

// The newest date in the catalog on or before today (requirement/profile versions, standard
// lifecycle steps), for pages without a record of their own.
Date CatalogDate(const app::Snapshot& s);

// The request's query with `changes` applied (empty value removes), as "?a=b&…" or "".
std::string QueryWith(const http::Request& request,
                      const std::map<std::string, std::string>& changes);
// ds-pagination navigation for `total` items, `per_page` each, the current `page`.
std::string Pagination(const http::Request& request, int page, int per_page, std::size_t total);

// The non-empty segments of a decoded path: "/krav/EU-01/" → {"krav", "EU-01"}.
std::vector<std::string> PathSegments(const std::string& path);

// Norwegian error pages.
http::Response NotFoundPage(const http::Request& request, const app::Snapshot& s,
                            const std::string& what = "");
http::Response BadRequestPage(const app::Snapshot& s, const PageContext& page,
                              const std::vector<std::string>& problems);

// The text/html response for a page.
inline http::Response Html(const PageContext& page, const std::string& body) {
  return RenderPage(page, body);
}

// First value of a query parameter, or "".
std::string Param(const http::Request& request, const std::string& name);
// Every value of a parameter, comma lists split, empties dropped.
std::vector<std::string> Params(const http::Request& request, const std::string& name);

}  // namespace helsekrav::web

namespace helsekrav::domain {
struct VersionDiff;
}  // namespace helsekrav::domain

namespace helsekrav::web {
// A readable view of a version diff: changed fields, list changes and a two-column table of
// the text with <del>/<ins> and text markers (diff_view.cc).
std::string DiffHtml(const domain::VersionDiff& diff);
}  // namespace helsekrav::web
