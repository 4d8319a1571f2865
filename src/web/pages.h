#pragma once
// Page handlers shared between the web's files. Each takes the parsed request and the snapshot
// and returns a complete response (HTML, CSV, XLSX…). Thread-safe.

#include "app/snapshot.h"
#include "http/message.h"

namespace helsekrav::web {

// /veiviser — the step-by-step «Hva gjelder for meg?» form and its result (guide_page.cc).
http::Response GuidePage(const http::Request& request, const app::Snapshot& snapshot);
// /sok — full-text search with facets and highlighted snippets (search_page.cc).
http::Response SearchPage(const http::Request& request, const app::Snapshot& snapshot);

}  // namespace helsekrav::web
