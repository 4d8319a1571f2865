#pragma once
// OpenID Connect relying party for any standard provider (HelseID, ID-porten, Entra ID, or the
// oidc-provider started by the tests): discovery from the issuer's
// /.well-known/openid-configuration, authorisation code flow with PKCE (S256), the token
// request over HTTPS (libcurl), and ID token verification (RS256/ES256 via OpenSSL against the
// provider's JWKS; iss, aud, exp, iat, nonce). Implements app::OidcProvider.
// Thread-safe: discovery and keys are fetched once and cached under a mutex.

#include <memory>
#include <string>

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

}  // namespace helsekrav::http
