#include "domain/label.h"

#include <gtest/gtest.h>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <algorithm>
#include <map>

#include "domain/approval_rules.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;
using testing::DefaultCatalog;

const Date kToday = D("2026-11-23");
const char* kProfile = "epj-fastlege";  // version 1 in force 2025-10-01 – 2029-03-26
const char* kProductVersion = "pv-1";
const char* kSupplier = "org-supplier";

Requirement& Req(Catalog& c, const std::string& key) {
  for (auto& r : c.requirements) {
    if (r.key == key) return r;
  }
  throw std::logic_error("no requirement " + key);
}

// The default catalog with the Kjernejournal, SFM, FHI reporting and message requirements
// mandatory, as they were before the catalog was checked against its sources, so the label's
// mechanics are tested against approvals of several schemes and subjects. Not a statement about the
// content.
Catalog TestCatalog() {
  Catalog c = DefaultCatalog();
  for (Requirement& r : c.requirements) {
    if (r.key != "NHN-KJ-01" && r.key != "NHN-SFM-01" && r.key != "FHI-REG-01" &&
        r.key.rfind("NHN-MSG-", 0) != 0) {
      continue;
    }
    for (RequirementVersion& v : r.versions) {
      v.obligation = Obligation::kMandatory;
      v.legal_basis = "Testhjemmel";
    }
  }
  return c;
}

// Adds a new version of `key` starting on `from` (a copy of the current one).
void ChangeRequirement(Catalog& c, const std::string& key, Date from) {
  Requirement& r = Req(c, key);
  RequirementVersion next = r.versions.back();
  r.versions.back().valid_to = from;
  next.version = r.versions.back().version + 1;
  next.valid_from = from;
  next.valid_to.reset();
  next.change_note = "Skjerpet";
  r.versions.push_back(next);
}

// Inputs under which the supplier earns the label for `profile` v1 on kToday: a published
// declaration answering `meets` for every self-declarable mandatory requirement, and one
// approval per scheme for the rest (product version or supplier, as the scheme says).
LabelInput FullInput(const Catalog& c, const std::string& profile = kProfile) {
  LabelInput in;
  in.profile = profile;
  in.profile_version = 1;
  in.product_version_id = kProductVersion;
  in.supplier_org_id = kSupplier;

  Declaration d;
  d.id = "decl-1";
  d.org_id = kSupplier;
  d.product_version_id = kProductVersion;
  d.profile = profile;
  d.profile_version = 1;
  d.status = DeclarationStatus::kPublished;
  std::map<std::string, Approval> by_scheme;
  for (const Profile& p : c.profiles) {
    if (p.key != profile) continue;
    for (const ProfileItem& item : FindVersion(p, 1)->items) {
      const Requirement& r =
          *std::find_if(c.requirements.begin(), c.requirements.end(),
                        [&](const Requirement& x) { return x.key == item.requirement; });
      const RequirementVersion& v = VersionAt(r, kToday);
      if (ItemObligation(item, v) != Obligation::kMandatory) continue;
      if (SelfDeclarable(v)) {
        d.answers.push_back(
            {.requirement = r.key, .requirement_version = v.version, .answer = Answer::kMeets});
        continue;
      }
      if (v.approval_schemes.empty()) continue;  // no route; the label names it
      const std::string& scheme_key = v.approval_schemes.front();
      if (by_scheme.count(scheme_key) > 0) continue;
      const ApprovalScheme* scheme = FindScheme(c, scheme_key);
      Approval a;
      a.id = "appr-" + scheme_key;
      a.scheme = scheme_key;
      a.issuer_org_id = "org-body";
      a.subject_kind = scheme->subject;
      a.subject_id = scheme->subject == ApprovalSubject::kSupplier ? kSupplier : kProductVersion;
      a.valid_from = D("2026-06-01");
      a.valid_to = D("2028-06-01");
      a.covered_requirements = SchemeRequirements(c, scheme_key);
      by_scheme[scheme_key] = a;
    }
  }
  in.declarations.push_back(d);
  for (auto& [key, a] : by_scheme) in.approvals.push_back(a);
  return in;
}

const LabelItem& Item(const ComplianceLabel& label, const std::string& key) {
  for (const LabelItem& i : label.items) {
    if (i.requirement == key) return i;
  }
  throw std::logic_error("no label item " + key);
}

Approval& ApprovalOf(LabelInput& in, const std::string& scheme) {
  for (Approval& a : in.approvals) {
    if (a.scheme == scheme) return a;
  }
  throw std::logic_error("no approval for " + scheme);
}

bool ReasonsName(const ComplianceLabel& label, const std::string& key, const std::string& part) {
  return std::any_of(label.reasons.begin(), label.reasons.end(), [&](const std::string& r) {
    return r.find("«" + key + "»") != std::string::npos && r.find(part) != std::string::npos;
  });
}

ComplianceLabel Compute(const LabelInput& in, const Catalog& c, Date today = kToday) {
  Result<ComplianceLabel> label = ComputeLabel(in, c, today);
  if (!label.ok()) throw std::logic_error(label.status().ToString());
  return *label;
}

TEST(LabelTest, EarnedWhenDeclarationAndApprovalsCoverEveryMandatoryRequirement) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ComplianceLabel label = Compute(in, c);
  EXPECT_TRUE(label.earned);
  EXPECT_TRUE(label.reasons.empty()) << label.reasons.front();
  EXPECT_EQ(label.profile, kProfile);
  EXPECT_EQ(label.computed_on, kToday);

  // Third party for the NHN and FHI integrations, self-declaration for the rest.
  EXPECT_EQ(Item(label, "NHN-KJ-01").basis, LabelBasis::kThirdParty);
  EXPECT_EQ(Item(label, "NHN-KJ-01").basis_id, "appr-kjernejournal-api");
  EXPECT_EQ(Item(label, "NHN-TP-01").basis, LabelBasis::kThirdParty);  // supplier-level
  EXPECT_EQ(Item(label, "NHN-TP-01").basis_id, "appr-nhn-tredjepart");
  EXPECT_EQ(Item(label, "FHI-REG-01").basis, LabelBasis::kThirdParty);
  EXPECT_EQ(Item(label, "FORSKRIFT-01").basis, LabelBasis::kSelfDeclared);
  EXPECT_EQ(Item(label, "FORSKRIFT-01").basis_id, "decl-1");
  // NORMEN-01 is both declared and covered by the supplier's third-party approval: the
  // approval wins.
  EXPECT_EQ(Item(label, "NORMEN-01").basis, LabelBasis::kThirdParty);
  for (const LabelItem& item : label.items) {
    EXPECT_NE(item.basis, LabelBasis::kMissing) << item.requirement << ": " << item.reason;
  }
}

TEST(LabelTest, OnlyMandatoryRequirementsInForceAreListed) {
  Catalog c = TestCatalog();
  ComplianceLabel label = Compute(FullInput(c), c);
  for (const LabelItem& item : label.items) {
    const RequirementVersion& v = VersionAt(Req(c, item.requirement), kToday);
    EXPECT_EQ(v.version, item.requirement_version);
    EXPECT_EQ(StatusAt(v.valid_from, v.valid_to, kToday), RequirementStatus::kActive);
  }
  // NHN-KJ-02 is only recommended in this profile.
  EXPECT_TRUE(std::none_of(label.items.begin(), label.items.end(),
                           [](const LabelItem& i) { return i.requirement == "NHN-KJ-02"; }));
  EXPECT_FALSE(label.items.empty());
}

TEST(LabelTest, RevokingOneApprovalLosesTheLabelAtOnce) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ComplianceLabel before = Compute(in, c);
  ASSERT_TRUE(before.earned);

  Approval& kj = ApprovalOf(in, "kjernejournal-api");
  ASSERT_TRUE(ApplyApprovalAction(kj, ApprovalAction::kRevoke, "u-nhn", "Vilkår brutt",
                                  std::nullopt, *FindScheme(c, kj.scheme), kToday, 1)
                  .ok());
  ComplianceLabel after = Compute(in, c);
  EXPECT_FALSE(after.earned);
  EXPECT_EQ(Item(after, "NHN-KJ-01").basis, LabelBasis::kMissing);
  EXPECT_TRUE(ReasonsName(after, "NHN-KJ-01", "tilbakekalt"))
      << ::testing::PrintToString(after.reasons);
  ASSERT_EQ(after.reasons.size(), 1u);
  EXPECT_NE(LabelFingerprint(before), LabelFingerprint(after));
}

TEST(LabelTest, SuspendedApprovalDoesNotCover) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  Approval& sfm = ApprovalOf(in, "sfm");
  sfm.status = ApprovalStatus::kSuspended;
  sfm.status_reason = "Feil";
  ComplianceLabel label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_TRUE(ReasonsName(label, "NHN-SFM-01", "suspendert"));
}

TEST(LabelTest, ExpiredApprovalLosesTheLabelOnItsEndDate) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ApprovalOf(in, "meldingsutveksling").valid_to = D("2026-12-01");
  EXPECT_TRUE(Compute(in, c, D("2026-11-30")).earned);
  ComplianceLabel label = Compute(in, c, D("2026-12-01"));  // expiry not recorded
  EXPECT_FALSE(label.earned);
  for (const char* key : {"NHN-MSG-01", "NHN-MSG-02", "NHN-MSG-03", "NHN-MSG-04", "NHN-MSG-06"}) {
    EXPECT_EQ(Item(label, key).basis, LabelBasis::kMissing) << key;
    EXPECT_TRUE(ReasonsName(label, key, "utløp")) << key;
  }
}

TEST(LabelTest, SelfDeclarationDoesNotCoverARequirementThatNeedsApproval) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  std::erase_if(in.approvals, [](const Approval& a) { return a.scheme == "kjernejournal-api"; });
  in.declarations[0].answers.push_back(
      {.requirement = "NHN-KJ-01", .requirement_version = 1, .answer = Answer::kMeets});
  ComplianceLabel label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_EQ(Item(label, "NHN-KJ-01").basis, LabelBasis::kMissing);
  EXPECT_TRUE(ReasonsName(label, "NHN-KJ-01", "egenerklæring")) << label.reasons.at(0);
}

TEST(LabelTest, AnswerFlaggedForReviewDoesNotCover) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  in.declarations[0].needs_review.emplace_back("FORSKRIFT-01");
  ComplianceLabel label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_EQ(Item(label, "FORSKRIFT-01").basis, LabelBasis::kMissing);
  EXPECT_TRUE(ReasonsName(label, "FORSKRIFT-01", "vurderes på nytt"));
}

TEST(LabelTest, OnlyPublishedMeetsAnswersOfThisProductVersionCount) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  in.declarations[0].status = DeclarationStatus::kSubmitted;
  EXPECT_EQ(Item(Compute(in, c), "FORSKRIFT-01").basis, LabelBasis::kMissing);

  in = FullInput(c);
  in.declarations[0].product_version_id = "pv-other";
  EXPECT_EQ(Item(Compute(in, c), "FORSKRIFT-01").basis, LabelBasis::kMissing);

  in = FullInput(c);
  for (DeclarationAnswer& a : in.declarations[0].answers) {
    if (a.requirement == "FORSKRIFT-01") a.answer = Answer::kPartially;
  }
  ComplianceLabel label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_TRUE(ReasonsName(label, "FORSKRIFT-01", "oppfyller"));
}

TEST(LabelTest, ApprovalsOfOtherSubjectsDoNotCount) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ApprovalOf(in, "kjernejournal-api").subject_id = "pv-other";
  EXPECT_EQ(Item(Compute(in, c), "NHN-KJ-01").basis, LabelBasis::kMissing);

  in = FullInput(c);
  ApprovalOf(in, "nhn-tredjepart").subject_id = "org-other-supplier";
  EXPECT_EQ(Item(Compute(in, c), "NHN-TP-01").basis, LabelBasis::kMissing);
  // NORMEN-01 then falls back to the supplier's self-declaration.
  EXPECT_EQ(Item(Compute(in, c), "NORMEN-01").basis, LabelBasis::kSelfDeclared);
}

TEST(LabelTest, RequirementChangeLosesTheLabel) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ASSERT_TRUE(Compute(in, c).earned);

  // A new version of a self-declared requirement: the answer cites the old version.
  Catalog declared_changed = c;
  ChangeRequirement(declared_changed, "FORSKRIFT-01", D("2026-11-01"));
  ComplianceLabel label = Compute(in, declared_changed);
  EXPECT_FALSE(label.earned);
  EXPECT_EQ(Item(label, "FORSKRIFT-01").requirement_version, 2);
  EXPECT_TRUE(ReasonsName(label, "FORSKRIFT-01", "versjon 2"));

  // A new version of a requirement approved before it took effect.
  Catalog approved_changed = c;
  ChangeRequirement(approved_changed, "NHN-KJ-01", D("2026-11-01"));
  label = Compute(in, approved_changed);
  EXPECT_FALSE(label.earned);
  EXPECT_TRUE(ReasonsName(label, "NHN-KJ-01", "endret"));
  // Before the new version takes effect the label still holds.
  EXPECT_TRUE(Compute(in, approved_changed, D("2026-10-31")).earned);
}

// The version of `r` in force on kToday (versions are numbered 1..n).
RequirementVersion& InForce(Requirement& r) {
  return r.versions.at(static_cast<std::size_t>(VersionAt(r, kToday).version) - 1);
}

// The first mandatory requirement of kProfile v1 in force on kToday, made into one that only
// documentation review can verify and that no approval scheme covers.
std::string UnapprovableRequirement(Catalog& c) {
  for (const Profile& p : c.profiles) {
    if (p.key != kProfile) continue;
    for (const ProfileItem& item : FindVersion(p, 1)->items) {
      Requirement& r = Req(c, item.requirement);
      RequirementVersion& v = InForce(r);
      if (ItemObligation(item, v) != Obligation::kMandatory || v.eea) continue;
      v.verification_methods = {VerificationMethod::kDocumentationReview};
      v.approval_schemes.clear();
      return r.key;
    }
  }
  throw std::logic_error("no mandatory requirement in the profile");
}

TEST(LabelTest, ARequirementNoBodyApprovesRestsOnTheSuppliersDeclaration) {
  Catalog c = DefaultCatalog();
  std::string key = UnapprovableRequirement(c);
  ComplianceLabel label = Compute(FullInput(c), c);
  EXPECT_TRUE(label.earned) << (label.reasons.empty() ? "" : label.reasons.front());
  EXPECT_EQ(Item(label, key).basis, LabelBasis::kSelfDeclared);

  // Once an owning body's scheme verifies it, only that body's approval covers it.
  for (RequirementVersion& v : Req(c, key).versions) v.approval_schemes = {"nhn-tredjepart"};
  LabelInput in = FullInput(c);
  std::erase_if(in.approvals, [](const Approval& a) { return a.scheme == "nhn-tredjepart"; });
  label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_EQ(Item(label, key).basis, LabelBasis::kMissing);
  EXPECT_TRUE(ReasonsName(label, key, "kan ikke egenerklæres")) << label.reasons.front();
}

TEST(LabelTest, AnEuRuleCountsOnlyOnceItBindsNorway) {
  Catalog c = DefaultCatalog();
  std::string key = UnapprovableRequirement(c);
  LabelInput in = FullInput(c);
  for (DeclarationAnswer& a : in.declarations[0].answers) {
    if (a.requirement == key) a.answer = Answer::kDoesNotMeet;
  }
  ASSERT_FALSE(Compute(in, c).earned);

  // Awaiting EEA incorporation: not mandatory in Norway, so not part of the label at all.
  RequirementVersion& v = InForce(Req(c, key));
  v.eea = EeaIncorporation{.status = EeaStatus::kPending};
  ComplianceLabel label = Compute(in, c);
  EXPECT_TRUE(label.earned) << (label.reasons.empty() ? "" : label.reasons.front());
  EXPECT_TRUE(std::none_of(label.items.begin(), label.items.end(),
                           [&](const LabelItem& i) { return i.requirement == key; }));
  // Incorporated, in force in Norway later: still not counted; from that day it is.
  v.eea = EeaIncorporation{.status = EeaStatus::kIncorporated,
                           .in_force = kToday.AddDays(10),
                           .decision = "EØS-komiteens beslutning"};
  EXPECT_TRUE(Compute(in, c).earned);
  label = Compute(in, c, kToday.AddDays(10));
  EXPECT_FALSE(label.earned);
  EXPECT_EQ(Item(label, key).basis, LabelBasis::kMissing);
}

TEST(LabelTest, ConfirmedCertificateCoversWhatItsSchemeVerifies) {
  // Medisineringsstøtte needs CE marking under MDR (MDR-03, MDR-04: scheme ce-mdr).
  const Catalog& c = TestCatalog();
  LabelInput in = FullInput(c, "medisineringsstotte");
  std::erase_if(in.approvals, [](const Approval& a) { return a.scheme == "ce-mdr"; });
  ComplianceLabel label = Compute(in, c);
  ASSERT_FALSE(label.earned);
  EXPECT_EQ(Item(label, "MDR-03").basis, LabelBasis::kMissing);

  CertificateClaim ce{.id = "cert-ce",
                      .org_id = kSupplier,
                      .product_version_id = kProductVersion,
                      .kind = CertificateKind::kCeMdr,
                      .reference = "CE 0123-2026-17",
                      .issuer_name = "Meldt organ 0123",
                      .valid_from = D("2026-01-01"),
                      .valid_to = D("2030-01-01"),
                      .confirmed_by_org = "org-dmp",
                      .confirmed_at = 1767225600};
  in.claims.push_back(ce);
  label = Compute(in, c);
  EXPECT_TRUE(label.earned) << (label.reasons.empty() ? "" : label.reasons.front());
  EXPECT_EQ(Item(label, "MDR-03").basis, LabelBasis::kCertificate);
  EXPECT_EQ(Item(label, "MDR-03").basis_id, "cert-ce");
  EXPECT_EQ(LabelBasisCode(LabelBasis::kCertificate), "certificate");

  // Until a body confirms it, it is only the supplier's word.
  in.claims[0].confirmed_by_org.clear();
  label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_TRUE(ReasonsName(label, "MDR-03", "ikke bekreftet")) << label.reasons.front();
  in.claims[0] = ce;
  // Lost on its end date (the approvals still hold then).
  in.claims[0].valid_to = D("2027-06-01");
  EXPECT_TRUE(Compute(in, c, D("2027-05-31")).earned);
  label = Compute(in, c, D("2027-06-01"));
  EXPECT_EQ(Item(label, "MDR-03").basis, LabelBasis::kMissing);
  EXPECT_TRUE(ReasonsName(label, "MDR-03", "utløp")) << label.reasons.front();
  in.claims[0] = ce;
  // CE marking is per product version: a certificate for the whole organisation, another
  // version's, another holder's or another kind do not count.
  in.claims[0].product_version_id.clear();
  label = Compute(in, c);
  EXPECT_FALSE(label.earned);
  EXPECT_TRUE(ReasonsName(label, "MDR-03", "ikke knyttet til denne produktversjonen"));
  in.claims[0].product_version_id = "pv-annen";
  EXPECT_FALSE(Compute(in, c).earned);
  in.claims[0] = ce;
  in.claims[0].org_id = "org-annen";
  EXPECT_FALSE(Compute(in, c).earned);
  in.claims[0] = ce;
  in.claims[0].kind = CertificateKind::kIso27001;
  EXPECT_FALSE(Compute(in, c).earned);
  // An approval under the scheme is preferred.
  in = FullInput(c, "medisineringsstotte");
  in.claims.push_back(ce);
  EXPECT_EQ(Item(Compute(in, c), "MDR-03").basis, LabelBasis::kThirdParty);
}

TEST(LabelTest, FingerprintIsStableAndIgnoresTheDay) {
  Catalog c = TestCatalog();
  LabelInput in = FullInput(c);
  ComplianceLabel a = Compute(in, c, kToday);
  ComplianceLabel b = Compute(in, c, kToday.AddDays(1));
  EXPECT_EQ(LabelFingerprint(a), LabelFingerprint(b));
  std::reverse(in.approvals.begin(), in.approvals.end());
  EXPECT_EQ(LabelFingerprint(Compute(in, c)), LabelFingerprint(a));
  EXPECT_NE(LabelFingerprint(a).find("NHN-KJ-01@1=third_party:appr-kjernejournal-api"),
            std::string::npos)
      << LabelFingerprint(a);

  LabelInput other = FullInput(c);
  other.product_version_id = "pv-2";
  for (Approval& ap : other.approvals) {
    if (ap.subject_kind == ApprovalSubject::kProductVersion) ap.subject_id = "pv-2";
  }
  other.declarations[0].product_version_id = "pv-2";
  ComplianceLabel o = Compute(other, c);
  EXPECT_TRUE(o.earned);
  EXPECT_NE(LabelFingerprint(o), LabelFingerprint(a));
}

TEST(LabelTest, UnknownProfileVersionIsNotFound) {
  LabelInput in = FullInput(TestCatalog());
  in.profile_version = 99;
  EXPECT_EQ(ComputeLabel(in, TestCatalog(), kToday).status().code(), StatusCode::kNotFound);
  in.profile = "no-such-profile";
  in.profile_version = 1;
  EXPECT_EQ(ComputeLabel(in, TestCatalog(), kToday).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace helsekrav::domain
