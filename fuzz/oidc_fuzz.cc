// Fuzz target: what an OpenID Connect provider sends back, as src/http/oidc_client.cc checks it.
// Input: the ID token (compact JWS) on the first line, the provider's JWKS document after it.
// Runs every pure step of sign-in: token splitting and base64url, header checks, JWKS key
// import (RSA, P-256), signature verification with each key, and the claim checks against fixed
// expectations at a fixed time. Whatever the bytes, a step fails cleanly or its result holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/oidc_client.h"

namespace {

const helsekrav::http::IdTokenExpectations kExpect{.issuer = "https://op.example.no",
                                                   .client_id = "helsekrav",
                                                   .nonce = "n-0S6_WzA2Mj",
                                                   .now = 1796688000};  // 2026-12-08T00:00:00Z

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helsekrav::http;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string token_text = input.substr(0, newline);
  const std::string jwks = newline == std::string::npos ? "" : input.substr(newline + 1);

  auto keys = ParseJwks(jwks);
  if (keys.ok()) {
    for (const auto& key : *keys) {
      if (!key.pkey || (key.kty != "RSA" && key.kty != "EC")) __builtin_trap();
    }
  }
  auto token = ParseIdToken(token_text);
  if (!token.ok()) return 0;
  if (token->alg != "RS256" && token->alg != "ES256") __builtin_trap();  // never none or HMAC
  if (keys.ok()) {
    for (const auto& key : *keys) {
      (void)VerifyIdTokenSignature(key, token->alg, token->signing_input, token->signature);
    }
  }
  auto identity = CheckIdTokenClaims(token->claims, kExpect);
  if (identity.ok() && (identity->subject.empty() || identity->issuer != kExpect.issuer)) {
    __builtin_trap();
  }
  return 0;
}
