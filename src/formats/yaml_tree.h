#pragma once
// One YAML (or JSON-as-YAML) document read from untrusted bytes into a small tree, with limits
// checked while libyaml's event parser runs, so nothing is built past a limit.
//
// Anchors and aliases are refused: an alias shares a subtree, and a reader that walks the tree
// copies it again for every alias, so a few kilobytes can expand to gigabytes (the "billion
// laughs" attack). Reading stops at the first anchor, alias or exceeded limit, with its position.
// Thread-safe (no shared state).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace helsekrav::formats {

struct YamlLimits {
  std::size_t max_bytes = 0;         // the whole input
  int max_depth = 0;                 // nested sequences and maps, the root counting as 1
  std::size_t max_nodes = 0;         // scalars, nulls, sequences and maps, keys included
  std::size_t max_scalar_bytes = 0;  // one scalar (key or value) after unescaping
};

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  int line = 0;  // 1-based; 0 when unknown (the empty document)
  int column = 0;
  std::string scalar;           // kScalar
  std::vector<YamlNode> items;  // kSequence: the items; kMap: the values, in file order
  std::vector<YamlNode> keys;   // kMap: keys[i] belongs to items[i]

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
};

struct YamlError {
  int line = 0;  // 1-based; 0 when the whole input is concerned
  int column = 0;
  std::string message;  // Norwegian, for the author of the file
};

// Parses the first document of `text`. Returns its root (a null node for an empty input), or
// nullopt with `error` set on a syntax error, an anchor or alias, or an exceeded limit.
std::optional<YamlNode> ParseYaml(const std::string& text, const YamlLimits& limits,
                                  YamlError& error);

}  // namespace helsekrav::formats
