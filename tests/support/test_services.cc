#include "support/test_services.h"

#include <stdexcept>

#include "support/default_catalog.h"

namespace helsekrav::testing {

std::unique_ptr<TestServices> StartServices(Backend backend) {
  auto t = std::make_unique<TestServices>();
  t->db = OpenFreshStore(backend);
  store::Store& store = *t->db->store;
  if (Status s = store.Migrate(); !s.ok()) throw std::runtime_error(s.ToString());
  t->catalog = std::make_unique<app::CatalogService>(store, t->clock, http::PrepareSnapshot);
  auto imported = t->catalog->Import(DefaultCatalog());
  if (!imported.ok()) throw std::runtime_error(imported.status().ToString());
  t->accounts = std::make_unique<app::AccountService>(store, t->clock, *t->catalog, t->resets,
                                                      "http://helsekrav.test");
  t->registry = std::make_unique<app::RegistryService>(store, t->clock, *t->catalog);
  if (Status s = t->registry->Load(); !s.ok()) throw std::runtime_error(s.ToString());
  t->services = std::make_unique<app::Services>(
      app::Services{*t->catalog, *t->accounts, *t->registry, t->clock, false});
  t->router = std::make_unique<http::Router>(*t->services, store, t->metrics);
  return t;
}

}  // namespace helsekrav::testing
