// AccountService: a signed-in user changes their own password.
#include "app/accounts.h"
#include "app/accounts_internal.h"
#include "app/common_passwords.h"
#include "formats/registry_json.h"

namespace helsekrav::app {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

Status AccountService::ChangePassword(const Principal& principal,
                                      const std::string& current_password,
                                      const std::string& new_password) {
  if (principal.actor.api_token || principal.session_id.empty() || principal.user.id.empty()) {
    return Status::Forbidden("Bare en innlogget bruker kan bytte sitt eget passord.");
  }
  const std::int64_t now = Seconds(clock_.Now());
  auto user_entity = store_.FindEntity("user", principal.user.id, now);
  if (!user_entity.ok()) return user_entity.status();
  if (!user_entity->has_value())
    return Status::Unauthenticated("Økten er utløpt. Logg inn på nytt.");
  auto user = formats::FromDoc<domain::User>((*user_entity)->doc);
  if (!user.ok()) return user.status();
  // A stolen session must not become a way to guess the password: throttled like sign-in,
  // per session.
  HK_RETURN_IF_ERROR(
      login_throttle_.Attempt(user->email, "change-password:" + principal.session_id, now));
  if (user->password_hash.empty() || !VerifyPassword(user->password_hash, current_password)) {
    return Status::Invalid("current_password", "Nåværende passord er feil.");
  }
  login_throttle_.Succeeded(user->email, "change-password:" + principal.session_id, now);
  HK_RETURN_IF_ERROR(domain::ValidatePassword(new_password, user->email));
  HK_RETURN_IF_ERROR(CheckNotCommonPassword(new_password));
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  user->password_hash = *hash;
  auto sessions = store_.ListEntitiesByParent("session", user->id, now);
  if (!sessions.ok()) return sessions.status();
  auto reset_links = store_.ListEntitiesByParent("password_reset", user->id, now);
  if (!reset_links.ok()) return reset_links.status();

  store::Entity updated = UserEntity(*user, (*user_entity)->created_at);
  updated.updated_at = now;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*user_entity)->revision));
  // Whoever else is signed in (perhaps with the old password) is signed out; this browser
  // stays signed in. Reset links made before the change stop working too.
  std::size_t ended = 0;
  for (const auto& s : *sessions) {
    if (s.id == principal.session_id) continue;
    Status deleted = (*tx)->DeleteEntity("session", s.id);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
    ++ended;
  }
  for (const auto& link : *reset_links) {
    Status deleted = (*tx)->DeleteEntity("password_reset", link.id);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
  }
  HK_RETURN_IF_ERROR(
      AppendEvent(**tx, MakeEvent(now, user->id, principal.org.id, "", "user", user->id,
                                  "password_changed", Json{{"sessions_ended", ended}})));
  return (*tx)->Commit();
}

}  // namespace helsekrav::app
