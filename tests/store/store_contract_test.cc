// The Store contract: every backend must pass these unchanged.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <string_view>
#include <thread>

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

  static Entity MakeEntity(const std::string& kind, const std::string& id,
                           const std::string& unique_key = "", const std::string& parent = "",
                           std::int64_t created_at = 100) {
    Entity e;
    e.kind = kind;
    e.id = id;
    e.owner_org = "org-1";
    e.parent_id = parent;
    e.unique_key = unique_key;
    e.created_at = created_at;
    e.updated_at = created_at;
    e.doc = R"({"id":")" + id + R"(","navn":"Blåbær AS"})";
    return e;
  }

  static EventRecord MakeEvent(const std::string& id, const std::string& org,
                               const std::string& entity) {
    EventRecord e;
    e.id = id;
    e.at = 1700000000;
    e.actor_user = "user-1";
    e.actor_org = org;
    e.org_id = org;
    e.entity_kind = "product";
    e.entity_id = entity;
    e.action = "created";
    e.changes = R"({"navn":["","Ny"]})";
    return e;
  }

  // Runs all of `writes` in one committed transaction.
  Status Write(const std::function<Status(Transaction&)>& writes) {
    auto tx = store_->Begin();
    if (!tx.ok()) return tx.status();
    HK_RETURN_IF_ERROR(writes(**tx));
    return (*tx)->Commit();
  }

  // Runs `sql` on a separate, raw connection to the same database, bypassing the Store; false
  // when the database refused it.
  bool RawExec(const std::string& sql) {
    if (GetParam() == Backend::kSqlite) {
      sqlite3* db = nullptr;
      bool ok =
          sqlite3_open(db_->url.substr(std::string("sqlite:").size()).c_str(), &db) == SQLITE_OK &&
          sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
      sqlite3_close(db);
      return ok;
    }
    PGconn* conn = PQconnectdb(db_->url.c_str());
    PGresult* res = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    PQfinish(conn);
    return ok;
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

TEST_P(StoreContractTest, EntitiesInsertFindAndListInCreationOrder) {
  ASSERT_TRUE(store_->Migrate().ok());
  Entity org = MakeEntity("organisation", "org-1", "912345678");
  org.expires_at = 0;
  Entity p2 = MakeEntity("product", "p-b", "", "org-1", 200);
  Entity p1 = MakeEntity("product", "p-a", "", "org-1", 100);
  Entity p3 = MakeEntity("product", "p-c", "", "org-2", 150);
  Entity v1 = MakeEntity("product_version", "v-1", "", "p-a", 100);
  Status st = Write([&](Transaction& tx) {
    for (const Entity* e : {&org, &p2, &p1, &p3, &v1}) HK_RETURN_IF_ERROR(tx.InsertEntity(*e));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();

  auto found = store_->FindEntity("organisation", "org-1", 1000);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, org);  // every column and the document byte for byte
  EXPECT_FALSE(store_->FindEntity("product", "org-1", 1000)->has_value());  // kind matters

  auto by_key = store_->FindEntityByUniqueKey("organisation", "912345678", 1000);
  ASSERT_TRUE(by_key.ok() && by_key->has_value());
  EXPECT_EQ((*by_key)->id, "org-1");
  EXPECT_FALSE(store_->FindEntityByUniqueKey("organisation", "000000000", 1000)->has_value());
  EXPECT_FALSE(store_->FindEntityByUniqueKey("product", "", 1000)->has_value());

  auto products = store_->ListEntities("product", 1000);
  ASSERT_TRUE(products.ok()) << products.status().ToString();
  ASSERT_EQ(products->size(), 3u);
  EXPECT_EQ((*products)[0].id, "p-a");
  EXPECT_EQ((*products)[1].id, "p-c");
  EXPECT_EQ((*products)[2].id, "p-b");

  auto of_org = store_->ListEntitiesByParent("product", "org-1", 1000);
  ASSERT_TRUE(of_org.ok());
  ASSERT_EQ(of_org->size(), 2u);
  EXPECT_EQ((*of_org)[0], p1);
  EXPECT_EQ((*of_org)[1], p2);
  EXPECT_EQ(store_->ListEntitiesByParent("product_version", "p-a", 1000)->size(), 1u);
  EXPECT_TRUE(store_->ListEntitiesByParent("product", "org-9", 1000)->empty());
}

TEST_P(StoreContractTest, DuplicateEntityIdOrUniqueKeyIsAConflict) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(Write([&](Transaction& tx) {
                return tx.InsertEntity(MakeEntity("user", "u-1", "kari@example.no"));
              }).ok());
  Status dup_id =
      Write([&](Transaction& tx) { return tx.InsertEntity(MakeEntity("user", "u-1")); });
  EXPECT_EQ(dup_id.code(), StatusCode::kConflict) << dup_id.ToString();
  Status dup_key = Write([&](Transaction& tx) {
    return tx.InsertEntity(MakeEntity("user", "u-2", "kari@example.no"));
  });
  EXPECT_EQ(dup_key.code(), StatusCode::kConflict) << dup_key.ToString();
  // The same id or key in another kind is no conflict, and empty keys are never duplicates.
  Status other_kind = Write([&](Transaction& tx) {
    HK_RETURN_IF_ERROR(tx.InsertEntity(MakeEntity("organisation", "u-1", "kari@example.no")));
    HK_RETURN_IF_ERROR(tx.InsertEntity(MakeEntity("user", "u-3")));
    return tx.InsertEntity(MakeEntity("user", "u-4"));
  });
  EXPECT_TRUE(other_kind.ok()) << other_kind.ToString();
  EXPECT_EQ(store_->ListEntities("user", 1000)->size(), 3u);
}

TEST_P(StoreContractTest, UpdateEntityChecksTheRevision) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(Write([&](Transaction& tx) {
                HK_RETURN_IF_ERROR(tx.InsertEntity(MakeEntity("user", "u-1", "a@example.no")));
                return tx.InsertEntity(MakeEntity("user", "u-2", "b@example.no"));
              }).ok());
  Entity changed = MakeEntity("user", "u-1", "ny@example.no");
  changed.updated_at = 500;
  changed.doc = R"({"id":"u-1","navn":"Ærlig Øystein"})";
  Status st = Write([&](Transaction& tx) { return tx.UpdateEntity(changed, 1); });
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto stored = store_->FindEntity("user", "u-1", 1000);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->revision, 2);
  EXPECT_EQ((*stored)->doc, changed.doc);
  EXPECT_EQ((*stored)->updated_at, 500);
  EXPECT_TRUE(store_->FindEntityByUniqueKey("user", "ny@example.no", 1000)->has_value());
  EXPECT_FALSE(store_->FindEntityByUniqueKey("user", "a@example.no", 1000)->has_value());

  Status stale = Write([&](Transaction& tx) { return tx.UpdateEntity(changed, 1); });
  EXPECT_EQ(stale.code(), StatusCode::kConflict) << stale.ToString();
  EXPECT_EQ((*store_->FindEntity("user", "u-1", 1000))->revision, 2);

  Entity taken = MakeEntity("user", "u-2", "ny@example.no");
  Status key_taken = Write([&](Transaction& tx) { return tx.UpdateEntity(taken, 1); });
  EXPECT_EQ(key_taken.code(), StatusCode::kConflict) << key_taken.ToString();

  Status missing =
      Write([&](Transaction& tx) { return tx.UpdateEntity(MakeEntity("user", "u-9"), 1); });
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing.ToString();
}

TEST_P(StoreContractTest, DeletingTwiceIsNotFoundTheSecondTime) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(Write([&](Transaction& tx) {
                return tx.InsertEntity(MakeEntity("password_reset", "r-1", "hash-1"));
              }).ok());
  Status first = Write([&](Transaction& tx) { return tx.DeleteEntity("password_reset", "r-1"); });
  EXPECT_TRUE(first.ok()) << first.ToString();
  Status second = Write([&](Transaction& tx) { return tx.DeleteEntity("password_reset", "r-1"); });
  EXPECT_EQ(second.code(), StatusCode::kNotFound) << second.ToString();
  EXPECT_FALSE(store_->FindEntity("password_reset", "r-1", 0)->has_value());
  // The unique key is free again.
  EXPECT_TRUE(Write([&](Transaction& tx) {
                return tx.InsertEntity(MakeEntity("password_reset", "r-2", "hash-1"));
              }).ok());
}

TEST_P(StoreContractTest, ExpiredEntitiesAreHiddenAndPurged) {
  ASSERT_TRUE(store_->Migrate().ok());
  Entity session = MakeEntity("session", "s-1", "token-1", "u-1");
  session.expires_at = 1000;
  Entity lasting = MakeEntity("session", "s-2", "token-2", "u-1");
  ASSERT_TRUE(Write([&](Transaction& tx) {
                HK_RETURN_IF_ERROR(tx.InsertEntity(session));
                return tx.InsertEntity(lasting);
              }).ok());
  EXPECT_TRUE(store_->FindEntity("session", "s-1", 999)->has_value());
  EXPECT_FALSE(store_->FindEntity("session", "s-1", 1000)->has_value());  // expires_at <= now
  EXPECT_FALSE(store_->FindEntityByUniqueKey("session", "token-1", 1001)->has_value());
  EXPECT_EQ(store_->ListEntities("session", 1000)->size(), 1u);
  EXPECT_EQ(store_->ListEntitiesByParent("session", "u-1", 1000)->size(), 1u);
  EXPECT_EQ(store_->ListEntitiesByParent("session", "u-1", 999)->size(), 2u);

  auto early = store_->PurgeExpired(999);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(*early, 0);
  auto purged = store_->PurgeExpired(1000);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(store_->FindEntity("session", "s-1", 0)->has_value());
  EXPECT_TRUE(store_->FindEntity("session", "s-2", 5000)->has_value());
}

TEST_P(StoreContractTest, EventsAppendNewestFirstWithFiltersAndPaging) {
  ASSERT_TRUE(store_->Migrate().ok());
  std::vector<std::int64_t> seqs;
  Status st = Write([&](Transaction& tx) {
    for (int i = 0; i < 5; ++i) {
      auto seq = tx.AppendEvent(MakeEvent("e-" + std::to_string(i), i % 2 == 0 ? "org-a" : "org-b",
                                          i < 3 ? "p-1" : "p-2"));
      if (!seq.ok()) return seq.status();
      seqs.push_back(*seq);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_GT(seqs[i], seqs[i - 1]);

  auto all = store_->ListEvents({});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].id, "e-4");
  EXPECT_EQ((*all)[0].seq, seqs[4]);
  EventRecord expected = MakeEvent("e-0", "org-a", "p-1");
  expected.seq = seqs[0];
  EXPECT_EQ((*all)[4], expected);

  EventQuery by_org;
  by_org.org_id = "org-a";
  auto org_a = store_->ListEvents(by_org);
  ASSERT_EQ(org_a->size(), 3u);  // e-4, e-2, e-0
  EXPECT_EQ((*org_a)[1].id, "e-2");

  EventQuery by_entity;
  by_entity.org_id = "org-a";
  by_entity.entity_id = "p-1";
  EXPECT_EQ(store_->ListEvents(by_entity)->size(), 2u);  // e-2, e-0

  EventQuery page;
  page.limit = 2;
  auto first = store_->ListEvents(page);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[1].id, "e-3");
  page.before_seq = (*first)[1].seq;
  auto second = store_->ListEvents(page);
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ((*second)[0].id, "e-2");
  EXPECT_EQ((*second)[1].id, "e-1");

  EventQuery zero;
  zero.limit = 0;  // clamped to at least one
  EXPECT_EQ(store_->ListEvents(zero)->size(), 1u);

  Status dup = Write(
      [&](Transaction& tx) { return tx.AppendEvent(MakeEvent("e-0", "org-a", "p-1")).status(); });
  EXPECT_EQ(dup.code(), StatusCode::kConflict) << dup.ToString();
}

TEST_P(StoreContractTest, EventTableRefusesUpdateAndDelete) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(Write([&](Transaction& tx) {
                return tx.AppendEvent(MakeEvent("e-1", "org-a", "p-1")).status();
              }).ok());
  EXPECT_TRUE(RawExec("SELECT COUNT(*) FROM event"));  // the raw connection itself works
  EXPECT_FALSE(RawExec("UPDATE event SET action = 'forged'"));
  EXPECT_FALSE(RawExec("DELETE FROM event"));
  auto events = store_->ListEvents({});
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "created");
}

TEST_P(StoreContractTest, FilesRoundTripArbitraryBytes) {
  ASSERT_TRUE(store_->Migrate().ok());
  FileRecord f;
  f.id = "f-1";
  f.owner_org = "org-1";
  f.name = "Risikovurdering – Ærø.pdf";
  f.content_type = "application/pdf";
  f.sha256 = "abc123";
  f.created_at = 1700000000;
  for (int i = 0; i < 3 * 256; ++i) f.data.push_back(static_cast<char>(i % 256));
  f.data += std::string("\0\0\\x00'\"", 8);
  f.size = static_cast<std::int64_t>(f.data.size());
  ASSERT_TRUE(Write([&](Transaction& tx) { return tx.InsertFile(f); }).ok());

  auto found = store_->FindFile("f-1");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->data.size(), f.data.size());
  EXPECT_EQ(**found, f);
  EXPECT_FALSE(store_->FindFile("f-2")->has_value());

  FileRecord empty = f;
  empty.data.clear();
  empty.size = 0;
  Status dup = Write([&](Transaction& tx) { return tx.InsertFile(empty); });
  EXPECT_EQ(dup.code(), StatusCode::kConflict) << dup.ToString();
  empty.id = "f-empty";
  ASSERT_TRUE(Write([&](Transaction& tx) { return tx.InsertFile(empty); }).ok());
  EXPECT_EQ(**store_->FindFile("f-empty"), empty);
}

TEST_P(StoreContractTest, UncommittedRegistryWritesRollBack) {
  ASSERT_TRUE(store_->Migrate().ok());
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertEntity(MakeEntity("product", "p-1")).ok());
    ASSERT_TRUE((*tx)->AppendEvent(MakeEvent("e-1", "org-1", "p-1")).ok());
    FileRecord f;
    f.id = "f-1";
    f.data = "x";
    ASSERT_TRUE((*tx)->InsertFile(f).ok());
    ASSERT_TRUE((*tx)->BumpRegistryRevision().ok());
  }  // destroyed without Commit
  EXPECT_FALSE(store_->FindEntity("product", "p-1", 0)->has_value());
  EXPECT_TRUE(store_->ListEvents({})->empty());
  EXPECT_FALSE(store_->FindFile("f-1")->has_value());
  EXPECT_EQ(*store_->RegistryRevision(), 0);
}

TEST_P(StoreContractTest, RegistryRevisionIncrementsOnCommit) {
  ASSERT_TRUE(store_->Migrate().ok());
  auto before = store_->RegistryRevision();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(*before, 0);
  ASSERT_TRUE(Write([](Transaction& tx) { return tx.BumpRegistryRevision(); }).ok());
  ASSERT_TRUE(Write([](Transaction& tx) { return tx.BumpRegistryRevision(); }).ok());
  EXPECT_EQ(*store_->RegistryRevision(), 2);
  EXPECT_EQ(*store_->CatalogRevision(), 0);  // the two revisions are independent
}

TEST_P(StoreContractTest, LogEntriesGetSequentialIndexesAndReadBackInOrder) {
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->LogSize(), 0);
  EXPECT_TRUE(store_->ReadLogEntries(0, 10)->empty());
  for (int i = 0; i < 3; ++i) {
    std::int64_t idx = -1;
    ASSERT_TRUE(Write([&](Transaction& tx) {
                  auto appended = tx.AppendLogEntry(i == 1 ? "label/p-1" : "approval-1",
                                                    R"({"n":)" + std::to_string(i) + "}", 100 + i);
                  if (appended.ok()) idx = *appended;
                  return appended.status();
                }).ok());
    EXPECT_EQ(idx, i);
  }
  // Two leaves in one transaction take consecutive indexes.
  ASSERT_TRUE(Write([](Transaction& tx) {
                auto first = tx.AppendLogEntry("approval-2", "{\"n\":3,\"navn\":\"Blåbær\"}", 200);
                auto second = tx.AppendLogEntry("approval-2", "{\"n\":4}", 200);
                EXPECT_EQ(*first, 3);
                EXPECT_EQ(*second, 4);
                return second.status();
              }).ok());
  EXPECT_EQ(*store_->LogSize(), 5);

  auto middle = store_->ReadLogEntries(1, 4);
  ASSERT_TRUE(middle.ok()) << middle.status().ToString();
  ASSERT_EQ(middle->size(), 3u);
  EXPECT_EQ((*middle)[0], (LogEntryRecord{1, "label/p-1", R"({"n":1})", 101}));
  EXPECT_EQ((*middle)[2].leaf, "{\"n\":3,\"navn\":\"Blåbær\"}");
  EXPECT_EQ(store_->ReadLogEntries(4, 100)->size(), 1u);
  EXPECT_TRUE(store_->ReadLogEntries(5, 100)->empty());

  auto about = store_->LogEntriesFor("approval-1");
  ASSERT_TRUE(about.ok());
  ASSERT_EQ(about->size(), 2u);
  EXPECT_EQ((*about)[0].idx, 0);
  EXPECT_EQ((*about)[1].idx, 2);
  EXPECT_TRUE(store_->LogEntriesFor("nothing")->empty());
}

TEST_P(StoreContractTest, LogTableRefusesUpdateAndDelete) {
  ASSERT_TRUE(store_->Migrate().ok());
  ASSERT_TRUE(
      Write([](Transaction& tx) { return tx.AppendLogEntry("a-1", "{}", 100).status(); }).ok());
  EXPECT_TRUE(RawExec("SELECT COUNT(*) FROM log_entry"));
  EXPECT_FALSE(RawExec("UPDATE log_entry SET leaf = '{\"forged\":true}'"));
  EXPECT_FALSE(RawExec("DELETE FROM log_entry"));
  if (GetParam() == Backend::kPostgres) {
    EXPECT_FALSE(RawExec("TRUNCATE log_entry"));
  }
  // An entry at an index already taken is refused too.
  EXPECT_FALSE(
      RawExec("INSERT INTO log_entry (idx, subject_id, leaf, created_at) "
              "VALUES (0, 'a-1', '{}', 1)"));
  auto entries = store_->ReadLogEntries(0, 10);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].leaf, "{}");
}

TEST_P(StoreContractTest, RolledBackLogAppendLeavesNoEntryAndNoGap) {
  ASSERT_TRUE(store_->Migrate().ok());
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_EQ(*(*tx)->AppendLogEntry("a-1", "{}", 100), 0);
  }  // destroyed without Commit
  EXPECT_EQ(*store_->LogSize(), 0);
  EXPECT_TRUE(store_->ReadLogEntries(0, 10)->empty());
  std::int64_t idx = -1;
  ASSERT_TRUE(Write([&](Transaction& tx) {
                auto appended = tx.AppendLogEntry("a-2", "{}", 100);
                if (appended.ok()) idx = *appended;
                return appended.status();
              }).ok());
  EXPECT_EQ(idx, 0);  // the rolled-back index is reused: the log has no gap
}

// Polls (on `monitor`, a connection of its own) until a session of the current database waits
// on a heavyweight lock; false when none does within `deadline`.
bool WaitForALockWaiter(PGconn* monitor, std::chrono::seconds deadline) {
  auto give_up = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < give_up) {
    PGresult* result = PQexec(monitor,
                              "SELECT count(*) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND wait_event_type = 'Lock'");
    bool waiting = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1 &&
                   std::string_view(PQgetvalue(result, 0, 0)) != "0";
    PQclear(result);
    if (waiting) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST_P(StoreContractTest, ConcurrentLogAppendsOnPostgresEndInAConflictNotAGap) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "SQLite serialises writers";
  ASSERT_TRUE(store_->Migrate().ok());
  auto other = store::OpenStore(db_->url);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto first = store_->Begin();
  auto second = (*other)->Begin();
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(*(*first)->AppendLogEntry("a-1", R"({"n":1})", 100), 0);
  // The second transaction cannot see the first's uncommitted row: it also computes index 0
  // and then waits on the primary key until the first commits. The first commits only once
  // PostgreSQL shows the second waiting on that lock (a barrier, not a guess at how long the
  // second needs to get there).
  std::unique_ptr<PGconn, decltype(&PQfinish)> monitor(PQconnectdb(db_->url.c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(monitor.get()), CONNECTION_OK);
  std::thread committer([&] {
    EXPECT_TRUE(WaitForALockWaiter(monitor.get(), std::chrono::seconds(30)))
        << "the second append never waited on the first's row";
    EXPECT_TRUE((*first)->Commit().ok());
  });
  auto appended = (*second)->AppendLogEntry("a-2", R"({"n":2})", 100);
  committer.join();
  Status outcome = appended.ok() ? (*second)->Commit() : appended.status();
  EXPECT_EQ(outcome.code(), StatusCode::kConflict) << outcome.ToString();
  first->reset();  // each open transaction holds its store's connection
  second->reset();
  EXPECT_EQ(*store_->LogSize(), 1);
  EXPECT_EQ((*store_->ReadLogEntries(0, 10))[0].leaf, R"({"n":1})");
}

TEST_P(StoreContractTest, PostgresNotifiesListenersOfARegistryChange) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "only PostgreSQL has LISTEN/NOTIFY";
  ASSERT_TRUE(store_->Migrate().ok());
  std::unique_ptr<PGconn, decltype(&PQfinish)> listener(PQconnectdb(db_->url.c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(listener.get()), CONNECTION_OK);
  PQclear(PQexec(listener.get(), "LISTEN helsekrav_registry"));
  ASSERT_TRUE(Write([](Transaction& tx) { return tx.BumpRegistryRevision(); }).ok());
  PQclear(PQexec(listener.get(), "SELECT 1"));  // a round trip delivers pending notifications
  ASSERT_EQ(PQconsumeInput(listener.get()), 1);
  PGnotify* notify = PQnotifies(listener.get());
  ASSERT_NE(notify, nullptr);
  EXPECT_STREQ(notify->relname, "helsekrav_registry");
  EXPECT_STREQ(notify->extra, "1");
  PQfreemem(notify);
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
