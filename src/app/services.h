#pragma once
// The application's use-case services, bundled for the HTTP layer and the command line.

#include <string>

#include "app/accounts.h"
#include "app/catalog_service.h"
#include "app/registry.h"

namespace helsekrav::app {

class ApprovalService;
class TransparencyLog;
class WebhookService;

struct Services {
  CatalogService& catalog;
  AccountService& accounts;
  RegistryService& registry;
  const Clock& clock;
  bool secure_cookies = false;  // served over TLS (or behind a TLS proxy): cookies get Secure
  // Issue 5 services; set by serve and by tests/support/test_services.cc. Handlers answer 503
  // when one they need is missing.
  ApprovalService* approvals = nullptr;
  TransparencyLog* log = nullptr;
  WebhookService* webhooks = nullptr;
  std::string base_url;  // public address without a trailing slash, for links in QR codes etc.
};

// An evidence file for `actor`: ApprovalService::ReadEvidence when it runs (files cited by
// approvals and certificate claims are public too), else RegistryService::ReadEvidence.
Result<std::pair<domain::EvidenceFile, std::string>> ReadEvidence(Services& services,
                                                                  const domain::Actor& actor,
                                                                  const std::string& file_id);

}  // namespace helsekrav::app
