#include "http/form.h"

#include <algorithm>

#include "core/text.h"

namespace helsekrav::http {
namespace {

constexpr std::size_t kMaxPartHeaderBytes = std::size_t{8} * 1024;

Status Malformed(const std::string& what) {
  return Status::Invalid("body", "Skjemaet kunne ikke leses: " + what);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of parameter `name` in a header value like `form-data; name="a"; filename="b"`.
// Quoted values may contain ';' and backslash escapes. Returns false when absent.
bool HeaderParam(std::string_view value, std::string_view name, std::string& out) {
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && value[i] == ' ') ++i;
    std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return false;
    std::string key = Lower(Trim(value.substr(i, eq - i)));
    std::size_t j = eq + 1;
    std::string parsed;
    if (j < value.size() && value[j] == '"') {
      ++j;
      while (j < value.size() && value[j] != '"') {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        parsed.push_back(value[j]);
        ++j;
      }
      if (j >= value.size()) return false;  // unterminated quote
      ++j;
    } else {
      std::size_t end = value.find(';', j);
      parsed = std::string(Trim(value.substr(j, end == std::string_view::npos ? end : end - j)));
      j = end == std::string_view::npos ? value.size() : end;
    }
    if (key == name) {
      out = std::move(parsed);
      return true;
    }
    i = value.find(';', j);
  }
  return false;
}

}  // namespace

std::string Form::Get(const std::string& name) const {
  auto it = fields.find(name);
  return it == fields.end() ? "" : it->second;
}

std::vector<std::string> Form::GetAll(const std::string& name) const {
  std::vector<std::string> values;
  auto [begin, end] = fields.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

const FormFile* Form::File(const std::string& name) const {
  for (const FormFile& file : files) {
    if (file.field == name) return &file;
  }
  return nullptr;
}

Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view body) {
  std::multimap<std::string, std::string> fields;
  if (!ParseQueryString(body, fields)) {
    return Malformed("ugyldig prosentkoding eller tegn som ikke er UTF-8");
  }
  if (fields.size() > kMaxFormFields) return Malformed("for mange felter");
  return fields;
}

Result<Form> ParseMultipart(std::string_view body, std::string_view content_type) {
  std::string boundary;
  if (!HeaderParam(content_type, "boundary", boundary) || boundary.empty() ||
      boundary.size() > 200) {
    return Malformed("mangler skillemerke (boundary)");
  }
  const std::string delimiter = "--" + boundary;
  const std::string separator = "\r\n" + delimiter;
  Form form;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Malformed("ingen deler");
  pos += delimiter.size();
  std::size_t parts = 0;
  while (true) {
    if (body.substr(pos, 2) == "--") return form;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return Malformed("ugyldig skillelinje");
    pos += 2;
    std::size_t header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos || header_end - pos > kMaxPartHeaderBytes) {
      return Malformed("ugyldige deloverskrifter");
    }
    std::string name;
    std::string file_name;
    bool has_file_name = false;
    std::string part_type = "text/plain";
    for (const std::string& line : Split(body.substr(pos, header_end - pos), '\n')) {
      std::string_view header(line);
      if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
      std::size_t colon = header.find(':');
      if (colon == std::string_view::npos) return Malformed("ugyldig deloverskrift");
      std::string key = Lower(Trim(header.substr(0, colon)));
      std::string_view value = Trim(header.substr(colon + 1));
      if (key == "content-disposition") {
        if (Lower(value.substr(0, 9)) != "form-data") return Malformed("ukjent deltype");
        if (!HeaderParam(value, "name", name)) return Malformed("del uten navn");
        has_file_name = HeaderParam(value, "filename", file_name);
      } else if (key == "content-type") {
        part_type = Lower(value.substr(0, value.find(';')));
        part_type = std::string(Trim(part_type));
      }
    }
    if (name.empty()) return Malformed("del uten navn");
    if (!IsValidUtf8(name) || !IsValidUtf8(file_name)) return Malformed("tegn som ikke er UTF-8");
    std::size_t data_begin = header_end + 4;
    std::size_t data_end = body.find(separator, data_begin);
    if (data_end == std::string_view::npos) return Malformed("mangler avsluttende skillemerke");
    std::string_view data = body.substr(data_begin, data_end - data_begin);
    if (++parts > kMaxFormFields) return Malformed("for mange felter");
    if (has_file_name) {
      if (!file_name.empty() || !data.empty()) {
        form.files.push_back({name, file_name, part_type, std::string(data)});
      }
    } else {
      if (!IsValidUtf8(data)) return Malformed("tegn som ikke er UTF-8");
      form.fields.emplace(name, std::string(data));
    }
    pos = data_end + separator.size();
  }
}

Result<Form> ParseForm(const Request& request) {
  std::string type = Lower(request.content_type.substr(0, request.content_type.find(';')));
  type = std::string(Trim(type));
  if (type == "application/x-www-form-urlencoded" || (type.empty() && request.body.empty())) {
    auto fields = ParseUrlEncoded(request.body);
    if (!fields.ok()) return fields.status();
    Form form;
    form.fields = std::move(*fields);
    return form;
  }
  if (type == "multipart/form-data") return ParseMultipart(request.body, request.content_type);
  return Status::Invalid("body", "Skjemaet har en ukjent innholdstype «" + type + "».");
}

}  // namespace helsekrav::http
