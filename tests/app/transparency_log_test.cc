// The transparency log on both backends, seen from outside: statements appended through the
// registry's write path (internal::WriteSet + Apply) are fetched through the router, exactly as
// a verifier downloads them, and checked with the offline verifier's functions against the
// published keys. A changed byte in a download, and a leaf changed in the database behind the
// log's back, are both caught.
#include "app/transparency_log.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "app/registry_internal.h"
#include "http/message.h"
#include "support/test_services.h"
#include "trust/merkle.h"
#include "trust/statement.h"

namespace helsekrav::app {
namespace {

using testing::Backend;

class TransparencyLogTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { t_ = testing::StartServices(GetParam()); }

  store::Store& store() { return *t_->db->store; }

  // Signs a statement about `subject` and appends it the way the approval service does: in the
  // write set of the change it records, with the change's event.
  nlohmann::json Append(const std::string& subject, const std::string& type = "approval.issued") {
    auto statement = t_->log->Sign({{"type", type}, {"subject", subject}, {"approval", subject}});
    EXPECT_TRUE(statement.ok()) << statement.status().ToString();
    internal::WriteSet writes;
    writes.log_entries.push_back({subject, *trust::StatementLeaf(*statement)});
    store::EventRecord event;
    event.id = "e-" + std::to_string(++events_);
    event.at = 1795000000 + events_;
    event.entity_kind = "approval";
    event.entity_id = subject;
    event.action = type;
    event.changes = "{}";
    writes.events.push_back(event);
    Status applied = internal::Apply(store(), writes);
    EXPECT_TRUE(applied.ok()) << applied.ToString();
    return *statement;
  }
  void AppendMany(int n, int first = 0) {
    for (int i = first; i < first + n; ++i) Append("godkjenning-" + std::to_string(i));
  }

  http::Response Get(const std::string& target) {
    http::Request request;
    request.method = "GET";
    request.target = target;
    EXPECT_TRUE(http::ParseTarget(target, request.path, request.query)) << target;
    return t_->router->Handle(request);
  }
  std::string Body(const std::string& target, int status = 200) {
    http::Response r = Get(target);
    EXPECT_EQ(r.status, status) << target << ": " << (r.body ? *r.body : "");
    return r.body ? *r.body : "";
  }
  nlohmann::json GetJson(const std::string& target, int status = 200) {
    return nlohmann::json::parse(Body(target, status));
  }
  std::vector<trust::PublicKey> PublishedKeys() {
    auto keys = trust::ParsePublicKeysJson(GetJson("/.well-known/helsekrav-keys.json"));
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    return keys.ok() ? *keys : std::vector<trust::PublicKey>{};
  }
  trust::TreeHead PublishedHead() {
    auto head = trust::ParseTreeHead(GetJson("/api/v1/log/tree-head"));
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    return *head;
  }

  // OK when `statement_bytes` and `proof_bytes` pass every check `helsekrav verify` makes; with
  // `previous` (a tree head obtained earlier, as --previous-tree-head) also consistency with it.
  static Status Verify(const std::string& statement_bytes, const std::string& proof_bytes,
                       const std::vector<trust::PublicKey>& keys,
                       const std::optional<trust::TreeHead>& previous = std::nullopt) {
    auto statement = nlohmann::json::parse(statement_bytes, nullptr, false);
    auto proof_doc = nlohmann::json::parse(proof_bytes, nullptr, false);
    if (statement.is_discarded() || proof_doc.is_discarded()) {
      return Status::Invalid("", "not JSON");
    }
    auto key = trust::VerifyStatement(statement, keys);
    if (!key.ok()) return key.status();
    auto proof = trust::ParseProof(proof_doc);
    if (!proof.ok()) return proof.status();
    auto head_key = trust::VerifyTreeHead(proof->tree_head, keys);
    if (!head_key.ok()) return head_key.status();
    HK_RETURN_IF_ERROR(trust::VerifyInclusionProof(statement, *proof));
    if (previous) {
      auto previous_key = trust::VerifyTreeHead(*previous, keys);
      if (!previous_key.ok()) return previous_key.status();
      return trust::VerifyProofConsistency(*previous, *proof);
    }
    return Status::Ok();
  }

  // Runs `sql` on a raw connection to the test database, bypassing the store.
  void RawExec(const std::string& sql) {
    if (GetParam() == Backend::kSqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(t_->db->url.substr(std::string("sqlite:").size()).c_str(), &db),
                SQLITE_OK);
      char* error = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
      std::string message = error != nullptr ? error : "";
      sqlite3_free(error);
      sqlite3_close(db);
      ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << message;
      return;
    }
    PGconn* conn = PQconnectdb(t_->db->url.c_str());
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType status = PQresultStatus(res);
    std::string message = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    ASSERT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << sql << ": " << message;
  }
  // Changes one byte of the stored leaf `index` ('1' → '2' in its subject), dropping the
  // append-only triggers first as someone with direct database access could.
  void TamperWithLeaf(int index, const std::string& from, const std::string& to) {
    if (GetParam() == Backend::kSqlite) {
      RawExec("DROP TRIGGER log_entry_no_update");
    } else {
      RawExec("DROP TRIGGER log_entry_no_change ON log_entry");
    }
    RawExec("UPDATE log_entry SET leaf = replace(leaf, '" + from + "', '" + to +
            "') WHERE idx = " + std::to_string(index));
  }

  std::unique_ptr<testing::TestServices> t_;
  int events_ = 0;
};

TEST_P(TransparencyLogTest, EveryStatementAndProofVerifiesAgainstThePublishedKeys) {
  AppendMany(5);
  const auto keys = PublishedKeys();
  ASSERT_EQ(keys.size(), 1u);
  trust::TreeHead head = PublishedHead();
  EXPECT_EQ(head.tree_size, 5u);
  EXPECT_TRUE(trust::VerifyTreeHead(head, keys).ok());
  for (int i = 0; i < 5; ++i) {
    const std::string base = "/api/v1/log/entries/" + std::to_string(i);
    std::string statement = Body(base);
    std::string proof = Body(base + "/proof");
    EXPECT_TRUE(Verify(statement, proof, keys).ok()) << Verify(statement, proof, keys).ToString();
    EXPECT_EQ(nlohmann::json::parse(statement)["payload"]["subject"],
              "godkjenning-" + std::to_string(i));
    EXPECT_EQ(nlohmann::json::parse(proof)["tree_head"]["root_hash"],
              trust::TreeHeadJson(head)["root_hash"]);
  }
  // The statement is served as its log bytes: its canonical JSON.
  std::string third = Body("/api/v1/log/entries/2");
  EXPECT_EQ(*trust::StatementLeaf(nlohmann::json::parse(third)), third);
}

TEST_P(TransparencyLogTest, ListsEntriesPageByPageAndAboutOneSubject) {
  AppendMany(4);
  Append("godkjenning-1", "approval.suspended");
  nlohmann::json page = GetJson("/api/v1/log/entries?start=1&end=3");
  EXPECT_EQ(page["tree_size"], 5);
  ASSERT_EQ(page["entries"].size(), 2u);
  EXPECT_EQ(page["entries"][0]["index"], 1);
  EXPECT_EQ(page["entries"][0]["subject_id"], "godkjenning-1");
  EXPECT_EQ(page["entries"][0]["created_at"], "2026-11-18T11:06:42Z");  // 1795000002
  EXPECT_EQ(page["entries"][1]["statement"]["payload"]["subject"], "godkjenning-2");
  EXPECT_EQ(GetJson("/api/v1/log/entries")["entries"].size(), 5u);
  EXPECT_TRUE(GetJson("/api/v1/log/entries?start=9")["entries"].empty());

  auto about = t_->log->EntriesFor("godkjenning-1");
  ASSERT_TRUE(about.ok());
  ASSERT_EQ(about->size(), 2u);
  EXPECT_EQ((*about)[0].index, 1u);
  EXPECT_EQ((*about)[1].index, 4u);
  EXPECT_EQ((*about)[1].statement["payload"]["type"], "approval.suspended");
}

TEST_P(TransparencyLogTest, SignAddsTheIssueTimeAndRequiresTypeAndSubject) {
  auto signed_now = t_->log->Sign({{"type", "label.issued"}, {"subject", "v-1/basis"}});
  ASSERT_TRUE(signed_now.ok());
  EXPECT_EQ((*signed_now)["payload"]["issued_at"], "2026-12-08T00:00:00Z");
  auto kept = t_->log->Sign({{"type", "t"}, {"subject", "s"}, {"issued_at", "x"}});
  EXPECT_EQ((*kept)["payload"]["issued_at"], "x");
  EXPECT_EQ(t_->log->Sign({{"subject", "s"}}).status().field(), "type");
  EXPECT_EQ(t_->log->Sign({{"type", "t"}, {"subject", ""}}).status().field(), "subject");
  EXPECT_EQ(t_->log->Sign(nlohmann::json::array()).status().code(), StatusCode::kInvalid);
}

TEST_P(TransparencyLogTest, NewerTreeHeadsAreConsistentWithOlderOnes) {
  AppendMany(3);
  const auto keys = PublishedKeys();
  trust::TreeHead old_head = PublishedHead();
  AppendMany(4, 3);
  trust::TreeHead new_head = PublishedHead();
  ASSERT_EQ(new_head.tree_size, 7u);
  auto proof = trust::ParseConsistency(GetJson("/api/v1/log/consistency?first=3&second=7"));
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_TRUE(trust::VerifyTreeHeadConsistency(old_head, new_head, proof->consistency).ok());
  // A proof for another pair of sizes does not connect these heads.
  auto other = trust::ParseConsistency(GetJson("/api/v1/log/consistency?first=2&second=7"));
  EXPECT_FALSE(trust::VerifyTreeHeadConsistency(old_head, new_head, other->consistency).ok());

  // An inclusion proof can carry the consistency proof from an earlier size, which connects
  // it to the head published then.
  std::string statement = Body("/api/v1/log/entries/5");
  std::string with_previous = Body("/api/v1/log/entries/5/proof?previous_size=3");
  EXPECT_TRUE(Verify(statement, with_previous, keys, old_head).ok());
  EXPECT_EQ(nlohmann::json::parse(with_previous)["previous_size"], 3);
  EXPECT_EQ(Verify(statement, Body("/api/v1/log/entries/5/proof?previous_size=2"), keys, old_head)
                .field(),
            "previous_size");
  EXPECT_EQ(Verify(statement, Body("/api/v1/log/entries/5/proof"), keys, old_head).field(),
            "previous_size");
}

TEST_P(TransparencyLogTest, AProofWithAPreviousSizeSignsNothingNew) {
  AppendMany(3);
  const auto keys = PublishedKeys();
  auto earlier = t_->log->TreeHead();  // what a verifier saved from /api/v1/log/tree-head
  ASSERT_TRUE(earlier.ok()) << earlier.status().ToString();
  ASSERT_EQ(earlier->tree_size, 3u);
  t_->clock.Set(*Date::Parse("2026-12-09"));
  AppendMany(4, 3);

  auto proof = t_->log->Proof(5, 3);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->previous_size, 3u);
  EXPECT_EQ(proof->tree_head.tree_size, 7u);
  EXPECT_TRUE(trust::VerifyProofConsistency(*earlier, *proof).ok());

  // The served document holds one signed tree head, the current one, and no head for size 3.
  const std::string body = Body("/api/v1/log/entries/5/proof?previous_size=3");
  nlohmann::json doc = nlohmann::json::parse(body);
  std::vector<std::string> members;
  for (const auto& item : doc.items()) members.push_back(item.key());
  EXPECT_EQ(members, (std::vector<std::string>{"consistency", "inclusion", "leaf_index",
                                               "previous_size", "tree_head", "tree_size"}));
  EXPECT_FALSE(doc.contains("previous_tree_head"));
  EXPECT_EQ(doc["previous_size"], 3);
  EXPECT_EQ(doc["tree_head"]["tree_size"], 7);
  EXPECT_EQ(doc["tree_head"]["timestamp"], "2026-12-09T00:00:00Z");
  std::size_t signatures = 0;
  for (std::size_t at = body.find("\"signature\""); at != std::string::npos;
       at = body.find("\"signature\"", at + 1)) {
    ++signatures;
  }
  EXPECT_EQ(signatures, 1u) << body;
  EXPECT_EQ(body.find("2026-12-08"), std::string::npos) << body;

  // Its consistency proof connects the head obtained earlier to the current one…
  EXPECT_TRUE(Verify(Body("/api/v1/log/entries/5"), body, keys, *earlier).ok());
  // …and not a head of the same size over other entries, even one signed with the same key (a
  // split view).
  std::vector<trust::Hash> other_leaves = {trust::LeafHash("a"), trust::LeafHash("b"),
                                           trust::LeafHash("c")};
  trust::TreeHead forked =
      trust::SignTreeHead(3, trust::RootHash(other_leaves), earlier->timestamp, *t_->keyring);
  ASSERT_TRUE(trust::VerifyTreeHead(forked, keys).ok());
  EXPECT_FALSE(Verify(Body("/api/v1/log/entries/5"), body, keys, forked).ok());
}

TEST_P(TransparencyLogTest, BadRequestsNameTheParameter) {
  AppendMany(2);
  EXPECT_EQ(GetJson("/api/v1/log/consistency?first=3&second=2", 400)["invalid_params"][0]["name"],
            "first");
  EXPECT_EQ(GetJson("/api/v1/log/consistency?first=1&second=9", 400)["invalid_params"][0]["name"],
            "second");
  EXPECT_EQ(GetJson("/api/v1/log/consistency?first=1", 400)["invalid_params"][0]["name"], "second");
  EXPECT_EQ(GetJson("/api/v1/log/entries?start=x", 400)["invalid_params"][0]["name"], "start");
  EXPECT_EQ(GetJson("/api/v1/log/entries?start=5&end=2", 400)["invalid_params"][0]["name"], "end");
  EXPECT_EQ(
      GetJson("/api/v1/log/entries/0/proof?previous_size=3", 400)["invalid_params"][0]["name"],
      "previous_size");
  EXPECT_EQ(GetJson("/api/v1/log/entries/0?colour=red", 400)["invalid_params"][0]["name"],
            "colour");
  Body("/api/v1/log/entries/2", 404);
  Body("/api/v1/log/entries/2/proof", 404);
  Body("/api/v1/log/entries/abc", 404);
  Body("/api/v1/log/nothing", 404);

  http::Request post;
  post.method = "POST";
  post.target = post.path = "/api/v1/log/entries";
  EXPECT_EQ(t_->router->Handle(post).status, 405);

  t_->services->log = nullptr;
  EXPECT_EQ(Get("/api/v1/log/tree-head").status, 503);
  EXPECT_EQ(Get("/.well-known/helsekrav-keys.json").status, 503);
  t_->services->log = t_->log.get();
}

TEST_P(TransparencyLogTest, DownloadsAreAttachmentsAndNothingIsCachedLong) {
  AppendMany(1);
  http::Response statement = Get("/api/v1/log/entries/0?download=1");
  ASSERT_EQ(statement.status, 200);
  ASSERT_EQ(statement.headers.size(), 1u);
  EXPECT_EQ(statement.headers[0].second, "attachment; filename=\"helsekrav-utsagn-0.json\"");
  EXPECT_EQ(statement.cache_control, "no-cache");
  EXPECT_TRUE(Get("/api/v1/log/entries/0").headers.empty());
  EXPECT_EQ(Get("/api/v1/log/entries/0/proof?download=1").headers[0].second,
            "attachment; filename=\"helsekrav-bevis-0.json\"");
  EXPECT_EQ(Get("/api/v1/log/tree-head").cache_control, "no-cache");
  EXPECT_EQ(Get("/.well-known/helsekrav-keys.json").cache_control, "public, max-age=300");
}

TEST_P(TransparencyLogTest, AnyChangedByteOfADownloadIsRejected) {
  AppendMany(2);
  const trust::TreeHead saved = PublishedHead();
  AppendMany(4, 2);
  const auto keys = PublishedKeys();
  const std::string statement = Body("/api/v1/log/entries/4");
  const std::string proof = Body("/api/v1/log/entries/4/proof?previous_size=2");
  ASSERT_TRUE(Verify(statement, proof, keys, saved).ok());
  auto changed = [](std::string bytes, std::size_t i) {
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
    return bytes;
  };
  int checked = 0;
  for (std::size_t i = 0; i < statement.size(); i += 7, ++checked) {
    EXPECT_FALSE(Verify(changed(statement, i), proof, keys, saved).ok()) << "statement byte " << i;
  }
  for (std::size_t i = 3; i < proof.size(); i += 7, ++checked) {
    EXPECT_FALSE(Verify(statement, changed(proof, i), keys, saved).ok()) << "proof byte " << i;
  }
  EXPECT_GT(checked, 100);
}

TEST_P(TransparencyLogTest, ALeafChangedInTheDatabaseIsDetected) {
  AppendMany(4);
  const auto keys = PublishedKeys();
  trust::TreeHead head = PublishedHead();
  std::string proof = Body("/api/v1/log/entries/2/proof");
  ASSERT_TRUE(Verify(Body("/api/v1/log/entries/2"), proof, keys).ok());
  ASSERT_TRUE(t_->log->Audit().ok());

  TamperWithLeaf(2, "godkjenning-2", "godkjenning-3");
  std::string forged = Body("/api/v1/log/entries/2");
  ASSERT_NE(forged.find("godkjenning-3"), std::string::npos);

  // The server's own audit names the entry.
  Status audit = t_->log->Audit();
  EXPECT_EQ(audit.code(), StatusCode::kInternal);
  EXPECT_NE(audit.message().find("oppføring 3 (leaf_index 2)"), std::string::npos)
      << audit.message();
  // So does a freshly started server, which has no cached hashes to compare with.
  TransparencyLog restarted(store(), *t_->keyring, t_->clock);
  Status fresh_audit = restarted.Audit();
  EXPECT_NE(fresh_audit.message().find("leaf_index 2"), std::string::npos) << fresh_audit.message();

  // A verifier holding the earlier proof and tree head notices too.
  EXPECT_FALSE(Verify(forged, proof, keys).ok());
  auto statement = nlohmann::json::parse(forged);
  EXPECT_FALSE(
      trust::VerifyInclusionProof(statement, *trust::ParseProof(nlohmann::json::parse(proof)))
          .ok());
  // And the tree head the restarted server signs over the changed leaf does not match the one
  // published before, though both claim the same size.
  auto new_head = restarted.TreeHead();
  ASSERT_TRUE(new_head.ok());
  EXPECT_EQ(new_head->tree_size, head.tree_size);
  EXPECT_TRUE(trust::VerifyTreeHead(*new_head, keys).ok());
  EXPECT_FALSE(trust::VerifyTreeHeadConsistency(head, *new_head, {}).ok());
}

TEST_P(TransparencyLogTest, AFailedTransactionAppendsNothing) {
  AppendMany(2);
  trust::TreeHead before = PublishedHead();
  auto statement = t_->log->Sign({{"type", "approval.revoked"}, {"subject", "godkjenning-0"}});
  internal::WriteSet writes;
  writes.log_entries.push_back({"godkjenning-0", *trust::StatementLeaf(*statement)});
  store::Entity missing;  // updating an entity that is not there fails after the log append
  missing.kind = "approval";
  missing.id = "finnes-ikke";
  missing.doc = "{}";
  writes.updates.emplace_back(missing, 1);
  EXPECT_EQ(internal::Apply(store(), writes).code(), StatusCode::kConflict);
  EXPECT_EQ(*store().LogSize(), 2);
  trust::TreeHead after = PublishedHead();
  EXPECT_EQ(after.tree_size, 2u);
  EXPECT_EQ(after.root_hash, before.root_hash);
  EXPECT_EQ(t_->log->EntriesFor("godkjenning-0")->size(), 1u);
  EXPECT_TRUE(t_->log->Audit().ok());
}

TEST_P(TransparencyLogTest, AnotherServersAppendsAreSeenOnTheNextRead) {
  AppendMany(2);
  EXPECT_EQ(PublishedHead().tree_size, 2u);
  // A second log over the same database (another server process) appends.
  TransparencyLog other(store(), *t_->keyring, t_->clock);
  auto statement = other.Sign({{"type", "label.issued"}, {"subject", "v-1/basis"}});
  internal::WriteSet writes;
  writes.log_entries.push_back({"v-1/basis", *trust::StatementLeaf(*statement)});
  writes.bump_revision = false;
  ASSERT_TRUE(internal::Apply(store(), writes).ok());
  EXPECT_EQ(PublishedHead().tree_size, 3u);
  EXPECT_TRUE(
      Verify(Body("/api/v1/log/entries/2"), Body("/api/v1/log/entries/2/proof"), PublishedKeys())
          .ok());
}

TEST_P(TransparencyLogTest, TheVerificationPageExplainsWhatWasChecked) {
  AppendMany(3);
  std::string page = Body("/verifiser?oppforing=1");
  EXPECT_NE(page.find("Alt som er kontrollert, er i orden."), std::string::npos);
  EXPECT_NE(page.find("Kontrollert 8. desember 2026 kl. 00:00 UTC"), std::string::npos);
  EXPECT_NE(page.find("Gyldig: </strong>Signaturen er gyldig: utsagnet er signert av helsekrav "
                      "med nøkkel " +
                      t_->keyring->ActiveKid()),
            std::string::npos);
  EXPECT_NE(page.find("Utsagnet er med i loggen som oppføring 2 av 3 (indeks 1)."),
            std::string::npos);
  EXPECT_NE(page.find("Godkjenning utstedt (approval.issued)"), std::string::npos);
  EXPECT_NE(page.find("godkjenning-1"), std::string::npos);
  EXPECT_NE(page.find("helsekrav verify helsekrav-utsagn-1.json --keys helsekrav-nokler.json "
                      "--proof helsekrav-bevis-1.json"),
            std::string::npos);
  EXPECT_NE(page.find("href=\"/api/v1/log/entries/1/proof?download=1\""), std::string::npos);
  EXPECT_EQ(page.find("Feil: "), std::string::npos);

  EXPECT_NE(Body("/verifiser?oppforing=abc", 422).find("Indeksen må være et helt tall"),
            std::string::npos);
  EXPECT_NE(Body("/verifiser?oppforing=7", 404).find("Loggen har ingen oppføring med indeks 7"),
            std::string::npos);
  EXPECT_NE(Body("/verifiser").find("name=\"csrf\""), std::string::npos);

  TamperWithLeaf(1, "godkjenning-1", "godkjenning-9");
  std::string tampered = Body("/verifiser?oppforing=1");
  EXPECT_NE(tampered.find("Kontrollen fant feil."), std::string::npos);
  EXPECT_NE(tampered.find("Feil: </strong>Signaturen er ikke gyldig"), std::string::npos);
}

TEST_P(TransparencyLogTest, APastedStatementIsFoundInTheLogAndChecked) {
  AppendMany(2);
  const std::string csrf(43, 'c');
  auto post = [&](const std::string& statement) {
    http::Request request;
    request.method = "POST";
    request.target = request.path = "/verifiser";
    request.cookie = "hk_csrf=" + csrf;
    request.content_type = "application/x-www-form-urlencoded";
    request.body = "csrf=" + csrf + "&utsagn=" + http::PercentEncode(statement);
    return t_->router->Handle(request);
  };
  nlohmann::json statement = nlohmann::json::parse(Body("/api/v1/log/entries/1"));
  http::Response found = post(statement.dump(2));  // pretty-printed: still the same statement
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body->find("Utsagnet er med i loggen som oppføring 2 av 2 (indeks 1)."),
            std::string::npos);
  EXPECT_NE(found.body->find("Alt som er kontrollert, er i orden."), std::string::npos);

  // Signed by helsekrav but never logged.
  auto unlogged = t_->log->Sign({{"type", "label.issued"}, {"subject", "godkjenning-1"}});
  http::Response missing = post(unlogged->dump());
  EXPECT_NE(missing.body->find("Feil: </strong>Utsagnet finnes ikke i loggen"), std::string::npos);
  EXPECT_NE(missing.body->find("Gyldig: </strong>Signaturen er gyldig"), std::string::npos);

  statement["payload"]["subject"] = "godkjenning-0";
  http::Response forged = post(statement.dump());
  EXPECT_NE(forged.body->find("Signaturen er ikke gyldig"), std::string::npos);
  EXPECT_EQ(post("{ikke json").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransparencyLogTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
