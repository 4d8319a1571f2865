// Fuzz target: the documents `helsekrav verify` reads (src/cli/commands/verify.cc): the
// published keys, a signed statement, a proof (inclusion, signed tree head, optional consistency
// proof), a tree head the user saved earlier and a consistency proof between two heads.
// Input: up to five JSON documents in that order, separated by lines of "===". Every parser and
// check runs on whatever parsed, also after a failed signature, so that the Merkle proof
// arithmetic is reached; what a check accepts must hold up.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trust/statement.h"

namespace {

std::vector<nlohmann::json> Documents(const std::string& input) {
  std::vector<nlohmann::json> docs;
  const std::string kSeparator = "\n===\n";
  std::size_t start = 0;
  while (docs.size() < 5) {
    const std::size_t end = input.find(kSeparator, start);
    docs.push_back(nlohmann::json::parse(input.substr(start, end - start), nullptr, false));
    if (end == std::string::npos) break;
    start = end + kSeparator.size();
  }
  docs.resize(5, nlohmann::json::value_t::discarded);
  return docs;
}

bool HasKey(const std::vector<helsekrav::trust::PublicKey>& keys, const std::string& kid) {
  for (const auto& key : keys) {
    if (key.kid == kid) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace trust = helsekrav::trust;
  const auto docs = Documents(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<trust::PublicKey> keys;
  if (!docs[0].is_discarded()) {
    auto parsed = trust::ParsePublicKeysJson(docs[0]);
    if (parsed.ok()) keys = *parsed;
  }
  for (const auto& key : keys) {
    if (key.public_key.size() != 32 || key.kid != trust::KeyId(key.public_key)) __builtin_trap();
  }
  if (!docs[1].is_discarded()) {
    auto signer = trust::VerifyStatement(docs[1], keys);
    if (signer.ok() && !HasKey(keys, signer->kid)) __builtin_trap();
  }
  std::optional<trust::ProofDocument> proof;
  if (!docs[2].is_discarded()) {
    auto parsed = trust::ParseProof(docs[2]);
    if (parsed.ok()) proof = *parsed;
  }
  if (proof) {
    auto signer = trust::VerifyTreeHead(proof->tree_head, keys);
    if (signer.ok() && !HasKey(keys, signer->kid)) __builtin_trap();
    (void)trust::ProofJson(*proof);
    if (!docs[1].is_discarded() && trust::VerifyInclusionProof(docs[1], *proof).ok() &&
        proof->leaf_index >= proof->tree_size) {
      __builtin_trap();  // an entry past the end of the tree cannot be included
    }
  }
  std::optional<trust::TreeHead> previous;
  if (!docs[3].is_discarded()) {
    auto parsed = trust::ParseTreeHead(docs[3]);
    if (parsed.ok()) previous = *parsed;
  }
  if (previous) {
    (void)trust::VerifyTreeHead(*previous, keys);
    if (proof && trust::ProofStartsAt(*previous, *proof).ok() &&
        trust::VerifyProofConsistency(*previous, *proof).ok() &&
        previous->tree_size > proof->tree_head.tree_size) {
      __builtin_trap();  // a log never shrinks
    }
  }
  if (!docs[4].is_discarded()) {
    auto consistency = trust::ParseConsistency(docs[4]);
    if (consistency.ok()) {
      (void)trust::ConsistencyJson(*consistency);
      if (previous && proof) {
        trust::TreeHead first = *previous;
        trust::TreeHead second = proof->tree_head;
        if (trust::VerifyTreeHeadConsistency(first, second, consistency->consistency).ok() &&
            first.tree_size > second.tree_size) {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
