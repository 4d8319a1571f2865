#pragma once
// Merkle tree hashing, inclusion proofs and consistency proofs exactly as RFC 9162 (Certificate
// Transparency 2.0) §2.1 defines them. Leaves and interior nodes are hashed with different
// prefixes (0x00 and 0x01) so a leaf can never pass for a node. The tree over n leaves splits at
// the largest power of two smaller than n.
//
// Generation works on the full list of leaf hashes (the log's entries in order); verification
// needs only the proof, the sizes and the roots, so anyone can check a proof offline.
// Thread-safe (pure functions).

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "trust/encoding.h"

namespace helsekrav::trust {

// SHA-256(0x00 || data): the hash of one log entry.
Hash LeafHash(std::string_view data);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);

// MTH over the given leaf hashes; the root of the empty tree is SHA-256 of nothing.
Hash RootHash(std::span<const Hash> leaf_hashes);

// PATH(index, D[n]): the audit path proving leaf `index` is in the tree of all `leaf_hashes`.
// Invalid when index ≥ the number of leaves.
Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, std::uint64_t index);

// PROOF(first_size, D[n]): proves the tree of the first `first_size` leaves is a prefix of the
// tree of all of them. Empty when first_size is 0 or n. Invalid when first_size > n.
Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes,
                                           std::uint64_t first_size);

// RFC 9162 §2.1.3.2. OK when `proof` shows `leaf_hash` at `index` in a tree of `tree_size`
// leaves with root `root`; otherwise Invalid with a Norwegian message.
Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       std::span<const Hash> proof, const Hash& root);

// RFC 9162 §2.1.4.2, extended to the trivial cases: equal sizes need an empty proof and equal
// roots; a first size of 0 needs an empty proof. Invalid with a Norwegian message otherwise.
Status VerifyConsistency(std::uint64_t first_size, std::uint64_t second_size,
                         const Hash& first_root, const Hash& second_root,
                         std::span<const Hash> proof);

}  // namespace helsekrav::trust
