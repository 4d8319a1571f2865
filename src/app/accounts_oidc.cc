// AccountService: sign-in with OpenID Connect (the provider side is http/oidc_client.h).
#include "app/accounts.h"

#include "app/accounts_internal.h"
#include "core/uuid.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

namespace {
constexpr char kBadOidcState[] = "Innloggingen er utløpt eller ugyldig. Prøv igjen.";
}  // namespace

// ---- OpenID Connect ------------------------------------------------------------------------

OidcProvider* AccountService::FindProvider(const std::string& provider_id) const {
  for (const auto& p : oidc_) {
    if (p->id() == provider_id) return p.get();
  }
  return nullptr;
}

Result<std::string> AccountService::BeginOidcLink(const Principal& principal,
                                                  const std::string& provider_id) {
  if (principal.session_id.empty() || principal.actor.user_id.empty()) {
    return Status::Forbidden("Logg inn før du kobler til en innloggingstjeneste.");
  }
  return StartOidc(provider_id, "/min-side?melding=koblet", principal.actor.user_id);
}

Result<std::string> AccountService::BeginOidc(const std::string& provider_id,
                                              const std::string& return_to) {
  return StartOidc(provider_id, return_to, "");
}

Result<std::string> AccountService::StartOidc(const std::string& provider_id,
                                              const std::string& return_to,
                                              const std::string& link_user) {
  OidcProvider* provider = FindProvider(provider_id);
  if (provider == nullptr) return Status::NotFound("Ukjent innloggingstjeneste.");
  const std::int64_t now = Seconds(clock_.Now());
  const std::string state = RandomToken();
  const std::string nonce = RandomToken();
  const std::string verifier = RandomToken();  // 43 characters of base64url: RFC 7636 minimum
  auto url = provider->AuthorizationUrl(
      state, nonce, trust::Base64Url(trust::HashBytes(trust::Sha256(verifier))));
  if (!url.ok()) return url.status();
  store::Entity e;
  e.kind = "oidc_state";
  e.id = state;
  e.created_at = now;
  e.updated_at = now;
  e.expires_at = now + std::chrono::seconds(kOidcStateLifetime).count();
  e.doc = Json{{"provider", provider_id},
               {"nonce", nonce},
               {"code_verifier", verifier},
               {"return_to", SafeReturnPath(return_to)},
               {"link_user", link_user}}
              .dump();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->InsertEntity(e));
  HK_RETURN_IF_ERROR((*tx)->Commit());
  return url;
}

Result<std::pair<SessionToken, std::string>> AccountService::CompleteOidc(
    const std::string& provider_id, const std::string& state, const std::string& code) {
  OidcProvider* provider = FindProvider(provider_id);
  if (provider == nullptr) return Status::NotFound("Ukjent innloggingstjeneste.");
  if (state.empty() || code.empty()) return Status::Unauthenticated(kBadOidcState);
  std::int64_t now = Seconds(clock_.Now());
  auto stored = store_.FindEntity("oidc_state", state, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::Unauthenticated(kBadOidcState);
  std::string nonce, verifier, return_to, stored_provider, link_user;
  try {
    Json doc = Json::parse((*stored)->doc);
    stored_provider = doc.at("provider").get<std::string>();
    nonce = doc.at("nonce").get<std::string>();
    verifier = doc.at("code_verifier").get<std::string>();
    return_to = doc.value("return_to", "/");
    link_user = doc.value("link_user", "");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored OIDC state is damaged: ") + e.what());
  }
  {  // consume the state first, so a replayed callback fails even if the exchange is slow
    auto tx = store_.Begin();
    if (!tx.ok()) return tx.status();
    Status consumed = (*tx)->DeleteEntity("oidc_state", state);
    if (consumed.code() == StatusCode::kNotFound) return Status::Unauthenticated(kBadOidcState);
    HK_RETURN_IF_ERROR(consumed);
    HK_RETURN_IF_ERROR((*tx)->Commit());
  }
  if (stored_provider != provider_id) return Status::Unauthenticated(kBadOidcState);
  auto identity = provider->Exchange(code, verifier, nonce);
  if (!identity.ok()) return identity.status();
  now = Seconds(clock_.Now());

  const std::string identity_key = identity->issuer + " " + identity->subject;
  auto linked = store_.FindEntityByUniqueKey("oidc_identity", identity_key, now);
  if (!linked.ok()) return linked.status();
  std::string user_id;
  bool new_user = false;
  bool new_link = false;
  domain::User user;
  if (linked->has_value()) {
    user_id = (*linked)->parent_id;
    if (!link_user.empty() && user_id != link_user) {
      return Status::Conflict(
          "Denne innloggingen er allerede koblet til en annen konto i helsekrav.");
    }
  } else if (!link_user.empty()) {
    // A signed-in user asked to link this provider (BeginOidcLink): the identity joins the
    // account that started the flow, whatever e-mail the provider reports.
    new_link = true;
    user_id = link_user;
  } else {
    // Never link to an existing account by e-mail, verified or not: a provider's e-mail claim
    // does not prove the person owns the account (review L1). Users link providers themselves
    // from /min-side after signing in with their password. An unverified e-mail is not stored
    // at all, so it cannot claim an address before its owner registers.
    new_link = true;
    const std::string email = identity->email_verified ? Lower(identity->email) : "";
    if (!email.empty()) {
      auto found = store_.FindEntityByUniqueKey("user", email, now);
      if (!found.ok()) return found.status();
      if (found->has_value()) {
        return Status::Conflict("Det finnes allerede en konto med e-postadressen " + email +
                                ". Logg inn med e-post og passord, og koble til " +
                                provider->display_name() + " under Min side.");
      }
    }
    new_user = true;
    user.id = Uuid::Random().ToString();
    user.email = email;
    user.name = !identity->name.empty() ? identity->name
                : !email.empty()        ? email
                                        : provider->display_name() + "-bruker";
    user.created_at = now;
    user_id = user.id;
  }
  auto user_entity = store_.FindEntity("user", user_id, now);
  if (!user_entity.ok()) return user_entity.status();
  if (!new_user) {
    if (!user_entity->has_value()) return Status::Unauthenticated(kBadOidcState);
    auto existing = formats::FromDoc<domain::User>((*user_entity)->doc);
    if (!existing.ok()) return existing.status();
    if (existing->disabled) return Status::Unauthenticated("Brukeren er deaktivert.");
  }
  auto memberships = store_.ListEntitiesByParent("membership", user_id, now);
  if (!memberships.ok()) return memberships.status();
  std::string active_org = memberships->empty() ? "" : memberships->front().owner_org;

  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  if (new_user) {
    HK_RETURN_IF_ERROR(t.InsertEntity(UserEntity(user, now)));
    HK_RETURN_IF_ERROR(AppendEvent(
        t, MakeEvent(now, user.id, "", "", "user", user.id, "registered",
                     Json{{"email", user.email}, {"name", user.name}, {"via", provider_id}})));
  }
  if (new_link) {
    store::Entity link;
    link.kind = "oidc_identity";
    link.id = Uuid::Random().ToString();
    link.unique_key = identity_key;
    link.parent_id = user_id;
    link.created_at = now;
    link.updated_at = now;
    link.doc = Json{
        {"issuer", identity->issuer},
        {"subject", identity->subject},
        {"provider", provider_id},
        {"user_id",
         user_id}}.dump();
    HK_RETURN_IF_ERROR(t.InsertEntity(link));
    HK_RETURN_IF_ERROR(
        AppendEvent(t, MakeEvent(now, user_id, "", "", "oidc_identity", link.id, "linked",
                                 Json{{"provider", provider_id}, {"issuer", identity->issuer}})));
  }
  Status inserted;
  SessionToken session = AddSession(t, inserted, user_id, active_org, now);
  HK_RETURN_IF_ERROR(inserted);
  HK_RETURN_IF_ERROR(t.Commit());
  return std::make_pair(session, return_to);
}

}  // namespace helsekrav::app
