// ApprovalService: the approval view and the public register's filters, issuing and the
// lifecycle of approvals, automatic expiry and expiry warnings. Certificate claims are in
// approvals_claims.cc, labels in approvals_labels.cc.
//
// Every change is written like the register's (registry_internal.h WriteSet): the approval
// entity, its audit event, its signed statement in the transparency log and the label
// statements it causes commit together;
// the statement is signed before the transaction so the database is never held while signing.
#include "app/approvals.h"

#include <algorithm>
#include <set>

#include "app/approvals_internal.h"
#include "core/log.h"
#include "core/uuid.h"

namespace helsekrav::app {
namespace approvals_internal {

std::string SupplierOf(const RegistryView& registry, const domain::Approval& approval) {
  if (approval.subject_kind == domain::ApprovalSubject::kSupplier) return approval.subject_id;
  const domain::ProductVersion* version = registry.FindVersion(approval.subject_id);
  if (version == nullptr) return "";
  const domain::Product* product = registry.FindProduct(version->product_id);
  return product == nullptr ? "" : product->org_id;
}

nlohmann::json Plain(const formats::Json& json) { return nlohmann::json::parse(json.dump()); }

Status AddStatement(TransparencyLog& log, nlohmann::json payload, const std::string& subject,
                    std::int64_t now, internal::WriteSet& writes) {
  payload["subject"] = subject;
  payload["issued_at"] = IsoTimestamp(now);
  auto statement = log.Sign(payload);
  if (!statement.ok()) return statement.status();
  auto leaf = trust::StatementLeaf(*statement);
  if (!leaf.ok()) return leaf.status();
  writes.log_entries.push_back({subject, std::move(leaf).value()});
  return Status::Ok();
}

}  // namespace approvals_internal

namespace {

using approvals_internal::kApprovalKind;
using approvals_internal::kClaimKind;
using approvals_internal::kExpiryWarningKind;
using approvals_internal::SupplierOf;
using domain::Approval;
using domain::ApprovalAction;
using domain::ApprovalStatus;
using formats::Json;

constexpr char kApprovalNotFound[] = "Fant ikke godkjenningen.";
constexpr char kExpiryReason[] = "Gyldighetstiden er ute";

std::string ActionVerb(ApprovalAction action) {
  switch (action) {
    case ApprovalAction::kIssue:
      return "issued";
    case ApprovalAction::kRenew:
      return "renewed";
    case ApprovalAction::kSuspend:
      return "suspended";
    case ApprovalAction::kReinstate:
      return "reinstated";
    case ApprovalAction::kRevoke:
      return "revoked";
    case ApprovalAction::kExpire:
      return "expired";
  }
  return "changed";
}

// The organisation account and its organisasjonsnummer, for statements ("" when unknown).
std::string OrgnrOf(const RegistryView& registry, const std::string& org_id) {
  const domain::OrgAccount* org = registry.FindOrg(org_id);
  return org == nullptr ? "" : org->orgnr;
}

// The subject must exist in the register: a product version of an approved supplier, or an
// approved supplier organisation for supplier schemes.
Status CheckSubject(const RegistryView& registry, const domain::ApprovalScheme& scheme,
                    const std::string& subject_id) {
  if (subject_id.empty()) {
    return Status::Invalid("subject_id", scheme.subject == domain::ApprovalSubject::kSupplier
                                             ? "Velg leverandøren godkjenningen gjelder"
                                             : "Velg produktversjonen godkjenningen gjelder");
  }
  std::string supplier_id = subject_id;
  if (scheme.subject == domain::ApprovalSubject::kProductVersion) {
    const domain::ProductVersion* version = registry.FindVersion(subject_id);
    const domain::Product* product =
        version == nullptr ? nullptr : registry.FindProduct(version->product_id);
    if (product == nullptr) {
      return Status::Invalid("subject_id", "Fant ingen produktversjon med id «" + subject_id +
                                               "»; ordningen gjelder produktversjoner");
    }
    supplier_id = product->org_id;
  }
  const domain::OrgAccount* supplier = registry.FindOrg(supplier_id);
  if (supplier == nullptr || supplier->kind != domain::OrganisationKind::kSupplier ||
      supplier->status != domain::OrgStatus::kApproved) {
    return Status::Invalid("subject_id",
                           scheme.subject == domain::ApprovalSubject::kSupplier
                               ? "Fant ingen godkjent leverandør med id «" + subject_id + "»"
                               : "Produktet tilhører ikke en godkjent leverandør");
  }
  return Status::Ok();
}

// The acting organisation as the register knows it, checked with domain::CanIssue.
Status CheckIssuer(const domain::Actor& actor, const RegistryView& registry,
                   const domain::ApprovalScheme& scheme, const domain::Catalog& catalog) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  const domain::OrgAccount* org = registry.FindOrg(actor.org_id);
  if (org == nullptr) {
    return Status::Forbidden("Du må være medlem av en organisasjon for å gjøre dette");
  }
  return domain::CanIssue(actor, *org, scheme, catalog);
}

Json TransitionChanges(const Approval& before, const Approval& after, const std::string& reason) {
  Json changes;
  changes["scheme"] = after.scheme;
  changes["subject_id"] = after.subject_id;
  changes["status"] = {
      {"from", before.history.empty() ? Json(nullptr) : Json(std::string(Code(before.status)))},
      {"to", std::string(Code(after.status))}};
  changes["reason"] = reason.empty() ? Json(nullptr) : Json(reason);
  changes["valid_to"] = after.valid_to.ToIso();
  return changes;
}

bool Matches(const std::set<std::string>& set, const std::string& value) {
  return set.count(value) > 0;
}

}  // namespace

// ---- ApprovalView --------------------------------------------------------------------------

ApprovalView::ApprovalView(std::vector<domain::Approval> approvals,
                           std::vector<domain::CertificateClaim> claims, std::int64_t revision)
    : approvals_(std::move(approvals)), claims_(std::move(claims)), revision_(revision) {
  std::sort(approvals_.begin(), approvals_.end(), [](const Approval& a, const Approval& b) {
    if (a.valid_from != b.valid_from) return a.valid_from > b.valid_from;
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.id > b.id;
  });
  std::sort(claims_.begin(), claims_.end(),
            [](const domain::CertificateClaim& a, const domain::CertificateClaim& b) {
              if (a.created_at != b.created_at) return a.created_at > b.created_at;
              return a.id > b.id;
            });
  for (const Approval& a : approvals_) approval_by_id_.emplace(a.id, &a);
  for (const domain::CertificateClaim& c : claims_) claim_by_id_.emplace(c.id, &c);
}

const domain::Approval* ApprovalView::FindApproval(const std::string& id) const {
  auto it = approval_by_id_.find(id);
  return it == approval_by_id_.end() ? nullptr : it->second;
}

const domain::CertificateClaim* ApprovalView::FindClaim(const std::string& id) const {
  auto it = claim_by_id_.find(id);
  return it == claim_by_id_.end() ? nullptr : it->second;
}

std::vector<const domain::Approval*> ApprovalView::ApprovalsOf(
    const std::string& subject_id) const {
  std::vector<const domain::Approval*> out;
  for (const Approval& a : approvals_) {
    if (a.subject_id == subject_id) out.push_back(&a);
  }
  return out;
}

std::vector<const domain::CertificateClaim*> ApprovalView::ClaimsOf(
    const std::string& org_id) const {
  std::vector<const domain::CertificateClaim*> out;
  for (const domain::CertificateClaim& c : claims_) {
    if (c.org_id == org_id) out.push_back(&c);
  }
  return out;
}

// ---- The public register -------------------------------------------------------------------

std::vector<const domain::Approval*> FindApprovals(const ApprovalView& approvals,
                                                   const RegistryView& registry,
                                                   const Snapshot& catalog,
                                                   const ApprovalQuery& query) {
  std::set<std::string> categories;
  if (!query.category.empty()) categories = catalog.tree().Subtree(query.category);
  // The products a subject stands for: its product, or every product of a supplier.
  auto products_of = [&](const Approval& a) {
    std::vector<const domain::Product*> out;
    if (a.subject_kind == domain::ApprovalSubject::kSupplier)
      return registry.ProductsOf(a.subject_id);
    const domain::ProductVersion* v = registry.FindVersion(a.subject_id);
    const domain::Product* p = v == nullptr ? nullptr : registry.FindProduct(v->product_id);
    if (p != nullptr) out.push_back(p);
    return out;
  };
  auto issuer_key = [&](const Approval& a) -> std::string {
    const domain::OrgAccount* org = registry.FindOrg(a.issuer_org_id);
    const domain::Organisation* o =
        org == nullptr ? nullptr : domain::CatalogOrganisationFor(*org, catalog.catalog());
    if (o != nullptr) return o->key;
    const domain::ApprovalScheme* scheme = catalog.FindScheme(a.scheme);
    return scheme == nullptr ? "" : scheme->owner;
  };

  std::vector<const domain::Approval*> out;
  for (const Approval& a : approvals.approvals()) {
    if (!query.scheme.empty() && a.scheme != query.scheme) continue;
    if (!query.issuer.empty() && issuer_key(a) != query.issuer) continue;
    if (query.status && domain::EffectiveStatus(a, query.today) != *query.status) continue;
    if (!query.supplier.empty() && SupplierOf(registry, a) != query.supplier) continue;
    if (query.expiring_within_days &&
        (!domain::InForceOn(a, query.today) ||
         a.valid_to > Date(query.today.days() + *query.expiring_within_days))) {
      continue;
    }
    if (!query.product.empty() || !query.category.empty()) {
      std::vector<const domain::Product*> products = products_of(a);
      bool product_ok =
          query.product.empty() ||
          (a.subject_kind == domain::ApprovalSubject::kProductVersion &&
           std::any_of(products.begin(), products.end(),
                       [&](const domain::Product* p) { return p->id == query.product; }));
      bool category_ok =
          query.category.empty() ||
          std::any_of(products.begin(), products.end(), [&](const domain::Product* p) {
            return std::any_of(p->categories.begin(), p->categories.end(),
                               [&](const std::string& c) { return Matches(categories, c); });
          });
      if (!product_ok || !category_ok) continue;
    }
    out.push_back(&a);
  }
  if (query.expiring_within_days) {
    std::stable_sort(out.begin(), out.end(), [](const Approval* a, const Approval* b) {
      if (a->valid_to != b->valid_to) return a->valid_to < b->valid_to;
      return a->id < b->id;
    });
  }
  return out;
}

// ---- Service: loading ----------------------------------------------------------------------

ApprovalService::ApprovalService(store::Store& store, const Clock& clock, CatalogService& catalog,
                                 RegistryService& registry, TransparencyLog& log)
    : store_(store), clock_(clock), catalog_(catalog), registry_(registry), log_(log) {}

Status ApprovalService::Load() {
  // The revision first: a change committed while we read is in this view or the next refresh.
  auto revision = store_.RegistryRevision();
  if (!revision.ok()) return revision.status();
  std::int64_t now = internal::Seconds(clock_);
  auto approvals = internal::ParseAll<domain::Approval>(store_, kApprovalKind, now);
  if (!approvals.ok()) return approvals.status();
  auto claims = internal::ParseAll<domain::CertificateClaim>(store_, kClaimKind, now);
  if (!claims.ok()) return claims.status();
  auto next = std::make_shared<const ApprovalView>(std::move(approvals).value(),
                                                   std::move(claims).value(), *revision);
  internal::PublishView(view_, next);
  return Status::Ok();
}

Result<bool> ApprovalService::RefreshIfChanged() {
  return internal::ReloadIfChanged(store_, view(), [this] { return Load(); });
}

std::vector<std::string> ApprovalService::AffectedVersions(const std::string& version_id,
                                                           const std::string& org_id) const {
  if (!version_id.empty()) return {version_id};
  auto registry = registry_.view();
  std::vector<std::string> out;
  for (const domain::Product* p : registry->ProductsOf(org_id)) {
    for (const domain::ProductVersion* v : registry->VersionsOf(p->id)) out.push_back(v->id);
  }
  return out;
}

// ---- Service: issuing and the lifecycle ----------------------------------------------------

Result<domain::Approval> ApprovalService::Issue(const domain::Actor& actor,
                                                const ApprovalRequest& request) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  auto snapshot = catalog_.snapshot();
  const domain::ApprovalScheme* scheme = snapshot->FindScheme(request.scheme);
  if (scheme == nullptr) {
    return Status::Invalid("scheme", "Ukjent godkjenningsordning «" + request.scheme + "»");
  }
  auto registry = registry_.view();
  HK_RETURN_IF_ERROR(CheckIssuer(actor, *registry, *scheme, snapshot->catalog()));
  HK_RETURN_IF_ERROR(CheckSubject(*registry, *scheme, request.subject_id));

  std::lock_guard lock(write_mu_);
  std::int64_t now = internal::Seconds(clock_);
  Approval approval;
  approval.id = Uuid::Random().ToString();
  approval.scheme = scheme->key;
  approval.issuer_org_id = actor.org_id;
  approval.subject_kind = scheme->subject;
  approval.subject_id = request.subject_id;
  approval.valid_from = request.valid_from;
  if (request.valid_to) {
    approval.valid_to = *request.valid_to;
  } else if (scheme->validity_months) {
    approval.valid_to = domain::AddMonths(request.valid_from, *scheme->validity_months);
  } else {
    return Status::Invalid("valid_to", "Oppgi til-dato; ordningen har ingen fast gyldighetstid");
  }
  approval.conditions = request.conditions;
  approval.covered_requirements = request.covered_requirements.empty()
                                      ? domain::SchemeRequirements(snapshot->catalog(), scheme->key)
                                      : request.covered_requirements;
  approval.evidence = request.evidence;
  // A test report or other file must be one the issuing body uploaded.
  HK_RETURN_IF_ERROR(
      internal::EvidenceFiles(store_, actor.org_id).Resolve(approval.evidence, "evidence"));
  internal::WriteSet upload;
  if (request.report) {
    auto file = internal::PrepareUpload(actor, *request.report, now, upload);
    if (!file.ok()) {
      if (file.status().code() != StatusCode::kInvalid) return file.status();
      return Status::Invalid("report", file.status().message());
    }
    approval.evidence.push_back(
        {domain::EvidenceKind::kFile, file->id, file->name, file->sha256, "", ""});
  }
  approval.status = ApprovalStatus::kIssued;
  domain::ApprovalTransition issued;
  issued.at = now;
  issued.actor_user = actor.user_id;
  issued.action = ApprovalAction::kIssue;
  issued.valid_to = approval.valid_to;
  approval.history.push_back(issued);
  approval.created_at = now;
  HK_RETURN_IF_ERROR(domain::ValidateApproval(approval, snapshot->catalog()));
  store::Entity entity =
      internal::MakeDocEntity(kApprovalKind, approval.id, actor.org_id, approval.subject_id,
                              formats::ToJson(approval), now, now);
  const Approval none;
  return CommitTransition(actor, entity, none, approval, ApprovalAction::kIssue, now,
                          std::move(upload));
}

Result<domain::Approval> ApprovalService::Act(const domain::Actor& actor,
                                              const std::string& approval_id,
                                              domain::ApprovalAction action,
                                              const std::string& reason,
                                              std::optional<Date> new_valid_to) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  if (action == ApprovalAction::kIssue || action == ApprovalAction::kExpire) {
    return Status::Invalid("action", "Velg fornye, suspendere, gjeninnsette eller tilbakekalle");
  }
  std::lock_guard lock(write_mu_);
  std::int64_t now = internal::Seconds(clock_);
  auto stored = internal::ReadStored<Approval>(store_, kApprovalKind, approval_id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::NotFound(kApprovalNotFound);
  const Approval& before = (*stored)->value;
  auto snapshot = catalog_.snapshot();
  const domain::ApprovalScheme* scheme = snapshot->FindScheme(before.scheme);
  if (scheme == nullptr) {
    return Status::Invalid("scheme", "Ordningen «" + before.scheme + "» finnes ikke lenger");
  }
  HK_RETURN_IF_ERROR(CheckIssuer(actor, *registry_.view(), *scheme, snapshot->catalog()));
  if (actor.org_id != before.issuer_org_id) {
    return Status::Forbidden("Bare organisasjonen som utstedte godkjenningen, kan endre den");
  }
  Approval after = before;
  HK_RETURN_IF_ERROR(domain::ApplyApprovalAction(after, action, actor.user_id, reason, new_valid_to,
                                                 *scheme, clock_.Today(), now));
  return CommitTransition(actor, (*stored)->entity, before, std::move(after), action, now, {});
}

Result<domain::Approval> ApprovalService::CommitTransition(
    const domain::Actor& actor, const store::Entity& stored, const domain::Approval& before,
    domain::Approval after, domain::ApprovalAction action, std::int64_t now,
    internal::WriteSet extra) {
  auto registry = registry_.view();
  const std::string reason = after.history.empty() ? "" : after.history.back().reason;
  const std::string verb = ActionVerb(action);

  nlohmann::json payload;
  payload["type"] = "approval." + verb;
  payload["approval"] = approvals_internal::Plain(formats::PublicJson(after));
  payload["scheme"] = after.scheme;
  payload["issuer_orgnr"] = OrgnrOf(*registry, after.issuer_org_id);
  payload["reason"] = reason;

  internal::WriteSet writes = std::move(extra);
  HK_RETURN_IF_ERROR(approvals_internal::AddStatement(log_, payload, after.id, now, writes));
  if (action == ApprovalAction::kIssue) {
    writes.inserts.push_back(stored);
  } else {
    store::Entity entity = stored;
    entity.updated_at = internal::NextUpdatedAt(now, stored.updated_at);
    entity.doc = formats::ToJson(after).dump();
    writes.updates.emplace_back(std::move(entity), stored.revision);
  }
  // The supplier sees (and is notified of) what happens to its approvals.
  std::string supplier = SupplierOf(*registry, after);
  writes.Event(actor, now, supplier.empty() ? after.issuer_org_id : supplier, kApprovalKind,
               after.id, verb, TransitionChanges(before, after, reason));
  // The labels the change earns or takes away are recorded with it.
  const bool supplier_subject = after.subject_kind == domain::ApprovalSubject::kSupplier;
  HK_RETURN_IF_ERROR(
      AddLabelChanges(AffectedVersions(supplier_subject ? "" : after.subject_id, after.subject_id),
                      PendingChange{.approval = &after}, writes));
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  if (Status s = Load(); !s.ok()) {
    LogWarn("approval view not reloaded after a write", {{"error", s.ToString()}});
  }
  return after;
}

// ---- Scheduled -----------------------------------------------------------------------------

Result<int> ApprovalService::ExpireDue() {
  HK_RETURN_IF_ERROR(RefreshIfChanged().status());
  Date today = clock_.Today();
  std::vector<std::string> due;
  for (const Approval& a : view()->approvals()) {
    bool open = a.status == ApprovalStatus::kIssued || a.status == ApprovalStatus::kSuspended;
    if (open && a.valid_to <= today) due.push_back(a.id);
  }
  static const domain::ApprovalScheme kUnknownScheme;  // expiry does not depend on the scheme
  const domain::Actor system;
  int expired = 0;
  std::lock_guard lock(write_mu_);
  for (const std::string& id : due) {
    std::int64_t now = internal::Seconds(clock_);
    auto stored = internal::ReadStored<Approval>(store_, kApprovalKind, id, now);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    const Approval& before = (*stored)->value;
    const domain::ApprovalScheme* scheme = catalog_.snapshot()->FindScheme(before.scheme);
    Approval after = before;
    // Another process may have recorded it already (then the action is not allowed).
    if (!domain::ApplyApprovalAction(after, ApprovalAction::kExpire, "", kExpiryReason,
                                     std::nullopt, scheme ? *scheme : kUnknownScheme, today, now)
             .ok()) {
      continue;
    }
    auto done = CommitTransition(system, (*stored)->entity, before, std::move(after),
                                 ApprovalAction::kExpire, now, {});
    if (done.ok()) {
      ++expired;
    } else if (done.status().code() != StatusCode::kConflict) {
      return done.status();
    }
  }
  return expired;
}

Result<int> ApprovalService::SendExpiryWarnings() {
  HK_RETURN_IF_ERROR(RefreshIfChanged().status());
  Date today = clock_.Today();
  auto registry = registry_.view();
  const domain::Actor system;
  int sent = 0;
  std::lock_guard lock(write_mu_);
  for (const Approval& a : view()->approvals()) {
    if (!domain::InForceOn(a, today)) continue;
    std::int64_t now = internal::Seconds(clock_);
    auto key = [&](int days) {
      return a.id + "/" + a.valid_to.ToIso() + "/" + std::to_string(days);
    };
    std::vector<int> already;
    for (int days : domain::kExpiryWarningDays) {
      auto found = store_.FindEntityByUniqueKey(kExpiryWarningKind, key(days), now);
      if (!found.ok()) return found.status();
      if (found->has_value()) already.push_back(days);
    }
    std::optional<int> days = domain::DueExpiryWarning(a, today, already);
    if (!days) continue;
    Json doc{{"approval_id", a.id}, {"valid_to", a.valid_to.ToIso()}, {"days", *days}};
    store::Entity record = internal::MakeDocEntity(kExpiryWarningKind, Uuid::Random().ToString(),
                                                   a.issuer_org_id, a.id, doc, now, now);
    record.unique_key = key(*days);
    internal::WriteSet writes;
    writes.inserts.push_back(std::move(record));
    std::string supplier = SupplierOf(*registry, a);
    writes.Event(system, now, supplier.empty() ? a.issuer_org_id : supplier, kApprovalKind, a.id,
                 "expiry_warning",
                 Json{{"days", *days}, {"valid_to", a.valid_to.ToIso()}, {"scheme", a.scheme}});
    // Nothing any view shows changes, so other processes need not reload.
    writes.bump_revision = false;
    Status applied = internal::Apply(store_, writes);
    if (applied.code() == StatusCode::kConflict) continue;  // another process sent it
    HK_RETURN_IF_ERROR(applied);
    ++sent;
  }
  return sent;
}

}  // namespace helsekrav::app
