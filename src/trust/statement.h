#pragma once
// Signed statements, signed tree heads and proof documents: the JSON anyone downloads from
// helsekrav and checks offline (docs/trust.md describes every format).
//
//   statement  {"payload": {…}, "signature": {"kid", "alg": "Ed25519", "sig": base64url}}
//              sig = Ed25519 over CanonicalJson(payload); the statement's log entry (leaf data)
//              is CanonicalJson(statement).
//   tree head  {"tree_size", "root_hash": base64, "timestamp": RFC 3339, "kid",
//               "signature": base64url}, signed over CanonicalJson of the head without
//              "signature".
//   proof      {"leaf_index", "tree_size", "inclusion": [base64 …], "tree_head": {…}} and,
//              optionally, "previous_size" with "consistency": [base64 …] proving the tree head
//              extends the tree of that earlier size. The earlier tree's head is deliberately not
//              in the document: a head the service signs on request proves nothing, so the
//              verifier checks the proof against a head it saved before (RFC 9162 §2.1.4).
//   consistency proof  {"first_size", "second_size", "consistency": [base64 …]}
//
// Parsers are strict (unknown members, wrong types and non-canonical base64 are Invalid), so no
// byte of a document can change without changing its meaning. Verification functions return
// Invalid with a Norwegian message saying what failed. Thread-safe (pure functions).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "trust/encoding.h"
#include "trust/keys.h"

namespace helsekrav::trust {

// Signs `payload` (an object) with the keyring's active key. Invalid when the payload is not an
// object or cannot be canonicalised.
Result<nlohmann::json> SignStatement(const nlohmann::json& payload, const Keyring& keyring);
// The statement's leaf data in the log: its canonical JSON bytes.
Result<std::string> StatementLeaf(const nlohmann::json& statement);
// Checks the statement's shape and its signature against `keys`; returns the key that signed it.
Result<PublicKey> VerifyStatement(const nlohmann::json& statement,
                                  const std::vector<PublicKey>& keys);

struct TreeHead {
  std::uint64_t tree_size = 0;
  Hash root_hash{};
  std::string timestamp;  // RFC 3339, UTC
  std::string kid;
  std::string signature;  // 64 raw bytes
};

TreeHead SignTreeHead(std::uint64_t tree_size, const Hash& root_hash, std::string timestamp,
                      const Keyring& keyring);
nlohmann::json TreeHeadJson(const TreeHead& head);
Result<TreeHead> ParseTreeHead(const nlohmann::json& document);
// Checks the head's signature against `keys`; returns the key that signed it.
Result<PublicKey> VerifyTreeHead(const TreeHead& head, const std::vector<PublicKey>& keys);

struct ProofDocument {
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;
  std::vector<Hash> inclusion;
  TreeHead tree_head;
  // With a consistency proof: the size of the earlier tree (≤ tree_size) and
  // PROOF(previous_size, D[tree_size]) from it to tree_head.
  std::optional<std::uint64_t> previous_size;
  std::vector<Hash> consistency;
};

nlohmann::json ProofJson(const ProofDocument& proof);
// Invalid when "previous_size" and "consistency" do not come together or previous_size exceeds
// tree_size.
Result<ProofDocument> ParseProof(const nlohmann::json& document);
// Checks that `statement` is entry proof.leaf_index of the tree `proof.tree_head` describes
// (does not check the head's signature: call VerifyTreeHead for that).
Status VerifyInclusionProof(const nlohmann::json& statement, const ProofDocument& proof);
// Ok when the proof's consistency proof starts at `previous`'s size; otherwise Invalid (field
// "previous_size") saying how to download the right proof.
Status ProofStartsAt(const TreeHead& previous, const ProofDocument& proof);
// Checks that proof.tree_head extends `previous`, a tree head the verifier obtained earlier:
// Invalid (field "previous_size") when the proof has no consistency proof from previous's size,
// otherwise as VerifyTreeHeadConsistency. Signatures are not checked here.
Status VerifyProofConsistency(const TreeHead& previous, const ProofDocument& proof);

struct ConsistencyDocument {
  std::uint64_t first_size = 0;
  std::uint64_t second_size = 0;
  std::vector<Hash> consistency;
};
nlohmann::json ConsistencyJson(const ConsistencyDocument& proof);
Result<ConsistencyDocument> ParseConsistency(const nlohmann::json& document);
// Checks that `second` extends `first` (sizes of `proof` must match the heads; signatures are
// not checked here).
Status VerifyTreeHeadConsistency(const TreeHead& first, const TreeHead& second,
                                 const std::vector<Hash>& proof);

}  // namespace helsekrav::trust
