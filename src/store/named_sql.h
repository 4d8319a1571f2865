#pragma once
// SQL lives in .sql files per dialect, embedded at build time. A file holds several statements,
// each introduced by a line "-- name: statement_name". Migrations are files named
// NNNN_description.sql and run whole.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace helsekrav::store {

// Splits a .sql file into its named statements. Throws std::logic_error on a malformed file
// (a build defect, not an input error).
std::map<std::string, std::string> ParseNamedStatements(std::string_view sql);

// From embedded files, the migrations "NNNN_*.sql" as (NNNN, text) in order.
std::vector<std::pair<int, std::string>> CollectMigrations(
    const std::map<std::string, std::string_view>& files);

}  // namespace helsekrav::store
