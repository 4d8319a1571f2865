// RFC 9162 Merkle trees: the reference test vectors of the Certificate Transparency projects and
// exhaustive property tests of inclusion and consistency proofs for small trees.
#include "trust/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace helsekrav::trust {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

std::string HexOf(const Hash& h) { return Hex(HashBytes(h)); }

std::vector<Hash> Leaves(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(LeafHash("oppføring " + std::to_string(i)));
  return out;
}

TEST(MerkleTest, MatchesReferenceRoots) {
  const std::vector<std::string> data = {"",
                                         "00",
                                         "10",
                                         "2021",
                                         "3031",
                                         "40414243",
                                         "5051525354555657",
                                         "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < data.size(); ++i) {
    leaves.push_back(LeafHash(FromHex(data[i])));
    EXPECT_EQ(HexOf(RootHash(leaves)), roots[i]) << "size " << i + 1;
  }
  EXPECT_EQ(HexOf(RootHash({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, LeafAndNodeHashesAreDomainSeparated) {
  Hash a = LeafHash("a");
  Hash b = LeafHash("b");
  std::string concatenated(HashBytes(a));
  concatenated += HashBytes(b);
  EXPECT_NE(NodeHash(a, b), LeafHash(concatenated));
  EXPECT_NE(NodeHash(a, b), Sha256(concatenated));
  EXPECT_NE(NodeHash(a, b), NodeHash(b, a));
}

TEST(MerkleTest, InclusionProofsVerifyAndEveryChangeIsDetected) {
  const std::vector<Hash> all = Leaves(67);
  auto prefix = [&](std::size_t size) { return std::span<const Hash>(all.data(), size); };
  for (std::size_t n = 1; n <= 64; ++n) {
    std::span<const Hash> leaves = prefix(n);
    const Hash root = RootHash(leaves);
    for (std::size_t m = 0; m < n; ++m) {
      auto proof = InclusionProof(leaves, m);
      ASSERT_TRUE(proof.ok());
      ASSERT_TRUE(VerifyInclusion(leaves[m], m, n, *proof, root).ok()) << n << " " << m;
      // Any flipped bit of any proof hash.
      for (std::size_t p = 0; p < proof->size(); ++p) {
        for (std::size_t byte = 0; byte < 32; ++byte) {
          auto bad = *proof;
          bad[p][byte] ^= 0x01;
          EXPECT_FALSE(VerifyInclusion(leaves[m], m, n, bad, root).ok()) << n << " " << m;
        }
      }
      // Another leaf, index, size or root; a proof one hash too short or too long.
      EXPECT_FALSE(VerifyInclusion(LeafHash("annen"), m, n, *proof, root).ok());
      for (std::size_t other = 0; other < n + 2; ++other) {
        if (other != m) {
          EXPECT_FALSE(VerifyInclusion(leaves[m], other, n, *proof, root).ok());
        }
      }
      // The proof binds the tree size only through the shape of the path (the signed tree head
      // binds it fully): a size whose path has another shape must fail.
      for (std::size_t size = 0; size < n + 3; ++size) {
        if (size == n) continue;
        if (m >= size || InclusionProof(prefix(size), m)->size() != proof->size()) {
          EXPECT_FALSE(VerifyInclusion(leaves[m], m, size, *proof, root).ok()) << n << " " << size;
        }
      }
      Hash wrong_root = root;
      wrong_root[0] ^= 0x80;
      EXPECT_FALSE(VerifyInclusion(leaves[m], m, n, *proof, wrong_root).ok());
      if (!proof->empty()) {
        auto shorter = *proof;
        shorter.pop_back();
        EXPECT_FALSE(VerifyInclusion(leaves[m], m, n, shorter, root).ok());
      }
      auto longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(leaves[m], m, n, longer, root).ok());
    }
  }
  EXPECT_FALSE(InclusionProof(Leaves(3), 3).ok());
}

TEST(MerkleTest, ConsistencyProofsVerifyAndEveryChangeIsDetected) {
  // One more leaf than the largest tree, for the n + 1 check.
  std::vector<Hash> all = Leaves(41);
  for (std::size_t n = 1; n <= 40; ++n) {
    std::span<const Hash> second(all.data(), n);
    const Hash second_root = RootHash(second);
    for (std::size_t m = 1; m <= n; ++m) {
      const Hash first_root = RootHash(second.subspan(0, m));
      auto proof = ConsistencyProof(second, m);
      ASSERT_TRUE(proof.ok());
      ASSERT_TRUE(VerifyConsistency(m, n, first_root, second_root, *proof).ok()) << m << " " << n;
      for (std::size_t p = 0; p < proof->size(); ++p) {
        for (std::size_t byte = 0; byte < 32; ++byte) {
          auto bad = *proof;
          bad[p][byte] ^= 0x01;
          EXPECT_FALSE(VerifyConsistency(m, n, first_root, second_root, bad).ok()) << m << " " << n;
        }
      }
      Hash bad_first = first_root;
      bad_first[31] ^= 0x01;
      Hash bad_second = second_root;
      bad_second[5] ^= 0x01;
      EXPECT_FALSE(VerifyConsistency(m, n, bad_first, second_root, *proof).ok()) << m << " " << n;
      EXPECT_FALSE(VerifyConsistency(m, n, first_root, bad_second, *proof).ok()) << m << " " << n;
      if (m < n) {
        // A tree that rewrote history: one leaf before m changed.
        std::vector<Hash> forked(second.begin(), second.end());
        forked[m - 1] = LeafHash("omskrevet");
        EXPECT_FALSE(VerifyConsistency(m, n, first_root, RootHash(forked), *proof).ok());
        EXPECT_FALSE(VerifyConsistency(m, n, first_root, second_root, {}).ok());
        if (ConsistencyProof(std::span<const Hash>(all.data(), n + 1), m)->size() !=
            proof->size()) {
          EXPECT_FALSE(VerifyConsistency(m, n + 1, first_root, second_root, *proof).ok());
        }
        if (m > 1) {
          EXPECT_FALSE(VerifyConsistency(m - 1, n, first_root, second_root, *proof).ok());
        }
      }
    }
  }
  EXPECT_TRUE(VerifyConsistency(0, 5, RootHash({}), RootHash(Leaves(5)), {}).ok());
  EXPECT_FALSE(VerifyConsistency(6, 5, RootHash(Leaves(6)), RootHash(Leaves(5)), {}).ok());
  EXPECT_FALSE(ConsistencyProof(Leaves(3), 4).ok());
}

}  // namespace
}  // namespace helsekrav::trust
