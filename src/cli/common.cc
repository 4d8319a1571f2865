#include "cli/common.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

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
  std::string url =
      options.db.empty() ? "sqlite:" + options.data_dir + "/helsekrav.db" : options.db;
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
