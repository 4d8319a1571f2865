#pragma once
// Rules of approvals and certificate claims: what a valid approval is, its lifecycle, who may
// issue and change it, when it is in force and when expiry warnings are due. Pure functions;
// thread-safe.
//
// Validation returns Status::Invalid with `field` naming the offending field (e.g.
// "covered_requirements[2]") and a Norwegian message a user can act on.
//
// Lifecycle (NextApprovalStatus):
//   (none)    --issue-->     issued
//   issued    --renew-->     issued     (new valid_to, later than the old one)
//   expired   --renew-->     issued     (a lapsed approval may be renewed: bodies renew on their
//                                        own schedule, and the approval keeps its id and history)
//   issued    --suspend-->   suspended  (reason required)
//   suspended --reinstate--> issued
//   issued, suspended, expired --revoke--> revoked (reason required; revoked is final)
//   issued, suspended --expire--> expired (the system, at valid_to)
// A suspended approval must be reinstated before it can be renewed.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/approval.h"
#include "domain/catalog.h"
#include "domain/registry.h"
#include "domain/registry_rules.h"

namespace helsekrav::domain {

// Days before valid_to at which the holder is warned, most distant first.
inline constexpr std::array<int, 3> kExpiryWarningDays = {90, 30, 7};

// ---- Catalog look-ups ----------------------------------------------------------------------

// nullptr when the catalog has no such scheme.
const ApprovalScheme* FindScheme(const Catalog& catalog, const std::string& key);
// Keys of the requirements that some version of lists `scheme_key` among its approval schemes,
// sorted. This is what an approval covers by default.
std::vector<std::string> SchemeRequirements(const Catalog& catalog, const std::string& scheme_key);
// The catalog organisation an account stands for: the one the authority approved it to act as
// (`acts_as`) when set, else the one with the same (non-empty) organisasjonsnummer. nullptr when
// none matches.
const Organisation* CatalogOrganisationFor(const OrgAccount& org, const Catalog& catalog);
// `date` plus `months` calendar months, the day clamped to the end of a shorter month.
Date AddMonths(Date date, int months);

// ---- Validation ----------------------------------------------------------------------------

// The scheme exists; the subject kind is the scheme's and a subject id is given; valid_to is
// after valid_from and, when the scheme sets validity_months, no later than valid_from plus
// that many months; covered requirements exist, are verified by the scheme and do not repeat;
// conditions and evidence are well-formed; a suspended or revoked approval has a reason.
Status ValidateApproval(const Approval& approval, const Catalog& catalog);

// Reference and issuer name present; at least one piece of evidence, well-formed;
// valid_to after valid_from when both are given.
Status ValidateCertificateClaim(const CertificateClaim& claim);

// ---- Lifecycle -----------------------------------------------------------------------------

// The status after `action` from `from` (nullopt: not yet issued), or Invalid("status", "…")
// when the table at the top of this file does not allow it.
Result<ApprovalStatus> NextApprovalStatus(std::optional<ApprovalStatus> from,
                                          ApprovalAction action);
// Suspend and revoke must say why.
bool ActionNeedsReason(ApprovalAction action);

// Applies `action` to `approval` (already issued) on behalf of `actor_user` at `at`: checks the
// transition from the effective status on `today` (the stored one for kExpire, and for renewing a
// suspended approval, which must be reinstated first) and the reason, sets
// status and status_reason and appends to history. Renew needs `new_valid_to` later than the
// current valid_to and, when the scheme sets validity_months, no later than `today` plus that many
// months; it may not be given for other actions. Invalid on any violation; `approval` is not
// changed then.
Status ApplyApprovalAction(Approval& approval, ApprovalAction action, const std::string& actor_user,
                           const std::string& reason, std::optional<Date> new_valid_to,
                           const ApprovalScheme& scheme, Date today, Timestamp at);

// The status on `today`: kExpired for an issued or suspended approval when today ≥ valid_to,
// even if the expiry is not yet recorded; otherwise the recorded status.
ApprovalStatus EffectiveStatus(const Approval& approval, Date today);
// True when the approval is in force on `today`: effective status issued and valid_from ≤ today.
bool InForceOn(const Approval& approval, Date today);

// Approvals in force on `today` whose valid_to is within `days` days (today < valid_to ≤
// today + days), ordered by valid_to, then id.
std::vector<Approval> ExpiringWithin(const std::vector<Approval>& approvals, Date today, int days);

// The expiry warning (one of kExpiryWarningDays) due for `approval` on `today`, if any: the
// smallest threshold that the remaining days have reached, unless it is in `already_sent`.
// A warning missed while the service was down is therefore not sent late once a nearer one is
// due. Only approvals in force are warned about.
std::optional<int> DueExpiryWarning(const Approval& approval, Date today,
                                    const std::vector<int>& already_sent);

// ---- Permissions ---------------------------------------------------------------------------

// Ok when `actor`, acting for `org` (the actor's organisation, org.id == actor.org_id), may
// issue, renew, suspend, reinstate or revoke approvals under `scheme`: the organisation is an
// approved approving body or authority whose catalog organisation (CatalogOrganisationFor) is
// the scheme's owner, and the actor is an editor or admin (API tokens need the "write" scope).
// Unauthenticated for anonymous actors; Forbidden with a Norwegian reason otherwise.
Status CanIssue(const Actor& actor, const OrgAccount& org, const ApprovalScheme& scheme,
                const Catalog& catalog);

// The catalog organisation that runs the scheme («ordningen»); it may confirm every kind of
// certificate claim.
inline constexpr std::string_view kSchemeAuthority = "helsedirektoratet";
// The catalog organisations (keys) that may confirm a certificate claim of `kind`: the scheme
// authority and the bodies that issue or supervise such certificates (CE under MDR: DMP and
// notified bodies; ISO/IEC 27001: accredited certification bodies). An EU declaration of
// conformity under EHDS is the manufacturer's own and no Norwegian body has been designated to
// supervise it, so only the scheme authority confirms it. Empty for kOther: any approved
// approving body or authority.
std::vector<std::string> ClaimConfirmers(CertificateKind kind);
// The approval scheme (catalog key) a certificate of `kind` is the outcome of: "ce-mdr",
// "iso27001-sertifikat", "ehds-eu-samsvar"; "" for kOther. A confirmed claim in force covers the
// requirements that scheme verifies, like an approval (domain/label.h).
std::string ClaimScheme(CertificateKind kind);
// Ok when `actor`, acting for `org`, may confirm a claim of `kind`: an editor of an approved
// approving body or authority that is one of ClaimConfirmers(kind) (when not empty).
Status CanConfirmClaim(const Actor& actor, const OrgAccount& org, CertificateKind kind,
                       const Catalog& catalog);

}  // namespace helsekrav::domain
