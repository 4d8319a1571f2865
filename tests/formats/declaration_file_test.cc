#include "formats/declaration_file.h"

#include <gtest/gtest.h>

#include "domain/catalog_rules.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

using testing::D;
using testing::DefaultCatalog;

const Date kToday = D("2026-11-23");

const char* kYaml = R"(format: helsekrav-declaration/1
product_version: 7f0c2a3e-5b1d-4c8e-9f10-2a3b4c5d6e7f
profile: helseapp
status: published
answers:
  - requirement: GDPR-01
    answer: meets
    statement: "Vi følger prinsippene."
    evidence:
      - link: https://eksempel.no/personvern
      - reference: "ISO/IEC 27001:2022 sertifikat 1234"
      - file: 3b8f6a52-2c1e-4f7a-9d0b-6e5c4a3b2a10
  - requirement: UU-01
    version: 1
    answer: not_applicable
    reason: Ingen brukergrensesnitt.
)";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  if (pos == std::string::npos) throw std::logic_error("no " + from);
  return s.replace(pos, from.size(), to);
}

std::vector<FileProblem> Errors(const std::vector<FileProblem>& problems) {
  std::vector<FileProblem> out;
  for (const auto& p : problems) {
    if (!p.warning) out.push_back(p);
  }
  return out;
}

TEST(DeclarationFileTest, ParsesYaml) {
  std::vector<FileProblem> problems;
  auto file = ParseDeclarationFile(kYaml, problems);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(file->publish);
  EXPECT_EQ(file->product_version_id, "7f0c2a3e-5b1d-4c8e-9f10-2a3b4c5d6e7f");
  const domain::Declaration& d = file->declaration;
  EXPECT_EQ(d.profile, "helseapp");
  EXPECT_EQ(d.profile_version, 0);  // in force today, resolved later
  ASSERT_EQ(d.answers.size(), 2u);
  EXPECT_EQ(d.answers[0].requirement, "GDPR-01");
  EXPECT_EQ(d.answers[0].requirement_version, 0);
  ASSERT_EQ(d.answers[0].evidence.size(), 3u);
  EXPECT_EQ(d.answers[0].evidence[0].kind, domain::EvidenceKind::kLink);
  EXPECT_EQ(d.answers[0].evidence[0].url, "https://eksempel.no/personvern");
  EXPECT_EQ(d.answers[0].evidence[1].kind, domain::EvidenceKind::kReference);
  EXPECT_EQ(d.answers[0].evidence[2].file_id, "3b8f6a52-2c1e-4f7a-9d0b-6e5c4a3b2a10");
  EXPECT_EQ(d.answers[1].answer, domain::Answer::kNotApplicable);
  EXPECT_EQ(d.answers[1].requirement_version, 1);
  EXPECT_EQ(file->positions.at("profile"), std::make_pair(3, 10));
  EXPECT_EQ(file->positions.at("answers[1].requirement"), std::make_pair(13, 18));
  EXPECT_EQ(file->positions.at("answers[1].requirement_version").first, 14);
}

TEST(DeclarationFileTest, ParsesJsonWithTabIndentation) {
  const char* json =
      "{\n\t\"format\": \"helsekrav-declaration/1\",\n\t\"profile\": \"helseapp\",\n"
      "\t\"answers\": [\n\t\t{\"requirement\": \"GDPR-01\", \"answer\": \"meets\",\n"
      "\t\t \"statement\": \"Med\\ttabulator og «anførsel»\"}\n\t]\n}\n";
  std::vector<FileProblem> problems;
  auto file = ParseDeclarationFile(json, problems);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->declaration.answers.size(), 1u);
  EXPECT_EQ(file->declaration.answers[0].statement, "Med\ttabulator og «anførsel»");
  EXPECT_FALSE(file->publish);
  EXPECT_EQ(file->positions.at("answers[0].requirement").first, 5);
}

TEST(DeclarationFileTest, ResolveVersionsUsesTodaysVersions) {
  std::vector<FileProblem> problems;
  auto file = ParseDeclarationFile(kYaml, problems);
  ASSERT_TRUE(file.ok());
  ResolveVersions(file->declaration, DefaultCatalog(), kToday);
  EXPECT_EQ(file->declaration.profile_version, 1);
  EXPECT_EQ(file->declaration.answers[0].requirement_version, 1);
  EXPECT_EQ(file->declaration.answers[1].requirement_version, 1);  // explicit, kept
}

TEST(DeclarationFileTest, UnknownKeyIsNamedWithItsLine) {
  std::string text = Replace(kYaml, "    reason: Ingen", "    colour: blå\n    reason: Ingen");
  std::vector<FileProblem> problems;
  auto file = ParseDeclarationFile(text, problems);
  EXPECT_FALSE(file.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 16);
  EXPECT_EQ(problems[0].column, 5);
  EXPECT_EQ(problems[0].field, "answers[1].colour");
  EXPECT_NE(problems[0].message.find("«colour»"), std::string::npos);
  EXPECT_EQ(FormatProblems("d.yaml", problems).rfind("d.yaml:16:5: feil: Ukjent felt", 0), 0u);
}

TEST(DeclarationFileTest, SyntaxErrorHasItsLine) {
  std::string text =
      Replace(kYaml, "statement: \"Vi følger prinsippene.\"", "statement: Vi gjør dette: slik");
  auto problems = CheckDeclarationFile(text, DefaultCatalog(), kToday, false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 8);
  EXPECT_FALSE(problems[0].warning);
  EXPECT_NE(problems[0].message.find("Syntaksfeil"), std::string::npos);

  problems = CheckDeclarationFile(
      "{\"format\": \"helsekrav-declaration/1\",\n \"profile\": ", DefaultCatalog(), kToday, false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_GE(problems[0].line, 2);
}

TEST(DeclarationFileTest, UnknownRequirementOnItsLine) {
  std::string text = Replace(kYaml, "requirement: UU-01", "requirement: XX-99");
  auto problems = Errors(CheckDeclarationFile(text, DefaultCatalog(), kToday, false));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 13);
  EXPECT_EQ(problems[0].field, "answers[1].requirement");
  EXPECT_NE(problems[0].message.find("Kravet «XX-99» finnes ikke i profilen"), std::string::npos);
  EXPECT_NE(problems[0].message.find("heller ikke i kravkatalogen"), std::string::npos);

  text = Replace(kYaml, "requirement: UU-01", "requirement: SMART-01");
  problems = Errors(CheckDeclarationFile(text, DefaultCatalog(), kToday, false));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("hører ikke til denne profilen"), std::string::npos);
}

TEST(DeclarationFileTest, UnknownProfile) {
  std::string text = Replace(kYaml, "profile: helseapp", "profile: helse-app");
  auto problems = CheckDeclarationFile(text, DefaultCatalog(), kToday, false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_NE(problems[0].message.find("«helse-app»"), std::string::npos);
}

TEST(DeclarationFileTest, NotApplicableWithoutReason) {
  std::string text = Replace(kYaml, "    reason: Ingen brukergrensesnitt.\n", "");
  auto problems = Errors(CheckDeclarationFile(text, DefaultCatalog(), kToday, false));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "answers[1].reason");
  EXPECT_EQ(problems[0].line, 13);  // the answer's first line
  EXPECT_EQ(problems[0].message, "Begrunnelse mangler: «Ikke relevant» må begrunnes");
}

TEST(DeclarationFileTest, EvidenceProblemsPointAtTheValue) {
  std::string text = Replace(kYaml, "link: https://", "link: http://");
  auto problems = Errors(CheckDeclarationFile(text, DefaultCatalog(), kToday, false));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "answers[0].evidence[0].url");
  EXPECT_EQ(problems[0].line, 10);
  EXPECT_EQ(problems[0].column, 15);
}

TEST(DeclarationFileTest, OutdatedVersionIsAWarning) {
  // UU-01 version 2 is in force; the answer cites version 1.
  auto problems = CheckDeclarationFile(kYaml, DefaultCatalog(), kToday, false);
  EXPECT_TRUE(Errors(problems).empty()) << FormatProblems("d.yaml", problems);
  bool warned = false;
  for (const auto& p : problems) {
    if (p.field == "answers[1].requirement_version") {
      warned = true;
      EXPECT_TRUE(p.warning);
      EXPECT_EQ(p.line, 14);
    }
  }
  EXPECT_TRUE(warned);
}

TEST(DeclarationFileTest, CompleteFlagTurnsMissingAnswersIntoErrors) {
  const auto& catalog = DefaultCatalog();
  std::size_t items = 0;
  for (const auto& p : catalog.profiles) {
    if (p.key == "helseapp") items = VersionAt(p, kToday).items.size();
  }
  ASSERT_GT(items, 2u);
  auto draft = CheckDeclarationFile(kYaml, catalog, kToday, /*complete=*/false);
  EXPECT_TRUE(Errors(draft).empty());
  bool summary = false;
  for (const auto& p : draft) {
    summary = summary || (p.warning && p.message.find("ikke besvart ennå") != std::string::npos);
  }
  EXPECT_TRUE(summary);

  auto complete = CheckDeclarationFile(kYaml, catalog, kToday, /*complete=*/true);
  auto errors = Errors(complete);
  EXPECT_EQ(errors.size(), items - 2);
  for (const auto& e : errors) {
    EXPECT_EQ(e.line, 5);  // the answers: line
    EXPECT_NE(e.message.find("er ikke besvart"), std::string::npos);
  }
  // Sorted by line.
  for (std::size_t i = 1; i < complete.size(); ++i) {
    EXPECT_LE(complete[i - 1].line, complete[i].line);
  }
}

TEST(DeclarationFileTest, ShapeErrors) {
  std::vector<FileProblem> problems;
  EXPECT_FALSE(ParseDeclarationFile("- bare en liste\n", problems).ok());
  EXPECT_EQ(problems.size(), 1u);

  problems.clear();
  std::string text = Replace(kYaml, "format: helsekrav-declaration/1", "format: noe-annet/2");
  text = Replace(text, "version: 1", "version: en");
  text = Replace(text, "answer: meets", "answer: yes");
  EXPECT_FALSE(ParseDeclarationFile(text, problems).ok());
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_EQ(problems[1].line, 7);
  EXPECT_NE(problems[1].message.find("meets, partially"), std::string::npos);
  EXPECT_EQ(problems[2].line, 14);
  EXPECT_NE(problems[2].message.find("«version»"), std::string::npos);

  problems.clear();
  EXPECT_FALSE(ParseDeclarationFile("format: helsekrav-declaration/1\n", problems).ok());
  EXPECT_EQ(problems.size(), 2u);  // profile and answers missing
}

TEST(DeclarationFileTest, FormatProblems) {
  std::vector<FileProblem> problems = {{3, 7, "profile", "Feil her", false},
                                       {0, 0, "", "Hele filen", true}};
  EXPECT_EQ(FormatProblems("a.yaml", problems),
            "a.yaml:3:7: feil: Feil her\na.yaml: advarsel: Hele filen\n");
}

}  // namespace
}  // namespace helsekrav::formats
