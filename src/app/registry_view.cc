// RegistryView: the register at one revision, indexed for the pages and the API; and the
// public product list's filters.
#include <algorithm>
#include <set>

#include "app/registry.h"
#include "core/text.h"

namespace helsekrav::app {
namespace {

template <typename T>
void IndexById(const std::vector<T>& items, std::unordered_map<std::string, const T*>& index) {
  index.reserve(items.size());
  for (const T& item : items) index.emplace(item.id, &item);
}

template <typename T>
const T* Lookup(const std::unordered_map<std::string, const T*>& index, const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

// Newest first by creation; the id breaks ties so the order is stable.
template <typename T>
void SortNewestFirst(std::vector<const T*>& items) {
  std::sort(items.begin(), items.end(), [](const T* a, const T* b) {
    if (a->created_at != b->created_at) return a->created_at > b->created_at;
    return a->id > b->id;
  });
}

// A version without a release date counts as released on the day it was registered.
Date ReleaseOrCreation(const domain::ProductVersion& version) {
  if (version.release_date) return *version.release_date;
  return Date(static_cast<int>(version.created_at / 86400));
}

bool InUseOn(const domain::Deployment& deployment, const std::optional<Date>& day) {
  if (!day) return !deployment.until.has_value();
  return deployment.since <= *day && (!deployment.until || *day < *deployment.until);
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

RegistryView::RegistryView(std::vector<domain::OrgAccount> orgs,
                           std::vector<domain::Product> products,
                           std::vector<domain::ProductVersion> versions,
                           std::vector<domain::Deployment> deployments,
                           std::vector<domain::Declaration> declarations, std::int64_t revision)
    : orgs_(std::move(orgs)),
      products_(std::move(products)),
      versions_(std::move(versions)),
      deployments_(std::move(deployments)),
      declarations_(std::move(declarations)),
      revision_(revision) {
  std::sort(products_.begin(), products_.end(),
            [](const domain::Product& a, const domain::Product& b) {
              std::string ka = NorwegianSortKey(a.name), kb = NorwegianSortKey(b.name);
              if (ka != kb) return ka < kb;
              return a.id < b.id;
            });
  IndexById(orgs_, org_by_id_);
  for (const domain::OrgAccount& org : orgs_) {
    if (!org.orgnr.empty()) org_by_orgnr_.emplace(org.orgnr, &org);
  }
  IndexById(products_, product_by_id_);
  IndexById(versions_, version_by_id_);
  IndexById(declarations_, declaration_by_id_);
  IndexById(deployments_, deployment_by_id_);
}

const domain::OrgAccount* RegistryView::FindOrg(const std::string& id) const {
  return Lookup(org_by_id_, id);
}
const domain::OrgAccount* RegistryView::FindOrgByOrgnr(const std::string& orgnr) const {
  return Lookup(org_by_orgnr_, orgnr);
}
const domain::Product* RegistryView::FindProduct(const std::string& id) const {
  return Lookup(product_by_id_, id);
}
const domain::ProductVersion* RegistryView::FindVersion(const std::string& id) const {
  return Lookup(version_by_id_, id);
}
const domain::Declaration* RegistryView::FindDeclaration(const std::string& id) const {
  return Lookup(declaration_by_id_, id);
}
const domain::Deployment* RegistryView::FindDeployment(const std::string& id) const {
  return Lookup(deployment_by_id_, id);
}

std::vector<const domain::Product*> RegistryView::ProductsOf(const std::string& org_id) const {
  std::vector<const domain::Product*> out;
  for (const domain::Product& product : products_) {
    if (product.org_id == org_id) out.push_back(&product);
  }
  return out;  // products_ is in name order already
}

std::vector<const domain::ProductVersion*> RegistryView::VersionsOf(
    const std::string& product_id) const {
  std::vector<const domain::ProductVersion*> out;
  for (const domain::ProductVersion& version : versions_) {
    if (version.product_id == product_id) out.push_back(&version);
  }
  std::sort(out.begin(), out.end(),
            [](const domain::ProductVersion* a, const domain::ProductVersion* b) {
              Date da = ReleaseOrCreation(*a), db = ReleaseOrCreation(*b);
              if (da != db) return da > db;
              if (a->created_at != b->created_at) return a->created_at > b->created_at;
              return a->id > b->id;
            });
  return out;
}

std::vector<const domain::Declaration*> RegistryView::DeclarationsOf(
    const std::string& version_id) const {
  std::vector<const domain::Declaration*> out;
  for (const domain::Declaration& declaration : declarations_) {
    if (declaration.product_version_id == version_id) out.push_back(&declaration);
  }
  SortNewestFirst(out);
  return out;
}

std::vector<const domain::Declaration*> RegistryView::DeclarationsOfOrg(
    const std::string& org_id) const {
  std::vector<const domain::Declaration*> out;
  for (const domain::Declaration& declaration : declarations_) {
    if (declaration.org_id == org_id) out.push_back(&declaration);
  }
  SortNewestFirst(out);
  return out;
}

std::vector<const domain::Deployment*> RegistryView::DeploymentsOf(
    const std::string& version_id) const {
  std::vector<const domain::Deployment*> out;
  for (const domain::Deployment& deployment : deployments_) {
    if (deployment.product_version_id == version_id) out.push_back(&deployment);
  }
  SortNewestFirst(out);
  return out;
}

std::vector<const domain::Deployment*> RegistryView::DeploymentsIn(
    const std::string& municipality) const {
  std::vector<const domain::Deployment*> out;
  for (const domain::Deployment& deployment : deployments_) {
    if (Contains(deployment.municipalities, municipality)) out.push_back(&deployment);
  }
  SortNewestFirst(out);
  return out;
}

std::vector<const domain::Deployment*> RegistryView::DeploymentsByOrg(
    const std::string& org_id) const {
  std::vector<const domain::Deployment*> out;
  for (const domain::Deployment& deployment : deployments_) {
    if (deployment.org_id == org_id) out.push_back(&deployment);
  }
  SortNewestFirst(out);
  return out;
}

bool IsPublic(const domain::Declaration& declaration) {
  switch (declaration.status) {
    case domain::DeclarationStatus::kPublished:
    case domain::DeclarationStatus::kWithdrawn:
    case domain::DeclarationStatus::kSuperseded:
      return true;
    case domain::DeclarationStatus::kDraft:
    case domain::DeclarationStatus::kSubmitted:
      return false;
  }
  return false;
}

std::vector<const domain::Product*> FindProducts(const RegistryView& view,
                                                 const domain::Catalog& catalog,
                                                 const domain::CategoryTree& tree,
                                                 const ProductQuery& query) {
  (void)catalog;  // part of the contract for filters that need it; none does yet
  std::set<std::string> categories;
  if (!query.category.empty()) categories = tree.Subtree(query.category);
  const std::string text = FoldCase(query.text);
  // Product ids that pass the filters over versions, computed once per query.
  std::set<std::string> deployed_in, declared;
  if (!query.municipality.empty()) {
    for (const domain::Deployment* d : view.DeploymentsIn(query.municipality)) {
      const domain::ProductVersion* v = view.FindVersion(d->product_version_id);
      if (v != nullptr && InUseOn(*d, query.today)) deployed_in.insert(v->product_id);
    }
  }
  if (!query.declared_profile.empty()) {
    for (const domain::Declaration& d : view.declarations()) {
      if (d.status != domain::DeclarationStatus::kPublished || d.profile != query.declared_profile)
        continue;
      const domain::ProductVersion* v = view.FindVersion(d.product_version_id);
      if (v != nullptr) declared.insert(v->product_id);
    }
  }

  std::vector<const domain::Product*> out;
  for (const domain::Product& product : view.products()) {
    const domain::OrgAccount* supplier = view.FindOrg(product.org_id);
    if (supplier == nullptr || supplier->status != domain::OrgStatus::kApproved) continue;
    if (!query.supplier.empty() && product.org_id != query.supplier) continue;
    if (!text.empty() && !ContainsFolded(FoldCase(product.name), text) &&
        !ContainsFolded(FoldCase(product.description), text)) {
      continue;
    }
    if (!query.category.empty() &&
        std::none_of(product.categories.begin(), product.categories.end(),
                     [&](const std::string& c) { return categories.count(c) > 0; })) {
      continue;
    }
    if (!query.integration.empty()) {
      std::vector<const domain::ProductVersion*> versions = view.VersionsOf(product.id);
      if (std::none_of(versions.begin(), versions.end(), [&](const domain::ProductVersion* v) {
            return Contains(v->integrations, query.integration);
          })) {
        continue;
      }
    }
    if (!query.municipality.empty() && deployed_in.count(product.id) == 0) continue;
    if (!query.declared_profile.empty() && declared.count(product.id) == 0) continue;
    out.push_back(&product);
  }
  return out;  // view.products() is in Norwegian name order
}

}  // namespace helsekrav::app
