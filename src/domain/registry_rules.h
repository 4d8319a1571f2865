#pragma once
// Rules of the product register, accounts and declarations: what a valid record is, which
// lifecycle transitions exist, who may do what, how much of a profile a declaration covers and
// how a new declaration is pre-filled from earlier answers ("declare once"). Pure functions.
//
// Validation returns Status::Invalid with `field` naming the offending field (for a
// declaration: "answers[3].reason") and a Norwegian message a user can act on.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/catalog.h"
#include "domain/catalog_rules.h"
#include "domain/registry.h"

namespace helsekrav::domain {

// Limits that keep records readable and requests small.
constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxTextLength = 20000;  // descriptions, statements
constexpr std::size_t kMaxUrlLength = 2000;
constexpr std::int64_t kMaxEvidenceFileBytes = std::int64_t{5} * 1024 * 1024;
constexpr std::size_t kMinPasswordLength = 12;
// ASVS 2.1.2: at least 64 characters are allowed, more than 128 refused.
constexpr std::size_t kMaxPasswordLength = 128;
// Content types accepted for evidence files.
const std::vector<std::string>& AllowedEvidenceTypes();

// ---- Validation ----------------------------------------------------------------------------

constexpr std::size_t kMaxIdentifierLength = 60;  // accreditation and foreign register numbers

// Organisation: name, kind, identifier (ValidateOrgIdentifier); a municipality needs a
// kommunenummer that exists in `catalog` with the same orgnr; a https website when given;
// `acts_as`, when set, one of ActsAsChoices.
Status ValidateOrgAccount(const OrgAccount& org, const Catalog& catalog);
// The identifier alone. Norwegian organisations: a valid orgnr (mod-11), no other identifier.
// Only approving bodies may use another kind: NANDO (4 digits), accreditation number (1–60
// characters), or foreign (country code of two capital letters other than NO, id of 1–60
// characters). Invalid names "orgnr", "identifier_kind", "identifier" or "country".
Status ValidateOrgIdentifier(const OrgAccount& org);
// Trims the identifier fields and upper-cases the country code, as they are stored.
void NormaliseOrgIdentifier(OrgAccount& org);
// The organisation's unique key among registered organisations: the orgnr for Norwegian ones
// (as before there were other kinds), else "nando:2797", "accreditation:<number>" or
// "foreign:SE:<id>". ParseOrgIdentifier reads the same form back.
std::string OrgUniqueKey(const OrgAccount& org);
// Sets id_kind, orgnr, identifier and country from "nando:2797", "accreditation:<number>",
// "foreign:SE:<id>", "orgnr:<9 digits>" or just 9 digits, normalised but not validated.
// Invalid("identifier") when the prefix is unknown.
Status ParseOrgIdentifier(std::string_view text, OrgAccount& org);
// The identifier as people read it: "994598759", "NANDO 2797", "Norsk akkreditering TEST 001",
// "SE 5560000000".
std::string OrgIdentifierText(const OrgAccount& org);
// The catalog organisations the authority may let `org` act for: those of the same kind
// (approving body or authority) without an orgnr, or with org's own orgnr. Empty for other
// kinds. In catalog order.
std::vector<const Organisation*> ActsAsChoices(const OrgAccount& org, const Catalog& catalog);
// E-mail (one '@', a dot in the domain, ≤ 254 chars), name.
Status ValidateUser(const User& user);
// Password policy: kMinPasswordLength to kMaxPasswordLength characters, not all the same character,
// not the e-mail address.
Status ValidatePassword(const std::string& password, const std::string& email);
// Name, description, website; categories must exist in `tree`.
Status ValidateProduct(const Product& product, const CategoryTree& tree);
// Version text (1–50 chars, no control characters); integrations must be national solutions in
// `catalog`.
Status ValidateProductVersion(const ProductVersion& version, const Catalog& catalog);
// Municipalities exist in `catalog`; since ≤ until.
Status ValidateDeployment(const Deployment& deployment, const Catalog& catalog);
// Evidence file: size 1..kMaxEvidenceFileBytes, allowed content type, a file name.
Status ValidateEvidenceFile(const EvidenceFile& file);
// The file's first bytes must match its declared type (a PDF starts with %PDF, Office files
// and ZIP with a ZIP header, …); text types must hold no NUL bytes. Downloads are served as
// attachments with nosniff anyway; this keeps a file from claiming to be what it is not.
Status CheckEvidenceContent(const std::string& content_type, std::string_view data);

// The declaration's profile version exists; every answer names a requirement of that profile
// version at a version that exists (answers must not repeat a requirement); not_applicable
// needs a reason; evidence is well-formed (https links, file ids present). With
// `complete` (publishing or submitting), every requirement of the profile version must be
// answered; the first missing one is named.
Status ValidateDeclaration(const Declaration& declaration, const Catalog& catalog, bool complete);

// The profile version a declaration is made against, or nullptr.
const ProfileVersion* DeclaredProfileVersion(const Declaration& declaration,
                                             const Catalog& catalog);
// The requirement version an answer cites, or nullptr.
const RequirementVersion* CitedVersion(const DeclarationAnswer& answer, const Catalog& catalog);

// ---- Lifecycle -----------------------------------------------------------------------------

enum class DeclarationAction { kEdit, kSubmit, kPublish, kReturnToDraft, kWithdraw, kSupersede };

// The status after `action`, or Invalid("status", "…") when the action is not allowed from
// `from`: edit only in draft; submit from draft; publish from draft or submitted; return to
// draft from submitted; withdraw from published (or submitted); supersede from published.
Result<DeclarationStatus> NextStatus(DeclarationStatus from, DeclarationAction action);

// ---- Permissions ---------------------------------------------------------------------------

// Who is acting: a signed-in user (or API token) on behalf of one organisation.
struct Actor {
  std::string user_id;  // empty for API tokens
  std::string org_id;   // empty for anonymous
  OrganisationKind org_kind = OrganisationKind::kSupplier;
  OrgStatus org_status = OrgStatus::kPending;
  Role role = Role::kViewer;
  bool api_token = false;
  std::vector<std::string> scopes;  // API tokens only: "read", "write"
  bool anonymous() const { return org_id.empty() && user_id.empty(); }
};

enum class Permission {
  kEditProducts,         // products, versions (supplier editor)
  kManageDeclarations,   // create, edit, submit, publish, withdraw (supplier editor)
  kUploadEvidence,       // supplier, approving body or authority editor
  kRecordDeployments,    // municipality / health enterprise editor
  kManageMembers,        // organisation admin
  kManageApiTokens,      // organisation admin
  kManageWebhooks,       // organisation admin: register, delete, rotate, replay
  kViewOrgEvents,        // organisation admin
  kViewAllEvents,        // authority admin
  kDecideOrganisations,  // authority admin: approve or reject registrations
};

// Ok when `actor` may use `permission` on data owned by `owner_org_id` (empty for actions that
// create org-less data or look at everything). Unauthenticated for anonymous actors; Forbidden
// with a Norwegian reason otherwise: wrong organisation, organisation not approved yet, role
// too low, wrong organisation kind, API token without the "write" scope.
Status Authorize(const Actor& actor, Permission permission, const std::string& owner_org_id);

// ---- Coverage and review -------------------------------------------------------------------

// The obligation of a profile item in Norway: the profile's tightened one, else the requirement
// version's; a mandatory EU rule still awaiting EEA incorporation counts as recommended.
Obligation ItemObligation(const ProfileItem& item, const RequirementVersion& version);

struct Coverage {
  int mandatory_total = 0;
  int mandatory_met = 0;  // answered `meets`
  int recommended_total = 0;
  int recommended_met = 0;
  int answered = 0;  // items with any answer
  int total = 0;     // items in the profile version
  // 0–100, rounded down; 100 when the total is 0.
  int MandatoryPercent() const;
  int RecommendedPercent() const;
};
// Coverage of the declaration's profile version by its answers (informative items count only
// towards `total`/`answered`).
Coverage ComputeCoverage(const Declaration& declaration, const Catalog& catalog);

// Progress per requirement area, for the supplier's form: area → (answered, total).
std::map<Area, std::pair<int, int>> ProgressByArea(const Declaration& declaration,
                                                   const Catalog& catalog);

// Requirements the declaration answered at a version older than the requirement's version in
// force on `today` (or its newest version when none is in force yet), at a version the catalog
// no longer has, at a version corrected after the declaration was published (corrected_on), or
// that the catalog withdrew — "må vurderes på nytt".
std::vector<std::string> OutdatedAnswers(const Declaration& declaration, const Catalog& catalog,
                                         Date today);

// "Declare once": answers for every requirement of `target` (a profile version) that the
// supplier has answered before in `earlier` (its other declarations, any status except
// withdrawn). For each requirement the newest answer wins, preferring published declarations
// and answers given against the same requirement version; requirement_version is set to the
// version in force on `today`. Items never answered are left out.
std::vector<DeclarationAnswer> PrefillAnswers(const ProfileVersion& target,
                                              const std::vector<Declaration>& earlier,
                                              const Catalog& catalog, Date today);

}  // namespace helsekrav::domain
