#include "cli/common.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "core/log.h"
#include "trust/encoding.h"

namespace helsekrav::cli {
namespace catalog_files {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}

namespace fs = std::filesystem;

void AddStoreOptions(CLI::App& command, StoreOptions& options) {
  command.add_option("--db", options.db,
                     "Database: sqlite:STI eller postgresql://bruker@vert:port/database "
                     "(standard: sqlite:DATAKATALOG/helsekrav.db)");
  command.add_option("--data-dir", options.data_dir, "Datakatalog (standard: var)");
}

Result<std::unique_ptr<store::Store>> OpenMigratedStore(const StoreOptions& options) {
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  if (ec) {
    return Status::Unavailable("Kan ikke opprette datakatalogen " + options.data_dir + ": " +
                               ec.message());
  }
  // Data directories made by older versions were readable by others: tighten them, and the
  // embedded database with its journal files, before opening.
  fs::permissions(options.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) {
    return Status::Unavailable("Kan ikke begrense tilgangen til datakatalogen " + options.data_dir +
                               ": " + ec.message());
  }
  std::string url =
      options.db.empty() ? "sqlite:" + options.data_dir + "/helsekrav.db" : options.db;
  if (url.rfind("sqlite:", 0) == 0) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::path file = url.substr(7) + suffix;
      if (!fs::exists(file, ec)) continue;
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace, ec);
      if (ec) {
        return Status::Unavailable("Kan ikke begrense tilgangen til " + file.string() + ": " +
                                   ec.message());
      }
    }
  }
  auto store = store::OpenStore(url);
  if (!store.ok()) return store.status();
  HK_RETURN_IF_ERROR((*store)->Migrate());
  return store;
}

Result<std::vector<formats::NamedFile>> ReadCatalogFiles(const std::string& path) {
  std::vector<fs::path> paths;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".json" || ext == ".csv"))
        paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty())
      return Status::Invalid(path, "Katalogen inneholder ingen .json- eller .csv-filer");
  } else if (fs::is_regular_file(path, ec)) {
    paths.emplace_back(path);
  } else {
    return Status::NotFound("Finner ikke " + path);
  }
  std::vector<formats::NamedFile> files;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in.good() && !in.eof()) return Status::Unavailable("Kan ikke lese " + p.string());
    files.push_back({p.filename().string(), content.str()});
  }
  return files;
}

std::vector<formats::NamedFile> EmbeddedCatalogFiles() {
  std::vector<formats::NamedFile> files;
  for (const auto& [name, content] : catalog_files::EmbeddedFiles()) {
    files.push_back({name, std::string(content)});
  }
  return files;
}

Result<formats::ParsedBundle> ParseFiles(const std::vector<formats::NamedFile>& files) {
  return formats::ParseCatalogBundle(files);
}

Status EnsureDefaultCatalog(app::CatalogService& catalog, const std::string& catalog_dir) {
  auto files = catalog_dir.empty() ? Result(EmbeddedCatalogFiles()) : ReadCatalogFiles(catalog_dir);
  if (!files.ok()) return files.status();
  auto bundle = ParseFiles(*files);
  if (!bundle.ok()) return bundle.status();
  // The release is the files' names and bytes: any change to the default catalog is a new one.
  std::string all;
  for (const formats::NamedFile& f : *files) {
    all += f.name + '\n' + std::to_string(f.content.size()) + '\n' + f.content;
  }
  bundle->catalog.default_release = trust::Hex(trust::HashBytes(trust::Sha256(all)));
  auto outcome = catalog.ApplyDefault(bundle->catalog, bundle->retired);
  if (!outcome.ok()) {
    return Status::Invalid("", "Standardkatalogen kunne ikke lastes inn: " +
                                   DescribeError(outcome.status(), &*bundle));
  }
  if (*outcome == app::DefaultCatalogOutcome::kLoaded) {
    LogInfo("loaded the default catalog",
            {{"requirements", std::to_string(bundle->catalog.requirements.size())}});
  } else if (*outcome == app::DefaultCatalogOutcome::kUpdated) {
    LogInfo("updated the default catalog",
            {{"release", bundle->catalog.default_release.substr(0, 12)},
             {"retired", std::to_string(bundle->retired.size())}});
  }
  return Status::Ok();
}

namespace {

// Test mode (MakeClock): a fixed start instant plus the monotonic time elapsed since creation.
class TestClock final : public Clock {
 public:
  explicit TestClock(std::chrono::system_clock::time_point start)
      : start_(start), started_(std::chrono::steady_clock::now()) {}
  std::chrono::system_clock::time_point Now() const override {
    return start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                        std::chrono::steady_clock::now() - started_);
  }

 private:
  std::chrono::system_clock::time_point start_;
  std::chrono::steady_clock::time_point started_;
};

// "YYYY-MM-DDTHH:MM:SSZ", strictly; nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> ParseUtcInstant(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  auto date = Date::Parse(text.substr(0, 10));
  if (!date) return std::nullopt;
  auto number = [&text](std::size_t at) {
    char high = text[at];
    char low = text[at + 1];
    if (high < '0' || high > '9' || low < '0' || low > '9') return -1;
    return (high - '0') * 10 + (low - '0');
  };
  int hours = number(11);
  int minutes = number(14);
  int seconds = number(17);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  return std::chrono::system_clock::time_point{std::chrono::days{date->days()}} +
         std::chrono::hours{hours} + std::chrono::minutes{minutes} + std::chrono::seconds{seconds};
}

}  // namespace

std::unique_ptr<Clock> MakeClock() {
  const char* value = std::getenv(kTestNowVariable);
  if (value == nullptr) return std::make_unique<SystemClock>();
  auto start = ParseUtcInstant(value);
  if (!start) {
    Fail(std::string("miljøvariabelen ") + kTestNowVariable +
         " må være et tidspunkt i UTC på formen 2026-12-08T09:00:00Z, ikke «" + value + "»");
  }
  return std::make_unique<TestClock>(*start);
}

void Fail(const std::string& message) {
  std::cerr << "Feil: " << message << "\n";
  throw CLI::RuntimeError(1);
}

std::string DescribeError(const Status& status, const formats::ParsedBundle* bundle) {
  std::string text = status.ToString();
  if (bundle == nullptr || status.field().empty()) return text;
  // Validation paths start with the list name: "requirements[KEY]…".
  std::string list = status.field().substr(0, status.field().find('['));
  auto it = bundle->origin.find(list);
  return it == bundle->origin.end() ? text : it->second + ": " + text;
}

}  // namespace helsekrav::cli
