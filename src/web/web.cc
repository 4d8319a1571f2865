#include "web/web.h"

#include "web/html.h"
#include "web/layout.h"
#include "web/workspace.h"

namespace helsekrav::web {

http::PageHandlers Pages() {
  http::PageHandlers pages;
  pages.page = HandlePage;
  pages.not_found = [](const http::Request& request, const app::Snapshot& snapshot) {
    return NotFoundPage(request, snapshot);
  };
  pages.message = [](const app::Snapshot* snapshot, int status, const std::string& title,
                     const std::string& message) {
    PageContext page;
    page.title = title;
    page.breadcrumbs = {{"Forside", "/"}, {page.title, ""}};
    if (snapshot != nullptr) page.last_changed = snapshot->today();
    return RenderPage(page,
                      "<div class=\"ds-alert\" data-color=\"danger\"><p class=\"ds-paragraph\">" +
                          Escape(message) + "</p></div>\n",
                      status);
  };
  pages.is_session_path = IsWorkspacePath;
  pages.session_page = HandleWorkspacePage;
  pages.form_routes = WorkspaceMutations();
  return pages;
}

}  // namespace helsekrav::web
