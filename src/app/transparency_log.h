#pragma once
// The transparency log: every approval state change and every label issued or lost becomes a
// signed statement (trust/statement.h) appended to an append-only Merkle log (RFC 9162) kept in
// the database (store.h log entries). Anyone can fetch a statement with its inclusion proof and
// a signed tree head and check them offline with `helsekrav verify` (docs/trust.md).
//
// Writers sign a statement with Sign() before their transaction and append its leaf in the
// same transaction (internal::WriteSet::log_entries → Transaction::AppendLogEntry), so a change
// and its statement are committed together or not at all. Readers get tree heads and proofs
// from here; leaf hashes are cached in memory and extended from the database when the log
// grows (so another server's appends are seen on the next read).
//
// Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"
#include "trust/keys.h"
#include "trust/statement.h"

namespace helsekrav::app {

// What a statement is about; the payload's "type".
//   approval.issued | approval.renewed | approval.suspended | approval.reinstated |
//   approval.revoked | approval.expired | label.issued | label.withdrawn
struct LogEntry {
  std::uint64_t index = 0;
  std::string subject_id;  // approval id, or "<product version id>/<profile>" for labels
  std::int64_t created_at = 0;
  std::string leaf;          // the stored bytes: CanonicalJson(statement), served as they are
  nlohmann::json statement;  // null when the stored bytes are not JSON (a damaged entry)
};

class TransparencyLog {
 public:
  // References must outlive the log.
  TransparencyLog(store::Store& store, trust::Keyring& keyring, const Clock& clock);

  // A signed statement over `payload`: an object with a non-empty string "type" and "subject"
  // (Invalid naming the field otherwise); "issued_at" (RFC 3339, now) is added when absent.
  // Does not touch the database.
  Result<nlohmann::json> Sign(const nlohmann::json& payload) const;

  // The current size and a tree head signed now (cached while the size does not change and
  // the head is younger than a minute).
  Result<trust::TreeHead> TreeHead();
  // Entries [start, end) (end clamped to the size; at most 1000).
  Result<std::vector<LogEntry>> Entries(std::uint64_t start, std::uint64_t end);
  Result<LogEntry> Entry(std::uint64_t index);
  // Entries about one subject, oldest first.
  Result<std::vector<LogEntry>> EntriesFor(const std::string& subject_id);
  // The proof document for entry `index` against the current tree head; with `previous_size`
  // (≤ current size) also the consistency proof from the tree of that size. No tree head is
  // signed for the earlier size: the verifier checks the proof against a head it got before.
  Result<trust::ProofDocument> Proof(std::uint64_t index,
                                     std::optional<std::uint64_t> previous_size);
  Result<trust::ConsistencyDocument> Consistency(std::uint64_t first, std::uint64_t second);

  // Recomputes every leaf hash from the stored entries and checks each statement's signature;
  // Internal naming the first bad index when a stored entry was changed (also when it no longer
  // matches the leaf hash this log cached earlier). For `helsekrav serve` at start and tests.
  Status Audit();

  const trust::Keyring& keyring() const { return keyring_; }

 private:
  Status Extend();               // reads entries appended since the cache was filled; mu_ held
  trust::TreeHead HeadLocked();  // the head over every cached leaf; mu_ held, after Extend

  store::Store& store_;
  trust::Keyring& keyring_;
  const Clock& clock_;
  std::mutex mu_;
  std::vector<trust::Hash> leaf_hashes_;  // guarded by mu_
  std::optional<trust::TreeHead> head_;   // guarded by mu_
  std::int64_t head_signed_at_ = 0;       // guarded by mu_
};

}  // namespace helsekrav::app
