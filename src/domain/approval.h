#pragma once
// The value types of approvals ("godkjenninger"): an approval issued under a catalog approval
// scheme by the scheme's owner body to a supplier or a product version, with its lifecycle
// history; and certificates a supplier already holds (CE under MDR, ISO/IEC 27001, an EHDS EU
// declaration of conformity), registered as evidence-backed claims that stay self-reported
// until a body confirms them. Plain values; no I/O. Rules are in approval_rules.h.
//
// Dates are calendar dates with an exclusive end (like the catalog's valid_to); times are Unix
// seconds (UTC). Ids are UUID strings.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/registry.h"
#include "domain/vocabulary.h"

namespace helsekrav::domain {

// The recorded status of an approval. `kExpired` is also what EffectiveStatus() reports for an
// issued or suspended approval whose valid_to has passed but whose expiry is not yet recorded.
enum class ApprovalStatus { kIssued, kSuspended, kRevoked, kExpired };

// What a body (or, for kExpire, the system) does to an approval. See NextApprovalStatus().
enum class ApprovalAction { kIssue, kRenew, kSuspend, kReinstate, kRevoke, kExpire };

// Kinds of certificates a supplier may already hold.
enum class CertificateKind { kCeMdr, kIso27001, kEhdsConformity, kOther };

// The vocabulary tables (codes and Norwegian labels) of the enums above, so that the generic
// Code(), Label(), Parse() and AllCodes() of vocabulary.h work on them. Defined in
// approval_rules.cc.
template <>
struct EnumTable<ApprovalStatus> {
  static const std::array<EnumEntry<ApprovalStatus>, 4> kEntries;
  static constexpr std::string_view kName = "ApprovalStatus";
};
template <>
struct EnumTable<ApprovalAction> {
  static const std::array<EnumEntry<ApprovalAction>, 6> kEntries;
  static constexpr std::string_view kName = "ApprovalAction";
};
template <>
struct EnumTable<CertificateKind> {
  static const std::array<EnumEntry<CertificateKind>, 4> kEntries;
  static constexpr std::string_view kName = "CertificateKind";
};

// One lifecycle step of an approval: who did what, when and why.
struct ApprovalTransition {
  Timestamp at = 0;
  std::string actor_user;  // empty for the system (automatic expiry)
  ApprovalAction action = ApprovalAction::kIssue;
  std::string reason;            // required for suspend and revoke
  std::optional<Date> valid_to;  // the new end date, for issue and renew
  friend bool operator==(const ApprovalTransition&, const ApprovalTransition&) = default;
};

struct Approval {
  std::string id;
  std::string scheme;         // approval scheme key (catalog)
  std::string issuer_org_id;  // OrgAccount id of the issuing body
  ApprovalSubject subject_kind = ApprovalSubject::kProductVersion;
  std::string subject_id;  // OrgAccount id (supplier) or ProductVersion id
  Date valid_from;
  Date valid_to;           // exclusive: the approval is expired on this date
  std::string conditions;  // Markdown; may be empty
  // Requirement keys the approval covers; every one must be verified by the scheme.
  // SchemeRequirements() gives the default (all of them).
  std::vector<std::string> covered_requirements;
  std::vector<Evidence> evidence;  // e.g. the test report
  ApprovalStatus status = ApprovalStatus::kIssued;
  std::string status_reason;                // why suspended or revoked
  std::vector<ApprovalTransition> history;  // oldest first; starts with kIssue
  Timestamp created_at = 0;
  friend bool operator==(const Approval&, const Approval&) = default;
};

// A certificate the supplier holds, registered as a claim ("collect, don't duplicate").
struct CertificateClaim {
  std::string id;
  std::string org_id;              // the supplier holding the certificate
  std::string product_version_id;  // empty when the certificate covers the organisation
  CertificateKind kind = CertificateKind::kOther;
  std::string reference;    // certificate or declaration number, e.g. "ISO/IEC 27001:2022 nr. 123"
  std::string issuer_name;  // notified body, certification body or the manufacturer
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;  // exclusive; empty when open-ended
  std::vector<Evidence> evidence;
  std::string confirmed_by_org;  // OrgAccount id of the body that confirmed it; empty until then
  Timestamp confirmed_at = 0;
  Timestamp created_at = 0;
  // Self-reported until a body confirms it; the web must say so.
  bool self_reported() const { return confirmed_by_org.empty(); }
  friend bool operator==(const CertificateClaim&, const CertificateClaim&) = default;
};

}  // namespace helsekrav::domain
