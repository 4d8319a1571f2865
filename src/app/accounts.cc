#include "app/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

#include "app/accounts_internal.h"
#include "app/common_passwords.h"
#include "core/date.h"
#include "core/log.h"
#include "core/uuid.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {
namespace {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

constexpr std::size_t kMaxTrackedLoginKeys = 100000;
constexpr char kWrongCredentials[] = "Feil e-postadresse eller passord";
constexpr char kTooManyRegistrations[] =
    "For mange nye registreringer fra samme sted. Prøv igjen om 15 minutter.";
constexpr char kTooManyResets[] =
    "For mange forespørsler om nytt passord. Prøv igjen om 15 minutter.";
// Mail notices after a registration through the web form (SubmitRegistration).
std::string RegisteredNotice(const std::string& base_url) {
  return "Virksomheten din er registrert hos helsekrav og venter på godkjenning fra "
         "Helsedirektoratet. Logg inn på " +
         base_url + "/logg-inn for å følge med.";
}
std::string RegisteredAgainNotice(const std::string& base_url) {
  return "Noen prøvde å registrere en ny virksomhet med denne e-postadressen, men du har allerede "
         "en konto hos helsekrav. Var det deg, kan du logge inn på " +
         base_url + "/logg-inn eller be om nytt passord på " + base_url +
         "/glemt-passord. Var det ikke deg, kan du se bort fra denne e-posten.";
}
constexpr char kNoMail[] =
    "Tjenesten sender ikke e-post, så vi kan ikke sende deg en lenke for nytt passord. Kontakt "
    "forvalteren av tjenesten.";
constexpr char kBadResetToken[] =
    "Lenken for nytt passord er ugyldig, brukt eller utløpt. Be om en ny lenke.";

void EnsureSodium() {
  static const int initialised = sodium_init();
  if (initialised < 0) {
    LogError("libsodium could not be initialised");
    std::abort();  // no safe way to hash passwords or make tokens
  }
}

// A hash to verify against when the e-mail is unknown, so that answering takes about as long
// as for a known user with a wrong password.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomToken());
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

}  // namespace

namespace account_internal {

std::string Lower(std::string text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  auto end = text.find_last_not_of(" \t\r\n");
  text = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A local path to return to after signing in; anything else (other sites, "//host") becomes
// the start page so the sign-in flow cannot be used as an open redirect.
std::string SafeReturnPath(const std::string& path) {
  if (path.empty() || path[0] != '/' || (path.size() > 1 && (path[1] == '/' || path[1] == '\\')))
    return "/";
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  }
  return path;
}

// Members, tokens and approvals are managed by signed-in people only.
Status NotByToken(const Principal& principal) {
  if (principal.actor.api_token) {
    return Status::Forbidden(
        "Dette kan bare gjøres av en innlogget administrator, ikke med en "
        "API-nøkkel.");
  }
  return Status::Ok();
}

std::int64_t Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

store::EventRecord MakeEvent(std::int64_t now, const std::string& actor_user,
                             const std::string& actor_org, const std::string& org_id,
                             const std::string& kind, const std::string& id,
                             const std::string& action, const Json& changes) {
  store::EventRecord event;
  event.id = Uuid::Random().ToString();
  event.at = now;
  event.actor_user = actor_user;
  event.actor_org = actor_org;
  event.org_id = org_id;
  event.entity_kind = kind;
  event.entity_id = id;
  event.action = action;
  event.changes = changes.dump();
  return event;
}

Status AppendEvent(store::Transaction& tx, const store::EventRecord& event) {
  auto seq = tx.AppendEvent(event);
  return seq.ok() ? Status::Ok() : seq.status();
}

store::Entity OrgEntity(const domain::OrgAccount& org, std::int64_t now) {
  store::Entity e;
  e.kind = "organisation";
  e.id = org.id;
  e.unique_key = domain::OrgUniqueKey(org);
  e.owner_org = org.id;
  e.created_at = now;
  e.updated_at = now;
  e.doc = formats::ToJson(org).dump();
  return e;
}

store::Entity UserEntity(const domain::User& user, std::int64_t now) {
  store::Entity e;
  e.kind = "user";
  e.id = user.id;
  e.unique_key = user.email;
  e.created_at = now;
  e.updated_at = now;
  e.doc = formats::ToStoredJson(user).dump();
  return e;
}

store::Entity MembershipEntity(const domain::Membership& m, std::int64_t now) {
  store::Entity e;
  e.kind = "membership";
  e.id = m.user_id + ":" + m.org_id;
  e.parent_id = m.user_id;
  e.owner_org = m.org_id;
  e.created_at = now;
  e.updated_at = now;
  e.doc = formats::ToJson(m).dump();
  return e;
}

// A new session for the user; the clear token goes to the client only.
SessionToken AddSession(store::Transaction& tx, Status& status, const std::string& user_id,
                        const std::string& active_org, std::int64_t now) {
  SessionToken token;
  token.token = RandomToken();
  token.expires_at = now + std::chrono::seconds(kSessionLifetime).count();
  store::Entity e;
  e.kind = "session";
  e.id = trust::Sha256Hex(token.token);
  e.parent_id = user_id;
  e.created_at = now;
  e.updated_at = now;
  e.expires_at = token.expires_at;
  e.doc = Json{
      {"user_id", user_id},
      {"active_org", active_org},
      {"csrf", RandomToken()},
      {"created_at",
       now}}.dump();
  status = tx.InsertEntity(e);
  return token;
}

Json ApiTokenToJson(const ApiTokenInfo& info) {
  return Json{{"id", info.id},
              {"org_id", info.org_id},
              {"name", info.name},
              {"scopes", info.scopes},
              {"created_by", info.created_by},
              {"created_at", info.created_at},
              {"expires_at", info.expires_at},
              {"revoked_at", info.revoked_at}};
}

Result<ApiTokenInfo> ApiTokenFromDoc(const std::string& doc) {
  try {
    Json j = Json::parse(doc);
    ApiTokenInfo info;
    info.id = j.at("id").get<std::string>();
    info.org_id = j.at("org_id").get<std::string>();
    info.name = j.at("name").get<std::string>();
    info.scopes = j.at("scopes").get<std::vector<std::string>>();
    info.created_by = j.value("created_by", "");
    info.created_at = j.value("created_at", std::int64_t{0});
    info.expires_at = j.value("expires_at", std::int64_t{0});
    info.revoked_at = j.value("revoked_at", std::int64_t{0});
    return info;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored API token is damaged: ") + e.what());
  }
}

}  // namespace account_internal

// ---- Primitives ----------------------------------------------------------------------------

Result<std::string> HashPassword(const std::string& password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return trust::Base64Url(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

void LogResetSender::Send(const std::string& email, const std::string& link) {
  // Only with `serve --dev-log-mail`: the one place a secret reaches the log, so that a
  // developer without a mail server can follow the link.
  LogInfo("password reset link", {{"email", email}, {"link", link}});
}

void LogResetSender::Notify(const std::string& email, const std::string& text) {
  LogInfo("mail notice", {{"email", email}, {"text", text}});
}

void NoMailSender::Send(const std::string& /*email*/, const std::string& /*link*/) {
  LogWarn("no mail sender is configured: a password reset link was not sent");
}

// ---- Service -------------------------------------------------------------------------------

AccountService::AccountService(store::Store& store, const Clock& clock, CatalogService& catalog,
                               ResetSender& reset_sender, std::string base_url)
    : store_(store),
      clock_(clock),
      catalog_(catalog),
      reset_sender_(reset_sender),
      base_url_(std::move(base_url)) {
  EnsureSodium();
}

void AccountService::AddOidcProvider(std::unique_ptr<OidcProvider> provider) {
  oidc_.push_back(std::move(provider));
}

std::vector<const OidcProvider*> AccountService::oidc_providers() const {
  std::vector<const OidcProvider*> out;
  for (const auto& p : oidc_) out.push_back(p.get());
  return out;
}

Result<SessionToken> AccountService::Register(const Registration& registration,
                                              const std::string& client) {
  auto registered = RegisterAccount(registration, client, /*sign_in=*/true);
  if (!registered.ok()) return registered.status();
  if (!registered->has_value()) return Status::Internal("registration did not sign in");
  return std::move(**registered);
}

Status AccountService::SubmitRegistration(const Registration& registration,
                                          const std::string& client) {
  auto registered = RegisterAccount(registration, client, /*sign_in=*/false);
  return registered.ok() ? Status::Ok() : registered.status();
}

Result<std::optional<SessionToken>> AccountService::RegisterAccount(
    const Registration& registration, const std::string& client, bool sign_in) {
  const std::int64_t now = Seconds(clock_.Now());
  // At most kMaxRequestsPerClient attempts per client and window, whatever their outcome, so
  // the form cannot be used to test many e-mail addresses or organisation numbers.
  const std::vector<std::string> rate_keys = {"register:" + client};
  if (RateLimited(rate_keys, now, kMaxRequestsPerClient)) {
    return Status::RateLimited(kTooManyRegistrations);
  }
  RecordFailure(rate_keys, now);
  domain::User user;
  user.id = Uuid::Random().ToString();
  user.email = Lower(registration.email);
  user.name = registration.name;
  user.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateUser(user));
  HK_RETURN_IF_ERROR(domain::ValidatePassword(registration.password, user.email));
  HK_RETURN_IF_ERROR(CheckNotCommonPassword(registration.password));
  domain::OrgAccount org = registration.org;
  org.id = Uuid::Random().ToString();
  domain::NormaliseOrgIdentifier(org);
  org.acts_as.clear();  // only the authority decides what a body acts as
  org.status = domain::OrgStatus::kPending;
  org.decided_by.clear();
  org.decision_note.clear();
  org.decided_at = 0;
  org.created_at = now;
  auto snapshot = catalog_.snapshot();
  if (snapshot == nullptr) return Status::Unavailable("Katalogen er ikke lastet ennå.");
  HK_RETURN_IF_ERROR(domain::ValidateOrgAccount(org, snapshot->catalog()));
  if (org.kind == domain::OrganisationKind::kAuthority) {
    // The authority that runs helsekrav is set up by its operator (`helsekrav admin`), never
    // through self-registration.
    return Status::Invalid("kind",
                           "Myndigheter kan ikke registrere seg selv; kontakt forvalteren.");
  }

  auto existing_org = store_.FindEntityByUniqueKey("organisation", domain::OrgUniqueKey(org), now);
  if (!existing_org.ok()) return existing_org.status();
  if (existing_org->has_value()) {
    return Status::Conflict(
        org.id_kind == domain::OrgIdKind::kOrgnr
            ? "Organisasjonen med dette organisasjonsnummeret er allerede "
              "registrert. Be organisasjonens administrator om å legge deg til."
            : "Organisasjonen med denne identifikatoren er allerede registrert. Be "
              "organisasjonens administrator om å legge deg til.");
  }
  // Hashed before the e-mail is looked up, so that a taken e-mail is not answered faster.
  auto hash = HashPassword(registration.password);
  if (!hash.ok()) return hash.status();
  // The organisation is public, the e-mail is not: checked after it, and (without sign-in)
  // answered as a success, with a notice to the address's owner instead.
  auto existing_user = store_.FindEntityByUniqueKey("user", user.email, now);
  if (!existing_user.ok()) return existing_user.status();
  if (existing_user->has_value()) {
    if (!sign_in) {
      reset_sender_.Notify(user.email, RegisteredAgainNotice(base_url_));
      return std::optional<SessionToken>();
    }
    return Status::Conflict(
        "E-postadressen er allerede registrert. Logg inn eller be om nytt "
        "passord.");
  }
  user.password_hash = *hash;
  domain::Membership membership{user.id, org.id, domain::Role::kAdmin};

  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  HK_RETURN_IF_ERROR(t.InsertEntity(OrgEntity(org, now)));
  HK_RETURN_IF_ERROR(t.InsertEntity(UserEntity(user, now)));
  HK_RETURN_IF_ERROR(t.InsertEntity(MembershipEntity(membership, now)));
  HK_RETURN_IF_ERROR(
      AppendEvent(t, MakeEvent(now, user.id, org.id, org.id, "organisation", org.id, "registered",
                               Json{{"orgnr", org.orgnr},
                                    {"identifier", domain::OrgUniqueKey(org)},
                                    {"name", org.name},
                                    {"kind", domain::Code(org.kind)},
                                    {"status", domain::Code(org.status)}})));
  HK_RETURN_IF_ERROR(
      AppendEvent(t, MakeEvent(now, user.id, org.id, org.id, "user", user.id, "registered",
                               Json{{"email", user.email}, {"name", user.name}})));
  HK_RETURN_IF_ERROR(AppendEvent(
      t,
      MakeEvent(now, user.id, org.id, org.id, "membership", user.id + ":" + org.id, "member_added",
                Json{{"user_id", user.id}, {"role", domain::Code(membership.role)}})));
  HK_RETURN_IF_ERROR(t.BumpRegistryRevision());
  if (!sign_in) {
    HK_RETURN_IF_ERROR(t.Commit());
    reset_sender_.Notify(user.email, RegisteredNotice(base_url_));
    return std::optional<SessionToken>();
  }
  Status inserted;
  SessionToken session = AddSession(t, inserted, user.id, org.id, now);
  HK_RETURN_IF_ERROR(inserted);
  HK_RETURN_IF_ERROR(t.Commit());
  return std::optional<SessionToken>(std::move(session));
}

bool AccountService::RateLimited(const std::vector<std::string>& keys, std::int64_t now, int max) {
  std::lock_guard lock(rate_mu_);
  const std::int64_t window = std::chrono::seconds(kLoginWindow).count();
  bool limited = false;
  for (const auto& key : keys) {
    auto it = failures_.find(key);
    if (it == failures_.end()) continue;
    auto& times = it->second;
    std::erase_if(times, [&](std::int64_t t) { return t <= now - window || t > now; });
    if (times.empty()) {
      failures_.erase(it);
    } else if (static_cast<int>(times.size()) >= max) {
      limited = true;
    }
  }
  return limited;
}

void AccountService::RecordFailure(const std::vector<std::string>& keys, std::int64_t now) {
  std::lock_guard lock(rate_mu_);
  if (failures_.size() > kMaxTrackedLoginKeys) {
    // Many distinct e-mails or clients (a spray): forget the ones outside the window, so the
    // table stays bounded by the attack rate rather than growing forever.
    const std::int64_t window = std::chrono::seconds(kLoginWindow).count();
    std::erase_if(failures_, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() <= now - window;
    });
  }
  for (const auto& key : keys) failures_[key].push_back(now);
}

Result<SessionToken> AccountService::Login(const std::string& email, const std::string& password,
                                           const std::string& client) {
  const std::int64_t now = Seconds(clock_.Now());
  const std::string address = Lower(email);
  // Security log (ASVS 7.2.1): every decision with the client and, when known, the user id;
  // never what was typed, which may be a password pasted into the e-mail field.
  Status allowed = login_throttle_.Attempt(address, client, now);
  if (!allowed.ok()) {
    LogWarn("sign-in throttled", {{"client", client}});
    return allowed;
  }

  auto found = store_.FindEntityByUniqueKey("user", address, now);
  if (!found.ok()) return found.status();
  std::optional<domain::User> user;
  if (found->has_value()) {
    auto parsed = formats::FromDoc<domain::User>((*found)->doc);
    if (!parsed.ok()) return parsed.status();
    user = std::move(*parsed);
  }
  bool verified = false;
  if (user.has_value() && !user->password_hash.empty()) {
    verified = VerifyPassword(user->password_hash, password);
  } else {
    VerifyPassword(DummyHash(), password);  // same work as for a known user
  }
  if (!verified || user->disabled) {
    LogWarn("sign-in failed",
            {{"client", client}, {"user", user.has_value() ? user->id : "(unknown)"}});
    return Status::Unauthenticated(kWrongCredentials);
  }
  login_throttle_.Succeeded(address, client, now);
  LogInfo("password accepted", {{"client", client}, {"user", user->id}});

  auto memberships = store_.ListEntitiesByParent("membership", user->id, now);
  if (!memberships.ok()) return memberships.status();
  std::string active_org = memberships->empty() ? "" : memberships->front().owner_org;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  Status inserted;
  SessionToken session = AddSession(**tx, inserted, user->id, active_org, now);
  HK_RETURN_IF_ERROR(inserted);
  HK_RETURN_IF_ERROR((*tx)->Commit());
  return session;
}

Status AccountService::Logout(const std::string& session_token) {
  if (session_token.empty()) return Status::Ok();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  Status deleted = (*tx)->DeleteEntity("session", trust::Sha256Hex(session_token));
  if (deleted.code() == StatusCode::kNotFound) return Status::Ok();
  HK_RETURN_IF_ERROR(deleted);
  return (*tx)->Commit();
}

namespace {

// Ends a session unused for kSessionIdleTimeout (false), and otherwise records that it was used
// now, at most once per kSessionTouchInterval so that not every request writes. Losing a race
// with another request that touched or ended it is fine.
Result<bool> KeepSessionAlive(store::Store& store, const store::Entity& session, std::int64_t now) {
  const std::int64_t idle = now - session.updated_at;
  if (idle >= std::chrono::seconds(kSessionIdleTimeout).count()) {
    auto tx = store.Begin();
    if (!tx.ok()) return tx.status();
    Status deleted = (*tx)->DeleteEntity("session", session.id);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
    HK_RETURN_IF_ERROR((*tx)->Commit());
    return false;
  }
  if (idle >= std::chrono::seconds(kSessionTouchInterval).count()) {
    store::Entity touched = session;
    touched.updated_at = now;
    auto tx = store.Begin();
    if (!tx.ok()) return tx.status();
    Status updated = (*tx)->UpdateEntity(touched, session.revision);
    if (updated.code() == StatusCode::kConflict || updated.code() == StatusCode::kNotFound) {
      return true;
    }
    HK_RETURN_IF_ERROR(updated);
    HK_RETURN_IF_ERROR((*tx)->Commit());
  }
  return true;
}

}  // namespace

Result<std::optional<Principal>> AccountService::Authenticate(const std::string& session_token) {
  if (session_token.empty()) return std::optional<Principal>();
  const std::int64_t now = Seconds(clock_.Now());
  auto session = store_.FindEntity("session", trust::Sha256Hex(session_token), now);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return std::optional<Principal>();
  auto alive = KeepSessionAlive(store_, **session, now);
  if (!alive.ok()) return alive.status();
  if (!*alive) return std::optional<Principal>();
  std::string user_id;
  std::string active_org;
  std::string csrf;
  try {
    Json doc = Json::parse((*session)->doc);
    user_id = doc.at("user_id").get<std::string>();
    active_org = doc.value("active_org", "");
    csrf = doc.at("csrf").get<std::string>();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored session is damaged: ") + e.what());
  }
  auto user_entity = store_.FindEntity("user", user_id, now);
  if (!user_entity.ok()) return user_entity.status();
  if (!user_entity->has_value()) return std::optional<Principal>();
  auto user = formats::FromDoc<domain::User>((*user_entity)->doc);
  if (!user.ok()) return user.status();
  if (user->disabled) return std::optional<Principal>();

  Principal principal;
  principal.session_id = (*session)->id;
  principal.csrf_token = csrf;
  principal.user = std::move(*user);
  principal.user.password_hash.clear();  // never leaves the service
  auto memberships = store_.ListEntitiesByParent("membership", user_id, now);
  if (!memberships.ok()) return memberships.status();
  for (const auto& e : *memberships) {
    auto m = formats::FromDoc<domain::Membership>(e.doc);
    if (!m.ok()) return m.status();
    principal.memberships.push_back(std::move(*m));
  }
  const domain::Membership* active = nullptr;
  for (const auto& m : principal.memberships) {
    if (m.org_id == active_org) active = &m;
  }
  if (active == nullptr && !principal.memberships.empty()) active = &principal.memberships[0];

  principal.actor.user_id = user_id;
  if (active != nullptr) {
    auto org_entity = store_.FindEntity("organisation", active->org_id, now);
    if (!org_entity.ok()) return org_entity.status();
    if (org_entity->has_value()) {
      auto org = formats::FromDoc<domain::OrgAccount>((*org_entity)->doc);
      if (!org.ok()) return org.status();
      principal.org = std::move(*org);
      principal.actor.org_id = principal.org.id;
      principal.actor.org_kind = principal.org.kind;
      principal.actor.org_status = principal.org.status;
      principal.actor.role = active->role;
    }
  }
  return std::optional<Principal>(std::move(principal));
}

Result<std::optional<Principal>> AccountService::AuthenticateApiToken(const std::string& token) {
  if (token.empty()) return std::optional<Principal>();
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = store_.FindEntityByUniqueKey("api_token", trust::Sha256Hex(token), now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return std::optional<Principal>();
  auto info = ApiTokenFromDoc((*entity)->doc);
  if (!info.ok()) return info.status();
  if (info->revoked_at != 0) return std::optional<Principal>();
  HK_RETURN_IF_ERROR(FillLegacyExpiry(*info, now));
  if (info->expires_at <= now) {
    return Status::Unauthenticated(
        "API-nøkkelen utløp " +
        Date(static_cast<int>(info->expires_at / (std::int64_t{24} * 60 * 60))).ToNorwegian() +
        ". En administrator kan lage en ny under Min side → API-nøkler.");
  }
  auto org_entity = store_.FindEntity("organisation", info->org_id, now);
  if (!org_entity.ok()) return org_entity.status();
  if (!org_entity->has_value()) return std::optional<Principal>();
  auto org = formats::FromDoc<domain::OrgAccount>((*org_entity)->doc);
  if (!org.ok()) return org.status();

  Principal principal;
  principal.org = std::move(*org);
  principal.actor.org_id = principal.org.id;
  principal.actor.org_kind = principal.org.kind;
  principal.actor.org_status = principal.org.status;
  // Only admins create tokens, and a token acts with that role (it reads its organisation's
  // events, and changes data with the "write" scope); the account use cases below still refuse
  // tokens (NotByToken), so a leaked token cannot mint tokens or add members.
  principal.actor.role = domain::Role::kAdmin;
  principal.actor.api_token = true;
  principal.actor.scopes = info->scopes;
  return std::optional<Principal>(std::move(principal));
}

Status AccountService::SwitchOrganisation(const Principal& principal, const std::string& org_id) {
  bool member = std::any_of(principal.memberships.begin(), principal.memberships.end(),
                            [&](const domain::Membership& m) { return m.org_id == org_id; });
  if (!member || principal.session_id.empty()) {
    return Status::Forbidden("Du er ikke medlem av denne organisasjonen.");
  }
  const std::int64_t now = Seconds(clock_.Now());
  auto session = store_.FindEntity("session", principal.session_id, now);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return Status::Unauthenticated("Økten er utløpt. Logg inn på nytt.");
  store::Entity updated = **session;
  try {
    Json doc = Json::parse(updated.doc);
    doc["active_org"] = org_id;
    updated.doc = doc.dump();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored session is damaged: ") + e.what());
  }
  updated.updated_at = now;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*session)->revision));
  return (*tx)->Commit();
}

// ---- Password reset ------------------------------------------------------------------------

Status AccountService::RequestPasswordReset(const std::string& email, const std::string& client) {
  const std::int64_t now = Seconds(clock_.Now());
  const std::string address = Lower(email);
  // Every request counts, per address and per client, whether the address exists or not.
  const std::vector<std::string> address_key = {"reset:" + address};
  const std::vector<std::string> client_key = {"reset-client:" + client};
  if (!reset_sender_.delivers()) return Status::Unavailable(kNoMail);
  if (RateLimited(address_key, now) || RateLimited(client_key, now, kMaxRequestsPerClient)) {
    return Status::RateLimited(kTooManyResets);
  }
  RecordFailure({address_key[0], client_key[0]}, now);
  auto found = store_.FindEntityByUniqueKey("user", address, now);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::Ok();
  auto user = formats::FromDoc<domain::User>((*found)->doc);
  if (!user.ok()) return user.status();
  if (user->disabled) return Status::Ok();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  std::string token;
  HK_RETURN_IF_ERROR(AddResetToken(**tx, user->id, now, token));
  HK_RETURN_IF_ERROR(AppendEvent(**tx, MakeEvent(now, "", "", "", "user", user->id,
                                                 "password_reset_requested", Json::object())));
  HK_RETURN_IF_ERROR((*tx)->Commit());
  reset_sender_.Send(user->email, base_url_ + "/nytt-passord?token=" + token);
  return Status::Ok();
}

Status AccountService::AddResetToken(store::Transaction& tx, const std::string& user_id,
                                     std::int64_t now, std::string& token) {
  token = RandomToken();
  store::Entity e;
  e.kind = "password_reset";
  e.id = trust::Sha256Hex(token);
  e.parent_id = user_id;
  e.created_at = now;
  e.updated_at = now;
  e.expires_at = now + std::chrono::seconds(kResetTokenLifetime).count();
  e.doc = Json{{"user_id", user_id}, {"created_at", now}}.dump();
  return tx.InsertEntity(e);
}

Status AccountService::ResetPassword(const std::string& token, const std::string& new_password) {
  const std::int64_t now = Seconds(clock_.Now());
  if (token.empty()) return Status::Invalid("token", kBadResetToken);
  const std::string id = trust::Sha256Hex(token);
  auto reset = store_.FindEntity("password_reset", id, now);
  if (!reset.ok()) return reset.status();
  if (!reset->has_value()) return Status::Invalid("token", kBadResetToken);
  auto user_entity = store_.FindEntity("user", (*reset)->parent_id, now);
  if (!user_entity.ok()) return user_entity.status();
  if (!user_entity->has_value()) return Status::Invalid("token", kBadResetToken);
  auto user = formats::FromDoc<domain::User>((*user_entity)->doc);
  if (!user.ok()) return user.status();
  HK_RETURN_IF_ERROR(domain::ValidatePassword(new_password, user->email));
  HK_RETURN_IF_ERROR(CheckNotCommonPassword(new_password));
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  user->password_hash = *hash;
  auto sessions = store_.ListEntitiesByParent("session", user->id, now);
  if (!sessions.ok()) return sessions.status();
  // Every other reset link of the user stops working too: one may have gone astray.
  auto other_links = store_.ListEntitiesByParent("password_reset", user->id, now);
  if (!other_links.ok()) return other_links.status();

  store::Entity updated = UserEntity(*user, (*user_entity)->created_at);
  updated.updated_at = now;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  Status consumed = (*tx)->DeleteEntity("password_reset", id);
  if (consumed.code() == StatusCode::kNotFound) return Status::Invalid("token", kBadResetToken);
  HK_RETURN_IF_ERROR(consumed);
  HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*user_entity)->revision));
  for (const auto& s : *sessions) {
    Status deleted = (*tx)->DeleteEntity("session", s.id);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
  }
  for (const auto& link : *other_links) {
    if (link.id == id) continue;
    Status deleted = (*tx)->DeleteEntity("password_reset", link.id);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
  }
  HK_RETURN_IF_ERROR(
      AppendEvent(**tx, MakeEvent(now, user->id, "", "", "user", user->id, "password_reset",
                                  Json{{"sessions_ended", sessions->size()}})));
  return (*tx)->Commit();
}

}  // namespace helsekrav::app
