// ApprovalService: certificates a supplier already holds, registered as claims ("collect, don't
// duplicate"). The holder's supplier editors register and withdraw them; an approved approving
// body or authority that domain::ClaimConfirmers names for the kind confirms them. Until then
// they are self-reported.
#include <algorithm>

#include "app/approvals.h"
#include "app/approvals_internal.h"
#include "app/services.h"
#include "core/log.h"
#include "core/uuid.h"

namespace helsekrav::app {
namespace {

using approvals_internal::kClaimKind;
using domain::CertificateClaim;
using formats::Json;

constexpr char kClaimNotFound[] = "Fant ikke sertifikatet.";

Json ClaimSummary(const CertificateClaim& claim) {
  return Json{{"kind", std::string(Code(claim.kind))},
              {"reference", claim.reference},
              {"issuer_name", claim.issuer_name},
              {"product_version_id", claim.product_version_id}};
}

}  // namespace

Result<domain::CertificateClaim> ApprovalService::RegisterClaim(const domain::Actor& actor,
                                                                domain::CertificateClaim claim) {
  if (claim.org_id.empty()) claim.org_id = actor.org_id;
  HK_RETURN_IF_ERROR(domain::Authorize(actor, domain::Permission::kEditProducts, claim.org_id));
  HK_RETURN_IF_ERROR(domain::ValidateCertificateClaim(claim));
  if (!claim.product_version_id.empty()) {
    auto registry = registry_.view();
    const domain::ProductVersion* version = registry->FindVersion(claim.product_version_id);
    const domain::Product* product =
        version == nullptr ? nullptr : registry->FindProduct(version->product_id);
    if (product == nullptr || product->org_id != claim.org_id) {
      return Status::Invalid("product_version_id",
                             "Velg en versjon av et av organisasjonens egne produkter");
    }
  }
  HK_RETURN_IF_ERROR(
      internal::EvidenceFiles(store_, claim.org_id).Resolve(claim.evidence, "evidence"));
  std::lock_guard lock(write_mu_);
  std::int64_t now = internal::Seconds(clock_);
  claim.id = Uuid::Random().ToString();
  claim.confirmed_by_org.clear();
  claim.confirmed_at = 0;
  claim.created_at = now;
  internal::WriteSet writes;
  writes.inserts.push_back(internal::MakeDocEntity(kClaimKind, claim.id, claim.org_id,
                                                   claim.product_version_id, formats::ToJson(claim),
                                                   now, now));
  writes.Event(actor, now, claim.org_id, kClaimKind, claim.id, "registered", ClaimSummary(claim));
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  if (Status s = Load(); !s.ok()) LogWarn("approval view not reloaded", {{"error", s.ToString()}});
  return claim;
}

Result<domain::CertificateClaim> ApprovalService::ConfirmClaim(const domain::Actor& actor,
                                                               const std::string& claim_id) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  auto registry = registry_.view();  // keeps `org` alive
  const domain::OrgAccount* org = registry->FindOrg(actor.org_id);
  if (org == nullptr) {
    return Status::Forbidden("Du må være medlem av en organisasjon for å gjøre dette");
  }
  std::lock_guard lock(write_mu_);
  std::int64_t now = internal::Seconds(clock_);
  auto stored = internal::ReadStored<CertificateClaim>(store_, kClaimKind, claim_id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::NotFound(kClaimNotFound);
  CertificateClaim claim = (*stored)->value;
  HK_RETURN_IF_ERROR(
      domain::CanConfirmClaim(actor, *org, claim.kind, catalog_.snapshot()->catalog()));
  if (!claim.self_reported()) return claim;  // confirmed already; nothing to record
  claim.confirmed_by_org = actor.org_id;
  claim.confirmed_at = now;
  store::Entity entity = (*stored)->entity;
  entity.updated_at = internal::NextUpdatedAt(now, entity.updated_at);
  entity.doc = formats::ToJson(claim).dump();
  internal::WriteSet writes;
  writes.updates.emplace_back(std::move(entity), (*stored)->entity.revision);
  Json changes = ClaimSummary(claim);
  changes["confirmed_by_org"] = actor.org_id;
  writes.Event(actor, now, claim.org_id, kClaimKind, claim.id, "confirmed", changes);
  // A confirmed certificate may complete a label (domain/label.h).
  HK_RETURN_IF_ERROR(AddLabelChanges(AffectedVersions(claim.product_version_id, claim.org_id),
                                     PendingChange{.claim = &claim}, writes));
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  if (Status s = Load(); !s.ok()) LogWarn("approval view not reloaded", {{"error", s.ToString()}});
  return claim;
}

Status ApprovalService::WithdrawClaim(const domain::Actor& actor, const std::string& claim_id) {
  std::lock_guard lock(write_mu_);
  std::int64_t now = internal::Seconds(clock_);
  auto stored = internal::ReadOwned<CertificateClaim>(
      store_, actor, domain::Permission::kEditProducts, kClaimKind, claim_id, now, kClaimNotFound);
  if (!stored.ok()) return stored.status();
  internal::WriteSet writes;
  writes.deletes.emplace_back(kClaimKind, claim_id);
  writes.Event(actor, now, stored->value.org_id, kClaimKind, claim_id, "withdrawn",
               ClaimSummary(stored->value));
  // Withdrawing a confirmed certificate may take a label away.
  HK_RETURN_IF_ERROR(
      AddLabelChanges(AffectedVersions(stored->value.product_version_id, stored->value.org_id),
                      PendingChange{.withdrawn_claim = claim_id}, writes));
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  if (Status s = Load(); !s.ok()) LogWarn("approval view not reloaded", {{"error", s.ToString()}});
  return Status::Ok();
}

Result<std::pair<domain::EvidenceFile, std::string>> ReadEvidence(Services& services,
                                                                  const domain::Actor& actor,
                                                                  const std::string& file_id) {
  return services.approvals != nullptr ? services.approvals->ReadEvidence(actor, file_id)
                                       : services.registry.ReadEvidence(actor, file_id);
}

Result<std::pair<domain::EvidenceFile, std::string>> ApprovalService::ReadEvidence(
    const domain::Actor& actor, const std::string& file_id) {
  auto approvals = view();
  auto registry = registry_.view();
  auto cites = [&file_id](const std::vector<domain::Evidence>& evidence) {
    return std::any_of(evidence.begin(), evidence.end(), [&](const domain::Evidence& e) {
      return e.kind == domain::EvidenceKind::kFile && e.file_id == file_id;
    });
  };
  // Approvals are public whoever issued them; claims only while the holder is an approved
  // organisation (as the register shows them).
  auto cited = [&](const std::string& owner_org, const std::string& /*id*/) {
    for (const domain::Approval& a : approvals->approvals()) {
      if (a.issuer_org_id == owner_org && cites(a.evidence)) return true;
    }
    const domain::OrgAccount* holder = registry->FindOrg(owner_org);
    if (holder == nullptr || holder->status != domain::OrgStatus::kApproved) return false;
    for (const CertificateClaim& c : approvals->claims()) {
      if (c.org_id == owner_org && cites(c.evidence)) return true;
    }
    return false;
  };
  return registry_.ReadEvidence(actor, file_id, cited);
}

}  // namespace helsekrav::app
