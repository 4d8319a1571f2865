#include "domain/catalog_rules.h"

#include <algorithm>
#include <functional>

#include "domain/identifiers.h"

namespace helsekrav::domain {
namespace {

std::string Quote(const std::string& s) { return "«" + s + "»"; }

template <typename T>
std::set<std::string> KeysOf(const std::vector<T>& items) {
  std::set<std::string> keys;
  for (const auto& item : items) keys.insert(item.key);
  return keys;
}

// Unique, well-formed keys in one list. `list` names it in the field path.
template <typename T>
Status CheckKeys(const std::vector<T>& items, const std::string& list,
                 const std::function<bool(std::string_view)>& well_formed,
                 const std::string& shape) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& key = items[i].key;
    std::string path = list + "[" + std::to_string(i) + "].key";
    if (!well_formed(key)) {
      return Status::Invalid(path, "Nøkkelen " + Quote(key) + " må ha formen " + shape);
    }
    if (!seen.insert(key).second) {
      return Status::Invalid(path, "Nøkkelen " + Quote(key) + " finnes mer enn én gang");
    }
  }
  return Status::Ok();
}

Status CheckRefs(const std::vector<std::string>& refs, const std::set<std::string>& known,
                 const std::string& field, const std::string& what) {
  for (const auto& ref : refs) {
    if (known.count(ref) == 0) return Status::Invalid(field, "Ukjent " + what + " " + Quote(ref));
  }
  return Status::Ok();
}

Status CheckRef(const std::string& ref, const std::set<std::string>& known,
                const std::string& field, const std::string& what) {
  if (ref.empty()) return Status::Invalid(field, "Mangler " + what);
  return CheckRefs({ref}, known, field, what);
}

Status CheckNonEmpty(const std::string& value, const std::string& field) {
  if (value.empty()) return Status::Invalid(field, "Feltet kan ikke være tomt");
  return Status::Ok();
}

Status CheckSource(const Source& source, const std::string& path) {
  if (source.kind == SourceKind::kMeetingPaper &&
      (source.document.empty() || source.case_no.empty())) {
    return Status::Invalid(path, "En møtesak som kilde må oppgi dokument og saksnummer");
  }
  if (source.document.empty() && source.reference.empty()) {
    return Status::Invalid(path, "Kilden må oppgi dokument eller referanse");
  }
  for (std::size_t i = 0; i < source.quotes.size(); ++i) {
    const SourceQuote& q = source.quotes[i];
    std::string qpath = path + ".quotes[" + std::to_string(i) + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(q.text, qpath + ".text"));
    bool from_document = !q.lines.empty() && (!q.document.empty() || !source.document.empty());
    if (from_document == !q.legal.empty()) {
      return Status::Invalid(qpath,
                             "Et sitat må oppgi enten linjer i et dokument eller en "
                             "rettskilde (legal), ikke begge");
    }
  }
  return Status::Ok();
}

Status CheckEea(const std::optional<EeaIncorporation>& eea, const std::string& path) {
  if (!eea || eea->status != EeaStatus::kIncorporated) return Status::Ok();
  if (!eea->in_force) {
    return Status::Invalid(path + ".in_force", "Oppgi datoen kravet gjelder fra i Norge");
  }
  return CheckNonEmpty(eea->decision, path + ".decision");
}

Status CheckPeriod(Date from, const std::optional<Date>& to, const std::string& path) {
  if (to && *to <= from) {
    return Status::Invalid(path + ".valid_to", "Gyldig til må være etter gyldig fra");
  }
  return Status::Ok();
}

// Versions numbered 1..n whose periods follow one another.
template <typename V>
Status CheckHistory(const std::vector<V>& versions, const std::string& path) {
  if (versions.empty()) return Status::Invalid(path + ".versions", "Må ha minst én versjon");
  for (std::size_t i = 0; i < versions.size(); ++i) {
    std::string vpath = path + ".versions[" + std::to_string(i) + "]";
    if (versions[i].version != static_cast<int>(i) + 1) {
      return Status::Invalid(vpath + ".version", "Versjonene må nummereres 1, 2, 3 … uten hull");
    }
    HK_RETURN_IF_ERROR(CheckPeriod(versions[i].valid_from, versions[i].valid_to, vpath));
    if (i > 0) {
      const V& prev = versions[i - 1];
      if (versions[i].valid_from < prev.valid_from) {
        return Status::Invalid(vpath + ".valid_from",
                               "En ny versjon kan ikke gjelde fra før forrige versjon");
      }
      if (prev.valid_to && *prev.valid_to > versions[i].valid_from) {
        return Status::Invalid(path + ".versions[" + std::to_string(i - 1) + "].valid_to",
                               "Forrige versjon må slutte senest når neste versjon begynner");
      }
    }
  }
  return Status::Ok();
}

struct Known {
  std::set<std::string> organisations, categories, solutions, standards, schemes, requirements;
  std::map<std::string, const Requirement*> requirement_by_key;
};

Status CheckRequirement(const Requirement& r, const Known& known) {
  std::string path = "requirements[" + r.key + "]";
  HK_RETURN_IF_ERROR(CheckHistory(r.versions, path));
  for (std::size_t i = 0; i < r.versions.size(); ++i) {
    const RequirementVersion& v = r.versions[i];
    std::string p = path + ".versions[" + std::to_string(i) + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(v.title, p + ".title"));
    HK_RETURN_IF_ERROR(CheckNonEmpty(v.text, p + ".text"));
    if (v.obligation == Obligation::kMandatory && v.legal_basis.empty()) {
      return Status::Invalid(p + ".legal_basis", "Et obligatorisk krav må ha hjemmel");
    }
    HK_RETURN_IF_ERROR(CheckRef(v.owner, known.organisations, p + ".owner", "organisasjon"));
    if (v.verification_methods.empty()) {
      return Status::Invalid(p + ".verification_methods", "Må ha minst én verifiseringsmetode");
    }
    HK_RETURN_IF_ERROR(CheckRefs(v.categories, known.categories, p + ".categories", "kategori"));
    HK_RETURN_IF_ERROR(
        CheckRefs(v.integrations, known.solutions, p + ".integrations", "nasjonal løsning"));
    HK_RETURN_IF_ERROR(CheckRefs(v.standards, known.standards, p + ".standards", "standard"));
    HK_RETURN_IF_ERROR(CheckRefs(v.approval_schemes, known.schemes, p + ".approval_schemes",
                                 "godkjenningsordning"));
    HK_RETURN_IF_ERROR(CheckEea(v.eea, p + ".eea"));
    HK_RETURN_IF_ERROR(CheckSource(v.source, p + ".source"));
  }
  return Status::Ok();
}

Status CheckStandard(const Standard& s, const Known& known) {
  (void)known;
  std::string path = "standards[" + s.key + "]";
  HK_RETURN_IF_ERROR(CheckNonEmpty(s.name, path + ".name"));
  HK_RETURN_IF_ERROR(CheckNonEmpty(s.sdo, path + ".sdo"));
  if (s.obligation == StandardObligation::kMandatory && s.legal_basis.empty()) {
    return Status::Invalid(path + ".legal_basis", "En obligatorisk standard må ha hjemmel");
  }
  if (s.lifecycle.empty()) return Status::Invalid(path + ".lifecycle", "Må ha minst ett steg");
  for (std::size_t i = 1; i < s.lifecycle.size(); ++i) {
    std::string p = path + ".lifecycle[" + std::to_string(i) + "]";
    if (s.lifecycle[i].status <= s.lifecycle[i - 1].status) {
      return Status::Invalid(p + ".status",
                             "Statusene må komme i rekkefølgen under utprøving → under innfasing "
                             "→ aktiv → under utfasing → utgått");
    }
    if (s.lifecycle[i].from <= s.lifecycle[i - 1].from) {
      return Status::Invalid(p + ".from", "Datoene må komme i stigende rekkefølge");
    }
  }
  return CheckSource(s.source, path + ".source");
}

Status CheckProfile(const Profile& p, const Known& known) {
  std::string path = "profiles[" + p.key + "]";
  HK_RETURN_IF_ERROR(CheckHistory(p.versions, path));
  for (std::size_t i = 0; i < p.versions.size(); ++i) {
    const ProfileVersion& v = p.versions[i];
    std::string vp = path + ".versions[" + std::to_string(i) + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(v.name, vp + ".name"));
    HK_RETURN_IF_ERROR(CheckRef(v.category, known.categories, vp + ".category", "kategori"));
    HK_RETURN_IF_ERROR(CheckSource(v.source, vp + ".source"));
    if (v.items.empty()) return Status::Invalid(vp + ".requirements", "Må ha minst ett krav");
    std::set<std::string> seen;
    for (std::size_t j = 0; j < v.items.size(); ++j) {
      const ProfileItem& item = v.items[j];
      std::string ip = vp + ".requirements[" + std::to_string(j) + "]";
      HK_RETURN_IF_ERROR(CheckRef(item.requirement, known.requirements, ip + ".key", "krav"));
      if (!seen.insert(item.requirement).second) {
        return Status::Invalid(
            ip + ".key", "Kravet " + Quote(item.requirement) + " står mer enn én gang i profilen");
      }
      if (!item.obligation) continue;
      Obligation own =
          VersionAt(*known.requirement_by_key.at(item.requirement), v.valid_from).obligation;
      if (*item.obligation < own) {
        return Status::Invalid(ip + ".obligation",
                               "En profil kan bare skjerpe forpliktelsen, ikke svekke den (kravet "
                               "er «" +
                                   std::string(Label(own)) + "»)");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateCatalog(const Catalog& c) {
  auto slug = [](std::string_view k) { return IsSlugKey(k); };
  const std::string kSlugShape = "små bokstaver, siffer og bindestrek (f.eks. epj-fastlege)";
  HK_RETURN_IF_ERROR(CheckKeys(c.categories, "categories", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.national_solutions, "national_solutions", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.interop_services, "interoperability_services", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.organisations, "organisations", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.standards, "standards", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.profiles, "profiles", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(c.approval_schemes, "approval_schemes", slug, kSlugShape));
  HK_RETURN_IF_ERROR(CheckKeys(
      c.requirements, "requirements", [](std::string_view k) { return IsRequirementKey(k); },
      "store bokstaver, siffer og bindestrek (f.eks. NHN-KJ-01)"));

  Known known{KeysOf(c.organisations),
              KeysOf(c.categories),
              KeysOf(c.national_solutions),
              KeysOf(c.standards),
              KeysOf(c.approval_schemes),
              KeysOf(c.requirements),
              {}};
  for (const Requirement& r : c.requirements) known.requirement_by_key.emplace(r.key, &r);

  for (const Category& cat : c.categories) {
    std::string path = "categories[" + cat.key + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(cat.name, path + ".name"));
    if (!cat.parent.empty()) {
      HK_RETURN_IF_ERROR(CheckRef(cat.parent, known.categories, path + ".parent", "kategori"));
    }
    // Walk up; more steps than categories means a cycle.
    std::string at = cat.parent;
    for (std::size_t steps = 0; !at.empty(); ++steps) {
      if (steps > c.categories.size() || at == cat.key) {
        return Status::Invalid(path + ".parent", "Kategoritreet har en sirkel");
      }
      auto it = std::find_if(c.categories.begin(), c.categories.end(),
                             [&](const Category& x) { return x.key == at; });
      at = it->parent;
    }
  }
  for (const Organisation& org : c.organisations) {
    std::string path = "organisations[" + org.key + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(org.name, path + ".name"));
    if (!org.orgnr.empty()) HK_RETURN_IF_ERROR(ValidateOrgnr(org.orgnr).WithFieldPrefix(path));
    if (org.kind == OrganisationKind::kMunicipality) {
      HK_RETURN_IF_ERROR(ValidateKommunenummer(org.municipality_number).WithFieldPrefix(path));
    }
    HK_RETURN_IF_ERROR(CheckSource(org.source, path + ".source"));
  }
  for (const NationalSolution& s : c.national_solutions) {
    std::string path = "national_solutions[" + s.key + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(s.name, path + ".name"));
    HK_RETURN_IF_ERROR(CheckRef(s.owner, known.organisations, path + ".owner", "organisasjon"));
    HK_RETURN_IF_ERROR(CheckSource(s.source, path + ".source"));
  }
  for (const InteropService& s : c.interop_services) {
    std::string path = "interoperability_services[" + s.key + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(s.name, path + ".name"));
    HK_RETURN_IF_ERROR(
        CheckRefs(s.solutions, known.solutions, path + ".solutions", "nasjonal løsning"));
    HK_RETURN_IF_ERROR(CheckRefs(s.standards, known.standards, path + ".standards", "standard"));
    HK_RETURN_IF_ERROR(CheckSource(s.source, path + ".source"));
  }
  for (const Standard& s : c.standards) HK_RETURN_IF_ERROR(CheckStandard(s, known));
  for (const ApprovalScheme& s : c.approval_schemes) {
    std::string path = "approval_schemes[" + s.key + "]";
    HK_RETURN_IF_ERROR(CheckNonEmpty(s.name, path + ".name"));
    HK_RETURN_IF_ERROR(CheckRef(s.owner, known.organisations, path + ".owner", "organisasjon"));
    if (s.validity_months && *s.validity_months <= 0) {
      return Status::Invalid(path + ".validity_months", "Gyldighetstiden må være positiv");
    }
    if (s.steps.empty()) return Status::Invalid(path + ".steps", "Må ha minst ett prosessteg");
    HK_RETURN_IF_ERROR(CheckSource(s.source, path + ".source"));
  }
  for (const Requirement& r : c.requirements) HK_RETURN_IF_ERROR(CheckRequirement(r, known));
  for (const Profile& p : c.profiles) HK_RETURN_IF_ERROR(CheckProfile(p, known));
  return Status::Ok();
}

namespace {
template <typename T>
void SortByKey(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.key < b.key; });
}
template <typename T>
void MergeByKey(std::vector<T>& base, const std::vector<T>& update) {
  std::map<std::string, std::size_t> index;  // key → position in base; O(n log n) for big imports
  for (std::size_t i = 0; i < base.size(); ++i) index.emplace(base[i].key, i);
  for (const T& item : update) {
    auto [it, inserted] = index.emplace(item.key, base.size());
    if (inserted) {
      base.push_back(item);
    } else {
      base[it->second] = item;
    }
  }
}
}  // namespace

void SortCatalog(Catalog& c) {
  SortByKey(c.categories);
  SortByKey(c.national_solutions);
  SortByKey(c.interop_services);
  SortByKey(c.organisations);
  SortByKey(c.standards);
  SortByKey(c.requirements);
  SortByKey(c.profiles);
  SortByKey(c.approval_schemes);
  auto by_version = [](const auto& a, const auto& b) { return a.version < b.version; };
  for (auto& r : c.requirements) std::sort(r.versions.begin(), r.versions.end(), by_version);
  for (auto& p : c.profiles) std::sort(p.versions.begin(), p.versions.end(), by_version);
}

Catalog MergeCatalogs(Catalog base, const Catalog& update) {
  MergeByKey(base.categories, update.categories);
  MergeByKey(base.national_solutions, update.national_solutions);
  MergeByKey(base.interop_services, update.interop_services);
  MergeByKey(base.organisations, update.organisations);
  MergeByKey(base.standards, update.standards);
  MergeByKey(base.requirements, update.requirements);
  MergeByKey(base.profiles, update.profiles);
  MergeByKey(base.approval_schemes, update.approval_schemes);
  if (!update.default_release.empty()) base.default_release = update.default_release;
  SortCatalog(base);
  return base;
}

void RemoveRecords(Catalog& catalog, const std::vector<RetiredRecord>& retired) {
  auto remove = [&](auto& list, const char* name) {
    std::erase_if(list, [&](const auto& record) {
      return std::any_of(retired.begin(), retired.end(), [&](const RetiredRecord& r) {
        return r.list == name && r.key == record.key;
      });
    });
  };
  remove(catalog.categories, "categories");
  remove(catalog.national_solutions, "national_solutions");
  remove(catalog.interop_services, "interoperability_services");
  remove(catalog.organisations, "organisations");
  remove(catalog.standards, "standards");
  remove(catalog.requirements, "requirements");
  remove(catalog.profiles, "profiles");
  remove(catalog.approval_schemes, "approval_schemes");
}

namespace {
template <typename V>
const V& VersionAtImpl(const std::vector<V>& versions, Date at) {
  const V* chosen = &versions.front();
  for (const V& v : versions) {
    if (v.valid_from <= at) chosen = &v;
  }
  return *chosen;
}
template <typename V>
const V* FindVersionImpl(const std::vector<V>& versions, int version) {
  for (const V& v : versions) {
    if (v.version == version) return &v;
  }
  return nullptr;
}
}  // namespace

const RequirementVersion& VersionAt(const Requirement& r, Date at) {
  return VersionAtImpl(r.versions, at);
}
const ProfileVersion& VersionAt(const Profile& p, Date at) { return VersionAtImpl(p.versions, at); }
const RequirementVersion* FindVersion(const Requirement& r, int version) {
  return FindVersionImpl(r.versions, version);
}
const ProfileVersion* FindVersion(const Profile& p, int version) {
  return FindVersionImpl(p.versions, version);
}

RequirementStatus StatusAt(Date valid_from, const std::optional<Date>& valid_to, Date at) {
  if (at < valid_from) return RequirementStatus::kUpcoming;
  if (valid_to && at >= *valid_to) return RequirementStatus::kExpired;
  return RequirementStatus::kActive;
}

std::optional<StandardStatus> StatusAt(const Standard& standard, Date at) {
  std::optional<StandardStatus> status;
  for (const LifecycleStep& step : standard.lifecycle) {
    if (step.from <= at) status = step.status;
  }
  return status;
}

bool BindsInNorway(const RequirementVersion& version, Date on) {
  if (!version.eea) return true;
  return version.eea->status == EeaStatus::kIncorporated && version.eea->in_force &&
         *version.eea->in_force <= on;
}

bool SelfDeclarable(const RequirementVersion& version) {
  return version.approval_schemes.empty() ||
         std::find(version.verification_methods.begin(), version.verification_methods.end(),
                   VerificationMethod::kSelfDeclaration) != version.verification_methods.end();
}

Obligation EffectiveObligation(Obligation requirement_obligation,
                               const std::optional<Obligation>& profile_obligation) {
  return profile_obligation ? std::max(requirement_obligation, *profile_obligation)
                            : requirement_obligation;
}

CategoryTree::CategoryTree(const std::vector<Category>& categories) {
  for (const Category& c : categories) {
    parent_[c.key] = c.parent;
    if (!c.parent.empty()) children_.emplace(c.parent, c.key);
  }
}

std::set<std::string> CategoryTree::Subtree(const std::string& key) const {
  std::set<std::string> out;
  std::vector<std::string> todo = {key};
  while (!todo.empty()) {
    std::string k = todo.back();
    todo.pop_back();
    if (!out.insert(k).second) continue;
    auto [lo, hi] = children_.equal_range(k);
    for (auto it = lo; it != hi; ++it) todo.push_back(it->second);
  }
  return out;
}

std::set<std::string> CategoryTree::Lineage(const std::string& key) const {
  std::set<std::string> out;
  std::string at = key;
  while (!at.empty() && out.insert(at).second) {
    auto it = parent_.find(at);
    at = it == parent_.end() ? std::string() : it->second;
  }
  return out;
}

bool CategoryTree::Applies(const std::vector<std::string>& tagged, const std::string& asked) const {
  if (tagged.empty()) return true;
  std::set<std::string> below = Subtree(asked);
  std::set<std::string> above = Lineage(asked);
  return std::any_of(tagged.begin(), tagged.end(),
                     [&](const std::string& t) { return below.count(t) || above.count(t); });
}

}  // namespace helsekrav::domain
