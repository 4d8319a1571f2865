#pragma once
// The closed vocabularies of DOMAIN.md: each enum with its stable code (API, files, database)
// and its Norwegian label (web). Pure data; thread-safe.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace helsekrav::domain {

enum class Area {
  kEu,
  kInteroperability,
  kSecurity,
  kFunctional,
  kNonFunctional,
  kProduct,
  kUsability
};
enum class InteropLayer { kLegal, kOrganisational, kSemantic, kTechnical };
enum class Scope { kEuropean, kNational, kRegional, kLocal };
// Ordered from weakest to strongest: a profile may only move an obligation up.
enum class Obligation { kInformative, kRecommended, kMandatory };
enum class VerificationMethod {
  kSelfDeclaration,
  kThirdPartyApproval,
  kConformanceTest,
  kDocumentationReview,
  kCodeReview,
  kCertification
};
enum class ActorType {
  kMunicipality,
  kCounty,
  kHealthEnterprise,
  kGpOffice,
  kPharmacy,
  kSupplier,
  kAuthority
};
enum class OrganisationKind {
  kSupplier,
  kMunicipality,
  kHealthEnterprise,
  kApprovingBody,
  kAuthority,
  kAssociation
};
// Referansekatalogen's lifecycle, in order.
enum class StandardStatus { kUnderTesting, kPhasingIn, kActive, kPhasingOut, kRetired };
enum class StandardObligation { kMandatory, kRecommended };
enum class NormativeLevel { kGuide, kGuideline, kRecommended, kMandatory };
enum class SourceKind {
  kLaw,
  kRegulation,
  kInterpretation,
  kFactSheet,
  kGuidance,
  kInteropService,
  kInformationModel,
  kCodeSystem,
  kTechnicalInterface,
  kStandard,
  kMeetingPaper
};
enum class ServiceStatus { kPublished, kInProgress };
// Whether an EU act a requirement rests on binds Norway yet (catalog.h EeaIncorporation).
enum class EeaStatus { kPending, kIncorporated };
enum class ApprovalSubject { kSupplier, kProductVersion };
// Where a requirement version stands on a given date.
enum class RequirementStatus { kUpcoming, kActive, kExpired };

// The product register and declarations (registry.h).
enum class Role { kViewer, kEditor, kAdmin };  // ordered: each includes the ones before
enum class OrgStatus { kPending, kApproved, kRejected };
// How a registered organisation is identified: Norwegian organisasjonsnummer, or for bodies
// without one the NANDO number of a notified body, an accreditation number or a foreign
// register's id.
enum class OrgIdKind { kOrgnr, kNando, kAccreditation, kForeign };
enum class ProductVersionStatus { kPlanned, kAvailable, kDiscontinued };
enum class Answer { kMeets, kPartially, kDoesNotMeet, kNotApplicable };
enum class DeclarationStatus { kDraft, kSubmitted, kPublished, kWithdrawn, kSuperseded };
enum class EvidenceKind { kFile, kLink, kReference };

template <typename E>
struct EnumEntry {
  E value;
  std::string_view code;
  std::string_view label;  // Norwegian bokmål
};

template <typename E>
struct EnumTable;  // specialised per enum in vocabulary.cc via the macro below

#define HK_DECLARE_ENUM_TABLE(E, N)                    \
  template <>                                          \
  struct EnumTable<E> {                                \
    static const std::array<EnumEntry<E>, N> kEntries; \
    static constexpr std::string_view kName = #E;      \
  };
HK_DECLARE_ENUM_TABLE(Area, 7)
HK_DECLARE_ENUM_TABLE(InteropLayer, 4)
HK_DECLARE_ENUM_TABLE(Scope, 4)
HK_DECLARE_ENUM_TABLE(Obligation, 3)
HK_DECLARE_ENUM_TABLE(VerificationMethod, 6)
HK_DECLARE_ENUM_TABLE(ActorType, 7)
HK_DECLARE_ENUM_TABLE(OrganisationKind, 6)
HK_DECLARE_ENUM_TABLE(StandardStatus, 5)
HK_DECLARE_ENUM_TABLE(StandardObligation, 2)
HK_DECLARE_ENUM_TABLE(NormativeLevel, 4)
HK_DECLARE_ENUM_TABLE(SourceKind, 11)
HK_DECLARE_ENUM_TABLE(ServiceStatus, 2)
HK_DECLARE_ENUM_TABLE(EeaStatus, 2)
HK_DECLARE_ENUM_TABLE(ApprovalSubject, 2)
HK_DECLARE_ENUM_TABLE(RequirementStatus, 3)
HK_DECLARE_ENUM_TABLE(Role, 3)
HK_DECLARE_ENUM_TABLE(OrgStatus, 3)
HK_DECLARE_ENUM_TABLE(OrgIdKind, 4)
HK_DECLARE_ENUM_TABLE(ProductVersionStatus, 3)
HK_DECLARE_ENUM_TABLE(Answer, 4)
HK_DECLARE_ENUM_TABLE(DeclarationStatus, 5)
HK_DECLARE_ENUM_TABLE(EvidenceKind, 3)
#undef HK_DECLARE_ENUM_TABLE

template <typename E>
std::string_view Code(E value) {
  for (const auto& e : EnumTable<E>::kEntries) {
    if (e.value == value) return e.code;
  }
  return {};
}

template <typename E>
std::string_view Label(E value) {
  for (const auto& e : EnumTable<E>::kEntries) {
    if (e.value == value) return e.label;
  }
  return {};
}

template <typename E>
std::optional<E> Parse(std::string_view code) {
  for (const auto& e : EnumTable<E>::kEntries) {
    if (e.code == code) return e.value;
  }
  return std::nullopt;
}

// Every code of E in declaration order, e.g. for "allowed values" in error messages.
template <typename E>
std::vector<std::string> AllCodes() {
  std::vector<std::string> codes;
  for (const auto& e : EnumTable<E>::kEntries) codes.emplace_back(e.code);
  return codes;
}

}  // namespace helsekrav::domain
