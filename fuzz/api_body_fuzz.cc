// Fuzz target: JSON (and YAML) bodies of every mutating API route (products, versions,
// deployments, declarations and their answers, files, approvals, certificates, webhooks),
// through the real router with a signed-in caller, so that parsing, app/ validation and the
// SQLite store all run (fuzz/fuzz_app.h). Any body gets a response, and never a 500.
//
// Input: byte 0 picks the route (api::RegistryApiMutations, ApprovalApiMutations,
// WebhookApiMutations in that order), byte 1 the caller (fuzz::Caller; an even byte is the
// organisation the route is for) and whether the body is sent as YAML (bit 7); the body
// follows. {product}, {version}, … in the body become the ids made at start.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_app.h"
#include "http/api/approvals_api.h"
#include "http/api/registry_api.h"
#include "http/api/webhooks_api.h"

namespace {

using helsekrav::http::api::MutationRoute;

const std::vector<MutationRoute>& Routes() {
  static const std::vector<MutationRoute> routes = [] {
    namespace api = helsekrav::http::api;
    std::vector<MutationRoute> all = api::RegistryApiMutations();
    for (const auto* more : {&api::ApprovalApiMutations(), &api::WebhookApiMutations()}) {
      all.insert(all.end(), more->begin(), more->end());
    }
    return all;
  }();
  return routes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using helsekrav::fuzz::Caller;
  auto& app = helsekrav::fuzz::App();
  if (size < 2) return 0;
  const MutationRoute& route = Routes()[data[0] % Routes().size()];
  const bool yaml = (data[1] & 0x80) != 0;
  const auto who = data[1] & 0x7f;
  // Half the inputs come from the organisation the route is for (municipalities record
  // deployments, the approving body approves), so the body is what decides the outcome.
  Caller owner = Caller::kSupplierToken;
  if (route.pattern.find("deployments") != std::string::npos) owner = Caller::kMunicipality;
  if (route.pattern.find("approvals") != std::string::npos ||
      route.pattern.find("confirm") != std::string::npos) {
    owner = Caller::kApprovingBody;
  }
  const Caller caller =
      who % 2 == 0 ? owner : static_cast<Caller>((who / 2) % static_cast<int>(Caller::kCount));
  const std::string body = app.Fill(std::string(reinterpret_cast<const char*>(data) + 2, size - 2));
  app.Send(caller, route.method, app.Fill(route.pattern), body,
           yaml ? "application/yaml" : "application/json");
  return 0;
}
