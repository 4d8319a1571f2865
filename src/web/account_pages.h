#pragma once
// Internal to the workspace pages (workspace.cc, account_pages.cc, admin_pages.cc): the
// handlers for sign-in, registration, password reset, /min-side and /admin, and the helpers
// they share. Each handler returns nullopt when the path/method is not one of its own.

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/form.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/workspace.h"

namespace helsekrav::web {

std::optional<http::Response> HandleAccountPages(const WebContext& context);
std::optional<http::Response> HandleAdminPages(const WebContext& context);
// Form posts of HandleAccountPages and HandleAdminPages.
const std::vector<FormRoute>& AccountFormRoutes();

// A workspace page frame: breadcrumbs Forside › Min side › … (`crumbs` after "Min side").
PageContext WorkspaceFrame(const WebContext& context, const std::string& title,
                           std::vector<Breadcrumb> crumbs = {});
// 303 to /logg-inn?neste=<this path and query>.
http::Response LoginRedirect(const WebContext& context);
// The page for a non-OK status that is not shown in a form: Unauthenticated → LoginRedirect,
// Forbidden → 403, NotFound → 404, Conflict → 409, Unavailable → 503, else 500; each with a
// Norwegian explanation and the status message.
http::Response StatusPage(const WebContext& context, const Status& status);
// The form body, or nullopt (and `error` set to a 400 page) when it cannot be parsed.
std::optional<http::Form> ReadForm(const WebContext& context, http::Response& error);
// «dd.mm.åååå kl. tt:mm» (UTC) for a Unix time; "" for 0.
std::string FormatTime(std::int64_t unix_seconds);
// A local redirect target: `target` when it starts with "/" but not "//" (nor "/\"), else
// `fallback`.
std::string SafeReturnPath(const std::string& target, const std::string& fallback);

}  // namespace helsekrav::web
