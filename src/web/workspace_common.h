#pragma once
// Helpers shared by every workspace page file (account_pages.cc, admin_pages.cc and the product
// register's pages: product_pages.cc, supplier_pages.cc, declaration_pages.cc,
// declaration_form.cc, product_deployments.cc; the approval pages): the page frame under «Min
// side», the sign-in redirect, the page for a failed service call, reading a form, and routing
// /min-side/<section>/… to a page file. Not for other callers.
// Thread-safe (no state).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/registry.h"
#include "http/form.h"
#include "http/message.h"
#include "web/layout.h"
#include "web/workspace.h"

namespace helsekrav::web {

// A workspace page frame: breadcrumbs Forside › Min side › … (`crumbs` after "Min side", the
// page's own crumb included; with none, "Min side" is the current page).
PageContext WorkspaceFrame(const WebContext& context, const std::string& title,
                           std::vector<Breadcrumb> crumbs = {});
// 303 to /logg-inn?neste=<this path and query> (for a POST: /min-side, as the form is gone).
// Not cached.
http::Response LoginRedirect(const WebContext& context);
// The page for a non-OK status that is not shown in a form: Unauthenticated → LoginRedirect,
// Forbidden → 403, NotFound → 404, Conflict → 409, Invalid → 422, RateLimited → 429,
// Unavailable → 503, else 500; each with a Norwegian explanation and (except for 500) the status
// message. Not cached.
http::Response StatusPage(const WebContext& context, const Status& status);
// The form body, or nullopt (and `error` set to a 400 page, not cached) when it cannot be
// parsed.
std::optional<http::Form> ReadForm(const WebContext& context, http::Response& error);
// «dd.mm.åååå kl. tt:mm» (UTC) for a Unix time; "" for 0.
std::string FormatTime(std::int64_t unix_seconds);
// A local redirect target: `target` when it starts with "/" but not "//" (nor "/\"), else
// `fallback`.
std::string SafeReturnPath(const std::string& target, const std::string& fallback);

// The facts row of an organisation's identifier, the value escaped: («Organisasjonsnummer»,
// "994598759"), («NANDO-nummer (meldt organ)», "NANDO 2797") …
std::pair<std::string, std::string> IdentifierFact(const domain::OrgAccount& org);

// A file input for evidence (a test report, a certificate), offering the media types an upload
// may have (domain::AllowedEvidenceTypes).
std::string EvidenceFileField(std::string_view name, std::string_view label,
                              std::string_view error);

// A page file's share of «Min side»: the segment after /min-side that it serves, and the handler
// of the paths under it, called with the segments after the section.
struct WorkspaceSection {
  std::string_view name;
  std::optional<http::Response> (*handle)(const WebContext& context,
                                          const std::vector<std::string>& rest);
};
// Serves /min-side/<section>/… (`parts`: the path's segments) for the page file that owns
// `sections`: nullopt when the path is under none of them or the method is not GET, HEAD or
// POST; LoginRedirect when nobody is signed in; else the section's handler.
std::optional<http::Response> HandleWorkspaceSections(
    const WebContext& context, const std::vector<std::string>& parts,
    std::initializer_list<WorkspaceSection> sections);

}  // namespace helsekrav::web
