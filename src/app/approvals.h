#pragma once
// Use cases of approvals («godkjenninger»), certificate claims and compliance labels.
//
// Writes: only the scheme's owning body may issue or change an approval (domain::CanIssue,
// checked here against the organisation stored in the register); every change is validated
// with domain/approval_rules.h, written with an audit event (entity_kind "approval", action
// "issued", "renewed", "suspended", "reinstated", "revoked", "expired") and a signed statement
// in the transparency log in one transaction, and then publishes a new ApprovalView.
// Certificate claims (entity_kind "certificate": "registered", "confirmed", "withdrawn") are
// registered by supplier editors of the holding organisation and confirmed by a body that may
// confirm that kind (domain::CanConfirmClaim); they stay «egenrapportert» until then.
//
// Labels are computed (domain/label.h) whenever asked, so a revoked or expired approval takes
// the label away at once. The change is recorded in the log, in the same transaction as the
// approval or certificate change that causes it, and by ReconcileLabels() for other causes
// (declarations, requirements, dates): a "label.issued" statement when a label is earned or
// what it rests on changes, "label.withdrawn" when it is lost (events: entity_kind "label",
// action "issued" / "withdrawn").
//
// Reads come from an immutable ApprovalView rebuilt when the registry revision changes.
// Thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/catalog_service.h"
#include "app/registry.h"
#include "app/transparency_log.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/approval.h"
#include "domain/approval_rules.h"
#include "domain/label.h"
#include "store/store.h"

namespace helsekrav::app {

namespace internal {
struct WriteSet;  // app/registry_internal.h
}  // namespace internal

// Every approval and certificate claim at one registry revision. Immutable; thread-safe.
class ApprovalView {
 public:
  ApprovalView(std::vector<domain::Approval> approvals,
               std::vector<domain::CertificateClaim> claims, std::int64_t revision);

  std::int64_t revision() const { return revision_; }
  // Newest first (valid_from, then created_at).
  const std::vector<domain::Approval>& approvals() const { return approvals_; }
  const std::vector<domain::CertificateClaim>& claims() const { return claims_; }
  const domain::Approval* FindApproval(const std::string& id) const;
  const domain::CertificateClaim* FindClaim(const std::string& id) const;
  // Approvals whose subject is this id (a product version or a supplier organisation).
  std::vector<const domain::Approval*> ApprovalsOf(const std::string& subject_id) const;
  // Claims held by an organisation (including those naming one of its product versions).
  std::vector<const domain::CertificateClaim*> ClaimsOf(const std::string& org_id) const;

 private:
  std::vector<domain::Approval> approvals_;
  std::vector<domain::CertificateClaim> claims_;
  std::int64_t revision_;
  std::unordered_map<std::string, const domain::Approval*> approval_by_id_;
  std::unordered_map<std::string, const domain::CertificateClaim*> claim_by_id_;
};

// The public register's filters (all optional; combined with AND).
struct ApprovalQuery {
  std::string scheme;  // scheme key
  std::string issuer;  // catalog organisation key of the issuing body (e.g. "nhn")
  std::optional<domain::ApprovalStatus> status;  // effective status on `today`
  std::string supplier;  // org id: approvals of the supplier or of its product versions
  std::string product;   // product id: approvals of its versions
  std::string category;  // category key (with sub-categories) of the subject's product
  std::optional<int> expiring_within_days;  // in force and valid_to within this many days
  Date today;
};
// Matching approvals, ordered by valid_to for an expiry filter, otherwise newest first.
std::vector<const domain::Approval*> FindApprovals(const ApprovalView& approvals,
                                                   const RegistryView& registry,
                                                   const Snapshot& catalog,
                                                   const ApprovalQuery& query);

// What a body sends to issue an approval. `covered_requirements` empty = every requirement
// the scheme verifies (domain::SchemeRequirements); `valid_to` empty = valid_from plus the
// scheme's validity_months (Invalid when the scheme has none).
struct ApprovalRequest {
  std::string scheme;
  std::string subject_id;  // product version id, or supplier org id for supplier schemes
  Date valid_from;
  std::optional<Date> valid_to;
  std::string conditions;
  std::vector<std::string> covered_requirements;
  std::vector<domain::Evidence> evidence;
  // A test report uploaded with the request, stored with the approval (evidence of the issuing
  // body); Invalid at "report" when the file is refused.
  std::optional<Upload> report;
};

class ApprovalService {
 public:
  // All references must outlive the service.
  ApprovalService(store::Store& store, const Clock& clock, CatalogService& catalog,
                  RegistryService& registry, TransparencyLog& log);

  Status Load();
  std::shared_ptr<const ApprovalView> view() const { return view_.load(); }
  // Reloads when the registry revision changed. True when a new view was published.
  Result<bool> RefreshIfChanged();

  // ---- Approvals (editors of the scheme's owning body) ----
  Result<domain::Approval> Issue(const domain::Actor& actor, const ApprovalRequest& request);
  // Renew (needs new_valid_to), suspend and revoke (need a reason), reinstate.
  Result<domain::Approval> Act(const domain::Actor& actor, const std::string& approval_id,
                               domain::ApprovalAction action, const std::string& reason,
                               std::optional<Date> new_valid_to);

  // ---- Certificate claims ----
  // Supplier editors of claim.org_id (empty = the actor's organisation).
  Result<domain::CertificateClaim> RegisterClaim(const domain::Actor& actor,
                                                 domain::CertificateClaim claim);
  // A body that may confirm the claim's kind (domain::CanConfirmClaim) marks it confirmed.
  Result<domain::CertificateClaim> ConfirmClaim(const domain::Actor& actor,
                                                const std::string& claim_id);
  // The holder removes its claim.
  Status WithdrawClaim(const domain::Actor& actor, const std::string& claim_id);

  // An evidence file as RegistryService::ReadEvidence reads it, and also when an approval or a
  // certificate claim cites it (they are public; the file must be the issuer's or the holder's).
  Result<std::pair<domain::EvidenceFile, std::string>> ReadEvidence(const domain::Actor& actor,
                                                                    const std::string& file_id);

  // ---- Labels ----
  // The label of a product version against a profile (its version in force today unless
  // given). NotFound for an unknown version or profile.
  Result<domain::ComplianceLabel> Label(const std::string& product_version_id,
                                        const std::string& profile,
                                        std::optional<int> profile_version = std::nullopt) const;
  // Labels of a product version for every profile it has a published declaration or an
  // approval for (earned or not), profile order of the catalog.
  std::vector<domain::ComplianceLabel> LabelsOf(const std::string& product_version_id) const;
  // Records label changes in the log (see the top of this file). Returns how many statements
  // were appended. Safe to run from several processes (a unique key per label fingerprint).
  Result<int> ReconcileLabels();

  // ---- Scheduled (inside serve) ----
  // Records the expiry of approvals whose valid_to has passed (actor: the system). Returns how
  // many expired.
  Result<int> ExpireDue();
  // Appends an "expiry_warning" event (entity_kind "approval", changes {"days", "valid_to"}) for
  // every due warning (domain::DueExpiryWarning, 90/30/7 days), once per approval, threshold
  // and valid_to, also across processes. Returns how many were sent.
  Result<int> SendExpiryWarnings();

  // A change being written whose label statements commit with it (used by the implementation).
  struct PendingChange {
    const domain::Approval* approval = nullptr;       // issued or changed
    const domain::CertificateClaim* claim = nullptr;  // confirmed
    std::string withdrawn_claim = "";                 // id of a claim being withdrawn
  };

 private:
  // Writes one lifecycle step of a stored approval (event, signed statement), reloads the view
  // and reconciles the labels it touches. write_mu_ held.
  // `extra` (e.g. an uploaded report) commits with it.
  Result<domain::Approval> CommitTransition(const domain::Actor& actor, const store::Entity& stored,
                                            const domain::Approval& before, domain::Approval after,
                                            domain::ApprovalAction action, std::int64_t now,
                                            internal::WriteSet extra);
  // What ReconcileLabels() would write for these product versions, one write set per label
  // statement, as if `pending` were committed. write_mu_ held.
  Result<std::vector<internal::WriteSet>> LabelChangesLocked(
      const std::vector<std::string>& version_ids, const PendingChange& pending);
  // The product versions whose labels a change can alter: `version_id` when given, otherwise
  // every version of the supplier `org_id`.
  std::vector<std::string> AffectedVersions(const std::string& version_id,
                                            const std::string& org_id) const;
  // Appends to `writes` the label statements `pending` causes for these versions. write_mu_
  // held.
  Status AddLabelChanges(const std::vector<std::string>& version_ids, const PendingChange& pending,
                         internal::WriteSet& writes);

  store::Store& store_;
  const Clock& clock_;
  CatalogService& catalog_;
  RegistryService& registry_;
  TransparencyLog& log_;
  std::mutex write_mu_;
  std::atomic<std::shared_ptr<const ApprovalView>> view_;
};

}  // namespace helsekrav::app
