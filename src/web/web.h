#pragma once
// The public web in Norwegian bokmål: server-rendered HTML pages over the catalog snapshot
// (every page works without JavaScript), static assets, the veiviser, search and the Atom feed.
// Like the API handlers, it never touches a socket or the database. Thread-safe.

#include "app/snapshot.h"
#include "http/message.h"
#include "http/pages.h"

namespace helsekrav::web {

// Handles every path outside /api/, /healthz, /readyz and /metrics: pages, /assets/…, /sok,
// /veiviser, /feed/endringer.atom. Returns a Norwegian 404 page for unknown paths.
http::Response HandlePage(const http::Request& request, const app::Snapshot& snapshot);

// Every page, for the router (http::Router): the public pages above, the workspace
// (web/workspace.h) with its form routes, the 404 page and the page for refused requests.
http::PageHandlers Pages();

}  // namespace helsekrav::web
