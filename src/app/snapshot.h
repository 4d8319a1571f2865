#pragma once
// The published catalog as an immutable in-memory snapshot: the catalog, its derived indexes,
// and responses serialised ahead of time. Readers share it through shared_ptr<const Snapshot>;
// a change builds a new one and swaps the pointer, so reads never wait and never touch the
// database. Immutable after publication, hence thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/catalog.h"
#include "domain/catalog_rules.h"
#include "search/search_index.h"

namespace helsekrav::app {

// A response body rendered once, with its strong ETag.
struct PreparedBody {
  std::string body;
  std::string etag;  // quoted, e.g. "\"3f2a…\""
  std::string content_type;
};

class Snapshot {
 public:
  // Also builds the search index over `catalog` (see search()).
  Snapshot(domain::Catalog catalog, std::int64_t revision, Date today);

  const domain::Catalog& catalog() const { return catalog_; }
  const domain::CategoryTree& tree() const { return tree_; }
  std::int64_t revision() const { return revision_; }
  // The date "now" stands for in this snapshot; a new snapshot is built when the day changes.
  Date today() const { return today_; }

  const domain::Requirement* FindRequirement(const std::string& key) const;
  const domain::Standard* FindStandard(const std::string& key) const;
  const domain::Profile* FindProfile(const std::string& key) const;
  const domain::ApprovalScheme* FindScheme(const std::string& key) const;
  // By key or by organisasjonsnummer.
  const domain::Organisation* FindOrganisation(const std::string& key_or_orgnr) const;
  const domain::Category* FindCategory(const std::string& key) const;
  const domain::InteropService* FindService(const std::string& key) const;
  const domain::NationalSolution* FindSolution(const std::string& key) const;

  // Requirement keys (versions in force today) verified by a scheme.
  const std::vector<std::string>& RequirementsVerifiedBy(const std::string& scheme) const;

  // The full-text index of this snapshot's catalog; nullptr only when building it failed (the
  // constructor logs why). Search() on it is thread-safe.
  const search::SearchIndex* search() const { return search_.get(); }
  // How long building the search index took, in milliseconds.
  double search_build_ms() const { return search_build_ms_; }

  // Pre-rendered responses by request target ("/api/v1/requirements"); nullptr when absent.
  const PreparedBody* Prepared(const std::string& target) const;
  // Only while building, before the snapshot is published.
  void AddPrepared(std::string target, PreparedBody body);

 private:
  template <typename T>
  using Index = std::unordered_map<std::string, const T*>;

  domain::Catalog catalog_;
  domain::CategoryTree tree_;
  std::int64_t revision_;
  Date today_;
  Index<domain::Requirement> requirements_;
  Index<domain::Standard> standards_;
  Index<domain::Profile> profiles_;
  Index<domain::ApprovalScheme> schemes_;
  Index<domain::Organisation> organisations_;
  Index<domain::Category> categories_;
  Index<domain::InteropService> services_;
  Index<domain::NationalSolution> solutions_;
  std::map<std::string, std::vector<std::string>> verified_by_;
  std::unordered_map<std::string, PreparedBody> prepared_;
  std::unique_ptr<search::SearchIndex> search_;
  double search_build_ms_ = 0;
};

// Fills a new snapshot's prepared responses before it is published (given by the HTTP layer).
using SnapshotPreparer = std::function<void(Snapshot&)>;

}  // namespace helsekrav::app
