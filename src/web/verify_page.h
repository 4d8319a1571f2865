#pragma once
// «Kontroller et utsagn» (/verifiser): anyone checks, on the server, a signed statement from the
// transparency log — by its index (GET /verifiser?oppforing=N) or by pasting the statement's
// JSON (POST /verifiser, with the CSRF token). The page says in plain Norwegian what was
// checked and when: the signature (which key), and the statement's inclusion in the current
// signed tree head. It links to the statement, its proof and the keys, with the
// `helsekrav verify` command that repeats every check offline (docs/trust.md). Thread-safe.

#include <optional>

#include "http/message.h"
#include "web/workspace.h"

namespace helsekrav::web {

inline constexpr char kVerifyPath[] = "/verifiser";

// The response for /verifiser, or nullopt for any other path.
std::optional<http::Response> HandleVerifyPage(const WebContext& context);

}  // namespace helsekrav::web
