// AccountService: the second factor of password sign-ins, TOTP (review finding L7). The secret
// lives in a "totp" entity per user (id = user id), the sign-in's pending state in a
// "signin_challenge" entity keyed by the SHA-256 of a one-time ticket.
#include "app/accounts.h"
#include "app/accounts_internal.h"
#include "app/totp.h"
#include "core/log.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

namespace {

constexpr char kTotpKind[] = "totp";
constexpr char kChallengeKind[] = "signin_challenge";
constexpr char kIssuer[] = "helsekrav";
constexpr char kBadChallenge[] = "Innloggingen er utløpt. Logg inn på nytt.";
constexpr char kWrongCode[] = "Feil kode. Skriv inn de seks sifrene appen viser nå.";

struct TotpState {
  std::string secret;  // raw bytes
  bool confirmed = false;
  std::int64_t last_step = -1;  // the last step whose code was accepted (no replay)
  // Wrong codes since failures_since, across challenges: a thief of the password cannot keep
  // signing in for fresh challenges to guess on.
  int failures = 0;
  std::int64_t failures_since = 0;
};

constexpr int kMaxCodeFailures = 10;  // per account within kFailureWindow
constexpr std::int64_t kFailureWindow = std::int64_t{15} * 60;
constexpr char kTooManyCodes[] = "For mange feil koder. Vent 15 minutter, og logg inn på nytt.";

Result<std::optional<std::pair<TotpState, store::Entity>>> LoadTotp(store::Store& store,
                                                                    const std::string& user_id,
                                                                    std::int64_t now) {
  auto entity = store.FindEntity(kTotpKind, user_id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return std::optional<std::pair<TotpState, store::Entity>>();
  try {
    Json doc = Json::parse((*entity)->doc);
    TotpState state;
    auto secret = totp::Base32Decode(doc.at("secret").get<std::string>());
    if (!secret) return Status::Internal("stored TOTP secret is not base32");
    state.secret = *secret;
    state.confirmed = doc.value("confirmed", false);
    state.last_step = doc.value("last_step", std::int64_t{-1});
    state.failures = doc.value("failures", 0);
    state.failures_since = doc.value("failures_since", std::int64_t{0});
    return std::optional<std::pair<TotpState, store::Entity>>(std::make_pair(state, **entity));
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored TOTP state is damaged: ") + e.what());
  }
}

store::Entity TotpEntity(const std::string& user_id, const TotpState& state, std::int64_t now) {
  store::Entity e;
  e.kind = kTotpKind;
  e.id = user_id;
  e.parent_id = user_id;
  e.created_at = now;
  e.updated_at = now;
  e.doc = Json{{"secret", totp::Base32Encode(state.secret)},
               {"confirmed", state.confirmed},
               {"last_step", state.last_step},
               {"failures", state.failures},
               {"failures_since", state.failures_since}}
              .dump();
  return e;
}

// Writes `state` over `previous` (or inserts it when there is none).
Status SaveTotp(store::Transaction& tx, const std::string& user_id, const TotpState& state,
                const std::optional<store::Entity>& previous, std::int64_t now) {
  store::Entity e = TotpEntity(user_id, state, now);
  if (!previous) return tx.InsertEntity(e);
  e.created_at = previous->created_at;
  return tx.UpdateEntity(e, previous->revision);
}

}  // namespace

Result<bool> AccountService::NeedsSecondFactor(const std::string& user_id, std::int64_t now) {
  auto memberships = store_.ListEntitiesByParent("membership", user_id, now);
  if (!memberships.ok()) return memberships.status();
  for (const auto& e : *memberships) {
    auto m = formats::FromDoc<domain::Membership>(e.doc);
    if (!m.ok()) return m.status();
    if (m->role == domain::Role::kAdmin) return true;
    auto org = store_.FindEntity("organisation", m->org_id, now);
    if (!org.ok()) return org.status();
    if (!org->has_value()) continue;
    auto account = formats::FromDoc<domain::OrgAccount>((*org)->doc);
    if (!account.ok()) return account.status();
    if (account->kind == domain::OrganisationKind::kApprovingBody) return true;
  }
  return false;
}

Result<SignInResult> AccountService::SignIn(const std::string& email, const std::string& password,
                                            const std::string& client) {
  auto session = Login(email, password, client);
  if (!session.ok()) return session.status();
  SignInResult result;
  const std::int64_t now = Seconds(clock_.Now());
  auto user = store_.FindEntityByUniqueKey("user", Lower(email), now);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::Internal("signed-in user vanished");
  const std::string user_id = (*user)->id;
  auto stored = LoadTotp(store_, user_id, now);
  if (!stored.ok()) return stored.status();
  const bool enrolled = stored->has_value() && (*stored)->first.confirmed;
  bool needed = enrolled;
  if (!needed && second_factor_required_) {
    auto privileged = NeedsSecondFactor(user_id, now);
    if (!privileged.ok()) return privileged.status();
    needed = *privileged;
  }
  if (!needed) {
    result.session = std::move(*session);
    return result;
  }
  // The password was right, but the session is not the client's until the code is: end it.
  HK_RETURN_IF_ERROR(Logout(session->token));

  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  if (!enrolled) {
    // Enrolment at sign-in: a fresh secret each time until one is confirmed.
    TotpState state;
    state.secret = totp::NewSecret();
    if (state.secret.empty()) return Status::Internal("no random secret");
    std::optional<store::Entity> previous;
    if (stored->has_value()) previous = (*stored)->second;
    HK_RETURN_IF_ERROR(SaveTotp(**tx, user_id, state, previous, now));
    result.enrol_secret = totp::Base32Encode(state.secret);
    result.enrol_uri = totp::OtpauthUri(kIssuer, Lower(email), result.enrol_secret);
  }
  result.challenge = RandomToken();
  store::Entity challenge;
  challenge.kind = kChallengeKind;
  challenge.id = trust::Sha256Hex(result.challenge);
  challenge.parent_id = user_id;
  challenge.created_at = now;
  challenge.updated_at = now;
  challenge.expires_at = now + std::chrono::seconds(kSignInChallengeLifetime).count();
  challenge.doc = Json{{"user_id", user_id}, {"attempts", 0}}.dump();
  HK_RETURN_IF_ERROR((*tx)->InsertEntity(challenge));
  HK_RETURN_IF_ERROR((*tx)->Commit());
  return result;
}

Result<SessionToken> AccountService::CompleteSignIn(const std::string& challenge,
                                                    const std::string& code) {
  if (challenge.empty()) return Status::Unauthenticated(kBadChallenge);
  const std::int64_t now = Seconds(clock_.Now());
  const std::string id = trust::Sha256Hex(challenge);
  auto pending = store_.FindEntity(kChallengeKind, id, now);
  if (!pending.ok()) return pending.status();
  if (!pending->has_value()) return Status::Unauthenticated(kBadChallenge);
  const std::string user_id = (*pending)->parent_id;
  int attempts = 0;
  try {
    attempts = Json::parse((*pending)->doc).value("attempts", 0);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("stored sign-in challenge is damaged: ") + e.what());
  }
  auto stored = LoadTotp(store_, user_id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::Unauthenticated(kBadChallenge);
  TotpState state = (*stored)->first;
  if (state.failures_since <= now - kFailureWindow) {
    state.failures = 0;
    state.failures_since = now;
  }
  if (state.failures >= kMaxCodeFailures) return Status::RateLimited(kTooManyCodes);
  std::optional<std::int64_t> step = totp::MatchStep(state.secret, code, now);
  // Read before the transaction: a store read inside one would wait for it (SQLite).
  auto memberships = store_.ListEntitiesByParent("membership", user_id, now);
  if (!memberships.ok()) return memberships.status();
  const std::string active_org = memberships->empty() ? "" : memberships->front().owner_org;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  if (!step || *step <= state.last_step) {
    // A wrong or reused code (ASVS 2.8.5): logged with the user id, never the code.
    LogWarn(step ? "second factor code reused" : "second factor code wrong", {{"user", user_id}});
    ++state.failures;
    HK_RETURN_IF_ERROR(SaveTotp(**tx, user_id, state, (*stored)->second, now));
    // Count the failure; the last allowed one removes the challenge (sign in again).
    if (attempts + 1 >= kMaxSecondFactorAttempts) {
      Status deleted = (*tx)->DeleteEntity(kChallengeKind, id);
      if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
    } else {
      store::Entity updated = **pending;
      updated.doc = Json{{"user_id", user_id}, {"attempts", attempts + 1}}.dump();
      updated.updated_at = now;
      HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*pending)->revision));
    }
    HK_RETURN_IF_ERROR((*tx)->Commit());
    return Status::Unauthenticated(kWrongCode);
  }
  Status consumed = (*tx)->DeleteEntity(kChallengeKind, id);
  if (consumed.code() == StatusCode::kNotFound) return Status::Unauthenticated(kBadChallenge);
  HK_RETURN_IF_ERROR(consumed);
  const bool first = !state.confirmed;
  state.confirmed = true;
  state.last_step = *step;
  state.failures = 0;
  HK_RETURN_IF_ERROR(SaveTotp(**tx, user_id, state, (*stored)->second, now));
  if (first) {
    HK_RETURN_IF_ERROR(AppendEvent(
        **tx, MakeEvent(now, user_id, "", "", "user", user_id, "totp_enabled", Json::object())));
  }
  Status inserted;
  SessionToken session = AddSession(**tx, inserted, user_id, active_org, now);
  HK_RETURN_IF_ERROR(inserted);
  HK_RETURN_IF_ERROR((*tx)->Commit());
  return session;
}

Result<bool> AccountService::TotpEnabled(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  auto stored = LoadTotp(store_, principal.actor.user_id, Seconds(clock_.Now()));
  if (!stored.ok()) return stored.status();
  return stored->has_value() && (*stored)->first.confirmed;
}

Result<TotpEnrolment> AccountService::BeginTotpEnrolment(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  if (principal.actor.user_id.empty()) return Status::Forbidden("Logg inn først.");
  const std::int64_t now = Seconds(clock_.Now());
  auto stored = LoadTotp(store_, principal.actor.user_id, now);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && (*stored)->first.confirmed) {
    return Status::Conflict("Tofaktorinnlogging er allerede slått på.");
  }
  TotpState state;
  if (stored->has_value()) {
    state = (*stored)->first;  // keep the secret already shown, until confirmed
  } else {
    state.secret = totp::NewSecret();
    if (state.secret.empty()) return Status::Internal("no random secret");
    auto tx = store_.Begin();
    if (!tx.ok()) return tx.status();
    HK_RETURN_IF_ERROR(SaveTotp(**tx, principal.actor.user_id, state, std::nullopt, now));
    HK_RETURN_IF_ERROR((*tx)->Commit());
  }
  TotpEnrolment out;
  out.secret = totp::Base32Encode(state.secret);
  out.uri = totp::OtpauthUri(
      kIssuer, principal.user.email.empty() ? principal.user.name : principal.user.email,
      out.secret);
  return out;
}

Status AccountService::ConfirmTotp(const Principal& principal, const std::string& code) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  const std::int64_t now = Seconds(clock_.Now());
  auto stored = LoadTotp(store_, principal.actor.user_id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::Invalid("code", "Start oppsettet på nytt.");
  TotpState state = (*stored)->first;
  if (state.confirmed) return Status::Ok();
  std::optional<std::int64_t> step = totp::MatchStep(state.secret, code, now);
  if (!step) return Status::Invalid("code", kWrongCode);
  state.confirmed = true;
  state.last_step = *step;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR(SaveTotp(**tx, principal.actor.user_id, state, (*stored)->second, now));
  HK_RETURN_IF_ERROR(
      AppendEvent(**tx, MakeEvent(now, principal.actor.user_id, "", "", "user",
                                  principal.actor.user_id, "totp_enabled", Json::object())));
  return (*tx)->Commit();
}

}  // namespace helsekrav::app
