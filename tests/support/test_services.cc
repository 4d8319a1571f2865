#include "support/test_services.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "domain/catalog_rules.h"
#include "support/default_catalog.h"
#include "web/web.h"

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
  auto keyring = trust::Keyring::Open(t->keys_dir.path(), t->clock);
  if (!keyring.ok()) throw std::runtime_error(keyring.status().ToString());
  t->keyring = std::move(keyring).value();
  t->log = std::make_unique<app::TransparencyLog>(store, *t->keyring, t->clock);
  t->approvals =
      std::make_unique<app::ApprovalService>(store, t->clock, *t->catalog, *t->registry, *t->log);
  if (Status s = t->approvals->Load(); !s.ok()) throw std::runtime_error(s.ToString());
  t->webhook_sender =
      std::make_unique<http::CurlWebhookSender>(http::WebhookSenderOptions{true, 10});
  t->webhooks = std::make_unique<app::WebhookService>(store, t->clock, *t->registry,
                                                      *t->webhook_sender, true);
  t->services = std::make_unique<app::Services>(app::Services{.catalog = *t->catalog,
                                                              .accounts = *t->accounts,
                                                              .registry = *t->registry,
                                                              .clock = t->clock,
                                                              .approvals = t->approvals.get(),
                                                              .log = t->log.get(),
                                                              .webhooks = t->webhooks.get(),
                                                              .base_url = "http://helsekrav.test"});
  t->router = std::make_unique<http::Router>(*t->services, t->metrics, web::Pages());
  return t;
}

domain::Actor AddOrgUser(TestServices& t, const std::string& email, const std::string& name,
                         domain::OrganisationKind kind, const std::string& orgnr,
                         domain::Role role) {
  domain::OrgAccount org;
  org.orgnr = orgnr;
  org.name = name;
  org.kind = kind;
  auto user = t.accounts->CreateUserDirect(email, name, kTestPassword, org, role);
  EXPECT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_TRUE(t.registry->Load().ok());
  const domain::OrgAccount* stored = t.registry->view()->FindOrgByOrgnr(orgnr);
  EXPECT_NE(stored, nullptr) << orgnr;
  domain::Actor actor;
  actor.user_id = user.ok() ? user->id : "";
  actor.org_id = stored != nullptr ? stored->id : "";
  actor.org_kind = kind;
  actor.org_status = domain::OrgStatus::kApproved;
  actor.role = role;
  return actor;
}

std::pair<domain::Product, domain::ProductVersion> AddProductVersion(
    TestServices& t, const domain::Actor& supplier) {
  domain::Product product;
  product.name = "Omsorgsjournal";
  product.description = "Journal for pleie og omsorg";
  product.categories = {"epj-pleie-omsorg"};
  auto created = t.registry->CreateProduct(supplier, product);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  if (!created.ok()) return {};
  domain::ProductVersion version;
  version.product_id = created->id;
  version.version = "4.2";
  auto added = t.registry->AddVersion(supplier, version);
  EXPECT_TRUE(added.ok()) << added.status().ToString();
  if (!added.ok()) return {*created, {}};
  return {*created, *added};
}

std::string PublishDeclaration(TestServices& t, const domain::Actor& supplier,
                               const std::string& version_id, const std::string& profile) {
  auto snapshot = t.catalog->snapshot();
  const domain::Profile* found = snapshot->FindProfile(profile);
  EXPECT_NE(found, nullptr) << profile;
  if (found == nullptr) return "";
  Date today = t.clock.Today();
  auto draft = t.registry->CreateDeclaration(supplier, version_id, profile, std::nullopt);
  EXPECT_TRUE(draft.ok()) << draft.status().ToString();
  if (!draft.ok()) return "";
  app::AnswersUpdate update;
  for (const domain::ProfileItem& item : domain::VersionAt(*found, today).items) {
    domain::DeclarationAnswer answer;
    answer.requirement = item.requirement;
    const domain::Requirement* requirement = snapshot->FindRequirement(item.requirement);
    if (requirement != nullptr) {
      answer.requirement_version = domain::VersionAt(*requirement, today).version;
    }
    answer.answer = domain::Answer::kMeets;
    answer.statement = "Oppfylt i standardoppsettet.";
    update.answers.push_back(answer);
  }
  EXPECT_TRUE(t.registry->SaveAnswers(supplier, draft->id, update).ok());
  auto published = t.registry->Transition(supplier, draft->id, domain::DeclarationAction::kPublish);
  EXPECT_TRUE(published.ok()) << published.status().ToString();
  return draft->id;
}

}  // namespace helsekrav::testing
