#pragma once
// Helpers shared by the files that implement AccountService (accounts.cc, accounts_oidc.cc,
// accounts_admin.cc): how accounts map to store entities and audit events. Not part of the
// service's contract; nothing outside src/app/accounts*.cc includes this.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/accounts.h"
#include "formats/catalog_json.h"
#include "store/store.h"

namespace helsekrav::app::account_internal {

std::int64_t Seconds(std::chrono::system_clock::time_point t);
// Trimmed and ASCII lower-cased, as e-mail addresses are stored.
std::string Lower(std::string text);
// A local path to return to after signing in; anything else becomes "/" (no open redirect).
std::string SafeReturnPath(const std::string& path);
// base64url (no padding) of the SHA-256 of `data`: the PKCE S256 challenge.
// Forbidden for API tokens: members, tokens and approvals are managed by people.
Status NotByToken(const Principal& principal);

store::EventRecord MakeEvent(std::int64_t now, const std::string& actor_user,
                             const std::string& actor_org, const std::string& org_id,
                             const std::string& kind, const std::string& id,
                             const std::string& action, const formats::Json& changes);
Status AppendEvent(store::Transaction& tx, const store::EventRecord& event);

store::Entity OrgEntity(const domain::OrgAccount& org, std::int64_t now);
store::Entity UserEntity(const domain::User& user, std::int64_t now);
store::Entity MembershipEntity(const domain::Membership& membership, std::int64_t now);
// Inserts a new session (kSessionLifetime) into `tx`; `status` receives the insert's result.
// The clear token is in the returned value only.
SessionToken AddSession(store::Transaction& tx, Status& status, const std::string& user_id,
                        const std::string& active_org, std::int64_t now);

formats::Json ApiTokenToJson(const ApiTokenInfo& info);
// Internal when the stored document is damaged.
Result<ApiTokenInfo> ApiTokenFromDoc(const std::string& doc);

}  // namespace helsekrav::app::account_internal
