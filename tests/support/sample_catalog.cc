#include "support/sample_catalog.h"

#include <cstdlib>

#include "domain/catalog_rules.h"

namespace helsekrav::testing {

using namespace domain;  // NOLINT(google-build-using-namespace)

Date D(const char* iso) {
  auto d = Date::Parse(iso);
  if (!d) std::abort();
  return *d;
}

Catalog SampleCatalog() {
  Catalog c;
  Source seed;
  seed.document = "000_9ee2a9a2fee61d2f.txt";
  seed.case_no = "7/25";
  c.categories = {{"epj", "EPJ", "", ""},
                  {"epj-pleie-omsorg", "EPJ for pleie og omsorg", "epj", ""},
                  {"velferdsteknologi", "Velferdsteknologi", "", ""},
                  {"trygghetsalarm", "Trygghetsalarm", "velferdsteknologi", ""}};
  c.organisations = {{"norsk-helsenett", "Norsk helsenett SF", OrganisationKind::kApprovingBody,
                      "994598759", "", "", "", "", seed},
                     {"helsedirektoratet", "Helsedirektoratet", OrganisationKind::kAuthority,
                      "983544622", "", "", "", "", seed},
                     {"kommune-0301", "Oslo", OrganisationKind::kMunicipality, "958935420", "0301",
                      "03", "", "", seed}};
  c.national_solutions = {{"kjernejournal", "Kjernejournal", "norsk-helsenett", "", seed}};
  c.standards = {{"hl7-fhir-r4",
                  "HL7 FHIR R4",
                  "HL7 International",
                  "4.0.1",
                  "",
                  "",
                  StandardObligation::kRecommended,
                  "",
                  NormativeLevel::kRecommended,
                  InteropLayer::kTechnical,
                  {},
                  {{StandardStatus::kUnderTesting, D("2019-01-01")},
                   {StandardStatus::kActive, D("2021-01-01")},
                   {StandardStatus::kPhasingOut, D("2030-01-01")}},
                  "",
                  seed}};
  c.approval_schemes = {{"kjernejournal-api",
                         "Kjernejournal-API",
                         "norsk-helsenett",
                         "",
                         ApprovalSubject::kProductVersion,
                         36,
                         "",
                         {"Søknad", "Test"},
                         "",
                         seed}};

  RequirementVersion kj1;
  kj1.version = 1;
  kj1.title = "Oppslag i kjernejournal";
  kj1.text = "Systemet skal slå opp i kjernejournal.\nOppslaget logges.";
  kj1.area = Area::kInteroperability;
  kj1.layer = InteropLayer::kTechnical;
  kj1.scope = Scope::kNational;
  kj1.obligation = Obligation::kRecommended;
  kj1.owner = "norsk-helsenett";
  kj1.verification_methods = {VerificationMethod::kThirdPartyApproval};
  kj1.valid_from = D("2024-01-01");
  kj1.valid_to = D("2026-01-01");
  kj1.change_note = "Første versjon.";
  kj1.categories = {"epj"};
  kj1.actor_types = {ActorType::kMunicipality};
  kj1.integrations = {"kjernejournal"};
  kj1.standards = {"hl7-fhir-r4"};
  kj1.approval_schemes = {"kjernejournal-api"};
  kj1.source = seed;
  RequirementVersion kj2 = kj1;
  kj2.version = 2;
  kj2.obligation = Obligation::kMandatory;
  kj2.legal_basis = "Forskrift om standarder og nasjonale e-helseløsninger § 8";
  kj2.text = "Systemet skal slå opp i kjernejournal.\nOppslaget logges med formål.";
  kj2.valid_from = D("2026-01-01");
  kj2.valid_to.reset();
  kj2.change_note = "Gjort obligatorisk.";
  kj2.actor_types = {ActorType::kMunicipality, ActorType::kGpOffice};

  RequirementVersion ehds = kj1;
  ehds.title = "Europeisk pasientsammendrag";
  ehds.text = "EPJ-systemet skal kunne eksportere pasientsammendrag i europeisk format.";
  ehds.area = Area::kEu;
  ehds.scope = Scope::kEuropean;
  ehds.obligation = Obligation::kMandatory;
  ehds.legal_basis = "Forordning (EU) 2025/327 art. 26";
  ehds.owner = "helsedirektoratet";
  ehds.valid_from = D("2029-03-26");
  ehds.valid_to.reset();
  ehds.integrations = {};
  ehds.actor_types = {};
  ehds.approval_schemes = {};

  RequirementVersion gdpr = ehds;
  gdpr.title = "Innebygd personvern";
  gdpr.text = "Løsningen skal ha innebygd personvern.";
  gdpr.area = Area::kSecurity;
  gdpr.layer = InteropLayer::kLegal;
  gdpr.legal_basis = "GDPR art. 25";
  gdpr.valid_from = D("2018-07-20");
  gdpr.categories = {};
  gdpr.verification_methods = {VerificationMethod::kSelfDeclaration};

  c.requirements = {{"EHDS-01", {ehds}}, {"GDPR-01", {gdpr}}, {"NHN-KJ-01", {kj1, kj2}}};

  ProfileVersion p;
  p.version = 1;
  p.name = "EPJ for pleie og omsorg";
  p.category = "epj-pleie-omsorg";
  p.actor_types = {ActorType::kMunicipality};
  p.valid_from = D("2025-01-01");
  p.source = seed;
  p.items = {{"NHN-KJ-01", std::nullopt}, {"GDPR-01", std::nullopt}};
  c.profiles = {{"epj-pleie-omsorg", {p}}};
  SortCatalog(c);
  return c;
}

}  // namespace helsekrav::testing
