// Signed statements, tree heads and proof documents: what verifies, and that every single-byte
// change of a downloaded document is rejected.
#include "trust/statement.h"

#include <gtest/gtest.h>

#include <optional>

#include "sample_log.h"
#include "trust/canonical_json.h"
#include "trust_test_util.h"

namespace helsekrav::trust {
namespace {

using nlohmann::json;
using test_util::BuildSampleLog;
using test_util::ProofFor;
using test_util::ScratchDir;

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ring = Keyring::Open(tmp_.path(), clock_);
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    ring_ = std::move(ring).value();
  }
  std::vector<PublicKey> Keys() const { return ring_->PublicKeys(); }

  ScratchDir tmp_;
  FixedClock clock_{*Date::Parse("2026-11-23")};
  std::unique_ptr<Keyring> ring_;
};

// Every check `helsekrav verify` makes, on the documents' bytes; with `previous`, a tree head
// the verifier saved earlier, also that the proof's tree head extends it.
Status VerifyAll(const std::string& statement_text, const std::string& proof_text,
                 const std::vector<PublicKey>& keys,
                 const std::optional<TreeHead>& previous = std::nullopt) {
  json statement = json::parse(statement_text, nullptr, false);
  json proof_json = json::parse(proof_text, nullptr, false);
  if (statement.is_discarded() || proof_json.is_discarded()) return Status::Invalid("", "parse");
  auto key = VerifyStatement(statement, keys);
  if (!key.ok()) return key.status();
  auto proof = ParseProof(proof_json);
  if (!proof.ok()) return proof.status();
  auto head_key = VerifyTreeHead(proof->tree_head, keys);
  if (!head_key.ok()) return head_key.status();
  HK_RETURN_IF_ERROR(VerifyInclusionProof(statement, *proof));
  if (previous) {
    auto previous_key = VerifyTreeHead(*previous, keys);
    if (!previous_key.ok()) return previous_key.status();
    HK_RETURN_IF_ERROR(VerifyProofConsistency(*previous, *proof));
  }
  return Status::Ok();
}

TEST_F(StatementTest, SignsTheCanonicalPayload) {
  json payload = {{"b", "Ærlig"}, {"a", {1, 2, 3}}};
  auto statement = SignStatement(payload, *ring_);
  ASSERT_TRUE(statement.ok());
  EXPECT_EQ((*statement)["signature"]["alg"], "Ed25519");
  EXPECT_EQ((*statement)["signature"]["kid"], ring_->ActiveKid());
  auto key = VerifyStatement(*statement, Keys());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->kid, ring_->ActiveKid());
  auto sig = DecodeBase64Url((*statement)["signature"]["sig"].get<std::string>());
  ASSERT_TRUE(sig.has_value());
  EXPECT_TRUE(VerifySignature(Keys()[0].public_key, R"({"a":[1,2,3],"b":"Ærlig"})", *sig));
  EXPECT_FALSE(SignStatement(json::array(), *ring_).ok());
}

TEST_F(StatementTest, RejectsChangedOrMalformedStatements) {
  auto statement = *SignStatement({{"status", "issued"}, {"n", 1}}, *ring_);
  auto changed = [&](auto edit) {
    json copy = statement;
    edit(copy);
    return VerifyStatement(copy, Keys()).status();
  };
  EXPECT_FALSE(changed([](json& s) { s["payload"]["status"] = "revoked"; }).ok());
  EXPECT_FALSE(changed([](json& s) { s["payload"]["extra"] = true; }).ok());
  EXPECT_FALSE(changed([](json& s) { s["signature"]["alg"] = "EdDSA"; }).ok());
  EXPECT_FALSE(changed([](json& s) { s["signature"]["kid"] = "0000000000000000"; }).ok());
  EXPECT_FALSE(changed([](json& s) { s["signature"].erase("sig"); }).ok());
  EXPECT_FALSE(changed([](json& s) { s["extra"] = 1; }).ok());
  EXPECT_FALSE(changed([](json& s) { s["payload"] = "tekst"; }).ok());
  Status wrong = changed([](json& s) {
    std::string sig = s["signature"]["sig"];
    sig[0] = sig[0] == 'A' ? 'B' : 'A';
    s["signature"]["sig"] = sig;
  });
  EXPECT_FALSE(wrong.ok());
  EXPECT_NE(wrong.message().find("Signaturen på erklæringen er ugyldig"), std::string::npos);

  // A different keyring publishes other keys.
  ScratchDir other_dir;
  auto other = Keyring::Open(other_dir.path(), clock_);
  ASSERT_TRUE(other.ok());
  Status unknown = VerifyStatement(statement, (*other)->PublicKeys()).status();
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("finnes ikke i nøkkeldokumentet"), std::string::npos);
}

TEST_F(StatementTest, StatementsSignedBeforeARotationStillVerify) {
  auto log = BuildSampleLog(*ring_, 6, 3);
  ASSERT_EQ(Keys().size(), 2u);
  for (const auto& s : log.statements) EXPECT_TRUE(VerifyStatement(s, Keys()).ok());
  EXPECT_NE(log.statements[0]["signature"]["kid"], log.statements[5]["signature"]["kid"]);
}

TEST_F(StatementTest, TreeHeadsRoundTripAndDetectChanges) {
  auto log = BuildSampleLog(*ring_, 9);
  TreeHead head = test_util::HeadAt(log, 9, *ring_);
  auto parsed = ParseTreeHead(json::parse(TreeHeadJson(head).dump()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(VerifyTreeHead(*parsed, Keys()).ok());
  EXPECT_EQ(parsed->root_hash, RootHash(log.leaves));

  TreeHead bigger = *parsed;
  bigger.tree_size = 10;
  EXPECT_FALSE(VerifyTreeHead(bigger, Keys()).ok());
  TreeHead later = *parsed;
  later.timestamp = "2026-11-24T00:00:00Z";
  EXPECT_FALSE(VerifyTreeHead(later, Keys()).ok());
  TreeHead other_root = *parsed;
  other_root.root_hash[0] ^= 1;
  EXPECT_FALSE(VerifyTreeHead(other_root, Keys()).ok());

  json extra = TreeHeadJson(head);
  extra["note"] = "x";
  EXPECT_FALSE(ParseTreeHead(extra).ok());
  json padded = TreeHeadJson(head);
  padded["root_hash"] = Base64Url(HashBytes(head.root_hash));  // base64url is not base64
  EXPECT_FALSE(ParseTreeHead(padded).ok());
  json negative = TreeHeadJson(head);
  negative["tree_size"] = -1;
  EXPECT_FALSE(ParseTreeHead(negative).ok());
}

TEST_F(StatementTest, ProofsShowWhereAStatementIsInTheLog) {
  auto log = BuildSampleLog(*ring_, 42, 20);
  ProofDocument proof = ProofFor(log, 17, 42, *ring_, 30);
  auto parsed = ParseProof(json::parse(ProofJson(proof).dump()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(VerifyInclusionProof(log.statements[17], *parsed).ok());
  EXPECT_EQ(parsed->previous_size, 30u);
  EXPECT_TRUE(VerifyProofConsistency(test_util::HeadAt(log, 30, *ring_), *parsed).ok());
  Status other = VerifyInclusionProof(log.statements[18], *parsed);
  EXPECT_FALSE(other.ok());
  EXPECT_NE(other.message().find("ikke med i loggen"), std::string::npos);
  ProofDocument mismatched = *parsed;
  mismatched.tree_size = 41;
  EXPECT_FALSE(VerifyInclusionProof(log.statements[17], mismatched).ok());

  json half = ProofJson(proof);
  half.erase("consistency");
  EXPECT_EQ(ParseProof(half).status().field(), "consistency");
  half = ProofJson(proof);
  half.erase("previous_size");
  EXPECT_EQ(ParseProof(half).status().field(), "previous_size");

  ConsistencyDocument consistency{30, 42, parsed->consistency};
  auto round = ParseConsistency(json::parse(ConsistencyJson(consistency).dump()));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->consistency, parsed->consistency);
}

TEST_F(StatementTest, AProofCarriesNoPreviousTreeHeadOnlyItsSize) {
  auto log = BuildSampleLog(*ring_, 42, 20);
  json doc = ProofJson(ProofFor(log, 17, 42, *ring_, 30));
  EXPECT_FALSE(doc.contains("previous_tree_head"));
  EXPECT_EQ(doc["previous_size"], 30);
  EXPECT_EQ(doc["consistency"].size(), ConsistencyProof(log.leaves, 30)->size());
  json plain = ProofJson(ProofFor(log, 17, 42, *ring_));
  EXPECT_FALSE(plain.contains("previous_size"));
  EXPECT_FALSE(plain.contains("consistency"));
  EXPECT_FALSE(ParseProof(plain)->previous_size.has_value());

  // A document in the old form, with a tree head for the earlier size, is not accepted.
  json old_form = doc;
  old_form.erase("previous_size");
  old_form["previous_tree_head"] = TreeHeadJson(test_util::HeadAt(log, 30, *ring_));
  Status old_status = ParseProof(old_form).status();
  EXPECT_FALSE(old_status.ok());
  EXPECT_EQ(old_status.field(), "previous_tree_head");
  EXPECT_NE(old_status.message().find("ukjent felt «previous_tree_head»"), std::string::npos);

  json too_big = doc;
  too_big["previous_size"] = 43;
  Status big_status = ParseProof(too_big).status();
  EXPECT_EQ(big_status.field(), "previous_size");
  EXPECT_NE(big_status.message().find("større enn «tree_size» (42)"), std::string::npos)
      << big_status.message();
  json negative = doc;
  negative["previous_size"] = -1;
  EXPECT_EQ(ParseProof(negative).status().field(), "previous_size");
  json equal = ProofJson(ProofFor(log, 17, 42, *ring_, 42));
  ASSERT_TRUE(ParseProof(equal).ok());
  EXPECT_TRUE(ParseProof(equal)->consistency.empty());
}

TEST_F(StatementTest, AConsistencyProofIsCheckedAgainstAHeadTheVerifierHeld) {
  auto log = BuildSampleLog(*ring_, 42, 20);
  const TreeHead saved = test_util::HeadAt(log, 30, *ring_);
  const ProofDocument proof = *ParseProof(ProofJson(ProofFor(log, 17, 42, *ring_, 30)));
  EXPECT_TRUE(VerifyProofConsistency(saved, proof).ok());

  // A head of another size: the proof does not start there.
  Status other_size = VerifyProofConsistency(test_util::HeadAt(log, 29, *ring_), proof);
  EXPECT_EQ(other_size.field(), "previous_size");
  EXPECT_NE(other_size.message().find("treet med 29 oppføringer (det gjelder treet med 30)"),
            std::string::npos)
      << other_size.message();
  // A proof without a consistency proof.
  Status none =
      VerifyProofConsistency(saved, *ParseProof(ProofJson(ProofFor(log, 17, 42, *ring_))));
  EXPECT_EQ(none.field(), "previous_size");
  // A head of the right size over other entries (a split view): inconsistent.
  auto forked = BuildSampleLog(*ring_, 30);
  forked.leaves[12] = LeafHash("noe annet");
  const TreeHead fork = test_util::HeadAt(forked, 30, *ring_);
  ASSERT_TRUE(VerifyTreeHead(fork, Keys()).ok());
  EXPECT_FALSE(VerifyProofConsistency(fork, proof).ok());
  // A changed consistency hash.
  ProofDocument changed = proof;
  ASSERT_FALSE(changed.consistency.empty());
  changed.consistency.back()[0] ^= 1;
  EXPECT_FALSE(VerifyProofConsistency(saved, changed).ok());
}

TEST_F(StatementTest, EverySingleByteChangeIsRejected) {
  auto log = BuildSampleLog(*ring_, 12, 5);
  const std::string statement = *CanonicalJson(log.statements[3]);
  const std::string proof = *CanonicalJson(ProofJson(ProofFor(log, 3, 12, *ring_, 7)));
  const TreeHead saved = test_util::HeadAt(log, 7, *ring_);
  ASSERT_TRUE(VerifyAll(statement, proof, Keys(), saved).ok());
  for (std::size_t i = 0; i < statement.size(); ++i) {
    for (char replacement : {'0', 'A', ' ', '"'}) {
      if (statement[i] == replacement) continue;
      std::string bad = statement;
      bad[i] = replacement;
      EXPECT_FALSE(VerifyAll(bad, proof, Keys(), saved).ok())
          << "statement byte " << i << ": " << bad;
    }
  }
  for (std::size_t i = 0; i < proof.size(); ++i) {
    for (char replacement : {'1', 'z', ' ', '"'}) {
      if (proof[i] == replacement) continue;
      std::string bad = proof;
      bad[i] = replacement;
      EXPECT_FALSE(VerifyAll(statement, bad, Keys(), saved).ok())
          << "proof byte " << i << ": " << bad;
    }
  }
}

}  // namespace
}  // namespace helsekrav::trust
