#pragma once
// The pages that need the product register or an account: sign-in, registration, password
// reset, the supplier and buyer workspaces (/min-side/…), the authority's administration
// (/admin/…), and the public register (/losninger, /leverandorer, /erklaeringer, /bevis).
// The router has already resolved the session and, for POST, checked the CSRF token; these
// pages call app/ for every read and write, and app/ checks every permission.

#include <optional>
#include <string>
#include <vector>

#include "app/services.h"
#include "app/snapshot.h"
#include "http/message.h"
#include "http/pages.h"
#include "http/routes.h"

namespace helsekrav::web {

using WebContext = http::SessionContext;

constexpr const char* kOidcStateCookie = "hk_oidc";  // binds an OIDC sign-in to its browser

// Every form post of these pages ("POST", "/min-side/losninger/{product}"; placeholders in
// braces). The router lets through only the posts listed here (web::Pages() hands them to it),
// and the authorisation test tries each one.
using FormRoute = http::MutatingRoute;
const std::vector<FormRoute>& WorkspaceMutations();

// True for paths served by HandleWorkspacePage (so the router resolves the session for them).
bool IsWorkspacePath(const std::string& path);
// The response for a workspace path; 404 page for unknown ones under these prefixes.
http::Response HandleWorkspacePage(const WebContext& context);

}  // namespace helsekrav::web
