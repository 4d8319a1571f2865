#include "trust/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/date.h"
#include "core/log.h"
#include "trust/encoding.h"

namespace helsekrav::trust {

namespace {

constexpr char kMetadataFile[] = "keys.json";

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string SystemError(const std::string& what) { return what + ": " + std::strerror(errno); }

// Writes `text` to a new file with mode 0600; fails if the file exists.
Status WriteNewPrivateFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(SystemError("Kan ikke opprette nøkkelfilen " + path));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Status::Unavailable(SystemError("Kan ikke skrive nøkkelfilen " + path));
  return Status::Ok();
}

// Reads a private key file after making sure only its owner can read it.
Result<std::string> ReadPrivateFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::Unavailable(SystemError("Kan ikke lese nøkkelfilen " + path));
  }
  if ((st.st_mode & 077) != 0) {
    LogWarn("private key file was readable by others; setting mode 0600", {{"path", path}});
    if (::chmod(path.c_str(), 0600) != 0) {
      return Status::Unavailable(SystemError("Kan ikke sette tilgangen 0600 på " + path));
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Status::Unavailable("Kan ikke lese nøkkelfilen " + path);
  return text.str();
}

// Holds an exclusive flock on <dir>/.lock so that two processes starting on an empty directory
// do not both generate a first key (or rotate at once).
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::string& dir)
      : fd_(::open((dir + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string Now(const Clock& clock) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch());
  return IsoTimestamp(seconds.count());
}

}  // namespace

std::string KeyId(std::string_view public_key) {
  Hash hash = Sha256(public_key);
  return Hex(HashBytes(hash)).substr(0, 16);
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  InitSodium();
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

nlohmann::json PublicKeysJson(const std::vector<PublicKey>& keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& k : keys) {
    nlohmann::json entry = {{"kid", k.kid},
                            {"alg", kEd25519},
                            {"public_key", Base64Url(k.public_key)},
                            {"created", k.created}};
    if (!k.retired.empty()) entry["retired"] = k.retired;
    list.push_back(std::move(entry));
  }
  return {{"keys", std::move(list)}};
}

Result<std::vector<PublicKey>> ParsePublicKeysJson(const nlohmann::json& document) {
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array()) {
    return Status::Invalid("keys", "Nøkkeldokumentet mangler listen «keys»");
  }
  std::vector<PublicKey> keys;
  for (std::size_t i = 0; i < document["keys"].size(); ++i) {
    const auto& entry = document["keys"][i];
    const std::string field = "keys[" + std::to_string(i) + "]";
    auto text = [&](const char* name) -> std::string {
      if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string()) return "";
      return entry[name].get<std::string>();
    };
    if (text("alg") != kEd25519) {
      return Status::Invalid(field + ".alg", "Nøkkelen er ikke en Ed25519-nøkkel");
    }
    auto raw = DecodeBase64Url(text("public_key"));
    if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) {
      return Status::Invalid(field + ".public_key",
                             "Den offentlige nøkkelen er ikke 32 byte base64url");
    }
    PublicKey key{text("kid"), *raw, text("created"), text("retired")};
    if (key.kid != KeyId(key.public_key)) {
      return Status::Invalid(field + ".kid", "Nøkkel-ID-en «" + key.kid +
                                                 "» stemmer ikke med den offentlige nøkkelen");
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<std::unique_ptr<Keyring>> Keyring::Open(const std::string& dir, const Clock& clock) {
  if (!InitSodium()) return Status::Internal("libsodium kunne ikke startes");
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Unavailable(SystemError("Kan ikke opprette nøkkelmappen " + dir));
  }
  DirectoryLock dir_lock(dir);
  if (!dir_lock.ok()) return Status::Unavailable(SystemError("Kan ikke låse nøkkelmappen " + dir));
  std::unique_ptr<Keyring> ring(new Keyring(dir, clock));
  std::lock_guard lock(ring->mutex_);
  struct stat st {};
  if (::stat((dir + "/" + kMetadataFile).c_str(), &st) == 0) {
    HK_RETURN_IF_ERROR(ring->Load());
  } else {
    HK_RETURN_IF_ERROR(ring->Generate());
  }
  return ring;
}

Keyring::~Keyring() { sodium_memzero(secret_.data(), secret_.size()); }

std::string Keyring::KeyPath(const std::string& kid) const { return dir_ + "/" + kid + ".key"; }

Status Keyring::Load() {
  std::ifstream in(dir_ + "/" + kMetadataFile);
  nlohmann::json metadata = nlohmann::json::parse(in, nullptr, false);
  if (metadata.is_discarded() || !metadata.contains("active") || !metadata["active"].is_string()) {
    return Status::Internal("Nøkkelfilen " + dir_ + "/" + kMetadataFile + " er skadet");
  }
  auto keys = ParsePublicKeysJson(metadata);
  if (!keys.ok()) {
    return Status::Internal("Nøkkelfilen " + dir_ + "/" + kMetadataFile +
                            " er skadet: " + keys.status().ToString());
  }
  keys_ = std::move(keys).value();
  active_ = metadata["active"].get<std::string>();
  auto seed_text = ReadPrivateFile(KeyPath(active_));
  if (!seed_text.ok()) return seed_text.status();
  std::string text = *seed_text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto seed = DecodeBase64Url(text);
  sodium_memzero(text.data(), text.size());
  sodium_memzero(seed_text->data(), seed_text->size());
  if (!seed || seed->size() != crypto_sign_SEEDBYTES) {
    return Status::Internal("Den private nøkkelen " + KeyPath(active_) + " er skadet");
  }
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(public_key, secret_.data(),
                           reinterpret_cast<const unsigned char*>(seed->data()));
  sodium_memzero(seed->data(), seed->size());
  std::string pk(reinterpret_cast<const char*>(public_key), sizeof public_key);
  for (const auto& k : keys_) {
    if (k.kid == active_ && k.public_key == pk && k.retired.empty()) return Status::Ok();
  }
  return Status::Internal("Den aktive nøkkelen " + active_ + " stemmer ikke med " + kMetadataFile);
}

Status Keyring::Generate() {
  unsigned char seed[crypto_sign_SEEDBYTES];
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  std::array<unsigned char, 64> secret{};
  randombytes_buf(seed, sizeof seed);
  crypto_sign_seed_keypair(public_key, secret.data(), seed);
  std::string pk(reinterpret_cast<const char*>(public_key), sizeof public_key);
  const std::string kid = KeyId(pk);
  std::string seed_text =
      Base64Url(std::string_view(reinterpret_cast<const char*>(seed), sizeof seed)) + "\n";
  sodium_memzero(seed, sizeof seed);
  Status written = WriteNewPrivateFile(KeyPath(kid), seed_text);
  sodium_memzero(seed_text.data(), seed_text.size());
  if (!written.ok()) {
    sodium_memzero(secret.data(), secret.size());
    return written;
  }
  const std::string now = Now(clock_);
  auto keys = keys_;
  for (auto& k : keys) {
    if (k.retired.empty()) k.retired = now;
  }
  keys.push_back({kid, pk, now, ""});
  std::swap(keys_, keys);
  std::string old_active = active_;
  active_ = kid;
  Status saved = SaveMetadata();
  if (!saved.ok()) {
    std::swap(keys_, keys);
    active_ = old_active;
    ::unlink(KeyPath(kid).c_str());
    sodium_memzero(secret.data(), secret.size());
    return saved;
  }
  secret_ = secret;
  sodium_memzero(secret.data(), secret.size());
  if (!old_active.empty()) ::unlink(KeyPath(old_active).c_str());
  return Status::Ok();
}

Status Keyring::SaveMetadata() const {
  nlohmann::json metadata = trust::PublicKeysJson(keys_);
  metadata["active"] = active_;
  const std::string path = dir_ + "/" + kMetadataFile;
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << metadata.dump(2) << "\n";
    out.flush();
    if (!out) return Status::Unavailable("Kan ikke skrive " + temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return Status::Unavailable(SystemError("Kan ikke skrive " + path));
  }
  return Status::Ok();
}

std::string Keyring::ActiveKid() const {
  std::lock_guard lock(mutex_);
  return active_;
}

std::string Keyring::Sign(std::string_view message) const {
  std::lock_guard lock(mutex_);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return {reinterpret_cast<const char*>(signature), sizeof signature};
}

Status Keyring::Rotate() {
  std::lock_guard lock(mutex_);
  DirectoryLock dir_lock(dir_);
  if (!dir_lock.ok()) return Status::Unavailable(SystemError("Kan ikke låse nøkkelmappen " + dir_));
  return Generate();
}

std::vector<PublicKey> Keyring::PublicKeys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

nlohmann::json Keyring::PublicKeysJson() const {
  std::lock_guard lock(mutex_);
  return trust::PublicKeysJson(keys_);
}

}  // namespace helsekrav::trust
