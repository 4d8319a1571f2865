// The Xapian implementation of SearchIndex. The index is a glass database in a private
// temporary directory (Xapian's in-memory backend has no spelling data in 1.4), written once
// and then opened read-only by a pool of handles: a Xapian::Database may not be used by two
// threads at once, so each search borrows a handle of its own.
#include "search/search_index.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "core/text.h"
#include "domain/catalog_rules.h"
#include "domain/vocabulary.h"

namespace helsekrav::search {
namespace {

constexpr std::string_view kTitlePrefix = "S";  // title words, weighted up
constexpr std::string_view kKeyPrefix = "Q";    // the record's key, folded, as one term
constexpr double kTitleBoost = 4.0;
constexpr double kKeyBoost = 25.0;
constexpr std::size_t kSnippetBytes = 220;
// Not SNIPPET_BACKGROUND_MODEL: it looks up every word of the text in the database, which made
// snippets the bulk of a search's time (a pread per B-tree block) for little visible gain.
constexpr unsigned kSnippetFlags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
// Fewer matches than this, and a spelling-corrected query that finds more wins.
constexpr std::size_t kFewResults = 3;
constexpr int kMaxLimit = 1000;
constexpr std::size_t kMaxCachedCorrections = 4096;
// Markers the snippet puts around matches; control characters are removed from the text first,
// so they cannot occur in it.
constexpr char kMarkStart[] = "\x01";
constexpr char kMarkEnd[] = "\x02";

struct DocInfo {
  DocKind kind;
  std::string key;
  std::string title;
  std::string snippet_text;  // plain text the snippet is taken from
  std::optional<domain::Area> area;
};

// Requirement texts are Markdown: keep the words, drop the markup a snippet would show.
std::string PlainText(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  bool line_start = true;
  for (std::size_t i = 0; i < markdown.size(); ++i) {
    char c = markdown[i];
    auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      line_start = c == '\n';
      continue;
    }
    if (u < 0x20 || u == 0x7F) continue;
    if (line_start &&
        (c == '#' || c == '>' ||
         ((c == '-' || c == '+') && i + 1 < markdown.size() && markdown[i + 1] == ' '))) {
      continue;
    }
    if (c == '*' || c == '`' || (c == '_' && i + 1 < markdown.size() && markdown[i + 1] == '_')) {
      if (c == '_') ++i;
      continue;
    }
    if (c == ']' && i + 1 < markdown.size() && markdown[i + 1] == '(') {
      std::size_t close = markdown.find(')', i);
      if (close != std::string_view::npos) i = close;
      continue;
    }
    if (c == '[') continue;
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    line_start = line_start && c == ' ';
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Xapian 1.4's MSet::snippet already escapes & < > in the text (the snippet test checks this);
// quotes are escaped here too so the result is also safe in an attribute, and the markers
// become <mark> elements.
std::string SnippetHtml(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  for (char c : snippet) {
    switch (c) {
      case kMarkStart[0]:
        out += "<mark>";
        break;
      case kMarkEnd[0]:
        out += "</mark>";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

// Writes documents: docids are assigned 1, 2, … in the order of `docs`.
class Writer {
 public:
  Writer(Xapian::WritableDatabase& db, std::vector<DocInfo>& docs) : db_(db), docs_(docs) {
    generator_.set_stemmer(Xapian::Stem("norwegian"));
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator_.set_database(db_);
    generator_.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  }

  // `title` is searched with a boost; `body` (plain text) is searched and highlighted; `extra`
  // is searched only (keys, identifiers, upcoming versions).
  void Add(DocKind kind, const std::string& key, const std::string& title, std::string body,
           const std::string& extra, std::optional<domain::Area> area = std::nullopt) {
    Xapian::Document doc;
    generator_.set_document(doc);
    generator_.index_text(title);
    generator_.increase_termpos();
    generator_.index_text(body);
    generator_.increase_termpos();
    generator_.index_text(extra);
    generator_.index_text(title, 1, std::string(kTitlePrefix));
    // With a within-document frequency, not as a boolean term: a boolean term weighs nothing,
    // so the key boost in Search would not lift the record above texts that merely cite it.
    doc.add_term(std::string(kKeyPrefix) + FoldCase(key), 1);
    db_.add_document(doc);
    docs_.push_back({kind, key, title, std::move(body), area});
    if (docs_.back().snippet_text.empty()) docs_.back().snippet_text = title;
  }

 private:
  Xapian::WritableDatabase& db_;
  std::vector<DocInfo>& docs_;
  Xapian::TermGenerator generator_;
};

void AddCatalog(const domain::Catalog& catalog, Date today, Writer& w) {
  for (const auto& r : catalog.requirements) {
    const domain::RequirementVersion& v = domain::VersionAt(r, today);
    std::string upcoming;
    for (const auto& later : r.versions) {
      if (later.valid_from > today && later.version != v.version) {
        upcoming += ' ' + later.title + ' ' + later.text;
      }
    }
    std::string body = PlainText(v.text);
    if (!v.legal_basis.empty()) body += " Hjemmel: " + v.legal_basis;
    w.Add(DocKind::kRequirement, r.key, v.title, std::move(body), Joined({r.key, upcoming}),
          v.area);
  }
  for (const auto& s : catalog.standards) {
    w.Add(DocKind::kStandard, s.key, s.name,
          Joined({PlainText(s.description), s.sdo, s.document_id, s.version}),
          Joined({s.key, s.legal_basis}));
  }
  for (const auto& p : catalog.profiles) {
    const domain::ProfileVersion& v = domain::VersionAt(p, today);
    std::string upcoming;
    for (const auto& later : p.versions) {
      if (later.valid_from > today && later.version != v.version) {
        upcoming += ' ' + later.name + ' ' + later.description;
      }
    }
    w.Add(DocKind::kProfile, p.key, v.name, Joined({PlainText(v.description), v.use}),
          Joined({p.key, v.category, upcoming}));
  }
  for (const auto& a : catalog.approval_schemes) {
    w.Add(DocKind::kApprovalScheme, a.key, a.name, PlainText(a.description),
          Joined({a.key, a.owner, a.renewal}));
  }
  for (const auto& o : catalog.organisations) {
    std::string ids;
    if (!o.orgnr.empty()) ids += "Org.nr. " + o.orgnr;
    if (!o.municipality_number.empty())
      ids += (ids.empty() ? "" : " ") + ("Kommunenr. " + o.municipality_number);
    w.Add(DocKind::kOrganisation, o.key, o.name, Joined({PlainText(o.description), ids}),
          Joined({o.key, o.county_number}));
  }
}

// Words of a query (maximal runs of ASCII letters/digits and non-ASCII bytes) with their
// positions, so corrections can be put back in place.
struct Word {
  std::size_t pos;
  std::size_t size;
};
std::vector<Word> Words(const std::string& text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    auto is_word = [&](std::size_t j) {
      auto c = static_cast<unsigned char>(text[j]);
      return c >= 0x80 || std::isalnum(c) != 0;
    };
    if (!is_word(i)) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && is_word(i)) ++i;
    words.push_back({start, i - start});
  }
  return words;
}

std::string LowerUtf8(const std::string& text) { return Xapian::Unicode::tolower(text); }

class XapianIndex final : public SearchIndex {
 public:
  XapianIndex(std::filesystem::path dir, std::vector<DocInfo> docs)
      : dir_(std::move(dir)), docs_(std::move(docs)) {}
  ~XapianIndex() override {
    pool_.clear();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  Result<SearchResult> Search(const SearchQuery& query) const override;

 private:
  // A read-only handle borrowed from the pool for one search.
  class Lease {
   public:
    explicit Lease(const XapianIndex& index) : index_(index) {
      {
        std::lock_guard lock(index_.mu_);
        if (!index_.pool_.empty()) {
          db_ = std::move(index_.pool_.back());
          index_.pool_.pop_back();
        }
      }
      if (!db_) db_ = std::make_unique<Xapian::Database>(index_.dir_.string());
    }
    ~Lease() {
      std::lock_guard lock(index_.mu_);
      index_.pool_.push_back(std::move(db_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Xapian::Database& db() { return *db_; }

   private:
    const XapianIndex& index_;
    std::unique_ptr<Xapian::Database> db_;
  };

  struct Run {
    Xapian::Enquire enquire;
    Xapian::MSet mset;
  };
  Run Match(Xapian::Database& db, const std::string& text) const;
  std::string Corrected(Xapian::Database& db, const std::string& text) const;

  std::filesystem::path dir_;
  std::vector<DocInfo> docs_;  // by docid - 1
  mutable std::mutex mu_;      // guards pool_ and corrections_
  mutable std::vector<std::unique_ptr<Xapian::Database>> pool_;
  // Spelling suggestions by folded word ("" = none): a lookup costs more than a whole search.
  mutable std::unordered_map<std::string, std::string> corrections_;
};

XapianIndex::Run XapianIndex::Match(Xapian::Database& db, const std::string& text) const {
  static const std::vector<std::string> kStopWords = {
      "og", "i",   "til", "på", "for", "av", "med", "som", "er",    "en",
      "et", "den", "det", "de", "å",   "at", "om",  "fra", "eller", "skal"};
  static const Xapian::SimpleStopper kStopper(kStopWords.begin(), kStopWords.end());
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("norwegian"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&kStopper);
  parser.set_default_op(Xapian::Query::OP_AND);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE;
  Xapian::Query body = parser.parse_query(text, flags);
  Xapian::Query title = parser.parse_query(text, flags, std::string(kTitlePrefix));
  Xapian::Query q(Xapian::Query::OP_AND_MAYBE, body,
                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, kTitleBoost));
  std::string trimmed = text;
  trimmed.erase(0, trimmed.find_first_not_of(' '));
  trimmed.erase(trimmed.find_last_not_of(' ') + 1);
  if (!trimmed.empty() && trimmed.find(' ') == std::string::npos) {
    // An exact key ("NHN-KJ-01") comes first, even where the words alone rank it lower.
    Xapian::Query key(std::string(kKeyPrefix) + FoldCase(trimmed));
    q = Xapian::Query(Xapian::Query::OP_OR, q,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, key, kKeyBoost));
  }
  Run run{Xapian::Enquire(db), {}};
  run.enquire.set_query(q);
  // Every match: the catalog is small, and facets and filters need them all.
  run.mset = run.enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  return run;
}

std::string XapianIndex::Corrected(Xapian::Database& db, const std::string& text) const {
  const Xapian::Stem stem("norwegian");
  std::string out = text;
  bool changed = false;
  std::vector<Word> words = Words(text);
  for (auto it = words.rbegin(); it != words.rend(); ++it) {
    std::string word = LowerUtf8(text.substr(it->pos, it->size));
    std::string suggestion;
    bool cached = false;
    {
      std::lock_guard lock(mu_);
      if (auto hit = corrections_.find(word); hit != corrections_.end()) {
        suggestion = hit->second;
        cached = true;
      }
    }
    if (!cached) {
      // Known as written or as another form of an indexed word ("journalsystemene"): no
      // suggestion. Otherwise the closest word within two edits, if any.
      if (!db.term_exists(word) && !db.term_exists("Z" + stem(word))) {
        suggestion = db.get_spelling_suggestion(word, 2);
      }
      std::lock_guard lock(mu_);
      if (corrections_.size() >= kMaxCachedCorrections) corrections_.clear();
      corrections_.emplace(word, suggestion);
    }
    if (suggestion.empty() || suggestion == word) continue;
    out.replace(it->pos, it->size, suggestion);
    changed = true;
  }
  return changed ? LowerUtf8(out) : std::string();
}

Result<SearchResult> XapianIndex::Search(const SearchQuery& query) const {
  if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid("q", "Søketeksten kan ikke være tom");
  }
  if (query.limit < 0 || query.limit > kMaxLimit || query.offset < 0) {
    return Status::Invalid("limit", "Ugyldig utsnitt av treffene");
  }
  // Control characters would collide with the snippet markers and mean nothing in a query.
  std::string text;
  for (char c : query.text) {
    auto u = static_cast<unsigned char>(c);
    text.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  const std::set<DocKind> kinds(query.kinds.begin(), query.kinds.end());
  const std::set<domain::Area> areas(query.areas.begin(), query.areas.end());
  auto kind_ok = [&](const DocInfo& d) { return kinds.empty() || kinds.count(d.kind) > 0; };
  auto area_ok = [&](const DocInfo& d) {
    return areas.empty() || (d.area.has_value() && areas.count(*d.area) > 0);
  };
  auto count = [&](const Xapian::MSet& mset) {
    std::size_t n = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const DocInfo& d = docs_[*it - 1];
      n += kind_ok(d) && area_ok(d) ? 1 : 0;
    }
    return n;
  };

  try {
    Lease lease(*this);
    Xapian::Database& db = lease.db();
    Run run = Match(db, text);
    SearchResult result;
    std::size_t total = count(run.mset);
    if (total < kFewResults) {
      std::string corrected = Corrected(db, text);
      if (!corrected.empty()) {
        Run better = Match(db, corrected);
        if (count(better.mset) > total) {
          run = std::move(better);
          result.corrected = std::move(corrected);
        }
      }
    }

    std::vector<int> kind_counts(5, 0);
    std::vector<int> area_counts(domain::AllCodes<domain::Area>().size(), 0);
    const Xapian::Stem stem("norwegian");
    std::size_t position = 0;
    for (auto it = run.mset.begin(); it != run.mset.end(); ++it) {
      const DocInfo& d = docs_[*it - 1];
      bool by_kind = kind_ok(d);
      bool by_area = area_ok(d);
      // Each facet counts as if its own filter were not set, so other values stay choosable.
      if (by_area) ++kind_counts[static_cast<std::size_t>(d.kind)];
      if (by_kind && d.area) ++area_counts[static_cast<std::size_t>(*d.area)];
      if (!by_kind || !by_area) continue;
      if (position >= static_cast<std::size_t>(query.offset) &&
          position <
              static_cast<std::size_t>(query.offset) + static_cast<std::size_t>(query.limit)) {
        std::string snippet = run.mset.snippet(d.snippet_text, kSnippetBytes, stem, kSnippetFlags,
                                               kMarkStart, kMarkEnd, "…");
        result.hits.push_back({d.kind, d.key, d.title, SnippetHtml(snippet), it.get_weight()});
      }
      ++position;
    }
    result.total = position;
    for (std::size_t k = 0; k < kind_counts.size(); ++k) {
      if (kind_counts[k] > 0) {
        result.kinds.push_back({std::string(Code(static_cast<DocKind>(k))), kind_counts[k]});
      }
    }
    for (std::size_t a = 0; a < area_counts.size(); ++a) {
      if (area_counts[a] > 0) {
        result.areas.push_back(
            {std::string(domain::Code(static_cast<domain::Area>(a))), area_counts[a]});
      }
    }
    return result;
  } catch (const Xapian::QueryParserError& e) {
    return Status::Invalid("q", "Søket kunne ikke tolkes: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return Status::Internal("search: " + e.get_description());
  }
}

}  // namespace

std::string_view Code(DocKind kind) {
  switch (kind) {
    case DocKind::kRequirement:
      return "requirement";
    case DocKind::kStandard:
      return "standard";
    case DocKind::kProfile:
      return "profile";
    case DocKind::kApprovalScheme:
      return "approval_scheme";
    case DocKind::kOrganisation:
      return "organisation";
  }
  return {};
}

std::optional<DocKind> ParseDocKind(std::string_view code) {
  for (DocKind k : kAllDocKinds) {
    if (Code(k) == code) return k;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kDirPrefix = "helsekrav-search-";

// Removes index directories left behind by processes that no longer run (a server killed with
// SIGKILL cannot clean up). Directory names carry the owner's pid: helsekrav-search-PID-XXXXXX.
void SweepAbandonedIndexes(const std::filesystem::path& base) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kDirPrefix, 0) != 0) continue;
    std::size_t dash = name.find('-', kDirPrefix.size());
    std::string pid_text = name.substr(kDirPrefix.size(), dash - kDirPrefix.size());
    if (dash == std::string::npos || pid_text.empty() ||
        pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) {
      continue;
    }
    pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace

Result<std::unique_ptr<SearchIndex>> BuildSearchIndex(const domain::Catalog& catalog, Date today) {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) base = "/tmp";
  SweepAbandonedIndexes(base);
  std::string pattern =
      (base / (std::string(kDirPrefix) + std::to_string(getpid()) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::Internal("search: cannot create a directory in " + base.string());
  }
  std::filesystem::path dir = pattern;
  std::vector<DocInfo> docs;
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                  Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
    Writer writer(db, docs);
    AddCatalog(catalog, today, writer);
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    std::filesystem::remove_all(dir, ec);
    return Status::Internal("search: " + e.get_description());
  }
  return std::unique_ptr<SearchIndex>(std::make_unique<XapianIndex>(dir, std::move(docs)));
}

}  // namespace helsekrav::search
