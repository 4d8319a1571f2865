#pragma once
// OpenID Connect relying party for any standard provider (HelseID, ID-porten, Entra ID, or the
// oidc-provider started by the tests): discovery from the issuer's
// /.well-known/openid-configuration, authorisation code flow with PKCE (S256), the token
// request over HTTPS (libcurl), and ID token verification (RS256/ES256 via OpenSSL against the
// provider's JWKS; iss, aud, exp, iat, nonce). Implements app::OidcProvider.
// Thread-safe: discovery and keys are fetched once and cached under a mutex.

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/accounts.h"

namespace helsekrav::http {

struct OidcConfig {
  std::string id;            // "helseid"; used in /logg-inn/oidc/{id}
  std::string display_name;  // "HelseID"
  std::string issuer;        // "https://helseid-sts.nhn.no"
  std::string client_id;
  std::string client_secret;  // client_secret_basic; may be empty for public clients
  std::string redirect_uri;   // "https://…/logg-inn/oidc/{id}/tilbake"
  std::string scopes = "openid profile email";
};

// Parses "id=helseid,name=HelseID,issuer=…,client_id=…,client_secret_env=VAR,redirect_uri=…"
// (the secret is read from the environment variable, never from the command line).
Result<OidcConfig> ParseOidcConfig(const std::string& spec);

std::unique_ptr<app::OidcProvider> MakeOidcProvider(OidcConfig config);

// ---- The pure steps of ID token verification (no network, no clock) ----------------------
// The provider runs them in this order; they are exposed for the fuzz target
// (fuzz/oidc_fuzz.cc) and tests. Each failure is Unauthenticated with the one message users see
// (the reason goes to the log), except ParseJwks, which is Unavailable like a bad JWKS fetch.

// A compact JWS ID token, split and base64url-decoded. Refused: not three parts, not base64url,
// header or payload not a JSON object, an alg other than RS256/ES256, a "crit" header.
struct IdToken {
  std::string alg;            // "RS256" or "ES256"
  std::string kid;            // may be empty
  std::string signing_input;  // the first two parts with their dot, as signed
  std::string signature;      // raw bytes
  std::string claims;         // the decoded payload: a JSON object
};
Result<IdToken> ParseIdToken(const std::string& token);

// A signing key from the provider's JWKS.
struct OidcKey {
  std::string kid;
  std::string kty;  // "RSA" or "EC"
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> pkey{nullptr, nullptr};
};
// The usable keys of a JWKS document: RSA of at least 2048 bits and EC P-256 with use "sig"
// (others are skipped). Unavailable when the body is not a JSON object with a "keys" array.
Result<std::vector<OidcKey>> ParseJwks(const std::string& body);
// Whether `signature` (raw; r || s for ES256) over `signing_input` verifies with `key`.
bool VerifyIdTokenSignature(const OidcKey& key, const std::string& alg,
                            const std::string& signing_input, const std::string& signature);

// What the claims of a token with a valid signature must say.
struct IdTokenExpectations {
  std::string issuer;  // the discovered issuer
  std::string client_id;
  std::string nonce;
  std::int64_t now = 0;  // seconds since the epoch
};
// Checks iss, aud (and azp with several audiences), exp and iat (60 s clock skew), nonce and a
// non-empty sub, and returns who signed in.
Result<app::OidcIdentity> CheckIdTokenClaims(const std::string& claims,
                                             const IdTokenExpectations& expect);

}  // namespace helsekrav::http
