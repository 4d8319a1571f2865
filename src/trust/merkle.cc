#include "trust/merkle.h"

#include <string>

namespace helsekrav::trust {

namespace {

// The largest power of two strictly smaller than n (n ≥ 2).
std::uint64_t SplitPoint(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

void Path(std::span<const Hash> d, std::uint64_t m, std::vector<Hash>& out) {
  const std::uint64_t n = d.size();
  if (n <= 1) return;
  const std::uint64_t k = SplitPoint(n);
  if (m < k) {
    Path(d.subspan(0, k), m, out);
    out.push_back(RootHash(d.subspan(k)));
  } else {
    Path(d.subspan(k), m - k, out);
    out.push_back(RootHash(d.subspan(0, k)));
  }
}

void Subproof(std::span<const Hash> d, std::uint64_t m, bool complete, std::vector<Hash>& out) {
  const std::uint64_t n = d.size();
  if (m == n) {
    if (!complete) out.push_back(RootHash(d));
    return;
  }
  const std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    Subproof(d.subspan(0, k), m, complete, out);
    out.push_back(RootHash(d.subspan(k)));
  } else {
    Subproof(d.subspan(k), m - k, false, out);
    out.push_back(RootHash(d.subspan(0, k)));
  }
}

bool IsPowerOfTwo(std::uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

Hash LeafHash(std::string_view data) {
  std::string input(1, '\x00');
  input.append(data);
  return Sha256(input);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  std::string input(1, '\x01');
  input.append(HashBytes(left));
  input.append(HashBytes(right));
  return Sha256(input);
}

Hash RootHash(std::span<const Hash> leaf_hashes) {
  const std::uint64_t n = leaf_hashes.size();
  if (n == 0) return Sha256("");
  if (n == 1) return leaf_hashes[0];
  const std::uint64_t k = SplitPoint(n);
  return NodeHash(RootHash(leaf_hashes.subspan(0, k)), RootHash(leaf_hashes.subspan(k)));
}

Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, std::uint64_t index) {
  if (index >= leaf_hashes.size()) {
    return Status::Invalid("leaf_index", "Oppføring " + std::to_string(index) +
                                             " finnes ikke i et tre med " +
                                             std::to_string(leaf_hashes.size()) + " oppføringer");
  }
  std::vector<Hash> out;
  Path(leaf_hashes, index, out);
  return out;
}

Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes,
                                           std::uint64_t first_size) {
  if (first_size > leaf_hashes.size()) {
    return Status::Invalid("first_size", "Det første treet kan ikke være større enn det andre");
  }
  std::vector<Hash> out;
  if (first_size == 0) return out;
  Subproof(leaf_hashes, first_size, true, out);
  return out;
}

Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       std::span<const Hash> proof, const Hash& root) {
  auto failed = [] {
    return Status::Invalid("inclusion", "Inklusjonsbeviset stemmer ikke med rothashen i trehodet");
  };
  if (index >= tree_size) {
    return Status::Invalid("leaf_index", "Oppføringsnummeret er utenfor treets størrelse");
  }
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return failed();
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0 || r != root) return failed();
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t first_size, std::uint64_t second_size,
                         const Hash& first_root, const Hash& second_root,
                         std::span<const Hash> proof) {
  auto failed = [] {
    return Status::Invalid(
        "consistency", "Konsistensbeviset viser ikke at det nye treet bygger videre på det gamle");
  };
  if (first_size > second_size) {
    return Status::Invalid("consistency", "Det gamle trehodet er større enn det nye");
  }
  if (first_size == second_size) {
    if (!proof.empty() || first_root != second_root) return failed();
    return Status::Ok();
  }
  if (first_size == 0) return proof.empty() ? Status::Ok() : failed();
  if (proof.empty()) return failed();

  std::vector<Hash> path;
  if (IsPowerOfTwo(first_size)) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = first_size - 1;
  std::uint64_t sn = second_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return failed();
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (fr != first_root || sr != second_root || sn != 0) return failed();
  return Status::Ok();
}

}  // namespace helsekrav::trust
