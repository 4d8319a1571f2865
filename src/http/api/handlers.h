#pragma once
// The JSON API v1 handlers, one per resource. Each takes the parsed request, the catalog
// snapshot and the path segments after "/api/v1/<resource>", and returns a response; none
// touches a socket or the database.

#include <string>
#include <vector>

#include "app/snapshot.h"
#include "http/message.h"

namespace helsekrav::http::api {

using Segments = std::vector<std::string>;

Response HandleRequirements(const Request& request, const app::Snapshot& snapshot,
                            const Segments& rest);
Response HandleProfiles(const Request& request, const app::Snapshot& snapshot,
                        const Segments& rest);
Response HandleStandards(const Request& request, const app::Snapshot& snapshot,
                         const Segments& rest);
Response HandleApprovalSchemes(const Request& request, const app::Snapshot& snapshot,
                               const Segments& rest);
Response HandleOrganisations(const Request& request, const app::Snapshot& snapshot,
                             const Segments& rest);
Response HandleCategories(const Request& request, const app::Snapshot& snapshot,
                          const Segments& rest);
Response HandleInteropServices(const Request& request, const app::Snapshot& snapshot,
                               const Segments& rest);
Response HandleNationalSolutions(const Request& request, const app::Snapshot& snapshot,
                                 const Segments& rest);

// GET /api/v1/guide — the veiviser's answer as JSON (domain/guide.h).
Response HandleGuide(const Request& request, const app::Snapshot& snapshot, const Segments& rest);
// GET /api/v1/search — full-text search (search/search_index.h).
Response HandleSearch(const Request& request, const app::Snapshot& snapshot, const Segments& rest);

// Renders every requirement's list item for the snapshot's date, so filtered lists only join
// prepared strings (called while a snapshot is built).
void PrepareRequirementItems(app::Snapshot& snapshot);

// The OpenAPI 3.1 document describing all of the above.
const std::string& OpenApiDocument();

}  // namespace helsekrav::http::api
