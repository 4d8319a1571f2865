#include "domain/registry_rules.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/text.h"
#include "domain/identifiers.h"

namespace helsekrav::domain {

namespace {

// ---- Small checks shared by the validators -------------------------------------------------

std::string Quote(const std::string& s) { return "«" + s + "»"; }

// Number of code points in UTF-8 text (continuation bytes are 10xxxxxx).
std::size_t CodePoints(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool HasControl(const std::string& s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

bool IsBlank(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

Status CheckName(const std::string& field, const std::string& name, const std::string& what) {
  if (IsBlank(name)) return Status::Invalid(field, what + " mangler");
  if (CodePoints(name) > kMaxNameLength) {
    return Status::Invalid(field,
                           what + " kan ha høyst " + std::to_string(kMaxNameLength) + " tegn");
  }
  if (HasControl(name, false)) return Status::Invalid(field, what + " inneholder ugyldige tegn");
  return Status::Ok();
}

Status CheckText(const std::string& field, const std::string& text, const std::string& what) {
  if (CodePoints(text) > kMaxTextLength) {
    return Status::Invalid(field,
                           what + " kan ha høyst " + std::to_string(kMaxTextLength) + " tegn");
  }
  if (HasControl(text, true)) return Status::Invalid(field, what + " inneholder ugyldige tegn");
  return Status::Ok();
}

// An absolute https URL with a host.
Status CheckHttpsUrl(const std::string& field, const std::string& url) {
  const std::string kScheme = "https://";
  if (url.size() > kMaxUrlLength) {
    return Status::Invalid(field,
                           "Adressen kan ha høyst " + std::to_string(kMaxUrlLength) + " tegn");
  }
  bool has_space = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  std::string rest = url.rfind(kScheme, 0) == 0 ? url.substr(kScheme.size()) : "";
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  if (url.rfind(kScheme, 0) != 0 || host.empty() || host[0] == '.' || host[0] == ':' || has_space) {
    return Status::Invalid(field,
                           "Adressen må være en fullstendig https-adresse, f.eks. "
                           "https://www.eksempel.no/side");
  }
  return Status::Ok();
}

std::string Index(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

const Profile* FindProfile(const Catalog& catalog, const std::string& key) {
  for (const Profile& p : catalog.profiles) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

const Requirement* FindRequirement(const Catalog& catalog, const std::string& key) {
  for (const Requirement& r : catalog.requirements) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const Organisation* FindMunicipality(const Catalog& catalog, const std::string& number) {
  for (const Organisation& o : catalog.organisations) {
    if (o.kind == OrganisationKind::kMunicipality && o.municipality_number == number) return &o;
  }
  return nullptr;
}

// The version in force on `today`, or the newest when none has started yet.
const RequirementVersion& InForce(const Requirement& r, Date today) {
  bool started = std::any_of(r.versions.begin(), r.versions.end(),
                             [&](const RequirementVersion& v) { return v.valid_from <= today; });
  return started ? VersionAt(r, today) : r.versions.back();
}

// The requirement version governing a profile item in a declaration: the one the answer cites,
// else the one in force when the profile version started.
const RequirementVersion* ItemVersion(const Requirement& r, const ProfileVersion& pv,
                                      const DeclarationAnswer* answer) {
  if (r.versions.empty()) return nullptr;
  if (answer != nullptr) {
    if (const RequirementVersion* cited = FindVersion(r, answer->requirement_version)) {
      return cited;
    }
  }
  return &VersionAt(r, pv.valid_from);
}

const DeclarationAnswer* FindAnswer(const Declaration& d, const std::string& requirement) {
  for (const DeclarationAnswer& a : d.answers) {
    if (a.requirement == requirement) return &a;
  }
  return nullptr;
}

Status ValidateEvidence(const std::string& field, const Evidence& e) {
  switch (e.kind) {
    case EvidenceKind::kLink:
      if (e.url.empty()) return Status::Invalid(field + ".url", "Lenken mangler adresse");
      return CheckHttpsUrl(field + ".url", e.url);
    case EvidenceKind::kFile:
      if (e.file_id.empty()) {
        return Status::Invalid(field + ".file_id",
                               "Vedlegget mangler fil-id; last opp filen først");
      }
      return Status::Ok();
    case EvidenceKind::kReference:
      return CheckName(field + ".reference", e.reference, "Henvisningen");
  }
  return Status::Ok();
}

Status ValidateAnswer(const std::string& field, const DeclarationAnswer& a,
                      const ProfileVersion& pv, const std::string& profile_key,
                      const Catalog& catalog) {
  bool in_profile = std::any_of(pv.items.begin(), pv.items.end(), [&](const ProfileItem& i) {
    return i.requirement == a.requirement;
  });
  const Requirement* requirement = FindRequirement(catalog, a.requirement);
  if (a.requirement.empty()) return Status::Invalid(field + ".requirement", "Oppgi kravets nøkkel");
  std::string profile_name = "profilen " + Quote(profile_key) + " versjon " +
                             std::to_string(pv.version) + " (" + pv.name + ")";
  if (requirement == nullptr) {
    return Status::Invalid(field + ".requirement", "Kravet " + Quote(a.requirement) +
                                                       " finnes ikke i " + profile_name +
                                                       ", og heller ikke i kravkatalogen");
  }
  if (!in_profile) {
    return Status::Invalid(field + ".requirement",
                           "Kravet " + Quote(a.requirement) + " finnes ikke i " + profile_name +
                               "; det finnes i kravkatalogen, men hører ikke til denne profilen");
  }
  if (a.requirement_version == 0) {
    return Status::Invalid(
        field + ".requirement_version",
        "Oppgi hvilken versjon av kravet " + Quote(a.requirement) + " svaret gjelder");
  }
  if (FindVersion(*requirement, a.requirement_version) == nullptr) {
    return Status::Invalid(field + ".requirement_version",
                           "Kravet " + Quote(a.requirement) + " har ingen versjon " +
                               std::to_string(a.requirement_version) + " (siste er versjon " +
                               std::to_string(requirement->versions.back().version) + ")");
  }
  if (a.answer == Answer::kNotApplicable && IsBlank(a.reason)) {
    return Status::Invalid(field + ".reason", "Begrunnelse mangler: «Ikke relevant» må begrunnes");
  }
  HK_RETURN_IF_ERROR(CheckText(field + ".statement", a.statement, "Redegjørelsen"));
  HK_RETURN_IF_ERROR(CheckText(field + ".reason", a.reason, "Begrunnelsen"));
  for (std::size_t j = 0; j < a.evidence.size(); ++j) {
    HK_RETURN_IF_ERROR(ValidateEvidence(Index(field + ".evidence", j), a.evidence[j]));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& AllowedEvidenceTypes() {
  static const std::vector<std::string> kTypes = {
      "application/pdf",
      "image/png",
      "image/jpeg",
      "text/plain",
      "text/csv",
      "application/json",
      "application/xml",
      "application/zip",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
  return kTypes;
}

// ---- Validation ----------------------------------------------------------------------------

Status ValidateOrgAccount(const OrgAccount& org, const Catalog& catalog) {
  HK_RETURN_IF_ERROR(CheckName("name", org.name, "Navnet"));
  HK_RETURN_IF_ERROR(ValidateOrgIdentifier(org));
  if (org.kind == OrganisationKind::kMunicipality) {
    if (org.municipality_number.empty()) {
      return Status::Invalid("municipality_number", "En kommune må oppgi kommunenummer");
    }
    HK_RETURN_IF_ERROR(ValidateKommunenummer(org.municipality_number));
    const Organisation* known = FindMunicipality(catalog, org.municipality_number);
    if (known == nullptr) {
      return Status::Invalid("municipality_number", "Kommunenummeret " + org.municipality_number +
                                                        " finnes ikke i kommunelisten");
    }
    if (!known->orgnr.empty() && known->orgnr != org.orgnr) {
      return Status::Invalid("orgnr", "Organisasjonsnummeret stemmer ikke med " + known->name +
                                          " (kommunenummer " + org.municipality_number +
                                          " har organisasjonsnummer " + known->orgnr + ")");
    }
  } else if (!org.municipality_number.empty()) {
    return Status::Invalid("municipality_number", "Bare kommuner har kommunenummer");
  }
  if (!org.website.empty()) HK_RETURN_IF_ERROR(CheckHttpsUrl("website", org.website));
  if (!org.acts_as.empty()) {
    auto it = std::find_if(catalog.organisations.begin(), catalog.organisations.end(),
                           [&](const Organisation& o) { return o.key == org.acts_as; });
    if (it == catalog.organisations.end()) {
      return Status::Invalid("acts_as",
                             "Organisasjonen " + Quote(org.acts_as) + " finnes ikke i katalogen");
    }
    std::vector<const Organisation*> choices = ActsAsChoices(org, catalog);
    if (std::find(choices.begin(), choices.end(), &*it) == choices.end()) {
      return Status::Invalid("acts_as",
                             org.name + " kan ikke opptre som " + it->name +
                                 (it->orgnr.empty() ? " (en annen type organisasjon)"
                                                    : " (organisasjonsnummer " + it->orgnr + ")"));
    }
  }
  return Status::Ok();
}

Status ValidateOrgIdentifier(const OrgAccount& org) {
  if (org.id_kind == OrgIdKind::kOrgnr) {
    HK_RETURN_IF_ERROR(ValidateOrgnr(org.orgnr));
    if (!org.identifier.empty() || !org.country.empty()) {
      return Status::Invalid(
          "identifier", "En organisasjon med organisasjonsnummer har ingen annen identifikator");
    }
    return Status::Ok();
  }
  if (org.kind != OrganisationKind::kApprovingBody) {
    return Status::Invalid("identifier_kind",
                           "Bare godkjenningsorganer kan registreres uten norsk "
                           "organisasjonsnummer");
  }
  if (!org.orgnr.empty()) {
    return Status::Invalid("orgnr", "Oppgi enten organisasjonsnummer eller en annen identifikator");
  }
  if (org.id_kind != OrgIdKind::kForeign && !org.country.empty()) {
    return Status::Invalid("country", "Landkode oppgis bare for utenlandske registernummer");
  }
  switch (org.id_kind) {
    case OrgIdKind::kOrgnr:
      break;
    case OrgIdKind::kNando:
      return ValidateNando(org.identifier);
    case OrgIdKind::kAccreditation:
    case OrgIdKind::kForeign: {
      if (org.id_kind == OrgIdKind::kForeign) {
        bool letters =
            org.country.size() == 2 && std::all_of(org.country.begin(), org.country.end(),
                                                   [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!letters) {
          return Status::Invalid("country",
                                 "Oppgi landkoden med to bokstaver (ISO 3166-1), f.eks. SE");
        }
        if (org.country == "NO") {
          return Status::Invalid("country",
                                 "Norske organisasjoner registreres med organisasjonsnummer");
        }
      }
      const std::string what =
          org.id_kind == OrgIdKind::kAccreditation ? "Akkrediteringsnummeret" : "Registernummeret";
      if (IsBlank(org.identifier)) return Status::Invalid("identifier", what + " mangler");
      if (CodePoints(org.identifier) > kMaxIdentifierLength) {
        return Status::Invalid(
            "identifier", what + " kan ha høyst " + std::to_string(kMaxIdentifierLength) + " tegn");
      }
      if (HasControl(org.identifier, false)) {
        return Status::Invalid("identifier", what + " inneholder ugyldige tegn");
      }
      break;
    }
  }
  return Status::Ok();
}

void NormaliseOrgIdentifier(OrgAccount& org) {
  auto trim = [](std::string& s) {
    const char* kSpace = " \t\r\n";
    std::size_t first = s.find_first_not_of(kSpace);
    s = first == std::string::npos ? "" : s.substr(first, s.find_last_not_of(kSpace) - first + 1);
  };
  trim(org.orgnr);
  trim(org.identifier);
  trim(org.country);
  for (char& c : org.country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

std::string OrgUniqueKey(const OrgAccount& org) {
  switch (org.id_kind) {
    case OrgIdKind::kOrgnr:
      return org.orgnr;
    case OrgIdKind::kNando:
      return "nando:" + org.identifier;
    case OrgIdKind::kAccreditation:
      return "accreditation:" + org.identifier;
    case OrgIdKind::kForeign:
      return "foreign:" + org.country + ":" + org.identifier;
  }
  return org.orgnr;
}

Status ParseOrgIdentifier(std::string_view text, OrgAccount& org) {
  auto colon = text.find(':');
  std::string_view prefix = colon == std::string_view::npos ? "orgnr" : text.substr(0, colon);
  std::string rest(colon == std::string_view::npos ? text : text.substr(colon + 1));
  org.orgnr.clear();
  org.identifier.clear();
  org.country.clear();
  if (prefix == "orgnr") {
    org.id_kind = OrgIdKind::kOrgnr;
    org.orgnr = rest;
  } else if (prefix == "nando") {
    org.id_kind = OrgIdKind::kNando;
    org.identifier = rest;
  } else if (prefix == "accreditation") {
    org.id_kind = OrgIdKind::kAccreditation;
    org.identifier = rest;
  } else if (prefix == "foreign") {
    org.id_kind = OrgIdKind::kForeign;
    auto sep = rest.find(':');
    if (sep == std::string::npos) {
      return Status::Invalid("identifier", "Skriv foreign:LANDKODE:NUMMER, f.eks. foreign:SE:123");
    }
    org.country = rest.substr(0, sep);
    org.identifier = rest.substr(sep + 1);
  } else {
    return Status::Invalid("identifier", "Ukjent type identifikator " + Quote(std::string(prefix)) +
                                             " (orgnr, nando, accreditation eller foreign)");
  }
  NormaliseOrgIdentifier(org);
  return Status::Ok();
}

std::string OrgIdentifierText(const OrgAccount& org) {
  switch (org.id_kind) {
    case OrgIdKind::kOrgnr:
      return org.orgnr;
    case OrgIdKind::kNando:
      return "NANDO " + org.identifier;
    case OrgIdKind::kAccreditation:
      return org.identifier;
    case OrgIdKind::kForeign:
      return org.country + " " + org.identifier;
  }
  return org.orgnr;
}

std::vector<const Organisation*> ActsAsChoices(const OrgAccount& org, const Catalog& catalog) {
  std::vector<const Organisation*> out;
  if (org.kind != OrganisationKind::kApprovingBody && org.kind != OrganisationKind::kAuthority) {
    return out;
  }
  for (const Organisation& o : catalog.organisations) {
    if (o.kind == org.kind && (o.orgnr.empty() || o.orgnr == org.orgnr)) out.push_back(&o);
  }
  return out;
}

Status ValidateUser(const User& user) {
  const std::string& e = user.email;
  auto at = e.find('@');
  bool one_at = at != std::string::npos && e.find('@', at + 1) == std::string::npos;
  std::string domain = one_at ? e.substr(at + 1) : "";
  auto dot = domain.find('.');
  bool has_space = std::any_of(e.begin(), e.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (e.empty()) return Status::Invalid("email", "E-postadresse mangler");
  if (e.size() > 254) return Status::Invalid("email", "E-postadressen kan ha høyst 254 tegn");
  if (!one_at || at == 0 || dot == std::string::npos || dot == 0 || domain.back() == '.' ||
      has_space) {
    return Status::Invalid("email", "«" + e + "» er ikke en gyldig e-postadresse");
  }
  return CheckName("name", user.name, "Navnet");
}

Status ValidatePassword(const std::string& password, const std::string& email) {
  if (CodePoints(password) < kMinPasswordLength) {
    return Status::Invalid("password",
                           "Passordet må ha minst " + std::to_string(kMinPasswordLength) + " tegn");
  }
  if (CodePoints(password) > kMaxPasswordLength) {
    return Status::Invalid(
        "password", "Passordet kan ha høyst " + std::to_string(kMaxPasswordLength) + " tegn");
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return Status::Invalid("password", "Passordet kan ikke bestå av ett og samme tegn");
  }
  if (!email.empty() && FoldCase(password) == FoldCase(email)) {
    return Status::Invalid("password", "Passordet kan ikke være e-postadressen din");
  }
  return Status::Ok();
}

Status ValidateProduct(const Product& product, const CategoryTree& tree) {
  HK_RETURN_IF_ERROR(CheckName("name", product.name, "Produktnavnet"));
  HK_RETURN_IF_ERROR(CheckText("description", product.description, "Beskrivelsen"));
  if (!product.website.empty()) HK_RETURN_IF_ERROR(CheckHttpsUrl("website", product.website));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < product.categories.size(); ++i) {
    const std::string& key = product.categories[i];
    if (!tree.Contains(key)) {
      return Status::Invalid(Index("categories", i),
                             "Produktkategorien " + Quote(key) + " finnes ikke");
    }
    if (!seen.insert(key).second) {
      return Status::Invalid(Index("categories", i),
                             "Produktkategorien " + Quote(key) + " er oppgitt flere ganger");
    }
  }
  return Status::Ok();
}

Status ValidateProductVersion(const ProductVersion& version, const Catalog& catalog) {
  std::size_t length = CodePoints(version.version);
  if (IsBlank(version.version)) return Status::Invalid("version", "Versjonsnummer mangler");
  if (length > 50) return Status::Invalid("version", "Versjonsnummeret kan ha høyst 50 tegn");
  if (HasControl(version.version, false)) {
    return Status::Invalid("version", "Versjonsnummeret inneholder ugyldige tegn");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < version.integrations.size(); ++i) {
    const std::string& key = version.integrations[i];
    bool known = std::any_of(catalog.national_solutions.begin(), catalog.national_solutions.end(),
                             [&](const NationalSolution& s) { return s.key == key; });
    if (!known) {
      return Status::Invalid(Index("integrations", i),
                             "Den nasjonale løsningen " + Quote(key) + " finnes ikke");
    }
    if (!seen.insert(key).second) {
      return Status::Invalid(Index("integrations", i),
                             "Integrasjonen " + Quote(key) + " er oppgitt flere ganger");
    }
  }
  return CheckText("notes", version.notes, "Merknadene");
}

Status ValidateDeployment(const Deployment& deployment, const Catalog& catalog) {
  if (deployment.product_version_id.empty()) {
    return Status::Invalid("product_version_id", "Velg hvilken produktversjon som er i bruk");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < deployment.municipalities.size(); ++i) {
    const std::string& number = deployment.municipalities[i];
    if (FindMunicipality(catalog, number) == nullptr) {
      return Status::Invalid(Index("municipalities", i),
                             "Kommunenummeret " + Quote(number) + " finnes ikke i kommunelisten");
    }
    if (!seen.insert(number).second) {
      return Status::Invalid(Index("municipalities", i),
                             "Kommunen " + number + " er oppgitt flere ganger");
    }
  }
  if (deployment.until && *deployment.until < deployment.since) {
    return Status::Invalid("until", "Sluttdatoen kan ikke være før startdatoen (" +
                                        deployment.since.ToNorwegian() + ")");
  }
  return Status::Ok();
}

Status ValidateEvidenceFile(const EvidenceFile& file) {
  HK_RETURN_IF_ERROR(CheckName("name", file.name, "Filnavnet"));
  if (file.name.find_first_of("/\\") != std::string::npos || file.name == "." ||
      file.name == "..") {
    return Status::Invalid("name", "Filnavnet kan ikke inneholde / eller \\");
  }
  if (file.size <= 0) return Status::Invalid("size", "Filen er tom");
  if (file.size > kMaxEvidenceFileBytes) {
    return Status::Invalid(
        "size", "Filen er for stor (høyst " +
                    std::to_string(kMaxEvidenceFileBytes / (std::int64_t{1024} * 1024)) + " MB)");
  }
  // "text/plain; charset=utf-8" is text/plain.
  std::string type = FoldCase(file.content_type.substr(0, file.content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  const auto& allowed = AllowedEvidenceTypes();
  if (std::find(allowed.begin(), allowed.end(), type) == allowed.end()) {
    return Status::Invalid("content_type",
                           "Filtypen " + Quote(file.content_type) +
                               " er ikke tillatt. Last opp PDF, PNG, JPEG, tekst, CSV, JSON, XML, "
                               "ZIP, Word (.docx) eller Excel (.xlsx)");
  }
  return Status::Ok();
}

Status CheckEvidenceContent(const std::string& content_type, std::string_view data) {
  std::string type = FoldCase(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  auto starts = [&data](std::string_view magic) { return data.substr(0, magic.size()) == magic; };
  bool matches = true;
  std::string what;
  if (type == "application/pdf") {
    matches = starts("%PDF");
    what = "en PDF-fil";
  } else if (type == "image/png") {
    matches = starts("\x89PNG\r\n\x1a\n");
    what = "et PNG-bilde";
  } else if (type == "image/jpeg") {
    matches = starts("\xff\xd8\xff");
    what = "et JPEG-bilde";
  } else if (type == "application/zip" || type.find("openxmlformats") != std::string::npos) {
    matches =
        starts(std::string_view("PK\x03\x04", 4)) || starts(std::string_view("PK\x05\x06", 4));
    what = "en ZIP- eller Office-fil";
  } else if (type.rfind("text/", 0) == 0 || type == "application/json" ||
             type == "application/xml") {
    matches = data.find('\0') == std::string_view::npos;
    what = "tekst";
  }
  if (!matches) {
    return Status::Invalid("content_type", "Innholdet i filen er ikke " + what +
                                               ", slik filtypen sier. Sjekk at du har valgt "
                                               "riktig fil");
  }
  return Status::Ok();
}

const ProfileVersion* DeclaredProfileVersion(const Declaration& declaration,
                                             const Catalog& catalog) {
  const Profile* profile = FindProfile(catalog, declaration.profile);
  return profile == nullptr ? nullptr : FindVersion(*profile, declaration.profile_version);
}

const RequirementVersion* CitedVersion(const DeclarationAnswer& answer, const Catalog& catalog) {
  const Requirement* requirement = FindRequirement(catalog, answer.requirement);
  return requirement == nullptr ? nullptr : FindVersion(*requirement, answer.requirement_version);
}

Status ValidateDeclaration(const Declaration& declaration, const Catalog& catalog, bool complete) {
  const Profile* profile = FindProfile(catalog, declaration.profile);
  if (declaration.profile.empty()) return Status::Invalid("profile", "Velg en kravprofil");
  if (profile == nullptr) {
    return Status::Invalid("profile",
                           "Kravprofilen " + Quote(declaration.profile) + " finnes ikke");
  }
  const ProfileVersion* pv = FindVersion(*profile, declaration.profile_version);
  if (pv == nullptr) {
    return Status::Invalid("profile_version", "Kravprofilen " + Quote(declaration.profile) +
                                                  " har ingen versjon " +
                                                  std::to_string(declaration.profile_version));
  }
  std::set<std::string> answered;
  for (std::size_t i = 0; i < declaration.answers.size(); ++i) {
    const DeclarationAnswer& a = declaration.answers[i];
    std::string field = Index("answers", i);
    HK_RETURN_IF_ERROR(ValidateAnswer(field, a, *pv, declaration.profile, catalog));
    if (!answered.insert(a.requirement).second) {
      return Status::Invalid(field + ".requirement",
                             "Kravet " + Quote(a.requirement) + " er besvart flere ganger");
    }
  }
  if (complete) {
    for (const ProfileItem& item : pv->items) {
      if (answered.count(item.requirement) == 0) {
        return Status::Invalid("answers",
                               "Kravet " + Quote(item.requirement) +
                                   " er ikke besvart; alle krav i profilen må "
                                   "besvares før erklæringen kan sendes inn eller publiseres");
      }
    }
  }
  return Status::Ok();
}

// ---- Lifecycle -----------------------------------------------------------------------------

Result<DeclarationStatus> NextStatus(DeclarationStatus from, DeclarationAction action) {
  using DS = DeclarationStatus;
  std::string verb;
  switch (action) {
    case DeclarationAction::kEdit:
      if (from == DS::kDraft) return DS::kDraft;
      verb = "endres";
      break;
    case DeclarationAction::kSubmit:
      if (from == DS::kDraft) return DS::kSubmitted;
      verb = "sendes inn";
      break;
    case DeclarationAction::kPublish:
      if (from == DS::kDraft || from == DS::kSubmitted) return DS::kPublished;
      verb = "publiseres";
      break;
    case DeclarationAction::kReturnToDraft:
      if (from == DS::kSubmitted) return DS::kDraft;
      verb = "sendes tilbake til utkast";
      break;
    case DeclarationAction::kWithdraw:
      if (from == DS::kPublished || from == DS::kSubmitted) return DS::kWithdrawn;
      verb = "trekkes tilbake";
      break;
    case DeclarationAction::kSupersede:
      if (from == DS::kPublished) return DS::kSuperseded;
      verb = "erstattes";
      break;
  }
  return Status::Invalid(
      "status", "En erklæring med status «" + std::string(Label(from)) + "» kan ikke " + verb);
}

// ---- Permissions ---------------------------------------------------------------------------

namespace {

bool IsMutation(Permission p) {
  return p != Permission::kViewOrgEvents && p != Permission::kViewAllEvents;
}

}  // namespace

Status Authorize(const Actor& actor, Permission permission, const std::string& owner_org_id) {
  if (actor.anonymous()) return Status::Unauthenticated("Du må logge inn for å gjøre dette");
  if (actor.api_token && IsMutation(permission) &&
      std::find(actor.scopes.begin(), actor.scopes.end(), "write") == actor.scopes.end()) {
    return Status::Forbidden("API-nøkkelen har bare lesetilgang (mangler tilgangen «write»)");
  }
  if (actor.org_id.empty()) {
    return Status::Forbidden("Du må være medlem av en organisasjon for å gjøre dette");
  }
  if (actor.org_status == OrgStatus::kPending) {
    return Status::Forbidden("Organisasjonen din er ikke godkjent ennå");
  }
  if (actor.org_status != OrgStatus::kApproved) {
    return Status::Forbidden("Organisasjonen din er avvist og kan ikke gjøre endringer");
  }

  Role needed = Role::kEditor;
  bool own_org_only = true;
  switch (permission) {
    case Permission::kEditProducts:
    case Permission::kManageDeclarations:
      if (actor.org_kind != OrganisationKind::kSupplier) {
        return Status::Forbidden("Bare leverandører kan registrere løsninger og erklæringer");
      }
      break;
    case Permission::kUploadEvidence:  // suppliers for declarations, bodies for approvals
      if (actor.org_kind != OrganisationKind::kSupplier &&
          actor.org_kind != OrganisationKind::kApprovingBody &&
          actor.org_kind != OrganisationKind::kAuthority) {
        return Status::Forbidden(
            "Bare leverandører, godkjenningsorganer og myndigheter kan laste opp dokumentasjon");
      }
      break;
    case Permission::kRecordDeployments:
      if (actor.org_kind != OrganisationKind::kMunicipality &&
          actor.org_kind != OrganisationKind::kHealthEnterprise) {
        return Status::Forbidden("Bare kommuner og helseforetak kan registrere bruk av produkter");
      }
      break;
    case Permission::kManageMembers:
    case Permission::kManageApiTokens:
    case Permission::kManageWebhooks:
    case Permission::kViewOrgEvents:
      needed = Role::kAdmin;  // API tokens act as admin: only admins create them
      break;
    case Permission::kViewAllEvents:
    case Permission::kDecideOrganisations:
      if (actor.org_kind != OrganisationKind::kAuthority) {
        return Status::Forbidden("Bare myndigheten som forvalter helsekrav kan gjøre dette");
      }
      needed = Role::kAdmin;
      own_org_only = false;
      break;
  }
  if (own_org_only && !owner_org_id.empty() && owner_org_id != actor.org_id) {
    return Status::Forbidden("Dette tilhører en annen organisasjon");
  }
  if (actor.role < needed) {
    return Status::Forbidden(needed == Role::kAdmin
                                 ? "Bare administratorer i organisasjonen kan gjøre dette"
                                 : "Du har bare lesetilgang i organisasjonen; be en "
                                   "administrator om redaktørtilgang");
  }
  return Status::Ok();
}

// ---- Coverage and review -------------------------------------------------------------------

Obligation ItemObligation(const ProfileItem& item, const RequirementVersion& version) {
  Obligation o = EffectiveObligation(version.obligation, item.obligation);
  if (o == Obligation::kMandatory && version.eea && version.eea->status == EeaStatus::kPending) {
    return Obligation::kRecommended;  // not mandatory in Norway until incorporated
  }
  return o;
}

namespace {

int Percent(int met, int total) { return total == 0 ? 100 : met * 100 / total; }

}  // namespace

int Coverage::MandatoryPercent() const { return Percent(mandatory_met, mandatory_total); }
int Coverage::RecommendedPercent() const { return Percent(recommended_met, recommended_total); }

Coverage ComputeCoverage(const Declaration& declaration, const Catalog& catalog) {
  Coverage c;
  const ProfileVersion* pv = DeclaredProfileVersion(declaration, catalog);
  if (pv == nullptr) return c;
  for (const ProfileItem& item : pv->items) {
    ++c.total;
    const DeclarationAnswer* answer = FindAnswer(declaration, item.requirement);
    if (answer != nullptr) ++c.answered;
    const Requirement* requirement = FindRequirement(catalog, item.requirement);
    const RequirementVersion* version =
        requirement == nullptr ? nullptr : ItemVersion(*requirement, *pv, answer);
    if (version == nullptr) continue;
    bool met = answer != nullptr && answer->answer == Answer::kMeets;
    switch (ItemObligation(item, *version)) {
      case Obligation::kMandatory:
        ++c.mandatory_total;
        c.mandatory_met += met ? 1 : 0;
        break;
      case Obligation::kRecommended:
        ++c.recommended_total;
        c.recommended_met += met ? 1 : 0;
        break;
      case Obligation::kInformative:
        break;
    }
  }
  return c;
}

std::map<Area, std::pair<int, int>> ProgressByArea(const Declaration& declaration,
                                                   const Catalog& catalog) {
  std::map<Area, std::pair<int, int>> progress;
  const ProfileVersion* pv = DeclaredProfileVersion(declaration, catalog);
  if (pv == nullptr) return progress;
  for (const ProfileItem& item : pv->items) {
    const Requirement* requirement = FindRequirement(catalog, item.requirement);
    const DeclarationAnswer* answer = FindAnswer(declaration, item.requirement);
    const RequirementVersion* version =
        requirement == nullptr ? nullptr : ItemVersion(*requirement, *pv, answer);
    if (version == nullptr) continue;
    auto& [answered, total] = progress[version->area];
    ++total;
    answered += answer != nullptr ? 1 : 0;
  }
  return progress;
}

std::vector<std::string> OutdatedAnswers(const Declaration& declaration, const Catalog& catalog,
                                         Date today) {
  std::vector<std::string> outdated;
  for (const DeclarationAnswer& a : declaration.answers) {
    const Requirement* requirement = FindRequirement(catalog, a.requirement);
    if (requirement == nullptr || requirement->versions.empty()) {
      outdated.push_back(a.requirement);  // withdrawn from the catalog
      continue;
    }
    const RequirementVersion* answered = FindVersion(*requirement, a.requirement_version);
    bool corrected = answered != nullptr && answered->corrected_on &&
                     declaration.published_at < Timestamp{answered->corrected_on->days()} * 86400;
    if (answered == nullptr || corrected ||
        a.requirement_version < InForce(*requirement, today).version) {
      outdated.push_back(a.requirement);
    }
  }
  return outdated;
}

std::vector<DeclarationAnswer> PrefillAnswers(const ProfileVersion& target,
                                              const std::vector<Declaration>& earlier,
                                              const Catalog& catalog, Date today) {
  std::vector<DeclarationAnswer> out;
  for (const ProfileItem& item : target.items) {
    const Requirement* requirement = FindRequirement(catalog, item.requirement);
    if (requirement == nullptr || requirement->versions.empty()) continue;
    int current = InForce(*requirement, today).version;
    // Rank candidates: published first, then answers to the current version, then the newest.
    const DeclarationAnswer* best = nullptr;
    std::tuple<bool, bool, Timestamp> best_rank;
    for (const Declaration& d : earlier) {
      if (d.status == DeclarationStatus::kWithdrawn) continue;
      const DeclarationAnswer* a = FindAnswer(d, item.requirement);
      if (a == nullptr) continue;
      std::tuple<bool, bool, Timestamp> rank{
          d.status == DeclarationStatus::kPublished, a->requirement_version == current,
          std::max({d.updated_at, d.published_at, d.created_at})};
      if (best == nullptr || rank > best_rank) {
        best = a;
        best_rank = rank;
      }
    }
    if (best == nullptr) continue;
    DeclarationAnswer answer = *best;
    answer.requirement_version = current;
    out.push_back(std::move(answer));
  }
  return out;
}

}  // namespace helsekrav::domain
