#pragma once
// The page handlers behind web::HandlePage, one group per file. `rest` is the path after the
// section prefix, split on "/". Thread-safe.

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "http/message.h"

namespace helsekrav::web {

using http::Request;
using http::Response;

Response RequirementListPage(const Request& request, const app::Snapshot& s);
Response RequirementPage(const Request& request, const app::Snapshot& s, const std::string& key);
Response StandardListPage(const Request& request, const app::Snapshot& s);
Response StandardPage(const Request& request, const app::Snapshot& s, const std::string& key);
Response ProfileListPage(const Request& request, const app::Snapshot& s);
Response ProfilePage(const Request& request, const app::Snapshot& s, const std::string& key);
Response SchemeListPage(const Request& request, const app::Snapshot& s);
Response SchemePage(const Request& request, const app::Snapshot& s, const std::string& key);
Response OrganisationPage(const Request& request, const app::Snapshot& s, const std::string& key);
Response MunicipalityListPage(const Request& request, const app::Snapshot& s);
Response ChangeFeed(const Request& request, const app::Snapshot& s);

// An Atom 1.0 feed (feed.cc). Entry ids are made stable tag URIs; times are RFC 3339.
struct AtomEntry {
  std::string id;  // unique within the feed, e.g. "krav/EU-01/2"
  std::string title;
  std::string href;
  std::string updated;
  std::string summary;
};
struct AtomFeed {
  std::string id;  // e.g. "endringer"
  std::string title;
  std::string self;       // the feed's own path
  std::string alternate;  // the HTML page it belongs to
  std::string updated;
  std::vector<AtomEntry> entries;
};
// The feed document as a response with a strong ETag.
Response AtomResponse(const AtomFeed& feed);

}  // namespace helsekrav::web
