// web::HandleWorkspacePage: the dispatcher for sign-in, the workspaces, administration and the
// public product register (served by product_pages.cc).
#include "web/workspace.h"

#include <string_view>

#include "web/account_pages.h"
#include "web/approval_pages.h"
#include "web/html.h"
#include "web/verify_page.h"
#include "web/webhook_pages.h"

#if __has_include("web/product_pages.h")
#include "web/product_pages.h"
#define HK_HAVE_PRODUCT_PAGES 1
#endif

namespace helsekrav::web {
namespace {

bool IsUnder(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.size() > prefix.size() &&
                            path.substr(0, prefix.size()) == prefix && path[prefix.size()] == '/');
}

}  // namespace

bool IsWorkspacePath(const std::string& path) {
  for (std::string_view exact :
       {"/logg-ut", "/registrer", "/glemt-passord", "/nytt-passord", kVerifyPath}) {
    if (path == exact) return true;
  }
  for (std::string_view prefix : {"/logg-inn", "/min-side", "/admin", "/losninger", "/leverandorer",
                                  "/erklaeringer", "/bevis", "/godkjenninger", "/pass"}) {
    if (IsUnder(path, prefix)) return true;
  }
  return false;
}

const std::vector<FormRoute>& WorkspaceMutations() {
  static const std::vector<FormRoute> kRoutes = [] {
    std::vector<FormRoute> routes = AccountFormRoutes();
    const std::vector<FormRoute>& security = AccountSecurityFormRoutes();
    routes.insert(routes.end(), security.begin(), security.end());
#ifdef HK_HAVE_PRODUCT_PAGES
    const std::vector<FormRoute>& product = ProductFormRoutes();
    routes.insert(routes.end(), product.begin(), product.end());
#endif
    const std::vector<FormRoute>& approvals = ApprovalFormRoutes();
    routes.insert(routes.end(), approvals.begin(), approvals.end());
    const std::vector<FormRoute>& webhooks = WebhookFormRoutes();
    routes.insert(routes.end(), webhooks.begin(), webhooks.end());
    // Checks a pasted statement against the log; changes nothing, but is a POST.
    routes.push_back({"POST", kVerifyPath});
    return routes;
  }();
  return kRoutes;
}

http::Response HandleWorkspacePage(const WebContext& context) {
  // Before the product pages: the approval feeds sit under /losninger and /leverandorer.
  if (std::optional<http::Response> r = HandleApprovalPages(context)) return *std::move(r);
#ifdef HK_HAVE_PRODUCT_PAGES
  if (std::optional<http::Response> r = HandleProductPages(context)) return *std::move(r);
#endif
  if (std::optional<http::Response> r = HandleWebhookPages(context)) return *std::move(r);
  if (std::optional<http::Response> r = HandleVerifyPage(context)) return *std::move(r);
  if (std::optional<http::Response> r = HandleAccountSecurityPages(context)) {
    return *std::move(r);
  }
  if (std::optional<http::Response> r = HandleAccountPages(context)) return *std::move(r);
  if (std::optional<http::Response> r = HandleAdminPages(context)) return *std::move(r);
  http::Response r = NotFoundPage(context.request, context.catalog);
  r.cache_control = "no-store";
  return r;
}

}  // namespace helsekrav::web
