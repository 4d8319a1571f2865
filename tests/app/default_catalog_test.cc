// The default catalog a new user sees: complete, valid, cited, and free of personal data.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "cli/common.h"
#include "domain/catalog_rules.h"
#include "support/default_catalog.h"
#include "support/sample_catalog.h"

namespace helsekrav::app {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::D;

class DefaultCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = new Catalog(testing::DefaultCatalog()); }
  static void TearDownTestSuite() { delete catalog_; }
  static Catalog* catalog_;
};
Catalog* DefaultCatalogTest::catalog_ = nullptr;

TEST_F(DefaultCatalogTest, IsValid) {
  Status s = ValidateCatalog(*catalog_);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(DefaultCatalogTest, HasTheContentTheScopeAsksFor) {
  EXPECT_GE(catalog_->requirements.size(), 80u);
  EXPECT_GE(catalog_->standards.size(), 40u);
  EXPECT_EQ(catalog_->profiles.size(), 12u);
  EXPECT_GE(catalog_->approval_schemes.size(), 12u);
  std::size_t municipalities = 0;
  for (const auto& o : catalog_->organisations) {
    if (o.kind == OrganisationKind::kMunicipality) ++municipalities;
  }
  EXPECT_EQ(municipalities, 357u);
}

TEST_F(DefaultCatalogTest, CoversEveryAreaAndLayer) {
  std::set<Area> areas;
  std::set<InteropLayer> layers;
  for (const auto& r : catalog_->requirements) {
    for (const auto& v : r.versions) {
      areas.insert(v.area);
      if (v.layer) layers.insert(*v.layer);
    }
  }
  EXPECT_EQ(areas.size(), 7u);
  EXPECT_EQ(layers.size(), 4u);
}

TEST_F(DefaultCatalogTest, EhdsDeadlinesArePresent) {
  std::set<std::string> starts;
  for (const auto& r : catalog_->requirements) {
    for (const auto& v : r.versions) {
      if (v.area == Area::kEu) starts.insert(v.valid_from.ToIso());
    }
  }
  for (const char* date : {"2027-03-26", "2029-03-26", "2031-03-26"}) {
    EXPECT_TRUE(starts.count(date)) << "no EU requirement starting " << date;
  }
}

TEST_F(DefaultCatalogTest, SomeRequirementsAndProfilesHaveHistory) {
  int versioned = 0;
  for (const auto& r : catalog_->requirements) versioned += r.versions.size() > 1;
  EXPECT_GE(versioned, 5);
  int versioned_profiles = 0;
  for (const auto& p : catalog_->profiles) versioned_profiles += p.versions.size() > 1;
  EXPECT_GE(versioned_profiles, 2);
}

TEST_F(DefaultCatalogTest, EverySchemeVerifiesSomething) {
  std::set<std::string> used;
  for (const auto& r : catalog_->requirements) {
    for (const auto& v : r.versions)
      used.insert(v.approval_schemes.begin(), v.approval_schemes.end());
  }
  for (const auto& s : catalog_->approval_schemes) EXPECT_TRUE(used.count(s.key)) << s.key;
}

TEST_F(DefaultCatalogTest, OneBuyersRequirementsAreLocalExamplesOwnedByThatBuyer) {
  int local = 0;
  for (const auto& r : catalog_->requirements) {
    for (const auto& v : r.versions) {
      if (v.scope != Scope::kLocal) {
        EXPECT_EQ(v.owner.rfind("kommune-", 0), std::string::npos)
            << r.key << " v" << v.version << " is national but owned by a municipality";
        continue;
      }
      ++local;
      EXPECT_EQ(v.owner.rfind("kommune-", 0), 0u) << r.key << " owner " << v.owner;
      EXPECT_FALSE(v.source.example.empty()) << r.key << " is not labelled as an example";
    }
    // KS owns no requirement in any source (catalog review, row 1).
    for (const auto& v : r.versions) EXPECT_NE(v.owner, "ks") << r.key;
  }
  EXPECT_GE(local, 5);  // Stavanger's and Ålesund's procurements
}

TEST_F(DefaultCatalogTest, EuRulesNotYetInTheEeaAgreementSaySo) {
  int pending = 0;
  for (const auto& r : catalog_->requirements) {
    for (const auto& v : r.versions) {
      bool eu_act = v.legal_basis.find("2025/327") != std::string::npos ||
                    v.legal_basis.find("2024/1689") != std::string::npos;
      if (!eu_act) continue;
      ASSERT_TRUE(v.eea.has_value()) << r.key << " v" << v.version;
      EXPECT_EQ(v.eea->status, EeaStatus::kPending) << r.key;
      EXPECT_FALSE(BindsInNorway(v, D("2031-03-26"))) << r.key;
      ++pending;
    }
  }
  EXPECT_GE(pending, 10);
}

TEST_F(DefaultCatalogTest, EveryApprovalSchemeBelongsToAnOrganisationOfTheCatalog) {
  for (const auto& s : catalog_->approval_schemes) {
    EXPECT_TRUE(std::any_of(catalog_->organisations.begin(), catalog_->organisations.end(),
                            [&](const Organisation& o) { return o.key == s.owner; }))
        << s.key;
    EXPECT_NE(s.key, "helsetek-dokumentasjonsvurdering");
  }
}

TEST_F(DefaultCatalogTest, ContainsNoEmailAddressesOrPhoneNumbers) {
  std::regex email(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,})");
  std::regex phone(R"((\+47[ ]?)?\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b)");
  auto files = cli::ReadCatalogFiles(HELSEKRAV_CATALOG_DIR);
  for (const auto& f : *files) {
    if (f.name.find(".csv") != std::string::npos) continue;  // organisation numbers, not phones
    EXPECT_FALSE(std::regex_search(f.content, email)) << f.name;
    std::smatch m;
    if (std::regex_search(f.content, m, phone)) {
      ADD_FAILURE() << f.name << " contains what looks like a phone number: " << m.str();
    }
  }
}

}  // namespace
}  // namespace helsekrav::app
