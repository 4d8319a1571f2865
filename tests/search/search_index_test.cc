// The search index over the default catalog: Norwegian stemming, typo tolerance, ranking,
// facets, safe snippets, identifiers, and concurrent use.
#include "search/search_index.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <algorithm>
#include <thread>

#include "cli/common.h"
#include "core/text.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::search {
namespace {

using testing::D;

using testing::DefaultCatalog;

class SearchIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto index = BuildSearchIndex(DefaultCatalog(), D("2026-11-23"));
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value().release();
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }

  static SearchResult Find(const std::string& text, std::vector<DocKind> kinds = {},
                           std::vector<domain::Area> areas = {}, int limit = 20) {
    SearchQuery q;
    q.text = text;
    q.kinds = std::move(kinds);
    q.areas = std::move(areas);
    q.limit = limit;
    auto result = index_->Search(q);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(result).value() : SearchResult{};
  }

  static const domain::RequirementVersion* Current(const std::string& key) {
    for (const auto& r : DefaultCatalog().requirements) {
      if (r.key == key) return &r.versions.back();
    }
    return nullptr;
  }

  static SearchIndex* index_;
};
SearchIndex* SearchIndexTest::index_ = nullptr;

TEST_F(SearchIndexTest, StemmingFindsTheSingularFromThePlural) {
  SearchResult r = Find("journalsystemer", {DocKind::kRequirement});
  ASSERT_FALSE(r.hits.empty());
  bool found = false;
  for (const SearchHit& hit : r.hits) {
    const auto* v = Current(hit.key);
    ASSERT_NE(v, nullptr) << hit.key;
    std::string words = FoldCase(v->title + " " + v->text);
    if (words.find("journalsystem") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(r.corrected, "");
}

TEST_F(SearchIndexTest, TypoIsCorrected) {
  SearchResult r = Find("kjernejurnal");
  EXPECT_EQ(r.corrected, "kjernejournal");
  ASSERT_FALSE(r.hits.empty());
  bool kjernejournal = std::any_of(r.hits.begin(), r.hits.end(), [](const SearchHit& h) {
    return h.kind == DocKind::kRequirement &&
           FoldCase(h.title).find("kjernejournal") != std::string::npos;
  });
  EXPECT_TRUE(kjernejournal);
}

TEST_F(SearchIndexTest, CorrectWordsAreNotCorrected) {
  SearchResult r = Find("kjernejournal");
  EXPECT_EQ(r.corrected, "");
  EXPECT_GE(r.total, 3u);
}

TEST_F(SearchIndexTest, ExactKeyRanksFirst) {
  SearchResult r = Find("NHN-KJ-01");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].key, "NHN-KJ-01");
  r = Find("nhn-kj-01");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].key, "NHN-KJ-01");
}

TEST_F(SearchIndexTest, OrganisationNumberFindsTheOrganisation) {
  SearchResult r = Find("983544622");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].kind, DocKind::kOrganisation);
  EXPECT_EQ(r.hits[0].key, "helsedirektoratet");
  EXPECT_EQ(r.hits[0].title, "Helsedirektoratet");
  EXPECT_NE(r.hits[0].snippet_html.find("<mark>983544622</mark>"), std::string::npos)
      << r.hits[0].snippet_html;
}

TEST_F(SearchIndexTest, MunicipalityByName) {
  SearchResult r = Find("bergen", {DocKind::kOrganisation});
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].title, "Bergen");
}

TEST_F(SearchIndexTest, FacetsCountEveryMatchAndIgnoreTheirOwnFilter) {
  SearchResult all = Find("journal");
  ASSERT_GT(all.total, 0u);
  int kinds_sum = 0;
  for (const auto& f : all.kinds) kinds_sum += f.count;
  EXPECT_EQ(static_cast<std::size_t>(kinds_sum), all.total);

  int requirements = 0;
  for (const auto& f : all.kinds) {
    if (f.value == "requirement") requirements = f.count;
  }
  int areas_sum = 0;
  for (const auto& f : all.areas) areas_sum += f.count;
  EXPECT_EQ(areas_sum, requirements);

  // Filtering by kind leaves the kind facet as it was and narrows the total.
  SearchResult only = Find("journal", {DocKind::kRequirement}, {}, 100);
  EXPECT_EQ(only.total, static_cast<std::size_t>(requirements));
  EXPECT_EQ(only.kinds.size(), all.kinds.size());
  for (const SearchHit& h : only.hits) EXPECT_EQ(h.kind, DocKind::kRequirement);

  // Filtering by area counts what each area has, and only requirements of that area match.
  ASSERT_FALSE(all.areas.empty());
  auto area = *domain::Parse<domain::Area>(all.areas[0].value);
  SearchResult by_area = Find("journal", {}, {area}, 100);
  EXPECT_EQ(by_area.total, static_cast<std::size_t>(all.areas[0].count));
  for (const SearchHit& h : by_area.hits) {
    EXPECT_EQ(h.kind, DocKind::kRequirement);
    EXPECT_EQ(Current(h.key)->area, area) << h.key;
  }
}

TEST_F(SearchIndexTest, PagesAreSlicesOfOneRanking) {
  SearchResult first = Find("kommune", {}, {}, 10);
  ASSERT_GT(first.total, 20u);
  SearchQuery q;
  q.text = "kommune";
  q.offset = 5;
  q.limit = 5;
  auto second = index_->Search(q);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->hits.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(second->hits[i].key, first.hits[5 + i].key);
}

TEST_F(SearchIndexTest, RejectsEmptyQueriesAndBadLimits) {
  SearchQuery q;
  q.text = "   ";
  auto r = index_->Search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().field(), "q");
  q.text = "journal";
  q.limit = -1;
  EXPECT_FALSE(index_->Search(q).ok());
}

TEST_F(SearchIndexTest, OddQueriesDoNotFail) {
  for (const char* text : {"\"", "(", "AND", "-", "+kjernejournal -api", "ø", "\x01journal",
                           "\"kjernejournal api", "*", "<script>"}) {
    SearchQuery q;
    q.text = text;
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok() || r.status().code() == StatusCode::kInvalid) << text;
  }
}

TEST_F(SearchIndexTest, ConcurrentSearchesAgree) {
  const std::vector<std::string> queries = {"kjernejournal", "journalsystemer", "kjernejurnal",
                                            "983544622", "sikkerhet"};
  std::vector<SearchResult> expected;
  for (const auto& q : queries) expected.push_back(Find(q));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
          SearchQuery q;
          q.text = queries[i];
          auto r = index_->Search(q);
          bool same = r.ok() && r->total == expected[i].total &&
                      r->corrected == expected[i].corrected &&
                      r->hits.size() == expected[i].hits.size();
          for (std::size_t h = 0; same && h < r->hits.size(); ++h) {
            same = r->hits[h].key == expected[i].hits[h].key &&
                   r->hits[h].snippet_html == expected[i].hits[h].snippet_html;
          }
          if (!same) ++mismatches[t];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// A catalog of two requirements that differ only in where the word occurs.
domain::Catalog TitleAndTextCatalog() {
  domain::Catalog c = testing::SampleCatalog();
  domain::Requirement in_title = c.requirements.front();
  in_title.key = "T-01";
  in_title.versions.resize(1);
  in_title.versions[0].title = "Legemiddelkort";
  in_title.versions[0].text = "Løsningen skal vise oppdaterte opplysninger for pasienten.";
  domain::Requirement in_text = in_title;
  in_text.key = "A-01";  // sorts first, so docid order cannot explain the ranking
  in_text.versions[0].title = "Oppdaterte opplysninger";
  in_text.versions[0].text =
      "Løsningen skal vise legemiddelkort med <b>alle</b> legemidler & \"doser\" for pasienten.";
  c.requirements = {in_text, in_title};
  return c;
}

TEST(SearchIndexRankingTest, TitleMatchOutranksTextMatch) {
  auto index = BuildSearchIndex(TitleAndTextCatalog(), D("2026-11-23"));
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  SearchQuery q;
  q.text = "legemiddelkort";
  q.kinds = {DocKind::kRequirement};
  auto r = (*index)->Search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_EQ(r->hits[0].key, "T-01");
  EXPECT_EQ(r->hits[1].key, "A-01");
  EXPECT_GT(r->hits[0].score, r->hits[1].score);
}

TEST(SearchIndexSnippetTest, EscapesHtmlAndMarksMatches) {
  auto index = BuildSearchIndex(TitleAndTextCatalog(), D("2026-11-23"));
  ASSERT_TRUE(index.ok());
  SearchQuery q;
  q.text = "doser";
  auto r = (*index)->Search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string html = r->hits[0].snippet_html;  // a copy: `r` is reassigned below
  EXPECT_NE(html.find("<mark>doser</mark>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;alle&lt;/b&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&amp; &quot;<mark>doser</mark>&quot;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  // Without a match in the text the snippet is its beginning, escaped all the same.
  q.text = "opplysninger";
  r = (*index)->Search(q);
  ASSERT_TRUE(r.ok());
  for (const SearchHit& hit : r->hits) {
    EXPECT_EQ(hit.snippet_html.find("<b>"), std::string::npos) << hit.snippet_html;
    EXPECT_EQ(hit.snippet_html.find("&amp;lt;"), std::string::npos) << hit.snippet_html;
  }
  // Every '<' left is part of a mark element.
  for (std::size_t pos = html.find('<'); pos != std::string::npos; pos = html.find('<', pos + 1)) {
    EXPECT_TRUE(html.compare(pos, 6, "<mark>") == 0 || html.compare(pos, 7, "</mark>") == 0)
        << html;
  }
}

TEST(SearchIndexLifetimeTest, RemovesDirectoriesOfProcessesThatNoLongerRun) {
  // A pid that surely no longer runs: a child that has exited and been reaped.
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  std::filesystem::path base = std::filesystem::temp_directory_path();
  std::filesystem::path dead = base / ("helsekrav-search-" + std::to_string(child) + "-test");
  std::filesystem::path alive = base / ("helsekrav-search-" + std::to_string(getpid()) + "-test");
  std::filesystem::create_directories(dead);
  std::filesystem::create_directories(alive);
  ASSERT_TRUE(BuildSearchIndex(TitleAndTextCatalog(), D("2026-11-23")).ok());
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(alive));  // its owner (this test) still runs
  std::filesystem::remove_all(alive);
}

TEST(SearchIndexLifetimeTest, BuildsRepeatedly) {
  // Built and destroyed repeatedly, as on every catalog change; must not leak or fail.
  for (int i = 0; i < 3; ++i) {
    auto index = BuildSearchIndex(TitleAndTextCatalog(), D("2026-11-23"));
    ASSERT_TRUE(index.ok());
  }
}

}  // namespace
}  // namespace helsekrav::search
