#pragma once
// Form bodies of the web pages: application/x-www-form-urlencoded and multipart/form-data
// (file uploads). Parsing is strict and bounded; malformed input is an Invalid status, never a
// crash (fuzz/form_fuzz.cc). Thread-safe.

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace helsekrav::http {

struct FormFile {
  std::string field;
  std::string file_name;  // as sent by the browser; callers sanitise before storing
  std::string content_type;
  std::string data;
};

struct Form {
  std::multimap<std::string, std::string> fields;
  std::vector<FormFile> files;  // parts with a filename (empty uploads are left out)

  // First value of a field, or "".
  std::string Get(const std::string& name) const;
  // Every value of a field, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return fields.count(name) > 0; }
  const FormFile* File(const std::string& name) const;
};

// Parses the request body according to its Content-Type. At most kMaxFormFields fields.
// Invalid("body", …) for an unsupported type or malformed body.
constexpr std::size_t kMaxFormFields = 5000;
Result<Form> ParseForm(const Request& request);

// application/x-www-form-urlencoded ("a=1&b=%C3%A6"); '+' is a space.
Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view body);
// multipart/form-data with the boundary from `content_type`.
Result<Form> ParseMultipart(std::string_view body, std::string_view content_type);

}  // namespace helsekrav::http
