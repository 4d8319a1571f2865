#pragma once
// What the subcommands share: the database and data-directory options, opening the store, and
// reading catalog files from disk.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/catalog_service.h"
#include "core/clock.h"
#include "core/status.h"
#include "formats/catalog_json.h"
#include "store/store.h"

namespace helsekrav::cli {

struct StoreOptions {
  std::string db;  // empty = sqlite:<data_dir>/helsekrav.db
  std::string data_dir = "var";
};

void AddStoreOptions(CLI::App& command, StoreOptions& options);

// Creates the data directory if needed, opens the store and applies migrations.
Result<std::unique_ptr<store::Store>> OpenMigratedStore(const StoreOptions& options);

// Reads a catalog directory (every *.json and kommuner-*.csv in it) or a single file.
Result<std::vector<formats::NamedFile>> ReadCatalogFiles(const std::string& path);
// The default catalog compiled into the binary (data/catalog/).
std::vector<formats::NamedFile> EmbeddedCatalogFiles();

// Parses and validates files into a catalog, naming the file in any error.
Result<formats::ParsedBundle> ParseFiles(const std::vector<formats::NamedFile>& files);
// Puts the file a list came from in front of a validation error ("requirements.json: …").
std::string DescribeError(const Status& status, const formats::ParsedBundle* bundle);

// Loads the default catalog (compiled in, or the files in `catalog_dir` when not empty) into an
// empty store, or merges it in when it changed since it was last applied (a new release of
// helsekrav); logs which. Errors are Norwegian and name the file.
Status EnsureDefaultCatalog(app::CatalogService& catalog, const std::string& catalog_dir);

// The clock every subcommand uses. Normally the system clock. For tests only: when the
// environment variable HELSEKRAV_TEST_NOW holds an RFC 3339 UTC instant
// ("2026-12-08T09:00:00Z"), a clock that starts at that instant and advances with elapsed
// monotonic time, so sessions, throttles and TOTP windows still move (serve logs a warning). An
// invalid value ends the subcommand through Fail(). Thread-safe; the caller owns the clock.
inline constexpr const char* kTestNowVariable = "HELSEKRAV_TEST_NOW";
std::unique_ptr<Clock> MakeClock();

// Prints "Feil: MESSAGE" on stderr and ends the subcommand with exit code 1.
[[noreturn]] void Fail(const std::string& message);

// Subcommands.
void AddServe(CLI::App& app);
void AddImport(CLI::App& app);
void AddExport(CLI::App& app);
void AddMigrate(CLI::App& app);
void AddAdmin(CLI::App& app);
void AddCheck(CLI::App& app);
void AddVerify(CLI::App& app);
void AddKeys(CLI::App& app);

}  // namespace helsekrav::cli
