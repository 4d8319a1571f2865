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

// account_security_pages.cc: invitations (accepting, declining, withdrawing) and linking a
// sign-in provider to one's account.
std::optional<http::Response> HandleAccountSecurityPages(const WebContext& context);
const std::vector<FormRoute>& AccountSecurityFormRoutes();
// The page asking for the TOTP code after a right password (with the secret to enrol with when
// `result` has one); it posts to /logg-inn/kode.
http::Response SecondFactorPage(const WebContext& context, const app::SignInResult& result,
                                const std::string& next, const std::vector<FieldError>& errors,
                                int status);
// The part of /min-side about the signed-in person's invitations and sign-in methods.
std::string AccountSecuritySection(const WebContext& context);
// A redirect to a sign-in provider's authorisation URL (from app::AccountService::BeginOidc or
// BeginOidcLink) that binds the flow to this browser with a cookie.
http::Response RedirectToProvider(const WebContext& context, const std::string& url);

}  // namespace helsekrav::web
