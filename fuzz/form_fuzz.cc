// Fuzz target: form bodies as the web pages receive them. The first line of the input is the
// Content-Type, the rest the body; parsing must end in a form or an Invalid status, never a
// crash, and every parsed file must lie within the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  helsekrav::http::Request request;
  request.method = "POST";
  request.content_type = input.substr(0, newline);
  request.body = newline == std::string::npos ? "" : input.substr(newline + 1);
  auto form = helsekrav::http::ParseForm(request);
  if (form.ok()) {
    for (const auto& file : form->files) {
      if (file.data.size() > request.body.size()) __builtin_trap();
    }
  } else if (form.status().code() != helsekrav::StatusCode::kInvalid) {
    __builtin_trap();
  }
  return 0;
}
