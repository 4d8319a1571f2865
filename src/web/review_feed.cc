// /leverandorer/{orgnr}/varsler.atom: an Atom feed that tells a supplier (and anyone following
// it) when a published declaration must be reviewed because a requirement it answered got a new
// version. Built from the register's "needs_review" events.
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/text.h"
#include "web/html.h"
#include "web/page_handlers.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::product {
namespace {

constexpr int kMaxEntries = 100;

// "Krav med ny versjon: EHDS-01, EHDS-02." from the event's {"requirements": [...]}.
std::string Summary(const std::string& changes) {
  auto json = nlohmann::json::parse(changes, nullptr, false);
  std::vector<std::string> keys;
  if (json.is_object() && json.contains("requirements") && json["requirements"].is_array()) {
    for (const auto& key : json["requirements"]) {
      if (key.is_string()) keys.push_back(key.get<std::string>());
    }
  }
  if (keys.empty()) return "Erklæringen er vurdert på nytt og er oppdatert mot gjeldende krav.";
  return "Disse kravene har fått en ny versjon siden erklæringen ble publisert, og svarene må "
         "vurderes på nytt: " +
         Join(keys, ", ") + ".";
}

}  // namespace

http::Response SupplierReviewFeed(const WebContext& context, const std::string& orgnr) {
  const app::RegistryView& view = context.registry;
  const domain::OrgAccount* org = view.FindOrgByOrgnr(orgnr);
  if (org == nullptr || org->kind != domain::OrganisationKind::kSupplier ||
      org->status != domain::OrgStatus::kApproved) {
    return NotFoundPage(context.request, context.catalog, "Leverandøren «" + orgnr + "»");
  }
  auto notices = context.services.registry.ReviewNotices(org->id, kMaxEntries);
  if (!notices.ok()) return StatusPage(context, notices.status());
  std::string page = "/leverandorer/" + http::PercentEncode(orgnr);
  AtomFeed feed{"leverandorer/" + orgnr + "/varsler",
                "Erklæringer som må vurderes på nytt – " + org->name,
                page + "/varsler.atom",
                page,
                IsoTimestamp(notices->empty() ? org->created_at : notices->front().at),
                {}};
  for (const domain::Event& event : *notices) {
    const domain::Declaration* declaration = view.FindDeclaration(event.entity_id);
    if (declaration == nullptr || !app::IsPublic(*declaration)) continue;
    const domain::ProductVersion* version = view.FindVersion(declaration->product_version_id);
    const domain::Product* product = version ? view.FindProduct(version->product_id) : nullptr;
    const domain::Profile* profile = context.catalog.FindProfile(declaration->profile);
    std::string subject = product ? product->name + " " + version->version : "Erklæring";
    std::string profile_name = profile && !profile->versions.empty() ? profile->versions.back().name
                                                                     : declaration->profile;
    feed.entries.push_back({"hendelser/" + event.id,
                            "Må vurderes på nytt: " + subject + " (" + profile_name + ")",
                            "/erklaeringer/" + http::PercentEncode(declaration->id),
                            IsoTimestamp(event.at), Summary(event.changes)});
  }
  return AtomResponse(feed);
}

}  // namespace helsekrav::web::product
