#pragma once
// Internal to the workspace pages (workspace.cc, account_pages.cc, admin_pages.cc): the
// handlers for sign-in, registration, password reset, /min-side and /admin (their shared
// helpers are in workspace_common.h). Each handler returns nullopt when the path/method is not
// one of its own.

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/form.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/workspace.h"
#include "web/workspace_common.h"  // the helpers this header used to declare

namespace helsekrav::web {

std::optional<http::Response> HandleAccountPages(const WebContext& context);
std::optional<http::Response> HandleAdminPages(const WebContext& context);
// Form posts of HandleAccountPages and HandleAdminPages.
const std::vector<FormRoute>& AccountFormRoutes();

}  // namespace helsekrav::web
