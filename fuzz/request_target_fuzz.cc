// Fuzz target: requests as the server receives them, through the whole router: target parsing,
// query parameter checks, authentication, the catalog and register API, the approvals and
// webhook API, and the pages (fuzz/fuzz_app.h holds the application). Any input gets a
// response, and never a 500.
//
// Input: a target starting with '/' is an anonymous GET (the first corpus). Otherwise the first
// byte picks the method (low 3 bits) and the caller (the rest, see fuzz::Caller); the target
// follows up to a newline and the body after it. {product}, {version}, {declaration}, {csrf}, …
// in target and body become the ids made at start.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_app.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using helsekrav::fuzz::Caller;
  static const char* const kMethods[] = {"GET",   "GET",    "POST", "PUT",
                                         "PATCH", "DELETE", "HEAD", "OPTIONS"};
  auto& app = helsekrav::fuzz::App();
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (input.empty() || input[0] == '/') {
    app.Send(Caller::kAnonymous, "GET", input, "", "");
    return 0;
  }
  const auto selector = static_cast<unsigned char>(input[0]);
  const char* method = kMethods[selector & 7];
  const auto caller = static_cast<Caller>((selector >> 3) % static_cast<int>(Caller::kCount));
  const auto newline = input.find('\n', 1);
  const std::string target = app.Fill(input.substr(1, newline - 1));
  const std::string body = newline == std::string::npos ? "" : app.Fill(input.substr(newline + 1));
  const bool form = !body.empty() && body[0] != '{' && body[0] != '[';
  app.Send(caller, method, target, body,
           form ? "application/x-www-form-urlencoded" : "application/json");
  return 0;
}
