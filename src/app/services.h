#pragma once
// The application's use-case services, bundled for the HTTP layer and the command line.

#include "app/accounts.h"
#include "app/catalog_service.h"
#include "app/registry.h"

namespace helsekrav::app {

struct Services {
  CatalogService& catalog;
  AccountService& accounts;
  RegistryService& registry;
  const Clock& clock;
  bool secure_cookies = false;  // served over TLS (or behind a TLS proxy): cookies get Secure
};

}  // namespace helsekrav::app
