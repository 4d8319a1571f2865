// Catalog use cases on both backends: import is all-or-nothing, export round-trips, other
// processes' changes are picked up.
#include "app/catalog_service.h"

#include <gtest/gtest.h>

#include "domain/catalog_rules.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"

namespace helsekrav::app {
namespace {

using testing::Backend;

class CatalogServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    ASSERT_TRUE(db_->store->Migrate().ok());
    service_ = std::make_unique<CatalogService>(*db_->store, clock_);
  }
  FixedClock clock_{testing::D("2026-11-23")};
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<CatalogService> service_;
};

TEST_P(CatalogServiceTest, ImportPublishesASnapshotAndExportRoundTrips) {
  auto summary = service_->Import(testing::SampleCatalog());
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->requirements, 3u);
  EXPECT_EQ(summary->revision, 1);
  auto snapshot = service_->snapshot();
  ASSERT_NE(snapshot, nullptr);
  EXPECT_NE(snapshot->FindRequirement("NHN-KJ-01"), nullptr);
  EXPECT_EQ(snapshot->RequirementsVerifiedBy("kjernejournal-api"),
            (std::vector<std::string>{"NHN-KJ-01"}));
  auto exported = service_->Export();
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, testing::SampleCatalog());
}

TEST_P(CatalogServiceTest, ABrokenRecordChangesNothing) {
  ASSERT_TRUE(service_->Import(testing::SampleCatalog()).ok());
  auto before = service_->Export();
  domain::Catalog update;
  domain::Requirement bad = testing::SampleCatalog().requirements[0];
  bad.versions[0].title = "Endret tittel";
  domain::Requirement broken = bad;
  broken.key = "NY-01";
  broken.versions[0].owner = "finnes-ikke";
  update.requirements = {bad, broken};

  auto result = service_->Import(update);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(result.status().field(), "requirements[NY-01].versions[0].owner");
  EXPECT_EQ(*service_->Export(), *before);  // the valid change in the same file did not land
  EXPECT_EQ(*db_->store->CatalogRevision(), 1);
  EXPECT_EQ(service_->snapshot()->revision(), 1);
}

TEST_P(CatalogServiceTest, ImportMergesByKey) {
  ASSERT_TRUE(service_->Import(testing::SampleCatalog()).ok());
  domain::Catalog update;
  update.requirements = {testing::SampleCatalog().requirements[1]};
  update.requirements[0].versions[0].title = "Innebygd personvern (oppdatert)";
  auto summary = service_->Import(update);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->revision, 2);
  auto snapshot = service_->snapshot();
  EXPECT_EQ(snapshot->catalog().requirements.size(), 3u);
  EXPECT_EQ(snapshot->FindRequirement("GDPR-01")->versions[0].title,
            "Innebygd personvern (oppdatert)");
}

TEST_P(CatalogServiceTest, RefreshPicksUpChangesFromAnotherProcessAndTheNextDay) {
  ASSERT_TRUE(service_->Import(testing::SampleCatalog()).ok());
  CatalogService other(*db_->store, clock_);  // a second server on the same database
  ASSERT_TRUE(other.Load().ok());
  EXPECT_FALSE(*other.RefreshIfChanged());

  domain::Catalog update;
  update.requirements = {testing::SampleCatalog().requirements[1]};
  update.requirements[0].versions[0].title = "Ny tittel";
  ASSERT_TRUE(service_->Import(update).ok());
  EXPECT_TRUE(*other.RefreshIfChanged());
  EXPECT_EQ(other.snapshot()->FindRequirement("GDPR-01")->versions[0].title, "Ny tittel");

  clock_.Set(testing::D("2026-11-24"));
  EXPECT_TRUE(*other.RefreshIfChanged());
  EXPECT_EQ(other.snapshot()->today().ToIso(), "2026-11-24");
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
