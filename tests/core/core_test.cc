#include <gtest/gtest.h>

#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "core/uuid.h"

namespace helsekrav {
namespace {

TEST(DateTest, ParsesStrictIsoDates) {
  auto d = Date::Parse("2029-03-26");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2029);
  EXPECT_EQ(d->month(), 3u);
  EXPECT_EQ(d->day(), 26u);
  EXPECT_EQ(d->ToIso(), "2029-03-26");
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"2029-3-26", "2029-02-30", "26.03.2029", "", "2029-13-01", "abcd-ef-gh",
                          "2029-03-26T00:00"}) {
    EXPECT_FALSE(Date::Parse(bad).has_value()) << bad;
  }
  EXPECT_TRUE(Date::Parse("2028-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2027-02-29").has_value());
}

TEST(DateTest, WritesRfc3339Timestamps) {
  EXPECT_EQ(IsoTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoTimestamp(1795450532), "2026-11-23T16:15:32Z");
  EXPECT_EQ(IsoTimestamp(-1), "1969-12-31T23:59:59Z");
}

TEST(DateTest, WritesNorwegianDates) {
  EXPECT_EQ(Date::Parse("2026-11-22")->ToNorwegian(), "22. november 2026");
  EXPECT_EQ(Date::Parse("2031-03-26")->ToNorwegian(), "26. mars 2031");
}

TEST(DateTest, OrdersAndAddsYears) {
  Date a = *Date::Parse("2026-11-23");
  EXPECT_LT(a, a.AddDays(1));
  EXPECT_EQ(a.AddYears(3).ToIso(), "2029-11-23");
  EXPECT_EQ(Date::Parse("2028-02-29")->AddYears(1).ToIso(), "2029-02-28");
}

TEST(StatusTest, FieldPrefixesCompose) {
  Status s = Status::Invalid("area", "Ukjent verdi");
  EXPECT_EQ(s.WithFieldPrefix("requirements[3]").field(), "requirements[3].area");
  EXPECT_EQ(s.WithFieldPrefix("krav.json:").field(), "krav.json: area");
  EXPECT_EQ(Status::Invalid("[2]", "x").WithFieldPrefix("list").field(), "list[2]");
  EXPECT_EQ(s.ToString(), "area: Ukjent verdi");
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> ok = 5;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  Result<int> bad = Status::NotFound("borte");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
}

TEST(UuidTest, NameBasedUuidsAreStableVersion5) {
  std::string a = Uuid::FromName("requirements:EHDS-01:1").ToString();
  EXPECT_EQ(a, Uuid::FromName("requirements:EHDS-01:1").ToString());
  EXPECT_NE(a, Uuid::FromName("requirements:EHDS-01:2").ToString());
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '5');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
}

TEST(UuidTest, RandomUuidsAreVersion4AndDiffer) {
  std::string a = Uuid::Random().ToString();
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, Uuid::Random().ToString());
}

TEST(TextTest, FoldsNorwegianCapitals) {
  EXPECT_EQ(FoldCase("ÆØÅ Kjernejournal"), "æøå kjernejournal");
  EXPECT_TRUE(ContainsFolded(FoldCase("Pasientens LEGEMIDDELLISTE"), FoldCase("legemiddelliste")));
}

TEST(TextTest, SortsNorwegianAlphabetically) {
  // Norwegian order: … x y z æ ø å.
  EXPECT_LT(NorwegianSortKey("Zeta"), NorwegianSortKey("Ærø"));
  EXPECT_LT(NorwegianSortKey("Ærø"), NorwegianSortKey("Østre Toten"));
  EXPECT_LT(NorwegianSortKey("Østre Toten"), NorwegianSortKey("Ålesund"));
  EXPECT_LT(NorwegianSortKey("alta"), NorwegianSortKey("Bergen"));
}

TEST(TextTest, SplitKeepsEmptyPieces) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
}

}  // namespace
}  // namespace helsekrav
