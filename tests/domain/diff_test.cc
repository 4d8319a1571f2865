#include "domain/diff.h"

#include <gtest/gtest.h>

#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

TEST(DiffTest, RequirementVersionsShowChangedFieldsListsAndText) {
  Catalog c = testing::SampleCatalog();
  const Requirement& kj = c.requirements[2];
  ASSERT_EQ(kj.key, "NHN-KJ-01");
  VersionDiff d = Diff(kj.versions[0], kj.versions[1]);
  EXPECT_EQ(d.from_version, 1);
  EXPECT_EQ(d.to_version, 2);
  auto field = [&](const std::string& name) -> const FieldChange* {
    for (const auto& f : d.fields) {
      if (f.field == name) return &f;
    }
    return nullptr;
  };
  ASSERT_NE(field("obligation"), nullptr);
  EXPECT_EQ(field("obligation")->from, "recommended");
  EXPECT_EQ(field("obligation")->to, "mandatory");
  ASSERT_NE(field("valid_to"), nullptr);
  EXPECT_EQ(field("valid_to")->to, "");
  EXPECT_EQ(field("title"), nullptr);  // unchanged
  ASSERT_EQ(d.lists.size(), 1u);
  EXPECT_EQ(d.lists[0].field, "actor_types");
  EXPECT_EQ(d.lists[0].added, (std::vector<std::string>{"gp_office"}));
  ASSERT_EQ(d.text.size(), 3u);
  EXPECT_EQ(d.text[0].kind, LineOp::Kind::kSame);
  EXPECT_EQ(d.text[1].kind, LineOp::Kind::kAdded);
  EXPECT_EQ(d.text[2].kind, LineOp::Kind::kRemoved);
}

TEST(DiffTest, IdenticalVersionsAreEmpty) {
  Catalog c = testing::SampleCatalog();
  EXPECT_TRUE(Diff(c.requirements[0].versions[0], c.requirements[0].versions[0]).empty());
}

TEST(DiffTest, ProfileItemsAddedRemovedAndTightened) {
  Catalog c = testing::SampleCatalog();
  ProfileVersion a = c.profiles[0].versions[0];
  ProfileVersion b = a;
  b.version = 2;
  b.items = {{"NHN-KJ-01", Obligation::kMandatory}, {"EHDS-01", std::nullopt}};
  VersionDiff d = Diff(a, b);
  ASSERT_EQ(d.lists.size(), 1u);
  EXPECT_EQ(d.lists[0].added, (std::vector<std::string>{"EHDS-01"}));
  EXPECT_EQ(d.lists[0].removed, (std::vector<std::string>{"GDPR-01"}));
  ASSERT_EQ(d.fields.size(), 1u);
  EXPECT_EQ(d.fields[0].field, "requirements[NHN-KJ-01].obligation");
  EXPECT_EQ(d.fields[0].to, "mandatory");
}

TEST(DiffLinesTest, LongestCommonSubsequence) {
  auto ops = DiffLines("a\nb\nc", "a\nc\nd");
  std::string shape;
  for (const auto& op : ops) {
    shape += op.kind == LineOp::Kind::kSame ? '=' : op.kind == LineOp::Kind::kAdded ? '+' : '-';
    shape += op.line;
  }
  EXPECT_EQ(shape, "=a-b=c+d");
}

}  // namespace
}  // namespace helsekrav::domain
