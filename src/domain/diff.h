#pragma once
// Structured differences between two versions of a requirement or a profile: which fields
// changed (as codes/text), which list members were added or removed, and a line diff of the
// Markdown text for a side-by-side view. Pure; thread-safe.

#include <string>
#include <vector>

#include "domain/catalog.h"

namespace helsekrav::domain {

struct FieldChange {
  std::string field;
  std::string from;  // "" when absent
  std::string to;
};

struct ListChange {
  std::string field;
  std::vector<std::string> added;
  std::vector<std::string> removed;
};

struct LineOp {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind = Kind::kSame;
  std::string line;
};

struct VersionDiff {
  int from_version = 0;
  int to_version = 0;
  std::vector<FieldChange> fields;
  std::vector<ListChange> lists;
  std::vector<LineOp> text;  // empty when the text is unchanged
  bool empty() const { return fields.empty() && lists.empty() && text.empty(); }
};

VersionDiff Diff(const RequirementVersion& from, const RequirementVersion& to);
// Profile items appear in `lists` as "requirements" (added/removed keys) and obligation changes
// of kept items as fields named "requirements[KEY].obligation".
VersionDiff Diff(const ProfileVersion& from, const ProfileVersion& to);

// Longest-common-subsequence line diff.
std::vector<LineOp> DiffLines(const std::string& from, const std::string& to);

}  // namespace helsekrav::domain
