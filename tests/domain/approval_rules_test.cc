#include "domain/approval_rules.h"

#include <gtest/gtest.h>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <algorithm>
#include <map>

#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;
using testing::DefaultCatalog;

const Date kToday = D("2026-11-23");
const char* kNhnOrgnr = "994598759";  // Norsk helsenett SF in data/catalog/organisations.json
const char* kKsOrgnr = "971032146";
const char* kFhiOrgnr = "983744516";
const char* kHelsedirOrgnr = "983544622";

void ExpectInvalid(const Status& s, const std::string& field, const std::string& message_part) {
  ASSERT_EQ(s.code(), StatusCode::kInvalid) << "expected a violation at " << field;
  EXPECT_EQ(s.field(), field) << s.ToString();
  EXPECT_NE(s.message().find(message_part), std::string::npos) << s.message();
}

const ApprovalScheme& Scheme(const std::string& key) {
  const ApprovalScheme* s = FindScheme(DefaultCatalog(), key);
  if (s == nullptr) throw std::logic_error("no scheme " + key);
  return *s;
}

// A valid Kjernejournal API approval of product version "pv-1".
Approval KjApproval() {
  Approval a;
  a.id = "appr-kj";
  a.scheme = "kjernejournal-api";
  a.issuer_org_id = "org-nhn";
  a.subject_kind = ApprovalSubject::kProductVersion;
  a.subject_id = "pv-1";
  a.valid_from = D("2026-06-01");
  a.valid_to = D("2028-06-01");
  a.covered_requirements = SchemeRequirements(DefaultCatalog(), a.scheme);
  Evidence report;
  report.kind = EvidenceKind::kLink;
  report.url = "https://www.nhn.no/testrapport/123";
  a.evidence.push_back(report);
  a.status = ApprovalStatus::kIssued;
  return a;
}

// ---- Look-ups ------------------------------------------------------------------------------

TEST(ApprovalLookupTest, SchemeRequirementsAreTheRequirementsListingTheScheme) {
  EXPECT_EQ(SchemeRequirements(DefaultCatalog(), "kjernejournal-api"),
            (std::vector<std::string>{"NHN-KJ-01", "NHN-KJ-02"}));
  EXPECT_EQ(SchemeRequirements(DefaultCatalog(), "nhn-tredjepart"),
            (std::vector<std::string>{"NHN-TP-01", "NORMEN-01"}));
  EXPECT_TRUE(SchemeRequirements(DefaultCatalog(), "no-such-scheme").empty());
}

TEST(ApprovalLookupTest, AddMonthsClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(AddMonths(D("2026-01-31"), 1), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2024-01-31"), 1), D("2024-02-29"));
  EXPECT_EQ(AddMonths(D("2026-12-15"), 1), D("2027-01-15"));
  EXPECT_EQ(AddMonths(D("2026-11-23"), 60), D("2031-11-23"));
  EXPECT_EQ(AddMonths(D("2026-03-31"), -1), D("2026-02-28"));
}

TEST(ApprovalLookupTest, AccountsMapToCatalogOrganisationsByOrgnr) {
  OrgAccount nhn;
  nhn.orgnr = kNhnOrgnr;
  const Organisation* o = CatalogOrganisationFor(nhn, DefaultCatalog());
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->key, "norsk-helsenett");
  OrgAccount unknown;
  EXPECT_EQ(CatalogOrganisationFor(unknown, DefaultCatalog()), nullptr);
  unknown.orgnr = "123456785";
  EXPECT_EQ(CatalogOrganisationFor(unknown, DefaultCatalog()), nullptr);
}

TEST(ApprovalLookupTest, ActsAsChosenByTheAuthorityWinsOverOrgnr) {
  OrgAccount body;
  body.id_kind = OrgIdKind::kNando;
  body.identifier = "2797";
  body.kind = OrganisationKind::kApprovingBody;
  EXPECT_EQ(CatalogOrganisationFor(body, DefaultCatalog()), nullptr);
  body.acts_as = "meldt-organ";
  const Organisation* o = CatalogOrganisationFor(body, DefaultCatalog());
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->key, "meldt-organ");
  body.acts_as = "no-such-organisation";
  EXPECT_EQ(CatalogOrganisationFor(body, DefaultCatalog()), nullptr);
}

TEST(ApprovalVocabularyTest, CodesAndLabelsRoundTrip) {
  EXPECT_EQ(Code(ApprovalStatus::kSuspended), "suspended");
  EXPECT_EQ(Label(ApprovalStatus::kRevoked), "Tilbakekalt");
  EXPECT_EQ(Parse<ApprovalStatus>("expired"), ApprovalStatus::kExpired);
  EXPECT_EQ(Parse<ApprovalAction>("reinstate"), ApprovalAction::kReinstate);
  EXPECT_EQ(Parse<CertificateKind>("iso27001"), CertificateKind::kIso27001);
  EXPECT_FALSE(Parse<ApprovalStatus>("valid").has_value());
  EXPECT_EQ(AllCodes<ApprovalAction>().size(), 6u);
}

// ---- Validation ----------------------------------------------------------------------------

TEST(ApprovalValidationTest, AcceptsAValidApproval) {
  Status s = ValidateApproval(KjApproval(), DefaultCatalog());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(ApprovalValidationTest, SchemeMustExist) {
  Approval a = KjApproval();
  a.scheme = "";
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "scheme", "Oppgi");
  a.scheme = "kjernejournal";
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "scheme", "«kjernejournal» finnes ikke");
}

TEST(ApprovalValidationTest, SubjectKindMustBeTheSchemes) {
  Approval a = KjApproval();
  a.subject_kind = ApprovalSubject::kSupplier;
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "subject_kind", "produktversjoner");

  Approval tp = KjApproval();
  tp.scheme = "nhn-tredjepart";  // a supplier scheme
  tp.covered_requirements = {"NHN-TP-01"};
  ExpectInvalid(ValidateApproval(tp, DefaultCatalog()), "subject_kind", "leverandører");
  tp.subject_kind = ApprovalSubject::kSupplier;
  tp.subject_id = "org-supplier";
  EXPECT_TRUE(ValidateApproval(tp, DefaultCatalog()).ok());
}

TEST(ApprovalValidationTest, SubjectIdIsRequired) {
  Approval a = KjApproval();
  a.subject_id.clear();
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "subject_id", "Oppgi");
}

TEST(ApprovalValidationTest, ValidToMustBeAfterValidFrom) {
  Approval a = KjApproval();
  a.valid_to = a.valid_from;
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "valid_to", "etter gyldig fra");
  a.valid_to = a.valid_from.AddDays(-1);
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "valid_to", "etter gyldig fra");
  a.valid_to = a.valid_from.AddDays(1);
  EXPECT_TRUE(ValidateApproval(a, DefaultCatalog()).ok());
}

TEST(ApprovalValidationTest, ValidityIsLimitedByTheSchemesValidityMonths) {
  const ApprovalScheme& ce = Scheme("ce-mdr");
  ASSERT_EQ(ce.validity_months, 60);
  Approval a = KjApproval();
  a.scheme = "ce-mdr";
  a.covered_requirements = {"MDR-03"};
  a.valid_from = D("2026-01-31");
  a.valid_to = D("2031-01-31");
  EXPECT_TRUE(ValidateApproval(a, DefaultCatalog()).ok());
  a.valid_to = D("2031-02-01");
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "valid_to", "høyst 5 år");

  // Kjernejournal sets no limit.
  Approval open = KjApproval();
  open.valid_to = D("2040-01-01");
  EXPECT_TRUE(ValidateApproval(open, DefaultCatalog()).ok());
}

TEST(ApprovalValidationTest, CoveredRequirementsMustExistAndBeVerifiedByTheScheme) {
  Approval a = KjApproval();
  a.covered_requirements = {"NHN-KJ-01", "NHN-KJ-99"};
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "covered_requirements[1]",
                "«NHN-KJ-99» finnes ikke");
  a.covered_requirements = {"GDPR-01"};
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "covered_requirements[0]",
                "verifiseres ikke av ordningen");
  a.covered_requirements = {"NHN-KJ-01", "NHN-KJ-01"};
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "covered_requirements[1]",
                "mer enn én gang");
  a.covered_requirements = {"NHN-KJ-02"};
  EXPECT_TRUE(ValidateApproval(a, DefaultCatalog()).ok());
}

TEST(ApprovalValidationTest, SuspendedOrRevokedNeedsAReason) {
  for (ApprovalStatus status : {ApprovalStatus::kSuspended, ApprovalStatus::kRevoked}) {
    Approval a = KjApproval();
    a.status = status;
    ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "status_reason", "begrunnelse");
    a.status_reason = "Avvik funnet ved revisjon";
    EXPECT_TRUE(ValidateApproval(a, DefaultCatalog()).ok());
  }
}

TEST(ApprovalValidationTest, EvidenceAndConditionsMustBeWellFormed) {
  Approval a = KjApproval();
  a.evidence[0].url = "http://www.nhn.no/rapport";
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "evidence[0].url", "https");
  a = KjApproval();
  a.evidence[0] = Evidence{.kind = EvidenceKind::kFile};
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "evidence[0].file_id", "fil-id");
  a = KjApproval();
  a.conditions = std::string("Vilkår\x01");
  ExpectInvalid(ValidateApproval(a, DefaultCatalog()), "conditions", "ugyldige tegn");
}

TEST(CertificateClaimTest, ValidatesAndIsSelfReportedUntilConfirmed) {
  CertificateClaim c;
  c.org_id = "org-supplier";
  c.kind = CertificateKind::kIso27001;
  c.reference = "ISO/IEC 27001:2022 nr. 123";
  c.issuer_name = "DNV";
  c.valid_from = D("2025-01-01");
  c.valid_to = D("2028-01-01");
  c.evidence.push_back(
      Evidence{.kind = EvidenceKind::kFile, .file_id = "f-1", .file_name = "sertifikat.pdf"});
  EXPECT_TRUE(ValidateCertificateClaim(c).ok());
  EXPECT_TRUE(c.self_reported());
  c.confirmed_by_org = "org-body";
  EXPECT_FALSE(c.self_reported());

  CertificateClaim bad = c;
  bad.reference = " ";
  ExpectInvalid(ValidateCertificateClaim(bad), "reference", "nummer");
  bad = c;
  bad.issuer_name.clear();
  ExpectInvalid(ValidateCertificateClaim(bad), "issuer_name", "utstedt");
  bad = c;
  bad.valid_to = D("2024-12-31");
  ExpectInvalid(ValidateCertificateClaim(bad), "valid_to", "etter gyldig fra");
  bad = c;
  bad.evidence.clear();
  ExpectInvalid(ValidateCertificateClaim(bad), "evidence", "Legg ved");
  bad = c;
  bad.evidence[0] = Evidence{.kind = EvidenceKind::kLink, .url = "ftp://x"};
  ExpectInvalid(ValidateCertificateClaim(bad), "evidence[0].url", "https");
}

// ---- Lifecycle -----------------------------------------------------------------------------

TEST(ApprovalLifecycleTest, FullTransitionTable) {
  using S = ApprovalStatus;
  using A = ApprovalAction;
  const std::vector<std::optional<S>> froms = {std::nullopt, S::kIssued, S::kSuspended, S::kRevoked,
                                               S::kExpired};
  const std::vector<A> actions = {A::kIssue,     A::kRenew,  A::kSuspend,
                                  A::kReinstate, A::kRevoke, A::kExpire};
  // Every allowed transition; everything else must be refused.
  const std::map<std::pair<std::optional<S>, A>, S> allowed = {
      {{std::nullopt, A::kIssue}, S::kIssued},      {{S::kIssued, A::kRenew}, S::kIssued},
      {{S::kExpired, A::kRenew}, S::kIssued},       {{S::kIssued, A::kSuspend}, S::kSuspended},
      {{S::kSuspended, A::kReinstate}, S::kIssued}, {{S::kIssued, A::kRevoke}, S::kRevoked},
      {{S::kSuspended, A::kRevoke}, S::kRevoked},   {{S::kExpired, A::kRevoke}, S::kRevoked},
      {{S::kIssued, A::kExpire}, S::kExpired},      {{S::kSuspended, A::kExpire}, S::kExpired},
  };
  int allowed_seen = 0;
  for (const auto& from : froms) {
    for (A action : actions) {
      Result<S> next = NextApprovalStatus(from, action);
      auto it = allowed.find({from, action});
      std::string what =
          std::string(from ? Code(*from) : "none") + " --" + std::string(Code(action)) + "-->";
      if (it != allowed.end()) {
        ++allowed_seen;
        ASSERT_TRUE(next.ok()) << what << ": " << next.status().ToString();
        EXPECT_EQ(*next, it->second) << what;
      } else {
        ASSERT_FALSE(next.ok()) << what << " should be refused";
        EXPECT_EQ(next.status().field(), "status") << what;
      }
    }
  }
  EXPECT_EQ(allowed_seen, static_cast<int>(allowed.size()));
}

TEST(ApprovalLifecycleTest, RevokedIsFinal) {
  for (ApprovalAction action : {ApprovalAction::kRenew, ApprovalAction::kReinstate,
                                ApprovalAction::kSuspend, ApprovalAction::kRevoke}) {
    Result<ApprovalStatus> next = NextApprovalStatus(ApprovalStatus::kRevoked, action);
    ASSERT_FALSE(next.ok());
    EXPECT_NE(next.status().message().find("tilbakekalt"), std::string::npos);
  }
}

TEST(ApprovalLifecycleTest, SuspendAndRevokeNeedAReason) {
  EXPECT_TRUE(ActionNeedsReason(ApprovalAction::kSuspend));
  EXPECT_TRUE(ActionNeedsReason(ApprovalAction::kRevoke));
  EXPECT_FALSE(ActionNeedsReason(ApprovalAction::kReinstate));
  EXPECT_FALSE(ActionNeedsReason(ApprovalAction::kRenew));

  Approval a = KjApproval();
  const Approval before = a;
  const ApprovalScheme& scheme = Scheme(a.scheme);
  ExpectInvalid(ApplyApprovalAction(a, ApprovalAction::kSuspend, "u-1", "  ", std::nullopt, scheme,
                                    kToday, 100),
                "reason", "begrunnelse");
  EXPECT_EQ(a, before);  // unchanged on error

  ASSERT_TRUE(ApplyApprovalAction(a, ApprovalAction::kSuspend, "u-1", "Feil i integrasjonen",
                                  std::nullopt, scheme, kToday, 100)
                  .ok());
  EXPECT_EQ(a.status, ApprovalStatus::kSuspended);
  EXPECT_EQ(a.status_reason, "Feil i integrasjonen");
  ASSERT_EQ(a.history.size(), 1u);
  EXPECT_EQ(a.history[0].action, ApprovalAction::kSuspend);
  EXPECT_EQ(a.history[0].actor_user, "u-1");
  EXPECT_EQ(a.history[0].at, 100);
  EXPECT_EQ(a.history[0].reason, "Feil i integrasjonen");

  // A suspended approval must be reinstated before renewal.
  EXPECT_FALSE(ApplyApprovalAction(a, ApprovalAction::kRenew, "u-1", "", D("2029-01-01"), scheme,
                                   kToday, 101)
                   .ok());
  ASSERT_TRUE(ApplyApprovalAction(a, ApprovalAction::kReinstate, "u-1", "Rettet", std::nullopt,
                                  scheme, kToday, 102)
                  .ok());
  EXPECT_EQ(a.status, ApprovalStatus::kIssued);
  EXPECT_TRUE(a.status_reason.empty());

  ExpectInvalid(
      ApplyApprovalAction(a, ApprovalAction::kRevoke, "u-1", "", std::nullopt, scheme, kToday, 103),
      "reason", "begrunnelse");
  ASSERT_TRUE(ApplyApprovalAction(a, ApprovalAction::kRevoke, "u-1", "Vilkår brutt", std::nullopt,
                                  scheme, kToday, 104)
                  .ok());
  EXPECT_EQ(a.status, ApprovalStatus::kRevoked);
  EXPECT_EQ(a.history.size(), 3u);
  EXPECT_FALSE(ApplyApprovalAction(a, ApprovalAction::kReinstate, "u-1", "", std::nullopt, scheme,
                                   kToday, 105)
                   .ok());
}

TEST(ApprovalLifecycleTest, RenewExtendsValidToWithinTheSchemesLimit) {
  Approval a = KjApproval();
  const ApprovalScheme& kj = Scheme(a.scheme);
  ExpectInvalid(
      ApplyApprovalAction(a, ApprovalAction::kRenew, "u-1", "", std::nullopt, kj, kToday, 1),
      "valid_to", "Oppgi");
  ExpectInvalid(
      ApplyApprovalAction(a, ApprovalAction::kRenew, "u-1", "", a.valid_to, kj, kToday, 1),
      "valid_to", "må være etter");
  ExpectInvalid(ApplyApprovalAction(a, ApprovalAction::kSuspend, "u-1", "Grunn", D("2030-01-01"),
                                    kj, kToday, 1),
                "valid_to", "fornyelse");
  ASSERT_TRUE(
      ApplyApprovalAction(a, ApprovalAction::kRenew, "u-1", "", D("2030-06-01"), kj, kToday, 2)
          .ok());
  EXPECT_EQ(a.valid_to, D("2030-06-01"));
  ASSERT_EQ(a.history.size(), 1u);
  EXPECT_EQ(a.history[0].valid_to, D("2030-06-01"));

  // CE under MDR: at most 60 months from the renewal date.
  Approval ce = KjApproval();
  ce.scheme = "ce-mdr";
  ce.valid_to = D("2027-01-01");
  const ApprovalScheme& mdr = Scheme("ce-mdr");
  ExpectInvalid(
      ApplyApprovalAction(ce, ApprovalAction::kRenew, "u-1", "", D("2031-11-24"), mdr, kToday, 3),
      "valid_to", "høyst 5 år");
  EXPECT_TRUE(
      ApplyApprovalAction(ce, ApprovalAction::kRenew, "u-1", "", D("2031-11-23"), mdr, kToday, 3)
          .ok());

  // A lapsed approval may be renewed; the new end must lie after today.
  Approval lapsed = KjApproval();
  lapsed.status = ApprovalStatus::kExpired;
  lapsed.valid_to = D("2026-10-01");
  ExpectInvalid(ApplyApprovalAction(lapsed, ApprovalAction::kRenew, "u-1", "", D("2026-11-01"), kj,
                                    kToday, 4),
                "valid_to", "må være etter");
  ASSERT_TRUE(
      ApplyApprovalAction(lapsed, ApprovalAction::kRenew, "u-1", "", D("2028-11-01"), kj, kToday, 4)
          .ok());
  EXPECT_EQ(lapsed.status, ApprovalStatus::kIssued);
}

TEST(ApprovalLifecycleTest, TransitionsStartFromTheEffectiveStatus) {
  // Past valid_to but the expiry not yet recorded: expired in effect, so it can be renewed or
  // revoked but not suspended.
  Approval a = KjApproval();  // issued, valid to 2028-06-01
  const ApprovalScheme& kj = Scheme(a.scheme);
  const Date after_end = D("2028-06-02");
  ExpectInvalid(ApplyApprovalAction(a, ApprovalAction::kSuspend, "u-1", "Avvik", std::nullopt, kj,
                                    after_end, 1),
                "status", "utløpt");
  EXPECT_EQ(a.status, ApprovalStatus::kIssued);
  EXPECT_TRUE(a.history.empty());
  Approval renewed = a;
  ASSERT_TRUE(ApplyApprovalAction(renewed, ApprovalAction::kRenew, "u-1", "", D("2029-06-01"), kj,
                                  after_end, 2)
                  .ok());
  EXPECT_EQ(renewed.status, ApprovalStatus::kIssued);
  // Recording the expiry starts from the stored status.
  ASSERT_TRUE(ApplyApprovalAction(a, ApprovalAction::kExpire, "", "Gyldighetstiden er ute",
                                  std::nullopt, kj, after_end, 3)
                  .ok());
  EXPECT_EQ(a.status, ApprovalStatus::kExpired);

  // A suspended approval past its end is not renewed straight back to issued.
  Approval suspended = KjApproval();
  suspended.status = ApprovalStatus::kSuspended;
  suspended.status_reason = "Avvik";
  ExpectInvalid(ApplyApprovalAction(suspended, ApprovalAction::kRenew, "u-1", "", D("2029-06-01"),
                                    kj, after_end, 4),
                "status", "suspendert");
  EXPECT_EQ(suspended.status, ApprovalStatus::kSuspended);
}

// ---- Effective status, expiry and warnings -------------------------------------------------

TEST(ApprovalExpiryTest, EffectiveStatusExpiresAtValidToEvenIfNotRecorded) {
  Approval a = KjApproval();  // valid to 2028-06-01 (exclusive)
  EXPECT_EQ(EffectiveStatus(a, D("2028-05-31")), ApprovalStatus::kIssued);
  EXPECT_TRUE(InForceOn(a, D("2028-05-31")));
  EXPECT_EQ(EffectiveStatus(a, D("2028-06-01")), ApprovalStatus::kExpired);
  EXPECT_FALSE(InForceOn(a, D("2028-06-01")));
  EXPECT_FALSE(InForceOn(a, D("2026-05-31")));  // before valid_from

  a.status = ApprovalStatus::kSuspended;
  EXPECT_EQ(EffectiveStatus(a, D("2027-01-01")), ApprovalStatus::kSuspended);
  EXPECT_FALSE(InForceOn(a, D("2027-01-01")));
  EXPECT_EQ(EffectiveStatus(a, D("2028-06-01")), ApprovalStatus::kExpired);
  a.status = ApprovalStatus::kRevoked;
  EXPECT_EQ(EffectiveStatus(a, D("2030-01-01")), ApprovalStatus::kRevoked);
}

TEST(ApprovalExpiryTest, ExpiringWithinListsApprovalsInForceByEndDate) {
  auto make = [](const std::string& id, int days_left, ApprovalStatus status) {
    Approval a = KjApproval();
    a.id = id;
    a.valid_to = kToday.AddDays(days_left);
    a.status = status;
    return a;
  };
  std::vector<Approval> all = {
      make("c", 100, ApprovalStatus::kIssued),  make("b", 40, ApprovalStatus::kIssued),
      make("a", 10, ApprovalStatus::kIssued),   make("revoked", 5, ApprovalStatus::kRevoked),
      make("gone", 0, ApprovalStatus::kIssued), make("susp", 3, ApprovalStatus::kSuspended)};
  auto ids = [](const std::vector<Approval>& list) {
    std::vector<std::string> out;
    for (const Approval& a : list) out.push_back(a.id);
    return out;
  };
  EXPECT_EQ(ids(ExpiringWithin(all, kToday, 30)), (std::vector<std::string>{"a"}));
  EXPECT_EQ(ids(ExpiringWithin(all, kToday, 90)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ids(ExpiringWithin(all, kToday, 100)), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(ExpiringWithin(all, kToday, 9).empty());
}

TEST(ApprovalExpiryTest, WarningsAreDueAt90And30And7Days) {
  Approval a = KjApproval();
  a.valid_to = kToday.AddDays(90);
  EXPECT_EQ(DueExpiryWarning(a, kToday, {}), 90);
  EXPECT_EQ(DueExpiryWarning(a, kToday, {90}), std::nullopt);
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(-1), {}), std::nullopt);    // 91 days left
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(59), {90}), std::nullopt);  // 31 days left
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(60), {90}), 30);
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(83), {90, 30}), 7);
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(84), {90, 30, 7}), std::nullopt);
  // Missed warnings are not sent late: with 5 days left only the 7-day warning is due.
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(85), {}), 7);
  // Nothing once expired, or while suspended.
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(90), {}), std::nullopt);
  a.status = ApprovalStatus::kSuspended;
  EXPECT_EQ(DueExpiryWarning(a, kToday.AddDays(85), {}), std::nullopt);
}

// ---- Who may issue -------------------------------------------------------------------------

struct Issuer {
  Actor actor;
  OrgAccount org;
};

Issuer MakeIssuer(const std::string& orgnr, OrganisationKind kind,
                  OrgStatus status = OrgStatus::kApproved, Role role = Role::kEditor) {
  Issuer i;
  i.org.id = "org-" + orgnr;
  i.org.orgnr = orgnr;
  i.org.kind = kind;
  i.org.status = status;
  i.actor.user_id = "user-" + orgnr;
  i.actor.org_id = i.org.id;
  i.actor.org_kind = kind;
  i.actor.org_status = status;
  i.actor.role = role;
  return i;
}

Status Can(const Issuer& i, const std::string& scheme) {
  return CanIssue(i.actor, i.org, Scheme(scheme), DefaultCatalog());
}

TEST(ApprovalPermissionTest, OnlyTheOwnerBodyMayIssue) {
  Issuer nhn = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody);
  EXPECT_TRUE(Can(nhn, "kjernejournal-api").ok());
  EXPECT_TRUE(Can(nhn, "nhn-tredjepart").ok());
  EXPECT_EQ(Can(nhn, "rapportering-kpr").code(), StatusCode::kForbidden);

  Issuer ks = MakeIssuer(kKsOrgnr, OrganisationKind::kApprovingBody);
  Status s = Can(ks, "kjernejournal-api");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("Norsk helsenett SF"), std::string::npos) << s.message();

  Issuer fhi = MakeIssuer(kFhiOrgnr, OrganisationKind::kApprovingBody);
  EXPECT_TRUE(Can(fhi, "rapportering-kpr").ok());
  EXPECT_EQ(Can(fhi, "kjernejournal-api").code(), StatusCode::kForbidden);

  // The authority does not issue in schemes it does not own.
  Issuer helsedir = MakeIssuer(kHelsedirOrgnr, OrganisationKind::kAuthority);
  EXPECT_EQ(Can(helsedir, "kjernejournal-api").code(), StatusCode::kForbidden);
}

TEST(ApprovalPermissionTest, SuppliersPendingOrgsAndViewersMayNotIssue) {
  // A supplier, even one claiming NHN's orgnr, is not an approving body.
  Issuer supplier = MakeIssuer(kNhnOrgnr, OrganisationKind::kSupplier);
  Status s = Can(supplier, "kjernejournal-api");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("godkjenningsorganer"), std::string::npos) << s.message();

  Issuer pending = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody, OrgStatus::kPending);
  s = Can(pending, "kjernejournal-api");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("ikke godkjent"), std::string::npos) << s.message();

  Issuer rejected = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody, OrgStatus::kRejected);
  EXPECT_EQ(Can(rejected, "kjernejournal-api").code(), StatusCode::kForbidden);

  Issuer viewer =
      MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody, OrgStatus::kApproved, Role::kViewer);
  s = Can(viewer, "kjernejournal-api");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("lesetilgang"), std::string::npos) << s.message();

  Issuer anonymous = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody);
  anonymous.actor = Actor{};
  EXPECT_EQ(Can(anonymous, "kjernejournal-api").code(), StatusCode::kUnauthenticated);

  Issuer other_org = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody);
  other_org.actor.org_id = "org-somewhere-else";
  EXPECT_EQ(Can(other_org, "kjernejournal-api").code(), StatusCode::kForbidden);

  Issuer token = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody);
  token.actor.api_token = true;
  token.actor.scopes = {"read"};
  EXPECT_EQ(Can(token, "kjernejournal-api").code(), StatusCode::kForbidden);
  token.actor.scopes = {"read", "write"};
  EXPECT_TRUE(Can(token, "kjernejournal-api").ok());
}

TEST(ApprovalPermissionTest, BodiesWithoutOrgnrIssueForWhatTheyActAs) {
  Issuer notified = MakeIssuer("", OrganisationKind::kApprovingBody);
  notified.org.id_kind = OrgIdKind::kNando;
  notified.org.identifier = "2797";
  EXPECT_EQ(Can(notified, "ce-mdr").code(), StatusCode::kForbidden);
  notified.org.acts_as = "meldt-organ";
  EXPECT_TRUE(Can(notified, "ce-mdr").ok());
  EXPECT_EQ(Can(notified, "iso27001-sertifikat").code(), StatusCode::kForbidden);
  EXPECT_TRUE(
      CanConfirmClaim(notified.actor, notified.org, CertificateKind::kCeMdr, DefaultCatalog())
          .ok());
  EXPECT_EQ(
      CanConfirmClaim(notified.actor, notified.org, CertificateKind::kIso27001, DefaultCatalog())
          .code(),
      StatusCode::kForbidden);

  Issuer certifier = notified;
  certifier.org.acts_as = "sertifiseringsorgan";
  EXPECT_EQ(Can(certifier, "ce-mdr").code(), StatusCode::kForbidden);
  EXPECT_TRUE(Can(certifier, "iso27001-sertifikat").ok());
}

// ---- Who may confirm certificate claims ----------------------------------------------------

Status Confirm(const Issuer& i, CertificateKind kind) {
  return CanConfirmClaim(i.actor, i.org, kind, DefaultCatalog());
}

TEST(ClaimPermissionTest, EachKindIsConfirmedByTheBodiesThatOwnIt) {
  Issuer ks = MakeIssuer(kKsOrgnr, OrganisationKind::kApprovingBody);
  Issuer nhn = MakeIssuer(kNhnOrgnr, OrganisationKind::kApprovingBody);
  Issuer helsedir = MakeIssuer(kHelsedirOrgnr, OrganisationKind::kAuthority);
  for (CertificateKind kind :
       {CertificateKind::kCeMdr, CertificateKind::kIso27001, CertificateKind::kEhdsConformity}) {
    Status s = Confirm(ks, kind);
    EXPECT_EQ(s.code(), StatusCode::kForbidden) << Code(kind);
    EXPECT_NE(s.message().find("Helsedirektoratet"), std::string::npos) << s.message();
    EXPECT_EQ(Confirm(nhn, kind).code(), StatusCode::kForbidden) << Code(kind);
    EXPECT_TRUE(Confirm(helsedir, kind).ok()) << Code(kind);
  }
  EXPECT_NE(Confirm(ks, CertificateKind::kCeMdr).message().find("Direktoratet for medisinske"),
            std::string::npos);
  // Any approved approving body or authority may confirm other certificates.
  EXPECT_TRUE(Confirm(ks, CertificateKind::kOther).ok());
  EXPECT_TRUE(Confirm(nhn, CertificateKind::kOther).ok());
  // The catalog organisations named exist.
  for (CertificateKind kind :
       {CertificateKind::kCeMdr, CertificateKind::kIso27001, CertificateKind::kEhdsConformity}) {
    for (const std::string& key : ClaimConfirmers(kind)) {
      EXPECT_TRUE(std::any_of(DefaultCatalog().organisations.begin(),
                              DefaultCatalog().organisations.end(),
                              [&](const Organisation& o) { return o.key == key; }))
          << key;
    }
  }
}

TEST(ClaimPermissionTest, SuppliersViewersAndPendingBodiesMayNotConfirm) {
  Issuer supplier = MakeIssuer(kHelsedirOrgnr, OrganisationKind::kSupplier);
  EXPECT_EQ(Confirm(supplier, CertificateKind::kOther).code(), StatusCode::kForbidden);
  Issuer viewer =
      MakeIssuer(kHelsedirOrgnr, OrganisationKind::kAuthority, OrgStatus::kApproved, Role::kViewer);
  EXPECT_EQ(Confirm(viewer, CertificateKind::kIso27001).code(), StatusCode::kForbidden);
  Issuer pending = MakeIssuer(kHelsedirOrgnr, OrganisationKind::kAuthority, OrgStatus::kPending);
  EXPECT_EQ(Confirm(pending, CertificateKind::kIso27001).code(), StatusCode::kForbidden);
  Issuer anonymous = MakeIssuer(kHelsedirOrgnr, OrganisationKind::kAuthority);
  anonymous.actor = Actor{};
  EXPECT_EQ(Confirm(anonymous, CertificateKind::kOther).code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace helsekrav::domain
