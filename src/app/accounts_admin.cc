// AccountService: an organisation's API tokens and members, the authority's decisions on
// registrations, and users made from the command line.
#include "app/accounts.h"

#include <algorithm>

#include "app/accounts_internal.h"
#include "app/common_passwords.h"
#include "core/text.h"
#include "core/uuid.h"
#include "formats/registry_json.h"
#include "trust/encoding.h"

namespace helsekrav::app {

using formats::Json;
using namespace account_internal;  // NOLINT(google-build-using-namespace)

// ---- API tokens ----------------------------------------------------------------------------

namespace {
constexpr std::int64_t kDay = std::int64_t{24} * 60 * 60;
constexpr char kUpgradeKind[] = "upgrade";
constexpr char kTokenExpiryUpgrade[] = "api_token_expiry";
}  // namespace

Result<std::int64_t> AccountService::LegacyApiTokenExpiry(std::int64_t now) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto marker = store_.FindEntity(kUpgradeKind, kTokenExpiryUpgrade, now);
    if (!marker.ok()) return marker.status();
    if (marker->has_value()) {
      try {
        return Json::parse((*marker)->doc).at("since").get<std::int64_t>() +
               kApiTokenDefaultDays * kDay;
      } catch (const std::exception& e) {
        return Status::Internal(std::string("stored upgrade marker is damaged: ") + e.what());
      }
    }
    store::Entity e;
    e.kind = kUpgradeKind;
    e.id = kTokenExpiryUpgrade;
    e.created_at = now;
    e.updated_at = now;
    e.doc = Json{{"since", now}}.dump();
    auto tx = store_.Begin();
    if (!tx.ok()) return tx.status();
    Status inserted = (*tx)->InsertEntity(e);
    if (inserted.code() == StatusCode::kConflict) continue;  // another process was first
    HK_RETURN_IF_ERROR(inserted);
    HK_RETURN_IF_ERROR((*tx)->Commit());
    return now + kApiTokenDefaultDays * kDay;
  }
  return Status::Internal("the API token upgrade marker could not be read or written");
}

Status AccountService::FillLegacyExpiry(ApiTokenInfo& info, std::int64_t now) {
  if (info.expires_at != 0) return Status::Ok();
  auto legacy = LegacyApiTokenExpiry(now);
  if (!legacy.ok()) return legacy.status();
  info.expires_at = *legacy;
  return Status::Ok();
}

Result<std::pair<ApiTokenInfo, std::string>> AccountService::CreateApiToken(
    const Principal& principal, const std::string& name, const std::vector<std::string>& scopes,
    int valid_days) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageApiTokens,
                                       principal.actor.org_id));
  if (name.empty() || name.size() > domain::kMaxNameLength) {
    return Status::Invalid("name", "Gi nøkkelen et navn (høyst 200 tegn).");
  }
  if (scopes.empty()) return Status::Invalid("scopes", "Velg minst én tilgang.");
  for (const auto& s : scopes) {
    if (s != "read" && s != "write") {
      return Status::Invalid("scopes", "Ukjent tilgang «" + s + "»; bruk read eller write.");
    }
  }
  if (valid_days < 1 || valid_days > kApiTokenMaxDays) {
    return Status::Invalid(
        "expires", "Velg en gyldighet på 1 til " + std::to_string(kApiTokenMaxDays) + " dager.");
  }
  const std::int64_t now = Seconds(clock_.Now());
  ApiTokenInfo info;
  info.id = Uuid::Random().ToString();
  info.org_id = principal.actor.org_id;
  info.name = name;
  info.scopes = scopes;
  info.created_by = principal.actor.user_id;
  info.created_at = now;
  info.expires_at = now + valid_days * kDay;
  std::string token = RandomToken();
  store::Entity e;
  e.kind = "api_token";
  e.id = info.id;
  e.unique_key = trust::Sha256Hex(token);
  e.owner_org = info.org_id;
  e.created_at = now;
  e.updated_at = now;
  e.doc = ApiTokenToJson(info).dump();
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->InsertEntity(e));
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx, MakeEvent(now, principal.actor.user_id, principal.actor.org_id, info.org_id,
                      "api_token", info.id, "token_created",
                      Json{{"name", name}, {"scopes", scopes}, {"expires_at", info.expires_at}})));
  HK_RETURN_IF_ERROR((*tx)->Commit());
  return std::make_pair(info, token);
}

Result<std::vector<ApiTokenInfo>> AccountService::ListApiTokens(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageApiTokens,
                                       principal.actor.org_id));
  const std::int64_t now = Seconds(clock_.Now());
  auto entities = store_.ListEntities("api_token", now);
  if (!entities.ok()) return entities.status();
  std::vector<ApiTokenInfo> out;
  for (const auto& e : *entities) {
    if (e.owner_org != principal.actor.org_id) continue;
    auto info = ApiTokenFromDoc(e.doc);
    if (!info.ok()) return info.status();
    HK_RETURN_IF_ERROR(FillLegacyExpiry(*info, now));
    out.push_back(std::move(*info));
  }
  return out;
}

Status AccountService::RevokeApiToken(const Principal& principal, const std::string& token_id) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageApiTokens,
                                       principal.actor.org_id));
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = store_.FindEntity("api_token", token_id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value() || (*entity)->owner_org != principal.actor.org_id) {
    return Status::NotFound("Fant ikke API-nøkkelen.");
  }
  auto info = ApiTokenFromDoc((*entity)->doc);
  if (!info.ok()) return info.status();
  if (info->revoked_at != 0) return Status::Ok();
  info->revoked_at = now;
  store::Entity updated = **entity;
  updated.doc = ApiTokenToJson(*info).dump();
  updated.updated_at = now;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*entity)->revision));
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx, MakeEvent(now, principal.actor.user_id, principal.actor.org_id, info->org_id,
                      "api_token", info->id, "token_revoked", Json{{"name", info->name}})));
  return (*tx)->Commit();
}

// ---- Members -------------------------------------------------------------------------------

Result<std::vector<MemberInfo>> AccountService::ListMembers(const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageMembers,
                                       principal.actor.org_id));
  const std::int64_t now = Seconds(clock_.Now());
  auto entities = store_.ListEntities("membership", now);
  if (!entities.ok()) return entities.status();
  std::vector<MemberInfo> out;
  for (const auto& e : *entities) {
    if (e.owner_org != principal.actor.org_id) continue;
    auto m = formats::FromDoc<domain::Membership>(e.doc);
    if (!m.ok()) return m.status();
    auto user_entity = store_.FindEntity("user", m->user_id, now);
    if (!user_entity.ok()) return user_entity.status();
    if (!user_entity->has_value()) continue;
    auto user = formats::FromDoc<domain::User>((*user_entity)->doc);
    if (!user.ok()) return user.status();
    user->password_hash.clear();
    out.push_back(MemberInfo{std::move(*user), m->role});
  }
  std::sort(out.begin(), out.end(), [](const MemberInfo& a, const MemberInfo& b) {
    return NorwegianSortKey(a.user.name) < NorwegianSortKey(b.user.name);
  });
  return out;
}

Status AccountService::RemoveMember(const Principal& principal, const std::string& user_id) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(domain::Authorize(principal.actor, domain::Permission::kManageMembers,
                                       principal.actor.org_id));
  const std::int64_t now = Seconds(clock_.Now());
  const std::string& org_id = principal.actor.org_id;
  const std::string id = user_id + ":" + org_id;
  auto members = store_.ListEntities("membership", now);
  if (!members.ok()) return members.status();
  const store::Entity* target = nullptr;
  int admins = 0;
  for (const auto& e : *members) {
    if (e.owner_org != org_id) continue;
    auto m = formats::FromDoc<domain::Membership>(e.doc);
    if (!m.ok()) return m.status();
    if (m->role == domain::Role::kAdmin) ++admins;
    if (e.id == id) target = &e;
  }
  if (target == nullptr) return Status::NotFound("Brukeren er ikke medlem av organisasjonen.");
  auto removed = formats::FromDoc<domain::Membership>(target->doc);
  if (!removed.ok()) return removed.status();
  if (removed->role == domain::Role::kAdmin && admins <= 1) {
    return Status::Conflict("Organisasjonen må ha minst én administrator.");
  }
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->DeleteEntity("membership", id));
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx,
      MakeEvent(now, principal.actor.user_id, org_id, org_id, "membership", id, "member_removed",
                Json{{"user_id", user_id}, {"role", domain::Code(removed->role)}})));
  return (*tx)->Commit();
}

// ---- Organisations -------------------------------------------------------------------------

Result<std::vector<domain::OrgAccount>> AccountService::ListOrganisations(
    const Principal& principal) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(
      domain::Authorize(principal.actor, domain::Permission::kDecideOrganisations, ""));
  auto entities = store_.ListEntities("organisation", Seconds(clock_.Now()));
  if (!entities.ok()) return entities.status();
  std::vector<domain::OrgAccount> out;
  for (const auto& e : *entities) {
    auto org = formats::FromDoc<domain::OrgAccount>(e.doc);
    if (!org.ok()) return org.status();
    out.push_back(std::move(*org));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return (a.status == domain::OrgStatus::kPending) > (b.status == domain::OrgStatus::kPending);
  });
  return out;
}

namespace {

// The audit record of a decision: the status change, the note, and what the organisation acts
// as when the decision set or changed it.
Json ChangesOfDecision(domain::OrgStatus from, domain::OrgStatus to, const std::string& note,
                       const std::string& acts_as_before, const std::string& acts_as) {
  Json changes{{"status", {{"from", domain::Code(from)}, {"to", domain::Code(to)}}},
               {"note", note}};
  if (acts_as != acts_as_before) {
    changes["acts_as"] = {{"from", acts_as_before}, {"to", acts_as}};
  }
  return changes;
}

}  // namespace

Status AccountService::DecideOrganisation(const Principal& principal, const std::string& org_id,
                                          bool approve, const std::string& note,
                                          const std::string& acts_as) {
  HK_RETURN_IF_ERROR(NotByToken(principal));
  HK_RETURN_IF_ERROR(
      domain::Authorize(principal.actor, domain::Permission::kDecideOrganisations, ""));
  if (!approve && note.empty()) {
    return Status::Invalid("note", "Skriv en begrunnelse for avslaget.");
  }
  if (note.size() > domain::kMaxTextLength) {
    return Status::Invalid("note", "Begrunnelsen er for lang.");
  }
  const std::int64_t now = Seconds(clock_.Now());
  auto entity = store_.FindEntity("organisation", org_id, now);
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) return Status::NotFound("Fant ikke organisasjonen.");
  auto org = formats::FromDoc<domain::OrgAccount>((*entity)->doc);
  if (!org.ok()) return org.status();
  const domain::OrgStatus from = org->status;
  const domain::OrgStatus to =
      approve ? domain::OrgStatus::kApproved : domain::OrgStatus::kRejected;
  const std::string acts_as_before = org->acts_as;
  if (approve) {
    org->acts_as = acts_as;
    if (org->acts_as != acts_as_before) {
      auto snapshot = catalog_.snapshot();
      if (snapshot == nullptr) return Status::Unavailable("Katalogen er ikke lastet ennå.");
      HK_RETURN_IF_ERROR(domain::ValidateOrgAccount(*org, snapshot->catalog()));
    }
  } else if (!acts_as.empty()) {
    return Status::Invalid("acts_as", "Velg ikke en katalogorganisasjon når du avviser.");
  }
  if (from == to && org->acts_as == acts_as_before) return Status::Ok();
  org->status = to;
  org->decided_by = principal.actor.user_id;
  org->decided_at = now;
  org->decision_note = note;
  store::Entity updated = **entity;
  updated.doc = formats::ToJson(*org).dump();
  updated.updated_at = now;
  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  HK_RETURN_IF_ERROR((*tx)->UpdateEntity(updated, (*entity)->revision));
  HK_RETURN_IF_ERROR(AppendEvent(
      **tx, MakeEvent(now, principal.actor.user_id, principal.actor.org_id, org->id, "organisation",
                      org->id, approve ? "approved" : "rejected",
                      ChangesOfDecision(from, to, note, acts_as_before, org->acts_as))));
  HK_RETURN_IF_ERROR((*tx)->BumpRegistryRevision());
  return (*tx)->Commit();
}

Result<domain::User> AccountService::CreateUserDirect(const std::string& email,
                                                      const std::string& name,
                                                      const std::string& password,
                                                      domain::OrgAccount org, domain::Role role) {
  const std::int64_t now = Seconds(clock_.Now());
  domain::User user;
  user.id = Uuid::Random().ToString();
  user.email = Lower(email);
  user.name = name;
  user.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateUser(user));
  HK_RETURN_IF_ERROR(domain::ValidatePassword(password, user.email));
  HK_RETURN_IF_ERROR(CheckNotCommonPassword(password));
  auto existing_user = store_.FindEntityByUniqueKey("user", user.email, now);
  if (!existing_user.ok()) return existing_user.status();
  if (existing_user->has_value()) {
    return Status::Conflict("E-postadressen er allerede registrert.");
  }
  domain::NormaliseOrgIdentifier(org);
  auto existing_org = store_.FindEntityByUniqueKey("organisation", domain::OrgUniqueKey(org), now);
  if (!existing_org.ok()) return existing_org.status();
  bool new_org = !existing_org->has_value();
  if (new_org) {
    org.id = Uuid::Random().ToString();
    org.status = domain::OrgStatus::kApproved;
    org.created_at = now;
    org.decided_at = now;
    org.decision_note = "Opprettet med helsekrav admin create-user";
    auto snapshot = catalog_.snapshot();
    if (snapshot == nullptr) return Status::Unavailable("Katalogen er ikke lastet ennå.");
    HK_RETURN_IF_ERROR(domain::ValidateOrgAccount(org, snapshot->catalog()));
  } else {
    auto stored = formats::FromDoc<domain::OrgAccount>((*existing_org)->doc);
    if (!stored.ok()) return stored.status();
    org = std::move(*stored);
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  user.password_hash = *hash;
  domain::Membership membership{user.id, org.id, role};

  auto tx = store_.Begin();
  if (!tx.ok()) return tx.status();
  store::Transaction& t = **tx;
  if (new_org) {
    HK_RETURN_IF_ERROR(t.InsertEntity(OrgEntity(org, now)));
    HK_RETURN_IF_ERROR(
        AppendEvent(t, MakeEvent(now, "", "", org.id, "organisation", org.id, "registered",
                                 Json{{"orgnr", org.orgnr},
                                      {"identifier", domain::OrgUniqueKey(org)},
                                      {"acts_as", org.acts_as},
                                      {"name", org.name},
                                      {"kind", domain::Code(org.kind)},
                                      {"status", domain::Code(org.status)},
                                      {"via", "cli"}})));
    HK_RETURN_IF_ERROR(t.BumpRegistryRevision());
  }
  HK_RETURN_IF_ERROR(t.InsertEntity(UserEntity(user, now)));
  HK_RETURN_IF_ERROR(
      AppendEvent(t, MakeEvent(now, "", "", org.id, "user", user.id, "created",
                               Json{{"email", user.email}, {"name", user.name}, {"via", "cli"}})));
  HK_RETURN_IF_ERROR(t.InsertEntity(MembershipEntity(membership, now)));
  HK_RETURN_IF_ERROR(AppendEvent(
      t, MakeEvent(now, "", "", org.id, "membership", user.id + ":" + org.id, "member_added",
                   Json{{"user_id", user.id}, {"role", domain::Code(role)}})));
  HK_RETURN_IF_ERROR(t.Commit());
  user.password_hash.clear();
  return user;
}

}  // namespace helsekrav::app
