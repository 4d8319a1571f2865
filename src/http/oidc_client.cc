#include "http/oidc_client.h"

#include <curl/curl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/log.h"
#include "core/text.h"
#include "trust/encoding.h"

namespace helsekrav::http {
namespace {

using nlohmann::json;

constexpr long kHttpTimeoutSeconds = 10;
constexpr std::size_t kMaxResponseBytes = std::size_t{1024} * 1024;
constexpr std::int64_t kClockSkewSeconds = 60;
constexpr std::chrono::minutes kJwksRefetchInterval{5};

constexpr char kSignInFailed[] = "Innloggingen mislyktes. Prøv igjen.";

Status SignInFailed(const std::string& why) {
  // The reason is for operators; users see one message. Never includes tokens.
  LogWarn("OpenID Connect sign-in failed", {{"reason", why}});
  return Status::Unauthenticated(kSignInFailed);
}

// ---- Small helpers -------------------------------------------------------------------------

bool IsLoopbackHost(const std::string& url, std::string_view scheme) {
  std::string rest = url.substr(scheme.size());
  auto end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, end);
  if (authority.find('@') != std::string::npos) return false;
  std::string host = authority;
  if (!host.empty() && host[0] == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

// https, or http on the loopback interface (a provider run by the tests or on a developer's
// machine).
bool AllowedUrl(const std::string& url) {
  if (url.rfind("https://", 0) == 0) return url.size() > 8;
  if (url.rfind("http://", 0) == 0) return IsLoopbackHost(url, "http://");
  return false;
}

// ---- HTTP ----------------------------------------------------------------------------------

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  size_t n = size * count;
  if (body->size() + n > kMaxResponseBytes) return 0;  // aborts the transfer
  body->append(data, n);
  return n;
}

struct HttpResponse {
  long status = 0;
  std::string body;
};

// GET, or POST of a form when `form` is set. Redirects are not followed.
Result<HttpResponse> Fetch(const std::string& url, const std::string* form = nullptr,
                           const std::string& user = "", const std::string& password = "") {
  static CurlGlobal global;
  if (!AllowedUrl(url)) return Status::Invalid("url", "Adressen må bruke https: " + url);
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  HttpResponse response;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, kHttpTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kHttpTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  if (form != nullptr) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
  }
  if (!user.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::Unavailable("Innloggingstjenesten svarer ikke (" +
                               std::string(curl_easy_strerror(rc)) + ").");
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Result<json> FetchJson(const std::string& url) {
  auto response = Fetch(url);
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    return Status::Unavailable("Innloggingstjenesten svarte med status " +
                               std::to_string(response->status) + " for " + url);
  }
  json doc = json::parse(response->body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Unavailable("Innloggingstjenesten svarte ikke med JSON for " + url);
  }
  return doc;
}

// ---- Keys ----------------------------------------------------------------------------------

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

BnPtr ToBignum(const std::string& bytes) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<int>(bytes.size()), nullptr),
               BN_free);
}

PkeyPtr KeyFromParams(const char* type, OSSL_PARAM_BLD* bld) {
  PkeyPtr none(nullptr, EVP_PKEY_free);
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(bld),
                                                                 OSSL_PARAM_free);
  if (!params) return none;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return none;
  }
  return PkeyPtr(key, EVP_PKEY_free);
}

// An RSA or P-256 public key from a JWK; null for anything else.
PkeyPtr KeyFromJwk(const json& jwk) {
  PkeyPtr none(nullptr, EVP_PKEY_free);
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                      OSSL_PARAM_BLD_free);
  if (!bld) return none;
  const std::string kty = jwk.value("kty", "");
  if (kty == "RSA") {
    auto n = trust::DecodeBase64Url(jwk.value("n", ""));
    auto e = trust::DecodeBase64Url(jwk.value("e", ""));
    if (!n || !e || n->empty() || e->empty()) return none;
    BnPtr bn_n = ToBignum(*n);
    BnPtr bn_e = ToBignum(*e);
    if (!bn_n || !bn_e || BN_num_bits(bn_n.get()) < 2048) return none;
    if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) <= 0 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) <= 0) {
      return none;
    }
    return KeyFromParams("RSA", bld.get());
  }
  if (kty == "EC" && jwk.value("crv", "") == "P-256") {
    auto x = trust::DecodeBase64Url(jwk.value("x", ""));
    auto y = trust::DecodeBase64Url(jwk.value("y", ""));
    if (!x || !y || x->size() != 32 || y->size() != 32) return none;
    std::string point = "\x04" + *x + *y;
    if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) <=
            0 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) <= 0) {
      return none;
    }
    return KeyFromParams("EC", bld.get());
  }
  return none;
}

// JWS ES256 signatures are r || s (32 bytes each); OpenSSL wants DER.
std::optional<std::string> EcdsaRawToDer(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (sig == nullptr) return std::nullopt;
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int size = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (size <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

bool VerifySignature(EVP_PKEY* key, const std::string& alg, const std::string& signing_input,
                     const std::string& signature) {
  std::string sig = signature;
  if (alg == "ES256") {
    if (EVP_PKEY_base_id(key) != EVP_PKEY_EC) return false;
    auto der = EcdsaRawToDer(signature);
    if (!der) return false;
    sig = *der;
  } else if (alg == "RS256") {
    if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) return false;
  } else {
    return false;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

// ---- The provider --------------------------------------------------------------------------

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
};

Result<std::vector<OidcKey>> KeysFromJwks(const json& doc) {
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return Status::Unavailable("Innloggingstjenestens nøkkelsett (JWKS) er ugyldig.");
  }
  std::vector<OidcKey> keys;
  for (const auto& jwk : doc["keys"]) {
    if (!jwk.is_object()) continue;
    if (jwk.value("use", "sig") != "sig") continue;
    OidcKey key;
    key.kid = jwk.value("kid", "");
    key.kty = jwk.value("kty", "");
    key.pkey = KeyFromJwk(jwk);
    if (key.pkey) keys.push_back(std::move(key));
  }
  return keys;
}

// A NumericDate claim (RFC 7519: seconds since the epoch, possibly fractional); nullopt when it
// is missing or not a number.
std::optional<double> NumericDate(const json& claims, const char* name) {
  if (!claims.contains(name) || !claims[name].is_number()) return std::nullopt;
  return claims[name].get<double>();
}

Result<app::OidcIdentity> CheckClaims(const json& claims, const IdTokenExpectations& expect) {
  if (!claims.contains("iss") || claims["iss"] != expect.issuer) {
    return SignInFailed("ID token issuer differs");
  }
  bool audience = false;
  const json& aud = claims.contains("aud") ? claims["aud"] : json();
  if (aud.is_string()) {
    audience = aud == expect.client_id;
  } else if (aud.is_array()) {
    for (const auto& a : aud) audience = audience || (a.is_string() && a == expect.client_id);
    if (aud.size() > 1 && claims.value("azp", expect.client_id) != expect.client_id) {
      audience = false;
    }
  }
  if (!audience) return SignInFailed("ID token audience does not contain our client id");
  // Compared as doubles: a NumericDate may be fractional or huge (1e300, INT64_MAX), where
  // get<std::int64_t>() or adding the skew would be undefined behaviour.
  const auto skew = static_cast<double>(kClockSkewSeconds);
  const auto now = static_cast<double>(expect.now);
  auto exp = NumericDate(claims, "exp");
  if (!exp || *exp + skew <= now) return SignInFailed("ID token expired");
  auto iat = NumericDate(claims, "iat");
  if (!iat || *iat > now + skew) {
    return SignInFailed("ID token issued in the future");
  }
  if (!claims.contains("nonce") || !claims["nonce"].is_string() ||
      claims["nonce"] != expect.nonce) {
    return SignInFailed("ID token nonce differs");
  }
  if (!claims.contains("sub") || !claims["sub"].is_string() ||
      claims["sub"].get<std::string>().empty()) {
    return SignInFailed("ID token without subject");
  }
  app::OidcIdentity identity;
  identity.issuer = expect.issuer;
  identity.subject = claims["sub"].get<std::string>();
  if (claims.contains("email") && claims["email"].is_string()) {
    identity.email = claims["email"].get<std::string>();
  }
  identity.email_verified = claims.contains("email_verified") &&
                            claims["email_verified"].is_boolean() &&
                            claims["email_verified"].get<bool>();
  if (claims.contains("name") && claims["name"].is_string()) {
    identity.name = claims["name"].get<std::string>();
  }
  return identity;
}

class OidcClient final : public app::OidcProvider {
 public:
  explicit OidcClient(OidcConfig config) : config_(std::move(config)) {}

  const std::string& id() const override { return config_.id; }
  const std::string& display_name() const override { return config_.display_name; }

  Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                       const std::string& code_challenge) override {
    auto discovery = Discover();
    if (!discovery.ok()) return discovery.status();
    std::string url = discovery->authorization_endpoint;
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += "response_type=code&client_id=" + helsekrav::PercentEncode(config_.client_id) +
           "&redirect_uri=" + helsekrav::PercentEncode(config_.redirect_uri) +
           "&scope=" + helsekrav::PercentEncode(config_.scopes) +
           "&state=" + helsekrav::PercentEncode(state) +
           "&nonce=" + helsekrav::PercentEncode(nonce) +
           "&code_challenge=" + helsekrav::PercentEncode(code_challenge) +
           "&code_challenge_method=S256";
    return url;
  }

  Result<app::OidcIdentity> Exchange(const std::string& code, const std::string& code_verifier,
                                     const std::string& nonce) override {
    auto discovery = Discover();
    if (!discovery.ok()) return discovery.status();
    std::string form = "grant_type=authorization_code&code=" + helsekrav::PercentEncode(code) +
                       "&redirect_uri=" + helsekrav::PercentEncode(config_.redirect_uri) +
                       "&code_verifier=" + helsekrav::PercentEncode(code_verifier);
    std::string user, password;
    if (config_.client_secret.empty()) {
      form += "&client_id=" + helsekrav::PercentEncode(config_.client_id);
    } else {
      // client_secret_basic: both parts form-encoded first (RFC 6749 section 2.3.1).
      user = helsekrav::PercentEncode(config_.client_id);
      password = helsekrav::PercentEncode(config_.client_secret);
    }
    auto response = Fetch(discovery->token_endpoint, &form, user, password);
    if (!response.ok()) return response.status();
    json body = json::parse(response->body, nullptr, false);
    if (response->status != 200 || body.is_discarded() || !body.is_object()) {
      std::string error = body.is_object() ? body.value("error", "") : "";
      return SignInFailed("token endpoint answered " + std::to_string(response->status) +
                          (error.empty() ? "" : " " + error));
    }
    if (!body.contains("id_token") || !body["id_token"].is_string()) {
      return SignInFailed("token response without id_token");
    }
    return VerifyIdToken(body["id_token"].get<std::string>(), *discovery, nonce);
  }

 private:
  Result<Discovery> Discover() {
    std::lock_guard lock(mu_);
    if (discovery_) return *discovery_;
    std::string issuer = config_.issuer;
    while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
    auto doc = FetchJson(issuer + "/.well-known/openid-configuration");
    if (!doc.ok()) return doc.status();
    Discovery d;
    d.issuer = doc->value("issuer", "");
    d.authorization_endpoint = doc->value("authorization_endpoint", "");
    d.token_endpoint = doc->value("token_endpoint", "");
    d.jwks_uri = doc->value("jwks_uri", "");
    if (d.issuer != config_.issuer && d.issuer != issuer) {
      return Status::Unavailable("Innloggingstjenesten oppgir en annen utsteder (" + d.issuer +
                                 ") enn den som er satt opp (" + config_.issuer + ").");
    }
    for (const std::string* url : {&d.authorization_endpoint, &d.token_endpoint, &d.jwks_uri}) {
      if (!AllowedUrl(*url)) {
        return Status::Unavailable(
            "Innloggingstjenestens oppsett mangler en gyldig https-adresse.");
      }
    }
    discovery_ = d;
    return d;
  }

  // Loads the JWKS; with `refresh`, again when the cache is older than kJwksRefetchInterval
  // (the provider may have rotated its keys).
  Status LoadKeys(const Discovery& discovery, bool refresh) {
    auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mu_);
      if (keys_loaded_ && (!refresh || now - keys_fetched_ < kJwksRefetchInterval)) {
        return Status::Ok();
      }
    }
    auto doc = FetchJson(discovery.jwks_uri);
    if (!doc.ok()) return doc.status();
    auto keys = KeysFromJwks(*doc);
    if (!keys.ok()) return keys.status();
    std::lock_guard lock(mu_);
    keys_ = std::move(*keys);
    keys_loaded_ = true;
    keys_fetched_ = now;
    return Status::Ok();
  }

  // Verifies under the lock, so a concurrent refresh cannot free the key in use.
  bool VerifyWithKey(const std::string& kid, const std::string& alg, const std::string& input,
                     const std::string& signature, bool& key_found) {
    std::lock_guard lock(mu_);
    const std::string kty = alg == "RS256" ? "RSA" : "EC";
    const OidcKey* match = nullptr;
    int candidates = 0;
    for (const auto& key : keys_) {
      if (key.kty != kty) continue;
      if (!kid.empty() ? key.kid == kid : ++candidates == 1) match = &key;
    }
    if (kid.empty() && candidates != 1) match = nullptr;  // ambiguous without a kid
    key_found = match != nullptr;
    return match != nullptr && VerifySignature(match->pkey.get(), alg, input, signature);
  }

  Result<app::OidcIdentity> VerifyIdToken(const std::string& token, const Discovery& discovery,
                                          const std::string& nonce) {
    auto parsed = ParseIdToken(token);
    if (!parsed.ok()) return parsed.status();

    HK_RETURN_IF_ERROR(LoadKeys(discovery, false));
    bool key_found = false;
    bool valid = VerifyWithKey(parsed->kid, parsed->alg, parsed->signing_input, parsed->signature,
                               key_found);
    if (!key_found) {  // perhaps rotated
      HK_RETURN_IF_ERROR(LoadKeys(discovery, true));
      valid = VerifyWithKey(parsed->kid, parsed->alg, parsed->signing_input, parsed->signature,
                            key_found);
    }
    if (!key_found) return SignInFailed("no key in the JWKS matches the ID token");
    if (!valid) return SignInFailed("ID token signature is invalid");

    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    return CheckIdTokenClaims(
        parsed->claims,
        {.issuer = discovery.issuer, .client_id = config_.client_id, .nonce = nonce, .now = now});
  }

  const OidcConfig config_;
  std::mutex mu_;
  std::optional<Discovery> discovery_;
  std::vector<OidcKey> keys_;
  bool keys_loaded_ = false;
  std::chrono::steady_clock::time_point keys_fetched_;
};

}  // namespace

Result<IdToken> ParseIdToken(const std::string& token) {
  auto parts = Split(token, '.');
  if (parts.size() != 3) return SignInFailed("ID token is not a compact JWS");
  auto header_bytes = trust::DecodeBase64Url(parts[0]);
  auto payload_bytes = trust::DecodeBase64Url(parts[1]);
  auto signature = trust::DecodeBase64Url(parts[2]);
  if (!header_bytes || !payload_bytes || !signature) {
    return SignInFailed("ID token is not base64url");
  }
  json header = json::parse(*header_bytes, nullptr, false);
  json claims = json::parse(*payload_bytes, nullptr, false);
  if (!header.is_object() || !claims.is_object()) {
    return SignInFailed("ID token header or claims are not JSON objects");
  }
  const std::string alg = header.value("alg", "");
  if (alg != "RS256" && alg != "ES256") {  // never "none", never HMAC with a public key
    return SignInFailed("ID token algorithm not allowed: " + alg);
  }
  if (header.contains("crit")) return SignInFailed("ID token has critical header parameters");
  IdToken parsed;
  parsed.alg = alg;
  parsed.kid = header.value("kid", "");
  parsed.signing_input = parts[0] + "." + parts[1];
  parsed.signature = std::move(*signature);
  parsed.claims = std::move(*payload_bytes);
  return parsed;
}

Result<std::vector<OidcKey>> ParseJwks(const std::string& body) {
  return KeysFromJwks(json::parse(body, nullptr, false));
}

bool VerifyIdTokenSignature(const OidcKey& key, const std::string& alg,
                            const std::string& signing_input, const std::string& signature) {
  return key.pkey && VerifySignature(key.pkey.get(), alg, signing_input, signature);
}

Result<app::OidcIdentity> CheckIdTokenClaims(const std::string& claims,
                                             const IdTokenExpectations& expect) {
  json doc = json::parse(claims, nullptr, false);
  if (!doc.is_object()) return SignInFailed("ID token header or claims are not JSON objects");
  return CheckClaims(doc, expect);
}

Result<OidcConfig> ParseOidcConfig(const std::string& spec) {
  OidcConfig config;
  std::string secret_env;
  for (const std::string& part : Split(spec, ',')) {
    auto eq = part.find('=');
    if (eq == std::string::npos) {
      return Status::Invalid("--oidc", "Forventet NØKKEL=VERDI, fikk «" + part + "».");
    }
    std::string key = part.substr(0, eq);
    std::string value = part.substr(eq + 1);
    if (key == "id") {
      config.id = value;
    } else if (key == "name") {
      config.display_name = value;
    } else if (key == "issuer") {
      config.issuer = value;
    } else if (key == "client_id") {
      config.client_id = value;
    } else if (key == "client_secret_env") {
      secret_env = value;
    } else if (key == "redirect_uri") {
      config.redirect_uri = value;
    } else if (key == "scopes") {
      config.scopes = value;
    } else if (key == "client_secret") {
      return Status::Invalid("--oidc",
                             "Oppgi hemmeligheten i en miljøvariabel med client_secret_env=NAVN, "
                             "ikke på kommandolinjen.");
    } else {
      return Status::Invalid("--oidc", "Ukjent nøkkel «" + key + "».");
    }
  }
  if (config.id.empty() ||
      config.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    return Status::Invalid("--oidc", "id= må være små bokstaver, sifre og bindestrek.");
  }
  if (config.display_name.empty()) config.display_name = config.id;
  if (!AllowedUrl(config.issuer)) {
    return Status::Invalid("--oidc",
                           "issuer= må være en https-adresse (http bare for 127.0.0.1/localhost).");
  }
  if (config.client_id.empty()) return Status::Invalid("--oidc", "client_id= mangler.");
  if (!AllowedUrl(config.redirect_uri) && config.redirect_uri.rfind("http://", 0) != 0) {
    return Status::Invalid("--oidc", "redirect_uri= må være en http- eller https-adresse.");
  }
  if (config.scopes.find("openid") == std::string::npos) {
    return Status::Invalid("--oidc", "scopes= må inneholde openid.");
  }
  if (!secret_env.empty()) {
    const char* secret = std::getenv(secret_env.c_str());
    if (secret == nullptr || *secret == '\0') {
      return Status::Invalid("--oidc", "Miljøvariabelen " + secret_env + " er ikke satt.");
    }
    config.client_secret = secret;
  }
  return config;
}

std::unique_ptr<app::OidcProvider> MakeOidcProvider(OidcConfig config) {
  return std::make_unique<OidcClient>(std::move(config));
}

}  // namespace helsekrav::http
