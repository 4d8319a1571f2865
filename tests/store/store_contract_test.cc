// The Store contract: every backend must pass these unchanged.
#include <gtest/gtest.h>

#include "support/store_backends.h"

namespace helsekrav::store {
namespace {

using testing::Backend;

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    store_ = db_->store.get();
  }

  static CatalogRecord Record(const std::string& key, int version, const std::string& uuid) {
    CatalogRecord r;
    r.kind = "requirements";
    r.key = key;
    r.version = version;
    r.uuid = uuid;
    r.valid_from = Date::Parse("2025-01-01");
    r.doc = R"({"title":"Krav )" + key + R"("})";
    return r;
  }

  std::unique_ptr<testing::TestStore> db_;
  Store* store_ = nullptr;
};

TEST_P(StoreContractTest, NewDatabaseHasSchemaVersionZeroAndMigratesToLatest) {
  auto before = store_->SchemaVersion();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(*before, 0);
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), store_->LatestSchemaVersion());
  EXPECT_GE(store_->LatestSchemaVersion(), 1);
}

TEST_P(StoreContractTest, MigrateIsIdempotent) {
  ASSERT_TRUE(store_->Migrate().ok());
  Status again = store_->Migrate();
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(*store_->SchemaVersion(), store_->LatestSchemaVersion());
}

TEST_P(StoreContractTest, CommittedRecordsReadBackInKeyAndVersionOrder) {
  ASSERT_TRUE(store_->Migrate().ok());
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.ok());
  CatalogRecord b2 = Record("B-01", 2, "00000000-0000-5000-8000-000000000003");
  b2.valid_to = Date::Parse("2030-01-01");
  ASSERT_TRUE((*tx)->InsertCatalogRecord(b2).ok());
  ASSERT_TRUE(
      (*tx)->InsertCatalogRecord(Record("B-01", 1, "00000000-0000-5000-8000-000000000002")).ok());
  ASSERT_TRUE(
      (*tx)->InsertCatalogRecord(Record("A-01", 1, "00000000-0000-5000-8000-000000000001")).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  tx->reset();

  auto records = store_->ReadCatalogRecords();
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].key, "A-01");
  EXPECT_EQ((*records)[1].version, 1);
  EXPECT_EQ((*records)[2], b2);  // every field round-trips, including dates and NULLs
  EXPECT_FALSE((*records)[0].valid_to.has_value());
}

TEST_P(StoreContractTest, DocumentsKeepNorwegianTextExactly) {
  ASSERT_TRUE(store_->Migrate().ok());
  CatalogRecord r = Record("NO-01", 1, "00000000-0000-5000-8000-0000000000aa");
  r.doc = R"({"title":"Blåbærsyltetøy på Ærø – «sitat»"})";
  auto tx = store_->Begin();
  ASSERT_TRUE((*tx)->InsertCatalogRecord(r).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  tx->reset();
  auto records = store_->ReadCatalogRecords();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_NE((*records)[0].doc.find("Blåbærsyltetøy på Ærø – «sitat»"), std::string::npos);
}

TEST_P(StoreContractTest, DuplicateKeyIsAConflict) {
  ASSERT_TRUE(store_->Migrate().ok());
  auto tx = store_->Begin();
  ASSERT_TRUE(
      (*tx)->InsertCatalogRecord(Record("A-01", 1, "00000000-0000-5000-8000-000000000001")).ok());
  Status dup =
      (*tx)->InsertCatalogRecord(Record("A-01", 1, "00000000-0000-5000-8000-000000000009"));
  EXPECT_EQ(dup.code(), StatusCode::kConflict) << dup.ToString();
}

TEST_P(StoreContractTest, TransactionWithoutCommitRollsBack) {
  ASSERT_TRUE(store_->Migrate().ok());
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(
        (*tx)->InsertCatalogRecord(Record("A-01", 1, "00000000-0000-5000-8000-000000000001")).ok());
    ASSERT_TRUE((*tx)->BumpCatalogRevision().ok());
  }  // destroyed without Commit
  EXPECT_TRUE(store_->ReadCatalogRecords()->empty());
  EXPECT_EQ(*store_->CatalogRevision(), 0);
}

TEST_P(StoreContractTest, DeleteCatalogAndRevisionInOneTransaction) {
  ASSERT_TRUE(store_->Migrate().ok());
  auto tx = store_->Begin();
  ASSERT_TRUE(
      (*tx)->InsertCatalogRecord(Record("A-01", 1, "00000000-0000-5000-8000-000000000001")).ok());
  ASSERT_TRUE((*tx)->BumpCatalogRevision().ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  tx->reset();
  EXPECT_EQ(*store_->CatalogRevision(), 1);

  auto tx2 = store_->Begin();
  ASSERT_TRUE((*tx2)->DeleteCatalog().ok());
  ASSERT_TRUE((*tx2)->BumpCatalogRevision().ok());
  ASSERT_TRUE((*tx2)->Commit().ok());
  tx2->reset();
  EXPECT_TRUE(store_->ReadCatalogRecords()->empty());
  EXPECT_EQ(*store_->CatalogRevision(), 2);
}

TEST_P(StoreContractTest, PingAndDescribeWithoutSecrets) {
  EXPECT_TRUE(store_->Ping().ok());
  std::string description = store_->Describe();
  EXPECT_TRUE(description.rfind("sqlite:", 0) == 0 || description.rfind("postgresql://", 0) == 0)
      << description;
  EXPECT_EQ(description.find("password"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

TEST(OpenStoreTest, RejectsUnknownSchemeNamingTheOption) {
  auto store = OpenStore("mysql://localhost/x");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(store.status().field(), "db");
}

TEST(OpenStoreTest, UnreachablePostgresIsUnavailable) {
  auto store = OpenStore("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace helsekrav::store
