#include "domain/vocabulary.h"

namespace helsekrav::domain {

using A = Area;
const std::array<EnumEntry<Area>, 7> EnumTable<Area>::kEntries = {{
    {A::kEu, "eu", "Europeiske pålagte krav"},
    {A::kInteroperability, "interoperability", "Digital samhandling"},
    {A::kSecurity, "security", "Informasjonssikkerhet og personvern"},
    {A::kFunctional, "functional", "Funksjonelle krav"},
    {A::kNonFunctional, "non_functional", "Ikke-funksjonelle krav"},
    {A::kProduct, "product", "Produktkrav (MDR, KI, kvalitetssystem)"},
    {A::kUsability, "usability", "Brukskvalitet"},
}};

const std::array<EnumEntry<InteropLayer>, 4> EnumTable<InteropLayer>::kEntries = {{
    {InteropLayer::kLegal, "legal", "Juridisk"},
    {InteropLayer::kOrganisational, "organisational", "Organisatorisk"},
    {InteropLayer::kSemantic, "semantic", "Semantisk"},
    {InteropLayer::kTechnical, "technical", "Teknisk"},
}};

const std::array<EnumEntry<Scope>, 4> EnumTable<Scope>::kEntries = {{
    {Scope::kEuropean, "european", "Europeisk"},
    {Scope::kNational, "national", "Nasjonal"},
    {Scope::kRegional, "regional", "Regional (kommunale og regionale felleskrav)"},
    {Scope::kLocal, "local", "Lokal"},
}};

const std::array<EnumEntry<Obligation>, 3> EnumTable<Obligation>::kEntries = {{
    {Obligation::kInformative, "informative", "Til informasjon"},
    {Obligation::kRecommended, "recommended", "Anbefalt"},
    {Obligation::kMandatory, "mandatory", "Obligatorisk"},
}};

using V = VerificationMethod;
const std::array<EnumEntry<VerificationMethod>, 6> EnumTable<VerificationMethod>::kEntries = {{
    {V::kSelfDeclaration, "self_declaration", "Egenerklæring"},
    {V::kThirdPartyApproval, "third_party_approval", "Godkjenning av tredjepart"},
    {V::kConformanceTest, "conformance_test", "Samsvarstest"},
    {V::kDocumentationReview, "documentation_review", "Dokumentasjonsgjennomgang"},
    {V::kCodeReview, "code_review", "Kodegjennomgang"},
    {V::kCertification, "certification", "Sertifisering"},
}};

const std::array<EnumEntry<ActorType>, 7> EnumTable<ActorType>::kEntries = {{
    {ActorType::kMunicipality, "municipality", "Kommune"},
    {ActorType::kCounty, "county", "Fylkeskommune"},
    {ActorType::kHealthEnterprise, "health_enterprise", "Helseforetak"},
    {ActorType::kGpOffice, "gp_office", "Fastlegekontor"},
    {ActorType::kPharmacy, "pharmacy", "Apotek"},
    {ActorType::kSupplier, "supplier", "Leverandør"},
    {ActorType::kAuthority, "authority", "Myndighet"},
}};

using K = OrganisationKind;
const std::array<EnumEntry<OrganisationKind>, 6> EnumTable<OrganisationKind>::kEntries = {{
    {K::kSupplier, "supplier", "Leverandør"},
    {K::kMunicipality, "municipality", "Kommune"},
    {K::kHealthEnterprise, "health_enterprise", "Helseforetak"},
    {K::kApprovingBody, "approving_body", "Godkjenningsorgan"},
    {K::kAuthority, "authority", "Myndighet"},
    {K::kAssociation, "association", "Interesseorganisasjon"},
}};

using S = StandardStatus;
const std::array<EnumEntry<StandardStatus>, 5> EnumTable<StandardStatus>::kEntries = {{
    {S::kUnderTesting, "under_testing", "Under utprøving"},
    {S::kPhasingIn, "phasing_in", "Under innfasing"},
    {S::kActive, "active", "Aktiv"},
    {S::kPhasingOut, "phasing_out", "Under utfasing"},
    {S::kRetired, "retired", "Utgått"},
}};

const std::array<EnumEntry<StandardObligation>, 2> EnumTable<StandardObligation>::kEntries = {{
    {StandardObligation::kMandatory, "mandatory", "Obligatorisk"},
    {StandardObligation::kRecommended, "recommended", "Anbefalt"},
}};

const std::array<EnumEntry<NormativeLevel>, 4> EnumTable<NormativeLevel>::kEntries = {{
    {NormativeLevel::kGuide, "guide", "Veileder"},
    {NormativeLevel::kGuideline, "guideline", "Retningslinje"},
    {NormativeLevel::kRecommended, "recommended", "Anbefalt"},
    {NormativeLevel::kMandatory, "mandatory", "Obligatorisk"},
}};

using SK = SourceKind;
const std::array<EnumEntry<SourceKind>, 11> EnumTable<SourceKind>::kEntries = {{
    {SK::kLaw, "law", "Lov"},
    {SK::kRegulation, "regulation", "Forskrift"},
    {SK::kInterpretation, "interpretation", "Fortolkning"},
    {SK::kFactSheet, "fact_sheet", "Faktaark"},
    {SK::kGuidance, "guidance", "Veiledning"},
    {SK::kInteropService, "interop_service", "Samhandlingstjeneste"},
    {SK::kInformationModel, "information_model", "Informasjonsmodell"},
    {SK::kCodeSystem, "code_system", "Kodeverk og terminologi"},
    {SK::kTechnicalInterface, "technical_interface", "Teknisk grensesnitt"},
    {SK::kStandard, "standard", "Standard"},
    {SK::kMeetingPaper, "meeting_paper", "Møtesak"},
}};

const std::array<EnumEntry<ServiceStatus>, 2> EnumTable<ServiceStatus>::kEntries = {{
    {ServiceStatus::kPublished, "published", "Publisert"},
    {ServiceStatus::kInProgress, "in_progress", "Under arbeid"},
}};

const std::array<EnumEntry<EeaStatus>, 2> EnumTable<EeaStatus>::kEntries = {{
    {EeaStatus::kPending, "pending", "Venter på innlemmelse i EØS-avtalen"},
    {EeaStatus::kIncorporated, "incorporated", "Innlemmet i EØS-avtalen og norsk rett"},
}};

const std::array<EnumEntry<ApprovalSubject>, 2> EnumTable<ApprovalSubject>::kEntries = {{
    {ApprovalSubject::kSupplier, "supplier", "Leverandør"},
    {ApprovalSubject::kProductVersion, "product_version", "Produktversjon"},
}};

const std::array<EnumEntry<RequirementStatus>, 3> EnumTable<RequirementStatus>::kEntries = {{
    {RequirementStatus::kUpcoming, "upcoming", "Kommende"},
    {RequirementStatus::kActive, "active", "Gjeldende"},
    {RequirementStatus::kExpired, "expired", "Utgått"},
}};

const std::array<EnumEntry<Role>, 3> EnumTable<Role>::kEntries = {{
    {Role::kViewer, "viewer", "Lesetilgang"},
    {Role::kEditor, "editor", "Redaktør"},
    {Role::kAdmin, "admin", "Administrator"},
}};

const std::array<EnumEntry<OrgStatus>, 3> EnumTable<OrgStatus>::kEntries = {{
    {OrgStatus::kPending, "pending", "Venter på godkjenning"},
    {OrgStatus::kApproved, "approved", "Godkjent"},
    {OrgStatus::kRejected, "rejected", "Avvist"},
}};

const std::array<EnumEntry<OrgIdKind>, 4> EnumTable<OrgIdKind>::kEntries = {{
    {OrgIdKind::kOrgnr, "orgnr", "Norsk organisasjonsnummer"},
    {OrgIdKind::kNando, "nando", "NANDO-nummer (meldt organ)"},
    {OrgIdKind::kAccreditation, "accreditation", "Akkrediteringsnummer"},
    {OrgIdKind::kForeign, "foreign", "Utenlandsk registernummer"},
}};

using PVS = ProductVersionStatus;
const std::array<EnumEntry<ProductVersionStatus>, 3> EnumTable<ProductVersionStatus>::kEntries = {{
    {PVS::kPlanned, "planned", "Planlagt"},
    {PVS::kAvailable, "available", "Tilgjengelig"},
    {PVS::kDiscontinued, "discontinued", "Utgått"},
}};

const std::array<EnumEntry<Answer>, 4> EnumTable<Answer>::kEntries = {{
    {Answer::kMeets, "meets", "Oppfylt"},
    {Answer::kPartially, "partially", "Delvis oppfylt"},
    {Answer::kDoesNotMeet, "does_not_meet", "Ikke oppfylt"},
    {Answer::kNotApplicable, "not_applicable", "Ikke relevant"},
}};

using DS = DeclarationStatus;
const std::array<EnumEntry<DeclarationStatus>, 5> EnumTable<DeclarationStatus>::kEntries = {{
    {DS::kDraft, "draft", "Utkast"},
    {DS::kSubmitted, "submitted", "Sendt inn"},
    {DS::kPublished, "published", "Publisert"},
    {DS::kWithdrawn, "withdrawn", "Trukket tilbake"},
    {DS::kSuperseded, "superseded", "Erstattet"},
}};

const std::array<EnumEntry<EvidenceKind>, 3> EnumTable<EvidenceKind>::kEntries = {{
    {EvidenceKind::kFile, "file", "Fil"},
    {EvidenceKind::kLink, "link", "Lenke"},
    {EvidenceKind::kReference, "reference", "Henvisning til godkjenning eller sertifikat"},
}};

}  // namespace helsekrav::domain
