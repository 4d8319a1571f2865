#pragma once
// Use cases of the product register and of self-declarations. Reads come from an immutable
// RegistryView (every organisation, product, version, deployment and declaration, indexed),
// rebuilt when the registry revision changes and swapped atomically like the catalog snapshot.
// Writes are authorised here (domain::Authorize), validated with domain rules against the
// current catalog snapshot, written with an audit event in one transaction (optimistic
// revision checks on updates), and then publish a new view.
//
// Thread-safe.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/accounts.h"
#include "app/catalog_service.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/registry.h"
#include "domain/registry_rules.h"
#include "store/store.h"

namespace helsekrav::app {

// Everything public and private of the register at one revision. Immutable; thread-safe.
class RegistryView {
 public:
  RegistryView(std::vector<domain::OrgAccount> orgs, std::vector<domain::Product> products,
               std::vector<domain::ProductVersion> versions,
               std::vector<domain::Deployment> deployments,
               std::vector<domain::Declaration> declarations, std::int64_t revision);

  std::int64_t revision() const { return revision_; }
  const std::vector<domain::OrgAccount>& orgs() const { return orgs_; }
  const std::vector<domain::Product>& products() const { return products_; }  // by name
  const std::vector<domain::Deployment>& deployments() const { return deployments_; }
  const std::vector<domain::Declaration>& declarations() const { return declarations_; }

  const domain::OrgAccount* FindOrg(const std::string& id) const;
  const domain::OrgAccount* FindOrgByOrgnr(const std::string& orgnr) const;
  const domain::Product* FindProduct(const std::string& id) const;
  const domain::ProductVersion* FindVersion(const std::string& id) const;
  const domain::Declaration* FindDeclaration(const std::string& id) const;
  const domain::Deployment* FindDeployment(const std::string& id) const;

  std::vector<const domain::Product*> ProductsOf(const std::string& org_id) const;
  // Newest first (release date, then creation).
  std::vector<const domain::ProductVersion*> VersionsOf(const std::string& product_id) const;
  // Every declaration of a product version, newest first.
  std::vector<const domain::Declaration*> DeclarationsOf(const std::string& version_id) const;
  // Every declaration of an organisation, newest first.
  std::vector<const domain::Declaration*> DeclarationsOfOrg(const std::string& org_id) const;
  std::vector<const domain::Deployment*> DeploymentsOf(const std::string& version_id) const;
  // Deployments a municipality takes part in (by kommunenummer), in use on `at` or ended.
  std::vector<const domain::Deployment*> DeploymentsIn(const std::string& municipality) const;
  std::vector<const domain::Deployment*> DeploymentsByOrg(const std::string& org_id) const;

 private:
  std::vector<domain::OrgAccount> orgs_;
  std::vector<domain::Product> products_;
  std::vector<domain::ProductVersion> versions_;
  std::vector<domain::Deployment> deployments_;
  std::vector<domain::Declaration> declarations_;
  std::int64_t revision_;
  std::unordered_map<std::string, const domain::OrgAccount*> org_by_id_, org_by_orgnr_;
  std::unordered_map<std::string, const domain::Product*> product_by_id_;
  std::unordered_map<std::string, const domain::ProductVersion*> version_by_id_;
  std::unordered_map<std::string, const domain::Declaration*> declaration_by_id_;
  std::unordered_map<std::string, const domain::Deployment*> deployment_by_id_;
};

// The public product list's filters (all optional; combined with AND).
struct ProductQuery {
  std::string text;              // in name or description, case-insensitive
  std::string category;          // a category key, including its sub-categories
  std::string integration;       // a national-solution key some version integrates with
  std::string municipality;      // kommunenummer with a deployment in use
  std::string supplier;          // org id
  std::string declared_profile;  // has a published declaration for this profile key
  // The day `municipality` means "in use" on (since ≤ today < until); when absent, a deployment
  // counts while it has no end date.
  std::optional<Date> today;
};
// Products of approved suppliers matching `query`, by Norwegian name order.
std::vector<const domain::Product*> FindProducts(const RegistryView& view,
                                                 const domain::Catalog& catalog,
                                                 const domain::CategoryTree& tree,
                                                 const ProductQuery& query);
// Whether anonymous visitors may see a declaration (published, withdrawn or superseded ones).
bool IsPublic(const domain::Declaration& declaration);

// An uploaded file as the caller gives it.
struct Upload {
  std::string name;
  std::string content_type;
  std::string data;
};

// What a declaration edit sends: every answer of the form (replacing the stored ones).
struct AnswersUpdate {
  std::vector<domain::DeclarationAnswer> answers;
  std::int64_t expected_updated_at = 0;  // 0 = don't check; else Conflict when changed since
};

class RegistryService {
 public:
  // All references must outlive the service.
  RegistryService(store::Store& store, const Clock& clock, CatalogService& catalog);

  // Reads the register into a view. Call once at start.
  Status Load();
  std::shared_ptr<const RegistryView> view() const { return view_.load(); }
  // Reloads when another process changed the register. True when a new view was published.
  Result<bool> RefreshIfChanged();

  // ---- Products (supplier editors of the owning organisation) ----
  // An empty org_id means the actor's organisation. Updates keep the owner (Invalid when asked
  // to move) and treat a non-zero `updated_at` as the value the editor saw (Conflict when it
  // changed since). Every change moves updated_at, even within one second.
  Result<domain::Product> CreateProduct(const domain::Actor& actor, domain::Product product);
  Result<domain::Product> UpdateProduct(const domain::Actor& actor, domain::Product product);
  Result<domain::ProductVersion> AddVersion(const domain::Actor& actor,
                                            domain::ProductVersion version);
  Result<domain::ProductVersion> UpdateVersion(const domain::Actor& actor,
                                               domain::ProductVersion version);

  // ---- Deployments (buyer editors) ----
  Result<domain::Deployment> RecordDeployment(const domain::Actor& actor,
                                              domain::Deployment deployment);
  // Sets `until` (ends use) or, when `until` is empty, deletes the record.
  Status EndDeployment(const domain::Actor& actor, const std::string& deployment_id,
                       std::optional<Date> until);

  // ---- Declarations (supplier editors of the product's organisation) ----
  // A new draft for a product version and a profile (its version in force today, unless
  // given), pre-filled from the supplier's earlier answers ("declare once").
  Result<domain::Declaration> CreateDeclaration(const domain::Actor& actor,
                                                const std::string& product_version_id,
                                                const std::string& profile,
                                                std::optional<int> profile_version);
  // Replaces the answers of a draft. Validates without requiring completeness.
  Result<domain::Declaration> SaveAnswers(const domain::Actor& actor,
                                          const std::string& declaration_id,
                                          const AnswersUpdate& update);
  // Lifecycle. Publishing needs every requirement answered and supersedes the previously
  // published declaration of the same product version and profile.
  Result<domain::Declaration> Transition(const domain::Actor& actor,
                                         const std::string& declaration_id,
                                         domain::DeclarationAction action);
  // A complete declaration from a file (formats/declaration_file.h): creates it as a draft,
  // or publishes it at once when `publish`.
  Result<domain::Declaration> ImportDeclaration(const domain::Actor& actor,
                                                domain::Declaration declaration, bool publish);

  // ---- Evidence files ----
  Result<domain::EvidenceFile> UploadEvidence(const domain::Actor& actor, const Upload& upload);
  // True when something public outside the register (an approval, a certificate claim) cites the
  // file `file_id` of organisation `owner_org`.
  using PublicCitation =
      std::function<bool(const std::string& owner_org, const std::string& file_id)>;
  // Metadata and bytes when `actor` may read it: its own organisation's files, files cited by a
  // public declaration, or files `cited` says are public. NotFound otherwise (never reveals that
  // a private file exists).
  Result<std::pair<domain::EvidenceFile, std::string>> ReadEvidence(
      const domain::Actor& actor, const std::string& file_id, const PublicCitation& cited = {});

  // ---- Audit and review ----
  // The actor's organisation's events (org admin), or all (authority admin).
  Result<std::vector<domain::Event>> ListEvents(const domain::Actor& actor,
                                                const store::EventQuery& query);
  // Public events of an organisation that suppliers must act on ("needs_review"), for feeds.
  Result<std::vector<domain::Event>> ReviewNotices(const std::string& org_id, int limit);
  // Flags published declarations whose cited requirement versions are outdated in `snapshot`
  // (and clears flags that no longer apply), each change with a "needs_review" event.
  // Returns how many declarations changed. Safe to run from several processes.
  Result<int> FlagOutdatedDeclarations(const Snapshot& snapshot);

 private:
  store::Store& store_;
  const Clock& clock_;
  CatalogService& catalog_;
  std::mutex write_mu_;
  std::atomic<std::shared_ptr<const RegistryView>> view_;
};

}  // namespace helsekrav::app
