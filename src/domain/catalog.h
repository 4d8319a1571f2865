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

// Where a record comes from: a seed document and case, or a law/standard reference.
struct Source {
  SourceKind kind = SourceKind::kMeetingPaper;
  std::string document;   // e.g. "000_9ee2a9a2fee61d2f.txt"; may be empty
  std::string case_no;    // e.g. "7/25"; required with kMeetingPaper
  std::string reference;  // free text; may be empty when `document` is set
  friend bool operator==(const Source&, const Source&) = default;
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
  std::optional<Date> valid_to;  // exclusive
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
  friend bool operator==(const Catalog&, const Catalog&) = default;
};

}  // namespace helsekrav::domain
