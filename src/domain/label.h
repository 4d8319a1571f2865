#pragma once
// The compliance label («nøkkelhullsmerke») of a product version against a profile version,
// computed from the current catalog, the approvals and the published declarations. Nothing is
// stored: recomputing on a later `today` or with a changed catalog loses the label as soon as
// an approval expires or is revoked or a requirement changes. Pure functions; thread-safe.
//
// A mandatory requirement of the profile version (ItemObligation, at the requirement version in
// force on `today`) is covered
//  - by third party: an approval in force on `today` (InForceOn) whose subject is the product
//    version or its supplier, that lists the requirement among its covered requirements, whose
//    scheme the requirement's version in force still lists, and that was valid from no earlier
//    than that version (an approval given before the requirement changed does not cover the
//    new version); or
//  - by a certificate: a certificate claim of the supplier confirmed by a body, valid on `today`
//    (valid_from ≤ today < valid_to, either open), whose scheme (ClaimScheme) the requirement's
//    version in force lists, for this product version (or for the whole organisation when the
//    scheme approves suppliers), valid from (or, without a start, confirmed) no earlier than
//    that version; or
//  - by self-declaration: a published declaration of the product version answering `meets`
//    against the requirement version in force, not flagged needs_review for it, where that
//    requirement version is SelfDeclarable (it allows self-declaration, or no approval scheme
//    verifies it, so the supplier's own declaration is all there is: «egenerklært»).
// An approval is preferred over a certificate, and both over self-declaration. Requirements not yet
// in force or no longer in force on `today`, and EU rules not yet binding in Norway on `today`
// (BindsInNorway), are not required and are left out.

#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/approval.h"
#include "domain/catalog.h"
#include "domain/registry.h"

namespace helsekrav::domain {

// kThirdParty: an approval; kCertificate: a confirmed certificate claim (also third party).
enum class LabelBasis { kThirdParty, kCertificate, kSelfDeclared, kMissing };

struct LabelItem {
  std::string requirement;      // requirement key
  int requirement_version = 0;  // the version in force on the day of computation
  LabelBasis basis = LabelBasis::kMissing;
  std::string basis_id;  // approval, certificate claim or declaration id; empty when missing
  std::string reason;    // Norwegian; why it is not covered (kMissing only)
  friend bool operator==(const LabelItem&, const LabelItem&) = default;
};

struct ComplianceLabel {
  std::string profile;
  int profile_version = 0;
  std::string product_version_id;
  Date computed_on;
  bool earned = false;
  std::vector<LabelItem> items;  // mandatory requirements in force, in profile order
  // One Norwegian sentence per uncovered requirement, naming it; empty when earned.
  std::vector<std::string> reasons;
  friend bool operator==(const ComplianceLabel&, const ComplianceLabel&) = default;
};

// What the label is computed from. `approvals` and `declarations` may contain records of other
// subjects; those are ignored.
struct LabelInput {
  std::string profile;
  int profile_version = 0;
  std::string product_version_id;
  std::string supplier_org_id;  // owner of the product; supplier-level approvals count
  std::vector<Approval> approvals;
  std::vector<CertificateClaim> claims;
  std::vector<Declaration> declarations;
};

// The label on `today`. NotFound when the profile version does not exist in `catalog`.
Result<ComplianceLabel> ComputeLabel(const LabelInput& input, const Catalog& catalog, Date today);

// A stable string of everything the label rests on (profile version, product version, per
// requirement its version, basis and basis id, and whether it is earned) but not the day of
// computation: two computations give the same fingerprint exactly when the label would read the
// same, so a change is detectable by comparing fingerprints.
std::string LabelFingerprint(const ComplianceLabel& label);

// Code of a basis: "third_party", "certificate", "self_declared", "missing".
std::string_view LabelBasisCode(LabelBasis basis);

}  // namespace helsekrav::domain
