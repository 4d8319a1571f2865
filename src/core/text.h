#pragma once
// Small text utilities shared by every layer.

#include <string>
#include <string_view>
#include <vector>

namespace helsekrav {

// Splits on `sep`, keeping empty pieces.
std::vector<std::string> Split(std::string_view text, char sep);
// Lowercases ASCII and the Norwegian letters Æ Ø Å (UTF-8) so searches ignore case.
std::string FoldCase(std::string_view text);
// True when `needle` occurs in `haystack` ignoring case as FoldCase does.
bool ContainsFolded(std::string_view haystack_folded, std::string_view needle_folded);
// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) and
// those in `keep`, with upper-case hex digits.
std::string PercentEncode(std::string_view text, std::string_view keep = "");

}  // namespace helsekrav

namespace helsekrav {
// A key whose byte order is Norwegian alphabetical order: case-folded, with Æ Ø Å after Z.
std::string NorwegianSortKey(std::string_view text);
}  // namespace helsekrav
