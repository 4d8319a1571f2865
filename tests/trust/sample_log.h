#pragma once
// A small transparency log built in memory for tests: signed statements about approvals, their
// leaf hashes, and proof documents for any entry and tree size.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "trust/keys.h"
#include "trust/merkle.h"
#include "trust/statement.h"

namespace helsekrav::trust::test_util {

struct SampleLog {
  std::vector<nlohmann::json> statements;
  std::vector<Hash> leaves;
};

// `size` statements; the keyring is rotated after `rotate_after` of them (0 = never).
inline SampleLog BuildSampleLog(Keyring& ring, std::size_t size, std::size_t rotate_after = 0) {
  SampleLog log;
  for (std::size_t i = 0; i < size; ++i) {
    if (rotate_after != 0 && i == rotate_after) {
      EXPECT_TRUE(ring.Rotate().ok());
    }
    nlohmann::json payload = {
        {"type", "approval.issued"},
        {"approval", "godkjenning-" + std::to_string(i)},
        {"scheme", "kjernejournal-api"},
        {"issuer", "Norsk helsenett SF"},
        {"subject", {{"product", "Journalappen Æøå"}, {"version", "2." + std::to_string(i)}}},
        {"valid_from", "2026-11-23"},
        {"sequence", i}};
    auto statement = SignStatement(payload, ring);
    EXPECT_TRUE(statement.ok());
    auto leaf = StatementLeaf(*statement);
    EXPECT_TRUE(leaf.ok());
    log.statements.push_back(*statement);
    log.leaves.push_back(LeafHash(*leaf));
  }
  return log;
}

inline TreeHead HeadAt(const SampleLog& log, std::size_t size, const Keyring& ring) {
  std::span<const Hash> leaves(log.leaves.data(), size);
  return SignTreeHead(size, RootHash(leaves),
                      "2026-11-23T12:00:" + std::to_string(10 + size % 50) + "Z", ring);
}

// Entry `index` in the tree of the first `size` entries, optionally with a consistency proof
// from the tree of the first `previous_size` entries (whose head, HeadAt(log, previous_size),
// the verifier is expected to hold already; it is not part of the proof).
inline ProofDocument ProofFor(const SampleLog& log, std::size_t index, std::size_t size,
                              const Keyring& ring,
                              std::optional<std::size_t> previous_size = std::nullopt) {
  std::span<const Hash> leaves(log.leaves.data(), size);
  ProofDocument proof;
  proof.leaf_index = index;
  proof.tree_size = size;
  proof.inclusion = *InclusionProof(leaves, index);
  proof.tree_head = HeadAt(log, size, ring);
  if (previous_size) {
    proof.previous_size = *previous_size;
    proof.consistency = *ConsistencyProof(leaves, *previous_size);
  }
  return proof;
}

}  // namespace helsekrav::trust::test_util
