// Regression tests for the account findings of the December 2026 security review
// (../shared/reviews/security-review-2026-12.md): invitations instead of silent membership
// (M4), OpenID Connect never linking by e-mail (L1), API token expiry and TOTP for privileged
// accounts (L7). Each test is named after the finding it guards; both store backends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/totp.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "trust/encoding.h"

namespace helsekrav::app {
namespace {

using testing::Backend;
using testing::D;

constexpr char kPassword[] = "korrekt-hest-batteri";
constexpr std::int64_t kDay = 24 * 60 * 60;

// Captures the links the service would mail (reset links and invitations).
class CapturingSender final : public ResetSender {
 public:
  void Send(const std::string& email, const std::string& link) override {
    sent.emplace_back(email, link);
  }
  std::string LastToken() const {
    if (sent.empty()) return "";
    const std::string& link = sent.back().second;
    auto pos = link.find("token=");
    return pos == std::string::npos ? "" : link.substr(pos + 6);
  }
  std::vector<std::pair<std::string, std::string>> sent;
};

// Accepts the code "ok" and returns `identity`.
class FakeOidcProvider final : public OidcProvider {
 public:
  const std::string& id() const override { return id_; }
  const std::string& display_name() const override { return name_; }
  Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                       const std::string&) override {
    last_state = state;
    last_nonce = nonce;
    return "https://idp.test/auth?state=" + state;
  }
  Result<OidcIdentity> Exchange(const std::string& code, const std::string&,
                                const std::string& nonce) override {
    if (code != "ok" || nonce != last_nonce) return Status::Unauthenticated("nei");
    return identity;
  }
  OidcIdentity identity;
  std::string last_state, last_nonce;

 private:
  std::string id_ = "fake";
  std::string name_ = "Fake-IdP";
};

class SecurityReview : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    ASSERT_TRUE(db_->store->Migrate().ok());
    catalog_ = std::make_unique<CatalogService>(*db_->store, clock_);
    ASSERT_TRUE(catalog_->Import(testing::SampleCatalog()).ok());
    accounts_ = std::make_unique<AccountService>(*db_->store, clock_, *catalog_, sender_,
                                                 "https://helsekrav.test");
  }

  Principal SignedIn(const std::string& token) {
    auto principal = accounts_->Authenticate(token);
    EXPECT_TRUE(principal.ok()) << principal.status().ToString();
    EXPECT_TRUE(principal.ok() && principal->has_value());
    return principal.ok() && principal->has_value() ? **principal : Principal{};
  }

  // A user made like `helsekrav admin create-user` does, signed in (without the sign-in's
  // second factor: the session is made directly).
  Principal DirectUser(const std::string& email, const std::string& name, const std::string& orgnr,
                       const std::string& org_name, domain::OrganisationKind kind,
                       domain::Role role) {
    domain::OrgAccount org;
    org.orgnr = orgnr;
    org.name = org_name;
    org.kind = kind;
    auto user = accounts_->CreateUserDirect(email, name, kPassword, org, role);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    auto session = accounts_->Login(email, kPassword, "");
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? SignedIn(session->token) : Principal{};
  }
  Principal AuthorityAdmin() {
    return DirectUser("admin@hdir.example", "Forvalter", "991000003", "Helsedirektoratet",
                      domain::OrganisationKind::kAuthority, domain::Role::kAdmin);
  }
  Principal SupplierAdmin() {
    return DirectUser("anne@leverandor.no", "Anne Admin", "974760673", "Leverandør AS",
                      domain::OrganisationKind::kSupplier, domain::Role::kAdmin);
  }

  std::size_t Count(const std::string& kind) {
    auto list = db_->store->ListEntities(kind, 0);
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->size() : 0;
  }

  FixedClock clock_{D("2026-11-23")};
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<CatalogService> catalog_;
  CapturingSender sender_;
  std::unique_ptr<AccountService> accounts_;
};

// ---- L7: API tokens expire ---------------------------------------------------------------

TEST_P(SecurityReview, L7ApiTokensExpireAfterTheChosenDaysAndTheRefusalSaysSo) {
  Principal admin = SupplierAdmin();
  const std::int64_t now = D("2026-11-23").days() * kDay;
  auto standard = accounts_->CreateApiToken(admin, "Standard", {"read"});
  ASSERT_TRUE(standard.ok()) << standard.status().ToString();
  EXPECT_EQ(standard->first.expires_at, now + 90 * kDay);
  auto year = accounts_->CreateApiToken(admin, "Et år", {"read"}, 365);
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->first.expires_at, now + 365 * kDay);
  EXPECT_EQ(accounts_->CreateApiToken(admin, "For lenge", {"read"}, 366).status().field(),
            "expires");
  EXPECT_EQ(accounts_->CreateApiToken(admin, "Null", {"read"}, 0).status().field(), "expires");

  clock_.Set(D("2026-11-23").AddDays(89));
  auto still = accounts_->AuthenticateApiToken(standard->second);
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());

  clock_.Set(D("2026-11-23").AddDays(90));
  auto expired = accounts_->AuthenticateApiToken(standard->second);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("utløp"), std::string::npos);
  auto other = accounts_->AuthenticateApiToken(year->second);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->has_value());
}

TEST_P(SecurityReview, L7ApiTokensStoredWithoutExpiryExpireNinetyDaysAfterTheUpgrade) {
  Principal admin = SupplierAdmin();
  // A token as stored before expiry existed: expires_at 0.
  const std::string clear = RandomToken();
  store::Entity e;
  e.kind = "api_token";
  e.id = "legacy-token";
  e.unique_key = trust::Sha256Hex(clear);
  e.owner_org = admin.org.id;
  e.doc = nlohmann::json{{"id", e.id},         {"org_id", admin.org.id}, {"name", "Gammel"},
                         {"scopes", {"read"}}, {"created_at", 0},        {"expires_at", 0},
                         {"revoked_at", 0}}
              .dump();
  {
    auto tx = db_->store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertEntity(e).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  clock_.Set(D("2026-12-10"));  // the upgrade: the service first meets the old token
  auto first = accounts_->AuthenticateApiToken(clear);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->has_value());
  clock_.Set(D("2027-01-10"));
  auto listed = accounts_->ListApiTokens(admin);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].expires_at, D("2026-12-10").AddDays(90).days() * kDay);
  clock_.Set(D("2026-12-10").AddDays(90));
  auto expired = accounts_->AuthenticateApiToken(clear);
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
}

// ---- M4: invitations instead of silent membership ----------------------------------------

TEST_P(SecurityReview, M4SupplierAdminInvitingTheAuthorityAdminSeesNoNameAndNoMembership) {
  Principal authority = AuthorityAdmin();
  Principal supplier = SupplierAdmin();
  ASSERT_TRUE(accounts_->InviteMember(supplier, "Admin@Hdir.example", domain::Role::kAdmin).ok());
  ASSERT_TRUE(accounts_->InviteMember(supplier, "ukjent@nowhere.example", domain::Role::kAdmin)
                  .ok());              // the same answer for an address without an account
  ASSERT_EQ(sender_.sent.size(), 2u);  // both get a link; nobody gets a password link
  EXPECT_NE(sender_.sent[0].second.find("/min-side/invitasjon?token="), std::string::npos);

  // The supplier sees only what it typed, and no new member.
  auto members = accounts_->ListMembers(supplier);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].user.email, "anne@leverandor.no");
  auto invitations = accounts_->ListInvitations(supplier);
  ASSERT_TRUE(invitations.ok());
  ASSERT_EQ(invitations->size(), 2u);
  for (const InvitationInfo& i : *invitations) {
    EXPECT_NE(i.email, "");
    EXPECT_NE(i.org_name, "Helsedirektoratet");
  }
  EXPECT_EQ(Count("user"), 2u);  // no account made for the unknown address

  // The authority admin is not offered the supplier's organisation until accepting.
  Principal before = SignedIn(accounts_->Login("admin@hdir.example", kPassword, "")->token);
  EXPECT_EQ(before.memberships.size(), 1u);
  auto mine = accounts_->MyInvitations(before);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].org_name, "Leverandør AS");

  // Declining ends it; the supplier's list no longer has it, and it cannot be accepted.
  const std::string id = (*mine)[0].id;
  ASSERT_TRUE(accounts_->DeclineInvitation(before, id).ok());
  EXPECT_EQ(accounts_->AcceptInvitation(before, id).code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_->ListInvitations(supplier)->size(), 1u);
  EXPECT_EQ(
      SignedIn(accounts_->Login("admin@hdir.example", kPassword, "")->token).memberships.size(),
      1u);
  EXPECT_EQ(authority.memberships.size(), 1u);
}

TEST_P(SecurityReview, M4AnAcceptedInvitationMakesTheMemberAndIsUsedUp) {
  Principal supplier = SupplierAdmin();
  Principal other = DirectUser("ola@kommune.no", "Ola", "964338531", "Annen AS",
                               domain::OrganisationKind::kSupplier, domain::Role::kViewer);
  ASSERT_TRUE(accounts_->InviteMember(supplier, "ola@kommune.no", domain::Role::kEditor).ok());
  const std::string token = sender_.LastToken();
  auto found = accounts_->FindInvitation(token);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->email, "ola@kommune.no");
  // The link's account form refuses an address that has an account.
  EXPECT_EQ(accounts_->AcceptInvitationAsNewUser(token, "Falsk Ola", "et-langt-passord-her")
                .status()
                .code(),
            StatusCode::kConflict);
  ASSERT_TRUE(accounts_->AcceptInvitationLink(other, token).ok());
  EXPECT_EQ(accounts_->AcceptInvitationLink(other, token).code(), StatusCode::kInvalid);
  auto members = accounts_->ListMembers(supplier);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_TRUE(accounts_->ListInvitations(supplier)->empty());
}

TEST_P(SecurityReview, M4AdminsWithdrawInvitationsAndTheyExpireAfterSevenDays) {
  Principal supplier = SupplierAdmin();
  ASSERT_TRUE(accounts_->InviteMember(supplier, "a@x.no", domain::Role::kViewer).ok());
  const std::string withdrawn = sender_.LastToken();
  ASSERT_TRUE(accounts_->InviteMember(supplier, "b@x.no", domain::Role::kViewer).ok());
  const std::string expiring = sender_.LastToken();
  auto pending = accounts_->ListInvitations(supplier);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  if ((*pending)[0].email != "a@x.no") std::swap((*pending)[0], (*pending)[1]);
  ASSERT_TRUE(accounts_->WithdrawInvitation(supplier, (*pending)[0].id).ok());
  EXPECT_EQ(accounts_->FindInvitation(withdrawn).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(
      accounts_->AcceptInvitationAsNewUser(withdrawn, "A", "et-langt-passord-her").status().code(),
      StatusCode::kInvalid);
  clock_.Set(D("2026-11-23").AddDays(8));
  EXPECT_EQ(
      accounts_->AcceptInvitationAsNewUser(expiring, "B", "et-langt-passord-her").status().code(),
      StatusCode::kInvalid);
  EXPECT_EQ(accounts_->ListMembers(supplier)->size(), 1u);
  // Another organisation's admin finds no such invitation.
  EXPECT_EQ(accounts_->WithdrawInvitation(AuthorityAdmin(), (*pending)[1].id).code(),
            StatusCode::kNotFound);
}

// ---- L1: OpenID Connect never links by e-mail --------------------------------------------

TEST_P(SecurityReview, L1AVerifiedProviderEmailDoesNotSignInToTheExistingAccount) {
  Principal supplier = SupplierAdmin();
  auto provider = std::make_unique<FakeOidcProvider>();
  FakeOidcProvider& idp = *provider;
  accounts_->AddOidcProvider(std::move(provider));
  idp.identity = {"https://other-idp.test", "attacker", "anne@leverandor.no", true, "Anne?"};
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  auto done = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  EXPECT_EQ(done.status().code(), StatusCode::kConflict);
  EXPECT_EQ(Count("oidc_identity"), 0u);
  EXPECT_EQ(Count("session"), 1u);  // only the supplier's own

  // The owner links it after signing in with the password.
  ASSERT_TRUE(accounts_->BeginOidcLink(supplier, "fake").ok());
  auto linked = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_EQ(SignedIn(linked->first.token).user.id, supplier.user.id);
}

TEST_P(SecurityReview, L1AnUnverifiedProviderEmailNeverClaimsTheAddress) {
  auto provider = std::make_unique<FakeOidcProvider>();
  FakeOidcProvider& idp = *provider;
  accounts_->AddOidcProvider(std::move(provider));
  // Someone signs in first with the victim's address, unverified (pre-hijacking).
  idp.identity = {"https://idp.test", "attacker", "anne@leverandor.no", false, "Anne"};
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  auto attacker = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(attacker.ok()) << attacker.status().ToString();
  EXPECT_EQ(SignedIn(attacker->first.token).user.email, "");
  // The owner can still register the address, and gets an account of their own.
  Principal anne = SupplierAdmin();
  EXPECT_EQ(anne.user.email, "anne@leverandor.no");
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  auto again = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(SignedIn(again->first.token).user.id, anne.user.id);
}

// ---- L7: TOTP for privileged accounts ----------------------------------------------------

TEST(SecurityReviewTotp, L7TotpMatchesTheRfc6238TestVectors) {
  const std::string key = "12345678901234567890";  // RFC 6238 appendix B, SHA-1
  const std::vector<std::pair<std::int64_t, std::string>> vectors = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [time, code] : vectors) {
    EXPECT_EQ(totp::Hotp(key, static_cast<std::uint64_t>(totp::StepAt(time)), 8), code) << time;
  }
  EXPECT_EQ(totp::Base32Encode(key), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(totp::Base32Decode("gezdgnbvgy3tqojq GEZDGNBVGY3TQOJQ"), key);
  EXPECT_FALSE(totp::Base32Decode("GEZ1").has_value());
  // Six digits; the step before and after are accepted, two steps away is not.
  const std::int64_t t = 1111111111;
  const std::string now = totp::Hotp(key, totp::StepAt(t));
  EXPECT_EQ(now, "050471");
  EXPECT_EQ(totp::MatchStep(key, now, t), totp::StepAt(t));
  EXPECT_EQ(totp::MatchStep(key, now, t + 30), totp::StepAt(t));
  EXPECT_EQ(totp::MatchStep(key, now, t - 30), totp::StepAt(t));
  EXPECT_FALSE(totp::MatchStep(key, now, t + 60).has_value());
  EXPECT_FALSE(totp::MatchStep(key, "05047", t).has_value());
  EXPECT_FALSE(totp::MatchStep(key, "05047x", t).has_value());
  EXPECT_EQ(totp::OtpauthUri("helsekrav", "a@b.no", "ABC"),
            "otpauth://totp/helsekrav:a%40b.no?secret=ABC&issuer=helsekrav&algorithm=SHA1"
            "&digits=6&period=30");
}

TEST_P(SecurityReview, L7AnAdminsPasswordSignInAsksForATotpCodeBeforeTheSession) {
  Principal admin = SupplierAdmin();
  const std::size_t sessions = Count("session");
  const std::int64_t now = D("2026-11-23").days() * kDay;

  // Not enrolled yet: enrolment is required, with a fresh secret.
  auto first = accounts_->SignIn("anne@leverandor.no", kPassword, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->session.has_value());
  ASSERT_FALSE(first->challenge.empty());
  ASSERT_FALSE(first->enrol_secret.empty());
  EXPECT_EQ(first->enrol_uri.rfind("otpauth://totp/helsekrav:", 0), 0u);
  EXPECT_EQ(Count("session"), sessions);  // no session before the code
  const std::string secret = *totp::Base32Decode(first->enrol_secret);
  const std::uint64_t step = static_cast<std::uint64_t>(totp::StepAt(now));
  const std::string code = totp::Hotp(secret, step);
  const std::string wrong = code == "000000" ? "000001" : "000000";
  EXPECT_EQ(accounts_->CompleteSignIn(first->challenge, wrong).status().code(),
            StatusCode::kUnauthenticated);
  auto session = accounts_->CompleteSignIn(first->challenge, code);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(SignedIn(session->token).user.id, admin.user.id);
  EXPECT_FALSE(accounts_->CompleteSignIn(first->challenge, code).ok());  // used up

  // Enrolled: a challenge without a secret; the same step's code is not accepted twice.
  auto second = accounts_->SignIn("anne@leverandor.no", kPassword, "");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->session.has_value());
  EXPECT_TRUE(second->enrol_secret.empty());
  EXPECT_EQ(accounts_->CompleteSignIn(second->challenge, code).status().code(),
            StatusCode::kUnauthenticated);
  auto next = accounts_->CompleteSignIn(second->challenge, totp::Hotp(secret, step + 1));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto enabled = accounts_->TotpEnabled(SignedIn(next->token));
  ASSERT_TRUE(enabled.ok());
  EXPECT_TRUE(*enabled);
}

TEST_P(SecurityReview, L7WrongTotpCodesEndTheChallengeAndAMemberWithoutPrivilegeSignsInDirectly) {
  Principal admin = SupplierAdmin();
  auto challenge = accounts_->SignIn("anne@leverandor.no", kPassword, "");
  ASSERT_TRUE(challenge.ok());
  const std::string secret = *totp::Base32Decode(challenge->enrol_secret);
  const std::string code =
      totp::Hotp(secret, static_cast<std::uint64_t>(totp::StepAt(D("2026-11-23").days() * kDay)));
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int i = 0; i < kMaxSecondFactorAttempts; ++i) {
    EXPECT_FALSE(accounts_->CompleteSignIn(challenge->challenge, wrong).ok());
  }
  EXPECT_EQ(accounts_->CompleteSignIn(challenge->challenge, code).status().code(),
            StatusCode::kUnauthenticated);

  // A viewer of a supplier needs no second factor.
  ASSERT_TRUE(accounts_->InviteMember(admin, "vera@leverandor.no", domain::Role::kViewer).ok());
  ASSERT_TRUE(
      accounts_
          ->AcceptInvitationAsNewUser(sender_.LastToken(), "Vera Viewer", "et-langt-passord-her")
          .ok());
  auto viewer = accounts_->SignIn("vera@leverandor.no", "et-langt-passord-her", "");
  ASSERT_TRUE(viewer.ok());
  ASSERT_TRUE(viewer->session.has_value());
  EXPECT_TRUE(viewer->challenge.empty());
  // A member of an approving body does.
  DirectUser("nora@body.example", "Nora", "913705408", "Godkjenningsorgan AS",
             domain::OrganisationKind::kApprovingBody, domain::Role::kViewer);
  auto body = accounts_->SignIn("nora@body.example", kPassword, "");
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_FALSE(body->session.has_value());
  EXPECT_FALSE(body->challenge.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityReview,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
