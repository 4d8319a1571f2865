#pragma once
// The service's Ed25519 signing keys (libsodium) and the published list of its public keys.
//
// A Keyring lives in one directory (normally <data dir>/keys/):
//   keys.json     public metadata: {"active": kid, "keys": [{kid, public_key, created, retired?}]}
//   <kid>.key     the active key's 32-byte seed in base64url, mode 0600, created with O_EXCL
// The first key is generated when the directory holds none. Rotate() makes a new active key,
// marks the old one retired, keeps its public key (so old signatures still verify) and deletes
// its private key file, so a retired key can never sign again. Open and Rotate hold an flock
// on <dir>/.lock, so two processes starting on an empty directory agree on one first key. A
// keyring does not notice a rotation made by another process: it keeps signing with the key it
// loaded (now retired, still published) until it is reopened.
//
// A key id (kid) is the first 16 hex characters of SHA-256 of the raw 32-byte public key, so
// anyone can recompute it from the published key.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"

namespace helsekrav::trust {

inline constexpr char kEd25519[] = "Ed25519";

struct PublicKey {
  std::string kid;
  std::string public_key;  // 32 raw bytes
  std::string created;     // RFC 3339, UTC
  std::string retired;     // RFC 3339, UTC; empty while the key is active
};

// First 16 hex characters of SHA-256(public_key).
std::string KeyId(std::string_view public_key);

// Verifies a detached Ed25519 signature (64 bytes) over `message`.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// The document served at /.well-known/helsekrav-keys.json:
// {"keys":[{"kid","alg":"Ed25519","public_key":base64url,"created","retired"?}]}
nlohmann::json PublicKeysJson(const std::vector<PublicKey>& keys);
// Reads that document strictly: every key must be Ed25519 with 32 bytes of base64url and a kid
// that matches its public key. Invalid with a Norwegian message otherwise.
Result<std::vector<PublicKey>> ParsePublicKeysJson(const nlohmann::json& document);

// Thread-safe: every method may be called from any thread (one mutex).
class Keyring {
 public:
  // Opens (or creates, mode 0700) `dir`, loads the active key or generates the first one, and
  // tightens a private key file readable by others to 0600. `clock` must outlive the keyring.
  // Unavailable when the directory cannot be written or read; Internal when files disagree.
  static Result<std::unique_ptr<Keyring>> Open(const std::string& dir, const Clock& clock);

  ~Keyring();
  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;

  std::string ActiveKid() const;
  // A detached Ed25519 signature (64 raw bytes) with the active key.
  std::string Sign(std::string_view message) const;
  // A new active key; the old one is retired (public key kept, private key deleted).
  Status Rotate();
  // Every key ever used, oldest first.
  std::vector<PublicKey> PublicKeys() const;
  nlohmann::json PublicKeysJson() const;

 private:
  Keyring(std::string dir, const Clock& clock) : dir_(std::move(dir)), clock_(clock) {}
  Status Load();
  Status Generate();  // a new active key, recorded in keys.json
  Status SaveMetadata() const;
  std::string KeyPath(const std::string& kid) const;

  const std::string dir_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::vector<PublicKey> keys_;             // guarded by mutex_
  std::string active_;                      // guarded by mutex_
  std::array<unsigned char, 64> secret_{};  // guarded by mutex_; wiped on destruction
};

}  // namespace helsekrav::trust
