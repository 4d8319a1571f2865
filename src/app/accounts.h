#pragma once
// Use cases of accounts: registering an organisation with its first user, signing in with a
// password or OpenID Connect, sessions, password reset, API tokens, memberships and the
// authority's approval of new organisations. Every mutation is authorised here (via
// domain::Authorize) and writes an audit event in the same transaction.
//
// Secrets: session tokens, API tokens and reset tokens are 256-bit random values shown to the
// client once; the store keeps only their SHA-256. Passwords are hashed with Argon2id
// (libsodium, interactive limits). Nothing secret is ever logged.
//
// Thread-safe: the service holds no per-request state; the login rate limiter is guarded by a
// mutex (per process — with several processes the effective limit multiplies by their number).

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/catalog_service.h"
#include "app/login_throttle.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/registry.h"
#include "domain/registry_rules.h"
#include "store/store.h"

namespace helsekrav::app {

// Delivers mail to users: password-reset links, and notices without secrets. Without a mail
// server (the default) NoMailSender sends nothing; `serve --dev-log-mail` uses LogResetSender,
// which writes everything, links included, to the log; tests capture them.
class ResetSender {
 public:
  virtual ~ResetSender() = default;
  virtual void Send(const std::string& email, const std::string& link) = 0;
  // A notice that holds no secret, e.g. that someone tried to register with the address.
  virtual void Notify(const std::string& /*email*/, const std::string& /*text*/) {}
  // False when nothing reaches anyone: then no reset link is made at all.
  virtual bool delivers() const { return true; }
};
// For development and tests only: reset links in the log are working secrets.
class LogResetSender final : public ResetSender {
 public:
  void Send(const std::string& email, const std::string& link) override;
  void Notify(const std::string& email, const std::string& text) override;
};
// No mail is configured: nothing is sent and no link is logged.
class NoMailSender final : public ResetSender {
 public:
  void Send(const std::string& email, const std::string& link) override;
  bool delivers() const override { return false; }
};

// What an OpenID Connect provider told us about the signed-in person (from a verified ID
// token).
struct OidcIdentity {
  std::string issuer;
  std::string subject;
  std::string email;
  bool email_verified = false;
  std::string name;
};

// One configured OpenID Connect provider (HelseID, ID-porten, Entra ID, …). Implemented over
// HTTP in http/oidc_client.h; app/ only sees this interface.
class OidcProvider {
 public:
  virtual ~OidcProvider() = default;
  virtual const std::string& id() const = 0;            // "helseid", used in URLs
  virtual const std::string& display_name() const = 0;  // "HelseID"
  // The authorisation URL (response_type=code, S256 PKCE challenge, state, nonce).
  virtual Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                               const std::string& code_challenge) = 0;
  // Exchanges the code (with the PKCE verifier) and verifies the ID token: signature against
  // the provider's JWKS, iss, aud, exp, nonce. Unauthenticated when anything fails.
  virtual Result<OidcIdentity> Exchange(const std::string& code, const std::string& code_verifier,
                                        const std::string& nonce) = 0;
};

// A signed-in request: the user (or API token), the organisation it acts for and its role.
struct Principal {
  domain::Actor actor;
  domain::User user;                            // empty for API tokens
  domain::OrgAccount org;                       // the active organisation; empty id when none
  std::vector<domain::Membership> memberships;  // every organisation the user belongs to
  std::string session_id;                       // entity id of the session; empty for tokens
  std::string csrf_token;                       // forms of this session must echo it
};

// Returned once to the client; never stored in clear.
struct SessionToken {
  std::string token;  // cookie value
  std::int64_t expires_at = 0;
};

struct Registration {
  std::string email;
  std::string name;
  std::string password;
  domain::OrgAccount org;  // identifier, name, kind, municipality_number, website; no acts_as
};

struct ApiTokenInfo {
  std::string id;
  std::string org_id;
  std::string name;
  std::vector<std::string> scopes;  // "read", "write"
  std::string created_by;
  std::int64_t created_at = 0;
  // Stored documents from before token expiry have 0; the service reports (and enforces) them
  // as expiring kApiTokenDefaultDays after it first met such a token (LegacyApiTokenExpiry).
  std::int64_t expires_at = 0;
  std::int64_t revoked_at = 0;
};

// API tokens live kApiTokenDefaultDays unless their creator chooses 1 to kApiTokenMaxDays; the
// token page warns kApiTokenWarnDays before expiry.
constexpr int kApiTokenDefaultDays = 90;
constexpr int kApiTokenMaxDays = 365;
constexpr int kApiTokenWarnDays = 14;

struct MemberInfo {
  domain::User user;
  domain::Role role = domain::Role::kViewer;
};

// An invitation to join an organisation, sent to an e-mail address. Until the invited person
// accepts, the organisation sees only the address it typed, never whether it has an account.
struct InvitationInfo {
  std::string id;
  std::string org_id;
  std::string org_name;
  std::string email;
  domain::Role role = domain::Role::kViewer;
  std::string invited_by;  // user id
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// The outcome of a password sign-in (SignIn): a session, or a challenge for a TOTP code.
struct SignInResult {
  std::optional<SessionToken> session;  // set when no second factor is needed
  std::string challenge;                // else: a one-time ticket for CompleteSignIn
  // Set when the account must first enrol: the new secret (base32) and its otpauth:// URI.
  std::string enrol_secret;
  std::string enrol_uri;
};

// A TOTP secret being set up from /min-side.
struct TotpEnrolment {
  std::string secret;  // base32
  std::string uri;     // otpauth://
};

constexpr std::chrono::minutes kSignInChallengeLifetime{5};
constexpr int kMaxSecondFactorAttempts = 5;  // per challenge

constexpr std::chrono::hours kInvitationLifetime{7 * 24};
constexpr int kMaxPendingInvitations = 50;  // per organisation: bounds unsolicited mail

constexpr std::chrono::hours kSessionLifetime{12};  // at most, however active
// A session unused this long ends; its last use is recorded at most once per interval.
constexpr std::chrono::minutes kSessionIdleTimeout{30};
constexpr std::chrono::minutes kSessionTouchInterval{1};
constexpr std::chrono::minutes kResetTokenLifetime{30};
constexpr std::chrono::minutes kOidcStateLifetime{10};
// Reset requests per e-mail address within kLoginWindow (sign-in: app/login_throttle.h).
constexpr int kMaxLoginFailures = 5;
// Reset requests and registration attempts per client within kLoginWindow. Higher than per
// address: a client address may be a whole municipality's network (or a proxy).
constexpr int kMaxRequestsPerClient = 30;

class AccountService {
 public:
  // All references must outlive the service. `base_url` ("https://helsekrav.no") builds reset
  // links.
  AccountService(store::Store& store, const Clock& clock, CatalogService& catalog,
                 ResetSender& reset_sender, std::string base_url);

  void AddOidcProvider(std::unique_ptr<OidcProvider> provider);
  // Whether mail (reset links, notices) reaches anyone; pages say so when it does not.
  bool mail_delivers() const { return reset_sender_.delivers(); }
  std::vector<const OidcProvider*> oidc_providers() const;

  // Creates a pending organisation and its first user as admin, and signs the user in.
  // Invalid (with the field) for bad input; Conflict when the e-mail or orgnr is registered;
  // RateLimited after kMaxRequestsPerClient attempts from `client` within kLoginWindow (every
  // attempt counts, whatever its outcome).
  Result<SessionToken> Register(const Registration& registration, const std::string& client);
  // The same for the public registration form, but never tells whether the e-mail has an
  // account: Ok both when the organisation and user are created (the user then signs in
  // with the chosen password; nobody is signed in here) and when the e-mail is taken (nothing
  // is created, and its owner gets a notice). Invalid, Conflict (orgnr: public) and
  // RateLimited as for Register.
  Status SubmitRegistration(const Registration& registration, const std::string& client);
  // Unauthenticated with one message for a wrong e-mail or password; RateLimited ("for mange
  // mislykkede innlogginger", with how long to wait) when LoginThrottle says so. `client` is
  // the remote address (the http layer resolves trusted proxies).
  Result<SessionToken> Login(const std::string& email, const std::string& password,
                             const std::string& client);
  Status Logout(const std::string& session_token);
  // The principal of a session cookie or of "Bearer <api token>"; nullopt when unknown or
  // expired. A session also ends after kSessionIdleTimeout without use (and is then deleted).
  Result<std::optional<Principal>> Authenticate(const std::string& session_token);
  // Unauthenticated (with the date) for an expired token, so the API can say it expired.
  Result<std::optional<Principal>> AuthenticateApiToken(const std::string& token);
  // Makes another of the user's organisations the active one.
  Status SwitchOrganisation(const Principal& principal, const std::string& org_id);

  // Ok whether or not the e-mail exists (never tells); sends a link when it does. RateLimited
  // after kMaxLoginFailures requests for the address, or kMaxRequestsPerClient from `client`,
  // within kLoginWindow. Unavailable, for every address, when the sender delivers nothing.
  Status RequestPasswordReset(const std::string& email, const std::string& client);
  // Consumes the token; Invalid when unknown, used or expired; signs out every session.
  Status ResetPassword(const std::string& token, const std::string& new_password);
  // The signed-in user (not an API token) changes their password: Invalid("current_password")
  // when the current one is wrong (throttled like sign-in, per session), Invalid("password")
  // for a weak or common new one. Ends the user's other sessions and reset links; the
  // principal's own session stays signed in.
  Status ChangePassword(const Principal& principal, const std::string& current_password,
                        const std::string& new_password);

  // OpenID Connect: the URL to send the browser to; the state is stored for kOidcStateLifetime.
  Result<std::string> BeginOidc(const std::string& provider_id, const std::string& return_to);
  // Starts linking a provider to the signed-in user's account (a session, not an API token);
  // the callback (CompleteOidc) then links the provider's (issuer, subject) to this user.
  Result<std::string> BeginOidcLink(const Principal& principal, const std::string& provider_id);
  // Completes sign-in: finds the user by (issuer, subject). Otherwise it never links by e-mail:
  // when the provider's verified e-mail belongs to an account, Conflict (sign in with the
  // password and link from /min-side); else it creates a user without organisation (keyed by
  // the e-mail only when the provider verified it). In a flow started by BeginOidcLink, the
  // identity is linked to that user (Conflict when linked to another). Returns the session and
  // the stored return_to.
  Result<std::pair<SessionToken, std::string>> CompleteOidc(const std::string& provider_id,
                                                            const std::string& state,
                                                            const std::string& code);

  // API tokens of the principal's organisation (admin only). The clear token is returned once.
  // The token expires after `valid_days` (1 to kApiTokenMaxDays; Invalid("expires") otherwise).
  Result<std::pair<ApiTokenInfo, std::string>> CreateApiToken(
      const Principal& principal, const std::string& name, const std::vector<std::string>& scopes,
      int valid_days = kApiTokenDefaultDays);
  Result<std::vector<ApiTokenInfo>> ListApiTokens(const Principal& principal);
  Status RevokeApiToken(const Principal& principal, const std::string& token_id);

  // Members of the principal's organisation (admin only).
  Result<std::vector<MemberInfo>> ListMembers(const Principal& principal);
  Status RemoveMember(const Principal& principal, const std::string& user_id);

  // Password sign-in with a second factor (accounts_totp.cc; review L7). Checks the password
  // like Login (same throttle and messages); an account with an admin role in any organisation
  // or a membership of an approving body, or one that has set up TOTP, then gets a challenge
  // instead of a session: enter the TOTP code (RFC 6238) with CompleteSignIn. A privileged
  // account without TOTP gets a new secret to enrol with, confirmed by the first code. Pages
  // use this, never Login directly, unless second factors are switched off
  // (set_second_factor_required(false), for development).
  Result<SignInResult> SignIn(const std::string& email, const std::string& password,
                              const std::string& client);
  // Unauthenticated for a wrong, reused (same 30-second step) or malformed code; after
  // kMaxSecondFactorAttempts wrong codes, or kSignInChallengeLifetime, the challenge is gone.
  Result<SessionToken> CompleteSignIn(const std::string& challenge, const std::string& code);
  // Whether the signed-in user has confirmed TOTP.
  Result<bool> TotpEnabled(const Principal& principal);
  // Starts (or continues) setting up TOTP; Conflict when already set up.
  Result<TotpEnrolment> BeginTotpEnrolment(const Principal& principal);
  // Confirms the setup with a first code; Invalid("code") when wrong.
  Status ConfirmTotp(const Principal& principal, const std::string& code);
  // Whether SignIn asks privileged accounts for a second factor (default true).
  void set_second_factor_required(bool required) { second_factor_required_ = required; }

  // Invitations (accounts_invitations.cc). An admin invites an e-mail address with a role: the
  // service stores the invitation (single-use token, SHA-256 only, kInvitationLifetime) and
  // mails a link to /min-side/invitasjon?token=… through the ResetSender, whether or not the
  // address has an account; nobody becomes a member until they accept. Conflict when the
  // address is already a member or has a pending invitation from the organisation;
  // RateLimited beyond kMaxPendingInvitations pending invitations.
  Status InviteMember(const Principal& principal, const std::string& email, domain::Role role);
  // Pending invitations of the principal's organisation (admin only), oldest first.
  Result<std::vector<InvitationInfo>> ListInvitations(const Principal& principal);
  // Withdraws a pending invitation of the principal's organisation (admin only).
  Status WithdrawInvitation(const Principal& principal, const std::string& invitation_id);
  // Pending invitations to the signed-in user's e-mail address.
  Result<std::vector<InvitationInfo>> MyInvitations(const Principal& principal);
  // The invitation of a link's token; Invalid("token") when unknown, used or expired.
  Result<InvitationInfo> FindInvitation(const std::string& token);
  // Accepts one of MyInvitations (by id), or the invitation of a link's token (the link proves
  // access to the mailbox), as the signed-in user; the membership starts now.
  Status AcceptInvitation(const Principal& principal, const std::string& invitation_id);
  Status AcceptInvitationLink(const Principal& principal, const std::string& token);
  // Declines one of MyInvitations.
  Status DeclineInvitation(const Principal& principal, const std::string& invitation_id);
  // Accepts the link's invitation with a new account for its e-mail address, and signs in.
  // Conflict when the address has an account (sign in and accept instead).
  Result<SessionToken> AcceptInvitationAsNewUser(const std::string& token, const std::string& name,
                                                 const std::string& password);

  // Registered organisations (authority admin only), pending first.
  Result<std::vector<domain::OrgAccount>> ListOrganisations(const Principal& principal);
  // Approves or rejects a registration (authority admin only). When approving, `acts_as` is the
  // catalog organisation the account acts for (one of domain::ActsAsChoices; empty for none,
  // which clears an earlier choice); Invalid("acts_as") otherwise, and when rejecting with one.
  Status DecideOrganisation(const Principal& principal, const std::string& org_id, bool approve,
                            const std::string& note, const std::string& acts_as = "");

  // For the command line (`helsekrav admin create-user`): creates (or finds, by
  // domain::OrgUniqueKey) the organisation, approved, with any identifier kind and `acts_as`,
  // and a user with the role. Not authorised: whoever runs the CLI owns the database.
  Result<domain::User> CreateUserDirect(const std::string& email, const std::string& name,
                                        const std::string& password, domain::OrgAccount org,
                                        domain::Role role);

 private:
  // … implementation details (see accounts.cc)
  // Register and SubmitRegistration: nullopt when not signing in.
  Result<std::optional<SessionToken>> RegisterAccount(const Registration& registration,
                                                      const std::string& client, bool sign_in);
  bool RateLimited(const std::vector<std::string>& keys, std::int64_t now,
                   int max = kMaxLoginFailures);
  void RecordFailure(const std::vector<std::string>& keys, std::int64_t now);
  // Inserts a password_reset entity; `token` receives the clear token for the link.
  Status AddResetToken(store::Transaction& tx, const std::string& user_id, std::int64_t now,
                       std::string& token);
  OidcProvider* FindProvider(const std::string& provider_id) const;
  // Adds `invitation` (a stored entity) as a membership of `user_id`, removing the invitation.
  Status JoinByInvitation(const store::Entity& invitation, const std::string& user_id,
                          const std::string& email, std::int64_t now);
  // Whether `user_id` must use a second factor: admin anywhere, or member of an approving body.
  Result<bool> NeedsSecondFactor(const std::string& user_id, std::int64_t now);
  bool second_factor_required_ = true;
  // BeginOidc and BeginOidcLink; `link_user` empty for a sign-in.
  Result<std::string> StartOidc(const std::string& provider_id, const std::string& return_to,
                                const std::string& link_user);
  // When tokens stored before expiry existed expire: kApiTokenDefaultDays after the first time
  // this installation looked (an "upgrade" entity records that moment).
  Result<std::int64_t> LegacyApiTokenExpiry(std::int64_t now);
  // `info` with expires_at filled in for a token stored before expiry existed.
  Status FillLegacyExpiry(ApiTokenInfo& info, std::int64_t now);
  store::Store& store_;
  const Clock& clock_;
  CatalogService& catalog_;
  ResetSender& reset_sender_;
  std::string base_url_;
  std::vector<std::unique_ptr<OidcProvider>> oidc_;
  std::mutex rate_mu_;
  std::unordered_map<std::string, std::vector<std::int64_t>> failures_;  // key → times
  LoginThrottle login_throttle_;
};

// Argon2id via libsodium (crypto_pwhash_str, interactive limits).
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
// 32 random bytes, base64url without padding.
std::string RandomToken();

}  // namespace helsekrav::app
