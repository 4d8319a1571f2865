#pragma once
// The value types of the product register ("hyllevaredatabasen") and of accounts: registered
// organisations, users and their roles, products with versions, deployments ("i bruk hos"),
// supplier self-declarations with evidence, and audit events. Plain values; no I/O. The rules
// over them (validation, lifecycle, permissions, coverage, pre-filling) are in
// registry_rules.h.
//
// Times are Unix seconds (UTC); 0 means "not yet". Ids are UUID strings.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "domain/vocabulary.h"

namespace helsekrav::domain {

using Timestamp = std::int64_t;  // Unix seconds, UTC

// An organisation registered to act in helsekrav: a supplier, municipality, health enterprise,
// approving body or authority. Distinct from the catalog's reference list of bodies
// (catalog.h `Organisation`), which it matches by organisasjonsnummer or, when the authority
// chose one, by `acts_as`.
struct OrgAccount {
  std::string id;
  OrgIdKind id_kind = OrgIdKind::kOrgnr;  // stored documents without it are Norwegian
  std::string orgnr;       // kOrgnr: 9 digits with a valid modulus-11 check digit; else empty
  std::string identifier;  // kNando: 4 digits; kAccreditation, kForeign: the number as written
  std::string country;     // kForeign: ISO 3166-1 alpha-2 code, upper-case
  // The catalog organisation (key) the authority approved it to act for, e.g. "meldt-organ";
  // empty when it matches the catalog by orgnr alone.
  std::string acts_as;
  std::string name;
  OrganisationKind kind = OrganisationKind::kSupplier;
  std::string municipality_number;  // kommunenummer, municipalities only
  std::string website;
  OrgStatus status = OrgStatus::kPending;
  std::string decided_by;     // user id of the authority admin who approved or rejected
  std::string decision_note;  // reason when rejected
  Timestamp created_at = 0;
  Timestamp decided_at = 0;
  friend bool operator==(const OrgAccount&, const OrgAccount&) = default;
};

struct User {
  std::string id;
  std::string email;  // stored lower-case; unique
  std::string name;
  std::string password_hash;  // Argon2id string (libsodium); empty for OIDC-only users
  bool disabled = false;
  Timestamp created_at = 0;
  friend bool operator==(const User&, const User&) = default;
};

struct Membership {
  std::string user_id;
  std::string org_id;
  Role role = Role::kViewer;
  friend bool operator==(const Membership&, const Membership&) = default;
};

struct Product {
  std::string id;
  std::string org_id;  // the supplier
  std::string name;
  std::string description;  // Markdown
  std::string website;
  std::vector<std::string> categories;  // catalog category keys
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  friend bool operator==(const Product&, const Product&) = default;
};

struct ProductVersion {
  std::string id;
  std::string product_id;
  std::string version;  // "4.2.0" or free-form ("2026 vår")
  std::optional<Date> release_date;
  ProductVersionStatus status = ProductVersionStatus::kAvailable;
  std::vector<std::string> integrations;  // national-solution keys this version integrates with
  std::string notes;
  Timestamp created_at = 0;
  friend bool operator==(const ProductVersion&, const ProductVersion&) = default;
};

// A buyer's record that it uses a product version. A consortium is recorded once, by the
// organisation that registers it, with every participating municipality.
struct Deployment {
  std::string id;
  std::string org_id;  // the recording buyer organisation
  std::string product_version_id;
  std::vector<std::string> municipalities;  // kommunenummer of every participant
  Date since;
  std::optional<Date> until;  // exclusive; empty while in use
  Timestamp created_at = 0;
  friend bool operator==(const Deployment&, const Deployment&) = default;
};

struct Evidence {
  EvidenceKind kind = EvidenceKind::kLink;
  std::string file_id;    // kFile: the stored file
  std::string file_name;  // kFile
  std::string sha256;     // kFile: hex
  std::string url;        // kLink (https only)
  std::string reference;  // kReference: approval or certificate, e.g. "ISO/IEC 27001:2022 nr. 123"
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

struct DeclarationAnswer {
  std::string requirement;      // requirement key
  int requirement_version = 0;  // the version the answer was given against
  Answer answer = Answer::kMeets;
  std::string statement;
  std::string reason;  // required for kNotApplicable
  std::vector<Evidence> evidence;
  friend bool operator==(const DeclarationAnswer&, const DeclarationAnswer&) = default;
};

// A supplier's self-declaration for one product version against one profile version.
struct Declaration {
  std::string id;
  std::string org_id;  // the supplier (owner of the product)
  std::string product_version_id;
  std::string profile;  // profile key
  int profile_version = 0;
  DeclarationStatus status = DeclarationStatus::kDraft;
  std::vector<DeclarationAnswer> answers;  // in profile order; unanswered items are absent
  std::string supersedes;                  // id of the declaration this one replaces
  std::string superseded_by;
  // Requirements whose version changed after this declaration answered them ("må vurderes på
  // nytt"); set on published declarations when the catalog changes.
  std::vector<std::string> needs_review;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  Timestamp submitted_at = 0;
  Timestamp published_at = 0;
  Timestamp withdrawn_at = 0;
  friend bool operator==(const Declaration&, const Declaration&) = default;
};

// Metadata of an uploaded evidence file; the bytes are stored beside it.
struct EvidenceFile {
  std::string id;
  std::string org_id;
  std::string name;          // the uploaded file name, sanitised
  std::string content_type;  // one of the allowed types (registry_rules.h)
  std::int64_t size = 0;
  std::string sha256;  // hex
  Timestamp created_at = 0;
  friend bool operator==(const EvidenceFile&, const EvidenceFile&) = default;
};

// An append-only audit record of one mutation.
struct Event {
  std::int64_t seq = 0;  // assigned by the store, increasing
  std::string id;
  Timestamp at = 0;
  std::string actor_user;  // empty for the system (e.g. catalog-driven review flags)
  std::string actor_org;
  std::string org_id;       // the organisation whose data changed; sees the event
  std::string entity_kind;  // "product", "declaration", …
  std::string entity_id;
  std::string action;   // "created", "updated", "published", …
  std::string changes;  // JSON object: field → {"from": …, "to": …}, or details
  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace helsekrav::domain
