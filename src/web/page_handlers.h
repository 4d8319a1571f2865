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

}  // namespace helsekrav::web
