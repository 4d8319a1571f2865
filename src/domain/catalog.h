#pragma once
// The catalog's value types: requirements and profiles with their version history, standards
// (Referansekatalogen), approval schemes, organisations, product categories, national solutions
// and samhandlingstjenester. Plain values; no I/O. Rules live in catalog_rules.h.

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "domain/vocabulary.h"

namespace helsekrav::domain {

// What supports a record: the verbatim words of a source document at the given lines, or what a
// legal provision (Lovdata or EUR-Lex reference) says. tests/catalog/provenance_test.py checks
// the default catalog's quotes against the documents.
struct SourceQuote {
  std::string document;  // empty = the record's source document (or a legal quote)
  std::string lines;     // "N" or "N-M" in `document`; empty for a legal quote
  std::string legal;     // e.g. "Lovdata LOV-2014-06-20-42 § 22"; empty for a document quote
  std::string text;
  friend bool operator==(const SourceQuote&, const SourceQuote&) = default;
};

// Where a record comes from: a seed document and case, or a law/standard reference.
struct Source {
  SourceKind kind = SourceKind::kMeetingPaper;
  std::string document;   // e.g. "000_9ee2a9a2fee61d2f.txt"; may be empty
  std::string case_no;    // e.g. "7/25"; required with kMeetingPaper
  std::string reference;  // free text; may be empty when `document` is set
  std::vector<SourceQuote> quotes;
  // Non-empty marks the record as a useful example rather than a rule, with the label shown to
  // users (e.g. «Eksempel fra Stavanger kommunes anskaffelse»).
  std::string example;
  friend bool operator==(const Source&, const Source&) = default;
};

// An EU act binds Norway only once it is incorporated into the EEA agreement and Norwegian law.
// A requirement resting on such an act keeps its EU dates and says where Norway stands.
struct EeaIncorporation {
  EeaStatus status = EeaStatus::kPending;
  std::optional<Date> in_force;  // in force in Norway from; required when incorporated
  std::string decision;          // the Norwegian decision; required when incorporated
  std::string note;
  friend bool operator==(const EeaIncorporation&, const EeaIncorporation&) = default;
};

struct RequirementVersion {
  int version = 1;
  std::string title;
  std::string text;  // Markdown
  Area area = Area::kFunctional;
  std::optional<InteropLayer> layer;
  Scope scope = Scope::kNational;
  Obligation obligation = Obligation::kRecommended;
  std::string legal_basis;  // hjemmel; required when mandatory
  std::string owner;        // organisation key
  std::vector<VerificationMethod> verification_methods;
  Date valid_from;
  std::optional<Date> valid_to;         // exclusive
  std::optional<EeaIncorporation> eea;  // set for EU acts not (yet) part of Norwegian law
  // Set when the version's content was corrected in place (e.g. a statement its source does not
  // support was removed): declarations published before that day must be reviewed again.
  std::optional<Date> corrected_on;
  std::string change_note;
  std::vector<std::string> categories;    // empty = every category
  std::vector<ActorType> actor_types;     // empty = every actor type
  std::vector<std::string> integrations;  // national-solution keys; empty = no integration needed
  std::vector<std::string> standards;
  std::vector<std::string> approval_schemes;
  Source source;
  friend bool operator==(const RequirementVersion&, const RequirementVersion&) = default;
};

struct Requirement {
  std::string key;                           // e.g. "NHN-KJ-01"
  std::vector<RequirementVersion> versions;  // ordered by version, 1..n
  friend bool operator==(const Requirement&, const Requirement&) = default;
};

struct LifecycleStep {
  StandardStatus status = StandardStatus::kActive;
  Date from;
  friend bool operator==(const LifecycleStep&, const LifecycleStep&) = default;
};

struct Standard {
  std::string key;
  std::string name;
  std::string sdo;
  std::string version;
  std::string document_id;
  std::string description;
  StandardObligation obligation = StandardObligation::kRecommended;
  std::string legal_basis;
  NormativeLevel normative_level = NormativeLevel::kRecommended;
  std::optional<InteropLayer> layer;
  std::vector<ActorType> actor_types;
  std::vector<LifecycleStep> lifecycle;  // date order
  std::string url;
  Source source;
  friend bool operator==(const Standard&, const Standard&) = default;
};

struct ProfileItem {
  std::string requirement;               // requirement key
  std::optional<Obligation> obligation;  // tightened obligation, if any
  friend bool operator==(const ProfileItem&, const ProfileItem&) = default;
};

struct ProfileVersion {
  int version = 1;
  std::string name;
  std::string description;
  std::string category;
  std::string use;
  std::vector<ActorType> actor_types;
  Date valid_from;
  std::optional<Date> valid_to;
  std::string change_note;
  Source source;
  std::vector<ProfileItem> items;
  friend bool operator==(const ProfileVersion&, const ProfileVersion&) = default;
};

struct Profile {
  std::string key;
  std::vector<ProfileVersion> versions;
  friend bool operator==(const Profile&, const Profile&) = default;
};

struct ApprovalScheme {
  std::string key;
  std::string name;
  std::string owner;  // organisation key; only this body may issue approvals
  std::string description;
  ApprovalSubject subject = ApprovalSubject::kProductVersion;
  std::optional<int> validity_months;
  std::string renewal;
  std::vector<std::string> steps;
  std::string url;
  Source source;
  friend bool operator==(const ApprovalScheme&, const ApprovalScheme&) = default;
};

struct Organisation {
  std::string key;
  std::string name;
  OrganisationKind kind = OrganisationKind::kSupplier;
  std::string orgnr;                // 9 digits; may be empty when unknown
  std::string municipality_number;  // kommunenummer, municipalities only
  std::string county_number;
  std::string website;
  std::string description;
  Source source;
  friend bool operator==(const Organisation&, const Organisation&) = default;
};

struct Category {
  std::string key;
  std::string name;
  std::string parent;  // empty at the root
  std::string description;
  friend bool operator==(const Category&, const Category&) = default;
};

struct NationalSolution {
  std::string key;
  std::string name;
  std::string owner;
  std::string description;
  Source source;
  friend bool operator==(const NationalSolution&, const NationalSolution&) = default;
};

struct InteropService {
  std::string key;
  std::string name;
  ServiceStatus status = ServiceStatus::kInProgress;
  std::string description;
  std::vector<std::string> solutions;
  std::vector<std::string> standards;
  Source source;
  friend bool operator==(const InteropService&, const InteropService&) = default;
};

// A record a catalog update withdraws: its list ("approval_schemes") and key, and why.
struct RetiredRecord {
  std::string list;
  std::string key;
  std::string reason;
  friend bool operator==(const RetiredRecord&, const RetiredRecord&) = default;
};

// The whole published catalog. Lists are kept sorted by key (see SortCatalog).
struct Catalog {
  std::vector<Category> categories;
  std::vector<NationalSolution> national_solutions;
  std::vector<InteropService> interop_services;
  std::vector<Organisation> organisations;
  std::vector<Standard> standards;
  std::vector<Requirement> requirements;
  std::vector<Profile> profiles;
  std::vector<ApprovalScheme> approval_schemes;
  // The fingerprint of the default catalog this one was last brought up to date with; empty
  // when the default catalog was never applied (see CatalogService::ApplyDefault).
  std::string default_release;
  friend bool operator==(const Catalog&, const Catalog&) = default;
};

}  // namespace helsekrav::domain
