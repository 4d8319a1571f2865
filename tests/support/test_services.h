#pragma once
// The whole application over a fresh store of either backend, with the default catalog loaded:
// catalog, accounts and registry services and an HTTP router, as `helsekrav serve` wires them.
// For tests that drive requests through the router in-process.

#include <memory>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/catalog_service.h"
#include "app/registry.h"
#include "app/services.h"
#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "support/store_backends.h"

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
  FixedClock clock{*Date::Parse("2026-11-23")};
  CapturingResetSender resets;
  std::unique_ptr<app::CatalogService> catalog;
  std::unique_ptr<app::AccountService> accounts;
  std::unique_ptr<app::RegistryService> registry;
  std::unique_ptr<app::Services> services;
  http::Metrics metrics;
  std::unique_ptr<http::Router> router;
};

// A migrated fresh store with the default catalog imported and every service loaded. Throws
// std::runtime_error when the environment is broken.
std::unique_ptr<TestServices> StartServices(Backend backend);

}  // namespace helsekrav::testing
