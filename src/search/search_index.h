#pragma once
// Full-text search over the catalog (requirements, standards, profiles, approval schemes and
// organisations) with Xapian: Norwegian stemming ("journalsystemer" finds "journalsystem"),
// spelling correction for typos ("kjernejurnal" finds Kjernejournal), facets by kind and area,
// highlighted snippets, and ranking that puts title matches first.
// Built once per catalog snapshot; immutable afterwards. Search() is thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/catalog.h"

namespace helsekrav::search {

enum class DocKind { kRequirement, kStandard, kProfile, kApprovalScheme, kOrganisation };
inline constexpr DocKind kAllDocKinds[] = {DocKind::kRequirement, DocKind::kStandard,
                                           DocKind::kProfile, DocKind::kApprovalScheme,
                                           DocKind::kOrganisation};

struct SearchQuery {
  std::string text;
  std::vector<DocKind> kinds;       // empty = all
  std::vector<domain::Area> areas;  // non-empty: only requirements in these areas
  int offset = 0;                   // into the ranked, filtered matches
  int limit = 20;                   // 0..1000
};

struct SearchHit {
  DocKind kind;
  std::string key;
  std::string title;
  std::string snippet_html;  // escaped text with <mark>…</mark> around matches; safe to embed
  double score = 0;
};

struct FacetCount {
  std::string value;  // DocKind code ("requirement", …) or area code
  int count = 0;
};

struct SearchResult {
  std::string corrected;  // the spelling-corrected query actually used, or "" if none
  std::size_t total = 0;  // matches after the kind and area filters (exact)
  std::vector<SearchHit> hits;
  // Non-zero counts in declaration order. Each facet is counted with the other facet's filter
  // applied but not its own, so a page can offer the other values of a chosen facet.
  std::vector<FacetCount> kinds;
  std::vector<FacetCount> areas;
};

// "requirement", "standard", "profile", "approval_scheme", "organisation".
std::string_view Code(DocKind kind);
std::optional<DocKind> ParseDocKind(std::string_view code);

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Ranked matches: an exact key first, then title matches before text-only ones. When the
  // query finds fewer than three records, a spelling-corrected query that finds more is used
  // instead and reported in `corrected`. Invalid (field "q") for an empty or unparsable query,
  // (field "limit") for a bad offset/limit; Internal on a Xapian error. Thread-safe.
  virtual Result<SearchResult> Search(const SearchQuery& query) const = 0;
};

// Indexes the versions in force on `today` (and the words of upcoming ones). The index lives
// in a private temporary directory that the returned object removes when destroyed.
// Internal on a Xapian or file-system error.
Result<std::unique_ptr<SearchIndex>> BuildSearchIndex(const domain::Catalog& catalog, Date today);

}  // namespace helsekrav::search
