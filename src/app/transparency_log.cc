#include "app/transparency_log.h"

#include <algorithm>
#include <span>
#include <utility>

#include "core/date.h"
#include "trust/canonical_json.h"
#include "trust/merkle.h"

namespace helsekrav::app {

namespace {

constexpr std::uint64_t kMaxEntriesPerRead = 1000;
constexpr std::int64_t kHeadMaxAgeSeconds = 60;

std::int64_t NowSeconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

LogEntry ToEntry(store::LogEntryRecord record) {
  LogEntry entry;
  entry.index = static_cast<std::uint64_t>(record.idx);
  entry.subject_id = std::move(record.subject_id);
  entry.created_at = record.created_at;
  entry.statement = nlohmann::json::parse(record.leaf, nullptr, false);
  if (entry.statement.is_discarded()) entry.statement = nullptr;
  entry.leaf = std::move(record.leaf);
  return entry;
}

Status RequireText(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_string() || it->get<std::string>().empty()) {
    return Status::Invalid(name, std::string("Utsagnet mangler «") + name + "»");
  }
  return Status::Ok();
}

// Why a stored entry is not what was signed and logged; empty when it is.
std::string EntryProblem(const store::LogEntryRecord& record,
                         const std::vector<trust::PublicKey>& keys) {
  auto statement = nlohmann::json::parse(record.leaf, nullptr, false);
  if (statement.is_discarded()) return "oppføringen er ikke gyldig JSON";
  auto canonical = trust::StatementLeaf(statement);
  if (!canonical.ok() || *canonical != record.leaf) {
    return "oppføringen er ikke lagret i kanonisk JSON";
  }
  auto key = trust::VerifyStatement(statement, keys);
  if (!key.ok()) return key.status().message();
  return "";
}

Status Damaged(std::int64_t idx, const std::string& why) {
  return Status::Internal("Transparensloggen er endret eller skadet ved oppføring " +
                          std::to_string(idx + 1) + " (leaf_index " + std::to_string(idx) +
                          "): " + why + ".");
}

}  // namespace

TransparencyLog::TransparencyLog(store::Store& store, trust::Keyring& keyring, const Clock& clock)
    : store_(store), keyring_(keyring), clock_(clock) {}

Result<nlohmann::json> TransparencyLog::Sign(const nlohmann::json& payload) const {
  if (!payload.is_object()) return Status::Invalid("payload", "Innholdet må være et JSON-objekt");
  HK_RETURN_IF_ERROR(RequireText(payload, "type"));
  HK_RETURN_IF_ERROR(RequireText(payload, "subject"));
  nlohmann::json complete = payload;
  if (!complete.contains("issued_at")) complete["issued_at"] = IsoTimestamp(NowSeconds(clock_));
  return trust::SignStatement(complete, keyring_);
}

Status TransparencyLog::Extend() {
  auto size = store_.LogSize();
  if (!size.ok()) return size.status();
  auto have = static_cast<std::int64_t>(leaf_hashes_.size());
  if (*size < have) {
    return Status::Internal("Transparensloggen har blitt kortere: " + std::to_string(*size) +
                            " oppføringer, men " + std::to_string(have) + " var lest før.");
  }
  while (have < *size) {
    auto batch = store_.ReadLogEntries(
        have, std::min(*size, have + static_cast<std::int64_t>(kMaxEntriesPerRead)));
    if (!batch.ok()) return batch.status();
    if (batch->empty()) return Damaged(have, "oppføringen mangler");
    for (const store::LogEntryRecord& record : *batch) {
      if (record.idx != have) return Damaged(have, "oppføringen mangler");
      leaf_hashes_.push_back(trust::LeafHash(record.leaf));
      ++have;
    }
  }
  return Status::Ok();
}

trust::TreeHead TransparencyLog::HeadLocked() {
  std::int64_t now = NowSeconds(clock_);
  if (head_ && head_->tree_size == leaf_hashes_.size() &&
      now - head_signed_at_ < kHeadMaxAgeSeconds && now >= head_signed_at_) {
    return *head_;
  }
  head_ = trust::SignTreeHead(leaf_hashes_.size(), trust::RootHash(leaf_hashes_), IsoTimestamp(now),
                              keyring_);
  head_signed_at_ = now;
  return *head_;
}

Result<trust::TreeHead> TransparencyLog::TreeHead() {
  std::lock_guard lock(mu_);
  HK_RETURN_IF_ERROR(Extend());
  return HeadLocked();
}

Result<std::vector<LogEntry>> TransparencyLog::Entries(std::uint64_t start, std::uint64_t end) {
  auto size = store_.LogSize();
  if (!size.ok()) return size.status();
  end = std::min({end, static_cast<std::uint64_t>(*size), start + kMaxEntriesPerRead});
  std::vector<LogEntry> out;
  if (start >= end) return out;
  auto records =
      store_.ReadLogEntries(static_cast<std::int64_t>(start), static_cast<std::int64_t>(end));
  if (!records.ok()) return records.status();
  for (store::LogEntryRecord& record : *records) out.push_back(ToEntry(std::move(record)));
  return out;
}

Result<LogEntry> TransparencyLog::Entry(std::uint64_t index) {
  auto entries = Entries(index, index + 1);
  if (!entries.ok()) return entries.status();
  if (entries->empty()) {
    return Status::NotFound("Loggen har ingen oppføring med indeks " + std::to_string(index) + ".");
  }
  return std::move(entries->front());
}

Result<std::vector<LogEntry>> TransparencyLog::EntriesFor(const std::string& subject_id) {
  auto records = store_.LogEntriesFor(subject_id);
  if (!records.ok()) return records.status();
  std::vector<LogEntry> out;
  for (store::LogEntryRecord& record : *records) out.push_back(ToEntry(std::move(record)));
  return out;
}

Result<trust::ProofDocument> TransparencyLog::Proof(std::uint64_t index,
                                                    std::optional<std::uint64_t> previous_size) {
  std::lock_guard lock(mu_);
  HK_RETURN_IF_ERROR(Extend());
  const std::uint64_t size = leaf_hashes_.size();
  if (index >= size) {
    return Status::NotFound("Loggen har ingen oppføring med indeks " + std::to_string(index) + ".");
  }
  if (previous_size && *previous_size > size) {
    return Status::Invalid("previous_size", "Loggen har bare " + std::to_string(size) +
                                                " oppføringer, ikke " +
                                                std::to_string(*previous_size));
  }
  trust::ProofDocument proof;
  proof.leaf_index = index;
  proof.tree_size = size;
  auto inclusion = trust::InclusionProof(leaf_hashes_, index);
  if (!inclusion.ok()) return inclusion.status();
  proof.inclusion = std::move(inclusion).value();
  proof.tree_head = HeadLocked();
  if (previous_size) {
    proof.previous_size = previous_size;
    auto consistency = trust::ConsistencyProof(leaf_hashes_, *previous_size);
    if (!consistency.ok()) return consistency.status();
    proof.consistency = std::move(consistency).value();
  }
  return proof;
}

Result<trust::ConsistencyDocument> TransparencyLog::Consistency(std::uint64_t first,
                                                                std::uint64_t second) {
  std::lock_guard lock(mu_);
  HK_RETURN_IF_ERROR(Extend());
  const std::uint64_t size = leaf_hashes_.size();
  if (second > size) {
    return Status::Invalid("second", "Loggen har bare " + std::to_string(size) +
                                         " oppføringer, ikke " + std::to_string(second));
  }
  if (first > second) {
    return Status::Invalid("first", "Det første treet kan ikke være større enn det andre");
  }
  std::span<const trust::Hash> tree(leaf_hashes_.data(), second);
  auto proof = trust::ConsistencyProof(tree, first);
  if (!proof.ok()) return proof.status();
  return trust::ConsistencyDocument{first, second, std::move(proof).value()};
}

Status TransparencyLog::Audit() {
  std::lock_guard lock(mu_);
  const std::vector<trust::PublicKey> keys = keyring_.PublicKeys();
  auto size = store_.LogSize();
  if (!size.ok()) return size.status();
  if (*size < static_cast<std::int64_t>(leaf_hashes_.size())) {
    return Damaged(*size, "oppføringen er fjernet");
  }
  std::vector<trust::Hash> hashes;
  hashes.reserve(static_cast<std::size_t>(*size));
  for (std::int64_t start = 0; start < *size;
       start += static_cast<std::int64_t>(kMaxEntriesPerRead)) {
    auto batch = store_.ReadLogEntries(
        start, std::min(*size, start + static_cast<std::int64_t>(kMaxEntriesPerRead)));
    if (!batch.ok()) return batch.status();
    for (const store::LogEntryRecord& record : *batch) {
      const auto expected = static_cast<std::int64_t>(hashes.size());
      if (record.idx != expected) return Damaged(expected, "oppføringen mangler");
      std::string problem = EntryProblem(record, keys);
      if (!problem.empty()) return Damaged(record.idx, problem);
      hashes.push_back(trust::LeafHash(record.leaf));
      // Tree heads already published from the cache cover the leaf as it was then.
      if (hashes.size() <= leaf_hashes_.size() &&
          leaf_hashes_[hashes.size() - 1] != hashes.back()) {
        return Damaged(record.idx, "oppføringen er ikke lenger den som er publisert i trehodet");
      }
    }
  }
  if (static_cast<std::int64_t>(hashes.size()) != *size) {
    return Damaged(static_cast<std::int64_t>(hashes.size()), "oppføringen mangler");
  }
  leaf_hashes_ = std::move(hashes);
  return Status::Ok();
}

}  // namespace helsekrav::app
