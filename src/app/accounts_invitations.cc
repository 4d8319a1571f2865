// AccountService: invitations to join an organisation (review finding M4). An admin's invitation
// is stored apart from users, so the organisation never learns whether the address has an
// account, and nobody becomes a member without accepting.
#include <algorithm>

#include "app/accounts.h"
#include "app/accounts_internal.h"
#include "core/uuid.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

namespace {

constexpr char kKind[] = "invitation";
constexpr char kBadInvitation[] =
    "Invitasjonen er ugyldig, brukt, trukket tilbake eller utløpt. Be administratoren om en ny.";

// The invitation `id` if it is addressed to the signed-in person; NotFound otherwise, so that
// nobody learns of invitations to others.
Result<store::Entity> FindInvitationTo(store::Store& store, const Principal& principal,
                                       const std::string& id, std::int64_t now) {
  auto entity = store.FindEntity(kKind, id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value() || principal.user.email.empty() ||
      (*entity)->parent_id != principal.user.email) {
    return Status::NotFound("Fant ikke invitasjonen.");
  }
  return std::move(**entity);
}

// An invitation entity: the unique key is the token's SHA-256, the parent the e-mail address
// (so a user finds the invitations to their address), the owner the inviting organisation.
Result<InvitationInfo> FromEntity(const store::Entity& e) {
  try {
    Json doc = Json::parse(e.doc);
    InvitationInfo info;
    info.id = e.id;
    info.org_id = e.owner_org;
    info.org_name = doc.value("org_name", "");
    info.email = doc.at("email").get<std::string>();
    auto role = domain::Parse<domain::Role>(doc.at("role").get<std::string>());
    if (!role) return Status::Internal("stored invitation has an unknown role");
    info.role = *role;
    info.invited_by = doc.value("invited_by", "");
    info.created_at = e.created_at;
    info.expires_at = e.expires_at;
    return info;
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("stored invitation is damaged: ") + ex.what());
  }
}

}  // namespace

Status AccountService::InviteMember(const Principal& principal, const std::string& email,
                                    domain::Role role) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageMembers,
                                       principal.actor.org_id));
  const std::string& org_id = principal.actor.org_id;
  const std::int64_t now = Seconds(clock_.Now());
  domain::User probe;  // validates the address the same way as a registration
  probe.email = Lower(email);
  probe.name = "Invitert";
  HK_RETURN_IF_ERROR(domain::ValidateUser(probe));
  const std::string address = probe.email;

  // A member of this organisation is already listed on its member page, so saying so tells
  // the admin nothing new; whether the address has an account elsewhere is never told.
  auto members = store_.ListEntities("membership", now);
  if (!members.ok()) return members.status();
  for (const auto& m : *members) {
    if (m.owner_org != org_id) continue;
    auto user = store_.FindEntity("user", m.parent_id, now);
    if (!user.ok()) return user.status();
    if (user->has_value() && (*user)->unique_key == address) {
      return Status::Conflict("Adressen tilhører allerede et medlem av virksomheten.");
    }
  }
  auto pending = store_.ListEntities(kKind, now);
  if (!pending.ok()) return pending.status();
  int pending_here = 0;
  for (const auto& e : *pending) {
    if (e.owner_org != org_id) continue;
    ++pending_here;
    if (e.parent_id == address) {
      return Status::Conflict(
          "Adressen har allerede en invitasjon som venter. Trekk den tilbake først om du vil "
          "sende en ny.");
    }
  }
  if (pending_here >= kMaxPendingInvitations) {
    return Status::RateLimited(
        "Virksomheten har for mange invitasjoner som venter. Trekk tilbake noen først.");
  }

  const std::string token = RandomToken();
  store::Entity e;
  e.kind = kKind;
  e.id = Uuid::Random().ToString();
  e.unique_key = trust::Sha256Hex(token);
  e.parent_id = address;
  e.owner_org = org_id;
  e.created_at = now;
  e.updated_at = now;
  e.expires_at = now + std::chrono::seconds(kInvitationLifetime).count();
  e.doc = Json{{"email", address},
               {"role", domain::Code(role)},
               {"org_name", principal.org.name},
               {"invited_by", principal.actor.user_id}}
              .dump();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->InsertEntity(e));
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx, MakeEvent(now, principal.actor.user_id, org_id, org_id, kKind, e.id, "member_invited",
                      Json{{"email", address}, {"role", domain::Code(role)}})));
  HK_RETURN_IF_ERROR((*tx)->Commit());
  reset_sender_.Send(address, base_url_ + "/min-side/invitasjon?token=" + token);
  return Status::Ok();
}

Result<std::vector<InvitationInfo>> AccountService::ListInvitations(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageMembers,
                                       principal.actor.org_id));
  auto entities = store_.ListEntities(kKind, Seconds(clock_.Now()));
  if (!entities.ok()) return entities.status();
  std::vector<InvitationInfo> out;
  for (const auto& e : *entities) {
    if (e.owner_org != principal.actor.org_id) continue;
    auto info = FromEntity(e);
    if (!info.ok()) return info.status();
    out.push_back(std::move(*info));
  }
  return out;
}

Status AccountService::WithdrawInvitation(const Principal& principal,
                                          const std::string& invitation_id) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageMembers,
                                       principal.actor.org_id));
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = store_.FindEntity(kKind, invitation_id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value() || (*entity)->owner_org != principal.actor.org_id) {
    return Status::NotFound("Fant ikke invitasjonen.");
  }
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  Status deleted = (*tx)->DeleteEntity(kKind, invitation_id);
  if (deleted.code() == StatusCode::kNotFound) return Status::NotFound("Fant ikke invitasjonen.");
  HK_RETURN_IF_ERROR(deleted);
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx,
      MakeEvent(now, principal.actor.user_id, principal.actor.org_id, principal.actor.org_id, kKind,
                invitation_id, "invitation_withdrawn", Json{{"email", (*entity)->parent_id}})));
  return (*tx)->Commit();
}

Result<std::vector<InvitationInfo>> AccountService::MyInvitations(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  if (principal.user.email.empty()) return std::vector<InvitationInfo>();
  auto entities = store_.ListEntitiesByParent(kKind, principal.user.email, Seconds(clock_.Now()));
  if (!entities.ok()) return entities.status();
  std::vector<InvitationInfo> out;
  for (const auto& e : *entities) {
    auto info = FromEntity(e);
    if (!info.ok()) return info.status();
    out.push_back(std::move(*info));
  }
  return out;
}

Result<InvitationInfo> AccountService::FindInvitation(const std::string& token) {
  if (token.empty()) return Status::Invalid("token", kBadInvitation);
  auto entity = store_.FindEntityByUniqueKey(kKind, trust::Sha256Hex(token), Seconds(clock_.Now()));
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return Status::Invalid("token", kBadInvitation);
  return FromEntity(**entity);
}

Status AccountService::JoinByInvitation(const store::Entity& invitation, const std::string& user_id,
                                        const std::string& email, std::int64_t now) {
  auto info = FromEntity(invitation);
  if (!info.ok()) return info.status();
  const std::string& org_id = invitation.owner_org;
  auto existing = store_.FindEntity("membership", user_id + ":" + org_id, now);
  if (!existing.ok()) return existing.status();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  Status consumed = t.DeleteEntity(kKind, invitation.id);
  if (consumed.code() == StatusCode::kNotFound) return Status::Invalid("token", kBadInvitation);
  HK_RETURN_IF_ERROR(consumed);
  HK_RETURN_IF_ERROR(AppendEvent(t, MakeEvent(now, user_id, org_id, org_id, kKind, invitation.id,
                                              "invitation_accepted", Json{{"email", email}})));
  if (!existing->has_value()) {  // already a member: the invitation is used up, nothing else
    domain::Membership membership{user_id, org_id, info->role};
    HK_RETURN_IF_ERROR(t.InsertEntity(MembershipEntity(membership, now)));
    HK_RETURN_IF_ERROR(AppendEvent(
        t, MakeEvent(
               now, user_id, org_id, org_id, "membership", user_id + ":" + org_id, "member_added",
               Json{{"user_id", user_id}, {"email", email}, {"role", domain::Code(info->role)}})));
  }
  return t.Commit();
}

Status AccountService::AcceptInvitation(const Principal& principal,
                                        const std::string& invitation_id) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = FindInvitationTo(store_, principal, invitation_id, now);
  if (!entity.ok()) return entity.status();
  return JoinByInvitation(*entity, principal.actor.user_id, principal.user.email, now);
}

Status AccountService::AcceptInvitationLink(const Principal& principal, const std::string& token) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  if (principal.actor.user_id.empty()) return Status::Forbidden("Logg inn først.");
  if (token.empty()) return Status::Invalid("token", kBadInvitation);
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = store_.FindEntityByUniqueKey(kKind, trust::Sha256Hex(token), now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return Status::Invalid("token", kBadInvitation);
  return JoinByInvitation(**entity, principal.actor.user_id, principal.user.email, now);
}

Status AccountService::DeclineInvitation(const Principal& principal,
                                         const std::string& invitation_id) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = FindInvitationTo(store_, principal, invitation_id, now);
  if (!entity.ok()) return entity.status();
  const std::string& org_id = entity->owner_org;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  Status deleted = (*tx)->DeleteEntity(kKind, invitation_id);
  if (deleted.code() == StatusCode::kNotFound) return Status::NotFound("Fant ikke invitasjonen.");
  HK_RETURN_IF_ERROR(deleted);
  HK_RETURN_IF_ERROR(
      AppendEvent(**tx, MakeEvent(now, principal.actor.user_id, "", org_id, kKind, invitation_id,
                                  "invitation_declined", Json{{"email", principal.user.email}})));
  return (*tx)->Commit();
}

Result<SessionToken> AccountService::AcceptInvitationAsNewUser(const std::string& token,
                                                               const std::string& name,
                                                               const std::string& password) {
  const std::int64_t now = Seconds(clock_.Now());
  if (token.empty()) return Status::Invalid("token", kBadInvitation);
  auto entity = store_.FindEntityByUniqueKey(kKind, trust::Sha256Hex(token), now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return Status::Invalid("token", kBadInvitation);
  auto info = FromEntity(**entity);
  if (!info.ok()) return info.status();
  domain::User user;
  user.id = Uuid::Random().ToString();
  user.email = info->email;
  user.name = name;
  user.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateUser(user));
  HK_RETURN_IF_ERROR(domain::ValidatePassword(password, user.email));
  // The link reached this mailbox, so saying that the address has an account tells its owner
  // nothing new.
  auto existing = store_.FindEntityByUniqueKey("user", user.email, now);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Status::Conflict("Det finnes allerede en konto for " + user.email +
                            ". Logg inn for å godta invitasjonen.");
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  user.password_hash = *hash;
  const std::string& org_id = (*entity)->owner_org;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  Status consumed = t.DeleteEntity(kKind, (*entity)->id);
  if (consumed.code() == StatusCode::kNotFound) return Status::Invalid("token", kBadInvitation);
  HK_RETURN_IF_ERROR(consumed);
  HK_RETURN_IF_ERROR(t.InsertEntity(UserEntity(user, now)));
  HK_RETURN_IF_ERROR(
      AppendEvent(t, MakeEvent(now, user.id, org_id, org_id, "user", user.id, "registered",
                               Json{{"email", user.email}, {"name", user.name}})));
  HK_RETURN_IF_ERROR(AppendEvent(t, MakeEvent(now, user.id, org_id, org_id, kKind, (*entity)->id,
                                              "invitation_accepted", Json{{"email", user.email}})));
  domain::Membership membership{user.id, org_id, info->role};
  HK_RETURN_IF_ERROR(t.InsertEntity(MembershipEntity(membership, now)));
  HK_RETURN_IF_ERROR(AppendEvent(
      t,
      MakeEvent(
          now, user.id, org_id, org_id, "membership", user.id + ":" + org_id, "member_added",
          Json{{"user_id", user.id}, {"email", user.email}, {"role", domain::Code(info->role)}})));
  Status inserted;
  SessionToken session = AddSession(t, inserted, user.id, org_id, now);
  HK_RETURN_IF_ERROR(inserted);
  HK_RETURN_IF_ERROR(t.Commit());
  return session;
}

}  // namespace helsekrav::app
