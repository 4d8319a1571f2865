// Limits on the parsers of untrusted input (security review 2026-12, finding H1): declaration
// files (YAML/JSON), API request bodies and catalog files (JSON), the municipality CSV.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "domain/catalog_rules.h"
#include "formats/bounded_json.h"
#include "formats/catalog_json.h"
#include "formats/declaration_file.h"
#include "formats/yaml_tree.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

using testing::D;
using testing::DefaultCatalog;

const Date kToday = D("2026-11-23");

const char* kHeader =
    "format: helsekrav-declaration/1\n"
    "profile: helseapp\n";

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The review's file in small: one answer with `links` evidence items under an anchor, then
// `aliases` aliases of it. A reader that walks the tree copies links × aliases items.
std::string AliasBomb(std::size_t links, std::size_t aliases) {
  std::string evidence;
  for (std::size_t i = 0; i < links; ++i) {
    evidence +=
        (i == 0 ? "" : ", ") + std::string("{link: https://e.no/") + std::to_string(i) + "}";
  }
  std::string text = std::string(kHeader) + "answers: [&a {requirement: GDPR-01, answer: meets, " +
                     "evidence: &e [" + evidence + "]}";
  for (std::size_t i = 0; i < aliases; ++i) text += ", *a";
  return text + "]\n";
}

// The single error of a refused file.
FileProblem Refusal(const std::string& text) {
  std::vector<FileProblem> problems;
  auto file = ParseDeclarationFile(text, problems);
  EXPECT_FALSE(file.ok());
  EXPECT_EQ(problems.size(), 1u);
  return problems.empty() ? FileProblem{} : problems[0];
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SecurityReview, H1DeclarationWithAliasesIsRefusedAtTheAnchor) {
  std::string text = AliasBomb(200, 200);  // 40 000 evidence items if expanded
  auto start = std::chrono::steady_clock::now();
  FileProblem p = Refusal(text);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.column, 11);  // the "&a"
  EXPECT_TRUE(Contains(p.message, "ankre og -aliaser")) << p.message;
  EXPECT_LT(elapsed, std::chrono::seconds(1));  // generous: ASan, a shared machine

  auto problems = CheckDeclarationFile(text, DefaultCatalog(), kToday, false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(FormatProblems("d.yaml", problems).rfind("d.yaml:3:11: feil: YAML-ankre", 0), 0u);
}

TEST(SecurityReview, H1DeclarationWithAnAnchorOrAliasAloneIsRefused) {
  FileProblem p = Refusal(std::string(kHeader) + "answers: &svar []\n");
  EXPECT_EQ(p.line, 3);
  EXPECT_TRUE(Contains(p.message, "*navn")) << p.message;
  // An alias of an anchor on a scalar, and a merge key, are refused as well.
  p = Refusal("format: &f helsekrav-declaration/1\nprofile: helseapp\nanswers: []\nx: *f\n");
  EXPECT_EQ(p.line, 1);
  p = Refusal(std::string(kHeader) + "answers:\n  - <<: *m\n");
  EXPECT_FALSE(p.message.empty());
}

TEST(SecurityReview, H1DeclarationNestedTooDeepIsRefused) {
  std::string text =
      std::string(kHeader) + "answers: " + Repeat("[", 500) + Repeat("]", 500) + "\n";
  FileProblem p = Refusal(text);
  EXPECT_EQ(p.line, 3);
  EXPECT_TRUE(Contains(p.message, "nestet for dypt (høyst 8 nivåer")) << p.message;
  // Five levels, as a real file has, are fine.
  std::vector<FileProblem> problems;
  EXPECT_TRUE(ParseDeclarationFile(std::string(kHeader) +
                                       "answers: [{requirement: GDPR-01, answer: meets, "
                                       "evidence: [{link: https://e.no}]}]\n",
                                   problems)
                  .ok());
}

TEST(SecurityReview, H1DeclarationWithAHugeStringIsRefused) {
  std::string text = std::string(kHeader) +
                     "answers:\n  - requirement: GDPR-01\n    answer: meets\n    statement: " +
                     Repeat("x", kMaxDeclarationScalarBytes + 1) + "\n";
  FileProblem p = Refusal(text);
  EXPECT_EQ(p.line, 6);
  EXPECT_TRUE(Contains(p.message, "tekstverdi er for lang (høyst 128 kB)")) << p.message;
}

TEST(SecurityReview, H1DeclarationOverTheSizeLimitIsRefused) {
  std::string text =
      std::string(kHeader) + "answers: []\n# " + Repeat("x", kMaxDeclarationFileBytes) + "\n";
  FileProblem p = Refusal(text);
  EXPECT_EQ(p.line, 0);
  EXPECT_TRUE(Contains(p.message, "for stor (høyst 1 MB)")) << p.message;
}

TEST(SecurityReview, H1DeclarationWithTooManyNodesIsRefused) {
  std::string text =
      std::string(kHeader) + "answers: []\nx: [" + Repeat("1,", kMaxDeclarationNodes) + "1]\n";
  FileProblem p = Refusal(text);
  EXPECT_EQ(p.line, 4);
  EXPECT_TRUE(Contains(p.message, "for mange verdier (høyst 20000)")) << p.message;
}

TEST(SecurityReview, H1DeclarationWithTooManyAnswersIsRefused) {
  std::string text =
      std::string(kHeader) + "answers:\n" +
      Repeat("  - {requirement: GDPR-01, answer: meets}\n", kMaxDeclarationAnswers + 1);
  FileProblem p = Refusal(text);
  EXPECT_EQ(p.line, 4);
  EXPECT_EQ(p.field, "answers");
  EXPECT_TRUE(Contains(p.message, "høyst 500 er tillatt")) << p.message;
}

TEST(SecurityReview, H1DeclarationWithTooMuchEvidenceIsRefused) {
  // 100 answers with 21 links each: 2100 in all, each answer within bounds.
  std::string answer = "  - requirement: GDPR-01\n    answer: meets\n    evidence: [" +
                       Repeat("{link: https://e.no}, ", 20) + "{link: https://e.no}]\n";
  FileProblem p = Refusal(std::string(kHeader) + "answers:\n" + Repeat(answer, 100));
  EXPECT_TRUE(Contains(p.message, "høyst 2000 i alt")) << p.message;
  EXPECT_GT(p.line, 4);
}

// The limits leave room for the largest real declaration: every requirement of the largest
// profile answered, each with five evidence items and a long statement, one at the maximum.
TEST(SecurityReview, H1LimitsAdmitTheLargestRealDeclaration) {
  const domain::Catalog& catalog = DefaultCatalog();
  const domain::Profile* largest = nullptr;
  for (const domain::Profile& p : catalog.profiles) {
    if (largest == nullptr ||
        p.versions.back().items.size() > largest->versions.back().items.size()) {
      largest = &p;
    }
  }
  ASSERT_NE(largest, nullptr);
  const domain::ProfileVersion& pv = largest->versions.back();
  std::string text = "format: helsekrav-declaration/1\nprofile: " + largest->key +
                     "\nprofile_version: " + std::to_string(pv.version) + "\nanswers:\n";
  for (std::size_t i = 0; i < pv.items.size(); ++i) {
    std::size_t characters = i == 0 ? 20000 : 1000;
    text += "  - requirement: " + pv.items[i].requirement + "\n    answer: meets\n" +
            "    statement: " + Repeat("ø", characters) + "\n    evidence:\n" +
            Repeat("      - link: https://leverandor.example.no/dokumentasjon/krav\n", 3) +
            "      - reference: ISO/IEC 27001:2022 sertifikat 1234\n" +
            "      - file: 3b8f6a52-2c1e-4f7a-9d0b-6e5c4a3b2a10\n";
  }
  ASSERT_LT(text.size(), kMaxDeclarationFileBytes);
  auto problems = CheckDeclarationFile(text, catalog, kToday, /*complete=*/true);
  for (const FileProblem& p : problems) {
    EXPECT_TRUE(p.warning) << p.line << ": " << p.message;
  }
}

TEST(DeclarationFileTest, CheckDeclarationOfAParsedFileEqualsCheckingTheText) {
  std::string text = std::string(kHeader) +
                     "answers:\n  - requirement: XX-99\n    answer: meets\n"
                     "  - requirement: GDPR-01\n    answer: not_applicable\n";
  std::vector<FileProblem> ignored;
  auto file = ParseDeclarationFile(text, ignored);
  ASSERT_TRUE(file.ok());
  auto once = CheckDeclaration(*file, DefaultCatalog(), kToday, true);
  auto twice = CheckDeclarationFile(text, DefaultCatalog(), kToday, true);
  ASSERT_EQ(once.size(), twice.size());
  ASSERT_GE(once.size(), 2u);
  for (std::size_t i = 0; i < once.size(); ++i) {
    EXPECT_EQ(once[i].line, twice[i].line);
    EXPECT_EQ(once[i].message, twice[i].message);
  }
  EXPECT_EQ(file->declaration.profile_version, 0);  // the file itself is left as read
}

TEST(YamlTreeTest, KeepsMapsInOrderWithPositions) {
  YamlError error;
  auto root = ParseYaml("a: 1\nb:\n  - x\n  - ~\n  - 'null'\n", {1000, 8, 100, 100}, error);
  ASSERT_TRUE(root) << error.message;
  ASSERT_TRUE(root->IsMap());
  ASSERT_EQ(root->keys.size(), 2u);
  EXPECT_EQ(root->keys[1].scalar, "b");
  const YamlNode& list = root->items[1];
  ASSERT_TRUE(list.IsSequence());
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_EQ(list.items[0].line, 3);
  EXPECT_EQ(list.items[0].column, 5);
  EXPECT_TRUE(list.items[1].IsNull());
  EXPECT_TRUE(list.items[2].IsScalar());  // quoted: text, not null

  auto empty = ParseYaml("", {1000, 8, 100, 100}, error);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->IsNull());
}

TEST(SecurityReview, H1ApiJsonBodyOverItsLimitsIsRefused) {
  ParsedJson deep = ParseJson(Repeat("[", 100000) + Repeat("]", 100000), kApiBodyJsonLimits);
  EXPECT_EQ(deep.problem, ParsedJson::Problem::kLimit);
  EXPECT_TRUE(Contains(deep.message, "nestet for dypt (høyst 16 nivåer)")) << deep.message;

  ParsedJson many = ParseJson("[" + Repeat("[],", 60000) + "[]]", kApiBodyJsonLimits);
  EXPECT_EQ(many.problem, ParsedJson::Problem::kLimit);
  EXPECT_TRUE(Contains(many.message, "for mange verdier (høyst 50000)")) << many.message;

  ParsedJson long_string =
      ParseJson("{\"name\": \"" + Repeat("x", 200 * 1024) + "\"}", kApiBodyJsonLimits);
  EXPECT_EQ(long_string.problem, ParsedJson::Problem::kLimit);
  ParsedJson long_key = ParseJson("{\"" + Repeat("x", 200 * 1024) + "\": 1}", kApiBodyJsonLimits);
  EXPECT_EQ(long_key.problem, ParsedJson::Problem::kLimit);

  ParsedJson big = ParseJson("[" + Repeat(" ", 1024 * 1024) + "]", kApiBodyJsonLimits);
  EXPECT_EQ(big.problem, ParsedJson::Problem::kLimit);
  EXPECT_TRUE(Contains(big.message, "for stort (høyst 1 MB)")) << big.message;

  EXPECT_EQ(ParseJson("{\"a\": ", kApiBodyJsonLimits).problem, ParsedJson::Problem::kSyntax);
  ParsedJson fine =
      ParseJson("{\"answers\": [{\"evidence\": [{\"link\": \"https://e.no\"}]}], \"n\": 1}",
                kApiBodyJsonLimits);
  ASSERT_TRUE(fine.ok()) << fine.message;
  EXPECT_EQ(fine.value["answers"][0]["evidence"][0]["link"], "https://e.no");
}

TEST(SecurityReview, H1CatalogFileNestedTooDeepIsRefused) {
  std::string deep = "{\"categories\": " + Repeat("[", 1000) + Repeat("]", 1000) + "}";
  auto bundle = ParseCatalogBundle({{"katalog.json", deep}});
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.status().field(), "katalog.json");
  EXPECT_TRUE(Contains(bundle.status().message(), "nestet for dypt (høyst 32 nivåer)"))
      << bundle.status().message();
}

TEST(SecurityReview, H1MunicipalityCsvWithTooManyRowsIsRefused) {
  std::string csv = "kommunenummer,navn,fylkesnummer,organisasjonsnummer\n" +
                    Repeat("0301,Oslo,03,974760673\n", kMaxMunicipalityCsvRows + 1);
  auto bundle = ParseCatalogBundle({{"kommuner.csv", csv}});
  ASSERT_FALSE(bundle.ok());
  EXPECT_TRUE(Contains(bundle.status().message(), "for mange linjer")) << bundle.status().message();
}

}  // namespace
}  // namespace helsekrav::formats
