// Accounts on both backends: registration, password sign-in with rate limiting, sessions,
// password reset, API tokens, members, the authority's approval, and audit events that never
// contain secrets.
#include "app/accounts.h"

#include <gtest/gtest.h>

#include <chrono>

#include "app/common_passwords.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "trust/encoding.h"

namespace helsekrav::app {
namespace {

using testing::Backend;

constexpr char kPassword[] = "korrekt-hest-batteri";

class CapturingResetSender final : public ResetSender {
 public:
  void Send(const std::string& email, const std::string& link) override {
    sent.emplace_back(email, link);
  }
  // The token of the last link sent.
  std::string LastToken() const {
    if (sent.empty()) return "";
    const std::string& link = sent.back().second;
    auto pos = link.find("token=");
    return pos == std::string::npos ? "" : link.substr(pos + 6);
  }
  void Notify(const std::string& email, const std::string& text) override {
    notices.emplace_back(email, text);
  }
  std::vector<std::pair<std::string, std::string>> sent;
  std::vector<std::pair<std::string, std::string>> notices;
};

// An OpenID Connect provider that accepts the code "ok" with the PKCE verifier whose challenge
// it was given, and returns `identity`.
class FakeOidcProvider final : public OidcProvider {
 public:
  const std::string& id() const override { return id_; }
  const std::string& display_name() const override { return name_; }
  Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                       const std::string& code_challenge) override {
    last_state = state;
    last_nonce = nonce;
    last_challenge = code_challenge;
    return "https://idp.test/auth?state=" + state;
  }
  Result<OidcIdentity> Exchange(const std::string& code, const std::string& code_verifier,
                                const std::string& nonce) override {
    ++exchanges;
    verifier_length = code_verifier.size();
    if (code != "ok" || nonce != last_nonce) return Status::Unauthenticated("nei");
    return identity;
  }
  OidcIdentity identity;
  std::string last_state, last_nonce, last_challenge;
  std::size_t verifier_length = 0;
  int exchanges = 0;

 private:
  std::string id_ = "fake";
  std::string name_ = "Fake-IdP";
};

Registration SupplierRegistration(const std::string& email = "Kari@Leverandor.no",
                                  const std::string& orgnr = "974760673") {
  Registration r;
  r.email = email;
  r.name = "Kari Nordmann";
  r.password = kPassword;
  r.org.orgnr = orgnr;
  r.org.name = "Leverandør AS";
  r.org.kind = domain::OrganisationKind::kSupplier;
  return r;
}

// `n` distinct organisasjonsnumre with a valid check digit (mod 11), from 913705400 up.
std::vector<std::string> ValidOrgnrs(int n) {
  static constexpr int kWeights[] = {3, 2, 7, 6, 5, 4, 3, 2};
  std::vector<std::string> out;
  for (int base = 91370540; static_cast<int>(out.size()) < n; ++base) {
    std::string digits = std::to_string(base);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += kWeights[i] * (digits[i] - '0');
    int check = (11 - sum % 11) % 11;
    if (check != 10) out.push_back(digits + std::to_string(check));
  }
  return out;
}

class AccountsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::OpenFreshStore(GetParam());
    ASSERT_TRUE(db_->store->Migrate().ok());
    catalog_ = std::make_unique<CatalogService>(*db_->store, clock_);
    ASSERT_TRUE(catalog_->Import(testing::SampleCatalog()).ok());
    accounts_ = std::make_unique<AccountService>(*db_->store, clock_, *catalog_, sender_,
                                                 "https://helsekrav.test");
  }

  Principal SignedIn(const SessionToken& token) {
    auto principal = accounts_->Authenticate(token.token);
    EXPECT_TRUE(principal.ok()) << principal.status().ToString();
    EXPECT_TRUE(principal.ok() && principal->has_value());
    return principal.ok() && principal->has_value() ? **principal : Principal{};
  }

  // An approved authority with an admin, made like `helsekrav admin create-user` does.
  Principal AuthorityAdmin() {
    domain::OrgAccount org;
    org.orgnr = "991000003";
    org.name = "Helsedirektoratet";
    org.kind = domain::OrganisationKind::kAuthority;
    auto user = accounts_->CreateUserDirect("admin@helsedir.test", "Ada Admin", kPassword, org,
                                            domain::Role::kAdmin);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    auto session = accounts_->Login("admin@helsedir.test", kPassword, "10.0.0.9");
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? SignedIn(*session) : Principal{};
  }

  // A registered supplier whose organisation the authority has approved.
  Principal ApprovedSupplierAdmin() {
    auto session = accounts_->Register(SupplierRegistration(), "10.0.0.1");
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    Principal supplier = SignedIn(*session);
    Principal authority = AuthorityAdmin();
    EXPECT_TRUE(accounts_->DecideOrganisation(authority, supplier.org.id, true, "").ok());
    return SignedIn(*session);
  }

  std::vector<store::EventRecord> AllEvents() {
    std::vector<store::EventRecord> all;
    store::EventQuery query;
    query.limit = 100;
    while (true) {
      auto page = db_->store->ListEvents(query);
      EXPECT_TRUE(page.ok());
      if (!page.ok() || page->empty()) break;
      all.insert(all.end(), page->begin(), page->end());
      query.before_seq = page->back().seq;
    }
    return all;
  }

  std::size_t Count(const std::string& kind) {
    auto list = db_->store->ListEntities(kind, 0);
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->size() : 0;
  }

  FixedClock clock_{testing::D("2026-11-23")};
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<CatalogService> catalog_;
  CapturingResetSender sender_;
  std::unique_ptr<AccountService> accounts_;
};

TEST(AccountPrimitivesTest, PasswordsHashWithArgon2idAndTokensAreRandom) {
  auto hash = HashPassword(kPassword);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "feil-passord-123"));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  std::string a = RandomToken(), b = RandomToken();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes of base64url without padding
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(trust::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_P(AccountsTest, RegisterCreatesAPendingOrganisationWithItsAdminAndSignsIn) {
  auto session = accounts_->Register(SupplierRegistration(), "10.0.0.1");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Principal p = SignedIn(*session);
  EXPECT_EQ(p.user.email, "kari@leverandor.no");
  EXPECT_TRUE(p.user.password_hash.empty());
  EXPECT_EQ(p.org.orgnr, "974760673");
  EXPECT_EQ(p.org.status, domain::OrgStatus::kPending);
  EXPECT_EQ(p.actor.org_id, p.org.id);
  EXPECT_EQ(p.actor.role, domain::Role::kAdmin);
  EXPECT_EQ(p.actor.org_status, domain::OrgStatus::kPending);
  EXPECT_FALSE(p.csrf_token.empty());
  ASSERT_EQ(p.memberships.size(), 1u);
  EXPECT_EQ(p.memberships[0].role, domain::Role::kAdmin);
  // The organisation is pending, so it cannot act yet.
  EXPECT_FALSE(domain::Authorize(p.actor, domain::Permission::kEditProducts, p.org.id).ok());
  auto stored = db_->store->FindEntityByUniqueKey("organisation", "974760673", 0);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->owner_org, (*stored)->id);
  EXPECT_EQ(*db_->store->RegistryRevision(), 1);
  bool registered = false;
  for (const auto& e : AllEvents()) {
    registered = registered || (e.action == "registered" && e.entity_kind == "organisation" &&
                                e.org_id == p.org.id && e.actor_user == p.user.id);
  }
  EXPECT_TRUE(registered);
}

TEST_P(AccountsTest, DuplicateEmailOrOrgnrIsAConflictAndWritesNothing) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  const std::size_t events = AllEvents().size();

  auto same_email =
      accounts_->Register(SupplierRegistration("kari@leverandor.no", "991000011"), "10.0.0.1");
  ASSERT_FALSE(same_email.ok());
  EXPECT_EQ(same_email.status().code(), StatusCode::kConflict);
  auto same_orgnr = accounts_->Register(SupplierRegistration("ola@annen.no"), "10.0.0.1");
  ASSERT_FALSE(same_orgnr.ok());
  EXPECT_EQ(same_orgnr.status().code(), StatusCode::kConflict);

  EXPECT_EQ(Count("organisation"), 1u);
  EXPECT_EQ(Count("user"), 1u);
  EXPECT_EQ(Count("membership"), 1u);
  EXPECT_EQ(AllEvents().size(), events);
}

TEST_P(AccountsTest, ABadRegistrationIsInvalidAndNamesTheField) {
  auto bad_orgnr = accounts_->Register(SupplierRegistration("a@b.no", "123456789"), "");
  ASSERT_FALSE(bad_orgnr.ok());
  EXPECT_EQ(bad_orgnr.status().code(), StatusCode::kInvalid);
  EXPECT_NE(bad_orgnr.status().field().find("orgnr"), std::string::npos)
      << bad_orgnr.status().ToString();

  Registration short_password = SupplierRegistration();
  short_password.password = "kort";
  auto weak = accounts_->Register(short_password, "");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(Count("user"), 0u);
  EXPECT_EQ(Count("organisation"), 0u);
}

TEST_P(AccountsTest, LoginChecksThePasswordWithOneMessageAndIsRateLimited) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  auto ok = accounts_->Login("KARI@leverandor.no", kPassword, "10.0.0.2");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(SignedIn(*ok).user.email, "kari@leverandor.no");

  auto wrong = accounts_->Login("kari@leverandor.no", "feil-passord-123", "10.0.0.2");
  ASSERT_FALSE(wrong.ok());
  auto unknown = accounts_->Login("ingen@leverandor.no", kPassword, "10.0.0.3");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().message(), "Feil e-postadresse eller passord");
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(unknown.status().code(), wrong.status().code());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);

  // Four more failures for the e-mail and client (five in all): the pair must now wait.
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(accounts_->Login("kari@leverandor.no", "feil", "10.0.0.2").ok());
  }
  auto limited = accounts_->Login("kari@leverandor.no", kPassword, "10.0.0.2");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.status().code(), StatusCode::kRateLimited);
  EXPECT_NE(limited.status().message().find("For mange"), std::string::npos);

  // The window passes.
  clock_.Set(testing::D("2026-11-24"));
  EXPECT_TRUE(accounts_->Login("kari@leverandor.no", kPassword, "10.0.0.2").ok());
}

TEST_P(AccountsTest, OneClientIsRateLimitedAcrossEmails) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  for (int i = 0; i < kMaxLoginFailuresPerClient; ++i) {
    EXPECT_FALSE(
        accounts_->Login("gjetning" + std::to_string(i) + "@x.no", "feil", "192.0.2.66").ok());
  }
  auto limited = accounts_->Login("kari@leverandor.no", kPassword, "192.0.2.66");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.status().code(), StatusCode::kRateLimited);
  EXPECT_TRUE(accounts_->Login("kari@leverandor.no", kPassword, "192.0.2.67").ok());
}

// ---- Security review 2026-12 (sign-in, registration, passwords) ----------------------------

// A clock the test moves by seconds (FixedClock moves by whole days).
class SteppingClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Advance(std::chrono::seconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_{std::chrono::days{testing::D("2026-11-23").days()}};
};

// Accounts over a fresh SQLite store with a clock that moves by seconds.
struct SteppedAccounts {
  SteppedAccounts() {
    db = testing::OpenFreshStore(Backend::kSqlite);
    EXPECT_TRUE(db->store->Migrate().ok());
    catalog = std::make_unique<CatalogService>(*db->store, clock);
    EXPECT_TRUE(catalog->Import(testing::SampleCatalog()).ok());
    accounts = std::make_unique<AccountService>(*db->store, clock, *catalog, sender,
                                                "https://helsekrav.test");
  }
  // A user in an approved supplier organisation, with kPassword.
  void AddUser(const std::string& email, const std::string& orgnr) {
    domain::OrgAccount org;
    org.orgnr = orgnr;
    org.name = "Leverandør " + orgnr;
    org.kind = domain::OrganisationKind::kSupplier;
    auto user =
        accounts->CreateUserDirect(email, "Test Bruker", kPassword, org, domain::Role::kAdmin);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
  }
  SteppingClock clock;
  std::unique_ptr<testing::TestStore> db;
  std::unique_ptr<CatalogService> catalog;
  CapturingResetSender sender;
  std::unique_ptr<AccountService> accounts;
};

TEST(SecurityReview, M2FiveWrongPasswordsDoNotLockOutOthers) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  t.AddUser("nhn@helsenett.no", "991000011");
  for (int i = 0; i < kFreeLoginFailures; ++i) {
    EXPECT_EQ(t.accounts->Login("b@leverandor.no", "feil passord", "10.0.0.1").status().code(),
              StatusCode::kUnauthenticated)
        << i;
  }
  // The sixth guess for b@ from that address must wait.
  EXPECT_EQ(t.accounts->Login("b@leverandor.no", "feil passord", "10.0.0.1").status().code(),
            StatusCode::kRateLimited);
  // Another account from the same address (a shared municipal network) still signs in.
  auto other = t.accounts->Login("nhn@helsenett.no", kPassword, "10.0.0.1");
  EXPECT_TRUE(other.ok()) << other.status().ToString();
  // The guessed account itself, with the right password from another address, signs in.
  auto elsewhere = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.2");
  EXPECT_TRUE(elsewhere.ok()) << elsewhere.status().ToString();
}

TEST(SecurityReview, M2DelaysDoubleAfterFiveFailuresAndAreCapped) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  auto attempt = [&](const char* password) {
    return t.accounts->Login("b@leverandor.no", password, "10.0.0.1").status();
  };
  for (int i = 0; i < kFreeLoginFailures; ++i) ASSERT_FALSE(attempt("feil").ok());
  // 1 s, 2 s, 4 s, 8 s: refused just before the delay is over, tried (and failed) at its end.
  for (int delay : {1, 2, 4, 8}) {
    if (delay > 1) t.clock.Advance(std::chrono::seconds(delay - 1));
    Status early = attempt("feil");
    EXPECT_EQ(early.code(), StatusCode::kRateLimited) << delay;
    EXPECT_NE(early.message().find("Prøv igjen om"), std::string::npos) << early.message();
    t.clock.Advance(std::chrono::seconds(1));
    EXPECT_EQ(attempt("feil").code(), StatusCode::kUnauthenticated) << delay;
  }
  // Many more failures: the delay stops growing at kMaxLoginDelay.
  for (int i = 0; i < 12; ++i) {
    t.clock.Advance(kMaxLoginDelay);
    EXPECT_EQ(attempt("feil").code(), StatusCode::kUnauthenticated) << i;
  }
  t.clock.Advance(kMaxLoginDelay - std::chrono::seconds(1));
  EXPECT_EQ(attempt(kPassword).code(), StatusCode::kRateLimited);
  t.clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(attempt(kPassword).ok());
  // A success forgets the failures: the next wrong password is not delayed.
  EXPECT_EQ(attempt("feil").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(attempt("feil").code(), StatusCode::kUnauthenticated);
}

TEST(SecurityReview, L7SessionsEndAfterThirtyIdleMinutes) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  auto session = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auto signed_in = [&] {
    auto principal = t.accounts->Authenticate(session->token);
    EXPECT_TRUE(principal.ok()) << principal.status().ToString();
    return principal.ok() && principal->has_value();
  };
  auto last_seen = [&] {
    auto stored = t.db->store->FindEntity("session", trust::Sha256Hex(session->token), 0);
    return stored.ok() && stored->has_value() ? (*stored)->updated_at : -1;
  };
  const std::int64_t signed_in_at = last_seen();
  // Used within the minute: nothing is written.
  t.clock.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(signed_in());
  EXPECT_EQ(last_seen(), signed_in_at);
  // Used a while later: the last use moves, so 29 + 29 minutes of light use keep it alive.
  t.clock.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(signed_in());
  EXPECT_EQ(last_seen(), signed_in_at + 30 + 29 * 60);
  t.clock.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(signed_in());
  // Thirty minutes without use end it, and it is gone from the store.
  t.clock.Advance(kSessionIdleTimeout);
  EXPECT_FALSE(signed_in());
  EXPECT_EQ(last_seen(), -1);
}

TEST(SecurityReview, L7AnActiveSessionStillEndsAfterTwelveHours) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  auto session = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok());
  const auto step = std::chrono::minutes(20);
  int uses = 0;
  for (auto used = step; used < kSessionLifetime; used += step, ++uses) {
    t.clock.Advance(step);
    auto principal = t.accounts->Authenticate(session->token);
    ASSERT_TRUE(principal.ok() && principal->has_value()) << uses;
  }
  t.clock.Advance(step + std::chrono::seconds(1));
  auto expired = t.accounts->Authenticate(session->token);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
}

TEST(SecurityReview, M5RegistrationAnswersAlikeForKnownAndUnknownEmails) {
  SteppedAccounts t;
  t.AddUser("kjent@leverandor.no", "991000011");
  const std::size_t users = t.db->store->ListEntities("user", 0)->size();
  // A known e-mail: Ok, nothing created, and its owner is told instead.
  Status known =
      t.accounts->SubmitRegistration(SupplierRegistration("Kjent@Leverandor.no"), "10.0.0.1");
  EXPECT_TRUE(known.ok()) << known.ToString();
  EXPECT_EQ(t.db->store->ListEntities("user", 0)->size(), users);
  EXPECT_EQ(t.db->store->ListEntities("organisation", 0)->size(), 1u);
  ASSERT_EQ(t.sender.notices.size(), 1u);
  EXPECT_EQ(t.sender.notices[0].first, "kjent@leverandor.no");
  EXPECT_NE(t.sender.notices[0].second.find("allerede en konto"), std::string::npos);
  // An unknown one: the same answer; the account exists and signs in with its password.
  Status unknown =
      t.accounts->SubmitRegistration(SupplierRegistration("ny@leverandor.no"), "10.0.0.1");
  EXPECT_EQ(unknown.code(), known.code());
  EXPECT_EQ(unknown.message(), known.message());
  EXPECT_TRUE(t.accounts->Login("ny@leverandor.no", kPassword, "10.0.0.1").ok());
  ASSERT_EQ(t.sender.notices.size(), 2u);
  EXPECT_EQ(t.sender.notices[1].first, "ny@leverandor.no");
  // An organisation number that is taken may say so: it is public.
  EXPECT_EQ(t.accounts->SubmitRegistration(SupplierRegistration("tredje@x.no"), "10.0.0.1").code(),
            StatusCode::kConflict);
}

TEST(SecurityReview, M5EveryRegistrationAttemptCounts) {
  SteppedAccounts t;
  t.AddUser("kjent@leverandor.no", "991000011");
  // Probing known e-mails, bad input and taken numbers all count, not only successes.
  for (int i = 0; i < kMaxRequestsPerClient; ++i) {
    Registration probe = SupplierRegistration(i % 2 == 0 ? "kjent@leverandor.no" : "x@", "");
    EXPECT_NE(t.accounts->SubmitRegistration(probe, "10.0.0.66").code(), StatusCode::kRateLimited)
        << i;
  }
  EXPECT_EQ(
      t.accounts->SubmitRegistration(SupplierRegistration("ny@leverandor.no"), "10.0.0.66").code(),
      StatusCode::kRateLimited);
  EXPECT_EQ(
      t.accounts->Register(SupplierRegistration("ny@leverandor.no"), "10.0.0.66").status().code(),
      StatusCode::kRateLimited);
  // Another address is not affected.
  EXPECT_TRUE(
      t.accounts->SubmitRegistration(SupplierRegistration("ny@leverandor.no"), "10.0.0.67").ok());
}

TEST(SecurityReview, L4WithoutMailNoResetLinkIsMadeOrLogged) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  NoMailSender no_mail;
  AccountService accounts(*t.db->store, t.clock, *t.catalog, no_mail, "https://helsekrav.test");
  EXPECT_FALSE(accounts.mail_delivers());
  Status known = accounts.RequestPasswordReset("b@leverandor.no", "10.0.0.1");
  Status unknown = accounts.RequestPasswordReset("ingen@leverandor.no", "10.0.0.1");
  EXPECT_EQ(known.code(), StatusCode::kUnavailable);
  EXPECT_EQ(unknown.code(), known.code());
  EXPECT_EQ(unknown.message(), known.message());
  EXPECT_NE(known.message().find("sender ikke e-post"), std::string::npos);
  // No token exists, so none can reach a log.
  EXPECT_TRUE(t.db->store->ListEntities("password_reset", 0)->empty());
  EXPECT_TRUE(t.accounts->mail_delivers());
}

TEST(SecurityReview, L7ChangePasswordEndsOtherSessionsAndKeepsThisOne) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  auto here = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.1");
  auto elsewhere = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.2");
  ASSERT_TRUE(here.ok() && elsewhere.ok());
  ASSERT_TRUE(t.accounts->RequestPasswordReset("b@leverandor.no", "10.0.0.1").ok());
  const std::string reset_token = t.sender.LastToken();
  auto principal = t.accounts->Authenticate(here->token);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  const Principal me = **principal;
  const std::string new_password = "et helt nytt og langt passord";

  Status wrong = t.accounts->ChangePassword(me, "feil passord", new_password);
  EXPECT_EQ(wrong.code(), StatusCode::kInvalid);
  EXPECT_EQ(wrong.field(), "current_password");
  Status weak = t.accounts->ChangePassword(me, kPassword, "kort");
  EXPECT_EQ(weak.code(), StatusCode::kInvalid);
  EXPECT_EQ(weak.field(), "password");
  // Nothing changed so far: both sessions and the old password still work.
  EXPECT_TRUE(t.accounts->Authenticate(elsewhere->token)->has_value());

  ASSERT_TRUE(t.accounts->ChangePassword(me, kPassword, new_password).ok());
  EXPECT_TRUE(t.accounts->Authenticate(here->token)->has_value());
  EXPECT_FALSE(t.accounts->Authenticate(elsewhere->token)->has_value());
  EXPECT_EQ(t.accounts->ResetPassword(reset_token, "inntrengerens passord").code(),
            StatusCode::kInvalid);
  EXPECT_FALSE(t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.3").ok());
  EXPECT_TRUE(t.accounts->Login("b@leverandor.no", new_password, "10.0.0.3").ok());
  bool audited = false;
  store::EventQuery query;
  query.limit = 100;
  auto events = t.db->store->ListEvents(query);
  ASSERT_TRUE(events.ok());
  for (const auto& e : *events) {
    audited = audited || (e.action == "password_changed" && e.entity_id == me.user.id);
    EXPECT_EQ(e.changes.find(new_password), std::string::npos);
  }
  EXPECT_TRUE(audited);
}

TEST(SecurityReview, L7ChangePasswordGuessesAreThrottled) {
  SteppedAccounts t;
  t.AddUser("b@leverandor.no", "974760673");
  auto session = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok());
  const Principal me = **t.accounts->Authenticate(session->token);
  for (int i = 0; i < kFreeLoginFailures; ++i) {
    EXPECT_EQ(t.accounts->ChangePassword(me, "gjetning", "et helt nytt og langt passord").code(),
              StatusCode::kInvalid);
  }
  EXPECT_EQ(t.accounts->ChangePassword(me, kPassword, "et helt nytt og langt passord").code(),
            StatusCode::kRateLimited);
}

TEST(SecurityReview, L7CommonPasswordsAreRefusedWhereverOneIsChosen) {
  // From Openwall's password.lst (john-data), long enough for the length rule.
  EXPECT_TRUE(IsCommonPassword("winniethepooh"));
  EXPECT_TRUE(IsCommonPassword("WinnieThePooh"));       // case is ignored
  EXPECT_TRUE(IsCommonPassword("harrypotter2024!"));    // digits and symbols added at the end
  EXPECT_TRUE(IsCommonPassword("qwertyqwertyqwerty"));  // an entry repeated
  EXPECT_TRUE(IsCommonPassword("password"));
  EXPECT_FALSE(IsCommonPassword(kPassword));
  EXPECT_FALSE(IsCommonPassword("et langt og godt passord"));

  SteppedAccounts t;
  Registration common = SupplierRegistration();
  common.password = "WinnieThePooh";
  Status registered = t.accounts->SubmitRegistration(common, "10.0.0.1");
  EXPECT_EQ(registered.code(), StatusCode::kInvalid);
  EXPECT_EQ(registered.field(), "password");
  EXPECT_NE(registered.message().find("for vanlig"), std::string::npos) << registered.message();
  EXPECT_EQ(t.accounts->Register(common, "10.0.0.1").status().code(), StatusCode::kInvalid);

  domain::OrgAccount org;
  org.orgnr = "974760673";
  org.name = "Leverandør AS";
  org.kind = domain::OrganisationKind::kSupplier;
  EXPECT_EQ(
      t.accounts
          ->CreateUserDirect("b@leverandor.no", "B", "harrypotter2024!", org, domain::Role::kAdmin)
          .status()
          .code(),
      StatusCode::kInvalid);
  t.AddUser("b@leverandor.no", "974760673");
  ASSERT_TRUE(t.accounts->RequestPasswordReset("b@leverandor.no", "10.0.0.1").ok());
  EXPECT_EQ(t.accounts->ResetPassword(t.sender.LastToken(), "winniethepooh").field(), "password");
  auto session = t.accounts->Login("b@leverandor.no", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok());
  const Principal me = **t.accounts->Authenticate(session->token);
  EXPECT_EQ(t.accounts->ChangePassword(me, kPassword, "qwertyqwertyqwerty").field(), "password");
  EXPECT_TRUE(t.db->store->ListEntities("organisation", 0)->size() == 1u);
}

TEST_P(AccountsTest, LogoutEndsTheSessionAndSessionsExpire) {
  auto first = accounts_->Register(SupplierRegistration(), "10.0.0.1");
  ASSERT_TRUE(first.ok());
  auto second = accounts_->Login("kari@leverandor.no", kPassword, "10.0.0.1");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(accounts_->Logout(first->token).ok());
  auto gone = accounts_->Authenticate(first->token);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  EXPECT_TRUE(accounts_->Logout(first->token).ok());  // twice is fine
  auto still = accounts_->Authenticate(second->token);
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());
  auto garbage = accounts_->Authenticate("ikke-en-gyldig-nøkkel");
  ASSERT_TRUE(garbage.ok());
  EXPECT_FALSE(garbage->has_value());

  clock_.Set(testing::D("2026-11-24"));  // 24 hours later, past kSessionLifetime
  auto expired = accounts_->Authenticate(second->token);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
}

TEST_P(AccountsTest, AResetTokenWorksOnceAndSignsOutEverySession) {
  auto session = accounts_->Register(SupplierRegistration(), "10.0.0.1");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(accounts_->RequestPasswordReset("ukjent@x.no", "10.0.0.1").ok());
  EXPECT_TRUE(sender_.sent.empty());  // nothing sent, yet the answer is the same

  ASSERT_TRUE(accounts_->RequestPasswordReset("Kari@Leverandor.no", "10.0.0.1").ok());
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].first, "kari@leverandor.no");
  EXPECT_EQ(sender_.sent[0].second.rfind("https://helsekrav.test/nytt-passord?token=", 0), 0u);
  const std::string token = sender_.LastToken();
  ASSERT_EQ(token.size(), 43u);
  auto stored = db_->store->FindEntity("password_reset", trust::Sha256Hex(token), 0);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->doc.find(token), std::string::npos);

  Status weak = accounts_->ResetPassword(token, "kort");
  EXPECT_EQ(weak.code(), StatusCode::kInvalid);
  const std::string new_password = "et-helt-nytt-passord";
  ASSERT_TRUE(accounts_->ResetPassword(token, new_password).ok());
  auto old_session = accounts_->Authenticate(session->token);
  ASSERT_TRUE(old_session.ok());
  EXPECT_FALSE(old_session->has_value());
  EXPECT_FALSE(accounts_->Login("kari@leverandor.no", kPassword, "10.0.0.1").ok());
  EXPECT_TRUE(accounts_->Login("kari@leverandor.no", new_password, "10.0.0.1").ok());

  Status again = accounts_->ResetPassword(token, "enda-et-nytt-passord");
  EXPECT_EQ(again.code(), StatusCode::kInvalid);
  EXPECT_EQ(accounts_->ResetPassword("", new_password).code(), StatusCode::kInvalid);
}

TEST_P(AccountsTest, UsingOneResetLinkInvalidatesTheOthers) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  ASSERT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "10.0.0.1").ok());
  const std::string first = sender_.LastToken();
  ASSERT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "10.0.0.1").ok());
  const std::string second = sender_.LastToken();
  ASSERT_NE(first, second);
  ASSERT_TRUE(accounts_->ResetPassword(second, "et-helt-nytt-passord").ok());
  // The earlier link (perhaps read by someone else) no longer works.
  EXPECT_EQ(accounts_->ResetPassword(first, "inntrengerens-passord").code(), StatusCode::kInvalid);
  auto stored = db_->store->FindEntity("password_reset", trust::Sha256Hex(first), 0);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
  EXPECT_TRUE(accounts_->Login("kari@leverandor.no", "et-helt-nytt-passord", "10.0.0.1").ok());
}

TEST_P(AccountsTest, ResetRequestsAndRegistrationsAreRateLimited) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  for (int i = 0; i < kMaxLoginFailures; ++i) {
    ASSERT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "10.0.0.9").ok()) << i;
  }
  const std::size_t sent = sender_.sent.size();
  // The same address from another client: refused, and nothing is sent.
  EXPECT_EQ(accounts_->RequestPasswordReset("kari@leverandor.no", "10.0.0.10").code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(sender_.sent.size(), sent);
  // Many addresses from one client: refused after kMaxRequestsPerClient.
  for (int i = kMaxLoginFailures; i < kMaxRequestsPerClient; ++i) {
    ASSERT_TRUE(
        accounts_->RequestPasswordReset("u" + std::to_string(i) + "@x.no", "10.0.0.9").ok());
  }
  EXPECT_EQ(accounts_->RequestPasswordReset("ukjent@x.no", "10.0.0.9").code(),
            StatusCode::kRateLimited);
  clock_.Set(testing::D("2026-11-24"));  // the window has passed
  EXPECT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "10.0.0.9").ok());

  // Registrations: kMaxRequestsPerClient organisations per client and window (the one above is
  // outside the window by now).
  std::vector<std::string> orgnrs = ValidOrgnrs(kMaxRequestsPerClient + 1);
  for (int i = 0; i < kMaxRequestsPerClient; ++i) {
    auto registered = accounts_->Register(
        SupplierRegistration("bruker" + std::to_string(i) + "@leverandor.no", orgnrs[i]),
        "10.0.0.1");
    ASSERT_TRUE(registered.ok()) << i << ": " << registered.status().ToString();
  }
  const Registration one_more =
      SupplierRegistration("en-til@leverandor.no", orgnrs[kMaxRequestsPerClient]);
  EXPECT_EQ(accounts_->Register(one_more, "10.0.0.1").status().code(), StatusCode::kRateLimited);
  EXPECT_TRUE(accounts_->Register(one_more, "10.0.0.2").ok());  // another client
}

TEST_P(AccountsTest, AResetTokenExpires) {
  ASSERT_TRUE(accounts_->Register(SupplierRegistration(), "10.0.0.1").ok());
  ASSERT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "").ok());
  clock_.Set(testing::D("2026-11-24"));
  EXPECT_EQ(accounts_->ResetPassword(sender_.LastToken(), "et-helt-nytt-passord").code(),
            StatusCode::kInvalid);
}

TEST_P(AccountsTest, ApiTokensAuthenticateUntilRevokedAndStoreOnlyTheirHash) {
  Principal admin = ApprovedSupplierAdmin();
  auto created = accounts_->CreateApiToken(admin, "CI-publisering", {"read", "write"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const auto& [info, clear] = *created;
  EXPECT_EQ(info.org_id, admin.org.id);

  auto stored = db_->store->FindEntity("api_token", info.id, 0);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->unique_key, trust::Sha256Hex(clear));
  EXPECT_EQ((*stored)->doc.find(clear), std::string::npos);

  auto principal = accounts_->AuthenticateApiToken(clear);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  const domain::Actor& actor = (*principal)->actor;
  EXPECT_TRUE(actor.api_token);
  EXPECT_EQ(actor.org_id, admin.org.id);
  EXPECT_TRUE(actor.user_id.empty());
  EXPECT_TRUE(domain::Authorize(actor, domain::Permission::kEditProducts, admin.org.id).ok());
  // A token never manages tokens or members.
  EXPECT_EQ(accounts_->CreateApiToken(**principal, "mer", {"read"}).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(accounts_->InviteMember(**principal, "ny@x.no", domain::Role::kAdmin).code(),
            StatusCode::kForbidden);
  // It reads its organisation's events.
  EXPECT_TRUE(domain::Authorize(actor, domain::Permission::kViewOrgEvents, admin.org.id).ok());

  auto listed = accounts_->ListApiTokens(admin);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "CI-publisering");

  ASSERT_TRUE(accounts_->RevokeApiToken(admin, info.id).ok());
  auto revoked = accounts_->AuthenticateApiToken(clear);
  ASSERT_TRUE(revoked.ok());
  EXPECT_FALSE(revoked->has_value());
  EXPECT_NE((*accounts_->ListApiTokens(admin))[0].revoked_at, 0);
}

TEST_P(AccountsTest, AReadOnlyTokenMayNotWrite) {
  Principal admin = ApprovedSupplierAdmin();
  auto created = accounts_->CreateApiToken(admin, "Lesing", {"read"});
  ASSERT_TRUE(created.ok());
  auto principal = accounts_->AuthenticateApiToken(created->second);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  Status denied =
      domain::Authorize((*principal)->actor, domain::Permission::kEditProducts, admin.org.id);
  EXPECT_EQ(denied.code(), StatusCode::kForbidden);
  EXPECT_EQ(accounts_->CreateApiToken(admin, "x", {"delete"}).status().code(),
            StatusCode::kInvalid);
}

TEST_P(AccountsTest, AdminsManageMembersAndOthersMayNot) {
  Principal admin = ApprovedSupplierAdmin();
  ASSERT_TRUE(accounts_->InviteMember(admin, "Ola@Leverandor.no", domain::Role::kEditor).ok());
  ASSERT_EQ(sender_.sent.size(), 1u);  // the invitation link
  EXPECT_EQ(sender_.sent[0].first, "ola@leverandor.no");
  EXPECT_EQ(accounts_->InviteMember(admin, "ola@leverandor.no", domain::Role::kViewer).code(),
            StatusCode::kConflict);  // one pending invitation per address
  auto members = accounts_->ListMembers(admin);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);  // not a member before accepting

  auto ola_session = accounts_->AcceptInvitationAsNewUser(sender_.LastToken(), "Ola Nordmann",
                                                          "olas-eget-passord");
  ASSERT_TRUE(ola_session.ok()) << ola_session.status().ToString();
  ASSERT_EQ(accounts_->ListMembers(admin)->size(), 2u);
  EXPECT_EQ(accounts_->InviteMember(admin, "ola@leverandor.no", domain::Role::kViewer).code(),
            StatusCode::kConflict);  // already a member
  ASSERT_TRUE(accounts_->Login("ola@leverandor.no", "olas-eget-passord", "10.0.0.5").ok());
  Principal ola = SignedIn(*ola_session);
  EXPECT_EQ(ola.actor.org_id, admin.org.id);
  EXPECT_EQ(ola.actor.role, domain::Role::kEditor);
  EXPECT_EQ(accounts_->InviteMember(ola, "per@x.no", domain::Role::kAdmin).code(),
            StatusCode::kForbidden);
  EXPECT_EQ(accounts_->RemoveMember(ola, admin.user.id).code(), StatusCode::kForbidden);
  EXPECT_FALSE(accounts_->ListMembers(ola).ok());

  EXPECT_EQ(accounts_->RemoveMember(admin, admin.user.id).code(), StatusCode::kConflict);
  ASSERT_TRUE(accounts_->RemoveMember(admin, ola.user.id).ok());
  EXPECT_EQ(accounts_->ListMembers(admin)->size(), 1u);
  auto after = accounts_->Authenticate(ola_session->token);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_TRUE((*after)->actor.org_id.empty());
  EXPECT_EQ((*after)->actor.user_id, ola.user.id);
}

TEST_P(AccountsTest, OnlyAnAuthorityAdminDecidesOrganisations) {
  auto session = accounts_->Register(SupplierRegistration(), "10.0.0.1");
  ASSERT_TRUE(session.ok());
  Principal supplier = SignedIn(*session);
  EXPECT_FALSE(accounts_->DecideOrganisation(supplier, supplier.org.id, true, "").ok());
  EXPECT_FALSE(accounts_->ListOrganisations(supplier).ok());

  auto other = accounts_->Register(SupplierRegistration("ola@annen.no", "991000011"), "");
  ASSERT_TRUE(other.ok());
  Principal authority = AuthorityAdmin();
  EXPECT_EQ(authority.actor.org_kind, domain::OrganisationKind::kAuthority);
  EXPECT_EQ(authority.actor.org_status, domain::OrgStatus::kApproved);
  auto listed = accounts_->ListOrganisations(authority);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].status, domain::OrgStatus::kPending);
  EXPECT_EQ((*listed)[2].status, domain::OrgStatus::kApproved);

  const std::int64_t revision = *db_->store->RegistryRevision();
  ASSERT_TRUE(accounts_->DecideOrganisation(authority, supplier.org.id, true, "").ok());
  EXPECT_GT(*db_->store->RegistryRevision(), revision);
  Principal approved = SignedIn(*session);
  EXPECT_EQ(approved.org.status, domain::OrgStatus::kApproved);
  EXPECT_EQ(approved.org.decided_by, authority.user.id);
  EXPECT_TRUE(
      domain::Authorize(approved.actor, domain::Permission::kEditProducts, approved.org.id).ok());

  Principal rejected_admin = SignedIn(*other);
  EXPECT_EQ(accounts_->DecideOrganisation(authority, rejected_admin.org.id, false, "").code(),
            StatusCode::kInvalid);  // a rejection needs a reason
  ASSERT_TRUE(
      accounts_->DecideOrganisation(authority, rejected_admin.org.id, false, "Ukjent aktør").ok());
  EXPECT_EQ(SignedIn(*other).org.status, domain::OrgStatus::kRejected);
  bool approved_event = false, rejected_event = false;
  for (const auto& e : AllEvents()) {
    approved_event = approved_event || (e.action == "approved" && e.entity_id == supplier.org.id);
    rejected_event =
        rejected_event || (e.action == "rejected" && e.org_id == rejected_admin.org.id);
  }
  EXPECT_TRUE(approved_event);
  EXPECT_TRUE(rejected_event);
}

TEST_P(AccountsTest, SwitchingOrganisationNeedsMembership) {
  Principal admin = ApprovedSupplierAdmin();
  auto session = accounts_->Login("admin@helsedir.test", kPassword, "");
  ASSERT_TRUE(session.ok());
  Principal authority = SignedIn(*session);
  ASSERT_TRUE(accounts_->InviteMember(authority, admin.user.email, domain::Role::kViewer).ok());
  auto kari = accounts_->Login("kari@leverandor.no", kPassword, "");
  ASSERT_TRUE(kari.ok());
  ASSERT_TRUE(accounts_->AcceptInvitationLink(SignedIn(*kari), sender_.LastToken()).ok());
  Principal p = SignedIn(*kari);
  ASSERT_EQ(p.memberships.size(), 2u);
  ASSERT_TRUE(accounts_->SwitchOrganisation(p, authority.org.id).ok());
  Principal switched = SignedIn(*kari);
  EXPECT_EQ(switched.actor.org_id, authority.org.id);
  EXPECT_EQ(switched.actor.role, domain::Role::kViewer);
  EXPECT_EQ(accounts_->SwitchOrganisation(p, "finnes-ikke").code(), StatusCode::kForbidden);
}

TEST_P(AccountsTest, EventsNeverContainSecrets) {
  std::vector<std::string> secrets = {kPassword};
  auto session = accounts_->Register(SupplierRegistration(), "10.0.0.1");
  ASSERT_TRUE(session.ok());
  secrets.push_back(session->token);
  secrets.push_back(trust::Sha256Hex(session->token));
  Principal authority = AuthorityAdmin();
  Principal supplier = SignedIn(*session);
  ASSERT_TRUE(accounts_->DecideOrganisation(authority, supplier.org.id, true, "").ok());
  supplier = SignedIn(*session);
  auto token = accounts_->CreateApiToken(supplier, "CI", {"read", "write"});
  ASSERT_TRUE(token.ok());
  secrets.push_back(token->second);
  secrets.push_back(trust::Sha256Hex(token->second));
  ASSERT_TRUE(accounts_->RevokeApiToken(supplier, token->first.id).ok());
  ASSERT_TRUE(accounts_->InviteMember(supplier, "ola@leverandor.no", domain::Role::kViewer).ok());
  secrets.push_back(sender_.LastToken());
  secrets.push_back(trust::Sha256Hex(sender_.LastToken()));
  ASSERT_TRUE(accounts_->RequestPasswordReset("kari@leverandor.no", "").ok());
  const std::string reset = sender_.LastToken();
  secrets.push_back(reset);
  secrets.push_back(trust::Sha256Hex(reset));
  ASSERT_TRUE(accounts_->ResetPassword(reset, "et-helt-nytt-passord").ok());
  secrets.push_back("et-helt-nytt-passord");
  auto users = db_->store->ListEntities("user", 0);
  ASSERT_TRUE(users.ok());
  for (const auto& u : *users) {
    auto pos = u.doc.find("$argon2id$");
    if (pos != std::string::npos) secrets.push_back(u.doc.substr(pos, 40));
  }
  ASSERT_GE(secrets.size(), 12u);

  auto events = AllEvents();
  ASSERT_GE(events.size(), 8u);
  for (const auto& e : events) {
    for (const auto& secret : secrets) {
      ASSERT_FALSE(secret.empty());
      EXPECT_EQ(e.changes.find(secret), std::string::npos)
          << e.action << " " << e.entity_kind << " leaks a secret: " << e.changes;
    }
    EXPECT_EQ(e.changes.find("argon2"), std::string::npos) << e.changes;
    EXPECT_EQ(e.changes.find("password"), std::string::npos) << e.changes;
  }
}

TEST_P(AccountsTest, OpenIdConnectSignsInCreatesOrLinksUsersAndUsesEachStateOnce) {
  auto provider = std::make_unique<FakeOidcProvider>();
  FakeOidcProvider& idp = *provider;
  accounts_->AddOidcProvider(std::move(provider));
  ASSERT_EQ(accounts_->oidc_providers().size(), 1u);
  EXPECT_EQ(accounts_->BeginOidc("ukjent", "/").status().code(), StatusCode::kNotFound);

  // A new person: a user without organisation.
  idp.identity = {"https://idp.test", "sub-1", "Ny@Person.no", true, "Ny Person"};
  auto url = accounts_->BeginOidc("fake", "https://evil.example/");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(idp.last_challenge.size(), 43u);  // base64url SHA-256
  EXPECT_NE(idp.last_state, idp.last_nonce);
  const std::string state = idp.last_state;
  EXPECT_EQ(accounts_->CompleteOidc("fake", state + "x", "ok").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(idp.exchanges, 0);  // a wrong state never reaches the provider
  auto done = accounts_->CompleteOidc("fake", state, "ok");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->second, "/");  // another site is never a return address
  EXPECT_EQ(idp.verifier_length, 43u);
  Principal fresh = SignedIn(done->first);
  EXPECT_EQ(fresh.user.email, "ny@person.no");
  EXPECT_FALSE(fresh.actor.user_id.empty());
  EXPECT_TRUE(fresh.actor.org_id.empty());
  EXPECT_EQ(accounts_->CompleteOidc("fake", state, "ok").status().code(),
            StatusCode::kUnauthenticated);  // the state is used up

  // The same subject again: the same user.
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/min-side").ok());
  auto again = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->second, "/min-side");
  EXPECT_EQ(SignedIn(again->first).user.id, fresh.user.id);

  // A verified e-mail of a registered user does not sign in to that account (review L1); the
  // user links the provider after signing in with the password.
  auto registered = accounts_->Register(SupplierRegistration(), "");
  ASSERT_TRUE(registered.ok());
  idp.identity = {"https://idp.test", "sub-2", "kari@leverandor.no", true, "Kari"};
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  EXPECT_EQ(accounts_->CompleteOidc("fake", idp.last_state, "ok").status().code(),
            StatusCode::kConflict);
  ASSERT_TRUE(accounts_->BeginOidcLink(SignedIn(*registered), "fake").ok());
  auto linked = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  Principal kari = SignedIn(linked->first);
  EXPECT_EQ(kari.user.email, "kari@leverandor.no");
  EXPECT_FALSE(kari.actor.org_id.empty());
  EXPECT_EQ(Count("user"), 2u);
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  auto again_kari = accounts_->CompleteOidc("fake", idp.last_state, "ok");
  ASSERT_TRUE(again_kari.ok());
  EXPECT_EQ(SignedIn(again_kari->first).user.id, kari.user.id);

  // A failed exchange signs nobody in; an expired state is refused.
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  EXPECT_FALSE(accounts_->CompleteOidc("fake", idp.last_state, "feil").ok());
  ASSERT_TRUE(accounts_->BeginOidc("fake", "/").ok());
  clock_.Set(testing::D("2026-11-24"));
  EXPECT_EQ(accounts_->CompleteOidc("fake", idp.last_state, "ok").status().code(),
            StatusCode::kUnauthenticated);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
