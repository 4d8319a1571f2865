#include "domain/label.h"

#include <algorithm>
#include <tuple>

#include "domain/approval_rules.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"

namespace helsekrav::domain {

namespace {

std::string Quote(const std::string& s) { return "«" + s + "»"; }

constexpr Date kOpenEnded(1 << 30);  // later than any valid_to

template <typename T>
bool Contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool IsSubject(const Approval& a, const LabelInput& input) {
  if (a.subject_kind == ApprovalSubject::kProductVersion) {
    return a.subject_id == input.product_version_id;
  }
  return !input.supplier_org_id.empty() && a.subject_id == input.supplier_org_id;
}

// Why an approval of the subject that names `requirement` does not cover it, or "" when it does.
std::string ApprovalGap(const Approval& a, const RequirementVersion& version, Date today) {
  ApprovalStatus status = EffectiveStatus(a, today);
  if (status == ApprovalStatus::kRevoked) return "godkjenningen er tilbakekalt";
  if (status == ApprovalStatus::kSuspended) return "godkjenningen er suspendert";
  if (status == ApprovalStatus::kExpired) {
    return "godkjenningen utløp " + a.valid_to.ToNorwegian();
  }
  if (a.valid_from > today) return "godkjenningen gjelder først fra " + a.valid_from.ToNorwegian();
  if (!Contains(version.approval_schemes, a.scheme)) {
    return "kravet verifiseres ikke lenger av ordningen " + Quote(a.scheme);
  }
  if (a.valid_from < version.valid_from) {
    return "kravet er endret (versjon " + std::to_string(version.version) + " fra " +
           version.valid_from.ToNorwegian() + ") etter at godkjenningen ble gitt";
  }
  return "";
}

// Why a claim of the supplier for `version`'s scheme does not cover it, or "" when it does.
std::string ClaimGap(const CertificateClaim& c, const RequirementVersion& version, Date today) {
  if (c.self_reported()) return "sertifikatet " + Quote(c.reference) + " er ikke bekreftet ennå";
  if (c.valid_to && today >= *c.valid_to) {
    return "sertifikatet " + Quote(c.reference) + " utløp " + c.valid_to->ToNorwegian();
  }
  Date start = c.valid_from.value_or(Date(static_cast<int>(c.confirmed_at / 86400)));
  if (start > today) return "sertifikatet gjelder først fra " + start.ToNorwegian();
  if (start < version.valid_from) {
    return "kravet er endret (versjon " + std::to_string(version.version) + " fra " +
           version.valid_from.ToNorwegian() + ") etter at sertifikatet ble utstedt";
  }
  return "";
}

// Why a published declaration's answer does not cover `requirement`, or "" when it does.
std::string DeclarationGap(const Declaration& d, const DeclarationAnswer& answer,
                           const RequirementVersion& version) {
  if (answer.answer != Answer::kMeets) return "egenerklæringen svarer ikke «oppfyller»";
  if (Contains(d.needs_review, answer.requirement)) {
    return "egenerklæringen må vurderes på nytt fordi kravet er endret";
  }
  if (answer.requirement_version != version.version) {
    return "egenerklæringen gjelder versjon " + std::to_string(answer.requirement_version) +
           ", men versjon " + std::to_string(version.version) + " gjelder nå";
  }
  if (!SelfDeclarable(version)) {
    return "kravet kan ikke dokumenteres med egenerklæring, bare med godkjenning";
  }
  return "";
}

LabelItem CoverItem(const std::string& key, const RequirementVersion& version,
                    const LabelInput& input, const Catalog& catalog, Date today) {
  LabelItem item;
  item.requirement = key;
  item.requirement_version = version.version;

  // Third party first: the covering approval that lasts longest, then the smallest id.
  const Approval* best = nullptr;
  std::string gap;
  for (const Approval& a : input.approvals) {
    if (!IsSubject(a, input) || !Contains(a.covered_requirements, key)) continue;
    std::string why = ApprovalGap(a, version, today);
    if (!why.empty()) {
      if (gap.empty()) gap = why;
      continue;
    }
    if (best == nullptr || std::tie(a.valid_to, best->id) > std::tie(best->valid_to, a.id)) {
      best = &a;
    }
  }
  if (best != nullptr) {
    item.basis = LabelBasis::kThirdParty;
    item.basis_id = best->id;
    return item;
  }

  // A confirmed certificate the supplier holds: the one that lasts longest, then the smallest id.
  const CertificateClaim* certificate = nullptr;
  for (const CertificateClaim& c : input.claims) {
    std::string scheme = ClaimScheme(c.kind);
    if (input.supplier_org_id.empty() || c.org_id != input.supplier_org_id || scheme.empty() ||
        !Contains(version.approval_schemes, scheme) ||
        (!c.product_version_id.empty() && c.product_version_id != input.product_version_id)) {
      continue;
    }
    const ApprovalScheme* s = FindScheme(catalog, scheme);
    std::string why =
        s != nullptr && s->subject == ApprovalSubject::kProductVersion &&
                c.product_version_id.empty()
            ? "sertifikatet " + Quote(c.reference) + " er ikke knyttet til denne produktversjonen"
            : ClaimGap(c, version, today);
    if (!why.empty()) {
      if (gap.empty()) gap = why;
      continue;
    }
    auto end = [](const CertificateClaim& x) { return x.valid_to.value_or(kOpenEnded); };
    if (certificate == nullptr ||
        std::make_tuple(end(c), certificate->id) > std::make_tuple(end(*certificate), c.id)) {
      certificate = &c;
    }
  }
  if (certificate != nullptr) {
    item.basis = LabelBasis::kCertificate;
    item.basis_id = certificate->id;
    return item;
  }

  // Self-declaration: the published declaration of this product version, preferring the one
  // against this profile, then the most recently published.
  const Declaration* chosen = nullptr;
  for (const Declaration& d : input.declarations) {
    if (d.product_version_id != input.product_version_id ||
        d.status != DeclarationStatus::kPublished) {
      continue;
    }
    auto answer = std::find_if(d.answers.begin(), d.answers.end(),
                               [&](const DeclarationAnswer& a) { return a.requirement == key; });
    if (answer == d.answers.end()) continue;
    std::string why = DeclarationGap(d, *answer, version);
    if (!why.empty()) {
      if (gap.empty()) gap = why;
      continue;
    }
    auto rank = [&](const Declaration& x) {
      return std::make_tuple(x.profile == input.profile, x.published_at, x.id);
    };
    if (chosen == nullptr || rank(d) > rank(*chosen)) chosen = &d;
  }
  if (chosen != nullptr) {
    item.basis = LabelBasis::kSelfDeclared;
    item.basis_id = chosen->id;
    return item;
  }

  if (gap.empty()) {
    gap = SelfDeclarable(version)
              ? "verken gyldig godkjenning eller publisert egenerklæring dekker kravet"
              : "ingen gyldig godkjenning dekker kravet, og det kan ikke egenerklæres";
  }
  item.reason = gap;
  return item;
}

}  // namespace

std::string_view LabelBasisCode(LabelBasis basis) {
  switch (basis) {
    case LabelBasis::kThirdParty:
      return "third_party";
    case LabelBasis::kCertificate:
      return "certificate";
    case LabelBasis::kSelfDeclared:
      return "self_declared";
    case LabelBasis::kMissing:
      return "missing";
  }
  return "";
}

Result<ComplianceLabel> ComputeLabel(const LabelInput& input, const Catalog& catalog, Date today) {
  auto profile = std::find_if(catalog.profiles.begin(), catalog.profiles.end(),
                              [&](const Profile& p) { return p.key == input.profile; });
  const ProfileVersion* pv =
      profile == catalog.profiles.end() ? nullptr : FindVersion(*profile, input.profile_version);
  if (pv == nullptr) {
    return Status::NotFound("Kravprofilen " + Quote(input.profile) + " versjon " +
                            std::to_string(input.profile_version) + " finnes ikke");
  }

  ComplianceLabel label;
  label.profile = input.profile;
  label.profile_version = input.profile_version;
  label.product_version_id = input.product_version_id;
  label.computed_on = today;
  for (const ProfileItem& profile_item : pv->items) {
    auto requirement =
        std::find_if(catalog.requirements.begin(), catalog.requirements.end(),
                     [&](const Requirement& r) { return r.key == profile_item.requirement; });
    if (requirement == catalog.requirements.end() || requirement->versions.empty()) continue;
    const RequirementVersion& version = VersionAt(*requirement, today);
    if (StatusAt(version.valid_from, version.valid_to, today) != RequirementStatus::kActive) {
      continue;
    }
    if (ItemObligation(profile_item, version) != Obligation::kMandatory ||
        !BindsInNorway(version, today)) {
      continue;
    }
    LabelItem item = CoverItem(requirement->key, version, input, catalog, today);
    if (item.basis == LabelBasis::kMissing) {
      label.reasons.push_back("Kravet " + Quote(item.requirement) + " (" + version.title +
                              ") er ikke dekket: " + item.reason);
    }
    label.items.push_back(std::move(item));
  }
  label.earned = label.reasons.empty();
  return label;
}

std::string LabelFingerprint(const ComplianceLabel& label) {
  std::string out = "helsekrav-label/1|" + label.profile + "@" +
                    std::to_string(label.profile_version) + "|" + label.product_version_id + "|" +
                    (label.earned ? "earned" : "not-earned");
  for (const LabelItem& item : label.items) {
    out += "|" + item.requirement + "@" + std::to_string(item.requirement_version) + "=" +
           std::string(LabelBasisCode(item.basis)) + ":" + item.basis_id;
  }
  return out;
}

}  // namespace helsekrav::domain
