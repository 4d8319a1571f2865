// Upgrading a database made by an earlier release to the default catalog of this one, on both
// backends, through the same EnsureDefaultCatalog that `helsekrav serve` runs on start: the
// register survives, withdrawn records go, declarations citing corrected requirements are
// flagged «må vurderes på nytt», a second start writes nothing, and a failed upgrade changes
// nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli/common.h"
#include "domain/catalog_rules.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "support/test_services.h"

namespace helsekrav::app {
namespace {

using domain::OrganisationKind;
using testing::Backend;

constexpr char kRetiredScheme[] = "helsetek-dokumentasjonsvurdering";  // data/catalog/retired.json
constexpr char kHelsedirOrgnr[] = "983544622";

class CatalogUpgradeTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { t_ = testing::StartServices(GetParam()); }

  const domain::Catalog& Catalog() const { return t_->catalog->snapshot()->catalog(); }
  Date Today() const { return t_->clock.Today(); }

  // The first profile in force today with a requirement whose version in force was corrected
  // in place by this release; sets `profile_` and `corrected_`.
  void FindCorrectedRequirement() {
    for (const domain::Profile& p : Catalog().profiles) {
      const domain::ProfileVersion& pv = domain::VersionAt(p, Today());
      if (domain::StatusAt(pv.valid_from, pv.valid_to, Today()) !=
          domain::RequirementStatus::kActive) {
        continue;
      }
      for (const domain::ProfileItem& item : pv.items) {
        const domain::Requirement* r = FindRequirement(item.requirement);
        if (r != nullptr && domain::VersionAt(*r, Today()).corrected_on) {
          profile_ = p.key;
          corrected_ = r->key;
          return;
        }
      }
    }
    FAIL() << "the default catalog corrects no requirement of a profile in force";
  }

  const domain::Requirement* FindRequirement(const std::string& key) const {
    for (const domain::Requirement& r : Catalog().requirements) {
      if (r.key == key) return &r;
    }
    return nullptr;
  }

  // The catalog as the previous release stored it: nothing marked corrected yet, and the retired
  // scheme, which verified the corrected requirement, whose version in force has its old wording.
  domain::Catalog PreviousRelease() const {
    domain::Catalog previous = Catalog();
    previous.default_release = "previous-release";
    domain::ApprovalScheme scheme;
    scheme.key = kRetiredScheme;
    scheme.name = "Dokumentasjonsvurdering";
    scheme.owner = "helsedirektoratet";
    scheme.description = "Fra en tidligere utgave av katalogen.";
    scheme.validity_months = 24;
    scheme.steps = {"Dokumentasjonsvurdering"};
    scheme.source.document = "000_9ee2a9a2fee61d2f.txt";
    scheme.source.case_no = "7/25";
    previous.approval_schemes.push_back(scheme);
    for (domain::Requirement& r : previous.requirements) {
      for (domain::RequirementVersion& v : r.versions) v.corrected_on.reset();  // not yet corrected
      if (r.key != corrected_) continue;
      for (domain::RequirementVersion& v : r.versions) {
        if (v.version != domain::VersionAt(r, Today()).version) continue;
        v.text = "Den tidligere ordlyden, som kilden ikke støttet.";
        v.approval_schemes.push_back(kRetiredScheme);
      }
    }
    domain::SortCatalog(previous);
    return previous;
  }

  std::unique_ptr<testing::TestServices> t_;
  std::string profile_;
  std::string corrected_;
};

TEST_P(CatalogUpgradeTest, KeepsTheRegisterWithdrawsRetiredRecordsAndFlagsCorrections) {
  FindCorrectedRequirement();
  ASSERT_FALSE(HasFailure());
  const std::string new_text = domain::VersionAt(*FindRequirement(corrected_), Today()).text;
  auto previous = t_->catalog->Import(PreviousRelease());
  ASSERT_TRUE(previous.ok()) << previous.status().ToString();

  // The register as users left it under the previous release, before this one corrected the
  // catalog (corrected_on 2026-12-07).
  t_->clock.Set(testing::D("2026-12-01"));
  domain::Actor supplier =
      testing::AddOrgUser(*t_, "lev@example.no", "Leverandøren AS", OrganisationKind::kSupplier,
                          "913705408", domain::Role::kEditor);
  domain::Actor helsedir =
      testing::AddOrgUser(*t_, "hdir@example.no", "Helsedirektoratet", OrganisationKind::kAuthority,
                          kHelsedirOrgnr, domain::Role::kEditor);
  ASSERT_TRUE(t_->registry->Load().ok());
  ASSERT_TRUE(t_->approvals->Load().ok());
  auto [product, version] = testing::AddProductVersion(*t_, supplier);
  ASSERT_FALSE(HasFailure());
  std::string declaration = testing::PublishDeclaration(*t_, supplier, version.id, profile_);
  ASSERT_FALSE(declaration.empty());
  ApprovalRequest request;
  request.scheme = kRetiredScheme;
  request.subject_id = version.id;
  request.valid_from = Today();
  request.covered_requirements = {corrected_};
  domain::Evidence reference;
  reference.kind = domain::EvidenceKind::kReference;
  reference.reference = "Vurderingsrapport 2026-41";
  request.evidence = {reference};
  auto approval = t_->approvals->Issue(helsedir, request);
  ASSERT_TRUE(approval.ok()) << approval.status().ToString();
  ASSERT_TRUE(t_->registry->FlagOutdatedDeclarations(*t_->catalog->snapshot()).ok());
  ASSERT_TRUE(t_->registry->view()->FindDeclaration(declaration)->needs_review.empty());

  // The new release starts.
  Status upgraded = cli::EnsureDefaultCatalog(*t_->catalog, HELSEKRAV_CATALOG_DIR);
  ASSERT_TRUE(upgraded.ok()) << upgraded.ToString();
  EXPECT_NE(Catalog().default_release, "previous-release");
  EXPECT_TRUE(
      std::none_of(Catalog().approval_schemes.begin(), Catalog().approval_schemes.end(),
                   [](const domain::ApprovalScheme& s) { return s.key == kRetiredScheme; }));
  EXPECT_EQ(domain::VersionAt(*FindRequirement(corrected_), Today()).text, new_text);

  // Nothing of the register is lost; the declaration citing the corrected requirement is marked.
  ASSERT_TRUE(t_->registry->RefreshIfChanged().ok());
  auto flagged = t_->registry->FlagOutdatedDeclarations(*t_->catalog->snapshot());
  ASSERT_TRUE(flagged.ok()) << flagged.status().ToString();
  EXPECT_GE(*flagged, 1);
  const domain::Declaration* d = t_->registry->view()->FindDeclaration(declaration);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->status, domain::DeclarationStatus::kPublished);
  EXPECT_NE(std::find(d->needs_review.begin(), d->needs_review.end(), corrected_),
            d->needs_review.end());
  ASSERT_TRUE(t_->approvals->RefreshIfChanged().ok());
  const domain::Approval* kept = t_->approvals->view()->FindApproval(approval->id);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->scheme, kRetiredScheme);
  // …but the withdrawn scheme no longer covers the requirement in the label.
  auto label = t_->approvals->Label(version.id, profile_);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  for (const domain::LabelItem& item : label->items) {
    EXPECT_NE(item.basis_id, approval->id) << item.requirement;
  }

  // A second start of the same release writes nothing, so changes made since are kept.
  domain::Catalog local;
  local.requirements.push_back(*FindRequirement(corrected_));
  local.requirements.front().versions.back().title = "Lokalt endret tittel";
  ASSERT_TRUE(t_->catalog->Import(local).ok());
  std::int64_t revision = t_->catalog->snapshot()->revision();
  ASSERT_TRUE(cli::EnsureDefaultCatalog(*t_->catalog, HELSEKRAV_CATALOG_DIR).ok());
  ASSERT_TRUE(t_->catalog->RefreshIfChanged().ok());
  EXPECT_EQ(t_->catalog->snapshot()->revision(), revision);
  EXPECT_EQ(FindRequirement(corrected_)->versions.back().title, "Lokalt endret tittel");
}

TEST_P(CatalogUpgradeTest, AnUpgradeThatCannotBeAppliedChangesNothing) {
  FindCorrectedRequirement();
  ASSERT_FALSE(HasFailure());
  // A requirement of the operator's own still relies on the scheme the release withdraws.
  domain::Catalog previous = PreviousRelease();
  domain::Requirement own = *FindRequirement(corrected_);
  own.key = "LOKAL-01";
  own.versions.resize(1);
  own.versions.front().valid_to.reset();
  own.versions.front().approval_schemes = {kRetiredScheme};
  previous.requirements.push_back(own);
  domain::SortCatalog(previous);
  auto imported = t_->catalog->Import(previous);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  std::int64_t revision = t_->catalog->snapshot()->revision();

  Status upgraded = cli::EnsureDefaultCatalog(*t_->catalog, HELSEKRAV_CATALOG_DIR);
  EXPECT_FALSE(upgraded.ok());
  EXPECT_NE(upgraded.message().find("LOKAL-01"), std::string::npos) << upgraded.message();
  ASSERT_TRUE(t_->catalog->RefreshIfChanged().ok());
  EXPECT_EQ(t_->catalog->snapshot()->revision(), revision);
  EXPECT_EQ(Catalog().default_release, "previous-release");
  EXPECT_TRUE(std::any_of(Catalog().approval_schemes.begin(), Catalog().approval_schemes.end(),
                          [](const domain::ApprovalScheme& s) { return s.key == kRetiredScheme; }));
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogUpgradeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
