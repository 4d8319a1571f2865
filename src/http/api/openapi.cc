#include <map>
#include <string>
#include <string_view>

#include "http/api/handlers.h"

namespace helsekrav::http::api {
namespace openapi_files {
const std::map<std::string, std::string_view>& EmbeddedFiles();
}

const std::string& OpenApiDocument() {
  static const std::string document(openapi_files::EmbeddedFiles().at("openapi.json"));
  return document;
}

}  // namespace helsekrav::http::api
