// ApprovalService: compliance labels («nøkkelhullsmerke»). A label is computed on every request
// from the current views (domain::ComputeLabel), never cached, so losing an approval loses the
// label at once. ReconcileLabels() records what changed in the transparency log: each
// (product version, profile) keeps a numbered chain of "label_record" entities holding the last
// recorded fingerprint; the next number is the record's unique key, so two processes noticing
// the same change record it once.
#include <algorithm>
#include <map>
#include <set>

#include "app/approvals.h"
#include "app/approvals_internal.h"
#include "core/uuid.h"
#include "domain/catalog_rules.h"

namespace helsekrav::app {
namespace {

using approvals_internal::kLabelRecordKind;
using formats::Json;

// What was last recorded for one (product version, profile).
struct LabelRecord {
  int number = 0;
  bool earned = false;
  std::string fingerprint;
};

std::string LabelSubject(const std::string& version_id, const std::string& profile) {
  return version_id + "/" + profile;
}

// The newest record of every label subject.
Result<std::map<std::string, LabelRecord>> LastRecords(store::Store& store, std::int64_t now) {
  auto entities = store.ListEntities(kLabelRecordKind, now);
  if (!entities.ok()) return entities.status();
  std::map<std::string, LabelRecord> out;
  for (const store::Entity& e : *entities) {
    Json doc = Json::parse(e.doc, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) continue;
    LabelRecord record{doc.value("number", 0), doc.value("earned", false),
                       doc.value("fingerprint", std::string())};
    LabelRecord& last = out[e.parent_id];
    if (record.number > last.number) last = record;
  }
  return out;
}

// The view plus a change being written (not yet committed), so the label statements it causes
// can commit with it.
struct Approvals {
  const ApprovalView& view;
  const ApprovalService::PendingChange& pending;
};

// The label input for a product version from the views.
domain::LabelInput MakeInput(const RegistryView& registry, const Approvals& approvals,
                             const domain::ProductVersion& version, const std::string& profile,
                             int profile_version) {
  domain::LabelInput input;
  input.profile = profile;
  input.profile_version = profile_version;
  input.product_version_id = version.id;
  const domain::Product* product = registry.FindProduct(version.product_id);
  input.supplier_org_id = product == nullptr ? "" : product->org_id;
  const domain::Approval* pending = approvals.pending.approval;
  for (const std::string& subject : {input.product_version_id, input.supplier_org_id}) {
    if (subject.empty()) continue;
    for (const domain::Approval* a : approvals.view.ApprovalsOf(subject)) {
      if (pending == nullptr || a->id != pending->id) input.approvals.push_back(*a);
    }
    if (pending != nullptr && pending->subject_id == subject) input.approvals.push_back(*pending);
  }
  const domain::CertificateClaim* claim = approvals.pending.claim;
  for (const domain::CertificateClaim* c : approvals.view.ClaimsOf(input.supplier_org_id)) {
    if ((claim == nullptr || c->id != claim->id) && c->id != approvals.pending.withdrawn_claim) {
      input.claims.push_back(*c);
    }
  }
  if (claim != nullptr && claim->org_id == input.supplier_org_id) input.claims.push_back(*claim);
  for (const domain::Declaration* d : registry.DeclarationsOf(version.id)) {
    input.declarations.push_back(*d);
  }
  return input;
}

Result<domain::ComplianceLabel> Compute(const RegistryView& registry, const Approvals& approvals,
                                        const Snapshot& catalog, const std::string& version_id,
                                        const std::string& profile,
                                        std::optional<int> profile_version, Date today) {
  const domain::ProductVersion* version = registry.FindVersion(version_id);
  if (version == nullptr) return Status::NotFound(internal::kVersionNotFound);
  const domain::Profile* p = catalog.FindProfile(profile);
  if (p == nullptr || p->versions.empty()) {
    return Status::NotFound("Fant ikke profilen «" + profile + "».");
  }
  int number = profile_version.value_or(domain::VersionAt(*p, today).version);
  return domain::ComputeLabel(MakeInput(registry, approvals, *version, profile, number),
                              catalog.catalog(), today);
}

// Profiles a product version has a published declaration, an approval or a confirmed
// certificate for, catalog order.
std::vector<std::string> CandidateProfiles(const RegistryView& registry, const Approvals& approvals,
                                           const Snapshot& catalog,
                                           const domain::ProductVersion& version, Date today) {
  std::set<std::string> declared, covered;
  for (const domain::Declaration* d : registry.DeclarationsOf(version.id)) {
    if (d->status == domain::DeclarationStatus::kPublished) declared.insert(d->profile);
  }
  domain::LabelInput input = MakeInput(registry, approvals, version, "", 0);
  for (const domain::Approval& a : input.approvals) {
    covered.insert(a.covered_requirements.begin(), a.covered_requirements.end());
  }
  for (const domain::CertificateClaim& c : input.claims) {
    const std::string scheme = domain::ClaimScheme(c.kind);
    if (c.self_reported() || scheme.empty()) continue;
    for (std::string& key : domain::SchemeRequirements(catalog.catalog(), scheme)) {
      covered.insert(std::move(key));
    }
  }
  std::vector<std::string> out;
  for (const domain::Profile& p : catalog.catalog().profiles) {
    if (p.versions.empty()) continue;
    bool wanted = declared.count(p.key) > 0;
    for (const domain::ProfileItem& item : domain::VersionAt(p, today).items) {
      wanted = wanted || covered.count(item.requirement) > 0;
    }
    if (wanted) out.push_back(p.key);
  }
  return out;
}

}  // namespace

Result<domain::ComplianceLabel> ApprovalService::Label(const std::string& product_version_id,
                                                       const std::string& profile,
                                                       std::optional<int> profile_version) const {
  const PendingChange none;
  return Compute(*registry_.view(), Approvals{*view(), none}, *catalog_.snapshot(),
                 product_version_id, profile, profile_version, clock_.Today());
}

std::vector<domain::ComplianceLabel> ApprovalService::LabelsOf(
    const std::string& product_version_id) const {
  auto registry = registry_.view();
  auto view_now = view();
  const PendingChange none;
  const Approvals approvals{*view_now, none};
  auto catalog = catalog_.snapshot();
  Date today = clock_.Today();
  std::vector<domain::ComplianceLabel> out;
  const domain::ProductVersion* version = registry->FindVersion(product_version_id);
  if (version == nullptr) return out;
  for (const std::string& profile :
       CandidateProfiles(*registry, approvals, *catalog, *version, today)) {
    auto label =
        Compute(*registry, approvals, *catalog, product_version_id, profile, std::nullopt, today);
    if (label.ok()) out.push_back(std::move(label).value());
  }
  return out;
}

Result<int> ApprovalService::ReconcileLabels() {
  HK_RETURN_IF_ERROR(RefreshIfChanged().status());
  HK_RETURN_IF_ERROR(registry_.RefreshIfChanged().status());
  std::vector<std::string> versions;
  auto registry = registry_.view();
  for (const domain::Product& p : registry->products()) {
    for (const domain::ProductVersion* v : registry->VersionsOf(p.id)) versions.push_back(v->id);
  }
  std::lock_guard lock(write_mu_);
  auto changes = LabelChangesLocked(versions, PendingChange{});
  if (!changes.ok()) return changes.status();
  int appended = 0;
  for (internal::WriteSet& writes : *changes) {
    Status applied = internal::Apply(store_, writes);
    if (applied.code() == StatusCode::kConflict) continue;  // another process recorded it
    HK_RETURN_IF_ERROR(applied);
    ++appended;
  }
  return appended;
}

Status ApprovalService::AddLabelChanges(const std::vector<std::string>& version_ids,
                                        const PendingChange& pending, internal::WriteSet& writes) {
  auto labels = LabelChangesLocked(version_ids, pending);
  if (!labels.ok()) return labels.status();
  for (internal::WriteSet& label : *labels) writes.Append(std::move(label));
  return Status::Ok();
}

Result<std::vector<internal::WriteSet>> ApprovalService::LabelChangesLocked(
    const std::vector<std::string>& version_ids, const PendingChange& pending) {
  auto registry = registry_.view();
  auto view_now = view();
  const Approvals approvals{*view_now, pending};
  auto catalog = catalog_.snapshot();
  Date today = clock_.Today();
  std::int64_t now = internal::Seconds(clock_);
  auto last = LastRecords(store_, now);
  if (!last.ok()) return last.status();

  std::vector<internal::WriteSet> out;
  for (const std::string& version_id : version_ids) {
    // Profiles with a label now, and those with a recorded one that may have to be withdrawn.
    const domain::ProductVersion* version = registry->FindVersion(version_id);
    std::vector<std::string> profiles;
    if (version != nullptr) {
      profiles = CandidateProfiles(*registry, approvals, *catalog, *version, today);
    }
    for (const auto& [subject, record] : *last) {
      auto slash = subject.find('/');
      if (slash == std::string::npos || subject.substr(0, slash) != version_id) continue;
      std::string profile = subject.substr(slash + 1);
      if (std::find(profiles.begin(), profiles.end(), profile) == profiles.end()) {
        profiles.push_back(profile);
      }
    }
    for (const std::string& profile : profiles) {
      std::string subject = LabelSubject(version_id, profile);
      auto label =
          Compute(*registry, approvals, *catalog, version_id, profile, std::nullopt, today);
      if (!label.ok() && label.status().code() != StatusCode::kNotFound) return label.status();
      bool earned = label.ok() && label->earned;
      std::string fingerprint = label.ok() ? domain::LabelFingerprint(*label) : "";
      const LabelRecord previous = last->count(subject) ? last->at(subject) : LabelRecord{};
      std::string type;
      if (earned && (!previous.earned || previous.fingerprint != fingerprint)) {
        type = "label.issued";
      } else if (!earned && previous.earned) {
        type = "label.withdrawn";
      } else {
        continue;
      }

      nlohmann::json payload;
      payload["type"] = type;
      payload["product_version_id"] = version_id;
      payload["profile"] = profile;
      if (label.ok()) payload["label"] = approvals_internal::Plain(formats::ToJson(*label));
      internal::WriteSet writes;
      HK_RETURN_IF_ERROR(approvals_internal::AddStatement(log_, payload, subject, now, writes));
      const int number = previous.number + 1;
      Json doc{{"number", number},
               {"earned", earned},
               {"fingerprint", fingerprint},
               {"product_version_id", version_id},
               {"profile", profile}};
      store::Entity entity = internal::MakeDocEntity(kLabelRecordKind, Uuid::Random().ToString(),
                                                     "", subject, doc, now, now);
      entity.unique_key = subject + "/" + std::to_string(number);
      writes.inserts.push_back(std::move(entity));
      const domain::Product* product =
          version == nullptr ? nullptr : registry->FindProduct(version->product_id);
      Json changes{{"profile", profile},
                   {"profile_version", label.ok() ? label->profile_version : 0},
                   {"product_version_id", version_id},
                   {"earned", earned}};
      if (label.ok()) changes["reasons"] = label->reasons;
      writes.Event(domain::Actor{}, now, product == nullptr ? "" : product->org_id, "label",
                   subject, type == "label.issued" ? "issued" : "withdrawn", changes);
      // Labels are computed, not read from a view: other processes need not reload.
      writes.bump_revision = false;
      out.push_back(std::move(writes));
    }
  }
  return out;
}

}  // namespace helsekrav::app
