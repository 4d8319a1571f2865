#include "domain/approval_rules.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace helsekrav::domain {

const std::array<EnumEntry<ApprovalStatus>, 4> EnumTable<ApprovalStatus>::kEntries = {{
    {ApprovalStatus::kIssued, "issued", "Gyldig"},
    {ApprovalStatus::kSuspended, "suspended", "Suspendert"},
    {ApprovalStatus::kRevoked, "revoked", "Tilbakekalt"},
    {ApprovalStatus::kExpired, "expired", "Utløpt"},
}};

const std::array<EnumEntry<ApprovalAction>, 6> EnumTable<ApprovalAction>::kEntries = {{
    {ApprovalAction::kIssue, "issue", "Utstedt"},
    {ApprovalAction::kRenew, "renew", "Fornyet"},
    {ApprovalAction::kSuspend, "suspend", "Suspendert"},
    {ApprovalAction::kReinstate, "reinstate", "Gjeninnsatt"},
    {ApprovalAction::kRevoke, "revoke", "Tilbakekalt"},
    {ApprovalAction::kExpire, "expire", "Utløpt"},
}};

const std::array<EnumEntry<CertificateKind>, 4> EnumTable<CertificateKind>::kEntries = {{
    {CertificateKind::kCeMdr, "ce_mdr", "CE-merking etter MDR"},
    {CertificateKind::kIso27001, "iso27001", "ISO/IEC 27001-sertifikat"},
    {CertificateKind::kEhdsConformity, "ehds_conformity", "EU-samsvarserklæring etter EHDS"},
    {CertificateKind::kOther, "other", "Annet sertifikat"},
}};

namespace {

std::string Quote(const std::string& s) { return "«" + s + "»"; }

std::string Index(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

bool IsBlank(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::size_t CodePoints(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Status CheckText(const std::string& field, const std::string& text, const std::string& what,
                 std::size_t max) {
  if (CodePoints(text) > max) {
    return Status::Invalid(field, what + " kan ha høyst " + std::to_string(max) + " tegn");
  }
  bool control = std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') return false;
    return u < 0x20 || u == 0x7F;
  });
  if (control) return Status::Invalid(field, what + " inneholder ugyldige tegn");
  return Status::Ok();
}

Status CheckEvidence(const std::string& field, const Evidence& e) {
  switch (e.kind) {
    case EvidenceKind::kLink:
      if (e.url.rfind("https://", 0) != 0 || e.url.size() <= 8 || e.url.size() > kMaxUrlLength ||
          std::any_of(e.url.begin(), e.url.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20; })) {
        return Status::Invalid(field + ".url",
                               "Adressen må være en fullstendig https-adresse, f.eks. "
                               "https://www.eksempel.no/side");
      }
      return Status::Ok();
    case EvidenceKind::kFile:
      if (e.file_id.empty()) {
        return Status::Invalid(field + ".file_id",
                               "Vedlegget mangler fil-id; last opp filen først");
      }
      return Status::Ok();
    case EvidenceKind::kReference:
      if (IsBlank(e.reference)) {
        return Status::Invalid(field + ".reference", "Henvisningen mangler");
      }
      return CheckText(field + ".reference", e.reference, "Henvisningen", kMaxNameLength);
  }
  return Status::Ok();
}

Status CheckEvidenceList(const std::vector<Evidence>& evidence) {
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    HK_RETURN_IF_ERROR(CheckEvidence(Index("evidence", i), evidence[i]));
  }
  return Status::Ok();
}

bool SchemeVerifies(const Requirement& requirement, const std::string& scheme_key) {
  return std::any_of(
      requirement.versions.begin(), requirement.versions.end(), [&](const RequirementVersion& v) {
        return std::find(v.approval_schemes.begin(), v.approval_schemes.end(), scheme_key) !=
               v.approval_schemes.end();
      });
}

std::string ValidityText(int months) {
  return months % 12 == 0 ? std::to_string(months / 12) + " år"
                          : std::to_string(months) + " måneder";
}

// The action as an infinitive, for error messages.
const char* ActionVerb(ApprovalAction action) {
  switch (action) {
    case ApprovalAction::kIssue:
      return "utstedes på nytt";
    case ApprovalAction::kRenew:
      return "fornyes; den må gjeninnsettes først";
    case ApprovalAction::kSuspend:
      return "suspenderes";
    case ApprovalAction::kReinstate:
      return "gjeninnsettes";
    case ApprovalAction::kRevoke:
      return "tilbakekalles";
    case ApprovalAction::kExpire:
      return "utløpe";
  }
  return "";
}

}  // namespace

// ---- Catalog look-ups ----------------------------------------------------------------------

const ApprovalScheme* FindScheme(const Catalog& catalog, const std::string& key) {
  for (const ApprovalScheme& s : catalog.approval_schemes) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::vector<std::string> SchemeRequirements(const Catalog& catalog, const std::string& scheme_key) {
  std::vector<std::string> keys;
  for (const Requirement& r : catalog.requirements) {
    if (SchemeVerifies(r, scheme_key)) keys.push_back(r.key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

const Organisation* CatalogOrganisationFor(const OrgAccount& org, const Catalog& catalog) {
  if (!org.acts_as.empty()) {
    for (const Organisation& o : catalog.organisations) {
      if (o.key == org.acts_as) return &o;
    }
    return nullptr;
  }
  if (org.orgnr.empty()) return nullptr;
  for (const Organisation& o : catalog.organisations) {
    if (o.orgnr == org.orgnr) return &o;
  }
  return nullptr;
}

Date AddMonths(Date date, int months) {
  int total = date.year() * 12 + static_cast<int>(date.month()) - 1 + months;
  int year = total / 12;
  unsigned month = static_cast<unsigned>(total % 12) + 1;
  Date first_of_next =
      month == 12 ? Date::FromYmd(year + 1, 1, 1) : Date::FromYmd(year, month + 1, 1);
  unsigned last_day = first_of_next.AddDays(-1).day();
  return Date::FromYmd(year, month, std::min(date.day(), last_day));
}

// ---- Validation ----------------------------------------------------------------------------

Status ValidateApproval(const Approval& approval, const Catalog& catalog) {
  const ApprovalScheme* scheme = FindScheme(catalog, approval.scheme);
  if (approval.scheme.empty()) return Status::Invalid("scheme", "Oppgi godkjenningsordningen");
  if (scheme == nullptr) {
    return Status::Invalid("scheme",
                           "Godkjenningsordningen " + Quote(approval.scheme) + " finnes ikke");
  }
  if (approval.subject_kind != scheme->subject) {
    return Status::Invalid("subject_kind", "Ordningen " + Quote(scheme->name) + " godkjenner " +
                                               (scheme->subject == ApprovalSubject::kSupplier
                                                    ? "leverandører, ikke produktversjoner"
                                                    : "produktversjoner, ikke leverandører"));
  }
  if (approval.subject_id.empty()) {
    return Status::Invalid("subject_id", "Oppgi hvem eller hva som godkjennes");
  }
  if (approval.valid_to <= approval.valid_from) {
    return Status::Invalid("valid_to", "Gyldig til må være etter gyldig fra (" +
                                           approval.valid_from.ToNorwegian() + ")");
  }
  if (scheme->validity_months && *scheme->validity_months > 0) {
    Date latest = AddMonths(approval.valid_from, *scheme->validity_months);
    if (approval.valid_to > latest) {
      return Status::Invalid("valid_to", "Godkjenninger i ordningen " + Quote(scheme->name) +
                                             " kan gjelde i høyst " +
                                             ValidityText(*scheme->validity_months) +
                                             ", det vil si til " + latest.ToNorwegian());
    }
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < approval.covered_requirements.size(); ++i) {
    const std::string& key = approval.covered_requirements[i];
    std::string field = Index("covered_requirements", i);
    auto it = std::find_if(catalog.requirements.begin(), catalog.requirements.end(),
                           [&](const Requirement& r) { return r.key == key; });
    if (it == catalog.requirements.end()) {
      return Status::Invalid(field, "Kravet " + Quote(key) + " finnes ikke i kravkatalogen");
    }
    if (!SchemeVerifies(*it, scheme->key)) {
      return Status::Invalid(
          field, "Kravet " + Quote(key) + " verifiseres ikke av ordningen " + Quote(scheme->name));
    }
    if (!seen.insert(key).second) {
      return Status::Invalid(field, "Kravet " + Quote(key) + " er oppgitt mer enn én gang");
    }
  }
  HK_RETURN_IF_ERROR(CheckText("conditions", approval.conditions, "Vilkårene", kMaxTextLength));
  HK_RETURN_IF_ERROR(
      CheckText("status_reason", approval.status_reason, "Begrunnelsen", kMaxTextLength));
  if ((approval.status == ApprovalStatus::kSuspended ||
       approval.status == ApprovalStatus::kRevoked) &&
      IsBlank(approval.status_reason)) {
    return Status::Invalid("status_reason",
                           "En suspendert eller tilbakekalt godkjenning må "
                           "ha en begrunnelse");
  }
  return CheckEvidenceList(approval.evidence);
}

Status ValidateCertificateClaim(const CertificateClaim& claim) {
  if (IsBlank(claim.reference)) {
    return Status::Invalid("reference", "Oppgi sertifikatets eller erklæringens nummer");
  }
  HK_RETURN_IF_ERROR(CheckText("reference", claim.reference, "Nummeret", kMaxNameLength));
  if (IsBlank(claim.issuer_name)) {
    return Status::Invalid("issuer_name", "Oppgi hvem som har utstedt sertifikatet");
  }
  HK_RETURN_IF_ERROR(CheckText("issuer_name", claim.issuer_name, "Utstederen", kMaxNameLength));
  if (claim.valid_from && claim.valid_to && *claim.valid_to <= *claim.valid_from) {
    return Status::Invalid("valid_to", "Gyldig til må være etter gyldig fra");
  }
  if (claim.evidence.empty()) {
    return Status::Invalid("evidence",
                           "Legg ved sertifikatet eller en lenke til det som dokumentasjon");
  }
  return CheckEvidenceList(claim.evidence);
}

// ---- Lifecycle -----------------------------------------------------------------------------

Result<ApprovalStatus> NextApprovalStatus(std::optional<ApprovalStatus> from,
                                          ApprovalAction action) {
  using S = ApprovalStatus;
  if (!from) {
    if (action == ApprovalAction::kIssue) return S::kIssued;
    return Status::Invalid("status", "Godkjenningen er ikke utstedt ennå");
  }
  std::optional<S> next;
  switch (action) {
    case ApprovalAction::kIssue:
      break;
    case ApprovalAction::kRenew:
      if (*from == S::kIssued || *from == S::kExpired) next = S::kIssued;
      break;
    case ApprovalAction::kSuspend:
      if (*from == S::kIssued) next = S::kSuspended;
      break;
    case ApprovalAction::kReinstate:
      if (*from == S::kSuspended) next = S::kIssued;
      break;
    case ApprovalAction::kRevoke:
      if (*from != S::kRevoked) next = S::kRevoked;
      break;
    case ApprovalAction::kExpire:
      if (*from == S::kIssued || *from == S::kSuspended) next = S::kExpired;
      break;
  }
  if (next) return *next;
  if (*from == S::kRevoked) {
    return Status::Invalid("status", "Godkjenningen er tilbakekalt og kan ikke endres");
  }
  const char* state = *from == S::kIssued      ? "gyldig"
                      : *from == S::kSuspended ? "suspendert"
                                               : "utløpt";
  return Status::Invalid(
      "status", std::string("En godkjenning som er ") + state + " kan ikke " + ActionVerb(action));
}

bool ActionNeedsReason(ApprovalAction action) {
  return action == ApprovalAction::kSuspend || action == ApprovalAction::kRevoke;
}

Status ApplyApprovalAction(Approval& approval, ApprovalAction action, const std::string& actor_user,
                           const std::string& reason, std::optional<Date> new_valid_to,
                           const ApprovalScheme& scheme, Date today, Timestamp at) {
  // An approval past its valid_to is expired even before the expiry is recorded: it can be
  // renewed or revoked, not suspended. Recording the expiry itself starts from the stored status,
  // and so does renewing a suspended one (it must be reinstated first, or expire).
  const bool stored =
      action == ApprovalAction::kExpire ||
      (action == ApprovalAction::kRenew && approval.status == ApprovalStatus::kSuspended);
  ApprovalStatus from = stored ? approval.status : EffectiveStatus(approval, today);
  Result<ApprovalStatus> next = NextApprovalStatus(from, action);
  if (!next.ok()) return next.status();
  if (ActionNeedsReason(action) && IsBlank(reason)) {
    return Status::Invalid("reason", "Oppgi en begrunnelse");
  }
  HK_RETURN_IF_ERROR(CheckText("reason", reason, "Begrunnelsen", kMaxTextLength));
  if (action != ApprovalAction::kRenew && new_valid_to) {
    return Status::Invalid("valid_to", "Ny sluttdato kan bare settes ved fornyelse");
  }
  if (action == ApprovalAction::kRenew) {
    if (!new_valid_to) return Status::Invalid("valid_to", "Oppgi ny gyldig til-dato");
    if (*new_valid_to <= approval.valid_to || *new_valid_to <= today) {
      return Status::Invalid("valid_to", "Ny gyldig til-dato må være etter " +
                                             std::max(approval.valid_to, today).ToNorwegian());
    }
    if (scheme.validity_months && *scheme.validity_months > 0) {
      Date latest = AddMonths(today, *scheme.validity_months);
      if (*new_valid_to > latest) {
        return Status::Invalid("valid_to", "En fornyelse kan gjelde i høyst " +
                                               ValidityText(*scheme.validity_months) +
                                               ", det vil si til " + latest.ToNorwegian());
      }
    }
    approval.valid_to = *new_valid_to;
  }
  approval.status = *next;
  if (action == ApprovalAction::kSuspend || action == ApprovalAction::kRevoke) {
    approval.status_reason = reason;
  } else if (action == ApprovalAction::kReinstate || action == ApprovalAction::kRenew) {
    approval.status_reason.clear();
  }
  ApprovalTransition t;
  t.at = at;
  t.actor_user = actor_user;
  t.action = action;
  t.reason = reason;
  if (action == ApprovalAction::kRenew) t.valid_to = approval.valid_to;
  approval.history.push_back(std::move(t));
  return Status::Ok();
}

ApprovalStatus EffectiveStatus(const Approval& approval, Date today) {
  if ((approval.status == ApprovalStatus::kIssued ||
       approval.status == ApprovalStatus::kSuspended) &&
      today >= approval.valid_to) {
    return ApprovalStatus::kExpired;
  }
  return approval.status;
}

bool InForceOn(const Approval& approval, Date today) {
  return EffectiveStatus(approval, today) == ApprovalStatus::kIssued &&
         approval.valid_from <= today;
}

std::vector<Approval> ExpiringWithin(const std::vector<Approval>& approvals, Date today, int days) {
  std::vector<Approval> out;
  for (const Approval& a : approvals) {
    if (InForceOn(a, today) && a.valid_to <= today.AddDays(days)) out.push_back(a);
  }
  std::sort(out.begin(), out.end(), [](const Approval& x, const Approval& y) {
    return std::tie(x.valid_to, x.id) < std::tie(y.valid_to, y.id);
  });
  return out;
}

std::optional<int> DueExpiryWarning(const Approval& approval, Date today,
                                    const std::vector<int>& already_sent) {
  if (!InForceOn(approval, today)) return std::nullopt;
  int left = approval.valid_to.days() - today.days();
  std::optional<int> due;
  for (int d : kExpiryWarningDays) {
    if (left <= d) due = d;  // thresholds are descending: the last match is the nearest
  }
  if (!due) return std::nullopt;
  if (std::find(already_sent.begin(), already_sent.end(), *due) != already_sent.end()) {
    return std::nullopt;
  }
  return due;
}

// ---- Permissions ---------------------------------------------------------------------------

namespace {

// Ok when `actor` is an editor (or admin) of `org`, an approved approving body or authority;
// `what` completes "Bare godkjenningsorganer og myndigheter kan …".
Status CheckBodyEditor(const Actor& actor, const OrgAccount& org, const std::string& what) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  if (actor.api_token &&
      std::find(actor.scopes.begin(), actor.scopes.end(), "write") == actor.scopes.end()) {
    return Status::Forbidden("API-nøkkelen har bare lesetilgang (mangler tilgangen «write»)");
  }
  if (actor.org_id.empty() || actor.org_id != org.id) {
    return Status::Forbidden("Du må være medlem av en organisasjon for å gjøre dette");
  }
  if (org.status == OrgStatus::kPending) {
    return Status::Forbidden("Organisasjonen din er ikke godkjent ennå");
  }
  if (org.status != OrgStatus::kApproved) {
    return Status::Forbidden("Organisasjonen din er avvist og kan ikke gjøre endringer");
  }
  if (org.kind != OrganisationKind::kApprovingBody && org.kind != OrganisationKind::kAuthority) {
    return Status::Forbidden("Bare godkjenningsorganer og myndigheter kan " + what);
  }
  if (actor.role < Role::kEditor) {
    return Status::Forbidden(
        "Du har bare lesetilgang i organisasjonen; be en administrator om redaktørtilgang");
  }
  return Status::Ok();
}

std::string OrganisationName(const Catalog& catalog, const std::string& key) {
  for (const Organisation& o : catalog.organisations) {
    if (o.key == key) return o.name;
  }
  return key;
}

}  // namespace

Status CanIssue(const Actor& actor, const OrgAccount& org, const ApprovalScheme& scheme,
                const Catalog& catalog) {
  HK_RETURN_IF_ERROR(CheckBodyEditor(actor, org, "utstede godkjenninger"));
  const Organisation* catalog_org = CatalogOrganisationFor(org, catalog);
  if (catalog_org == nullptr || catalog_org->key != scheme.owner) {
    return Status::Forbidden("Bare " + OrganisationName(catalog, scheme.owner) +
                             " kan utstede og endre godkjenninger i ordningen " +
                             Quote(scheme.name));
  }
  return Status::Ok();
}

std::vector<std::string> ClaimConfirmers(CertificateKind kind) {
  switch (kind) {
    case CertificateKind::kCeMdr:
      return {std::string(kSchemeAuthority), "dmp", "meldt-organ"};
    case CertificateKind::kIso27001:
      return {std::string(kSchemeAuthority), "sertifiseringsorgan"};
    case CertificateKind::kEhdsConformity:
      return {std::string(kSchemeAuthority)};
    case CertificateKind::kOther:
      break;
  }
  return {};
}

std::string ClaimScheme(CertificateKind kind) {
  switch (kind) {
    case CertificateKind::kCeMdr:
      return "ce-mdr";
    case CertificateKind::kIso27001:
      return "iso27001-sertifikat";
    case CertificateKind::kEhdsConformity:
      return "ehds-eu-samsvar";
    case CertificateKind::kOther:
      break;
  }
  return "";
}

Status CanConfirmClaim(const Actor& actor, const OrgAccount& org, CertificateKind kind,
                       const Catalog& catalog) {
  HK_RETURN_IF_ERROR(CheckBodyEditor(actor, org, "bekrefte sertifikater"));
  std::vector<std::string> confirmers = ClaimConfirmers(kind);
  if (confirmers.empty()) return Status::Ok();
  const Organisation* catalog_org = CatalogOrganisationFor(org, catalog);
  if (catalog_org != nullptr &&
      std::find(confirmers.begin(), confirmers.end(), catalog_org->key) != confirmers.end()) {
    return Status::Ok();
  }
  std::string names;
  for (std::size_t i = 0; i < confirmers.size(); ++i) {
    if (i > 0) names += i + 1 == confirmers.size() ? " eller " : ", ";
    names += OrganisationName(catalog, confirmers[i]);
  }
  return Status::Forbidden("Bare " + names + " kan bekrefte et sertifikat av typen " +
                           Quote(std::string(Label(kind))));
}

}  // namespace helsekrav::domain
