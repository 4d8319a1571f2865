#pragma once
// "Compliance as code": a supplier keeps its declaration as a YAML or JSON file, checks it
// offline with `helsekrav check FILE`, and posts the same file to POST /api/v1/declarations.
// The format is in docs/declaration-format.md. Errors carry the line and column of the
// offending node. Thread-safe.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/catalog.h"
#include "domain/registry.h"

namespace helsekrav::formats {

// Limits on a declaration file, far above any real one (the largest profile has 42
// requirements; a full answer with five evidence items is about 30 YAML nodes, 5 levels deep)
// and low enough that a file built to expand is refused in milliseconds. Anchors and aliases
// are refused outright (see formats/yaml_tree.h). docs/declaration-format.md lists them.
inline constexpr std::size_t kMaxDeclarationFileBytes = std::size_t{1024} * 1024;
inline constexpr int kMaxDeclarationDepth = 8;
inline constexpr std::size_t kMaxDeclarationNodes = 20000;
// A statement may have 20 000 characters (domain::kMaxTextLength), at most 4 bytes each.
inline constexpr std::size_t kMaxDeclarationScalarBytes = std::size_t{128} * 1024;
inline constexpr std::size_t kMaxDeclarationAnswers = 500;
inline constexpr std::size_t kMaxDeclarationEvidence = 2000;  // evidence items in all answers

struct FileProblem {
  int line = 0;  // 1-based; 0 when the problem concerns the whole file
  int column = 0;
  std::string field;     // "answers[3].reason"
  std::string message;   // Norwegian
  bool warning = false;  // e.g. an unanswered requirement: not an error until publishing
};

struct DeclarationFile {
  domain::Declaration declaration;  // profile, profile_version (0 = in force today), answers
  std::string product_version_id;   // may be empty in a file only checked offline
  bool publish = false;             // "status: published" asks the API to publish at once
  // Field path ("answers[3].reason", "profile") → line and column, for mapping later errors.
  std::map<std::string, std::pair<int, int>> positions;
};

// Parses YAML or JSON. On syntax or shape errors, anchors, aliases or an exceeded limit above
// returns them (with lines) and no file.
Result<DeclarationFile> ParseDeclarationFile(const std::string& text,
                                             std::vector<FileProblem>& problems);

// Fills what the file left at 0 with the versions in force on `today`: the profile version and
// each answer's requirement version (the newest when none has started yet). Leaves them at 0
// when the profile or requirement is unknown, so validation names the problem.
void ResolveVersions(domain::Declaration& declaration, const domain::Catalog& catalog, Date today);

// Parses and validates against `catalog` on `today` (profile exists, requirement keys and
// versions exist in the profile, not_applicable has a reason, evidence well-formed, unanswered
// requirements as warnings — or errors with `complete`). Problems are sorted by line.
std::vector<FileProblem> CheckDeclarationFile(const std::string& text,
                                              const domain::Catalog& catalog, Date today,
                                              bool complete);
// The same checks for a file ParseDeclarationFile has already read, so a caller that needs
// the file too parses it only once. `file` is not changed (versions are resolved in a copy).
std::vector<FileProblem> CheckDeclaration(const DeclarationFile& file,
                                          const domain::Catalog& catalog, Date today,
                                          bool complete);

// "FILE:LINE:COLUMN: feil: MESSAGE" (or "advarsel") per problem.
std::string FormatProblems(const std::string& file_name, const std::vector<FileProblem>& problems);

}  // namespace helsekrav::formats
