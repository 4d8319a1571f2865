#include "store/named_sql.h"

#include <stdexcept>

#include "core/text.h"

namespace helsekrav::store {

std::map<std::string, std::string> ParseNamedStatements(std::string_view sql) {
  std::map<std::string, std::string> out;
  const std::string kMarker = "-- name: ";
  std::string current;
  for (const std::string& line : Split(sql, '\n')) {
    if (line.rfind(kMarker, 0) == 0) {
      current = line.substr(kMarker.size());
      if (!out.emplace(current, "").second) throw std::logic_error("duplicate SQL name " + current);
      continue;
    }
    if (current.empty()) continue;  // header comments before the first statement
    out[current] += line + "\n";
  }
  return out;
}

std::vector<std::pair<int, std::string>> CollectMigrations(
    const std::map<std::string, std::string_view>& files) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& [name, text] : files) {  // std::map: sorted by name, so by number
    if (name.size() < 5 || name[4] != '_') continue;
    out.emplace_back(std::stoi(name.substr(0, 4)), std::string(text));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].first != static_cast<int>(i) + 1)
      throw std::logic_error("migration numbers have a gap");
  }
  return out;
}

}  // namespace helsekrav::store
