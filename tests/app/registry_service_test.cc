// The product register and self-declarations on both backends: suppliers keep to their own
// data, declarations are pre-filled, published and superseded, evidence files stay private
// until a public declaration cites them, and every change leaves an audit event for the
// organisation whose data changed.
#include "app/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "core/uuid.h"
#include "domain/catalog_rules.h"
#include "formats/registry_json.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "trust/encoding.h"

namespace helsekrav::app {
namespace {

using domain::Actor;
using domain::DeclarationAction;
using domain::DeclarationStatus;
using domain::OrganisationKind;
using domain::OrgStatus;
using testing::Backend;
using testing::D;

// After this release corrected the catalog (corrected_on 2026-12-07): declarations published in a
// test are not already due for review.
constexpr char kToday[] = "2026-12-08";
constexpr char kConflictMessage[] =
    "Noen andre har endret dette i mellomtiden. Last siden på nytt.";

// Noon on kToday, one second later on every reading, so records made one after the other have
// distinct times (like a real clock) while the date stays fixed.
class TickingClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::time_point{std::chrono::days{D(kToday).days()}} +
           std::chrono::hours{12} + std::chrono::seconds{ticks_++};
  }

 private:
  mutable std::atomic<int> ticks_{0};
};

// A valid organisasjonsnummer (modulus 11) starting with `prefix` (8 digits) or the next
// prefix that has a check digit.
std::string Orgnr(int prefix) {
  static const int kWeights[] = {3, 2, 7, 6, 5, 4, 3, 2};
  for (;; ++prefix) {
    std::string digits = std::to_string(prefix);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
    int check = 11 - sum % 11;
    if (check == 10) continue;
    return digits + std::to_string(check == 11 ? 0 : check);
  }
}

class RegistryServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    ASSERT_TRUE(db_->store->Migrate().ok());
    catalog_ = std::make_unique<CatalogService>(*db_->store, clock_);
    auto imported = catalog_->Import(testing::DefaultCatalog());
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    registry_ = std::make_unique<RegistryService>(*db_->store, clock_, *catalog_);
    supplier_a_ = AddOrg("Leverandør A AS", OrganisationKind::kSupplier, OrgStatus::kApproved);
    supplier_b_ = AddOrg("Leverandør B AS", OrganisationKind::kSupplier, OrgStatus::kApproved);
    pending_ = AddOrg("Ny Leverandør AS", OrganisationKind::kSupplier, OrgStatus::kPending);
    oslo_ = AddOrg("Oslo kommune", OrganisationKind::kMunicipality, OrgStatus::kApproved, "0301",
                   "958935420");
    authority_ = AddOrg("Helsedirektoratet", OrganisationKind::kAuthority, OrgStatus::kApproved, "",
                        "983544622");
    ASSERT_TRUE(registry_->Load().ok());
    last_seq_ = NewestSeq();
  }

  domain::OrgAccount AddOrg(const std::string& name, OrganisationKind kind, OrgStatus status,
                            const std::string& municipality = "", std::string orgnr = "") {
    domain::OrgAccount org;
    org.id = Uuid::Random().ToString();
    org.orgnr = orgnr.empty() ? Orgnr(91000000 + 137 * next_org_++) : orgnr;
    org.name = name;
    org.kind = kind;
    org.status = status;
    org.municipality_number = municipality;
    store::Entity e;
    e.kind = "organisation";
    e.id = org.id;
    e.owner_org = org.id;
    e.unique_key = org.orgnr;
    e.doc = formats::ToJson(org).dump();
    auto tx = db_->store->Begin();
    EXPECT_TRUE(tx.ok());
    EXPECT_TRUE((*tx)->InsertEntity(e).ok());
    EXPECT_TRUE((*tx)->BumpRegistryRevision().ok());
    EXPECT_TRUE((*tx)->Commit().ok());
    return org;
  }

  // Changes an organisation's status behind the service's back (as the accounts service does).
  void SetOrgStatus(const domain::OrgAccount& org, OrgStatus status) {
    auto e = db_->store->FindEntity("organisation", org.id, 0);
    ASSERT_TRUE(e.ok() && e->has_value());
    domain::OrgAccount changed = org;
    changed.status = status;
    store::Entity entity = **e;
    entity.doc = formats::ToJson(changed).dump();
    auto tx = db_->store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->UpdateEntity(entity, (*e)->revision).ok());
    ASSERT_TRUE((*tx)->BumpRegistryRevision().ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  static Actor ActorOf(const domain::OrgAccount& org, domain::Role role = domain::Role::kEditor) {
    Actor actor;
    actor.user_id = "user-" + org.id.substr(0, 8);
    actor.org_id = org.id;
    actor.org_kind = org.kind;
    actor.org_status = org.status;
    actor.role = role;
    return actor;
  }

  domain::Product MakeProduct(const Actor& actor, const std::string& name,
                              std::vector<std::string> categories) {
    domain::Product product;
    product.name = name;
    product.description = "Beskrivelse av " + name;
    product.categories = std::move(categories);
    auto created = registry_->CreateProduct(actor, product);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : domain::Product{};
  }

  domain::ProductVersion MakeVersion(const Actor& actor, const std::string& product_id,
                                     const std::string& text,
                                     std::vector<std::string> integrations = {}) {
    domain::ProductVersion version;
    version.product_id = product_id;
    version.version = text;
    version.release_date = D("2026-09-01");
    version.integrations = std::move(integrations);
    auto added = registry_->AddVersion(actor, version);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? *added : domain::ProductVersion{};
  }

  const domain::ProfileVersion& ProfileInForce(const std::string& key) {
    return domain::VersionAt(*catalog_->snapshot()->FindProfile(key), D(kToday));
  }

  // An answer to `requirement` at its version in force today.
  domain::DeclarationAnswer AnswerTo(const std::string& requirement, std::string statement) {
    domain::DeclarationAnswer answer;
    answer.requirement = requirement;
    answer.requirement_version =
        domain::VersionAt(*catalog_->snapshot()->FindRequirement(requirement), D(kToday)).version;
    answer.answer = domain::Answer::kMeets;
    answer.statement = std::move(statement);
    return answer;
  }

  // "Meets" for every item of the profile version in force, except the first `skip` items.
  std::vector<domain::DeclarationAnswer> AnswersFor(const std::string& profile,
                                                    std::size_t skip = 0) {
    std::vector<domain::DeclarationAnswer> answers;
    const auto& items = ProfileInForce(profile).items;
    for (std::size_t i = skip; i < items.size(); ++i) {
      answers.push_back(AnswerTo(items[i].requirement, "Oppfylt i standardoppsettet."));
    }
    return answers;
  }

  domain::Declaration Published(const Actor& actor, const std::string& version_id,
                                const std::string& profile) {
    auto draft = registry_->CreateDeclaration(actor, version_id, profile, std::nullopt);
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    if (!draft.ok()) return {};
    auto saved = registry_->SaveAnswers(actor, draft->id, {AnswersFor(profile), 0});
    EXPECT_TRUE(saved.ok()) << saved.status().ToString();
    auto published = registry_->Transition(actor, draft->id, DeclarationAction::kPublish);
    EXPECT_TRUE(published.ok()) << published.status().ToString();
    return published.ok() ? *published : domain::Declaration{};
  }

  std::int64_t NewestSeq() {
    store::EventQuery q;
    q.limit = 1;
    auto events = db_->store->ListEvents(q);
    EXPECT_TRUE(events.ok());
    return events.ok() && !events->empty() ? events->front().seq : 0;
  }

  // The events written since the last call, oldest first.
  std::vector<store::EventRecord> NewEvents() {
    store::EventQuery q;
    q.limit = 500;
    auto events = db_->store->ListEvents(q);
    EXPECT_TRUE(events.ok());
    std::vector<store::EventRecord> out;
    for (const auto& e : *events) {
      if (e.seq > last_seq_) out.push_back(e);
    }
    std::reverse(out.begin(), out.end());
    if (!out.empty()) last_seq_ = out.back().seq;
    return out;
  }

  // The last mutations wrote exactly these events, all for `org_id`.
  void ExpectEvents(const std::string& org_id, const std::vector<std::string>& actions) {
    std::vector<store::EventRecord> events = NewEvents();
    std::vector<std::string> got;
    for (const auto& e : events) {
      got.push_back(e.action);
      EXPECT_EQ(e.org_id, org_id) << e.action << " " << e.entity_kind;
      EXPECT_FALSE(e.changes.empty());
      EXPECT_FALSE(e.entity_id.empty());
    }
    EXPECT_EQ(got, actions);
  }

  TickingClock clock_;
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<RegistryService> registry_;
  domain::OrgAccount supplier_a_, supplier_b_, pending_, oslo_, authority_;
  int next_org_ = 0;
  std::int64_t last_seq_ = 0;
};

TEST_P(RegistryServiceTest, SupplierCreatesAProductWithAVersion) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  EXPECT_EQ(product.org_id, supplier_a_.id);
  domain::ProductVersion version = MakeVersion(a, product.id, "4.2.0", {"kjernejournal"});
  ExpectEvents(supplier_a_.id, {"created", "version_added"});

  auto view = registry_->view();
  ASSERT_NE(view->FindProduct(product.id), nullptr);
  EXPECT_EQ(*view->FindProduct(product.id), product);
  ASSERT_EQ(view->VersionsOf(product.id).size(), 1u);
  EXPECT_EQ(view->VersionsOf(product.id)[0]->integrations,
            (std::vector<std::string>{"kjernejournal"}));
  EXPECT_EQ(view->ProductsOf(supplier_a_.id).size(), 1u);
  EXPECT_EQ(view->revision(), *db_->store->RegistryRevision());

  // A second version with the same text is refused; an unknown category is invalid.
  domain::ProductVersion again;
  again.product_id = product.id;
  again.version = "4.2.0";
  EXPECT_EQ(registry_->AddVersion(a, again).status().code(), StatusCode::kConflict);
  domain::Product bad;
  bad.name = "Ukjent";
  bad.categories = {"finnes-ikke"};
  EXPECT_EQ(registry_->CreateProduct(a, bad).status().code(), StatusCode::kInvalid);
  ExpectEvents(supplier_a_.id, {});

  // Updates record what changed.
  domain::Product renamed = product;
  renamed.name = "Omsorgsjournal Pluss";
  auto updated = registry_->UpdateProduct(a, renamed);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_GT(updated->updated_at, product.updated_at);
  auto events = NewEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "updated");
  EXPECT_NE(events[0].changes.find("Omsorgsjournal Pluss"), std::string::npos);
  EXPECT_NE(events[0].changes.find("\"from\""), std::string::npos);
  EXPECT_EQ(registry_->view()->FindProduct(product.id)->name, "Omsorgsjournal Pluss");

  domain::ProductVersion changed = version;
  changed.notes = "Rettet feil i meldingsutveksling";
  ASSERT_TRUE(registry_->UpdateVersion(a, changed).ok());
  ExpectEvents(supplier_a_.id, {"updated"});
}

TEST_P(RegistryServiceTest, AnotherSupplierCannotChangeAnything) {
  Actor a = ActorOf(supplier_a_);
  Actor b = ActorOf(supplier_b_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  auto declaration = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(declaration.ok()) << declaration.status().ToString();
  NewEvents();
  auto revision = *db_->store->RegistryRevision();
  auto before = registry_->view();

  domain::Product hijacked = product;
  hijacked.name = "Kapret";
  EXPECT_EQ(registry_->UpdateProduct(b, hijacked).status().code(), StatusCode::kForbidden);
  hijacked.org_id = supplier_b_.id;  // claiming it does not help
  EXPECT_EQ(registry_->UpdateProduct(b, hijacked).status().code(), StatusCode::kForbidden);
  domain::Product foreign;
  foreign.org_id = supplier_a_.id;
  foreign.name = "I As navn";
  EXPECT_EQ(registry_->CreateProduct(b, foreign).status().code(), StatusCode::kForbidden);
  domain::ProductVersion v = version;
  v.notes = "Kapret";
  EXPECT_EQ(registry_->UpdateVersion(b, v).status().code(), StatusCode::kForbidden);
  domain::ProductVersion extra;
  extra.product_id = product.id;
  extra.version = "9.9";
  EXPECT_EQ(registry_->AddVersion(b, extra).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(
      registry_->CreateDeclaration(b, version.id, "epj-fastlege", std::nullopt).status().code(),
      StatusCode::kForbidden);
  EXPECT_EQ(registry_->SaveAnswers(b, declaration->id, {AnswersFor("epj-pleie-omsorg"), 0})
                .status()
                .code(),
            StatusCode::kForbidden);
  EXPECT_EQ(registry_->Transition(b, declaration->id, DeclarationAction::kWithdraw).status().code(),
            StatusCode::kForbidden);
  domain::Declaration imported;
  imported.product_version_id = version.id;
  imported.profile = "epj-pleie-omsorg";
  imported.answers = AnswersFor("epj-pleie-omsorg");
  EXPECT_EQ(registry_->ImportDeclaration(b, imported, true).status().code(),
            StatusCode::kForbidden);

  EXPECT_EQ(*db_->store->RegistryRevision(), revision);
  ExpectEvents("", {});
  ASSERT_TRUE(registry_->Load().ok());
  EXPECT_EQ(registry_->view()->products(), before->products());
  EXPECT_EQ(registry_->view()->declarations(), before->declarations());
}

TEST_P(RegistryServiceTest, PendingOrganisationsAndAnonymousVisitorsAreRefused) {
  domain::Product product;
  product.name = "Venter";
  EXPECT_EQ(registry_->CreateProduct(ActorOf(pending_), product).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(registry_->CreateProduct(Actor{}, product).status().code(),
            StatusCode::kUnauthenticated);
  product.id = Uuid::Random().ToString();
  EXPECT_EQ(registry_->UpdateProduct(Actor{}, product).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(
      registry_->UploadEvidence(Actor{}, {"a.pdf", "application/pdf", "%PDF"}).status().code(),
      StatusCode::kUnauthenticated);
  // A reader of the organisation may not edit either.
  EXPECT_EQ(registry_->CreateProduct(ActorOf(supplier_a_, domain::Role::kViewer), product)
                .status()
                .code(),
            StatusCode::kForbidden);
  EXPECT_TRUE(registry_->view()->products().empty());
  ExpectEvents("", {});
}

TEST_P(RegistryServiceTest, ADeclarationIsPrefilledFromAnswersToAnotherProfile) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  auto first = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->profile_version, ProfileInForce("epj-pleie-omsorg").version);
  EXPECT_TRUE(first->answers.empty());
  auto saved = registry_->SaveAnswers(
      a, first->id, {{AnswerTo("GDPR-01", "Behandlingsgrunnlag dokumentert i DPIA.")}, 0});
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  ExpectEvents(supplier_a_.id,
               {"created", "version_added", "declaration_created", "answers_saved"});

  // A second draft for the same version and profile is refused, naming the first.
  auto twice = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_EQ(twice.status().code(), StatusCode::kConflict);
  EXPECT_NE(twice.status().message().find(first->id), std::string::npos);

  // Another profile sharing GDPR-01 starts with that answer.
  auto second = registry_->CreateDeclaration(a, version.id, "epj-fastlege", std::nullopt);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->answers.size(), 1u);
  EXPECT_EQ(second->answers[0].requirement, "GDPR-01");
  EXPECT_EQ(second->answers[0].statement, "Behandlingsgrunnlag dokumentert i DPIA.");
  EXPECT_EQ(second->status, DeclarationStatus::kDraft);
  ExpectEvents(supplier_a_.id, {"declaration_created"});
  EXPECT_EQ(registry_->view()->DeclarationsOf(version.id).size(), 2u);
  EXPECT_EQ(registry_->view()->DeclarationsOfOrg(supplier_a_.id).size(), 2u);
}

TEST_P(RegistryServiceTest, PublishingNeedsEveryAnswerAndSupersedesThePreviousOne) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  const std::string profile = "epj-pleie-omsorg";
  auto draft = registry_->CreateDeclaration(a, version.id, profile, std::nullopt);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  ASSERT_TRUE(registry_->SaveAnswers(a, draft->id, {AnswersFor(profile, 1), 0}).ok());
  NewEvents();

  auto refused = registry_->Transition(a, draft->id, DeclarationAction::kPublish);
  ASSERT_EQ(refused.status().code(), StatusCode::kInvalid);
  const std::string first_item = ProfileInForce(profile).items[0].requirement;
  EXPECT_NE(refused.status().ToString().find(first_item), std::string::npos)
      << refused.status().ToString();
  EXPECT_EQ(registry_->view()->FindDeclaration(draft->id)->status, DeclarationStatus::kDraft);
  ExpectEvents(supplier_a_.id, {});

  ASSERT_TRUE(registry_->SaveAnswers(a, draft->id, {AnswersFor(profile), 0}).ok());
  auto published = registry_->Transition(a, draft->id, DeclarationAction::kPublish);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->status, DeclarationStatus::kPublished);
  EXPECT_GT(published->published_at, 0);
  ExpectEvents(supplier_a_.id, {"answers_saved", "published"});
  // Published declarations cannot be edited.
  EXPECT_EQ(registry_->SaveAnswers(a, draft->id, {AnswersFor(profile), 0}).status().code(),
            StatusCode::kInvalid);

  domain::Declaration next = Published(a, version.id, profile);
  EXPECT_EQ(next.status, DeclarationStatus::kPublished);
  EXPECT_EQ(next.supersedes, draft->id);
  // Pre-filled from the first: saving the same answers changes nothing and writes no event.
  ExpectEvents(supplier_a_.id, {"declaration_created", "published", "superseded"});
  auto view = registry_->view();
  const domain::Declaration* old = view->FindDeclaration(draft->id);
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->status, DeclarationStatus::kSuperseded);
  EXPECT_EQ(old->superseded_by, next.id);
  EXPECT_TRUE(IsPublic(*old));

  auto withdrawn = registry_->Transition(a, next.id, DeclarationAction::kWithdraw);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  EXPECT_EQ(withdrawn->status, DeclarationStatus::kWithdrawn);
  EXPECT_GT(withdrawn->withdrawn_at, 0);
  ExpectEvents(supplier_a_.id, {"withdrawn"});
  EXPECT_EQ(registry_->view()->FindDeclaration(next.id)->status, DeclarationStatus::kWithdrawn);
}

TEST_P(RegistryServiceTest, ImportPublishesAtOnceWithTheProfileInForce) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Alarmsentral", {"trygghetsalarm"});
  domain::ProductVersion version = MakeVersion(a, product.id, "2.0");
  NewEvents();
  domain::Declaration file;
  file.product_version_id = version.id;
  file.profile = "trygghetsalarm";
  file.profile_version = 0;
  file.status = DeclarationStatus::kPublished;  // ignored: the service decides
  file.answers = AnswersFor("trygghetsalarm");
  auto imported = registry_->ImportDeclaration(a, file, /*publish=*/true);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->status, DeclarationStatus::kPublished);
  EXPECT_EQ(imported->org_id, supplier_a_.id);
  EXPECT_EQ(imported->profile_version, ProfileInForce("trygghetsalarm").version);
  ExpectEvents(supplier_a_.id, {"declaration_created", "published"});

  file.answers.pop_back();
  EXPECT_EQ(registry_->ImportDeclaration(a, file, true).status().code(), StatusCode::kInvalid);
  auto draft = registry_->ImportDeclaration(a, file, false);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->status, DeclarationStatus::kDraft);
  ExpectEvents(supplier_a_.id, {"declaration_created"});
  file.product_version_id = Uuid::Random().ToString();
  EXPECT_EQ(registry_->ImportDeclaration(a, file, false).status().code(), StatusCode::kNotFound);
}

TEST_P(RegistryServiceTest, StaleEditsConflict) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  auto draft = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(draft.ok());
  NewEvents();

  auto saved = registry_->SaveAnswers(a, draft->id,
                                      {{AnswerTo("GDPR-01", "Første utgave.")}, draft->updated_at});
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_GT(saved->updated_at, draft->updated_at);
  // A second tab still holding the first version of the form.
  auto stale = registry_->SaveAnswers(a, draft->id,
                                      {{AnswerTo("GDPR-01", "Andre utgave.")}, draft->updated_at});
  ASSERT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(stale.status().message(), kConflictMessage);
  EXPECT_EQ(registry_->view()->FindDeclaration(draft->id)->answers[0].statement, "Første utgave.");
  ExpectEvents(supplier_a_.id, {"answers_saved"});

  domain::Product first = product, second = product;
  first.description = "Ny beskrivelse";
  second.description = "Annen beskrivelse";
  ASSERT_TRUE(registry_->UpdateProduct(a, first).ok());
  auto lost = registry_->UpdateProduct(a, second);  // still carries the old updated_at
  ASSERT_EQ(lost.status().code(), StatusCode::kConflict);
  EXPECT_EQ(registry_->view()->FindProduct(product.id)->description, "Ny beskrivelse");
  ExpectEvents(supplier_a_.id, {"updated"});
}

TEST_P(RegistryServiceTest, EvidenceFilesAreCheckedAndPrivateUntilCitedPublicly) {
  Actor a = ActorOf(supplier_a_);
  Actor b = ActorOf(supplier_b_);
  std::string big(static_cast<std::size_t>(domain::kMaxEvidenceFileBytes) + 1, 'x');
  EXPECT_EQ(registry_->UploadEvidence(a, {"stor.pdf", "application/pdf", big}).status().code(),
            StatusCode::kInvalid);
  EXPECT_EQ(
      registry_->UploadEvidence(a, {"virus.exe", "application/x-msdownload", "MZ"}).status().code(),
      StatusCode::kInvalid);
  ExpectEvents(supplier_a_.id, {});

  const std::string data = "%PDF-1.7 testrapport";
  auto file = registry_->UploadEvidence(
      a, {"../../tmp/Pen\ntest-rapport.pdf", "application/PDF; charset=binary", data});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->name, "Pentest-rapport.pdf");
  EXPECT_EQ(file->content_type, "application/pdf");
  EXPECT_EQ(file->size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(file->sha256, trust::Sha256Hex(data));
  EXPECT_EQ(file->sha256.size(), 64u);
  auto events = NewEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "evidence_uploaded");
  EXPECT_EQ(events[0].org_id, supplier_a_.id);
  EXPECT_EQ(events[0].changes.find(data), std::string::npos);  // never the bytes

  auto own = registry_->ReadEvidence(a, file->id);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->second, data);
  EXPECT_EQ(own->first, *file);
  EXPECT_EQ(registry_->ReadEvidence(b, file->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(registry_->ReadEvidence(Actor{}, file->id).status().code(), StatusCode::kNotFound);

  // B cannot cite A's file in its own declaration.
  domain::Product b_product = MakeProduct(b, "Annen journal", {"epj-pleie-omsorg"});
  domain::ProductVersion b_version = MakeVersion(b, b_product.id, "1.0");
  auto b_draft = registry_->CreateDeclaration(b, b_version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(b_draft.ok());
  domain::Evidence cite;
  cite.kind = domain::EvidenceKind::kFile;
  cite.file_id = file->id;
  auto b_answer = AnswerTo("GDPR-01", "Se vedlegg.");
  b_answer.evidence = {cite};
  auto b_saved = registry_->SaveAnswers(b, b_draft->id, {{b_answer}, 0});
  ASSERT_EQ(b_saved.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(b_saved.status().field(), "answers[0].evidence[0].file_id");

  // A cites it in a draft: still private; once published, anyone may read it.
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  auto draft = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(draft.ok());
  auto answers = AnswersFor("epj-pleie-omsorg");
  answers[0].evidence = {cite};
  auto saved = registry_->SaveAnswers(a, draft->id, {answers, 0});
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->answers[0].evidence[0].sha256, file->sha256);
  EXPECT_EQ(saved->answers[0].evidence[0].file_name, "Pentest-rapport.pdf");
  EXPECT_EQ(registry_->ReadEvidence(b, file->id).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(registry_->Transition(a, draft->id, DeclarationAction::kPublish).ok());
  auto public_read = registry_->ReadEvidence(Actor{}, file->id);
  ASSERT_TRUE(public_read.ok()) << public_read.status().ToString();
  EXPECT_EQ(public_read->second, data);
  EXPECT_TRUE(registry_->ReadEvidence(b, file->id).ok());
  EXPECT_EQ(registry_->ReadEvidence(b, Uuid::Random().ToString()).status().code(),
            StatusCode::kNotFound);
}

// Security review 2026-12, L2: once a supplier is rejected its declarations leave the public
// pages, and so do the files they cite; the supplier itself can still read them.
TEST_P(RegistryServiceTest, L2EvidenceOfARejectedSupplierIsNotPublic) {
  Actor a = ActorOf(supplier_a_);
  Actor b = ActorOf(supplier_b_);
  auto file = registry_->UploadEvidence(a, {"rapport.pdf", "application/pdf", "%PDF-1.7 x"});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  auto draft = registry_->CreateDeclaration(a, version.id, "epj-pleie-omsorg", std::nullopt);
  ASSERT_TRUE(draft.ok());
  auto answers = AnswersFor("epj-pleie-omsorg");
  answers[0].evidence = {domain::Evidence{}};
  answers[0].evidence[0].kind = domain::EvidenceKind::kFile;
  answers[0].evidence[0].file_id = file->id;
  ASSERT_TRUE(registry_->SaveAnswers(a, draft->id, {answers, 0}).ok());
  ASSERT_TRUE(registry_->Transition(a, draft->id, DeclarationAction::kPublish).ok());
  ASSERT_TRUE(registry_->ReadEvidence(Actor{}, file->id).ok());

  SetOrgStatus(supplier_a_, OrgStatus::kRejected);
  ASSERT_TRUE(registry_->RefreshIfChanged().ok());
  EXPECT_EQ(registry_->ReadEvidence(Actor{}, file->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(registry_->ReadEvidence(b, file->id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(registry_->ReadEvidence(a, file->id).ok());

  SetOrgStatus(supplier_a_, OrgStatus::kApproved);
  ASSERT_TRUE(registry_->RefreshIfChanged().ok());
  EXPECT_TRUE(registry_->ReadEvidence(Actor{}, file->id).ok());
}

// Security review 2026-12, L9: a buyer records its own use only, never on behalf of other
// municipalities (each member of a cooperation records its own use).
TEST_P(RegistryServiceTest, L9BuyersCannotRecordUseForOtherMunicipalities) {
  Actor a = ActorOf(supplier_a_);
  Actor oslo = ActorOf(oslo_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  NewEvents();
  domain::Deployment deployment;
  deployment.product_version_id = version.id;
  deployment.since = D("2025-01-01");
  deployment.municipalities = {"0301", "4601"};
  auto refused = registry_->RecordDeployment(oslo, deployment);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(refused.status().field(), "municipalities[1]");
  deployment.municipalities = {"4601"};
  EXPECT_EQ(registry_->RecordDeployment(oslo, deployment).status().field(), "municipalities[0]");
  ExpectEvents(oslo_.id, {});
  EXPECT_TRUE(registry_->view()->DeploymentsIn("4601").empty());

  deployment.municipalities = {"0301"};
  auto recorded = registry_->RecordDeployment(oslo, deployment);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  EXPECT_EQ(recorded->municipalities, (std::vector<std::string>{"0301"}));
}

TEST_P(RegistryServiceTest, MunicipalitiesRecordAndEndDeployments) {
  Actor a = ActorOf(supplier_a_);
  Actor oslo = ActorOf(oslo_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  NewEvents();

  domain::Deployment deployment;
  deployment.product_version_id = version.id;
  deployment.since = D("2025-01-01");
  EXPECT_EQ(registry_->RecordDeployment(a, deployment).status().code(), StatusCode::kForbidden);
  auto recorded = registry_->RecordDeployment(oslo, deployment);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  EXPECT_EQ(recorded->org_id, oslo_.id);
  EXPECT_EQ(recorded->municipalities, (std::vector<std::string>{"0301"}));
  ExpectEvents(oslo_.id, {"deployment_recorded"});
  auto view = registry_->view();
  ASSERT_EQ(view->DeploymentsIn("0301").size(), 1u);
  EXPECT_EQ(view->DeploymentsOf(version.id).size(), 1u);
  EXPECT_EQ(view->DeploymentsByOrg(oslo_.id).size(), 1u);

  domain::Deployment unknown = deployment;
  unknown.municipalities = {"9999"};
  EXPECT_EQ(registry_->RecordDeployment(oslo, unknown).status().code(), StatusCode::kInvalid);
  unknown.municipalities.clear();
  unknown.product_version_id = Uuid::Random().ToString();
  EXPECT_EQ(registry_->RecordDeployment(oslo, unknown).status().code(), StatusCode::kNotFound);

  ProductQuery query;
  query.municipality = "0301";
  query.today = D(kToday);
  auto snapshot = catalog_->snapshot();
  EXPECT_EQ(FindProducts(*registry_->view(), snapshot->catalog(), snapshot->tree(), query).size(),
            1u);

  EXPECT_EQ(registry_->EndDeployment(a, recorded->id, D("2026-11-01")).code(),
            StatusCode::kForbidden);
  EXPECT_EQ(registry_->EndDeployment(oslo, recorded->id, D("2024-01-01")).code(),
            StatusCode::kInvalid);
  ASSERT_TRUE(registry_->EndDeployment(oslo, recorded->id, D("2026-11-01")).ok());
  ExpectEvents(oslo_.id, {"deployment_ended"});
  EXPECT_EQ(registry_->view()->FindDeployment(recorded->id)->until, D("2026-11-01"));
  EXPECT_TRUE(
      FindProducts(*registry_->view(), snapshot->catalog(), snapshot->tree(), query).empty());

  ASSERT_TRUE(registry_->EndDeployment(oslo, recorded->id, std::nullopt).ok());
  ExpectEvents(oslo_.id, {"deployment_ended"});
  EXPECT_EQ(registry_->view()->FindDeployment(recorded->id), nullptr);
  EXPECT_EQ(registry_->EndDeployment(oslo, recorded->id, std::nullopt).code(),
            StatusCode::kNotFound);
}

TEST_P(RegistryServiceTest, FindProductsFiltersAndSortsNorwegian) {
  Actor a = ActorOf(supplier_a_);
  Actor b = ActorOf(supplier_b_);
  domain::Product journal = MakeProduct(a, "Åpen omsorgsjournal", {"epj-pleie-omsorg"});
  domain::Product alarm = MakeProduct(a, "Alarmsentral", {"trygghetsalarm"});
  domain::Product zeta = MakeProduct(b, "Zeta journal", {"epj-fastlege"});
  MakeVersion(a, journal.id, "1.0", {"kjernejournal"});
  domain::ProductVersion alarm_version = MakeVersion(a, alarm.id, "3.1", {"helsenorge"});
  MakeVersion(b, zeta.id, "1.0");
  Published(a, alarm_version.id, "trygghetsalarm");

  auto snapshot = catalog_->snapshot();
  auto names = [&](const ProductQuery& query) {
    std::vector<std::string> out;
    for (const domain::Product* p :
         FindProducts(*registry_->view(), snapshot->catalog(), snapshot->tree(), query)) {
      out.push_back(p->name);
    }
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names({}), (Names{"Alarmsentral", "Zeta journal", "Åpen omsorgsjournal"}));
  ProductQuery q;
  q.category = "epj";  // includes its sub-categories
  EXPECT_EQ(names(q), (Names{"Zeta journal", "Åpen omsorgsjournal"}));
  q = {};
  q.category = "velferdsteknologi";
  EXPECT_EQ(names(q), (Names{"Alarmsentral"}));
  q = {};
  q.text = "JOURNAL";
  EXPECT_EQ(names(q), (Names{"Zeta journal", "Åpen omsorgsjournal"}));
  q = {};
  q.integration = "kjernejournal";
  EXPECT_EQ(names(q), (Names{"Åpen omsorgsjournal"}));
  q = {};
  q.supplier = supplier_b_.id;
  EXPECT_EQ(names(q), (Names{"Zeta journal"}));
  q = {};
  q.declared_profile = "trygghetsalarm";
  EXPECT_EQ(names(q), (Names{"Alarmsentral"}));
  q.text = "journal";  // filters combine
  EXPECT_TRUE(names(q).empty());

  // Products of suppliers that are not approved (any more) are not listed.
  SetOrgStatus(supplier_b_, OrgStatus::kPending);
  auto changed = registry_->RefreshIfChanged();
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(names({}), (Names{"Alarmsentral", "Åpen omsorgsjournal"}));
  EXPECT_FALSE(*registry_->RefreshIfChanged());
}

TEST_P(RegistryServiceTest, ANewRequirementVersionFlagsPublishedDeclarations) {
  Actor a = ActorOf(supplier_a_);
  domain::Product product = MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  domain::ProductVersion version = MakeVersion(a, product.id, "1.0");
  domain::Declaration published = Published(a, version.id, "epj-pleie-omsorg");
  ASSERT_EQ(published.status, DeclarationStatus::kPublished);
  EXPECT_TRUE(published.needs_review.empty());
  EXPECT_EQ(*registry_->FlagOutdatedDeclarations(*catalog_->snapshot()), 0);
  NewEvents();

  // GDPR-01 gets a second version in force since the start of the month.
  domain::Requirement gdpr = *catalog_->snapshot()->FindRequirement("GDPR-01");
  ASSERT_EQ(gdpr.versions.size(), 1u);
  domain::RequirementVersion v2 = gdpr.versions[0];
  gdpr.versions[0].valid_to = D("2026-11-01");
  v2.version = 2;
  v2.valid_from = D("2026-11-01");
  v2.valid_to.reset();
  v2.change_note = "Presisert krav til dokumentasjon av behandlingsgrunnlag.";
  v2.text += "\n\nBehandlingsgrunnlaget skal dokumenteres.";
  gdpr.versions.push_back(v2);
  domain::Catalog update;
  update.requirements = {gdpr};
  auto imported = catalog_->Import(update);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();

  auto flagged = registry_->FlagOutdatedDeclarations(*catalog_->snapshot());
  ASSERT_TRUE(flagged.ok()) << flagged.status().ToString();
  EXPECT_EQ(*flagged, 1);
  const domain::Declaration* d = registry_->view()->FindDeclaration(published.id);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->needs_review, (std::vector<std::string>{"GDPR-01"}));
  EXPECT_EQ(d->status, DeclarationStatus::kPublished);
  auto events = NewEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "needs_review");
  EXPECT_EQ(events[0].org_id, supplier_a_.id);
  EXPECT_EQ(events[0].actor_user, "");
  EXPECT_NE(events[0].changes.find("GDPR-01"), std::string::npos);
  auto notices = registry_->ReviewNotices(supplier_a_.id, 10);
  ASSERT_TRUE(notices.ok());
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_EQ((*notices)[0].entity_id, published.id);
  EXPECT_TRUE(registry_->ReviewNotices(supplier_b_.id, 10)->empty());

  // Running again (or in another process) changes nothing more.
  EXPECT_EQ(*registry_->FlagOutdatedDeclarations(*catalog_->snapshot()), 0);
  RegistryService other(*db_->store, clock_, *catalog_);
  ASSERT_TRUE(other.Load().ok());
  EXPECT_EQ(*other.FlagOutdatedDeclarations(*catalog_->snapshot()), 0);
  ExpectEvents(supplier_a_.id, {});
}

TEST_P(RegistryServiceTest, EventsAreVisibleToTheOrganisationAdminAndTheAuthority) {
  Actor a = ActorOf(supplier_a_);
  Actor b = ActorOf(supplier_b_);
  MakeProduct(a, "Omsorgsjournal", {"epj-pleie-omsorg"});
  MakeProduct(b, "Zeta journal", {"epj-fastlege"});

  store::EventQuery query;
  query.org_id = supplier_b_.id;  // an admin of A cannot look at B's events
  auto own = registry_->ListEvents(ActorOf(supplier_a_, domain::Role::kAdmin), query);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].org_id, supplier_a_.id);
  EXPECT_EQ((*own)[0].actor_user, a.user_id);
  EXPECT_EQ((*own)[0].entity_kind, "product");

  EXPECT_EQ(registry_->ListEvents(a, {}).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(registry_->ListEvents(Actor{}, {}).status().code(), StatusCode::kUnauthenticated);
  auto all = registry_->ListEvents(ActorOf(authority_, domain::Role::kAdmin), {});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 2u);
  EXPECT_GT((*all)[0].seq, (*all)[1].seq);  // newest first
}

TEST_P(RegistryServiceTest, AnotherProcessSeesChangesAfterRefresh) {
  RegistryService other(*db_->store, clock_, *catalog_);
  ASSERT_TRUE(other.Load().ok());
  EXPECT_FALSE(*other.RefreshIfChanged());
  domain::Product product = MakeProduct(ActorOf(supplier_a_), "Omsorgsjournal", {"epj"});
  EXPECT_EQ(other.view()->FindProduct(product.id), nullptr);
  EXPECT_TRUE(*other.RefreshIfChanged());
  ASSERT_NE(other.view()->FindProduct(product.id), nullptr);
  EXPECT_EQ(other.view()->FindOrg(supplier_a_.id)->name, "Leverandør A AS");
  EXPECT_EQ(other.view()->FindOrgByOrgnr(oslo_.orgnr)->id, oslo_.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
