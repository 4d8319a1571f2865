#pragma once
// Filtering and ordering of catalog records for lists: the rules behind every list endpoint
// and page. Pure functions over a Catalog; thread-safe for concurrent readers.

#include <string>
#include <vector>

#include "domain/catalog.h"
#include "domain/catalog_rules.h"

namespace helsekrav::domain {

enum class RequirementSort { kKey, kTitle, kValidFrom, kArea };

struct RequirementQuery {
  Date at;
  std::vector<Area> areas;  // empty = any
  std::vector<InteropLayer> layers;
  std::vector<Scope> scopes;
  std::vector<Obligation> obligations;
  std::vector<std::string> categories;  // applies to one of these (see CategoryTree::Applies)
  std::vector<ActorType> actor_types;   // applies to one of these actor types
  std::vector<std::string> owners;
  std::vector<std::string> integrations;    // needs one of these national solutions
  std::vector<RequirementStatus> statuses;  // empty = upcoming and active
  std::string q;                            // case-insensitive substring of key, title or text
  RequirementSort sort = RequirementSort::kKey;
  bool descending = false;
};

struct RequirementHit {
  const Requirement* requirement;
  const RequirementVersion* version;  // the version governing on `at`
  RequirementStatus status;
};

std::vector<RequirementHit> FindRequirements(const Catalog& catalog, const CategoryTree& tree,
                                             const RequirementQuery& query);

struct StandardQuery {
  Date at;
  std::vector<StandardStatus> statuses;  // empty = any (including not yet started)
  std::vector<StandardObligation> obligations;
  std::vector<InteropLayer> layers;
  std::vector<ActorType> actor_types;
  std::vector<NormativeLevel> levels;
  std::vector<std::string> sdos;
  std::string q;
};
std::vector<const Standard*> FindStandards(const Catalog& catalog, const StandardQuery& query);

struct ProfileQuery {
  Date at;
  std::vector<std::string> categories;
  std::vector<ActorType> actor_types;
  std::vector<RequirementStatus> statuses;  // empty = upcoming and active
  std::string q;
};
struct ProfileHit {
  const Profile* profile;
  const ProfileVersion* version;
  RequirementStatus status;
};
std::vector<ProfileHit> FindProfiles(const Catalog& catalog, const CategoryTree& tree,
                                     const ProfileQuery& query);

struct SchemeQuery {
  std::vector<std::string> owners;
  std::vector<ApprovalSubject> subjects;
  std::string q;
};
std::vector<const ApprovalScheme*> FindSchemes(const Catalog& catalog, const SchemeQuery& query);

struct OrganisationQuery {
  std::vector<OrganisationKind> kinds;
  std::string county;  // fylkesnummer
  std::string q;       // name, key or organisasjonsnummer
};
std::vector<const Organisation*> FindOrganisations(const Catalog& catalog,
                                                   const OrganisationQuery& query);

struct ServiceQuery {
  std::vector<ServiceStatus> statuses;
  std::string q;
};
std::vector<const InteropService*> FindServices(const Catalog& catalog, const ServiceQuery& query);

}  // namespace helsekrav::domain
