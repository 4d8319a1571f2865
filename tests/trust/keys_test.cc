// The keyring: generated on first use with 0600 private files, reloaded, rotated, published.
#include "trust/keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "trust/encoding.h"
#include "trust_test_util.h"

namespace helsekrav::trust {
namespace {

using test_util::ScratchDir;

unsigned Mode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(KeyringTest, GeneratesAPrivateKeyOnlyItsOwnerCanRead) {
  ScratchDir tmp;
  FixedClock clock(*Date::Parse("2026-11-23"));
  const std::string dir = tmp.path() + "/keys";
  auto ring = Keyring::Open(dir, clock);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  const std::string kid = (*ring)->ActiveKid();
  EXPECT_EQ(kid.size(), 16u);
  EXPECT_EQ(Mode(dir + "/" + kid + ".key"), 0600u);
  EXPECT_EQ(Mode(dir), 0700u);

  auto keys = (*ring)->PublicKeys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].kid, kid);
  EXPECT_EQ(kid, Hex(HashBytes(Sha256(keys[0].public_key))).substr(0, 16));
  EXPECT_EQ(keys[0].created, "2026-11-23T00:00:00Z");
  EXPECT_TRUE(keys[0].retired.empty());

  std::string sig = (*ring)->Sign("melding");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(VerifySignature(keys[0].public_key, "melding", sig));
  EXPECT_FALSE(VerifySignature(keys[0].public_key, "melding!", sig));
  sig[10] ^= 0x01;
  EXPECT_FALSE(VerifySignature(keys[0].public_key, "melding", sig));
  EXPECT_FALSE(VerifySignature(keys[0].public_key.substr(1), "melding", sig));
}

TEST(KeyringTest, ReopensTheSameKeyAndRepairsPermissions) {
  ScratchDir tmp;
  FixedClock clock(*Date::Parse("2026-11-23"));
  std::string kid, public_key;
  {
    auto ring = Keyring::Open(tmp.path(), clock);
    ASSERT_TRUE(ring.ok());
    kid = (*ring)->ActiveKid();
    public_key = (*ring)->PublicKeys()[0].public_key;
  }
  const std::string key_file = tmp.path() + "/" + kid + ".key";
  ASSERT_EQ(::chmod(key_file.c_str(), 0644), 0);
  auto ring = Keyring::Open(tmp.path(), clock);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->ActiveKid(), kid);
  EXPECT_EQ(Mode(key_file), 0600u);
  EXPECT_TRUE(VerifySignature(public_key, "x", (*ring)->Sign("x")));
}

TEST(KeyringTest, RefusesADamagedPrivateKey) {
  ScratchDir tmp;
  FixedClock clock(*Date::Parse("2026-11-23"));
  std::string kid;
  {
    auto ring = Keyring::Open(tmp.path(), clock);
    ASSERT_TRUE(ring.ok());
    kid = (*ring)->ActiveKid();
  }
  std::filesystem::remove(tmp.path() + "/" + kid + ".key");
  EXPECT_FALSE(Keyring::Open(tmp.path(), clock).ok());
  {
    std::ofstream out(tmp.path() + "/" + kid + ".key");
    out << Base64Url(std::string(32, 'x')) << "\n";  // a seed, but not this key's
  }
  EXPECT_FALSE(Keyring::Open(tmp.path(), clock).ok());
}

TEST(KeyringTest, RotationKeepsOldPublicKeysAndDropsOldPrivateKeys) {
  ScratchDir tmp;
  FixedClock clock(*Date::Parse("2026-11-23"));
  auto ring = Keyring::Open(tmp.path(), clock);
  ASSERT_TRUE(ring.ok());
  const std::string first = (*ring)->ActiveKid();
  const std::string old_sig = (*ring)->Sign("før");
  clock.Set(*Date::Parse("2027-01-01"));
  ASSERT_TRUE((*ring)->Rotate().ok());
  const std::string second = (*ring)->ActiveKid();
  EXPECT_NE(first, second);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() + "/" + first + ".key"));
  EXPECT_EQ(Mode(tmp.path() + "/" + second + ".key"), 0600u);

  auto keys = (*ring)->PublicKeys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].kid, first);
  EXPECT_EQ(keys[0].retired, "2027-01-01T00:00:00Z");
  EXPECT_EQ(keys[1].kid, second);
  EXPECT_TRUE(keys[1].retired.empty());
  EXPECT_TRUE(VerifySignature(keys[0].public_key, "før", old_sig));
  EXPECT_TRUE(VerifySignature(keys[1].public_key, "etter", (*ring)->Sign("etter")));
  EXPECT_FALSE(VerifySignature(keys[0].public_key, "etter", (*ring)->Sign("etter")));

  // The rotation survives a restart.
  auto reopened = Keyring::Open(tmp.path(), clock);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->ActiveKid(), second);
  EXPECT_EQ((*reopened)->PublicKeys().size(), 2u);
}

TEST(KeyringTest, PublishesAndReadsTheWellKnownDocument) {
  ScratchDir tmp;
  FixedClock clock(*Date::Parse("2026-11-23"));
  auto ring = Keyring::Open(tmp.path(), clock);
  ASSERT_TRUE(ring.ok());
  ASSERT_TRUE((*ring)->Rotate().ok());
  nlohmann::json doc = (*ring)->PublicKeysJson();
  ASSERT_EQ(doc["keys"].size(), 2u);
  EXPECT_EQ(doc["keys"][0]["alg"], "Ed25519");
  EXPECT_TRUE(doc["keys"][0].contains("retired"));
  EXPECT_FALSE(doc["keys"][1].contains("retired"));
  EXPECT_EQ(doc["keys"][1]["public_key"].get<std::string>().size(), 43u);
  EXPECT_EQ(doc.dump().find("seed"), std::string::npos);

  auto parsed = ParsePublicKeysJson(doc);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].public_key, (*ring)->PublicKeys()[1].public_key);

  nlohmann::json wrong_kid = doc;
  wrong_kid["keys"][0]["kid"] = doc["keys"][1]["kid"];
  EXPECT_FALSE(ParsePublicKeysJson(wrong_kid).ok());
  nlohmann::json wrong_alg = doc;
  wrong_alg["keys"][0]["alg"] = "RS256";
  EXPECT_FALSE(ParsePublicKeysJson(wrong_alg).ok());
  nlohmann::json short_key = doc;
  short_key["keys"][0]["public_key"] = "AAAA";
  EXPECT_FALSE(ParsePublicKeysJson(short_key).ok());
  EXPECT_FALSE(ParsePublicKeysJson(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace helsekrav::trust
