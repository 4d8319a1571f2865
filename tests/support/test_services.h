#pragma once
// The whole application over a fresh store of either backend, with the default catalog loaded:
// catalog, accounts and registry services and an HTTP router, as `helsekrav serve` wires them.
// For tests that drive requests through the router in-process.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/accounts.h"
#include "app/approvals.h"
#include "app/catalog_service.h"
#include "app/registry.h"
#include "app/services.h"
#include "app/transparency_log.h"
#include "app/webhooks.h"
#include "core/clock.h"
#include "domain/registry_rules.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/webhook_sender.h"
#include "support/store_backends.h"
#include "trust/keys.h"
#include "trust/trust_test_util.h"

namespace helsekrav::testing {

// Keeps every reset link instead of sending it.
class CapturingResetSender final : public app::ResetSender {
 public:
  void Send(const std::string& email, const std::string& link) override {
    sent.emplace_back(email, link);
  }
  std::vector<std::pair<std::string, std::string>> sent;
};

struct TestServices {
  std::unique_ptr<TestStore> db;
  // After this release corrected the catalog (corrected_on 2026-12-07), so declarations published
  // in a test are not already due for review.
  FixedClock clock{*Date::Parse("2026-12-08")};
  CapturingResetSender resets;
  std::unique_ptr<app::CatalogService> catalog;
  std::unique_ptr<app::AccountService> accounts;
  std::unique_ptr<app::RegistryService> registry;
  trust::test_util::ScratchDir keys_dir;  // the keyring's files; removed after the keyring
  std::unique_ptr<trust::Keyring> keyring;
  std::unique_ptr<app::TransparencyLog> log;
  std::unique_ptr<app::ApprovalService> approvals;
  // Sends to http://127.0.0.1 too (--webhook-allow-http-loopback), for receivers in tests.
  std::unique_ptr<http::CurlWebhookSender> webhook_sender;
  std::unique_ptr<app::WebhookService> webhooks;
  std::unique_ptr<app::Services> services;
  http::Metrics metrics;
  std::unique_ptr<http::Router> router;
};

// A migrated fresh store with the default catalog imported and every service loaded. Throws
// std::runtime_error when the environment is broken.
std::unique_ptr<TestServices> StartServices(Backend backend);

// The password of the users AddOrgUser creates.
inline constexpr char kTestPassword[] = "et langt og trygt passord";

// An approved organisation with one user of `role` (password kTestPassword), created as
// `helsekrav admin create-user` does, and the actor that user is. The register is reloaded so
// it knows the organisation; failures are recorded as test failures.
domain::Actor AddOrgUser(TestServices& t, const std::string& email, const std::string& name,
                         domain::OrganisationKind kind, const std::string& orgnr,
                         domain::Role role);

// The product "Omsorgsjournal" (category epj-pleie-omsorg) of `supplier` with its version 4.2.
// Failures are recorded as test failures (check HasFailure()).
std::pair<domain::Product, domain::ProductVersion> AddProductVersion(TestServices& t,
                                                                     const domain::Actor& supplier);

// Publishes a declaration by `supplier` of `version_id` against the version of `profile` in
// force today, answering "meets" to every item. Returns its id ("" after a test failure).
std::string PublishDeclaration(TestServices& t, const domain::Actor& supplier,
                               const std::string& version_id, const std::string& profile);

}  // namespace helsekrav::testing
