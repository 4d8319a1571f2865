#pragma once
// What the router needs from the web pages above it. http/ knows requests, responses, sessions
// and the route table; the pages (web/) hand it these functions and their form routes through
// web::Pages(), and the top of the program (cli/commands/serve.cc, the tests) passes them to the
// Router. So http/ never includes web/, and a new module registers its pages the same way.

#include <functional>
#include <string>
#include <vector>

#include "app/services.h"
#include "app/snapshot.h"
#include "http/message.h"
#include "http/routes.h"

namespace helsekrav::http {

constexpr const char* kCsrfField = "csrf";            // the CSRF token in every form
constexpr const char* kSessionCookie = "hk_session";  // the signed-in session
constexpr const char* kCsrfCookie = "hk_csrf";        // double-submit token before sign-in

// A request to a page that needs the register or an account, after the router has resolved the
// session and, for a POST, checked the form's origin and CSRF token.
struct SessionContext {
  const Request& request;
  const app::Snapshot& catalog;
  const app::RegistryView& registry;
  app::Services& services;
  const app::Principal* principal;  // nullptr when not signed in
  std::string csrf_token;           // to embed in every form (field kCsrfField)
};

struct PageHandlers {
  // A public page from the catalog snapshot (GET or HEAD outside /api/).
  std::function<Response(const Request&, const app::Snapshot&)> page;
  // The 404 page.
  std::function<Response(const Request&, const app::Snapshot&)> not_found;
  // A page with a title and one message, for refused requests and forms; `snapshot` may be null.
  std::function<Response(const app::Snapshot* snapshot, int status, const std::string& title,
                         const std::string& message)>
      message;
  // True for the paths of session_page: the router resolves the session for them.
  std::function<bool(const std::string& path)> is_session_path;
  std::function<Response(const SessionContext&)> session_page;
  // Every form post session_page takes; the router refuses any other write to its paths.
  std::vector<MutatingRoute> form_routes;
};

}  // namespace helsekrav::http
