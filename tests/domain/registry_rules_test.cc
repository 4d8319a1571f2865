#include "domain/registry_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

// Test records use designated initializers and leave the other fields at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::domain {
namespace {

using testing::D;
using testing::DefaultCatalog;

const Date kToday = D("2026-11-23");
const char* kHealthApp = "helseapp";

void ExpectInvalid(const Status& s, const std::string& field, const std::string& message_part) {
  ASSERT_EQ(s.code(), StatusCode::kInvalid) << "expected a violation at " << field;
  EXPECT_EQ(s.field(), field) << s.ToString();
  EXPECT_NE(s.message().find(message_part), std::string::npos) << s.message();
}

const Requirement& Req(const Catalog& c, const std::string& key) {
  for (const auto& r : c.requirements) {
    if (r.key == key) return r;
  }
  throw std::logic_error("no requirement " + key);
}

const ProfileVersion& ProfileV(const Catalog& c, const std::string& key, int version) {
  for (const auto& p : c.profiles) {
    if (p.key == key) return *FindVersion(p, version);
  }
  throw std::logic_error("no profile " + key);
}

// A declaration for `profile` version 1 answering every item "meets" at today's version.
Declaration FullDeclaration(const std::string& profile = kHealthApp) {
  const Catalog& c = DefaultCatalog();
  Declaration d;
  d.id = "decl-1";
  d.org_id = "org-1";
  d.profile = profile;
  d.profile_version = 1;
  for (const ProfileItem& item : ProfileV(c, profile, 1).items) {
    DeclarationAnswer a;
    a.requirement = item.requirement;
    a.requirement_version = VersionAt(Req(c, item.requirement), kToday).version;
    a.answer = Answer::kMeets;
    a.statement = "Løsningen oppfyller kravet.";
    d.answers.push_back(a);
  }
  return d;
}

std::size_t IndexOf(const Declaration& d, const std::string& requirement) {
  for (std::size_t i = 0; i < d.answers.size(); ++i) {
    if (d.answers[i].requirement == requirement) return i;
  }
  throw std::logic_error("no answer " + requirement);
}

// ---- Organisations, users, passwords -------------------------------------------------------

OrgAccount Supplier() {
  OrgAccount o;
  o.orgnr = "974760673";
  o.name = "Eksempel Helse AS";
  o.kind = OrganisationKind::kSupplier;
  o.website = "https://eksempel.no";
  return o;
}

TEST(RegistryRulesTest, ValidSupplierAndMunicipality) {
  EXPECT_TRUE(ValidateOrgAccount(Supplier(), DefaultCatalog()).ok());
  OrgAccount oslo;
  oslo.orgnr = "958935420";
  oslo.name = "Oslo kommune";
  oslo.kind = OrganisationKind::kMunicipality;
  oslo.municipality_number = "0301";
  Status s = ValidateOrgAccount(oslo, DefaultCatalog());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(RegistryRulesTest, OrgAccountViolations) {
  const Catalog& c = DefaultCatalog();
  OrgAccount o = Supplier();
  o.name = "  ";
  ExpectInvalid(ValidateOrgAccount(o, c), "name", "mangler");
  o = Supplier();
  o.orgnr = "974760674";
  ExpectInvalid(ValidateOrgAccount(o, c), "orgnr", "kontrollsiffer");
  o = Supplier();
  o.website = "http://eksempel.no";
  ExpectInvalid(ValidateOrgAccount(o, c), "website", "https");
  o = Supplier();
  o.municipality_number = "0301";
  ExpectInvalid(ValidateOrgAccount(o, c), "municipality_number", "Bare kommuner");

  OrgAccount m;
  m.orgnr = "958935420";
  m.name = "Oslo kommune";
  m.kind = OrganisationKind::kMunicipality;
  ExpectInvalid(ValidateOrgAccount(m, c), "municipality_number", "kommunenummer");
  m.municipality_number = "0399";
  ExpectInvalid(ValidateOrgAccount(m, c), "municipality_number", "finnes ikke");
  m.municipality_number = "0301";
  m.orgnr = "974760673";
  ExpectInvalid(ValidateOrgAccount(m, c), "orgnr", "stemmer ikke");
}

// ---- Bodies without a Norwegian organisation number (issue 12) -----------------------------

OrgAccount NotifiedBody() {
  OrgAccount o;
  o.id_kind = OrgIdKind::kNando;
  o.identifier = "2797";
  o.name = "BSI Group The Netherlands B.V.";
  o.kind = OrganisationKind::kApprovingBody;
  return o;
}

TEST(OrgIdentifierTest, EachKindValidates) {
  const Catalog& c = DefaultCatalog();
  EXPECT_TRUE(ValidateOrgAccount(NotifiedBody(), c).ok());
  OrgAccount o = NotifiedBody();
  o.identifier = "279";
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier", "4 siffer");

  o = NotifiedBody();
  o.id_kind = OrgIdKind::kAccreditation;
  o.identifier = "Norsk akkreditering TEST 001";
  EXPECT_TRUE(ValidateOrgAccount(o, c).ok());
  o.identifier = "  ";
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier", "mangler");
  o.identifier = std::string(kMaxIdentifierLength + 1, 'x');
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier", "høyst 60");
  o.identifier = "TEST\n001";
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier", "ugyldige");

  o = NotifiedBody();
  o.id_kind = OrgIdKind::kForeign;
  o.country = "SE";
  o.identifier = "556000-0000";
  EXPECT_TRUE(ValidateOrgAccount(o, c).ok());
  o.country = "Sverige";
  ExpectInvalid(ValidateOrgAccount(o, c), "country", "to bokstaver");
  o.country = "NO";
  ExpectInvalid(ValidateOrgAccount(o, c), "country", "organisasjonsnummer");
  o.country = "SE";
  o.identifier = "";
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier", "mangler");
}

TEST(OrgIdentifierTest, OnlyApprovingBodiesGoWithoutOrgnrAndNeverWithBoth) {
  const Catalog& c = DefaultCatalog();
  OrgAccount o = NotifiedBody();
  o.kind = OrganisationKind::kSupplier;
  ExpectInvalid(ValidateOrgAccount(o, c), "identifier_kind", "Bare godkjenningsorganer");
  o = NotifiedBody();
  o.orgnr = "974760673";
  ExpectInvalid(ValidateOrgAccount(o, c), "orgnr", "enten");
  o = NotifiedBody();
  o.country = "SE";
  ExpectInvalid(ValidateOrgAccount(o, c), "country", "utenlandske");
  OrgAccount supplier = Supplier();
  supplier.identifier = "2797";
  ExpectInvalid(ValidateOrgAccount(supplier, c), "identifier", "ingen annen");
}

TEST(OrgIdentifierTest, UniqueKeysParseBackAndNorwegianKeysStayTheOrgnr) {
  EXPECT_EQ(OrgUniqueKey(Supplier()), "974760673");
  EXPECT_EQ(OrgUniqueKey(NotifiedBody()), "nando:2797");
  EXPECT_EQ(OrgIdentifierText(NotifiedBody()), "NANDO 2797");
  for (const char* key : {"974760673", "nando:2797", "accreditation:Norsk akkreditering TEST 001",
                          "foreign:SE:556000-0000"}) {
    OrgAccount o;
    ASSERT_TRUE(ParseOrgIdentifier(key, o).ok()) << key;
    EXPECT_EQ(OrgUniqueKey(o), key);
  }
  OrgAccount o;
  ASSERT_TRUE(ParseOrgIdentifier("foreign: se :  556000-0000 ", o).ok());
  EXPECT_EQ(o.id_kind, OrgIdKind::kForeign);
  EXPECT_EQ(o.country, "SE");
  EXPECT_EQ(o.identifier, "556000-0000");
  EXPECT_EQ(OrgIdentifierText(o), "SE 556000-0000");
  ASSERT_TRUE(ParseOrgIdentifier("orgnr:974760673", o).ok());
  EXPECT_EQ(o.id_kind, OrgIdKind::kOrgnr);
  EXPECT_EQ(o.orgnr, "974760673");
  EXPECT_TRUE(o.identifier.empty() && o.country.empty());
  EXPECT_EQ(ParseOrgIdentifier("lei:5493001KJTIIGC8Y1R12", o).field(), "identifier");
  EXPECT_EQ(ParseOrgIdentifier("foreign:SE", o).field(), "identifier");

  OrgAccount padded = NotifiedBody();
  padded.id_kind = OrgIdKind::kAccreditation;
  padded.identifier = "  Norsk akkreditering TEST 001 \t";
  NormaliseOrgIdentifier(padded);
  EXPECT_EQ(padded.identifier, "Norsk akkreditering TEST 001");
}

TEST(OrgIdentifierTest, ActsAsIsACatalogBodyOfTheSameKindWithoutAnotherOrgnr) {
  const Catalog& c = DefaultCatalog();
  std::vector<std::string> keys;
  for (const Organisation* o : ActsAsChoices(NotifiedBody(), c)) keys.push_back(o->key);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "meldt-organ"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "sertifiseringsorgan"), keys.end());
  EXPECT_EQ(std::find(keys.begin(), keys.end(), "norsk-helsenett"), keys.end());  // has orgnr
  EXPECT_EQ(std::find(keys.begin(), keys.end(), "dmp"), keys.end());              // an authority
  EXPECT_TRUE(ActsAsChoices(Supplier(), c).empty());

  OrgAccount o = NotifiedBody();
  o.acts_as = "meldt-organ";
  EXPECT_TRUE(ValidateOrgAccount(o, c).ok());
  o.acts_as = "finnes-ikke";
  ExpectInvalid(ValidateOrgAccount(o, c), "acts_as", "finnes ikke");
  o.acts_as = "norsk-helsenett";
  ExpectInvalid(ValidateOrgAccount(o, c), "acts_as", "994598759");
  OrgAccount supplier = Supplier();
  supplier.acts_as = "meldt-organ";
  ExpectInvalid(ValidateOrgAccount(supplier, c), "acts_as", "kan ikke opptre");
}

TEST(RegistryRulesTest, UserAndPassword) {
  User u{.id = "u1", .email = "kari@eksempel.no", .name = "Kari Nordmann"};
  EXPECT_TRUE(ValidateUser(u).ok());
  for (const char* bad : {"", "kari", "kari@@eksempel.no", "kari@eksempel", "@eksempel.no",
                          "kari@eksempel.", "kari nordmann@eksempel.no"}) {
    u.email = bad;
    ExpectInvalid(ValidateUser(u), "email", "");
  }
  u.email = "kari@eksempel.no";
  u.name = "";
  ExpectInvalid(ValidateUser(u), "name", "mangler");

  EXPECT_TRUE(ValidatePassword("korrekt hest batteri", "kari@eksempel.no").ok());
  ExpectInvalid(ValidatePassword("kort", "kari@eksempel.no"), "password", "minst 12");
  ExpectInvalid(ValidatePassword("aaaaaaaaaaaaaaaa", "kari@eksempel.no"), "password", "samme");
  ExpectInvalid(ValidatePassword("Kari@Eksempel.no", "kari@eksempel.no"), "password",
                "e-postadressen");
  // Twelve Norwegian letters are twelve characters, not 24 bytes' worth.
  EXPECT_TRUE(ValidatePassword("ææøøååææøøåå", "kari@eksempel.no").ok());
  // ASVS 2.1.2: 64 characters are allowed (æ counts as one), more than 128 refused.
  std::string long_password;
  for (int i = 0; i < 32; ++i) long_password += "æb";
  EXPECT_TRUE(ValidatePassword(long_password + long_password, "kari@eksempel.no").ok());
  ExpectInvalid(ValidatePassword(long_password + long_password + "x", "kari@eksempel.no"),
                "password", "høyst 128");
  ExpectInvalid(ValidatePassword("æøåæøå", "kari@eksempel.no"), "password", "minst");
}

// ---- Products, versions, deployments, files ------------------------------------------------

TEST(RegistryRulesTest, Product) {
  CategoryTree tree(DefaultCatalog().categories);
  Product p{.name = "Journal Pluss",
            .description = "EPJ for **pleie og omsorg**",
            .categories = {"epj-pleie-omsorg"}};
  EXPECT_TRUE(ValidateProduct(p, tree).ok());
  p.categories = {"epj-pleie-omsorg", "finnes-ikke"};
  ExpectInvalid(ValidateProduct(p, tree), "categories[1]", "finnes-ikke");
  p.categories = {"epj-pleie-omsorg", "epj-pleie-omsorg"};
  ExpectInvalid(ValidateProduct(p, tree), "categories[1]", "flere ganger");
  p.categories = {};
  p.website = "ftp://eksempel.no";
  ExpectInvalid(ValidateProduct(p, tree), "website", "https");
  p.website = "";
  p.name = std::string(kMaxNameLength + 1, 'x');
  ExpectInvalid(ValidateProduct(p, tree), "name", "høyst");
  p.name = "Journal";
  p.description = std::string(kMaxTextLength + 1, 'x');
  ExpectInvalid(ValidateProduct(p, tree), "description", "høyst");
}

TEST(RegistryRulesTest, ProductVersion) {
  const Catalog& c = DefaultCatalog();
  ProductVersion v{.version = "4.2.0", .integrations = {"helseid", "kjernejournal"}};
  EXPECT_TRUE(ValidateProductVersion(v, c).ok());
  v.version = "";
  ExpectInvalid(ValidateProductVersion(v, c), "version", "mangler");
  v.version = std::string(51, '1');
  ExpectInvalid(ValidateProductVersion(v, c), "version", "50");
  v.version = "4.2\n";
  ExpectInvalid(ValidateProductVersion(v, c), "version", "ugyldige");
  v.version = "2026 vår";
  v.integrations = {"helseid", "brevdue"};
  ExpectInvalid(ValidateProductVersion(v, c), "integrations[1]", "brevdue");
}

TEST(RegistryRulesTest, Deployment) {
  const Catalog& c = DefaultCatalog();
  Deployment d{.org_id = "o",
               .product_version_id = "pv",
               .municipalities = {"0301"},
               .since = D("2025-01-01")};
  EXPECT_TRUE(ValidateDeployment(d, c).ok());
  d.until = D("2024-12-31");
  ExpectInvalid(ValidateDeployment(d, c), "until", "før");
  d.until = D("2025-01-01");
  EXPECT_TRUE(ValidateDeployment(d, c).ok());
  d.municipalities = {"0301", "9999"};
  ExpectInvalid(ValidateDeployment(d, c), "municipalities[1]", "9999");
  d.municipalities = {"0301", "0301"};
  ExpectInvalid(ValidateDeployment(d, c), "municipalities[1]", "flere ganger");
  d.municipalities = {};
  d.product_version_id = "";
  ExpectInvalid(ValidateDeployment(d, c), "product_version_id", "produktversjon");
}

TEST(RegistryRulesTest, EvidenceFile) {
  EvidenceFile f{.name = "sertifikat.pdf", .content_type = "application/pdf", .size = 1000};
  EXPECT_TRUE(ValidateEvidenceFile(f).ok());
  for (const std::string& type : AllowedEvidenceTypes()) {
    f.content_type = type;
    EXPECT_TRUE(ValidateEvidenceFile(f).ok()) << type;
  }
  f.content_type = "text/plain; charset=utf-8";
  EXPECT_TRUE(ValidateEvidenceFile(f).ok());
  f.content_type = "text/html";
  ExpectInvalid(ValidateEvidenceFile(f), "content_type", "ikke tillatt");
  f.content_type = "application/pdf";
  f.size = 0;
  ExpectInvalid(ValidateEvidenceFile(f), "size", "tom");
  f.size = kMaxEvidenceFileBytes + 1;
  ExpectInvalid(ValidateEvidenceFile(f), "size", "for stor");
  f.size = kMaxEvidenceFileBytes;
  EXPECT_TRUE(ValidateEvidenceFile(f).ok());
  f.name = "../etc/passwd";
  ExpectInvalid(ValidateEvidenceFile(f), "name", "/");
  f.name = "";
  ExpectInvalid(ValidateEvidenceFile(f), "name", "mangler");
}

// Security review 2026-12, Info: an HTML body was accepted as application/pdf.
TEST(SecurityReview, InfoUploadContentMustMatchItsType) {
  EXPECT_TRUE(CheckEvidenceContent("application/pdf", "%PDF-1.7\n…").ok());
  ExpectInvalid(CheckEvidenceContent("application/pdf", "<html><script>x</script>"), "content_type",
                "PDF");
  EXPECT_TRUE(CheckEvidenceContent("image/png", "\x89PNG\r\n\x1a\nIHDR").ok());
  ExpectInvalid(CheckEvidenceContent("image/png", "GIF89a"), "content_type", "PNG");
  EXPECT_TRUE(CheckEvidenceContent("image/jpeg", "\xff\xd8\xff\xe0").ok());
  ExpectInvalid(CheckEvidenceContent("image/jpeg", "\x89PNG"), "content_type", "JPEG");
  const std::string zip("PK\x03\x04rest", 8);
  EXPECT_TRUE(
      CheckEvidenceContent("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip)
          .ok());
  ExpectInvalid(CheckEvidenceContent("application/zip", "%PDF"), "content_type", "ZIP");
  EXPECT_TRUE(CheckEvidenceContent("text/csv; charset=utf-8", "a;b\n1;2\n").ok());
  ExpectInvalid(CheckEvidenceContent("text/plain", std::string("MZ\0\0", 4)), "content_type",
                "tekst");
}

// ---- Declarations --------------------------------------------------------------------------

TEST(RegistryDeclarationTest, FullDeclarationIsValidAndComplete) {
  Declaration d = FullDeclaration();
  Status s = ValidateDeclaration(d, DefaultCatalog(), /*complete=*/true);
  EXPECT_TRUE(s.ok()) << s.ToString();
  ASSERT_NE(DeclaredProfileVersion(d, DefaultCatalog()), nullptr);
  EXPECT_EQ(DeclaredProfileVersion(d, DefaultCatalog())->version, 1);
  const RequirementVersion* cited = CitedVersion(d.answers[0], DefaultCatalog());
  ASSERT_NE(cited, nullptr);
  EXPECT_EQ(cited->version, d.answers[0].requirement_version);
}

TEST(RegistryDeclarationTest, ProfileMustExist) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  d.profile = "finnes-ikke";
  ExpectInvalid(ValidateDeclaration(d, c, false), "profile", "finnes-ikke");
  EXPECT_EQ(DeclaredProfileVersion(d, c), nullptr);
  d = FullDeclaration();
  d.profile_version = 9;
  ExpectInvalid(ValidateDeclaration(d, c, false), "profile_version", "versjon 9");
}

TEST(RegistryDeclarationTest, RequirementMustBeInCatalogAndProfile) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  d.answers[2].requirement = "XX-99";
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[2].requirement", "katalogen");
  d = FullDeclaration();
  d.answers[2].requirement = "SMART-01";  // in the catalog, not in the health-app profile
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[2].requirement", "profilen");
  d = FullDeclaration();
  d.answers[3].requirement_version = 7;
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[3].requirement_version", "versjon 7");
  d = FullDeclaration();
  d.answers[4].requirement = d.answers[1].requirement;
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[4].requirement", "flere ganger");
}

TEST(RegistryDeclarationTest, NotApplicableNeedsReason) {
  Declaration d = FullDeclaration();
  d.answers[3].answer = Answer::kNotApplicable;
  ExpectInvalid(ValidateDeclaration(d, DefaultCatalog(), false), "answers[3].reason",
                "«Ikke relevant» må begrunnes");
  d.answers[3].reason = "  \n";
  ExpectInvalid(ValidateDeclaration(d, DefaultCatalog(), false), "answers[3].reason",
                "Begrunnelse mangler");
  d.answers[3].reason = "Appen behandler ikke helseopplysninger.";
  EXPECT_TRUE(ValidateDeclaration(d, DefaultCatalog(), false).ok());
}

TEST(RegistryDeclarationTest, EvidenceIsWellFormed) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  auto& ev = d.answers[1].evidence;
  ev.push_back({.kind = EvidenceKind::kLink, .url = "https://eksempel.no/dpia.pdf"});
  ev.push_back({.kind = EvidenceKind::kReference, .reference = "ISO/IEC 27001:2022 nr. 123"});
  ev.push_back({.kind = EvidenceKind::kFile, .file_id = "f1", .file_name = "a.pdf"});
  EXPECT_TRUE(ValidateDeclaration(d, c, false).ok());
  ev[0].url = "http://eksempel.no/dpia.pdf";
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[1].evidence[0].url", "https");
  ev[0].url = "https://eksempel.no/dpia.pdf";
  ev[2].file_id = "";
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[1].evidence[2].file_id", "fil");
  ev[2].file_id = "f1";
  ev[1].reference = "";
  ExpectInvalid(ValidateDeclaration(d, c, false), "answers[1].evidence[1].reference", "mangler");
}

TEST(RegistryDeclarationTest, CompleteNeedsEveryRequirement) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  std::string missing = d.answers[5].requirement;
  d.answers.erase(d.answers.begin() + 5);
  EXPECT_TRUE(ValidateDeclaration(d, c, /*complete=*/false).ok());
  ExpectInvalid(ValidateDeclaration(d, c, /*complete=*/true), "answers", "«" + missing + "»");
}

// ---- Lifecycle -----------------------------------------------------------------------------

TEST(RegistryLifecycleTest, EveryActionFromEveryStatus) {
  using A = DeclarationAction;
  using S = DeclarationStatus;
  const std::map<std::pair<A, S>, S> kAllowed = {
      {{A::kEdit, S::kDraft}, S::kDraft},
      {{A::kSubmit, S::kDraft}, S::kSubmitted},
      {{A::kPublish, S::kDraft}, S::kPublished},
      {{A::kPublish, S::kSubmitted}, S::kPublished},
      {{A::kReturnToDraft, S::kSubmitted}, S::kDraft},
      {{A::kWithdraw, S::kPublished}, S::kWithdrawn},
      {{A::kWithdraw, S::kSubmitted}, S::kWithdrawn},
      {{A::kSupersede, S::kPublished}, S::kSuperseded},
  };
  int checked = 0;
  for (A action :
       {A::kEdit, A::kSubmit, A::kPublish, A::kReturnToDraft, A::kWithdraw, A::kSupersede}) {
    for (S from : {S::kDraft, S::kSubmitted, S::kPublished, S::kWithdrawn, S::kSuperseded}) {
      auto next = NextStatus(from, action);
      auto it = kAllowed.find({action, from});
      if (it == kAllowed.end()) {
        ASSERT_FALSE(next.ok()) << Code(from) << " action " << static_cast<int>(action);
        EXPECT_EQ(next.status().field(), "status");
        EXPECT_NE(next.status().message().find(std::string(Label(from))), std::string::npos);
      } else {
        ASSERT_TRUE(next.ok()) << Code(from) << " action " << static_cast<int>(action);
        EXPECT_EQ(*next, it->second);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 30);
}

// ---- Permissions ---------------------------------------------------------------------------

Actor Editor(OrganisationKind kind, const std::string& org = "org-a") {
  return Actor{.user_id = "u1",
               .org_id = org,
               .org_kind = kind,
               .org_status = OrgStatus::kApproved,
               .role = Role::kEditor};
}

TEST(RegistryAuthorizeTest, SupplierEditorOnOwnAndOtherOrg) {
  Actor a = Editor(OrganisationKind::kSupplier);
  for (Permission p :
       {Permission::kEditProducts, Permission::kManageDeclarations, Permission::kUploadEvidence}) {
    EXPECT_TRUE(Authorize(a, p, "org-a").ok());
    EXPECT_TRUE(Authorize(a, p, "").ok());  // creating new data for one's own org
    Status wrong = Authorize(a, p, "org-b");
    EXPECT_EQ(wrong.code(), StatusCode::kForbidden);
    EXPECT_NE(wrong.message().find("annen organisasjon"), std::string::npos);
  }
  EXPECT_EQ(Authorize(a, Permission::kRecordDeployments, "org-a").code(), StatusCode::kForbidden);
  EXPECT_EQ(Authorize(a, Permission::kManageMembers, "org-a").code(), StatusCode::kForbidden);
}

TEST(RegistryAuthorizeTest, SuppliersAndBodiesUploadEvidenceMunicipalitiesDoNot) {
  for (OrganisationKind kind : {OrganisationKind::kSupplier, OrganisationKind::kApprovingBody,
                                OrganisationKind::kAuthority}) {
    EXPECT_TRUE(Authorize(Editor(kind), Permission::kUploadEvidence, "org-a").ok());
  }
  Status s =
      Authorize(Editor(OrganisationKind::kMunicipality), Permission::kUploadEvidence, "org-a");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("godkjenningsorganer"), std::string::npos) << s.message();
  // Bodies still do not register products or declarations.
  EXPECT_EQ(Authorize(Editor(OrganisationKind::kApprovingBody), Permission::kEditProducts, "org-a")
                .code(),
            StatusCode::kForbidden);
}

TEST(RegistryAuthorizeTest, Anonymous) {
  Actor anonymous;
  ASSERT_TRUE(anonymous.anonymous());
  for (Permission p :
       {Permission::kEditProducts, Permission::kViewAllEvents, Permission::kRecordDeployments}) {
    Status s = Authorize(anonymous, p, "org-a");
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
    EXPECT_NE(s.message().find("logge inn"), std::string::npos);
  }
}

TEST(RegistryAuthorizeTest, PendingAndRejectedOrganisations) {
  Actor a = Editor(OrganisationKind::kSupplier);
  a.org_status = OrgStatus::kPending;
  Status s = Authorize(a, Permission::kEditProducts, "org-a");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_EQ(s.message(), "Organisasjonen din er ikke godkjent ennå");
  a.org_status = OrgStatus::kRejected;
  EXPECT_EQ(Authorize(a, Permission::kEditProducts, "org-a").code(), StatusCode::kForbidden);
}

TEST(RegistryAuthorizeTest, ViewerMayNotEdit) {
  Actor a = Editor(OrganisationKind::kSupplier);
  a.role = Role::kViewer;
  Status s = Authorize(a, Permission::kManageDeclarations, "org-a");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("lesetilgang"), std::string::npos);
  a.role = Role::kAdmin;  // admins include editors
  EXPECT_TRUE(Authorize(a, Permission::kManageDeclarations, "org-a").ok());
}

TEST(RegistryAuthorizeTest, ApiTokenNeedsWriteScopeForMutations) {
  Actor t = Editor(OrganisationKind::kSupplier);
  t.user_id = "";
  t.api_token = true;
  t.scopes = {"read"};
  Status s = Authorize(t, Permission::kManageDeclarations, "org-a");
  EXPECT_EQ(s.code(), StatusCode::kForbidden);
  EXPECT_NE(s.message().find("write"), std::string::npos);
  t.scopes = {"read", "write"};
  EXPECT_TRUE(Authorize(t, Permission::kManageDeclarations, "org-a").ok());
  // Reading events is not a mutation.
  t.role = Role::kAdmin;
  t.scopes = {"read"};
  EXPECT_TRUE(Authorize(t, Permission::kViewOrgEvents, "org-a").ok());
}

TEST(RegistryAuthorizeTest, BuyersRecordDeployments) {
  for (OrganisationKind k :
       {OrganisationKind::kMunicipality, OrganisationKind::kHealthEnterprise}) {
    Actor a = Editor(k);
    EXPECT_TRUE(Authorize(a, Permission::kRecordDeployments, "org-a").ok());
    EXPECT_EQ(Authorize(a, Permission::kRecordDeployments, "org-b").code(), StatusCode::kForbidden);
    EXPECT_EQ(Authorize(a, Permission::kEditProducts, "org-a").code(), StatusCode::kForbidden);
  }
}

TEST(RegistryAuthorizeTest, AdminsManageTheirOwnOrganisation) {
  Actor admin = Editor(OrganisationKind::kMunicipality);
  admin.role = Role::kAdmin;
  for (Permission p :
       {Permission::kManageMembers, Permission::kManageApiTokens, Permission::kViewOrgEvents}) {
    EXPECT_TRUE(Authorize(admin, p, "org-a").ok());
    EXPECT_EQ(Authorize(admin, p, "org-b").code(), StatusCode::kForbidden);
    Actor editor = Editor(OrganisationKind::kMunicipality);
    EXPECT_EQ(Authorize(editor, p, "org-a").code(), StatusCode::kForbidden);
  }
  EXPECT_EQ(Authorize(admin, Permission::kViewAllEvents, "").code(), StatusCode::kForbidden);
  EXPECT_EQ(Authorize(admin, Permission::kDecideOrganisations, "").code(), StatusCode::kForbidden);
}

TEST(RegistryAuthorizeTest, AuthorityAdminSeesAllAndDecides) {
  Actor a = Editor(OrganisationKind::kAuthority, "direktoratet");
  a.role = Role::kAdmin;
  EXPECT_TRUE(Authorize(a, Permission::kViewAllEvents, "").ok());
  EXPECT_TRUE(Authorize(a, Permission::kViewAllEvents, "org-b").ok());
  EXPECT_TRUE(Authorize(a, Permission::kDecideOrganisations, "org-b").ok());
  a.role = Role::kEditor;
  EXPECT_EQ(Authorize(a, Permission::kDecideOrganisations, "org-b").code(), StatusCode::kForbidden);
  a.role = Role::kAdmin;
  a.org_status = OrgStatus::kPending;
  EXPECT_EQ(Authorize(a, Permission::kDecideOrganisations, "org-b").code(), StatusCode::kForbidden);
}

// ---- Coverage ------------------------------------------------------------------------------

// helseapp version 1 in data/catalog, counted by hand from profiles.json and requirements.json
// (the profile tightens no obligation): 20 items; mandatory (10): GDPR-01, -02, -05, -06, -08,
// PROD-07, MDR-01, -02, -03, UU-01; recommended (10): SIK-06, -08, -09, -11, PROD-04, -05, -06,
// BRUK-07, NHN-HN-03, and KI-06, a mandatory EU rule still awaiting EEA incorporation.
TEST(RegistryCoverageTest, FullAndPartialDeclaration) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  Coverage full = ComputeCoverage(d, c);
  EXPECT_EQ(full.total, 20);
  EXPECT_EQ(full.answered, 20);
  EXPECT_EQ(full.mandatory_total, 10);
  EXPECT_EQ(full.mandatory_met, 10);
  EXPECT_EQ(full.recommended_total, 10);
  EXPECT_EQ(full.recommended_met, 10);
  EXPECT_EQ(full.MandatoryPercent(), 100);

  // PROD-04 (recommended) only partially met, GDPR-01 (mandatory) not answered: mandatory 9 of
  // 10 = 90 %, recommended 9 of 10 = 90 %, 19 of 20 answered.
  d.answers[IndexOf(d, "PROD-04")].answer = Answer::kPartially;
  d.answers.erase(d.answers.begin() + static_cast<long>(IndexOf(d, "GDPR-01")));
  Coverage partial = ComputeCoverage(d, c);
  EXPECT_EQ(partial.total, 20);
  EXPECT_EQ(partial.answered, 19);
  EXPECT_EQ(partial.mandatory_total, 10);
  EXPECT_EQ(partial.mandatory_met, 9);
  EXPECT_EQ(partial.MandatoryPercent(), 90);
  EXPECT_EQ(partial.recommended_met, 9);
  EXPECT_EQ(partial.RecommendedPercent(), 90);
}

// The rule (registry_rules.h, Coverage; DOMAIN.md does not say): only `meets` counts as met.
// `partially`, `does_not_meet`, `not_applicable` and no answer all count against the item's
// obligation; informative items count only towards total/answered.
TEST(RegistryCoverageTest, OnlyMeetsCountsAsMetNotApplicableCountsAgainstMandatory) {
  auto requirement = [](const std::string& key, Obligation obligation) {
    RequirementVersion v;
    v.title = key;
    v.obligation = obligation;
    v.legal_basis = obligation == Obligation::kMandatory ? "Forskrift § 1" : "";
    v.valid_from = D("2025-01-01");
    return Requirement{.key = key, .versions = {v}};
  };
  Catalog c;
  c.requirements = {requirement("M1", Obligation::kMandatory),
                    requirement("M2", Obligation::kMandatory),
                    requirement("M3", Obligation::kMandatory),
                    requirement("M4", Obligation::kMandatory),
                    requirement("M5", Obligation::kMandatory),
                    requirement("M6", Obligation::kRecommended),  // tightened by the profile
                    requirement("M7", Obligation::kMandatory),
                    requirement("R1", Obligation::kRecommended),
                    requirement("R2", Obligation::kRecommended),
                    requirement("R3", Obligation::kRecommended),
                    requirement("I1", Obligation::kInformative),
                    requirement("I2", Obligation::kInformative)};
  ProfileVersion pv;
  pv.valid_from = D("2025-06-01");
  for (const Requirement& r : c.requirements) {
    pv.items.push_back(ProfileItem{.requirement = r.key});
  }
  pv.items[5].obligation = Obligation::kMandatory;
  c.profiles = {Profile{.key = "laas", .versions = {pv}}};

  Declaration d{.profile = "laas", .profile_version = 1};
  auto answer = [&d](const std::string& key, Answer a) {
    d.answers.push_back(
        DeclarationAnswer{.requirement = key,
                          .requirement_version = 1,
                          .answer = a,
                          .reason = a == Answer::kNotApplicable ? "Ikke aktuelt" : ""});
  };
  answer("M1", Answer::kMeets);
  answer("M2", Answer::kPartially);
  answer("M3", Answer::kDoesNotMeet);
  answer("M4", Answer::kNotApplicable);
  answer("M5", Answer::kMeets);
  answer("M6", Answer::kMeets);
  // M7: no answer.
  answer("R1", Answer::kMeets);
  answer("R2", Answer::kNotApplicable);
  answer("R3", Answer::kPartially);
  answer("I1", Answer::kMeets);
  // I2: no answer.

  Coverage coverage = ComputeCoverage(d, c);
  // Mandatory: M1–M7 (M6 by tightening) = 7; met: M1, M5, M6 = 3; 3 × 100 / 7 = 42.9 → 42.
  EXPECT_EQ(coverage.mandatory_total, 7);
  EXPECT_EQ(coverage.mandatory_met, 3);
  EXPECT_EQ(coverage.MandatoryPercent(), 42);
  // Recommended: R1–R3 = 3; met: R1 = 1; 100 / 3 = 33.3 → 33.
  EXPECT_EQ(coverage.recommended_total, 3);
  EXPECT_EQ(coverage.recommended_met, 1);
  EXPECT_EQ(coverage.RecommendedPercent(), 33);
  // 12 items, 10 answered (all but M7 and I2).
  EXPECT_EQ(coverage.total, 12);
  EXPECT_EQ(coverage.answered, 10);
}

TEST(RegistryCoverageTest, PercentRoundsDownAndEmptyIsFull) {
  Coverage c{.mandatory_total = 3, .mandatory_met = 2};
  EXPECT_EQ(c.MandatoryPercent(), 66);
  EXPECT_EQ(c.RecommendedPercent(), 100);
  EXPECT_EQ(ComputeCoverage(Declaration{.profile = "finnes-ikke"}, DefaultCatalog()).total, 0);
}

TEST(RegistryCoverageTest, ItemObligationTightens) {
  RequirementVersion v;
  v.obligation = Obligation::kRecommended;
  EXPECT_EQ(ItemObligation({"X", std::nullopt}, v), Obligation::kRecommended);
  EXPECT_EQ(ItemObligation({"X", Obligation::kMandatory}, v), Obligation::kMandatory);
}

TEST(RegistryCoverageTest, ProgressByAreaSumsToProfile) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  d.answers.erase(d.answers.begin() + static_cast<long>(IndexOf(d, "UU-01")));
  auto progress = ProgressByArea(d, c);
  int answered = 0, total = 0;
  for (const auto& [area, counts] : progress) {
    answered += counts.first;
    total += counts.second;
    EXPECT_LE(counts.first, counts.second);
  }
  EXPECT_EQ(total, static_cast<int>(ProfileV(c, kHealthApp, 1).items.size()));
  EXPECT_EQ(answered, total - 1);
  ASSERT_TRUE(progress.count(Area::kUsability));  // UU-01 is a usability requirement
  EXPECT_EQ(progress[Area::kUsability].first + 1, progress[Area::kUsability].second);
}

// ---- Review and pre-filling ----------------------------------------------------------------

TEST(RegistryReviewTest, OutdatedAnswers) {
  const Catalog& c = DefaultCatalog();
  Declaration d = FullDeclaration();
  // Published after this release corrected the catalog's wording (corrected_on).
  const Timestamp after_corrections = Timestamp{D("2026-12-08").days()} * 86400;
  d.published_at = after_corrections;
  EXPECT_TRUE(OutdatedAnswers(d, c, kToday).empty());
  // UU-01 has version 2 since 2023: an answer against version 1 must be reviewed.
  d.answers[IndexOf(d, "UU-01")].requirement_version = 1;
  EXPECT_EQ(OutdatedAnswers(d, c, kToday), std::vector<std::string>{"UU-01"});
  // Before version 2 started, version 1 was current.
  EXPECT_TRUE(OutdatedAnswers(d, c, D("2020-01-01")).empty());

  // EHDS-02 version 2 starts in 2029: an answer against version 1 is fine until then.
  Declaration e{.profile = "x",
                .answers = {{.requirement = "EHDS-02", .requirement_version = 1}},
                .published_at = after_corrections};
  EXPECT_TRUE(OutdatedAnswers(e, c, kToday).empty());
  EXPECT_EQ(OutdatedAnswers(e, c, D("2029-03-26")), std::vector<std::string>{"EHDS-02"});
}

TEST(RegistryReviewTest, CorrectedWithdrawnAndRemovedVersionsNeedReview) {
  Catalog c = DefaultCatalog();
  Declaration d{.profile = "x",
                .answers = {{.requirement = "GDPR-01", .requirement_version = 1}},
                .published_at = Timestamp{D("2026-12-01").days()} * 86400};
  auto gdpr = std::find_if(c.requirements.begin(), c.requirements.end(),
                           [](const Requirement& r) { return r.key == "GDPR-01"; });
  ASSERT_NE(gdpr, c.requirements.end());
  RequirementVersion& v = gdpr->versions.front();
  v.corrected_on = D("2026-12-01");  // corrected the day it was published: still good
  EXPECT_TRUE(OutdatedAnswers(d, c, kToday).empty());
  v.corrected_on = D("2026-12-02");  // corrected after it was published: review it
  EXPECT_EQ(OutdatedAnswers(d, c, kToday), std::vector<std::string>{"GDPR-01"});
  v.corrected_on.reset();
  d.answers.front().requirement_version = 7;  // a version the catalog no longer has
  EXPECT_EQ(OutdatedAnswers(d, c, kToday), std::vector<std::string>{"GDPR-01"});
  d.answers.front() = {.requirement = "FJERNET-01", .requirement_version = 1};  // withdrawn
  EXPECT_EQ(OutdatedAnswers(d, c, kToday), std::vector<std::string>{"FJERNET-01"});
}

Declaration Earlier(DeclarationStatus status, Timestamp updated, const std::string& statement,
                    int uu_version) {
  Declaration d{.status = status, .updated_at = updated};
  d.answers.push_back({.requirement = "UU-01",
                       .requirement_version = uu_version,
                       .answer = Answer::kMeets,
                       .statement = statement});
  return d;
}

TEST(RegistryPrefillTest, PrefersPublishedThenSameVersionThenNewest) {
  const Catalog& c = DefaultCatalog();
  const ProfileVersion& target = ProfileV(c, kHealthApp, 1);
  using S = DeclarationStatus;
  auto prefill = [&](const std::vector<Declaration>& earlier) {
    auto answers = PrefillAnswers(target, earlier, c, kToday);
    EXPECT_EQ(answers.size(), 1u);
    if (answers.empty()) return std::string();
    EXPECT_EQ(answers[0].requirement, "UU-01");
    EXPECT_EQ(answers[0].requirement_version, 2);  // in force today
    return answers[0].statement;
  };
  EXPECT_EQ(prefill({Earlier(S::kDraft, 200, "utkast", 2), Earlier(S::kPublished, 100, "pub", 2)}),
            "pub");
  EXPECT_EQ(
      prefill({Earlier(S::kPublished, 100, "gammel", 2), Earlier(S::kPublished, 300, "ny", 2)}),
      "ny");
  EXPECT_EQ(prefill({Earlier(S::kPublished, 300, "v1", 1), Earlier(S::kPublished, 100, "v2", 2)}),
            "v2");
  EXPECT_EQ(
      prefill({Earlier(S::kWithdrawn, 900, "trukket", 2), Earlier(S::kDraft, 1, "utkast", 2)}),
      "utkast");
  EXPECT_TRUE(PrefillAnswers(target, {Earlier(S::kWithdrawn, 9, "t", 2)}, c, kToday).empty());
}

TEST(RegistryPrefillTest, CarriesAnswersAcrossProfiles) {
  const Catalog& c = DefaultCatalog();
  // A published health-app declaration pre-fills the shared GDPR items of the KI profile.
  Declaration earlier = FullDeclaration();
  earlier.status = DeclarationStatus::kPublished;
  const ProfileVersion& ki = ProfileV(c, "ki-system", 1);
  auto answers = PrefillAnswers(ki, {earlier}, c, kToday);
  ASSERT_FALSE(answers.empty());
  std::size_t expected = 0;
  for (const ProfileItem& item : ki.items) {
    bool shared = false;
    for (const auto& a : earlier.answers) shared = shared || a.requirement == item.requirement;
    expected += shared ? 1 : 0;
  }
  EXPECT_EQ(answers.size(), expected);
  // In the target profile's order.
  std::size_t pos = 0;
  for (const auto& a : answers) {
    while (pos < ki.items.size() && ki.items[pos].requirement != a.requirement) ++pos;
    EXPECT_LT(pos, ki.items.size()) << a.requirement;
  }
  Declaration next{.profile = "ki-system", .profile_version = 1, .answers = answers};
  EXPECT_TRUE(ValidateDeclaration(next, c, false).ok());
}

}  // namespace
}  // namespace helsekrav::domain
