// Writes the documents tests/cli/verify_test.sh gives `helsekrav verify`: a log of 42 signed
// statements (the key rotated after 20), entry 17 with its proof (one with a consistency proof
// from size 30, one without), tree heads at 29, 30 and 42 (the one at 30 is what a verifier would
// have saved earlier) with a consistency proof, the published keys, and another service's keys. The
// files are written in canonical JSON, so every byte carries meaning. The directory is
// $HK_TRUST_FIXTURE_DIR when set (the shell test), otherwise a scratch directory; either way the
// documents are checked here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sample_log.h"
#include "trust/canonical_json.h"
#include "trust_test_util.h"

namespace helsekrav::trust {
namespace {

using nlohmann::json;

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

void WriteCanonical(const std::string& path, const json& doc) {
  auto text = CanonicalJson(doc);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Write(path, *text);
}

TEST(VerifyFixtureTest, WritesDocumentsTheVerifyCommandAccepts) {
  test_util::ScratchDir scratch;
  const char* env = std::getenv("HK_TRUST_FIXTURE_DIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : scratch.path();
  std::filesystem::create_directories(dir);
  FixedClock clock(*Date::Parse("2026-11-23"));
  auto ring = Keyring::Open(scratch.path() + "/keyring", clock);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  auto other = Keyring::Open(scratch.path() + "/other", clock);
  ASSERT_TRUE(other.ok());

  auto log = test_util::BuildSampleLog(**ring, 42, 20);
  const std::vector<PublicKey> keys = (*ring)->PublicKeys();
  ProofDocument proof = test_util::ProofFor(log, 17, 42, **ring, 30);
  ProofDocument plain = test_util::ProofFor(log, 17, 42, **ring);
  std::span<const Hash> leaves(log.leaves);
  ConsistencyDocument consistency{30, 42, *ConsistencyProof(leaves, 30)};
  const TreeHead head_29 = test_util::HeadAt(log, 29, **ring);
  const TreeHead head_30 = test_util::HeadAt(log, 30, **ring);

  WriteCanonical(dir + "/keys.json", (*ring)->PublicKeysJson());
  WriteCanonical(dir + "/other_keys.json", (*other)->PublicKeysJson());
  WriteCanonical(dir + "/statement.json", log.statements[17]);
  Write(dir + "/statement_pretty.json", log.statements[17].dump(2) + "\n");
  WriteCanonical(dir + "/statement_18.json", log.statements[18]);
  WriteCanonical(dir + "/proof.json", ProofJson(proof));
  WriteCanonical(dir + "/proof_plain.json", ProofJson(plain));
  WriteCanonical(dir + "/head_29.json", TreeHeadJson(head_29));
  WriteCanonical(dir + "/head_30.json", TreeHeadJson(head_30));
  WriteCanonical(dir + "/head_42.json", TreeHeadJson(proof.tree_head));
  WriteCanonical(dir + "/consistency.json", ConsistencyJson(consistency));

  // What the shell test expects to pass does pass here.
  EXPECT_NE(log.statements[17]["signature"]["kid"], log.statements[30]["signature"]["kid"]);
  EXPECT_TRUE(VerifyStatement(log.statements[17], keys).ok());
  EXPECT_FALSE(VerifyStatement(log.statements[17], (*other)->PublicKeys()).ok());
  EXPECT_TRUE(VerifyTreeHead(proof.tree_head, keys).ok());
  EXPECT_TRUE(VerifyInclusionProof(log.statements[17], proof).ok());
  EXPECT_FALSE(VerifyInclusionProof(log.statements[18], proof).ok());
  EXPECT_FALSE(ProofJson(proof).contains("previous_tree_head"));
  EXPECT_TRUE(VerifyTreeHead(head_30, keys).ok());
  EXPECT_TRUE(VerifyProofConsistency(head_30, proof).ok());
  EXPECT_EQ(VerifyProofConsistency(head_29, proof).field(), "previous_size");
  EXPECT_EQ(VerifyProofConsistency(head_30, plain).field(), "previous_size");
  EXPECT_TRUE(VerifyTreeHeadConsistency(head_30, proof.tree_head, consistency.consistency).ok());
}

}  // namespace
}  // namespace helsekrav::trust
