// The veiviser's downloads: a CSV Norwegian Excel opens in columns and an XLSX with one sheet.
#include "formats/guide_export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "support/sample_catalog.h"

namespace helsekrav::formats {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)

// The sample catalog with a title and a legal basis that need CSV quoting.
Catalog QuotingSample() {
  Catalog c = testing::SampleCatalog();
  for (Requirement& r : c.requirements) {
    if (r.key == "GDPR-01") {
      r.versions[0].title = "Innebygd personvern; \"privacy by design\"";
      r.versions[0].legal_basis = "GDPR art. 25\nog art. 32";
    }
  }
  return c;
}

GuideQuestion EpjQuestion() {
  GuideQuestion q;
  q.category = "epj-pleie-omsorg";
  q.actor_type = ActorType::kMunicipality;
  q.integrations = {"kjernejournal"};
  q.at = testing::D("2026-11-23");
  return q;
}

TEST(GuideExportTest, CsvHasBomNorwegianHeaderAndQuoting) {
  Catalog c = QuotingSample();
  CategoryTree tree(c.categories);
  auto answer = AnswerGuide(c, tree, EpjQuestion());
  ASSERT_TRUE(answer.ok());
  std::string csv = GuideCsv(c, EpjQuestion(), *answer);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(csv.find("Område;Forpliktelse;Krav;Tittel;Hjemmel;Eier;Verifiseringsmetode;"
                     "Gyldig fra;Gyldig til;Godkjenningsordninger;Kravprofiler;Kilde\r\n"),
            3u);
  EXPECT_NE(csv.find(";\"Innebygd personvern; \"\"privacy by design\"\"\";"), std::string::npos);
  EXPECT_NE(csv.find(";\"GDPR art. 25\nog art. 32\";"), std::string::npos);
  EXPECT_NE(csv.find("Digital samhandling;Obligatorisk;NHN-KJ-01;Oppslag i kjernejournal;"),
            std::string::npos);
  EXPECT_NE(csv.find("Norsk helsenett SF"), std::string::npos);
  EXPECT_NE(csv.find("2026-01-01"), std::string::npos);
  // Header plus one line per applicable requirement (the quoted line break is not a row).
  std::size_t rows = 0;
  for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) {
    ++rows;
  }
  EXPECT_EQ(rows, 1 + answer->total);
}

TEST(GuideExportTest, XlsxIsAWorkbookWithTheRequirements) {
  Catalog c = testing::SampleCatalog();
  CategoryTree tree(c.categories);
  auto answer = AnswerGuide(c, tree, EpjQuestion());
  ASSERT_TRUE(answer.ok());
  auto bytes = GuideXlsx(c, EpjQuestion(), *answer);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  ASSERT_GT(bytes->size(), 100u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  EXPECT_NE(bytes->find("xl/worksheets/sheet1.xml"), std::string::npos);
  // Dated by the question, not the clock: the same answer gives the same bytes and ETag.
  auto again = GuideXlsx(c, EpjQuestion(), *answer);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);

  // Unzip with Python and look inside: the sheet's name, a shared string, the frozen pane.
  char path[] = "/tmp/hk-guide-export-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << *bytes;
  }
  std::string script =
      "import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "wb = z.read('xl/workbook.xml').decode()\n"
      "ss = z.read('xl/sharedStrings.xml').decode()\n"
      "sh = z.read('xl/worksheets/sheet1.xml').decode()\n"
      "ok = 'name=\"Krav\"' in wb and 'Oppslag i kjernejournal' in ss and 'Tittel' in ss \\\n"
      "  and 'pane' in sh and 'autoFilter' in sh and 'width=\"60' in sh\n"
      "core = z.read('docProps/core.xml').decode()\n"
      "ok = ok and '2026-11-23T00:00:00Z' in core\n"
      "sys.exit(0 if ok else 'unexpected workbook contents')\n";
  std::string script_path = std::string(path) + ".py";
  {
    std::ofstream out(script_path);
    out << script;
  }
  int rc = std::system(("python3 " + script_path + " " + path).c_str());
  unlink(path);
  unlink(script_path.c_str());
  EXPECT_EQ(rc, 0);
}

}  // namespace
}  // namespace helsekrav::formats
