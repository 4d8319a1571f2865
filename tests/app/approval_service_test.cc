// Approvals, certificate claims and compliance labels on both backends: only the scheme's owner
// body issues and changes approvals, every lifecycle step leaves an event and a signed log
// statement, expiry and expiry warnings run once, the label follows the evidence at once, and
// the public register's filters work.
#include "app/approvals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "domain/catalog_rules.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "support/test_services.h"

namespace helsekrav::app {
namespace {

using domain::Actor;
using domain::ApprovalAction;
using domain::ApprovalStatus;
using domain::OrganisationKind;
using testing::Backend;
using testing::D;

constexpr char kNhnOrgnr[] = "994598759";  // norsk-helsenett in data/catalog/organisations.json
constexpr char kKsOrgnr[] = "971032146";   // ks
constexpr char kHelsedirOrgnr[] = "983544622";  // helsedirektoratet
constexpr char kTestProfile[] = "test-merke";

bool InForce(const domain::RequirementVersion& v, Date today) {
  return v.valid_from <= today && (!v.valid_to || today < *v.valid_to);
}

bool Has(const std::vector<domain::VerificationMethod>& methods, domain::VerificationMethod m) {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

class ApprovalServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    t_ = testing::StartServices(GetParam());
    ASSERT_NE(t_->approvals, nullptr);
    ASSERT_NE(t_->log, nullptr);
    nhn_ =
        AddOrg("nhn@example.no", "Norsk helsenett SF", OrganisationKind::kApprovingBody, kNhnOrgnr);
    ks_ = AddOrg("ks@example.no", "KS", OrganisationKind::kApprovingBody, kKsOrgnr);
    supplier_ = AddOrg("lev@example.no", "Journalleverandøren AS", OrganisationKind::kSupplier,
                       "913705408");
    other_supplier_ =
        AddOrg("annen@example.no", "Annen Leverandør AS", OrganisationKind::kSupplier, "913705416");
    ASSERT_TRUE(t_->registry->Load().ok());
    ASSERT_TRUE(approvals().Load().ok());

    std::tie(product_, version_) = testing::AddProductVersion(*t_, supplier_);
    ASSERT_FALSE(HasFailure());
  }

  ApprovalService& approvals() { return *t_->approvals; }
  Date Today() const { return t_->clock.Today(); }

  // An approved organisation with an editor, created as `helsekrav admin create-user` does.
  Actor AddOrg(const std::string& email, const std::string& name, OrganisationKind kind,
               const std::string& orgnr) {
    return testing::AddOrgUser(*t_, email, name, kind, orgnr, domain::Role::kEditor);
  }

  // Requirement keys in force today, mandatory in the test profile: those the scheme verifies.
  std::vector<std::string> SchemeKeys(const std::string& scheme) {
    std::vector<std::string> out;
    const domain::Catalog& catalog = t_->catalog->snapshot()->catalog();
    for (const domain::Requirement& r : catalog.requirements) {
      const auto& v = domain::VersionAt(r, Today());
      if (InForce(v, Today()) &&
          std::count(v.approval_schemes.begin(), v.approval_schemes.end(), scheme) > 0) {
        out.push_back(r.key);
      }
    }
    return out;
  }

  // The default catalog has mandatory requirements that neither self-declaration nor any scheme
  // can cover, so no real profile can earn the label (issue 5 notes). This imports a profile
  // whose every item has a route: two self-declarable requirements and those the Kjernejournal
  // API approval verifies. Returns the self-declarable keys.
  std::vector<std::string> ImportTestProfile() {
    const domain::Catalog& catalog = t_->catalog->snapshot()->catalog();
    std::vector<std::string> self_declarable;
    for (const domain::Requirement& r : catalog.requirements) {
      const auto& v = domain::VersionAt(r, Today());
      if (InForce(v, Today()) && v.approval_schemes.empty() &&
          Has(v.verification_methods, domain::VerificationMethod::kSelfDeclaration) &&
          self_declarable.size() < 2) {
        self_declarable.push_back(r.key);
      }
    }
    domain::Profile profile;
    profile.key = kTestProfile;
    domain::ProfileVersion pv = domain::VersionAt(catalog.profiles.front(), Today());
    pv.version = 1;
    pv.name = "Testmerke";
    pv.items.clear();
    std::vector<std::string> keys = self_declarable;
    for (const std::string& k : SchemeKeys("kjernejournal-api")) keys.push_back(k);
    for (const std::string& k : keys) {
      pv.items.push_back({k, domain::Obligation::kMandatory});
    }
    profile.versions.push_back(pv);
    domain::Catalog incoming;
    incoming.profiles.push_back(profile);
    auto imported = t_->catalog->Import(incoming);
    EXPECT_TRUE(imported.ok()) << imported.status().ToString();
    return self_declarable;
  }

  // Publishes a declaration of `version_` against the test profile answering "meets" to all.
  void PublishDeclaration() {
    ASSERT_FALSE(testing::PublishDeclaration(*t_, supplier_, version_.id, kTestProfile).empty());
  }

  ApprovalRequest KjernejournalRequest(std::optional<Date> valid_to = std::nullopt) {
    ApprovalRequest request;
    request.scheme = "kjernejournal-api";
    request.subject_id = version_.id;
    request.valid_from = Today();
    request.valid_to = valid_to.value_or(Date(Today().days() + 365));
    request.conditions = "Gjelder lesetilgang.";
    domain::Evidence report;
    report.kind = domain::EvidenceKind::kReference;
    report.reference = "Testrapport KJ-2026-17";
    request.evidence.push_back(report);
    return request;
  }

  domain::Approval Issue(std::optional<Date> valid_to = std::nullopt) {
    auto issued = approvals().Issue(nhn_, KjernejournalRequest(valid_to));
    EXPECT_TRUE(issued.ok()) << issued.status().ToString();
    return issued.ok() ? *issued : domain::Approval();
  }

  std::vector<store::EventRecord> Events(const std::string& entity_id) {
    store::EventQuery q;
    q.entity_id = entity_id;
    q.limit = 500;
    auto events = t_->db->store->ListEvents(q);
    EXPECT_TRUE(events.ok());
    std::vector<store::EventRecord> out;
    if (events.ok()) out = *events;
    std::reverse(out.begin(), out.end());
    return out;
  }

  std::vector<std::string> Actions(const std::string& entity_id) {
    std::vector<std::string> out;
    for (const auto& e : Events(entity_id)) out.push_back(e.action);
    return out;
  }

  std::int64_t NewestSeq() {
    store::EventQuery q;
    q.limit = 1;
    auto events = t_->db->store->ListEvents(q);
    return events.ok() && !events->empty() ? events->front().seq : 0;
  }

  std::uint64_t LogSize() {
    auto head = t_->log->TreeHead();
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    return head.ok() ? head->tree_size : 0;
  }

  std::size_t LogEntriesFor(const std::string& subject) {
    auto entries = t_->log->EntriesFor(subject);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? entries->size() : 0;
  }

  void MoveTo(Date day) { t_->clock.Set(day); }

  std::unique_ptr<testing::TestServices> t_;
  Actor nhn_, ks_, supplier_, other_supplier_;
  domain::Product product_;
  domain::ProductVersion version_;
};

TEST_P(ApprovalServiceTest, OnlyTheSchemeOwnerIssues) {
  std::int64_t seq = NewestSeq();
  std::uint64_t log_size = LogSize();
  EXPECT_EQ(approvals().Issue(ks_, KjernejournalRequest()).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(approvals().Issue(supplier_, KjernejournalRequest()).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(approvals().Issue(Actor{}, KjernejournalRequest()).status().code(),
            StatusCode::kUnauthenticated);
  Actor viewer = nhn_;
  viewer.role = domain::Role::kViewer;
  EXPECT_EQ(approvals().Issue(viewer, KjernejournalRequest()).status().code(),
            StatusCode::kForbidden);
  ApprovalRequest unknown = KjernejournalRequest();
  unknown.subject_id = "finnes-ikke";
  EXPECT_EQ(approvals().Issue(nhn_, unknown).status().field(), "subject_id");
  unknown = KjernejournalRequest();
  unknown.scheme = "finnes-ikke";
  EXPECT_EQ(approvals().Issue(nhn_, unknown).status().field(), "scheme");
  // Nothing was written by any refusal.
  EXPECT_EQ(NewestSeq(), seq);
  EXPECT_EQ(LogSize(), log_size);
  EXPECT_TRUE(approvals().view()->approvals().empty());

  // The scheme's owner issues; the default coverage is every requirement the scheme verifies.
  ApprovalRequest request = KjernejournalRequest();
  request.covered_requirements.clear();
  auto issued = approvals().Issue(nhn_, request);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->status, ApprovalStatus::kIssued);
  EXPECT_EQ(issued->issuer_org_id, nhn_.org_id);
  EXPECT_FALSE(issued->covered_requirements.empty());
  ASSERT_NE(approvals().view()->FindApproval(issued->id), nullptr);
  EXPECT_EQ(*approvals().view()->FindApproval(issued->id), *issued);
  EXPECT_EQ(Actions(issued->id), std::vector<std::string>{"issued"});
  EXPECT_EQ(Events(issued->id).front().org_id, supplier_.org_id);
  EXPECT_EQ(LogSize(), log_size + 1);
  EXPECT_EQ(LogEntriesFor(issued->id), 1u);

  // KS cannot change NHN's approval either.
  EXPECT_EQ(approvals()
                .Act(ks_, issued->id, ApprovalAction::kRevoke, "Feil", std::nullopt)
                .status()
                .code(),
            StatusCode::kForbidden);
  EXPECT_EQ(approvals().view()->FindApproval(issued->id)->status, ApprovalStatus::kIssued);
}

TEST_P(ApprovalServiceTest, LifecycleLeavesEventsAndStatements) {
  domain::Approval a = Issue(D("2027-06-01"));
  auto renewed = approvals().Act(nhn_, a.id, ApprovalAction::kRenew, "", D("2027-12-01"));
  ASSERT_TRUE(renewed.ok()) << renewed.status().ToString();
  EXPECT_EQ(renewed->valid_to, D("2027-12-01"));
  auto no_reason = approvals().Act(nhn_, a.id, ApprovalAction::kSuspend, "", std::nullopt);
  EXPECT_EQ(no_reason.status().code(), StatusCode::kInvalid);
  auto suspended =
      approvals().Act(nhn_, a.id, ApprovalAction::kSuspend, "Feil i testmiljøet", std::nullopt);
  ASSERT_TRUE(suspended.ok()) << suspended.status().ToString();
  EXPECT_EQ(suspended->status, ApprovalStatus::kSuspended);
  EXPECT_EQ(suspended->status_reason, "Feil i testmiljøet");
  auto reinstated = approvals().Act(nhn_, a.id, ApprovalAction::kReinstate, "", std::nullopt);
  ASSERT_TRUE(reinstated.ok()) << reinstated.status().ToString();
  EXPECT_EQ(reinstated->status, ApprovalStatus::kIssued);

  // Nothing expires before valid_to; after it, once.
  EXPECT_EQ(*approvals().ExpireDue(), 0);
  MoveTo(D("2027-12-01"));
  EXPECT_EQ(*approvals().ExpireDue(), 1);
  EXPECT_EQ(*approvals().ExpireDue(), 0);
  const domain::Approval* expired = approvals().view()->FindApproval(a.id);
  ASSERT_NE(expired, nullptr);
  EXPECT_EQ(expired->status, ApprovalStatus::kExpired);
  EXPECT_EQ(expired->history.back().reason, "Gyldighetstiden er ute");
  EXPECT_TRUE(expired->history.back().actor_user.empty());

  auto revoked = approvals().Act(nhn_, a.id, ApprovalAction::kRevoke, "Avviklet", std::nullopt);
  ASSERT_TRUE(revoked.ok()) << revoked.status().ToString();
  EXPECT_EQ(revoked->status, ApprovalStatus::kRevoked);
  // Revoked is final.
  EXPECT_EQ(
      approvals().Act(nhn_, a.id, ApprovalAction::kReinstate, "", std::nullopt).status().code(),
      StatusCode::kInvalid);
  EXPECT_EQ(
      approvals().Act(nhn_, a.id, ApprovalAction::kRenew, "", D("2028-06-01")).status().code(),
      StatusCode::kInvalid);

  std::vector<std::string> expected = {"issued",     "renewed", "suspended",
                                       "reinstated", "expired", "revoked"};
  EXPECT_EQ(Actions(a.id), expected);
  std::vector<store::EventRecord> events = Events(a.id);
  EXPECT_TRUE(events[4].actor_user.empty());  // the system expired it
  EXPECT_NE(events[2].changes.find("Feil i testmiljøet"), std::string::npos);
  auto entries = t_->log->EntriesFor(a.id);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*entries)[i].statement["payload"]["type"], "approval." + expected[i]);
  }
  EXPECT_EQ(entries->back().statement["payload"]["approval"]["status"], "revoked");
  EXPECT_EQ(entries->back().statement["payload"]["issuer_orgnr"], kNhnOrgnr);
  EXPECT_TRUE(t_->log->Audit().ok());
}

TEST_P(ApprovalServiceTest, LabelFollowsApprovalsAtOnce) {
  std::vector<std::string> self_declarable = ImportTestProfile();
  ASSERT_EQ(self_declarable.size(), 2u);
  PublishDeclaration();
  ASSERT_TRUE(approvals().RefreshIfChanged().ok());

  // Self-declaration alone does not cover what only the approval may cover.
  auto before = approvals().Label(version_.id, kTestProfile);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_FALSE(before->earned);
  EXPECT_FALSE(before->reasons.empty());
  EXPECT_EQ(*approvals().ReconcileLabels(), 0);

  ApprovalRequest request = KjernejournalRequest();
  request.covered_requirements = SchemeKeys("kjernejournal-api");
  auto issued = approvals().Issue(nhn_, request);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  auto label = approvals().Label(version_.id, kTestProfile);
  ASSERT_TRUE(label.ok());
  EXPECT_TRUE(label->earned) << (label->reasons.empty() ? "" : label->reasons.front());
  for (const domain::LabelItem& item : label->items) {
    bool self = std::count(self_declarable.begin(), self_declarable.end(), item.requirement) > 0;
    EXPECT_EQ(item.basis,
              self ? domain::LabelBasis::kSelfDeclared : domain::LabelBasis::kThirdParty)
        << item.requirement;
    if (!self) {
      EXPECT_EQ(item.basis_id, issued->id);
    }
  }
  std::vector<domain::ComplianceLabel> all = approvals().LabelsOf(version_.id);
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const domain::ComplianceLabel& l) {
    return l.profile == kTestProfile && l.earned;
  }));
  const std::string subject = version_.id + "/" + kTestProfile;
  EXPECT_EQ(Actions(subject), std::vector<std::string>{"issued"});  // recorded by Issue()
  EXPECT_EQ(LogEntriesFor(subject), 1u);

  // Revoking the approval takes the label away at once and records it.
  ASSERT_TRUE(
      approvals().Act(nhn_, issued->id, ApprovalAction::kRevoke, "Brudd", std::nullopt).ok());
  auto after = approvals().Label(version_.id, kTestProfile);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->earned);
  EXPECT_EQ(Actions(subject), (std::vector<std::string>{"issued", "withdrawn"}));
  auto entries = t_->log->EntriesFor(subject);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].statement["payload"]["type"], "label.issued");
  EXPECT_EQ((*entries)[1].statement["payload"]["type"], "label.withdrawn");
  // Each label statement was committed with the approval statement that caused it.
  auto approval_entries = t_->log->EntriesFor(issued->id);
  ASSERT_TRUE(approval_entries.ok());
  ASSERT_EQ(approval_entries->size(), 2u);
  EXPECT_EQ((*entries)[0].index, (*approval_entries)[0].index + 1);
  EXPECT_EQ((*entries)[1].index, (*approval_entries)[1].index + 1);
  // Nothing more to record.
  EXPECT_EQ(*approvals().ReconcileLabels(), 0);

  EXPECT_EQ(approvals().Label("finnes-ikke", kTestProfile).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(approvals().Label(version_.id, "finnes-ikke").status().code(), StatusCode::kNotFound);
}

TEST_P(ApprovalServiceTest, OnlyTheIssuingOrganisationChangesAnApproval) {
  domain::Approval issued = Issue();
  // An approval whose stored issuer is another organisation (e.g. the body's account was
  // replaced): NHN's current account may not act on it.
  auto entity = t_->db->store->FindEntity("approval", issued.id, 0);
  ASSERT_TRUE(entity.ok() && entity->has_value());
  store::Entity changed = **entity;
  auto doc = nlohmann::json::parse(changed.doc);
  doc["issuer_org_id"] = ks_.org_id;
  changed.doc = doc.dump();
  {
    auto tx = t_->db->store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->UpdateEntity(changed, changed.revision).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Status s =
      approvals().Act(nhn_, issued.id, ApprovalAction::kSuspend, "Avvik", std::nullopt).status();
  EXPECT_EQ(s.code(), StatusCode::kForbidden) << s.ToString();
  EXPECT_NE(s.message().find("utstedte"), std::string::npos) << s.message();
}

TEST_P(ApprovalServiceTest, FileEvidenceMustBeTheIssuersOwnUploadAndBecomesPublic) {
  auto report =
      t_->registry->UploadEvidence(nhn_, {"testrapport.pdf", "application/pdf", "%PDF-1"});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto foreign = t_->registry->UploadEvidence(supplier_, {"egen.pdf", "application/pdf", "%PDF-2"});
  ASSERT_TRUE(foreign.ok()) << foreign.status().ToString();

  ApprovalRequest request = KjernejournalRequest();
  domain::Evidence file;
  file.kind = domain::EvidenceKind::kFile;
  file.file_id = foreign->id;
  file.file_name = "forfalsket.pdf";
  request.evidence = {file};
  const std::int64_t before = NewestSeq();
  Status s = approvals().Issue(nhn_, request).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalid) << s.ToString();
  EXPECT_EQ(s.field(), "evidence[0].file_id");
  request.evidence[0].file_id = "finnes-ikke";
  EXPECT_EQ(approvals().Issue(nhn_, request).status().field(), "evidence[0].file_id");
  EXPECT_EQ(NewestSeq(), before);
  EXPECT_TRUE(approvals().view()->approvals().empty());

  // Not public before an approval cites it.
  EXPECT_EQ(approvals().ReadEvidence(Actor{}, report->id).status().code(), StatusCode::kNotFound);
  request.evidence[0].file_id = report->id;
  auto issued = approvals().Issue(nhn_, request);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  ASSERT_EQ(issued->evidence.size(), 1u);
  EXPECT_EQ(issued->evidence[0].file_name,
            "testrapport.pdf");  // the stored name, not the request's
  EXPECT_EQ(issued->evidence[0].sha256, report->sha256);
  auto read = approvals().ReadEvidence(Actor{}, report->id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->second, "%PDF-1");
  // The supplier's own file stays private.
  EXPECT_EQ(approvals().ReadEvidence(Actor{}, foreign->id).status().code(), StatusCode::kNotFound);

  // A report uploaded with the request is stored with the approval or not at all.
  ApprovalRequest with_report = KjernejournalRequest();
  with_report.report = app::Upload{"rapport.exe", "application/x-msdownload", "MZ"};
  const std::int64_t seq = NewestSeq();
  Status refused = approvals().Issue(nhn_, with_report).status();
  EXPECT_EQ(refused.field(), "report") << refused.ToString();
  with_report.report = app::Upload{"rapport.pdf", "application/pdf", "%PDF-3"};
  with_report.valid_to = Date(Today().days() - 1);  // invalid: ends before it starts
  EXPECT_EQ(approvals().Issue(nhn_, with_report).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(NewestSeq(), seq) << "a refused approval stored its report";
  with_report.valid_to = Date(Today().days() + 365);
  auto reported = approvals().Issue(nhn_, with_report);
  ASSERT_TRUE(reported.ok()) << reported.status().ToString();
  const domain::Evidence& stored_report = reported->evidence.back();
  EXPECT_EQ(stored_report.kind, domain::EvidenceKind::kFile);
  EXPECT_EQ(stored_report.file_name, "rapport.pdf");
  auto public_report = approvals().ReadEvidence(Actor{}, stored_report.file_id);
  ASSERT_TRUE(public_report.ok()) << public_report.status().ToString();
  EXPECT_EQ(public_report->second, "%PDF-3");

  // A claim may cite only the holder's files; then they are public too.
  domain::CertificateClaim claim;
  claim.kind = domain::CertificateKind::kCeMdr;
  claim.reference = "CE 0123-2026";
  claim.issuer_name = "Meldt organ 0123";
  file.file_id = report->id;
  claim.evidence = {file};
  EXPECT_EQ(approvals().RegisterClaim(supplier_, claim).status().field(), "evidence[0].file_id");
  claim.evidence[0].file_id = foreign->id;
  ASSERT_TRUE(approvals().RegisterClaim(supplier_, claim).ok());
  EXPECT_TRUE(approvals().ReadEvidence(Actor{}, foreign->id).ok());
}

TEST_P(ApprovalServiceTest, DefaultCatalogLabelRestsOnTheDeclarationAndACertificate) {
  // Medisineringsstøtte in the default catalog: the supplier's own declaration covers what no
  // body approves (shown as «egenerklært»); CE marking under MDR needs a confirmed certificate.
  const std::string profile = "medisineringsstotte";
  Actor helsedir =
      AddOrg("hdir@example.no", "Helsedirektoratet", OrganisationKind::kAuthority, kHelsedirOrgnr);
  ASSERT_FALSE(testing::PublishDeclaration(*t_, supplier_, version_.id, profile).empty());
  ASSERT_TRUE(approvals().RefreshIfChanged().ok());
  auto label = approvals().Label(version_.id, profile);
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  EXPECT_FALSE(label->earned);
  std::vector<std::string> ce_keys = SchemeKeys("ce-mdr");
  ASSERT_FALSE(label->reasons.empty());
  for (const std::string& reason : label->reasons) {
    EXPECT_TRUE(std::any_of(ce_keys.begin(), ce_keys.end(), [&](const std::string& key) {
      return reason.find("«" + key + "»") != std::string::npos;
    })) << reason;
  }
  domain::Evidence report;
  report.kind = domain::EvidenceKind::kReference;
  report.reference = "Samsvarserklæring 2026-41";

  // A CE certificate the supplier holds completes it once a body confirms it.
  domain::CertificateClaim ce;
  ce.kind = domain::CertificateKind::kCeMdr;
  ce.product_version_id = version_.id;
  ce.reference = "CE 0123-2026-17";
  ce.issuer_name = "Meldt organ 0123";
  ce.valid_from = Today();
  ce.valid_to = Date(Today().days() + 1000);
  ce.evidence.push_back(report);
  auto claim = approvals().RegisterClaim(supplier_, ce);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_FALSE(approvals().Label(version_.id, profile)->earned);
  ASSERT_TRUE(approvals().ConfirmClaim(helsedir, claim->id).ok());
  label = approvals().Label(version_.id, profile);
  ASSERT_TRUE(label.ok());
  EXPECT_TRUE(label->earned) << (label->reasons.empty() ? "" : label->reasons.front());
  std::set<domain::LabelBasis> bases;
  for (const domain::LabelItem& item : label->items) bases.insert(item.basis);
  EXPECT_EQ(bases, (std::set<domain::LabelBasis>{domain::LabelBasis::kCertificate,
                                                 domain::LabelBasis::kSelfDeclared}));
  // The label statement was committed with the confirmation.
  const std::string subject = version_.id + "/" + profile;
  EXPECT_EQ(Actions(subject), std::vector<std::string>{"issued"});

  // Withdrawing the certificate takes the label away at once, and records it.
  ASSERT_TRUE(approvals().WithdrawClaim(supplier_, claim->id).ok());
  EXPECT_FALSE(approvals().Label(version_.id, profile)->earned);
  EXPECT_EQ(Actions(subject), (std::vector<std::string>{"issued", "withdrawn"}));
  EXPECT_EQ(*approvals().ReconcileLabels(), 0);
}

TEST_P(ApprovalServiceTest, ExpiryWarningsAreSentOnceAndNeverLate) {
  Date start = Today();
  domain::Approval later = Issue(Date(start.days() + 100));
  domain::Approval soon = Issue(Date(start.days() + 20));
  auto warnings = [&](const std::string& id) {
    std::vector<int> days;
    for (const auto& e : Events(id)) {
      if (e.action != "expiry_warning") continue;
      auto changes = nlohmann::json::parse(e.changes);
      days.push_back(changes["days"].get<int>());
      EXPECT_EQ(e.org_id, supplier_.org_id);
      EXPECT_EQ(changes["scheme"], "kjernejournal-api");
    }
    return days;
  };

  // 20 days left: the 30-day warning, not the missed 90-day one.
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 1);
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 0);
  MoveTo(Date(start.days() + 10));  // later: 90 days left
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 1);
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 0);
  MoveTo(Date(start.days() + 15));  // soon: 5 days left
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 1);
  EXPECT_EQ(*approvals().SendExpiryWarnings(), 0);
  EXPECT_EQ(warnings(soon.id), (std::vector<int>{30, 7}));
  EXPECT_EQ(warnings(later.id), (std::vector<int>{90}));
}

TEST_P(ApprovalServiceTest, CertificateClaimsStaySelfReportedUntilConfirmed) {
  domain::CertificateClaim claim;
  claim.kind = domain::CertificateKind::kIso27001;
  claim.reference = "ISO/IEC 27001:2022 nr. 123";
  claim.issuer_name = "Sertifiseringsorganet AS";
  claim.valid_to = D("2028-01-01");
  domain::Evidence link;
  link.kind = domain::EvidenceKind::kLink;
  link.url = "https://example.no/sertifikat.pdf";
  claim.evidence.push_back(link);

  domain::CertificateClaim empty = claim;
  empty.reference.clear();
  EXPECT_EQ(approvals().RegisterClaim(supplier_, empty).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(approvals().RegisterClaim(nhn_, claim).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(approvals().RegisterClaim(Actor{}, claim).status().code(),
            StatusCode::kUnauthenticated);
  domain::CertificateClaim foreign = claim;
  foreign.product_version_id = version_.id;
  EXPECT_EQ(approvals().RegisterClaim(other_supplier_, foreign).status().field(),
            "product_version_id");

  auto registered = approvals().RegisterClaim(supplier_, claim);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_TRUE(registered->self_reported());
  EXPECT_EQ(registered->org_id, supplier_.org_id);
  EXPECT_EQ(approvals().view()->ClaimsOf(supplier_.org_id).size(), 1u);

  EXPECT_EQ(approvals().ConfirmClaim(supplier_, registered->id).status().code(),
            StatusCode::kForbidden);
  EXPECT_TRUE(approvals().view()->FindClaim(registered->id)->self_reported());
  // KS does not certify information security; Helsedirektoratet runs the scheme.
  EXPECT_EQ(approvals().ConfirmClaim(ks_, registered->id).status().code(), StatusCode::kForbidden);
  EXPECT_TRUE(approvals().view()->FindClaim(registered->id)->self_reported());
  Actor helsedir =
      AddOrg("hdir@example.no", "Helsedirektoratet", OrganisationKind::kAuthority, kHelsedirOrgnr);
  auto confirmed = approvals().ConfirmClaim(helsedir, registered->id);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_FALSE(confirmed->self_reported());
  EXPECT_EQ(confirmed->confirmed_by_org, helsedir.org_id);
  EXPECT_FALSE(approvals().view()->FindClaim(registered->id)->self_reported());

  EXPECT_EQ(approvals().WithdrawClaim(other_supplier_, registered->id).code(),
            StatusCode::kForbidden);
  ASSERT_TRUE(approvals().WithdrawClaim(supplier_, registered->id).ok());
  EXPECT_EQ(approvals().view()->FindClaim(registered->id), nullptr);
  EXPECT_EQ(Actions(registered->id),
            (std::vector<std::string>{"registered", "confirmed", "withdrawn"}));
}

// ---- Bodies without a Norwegian organisation number (issue 12) -----------------------------

class BodyWithoutOrgnrTest : public ApprovalServiceTest {
 protected:
  // The signed-in principal of a session token, as the web layer sees it.
  Principal SignedIn(const std::string& token) {
    auto principal = t_->accounts->Authenticate(token);
    EXPECT_TRUE(principal.ok() && principal->has_value());
    return principal.ok() && principal->has_value() ? **principal : Principal{};
  }

  // An authority admin, who decides registrations.
  Principal Authority() {
    Principal p;
    p.actor =
        testing::AddOrgUser(*t_, "admin@hdir.example", "Helsedirektoratet",
                            OrganisationKind::kAuthority, kHelsedirOrgnr, domain::Role::kAdmin);
    return p;
  }

  // A self-registered approving body identified by `kind` and `identifier`; pending.
  Result<SessionToken> RegisterBody(const std::string& email, domain::OrgIdKind kind,
                                    const std::string& identifier) {
    Registration reg;
    reg.email = email;
    reg.name = "Nora Notified";
    reg.password = testing::kTestPassword;
    reg.org.id_kind = kind;
    reg.org.identifier = identifier;
    reg.org.name = "Notified Body " + identifier;
    reg.org.kind = OrganisationKind::kApprovingBody;
    reg.org.acts_as = "meldt-organ";  // ignored: only the authority decides what a body acts as
    return t_->accounts->Register(reg, "10.0.0.7");
  }

  ApprovalRequest CeRequest() {
    ApprovalRequest request;
    request.scheme = "ce-mdr";
    request.subject_id = version_.id;
    request.valid_from = Today();
    request.valid_to = Date(Today().days() + 365);
    domain::Evidence certificate;
    certificate.kind = domain::EvidenceKind::kReference;
    certificate.reference = "CE 2797-2026-17";
    request.evidence.push_back(certificate);
    return request;
  }

  Result<domain::CertificateClaim> CeClaim() {
    domain::CertificateClaim ce;
    ce.kind = domain::CertificateKind::kCeMdr;
    ce.product_version_id = version_.id;
    ce.reference = "CE 2797-2026-17";
    ce.issuer_name = "Meldt organ 2797";
    ce.evidence.push_back(CeRequest().evidence.front());
    return approvals().RegisterClaim(supplier_, ce);
  }

  // The changes recorded by the organisation's last "approved" event.
  nlohmann::json LastApproval(const std::string& org_id) {
    store::EventQuery query;
    query.limit = 100;
    auto events = t_->db->store->ListEvents(query);
    EXPECT_TRUE(events.ok());
    if (!events.ok()) return {};
    for (const store::EventRecord& e : *events) {  // newest first
      if (e.entity_id == org_id && e.action == "approved") return nlohmann::json::parse(e.changes);
    }
    return {};
  }
};

TEST_P(BodyWithoutOrgnrTest, NotifiedBodyIssuesCeOnceApprovedActingAsMeldtOrgan) {
  auto session = RegisterBody("post@nando.example", domain::OrgIdKind::kNando, " 2797 ");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Principal body = SignedIn(session->token);
  EXPECT_EQ(body.org.identifier, "2797");
  EXPECT_TRUE(body.org.orgnr.empty());
  EXPECT_TRUE(body.org.acts_as.empty());
  EXPECT_EQ(RegisterBody("other@nando.example", domain::OrgIdKind::kNando, "2797").status().code(),
            StatusCode::kConflict);
  ASSERT_TRUE(t_->registry->Load().ok());
  auto claim = CeClaim();
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();

  // Pending: neither issues nor confirms.
  EXPECT_EQ(approvals().Issue(body.actor, CeRequest()).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(approvals().ConfirmClaim(body.actor, claim->id).status().code(),
            StatusCode::kForbidden);

  // Approved without a catalog organisation: still nobody's scheme.
  Principal authority = Authority();
  EXPECT_EQ(t_->accounts->DecideOrganisation(body, body.org.id, true, "", "meldt-organ").code(),
            StatusCode::kForbidden);
  ASSERT_TRUE(t_->accounts->DecideOrganisation(authority, body.org.id, true, "").ok());
  ASSERT_TRUE(t_->registry->Load().ok());
  body = SignedIn(session->token);
  EXPECT_EQ(body.actor.org_status, domain::OrgStatus::kApproved);
  EXPECT_EQ(approvals().Issue(body.actor, CeRequest()).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(approvals().ConfirmClaim(body.actor, claim->id).status().code(),
            StatusCode::kForbidden);

  // A catalog organisation with its own orgnr, or one that does not exist, is refused.
  Status s = t_->accounts->DecideOrganisation(authority, body.org.id, true, "", "norsk-helsenett");
  EXPECT_EQ(s.field(), "acts_as") << s.ToString();
  s = t_->accounts->DecideOrganisation(authority, body.org.id, true, "", "no-such-body");
  EXPECT_EQ(s.field(), "acts_as") << s.ToString();

  // Acting as meldt-organ, it issues CE approvals and confirms CE certificates.
  ASSERT_TRUE(
      t_->accounts->DecideOrganisation(authority, body.org.id, true, "", "meldt-organ").ok());
  EXPECT_EQ(LastApproval(body.org.id)["acts_as"]["to"], "meldt-organ");
  ASSERT_TRUE(t_->registry->Load().ok());
  body = SignedIn(session->token);
  EXPECT_EQ(body.org.acts_as, "meldt-organ");
  auto issued = approvals().Issue(body.actor, CeRequest());
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->issuer_org_id, body.org.id);
  auto confirmed = approvals().ConfirmClaim(body.actor, claim->id);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_FALSE(confirmed->self_reported());
  // Not the certification bodies' scheme.
  ApprovalRequest iso = CeRequest();
  iso.scheme = "iso27001-sertifikat";
  EXPECT_EQ(approvals().Issue(body.actor, iso).status().code(), StatusCode::kForbidden);
}

TEST_P(BodyWithoutOrgnrTest, CertificationBodyMadeOnTheCommandLineCannotIssueCe) {
  // As `helsekrav admin create-user --org-identifier accreditation:… --acts-as
  // sertifiseringsorgan` does.
  domain::OrgAccount org;
  ASSERT_TRUE(domain::ParseOrgIdentifier("accreditation:Norsk akkreditering TEST 001", org).ok());
  org.name = "Sertifisering AS";
  org.kind = OrganisationKind::kApprovingBody;
  org.acts_as = "sertifiseringsorgan";
  auto user = t_->accounts->CreateUserDirect("cert@sert.example", "Sara Sertifiserer",
                                             testing::kTestPassword, org, domain::Role::kEditor);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  ASSERT_TRUE(t_->registry->Load().ok());
  auto session = t_->accounts->Login("cert@sert.example", testing::kTestPassword, "10.0.0.8");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Principal body = SignedIn(session->token);
  EXPECT_EQ(body.org.acts_as, "sertifiseringsorgan");
  EXPECT_EQ(domain::OrgUniqueKey(body.org), "accreditation:Norsk akkreditering TEST 001");
  EXPECT_EQ(approvals().Issue(body.actor, CeRequest()).status().code(), StatusCode::kForbidden);
  auto claim = CeClaim();
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(approvals().ConfirmClaim(body.actor, claim->id).status().code(),
            StatusCode::kForbidden);

  // A supplier cannot be made to act as a body, nor go without an orgnr.
  domain::OrgAccount supplier;
  ASSERT_TRUE(domain::ParseOrgIdentifier("nando:1234", supplier).ok());
  supplier.name = "Leverandør uten orgnr";
  supplier.kind = OrganisationKind::kSupplier;
  EXPECT_EQ(t_->accounts
                ->CreateUserDirect("lev@uten.example", "Lars", testing::kTestPassword, supplier,
                                   domain::Role::kEditor)
                .status()
                .field(),
            "identifier_kind");
}

INSTANTIATE_TEST_SUITE_P(Backends, BodyWithoutOrgnrTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

TEST_P(ApprovalServiceTest, RegisterFilters) {
  domain::Approval product_approval = Issue(Date(Today().days() + 60));
  ApprovalRequest supplier_request;
  supplier_request.scheme = "nhn-tredjepart";
  supplier_request.subject_id = supplier_.org_id;
  supplier_request.valid_from = Today();
  supplier_request.valid_to = Date(Today().days() + 400);
  auto supplier_approval = approvals().Issue(nhn_, supplier_request);
  ASSERT_TRUE(supplier_approval.ok()) << supplier_approval.status().ToString();
  auto suspended = approvals().Act(nhn_, supplier_approval->id, ApprovalAction::kSuspend,
                                   "Mangler dokumentasjon", std::nullopt);
  ASSERT_TRUE(suspended.ok());

  // The ids FindApprovals returns for a query `set` fills in, sorted unless expiring.
  using Ids = std::vector<std::string>;
  auto find = [&](auto set) {
    ApprovalQuery query;
    query.today = Today();
    set(query);
    Ids ids;
    for (const domain::Approval* a : FindApprovals(*approvals().view(), *t_->registry->view(),
                                                   *t_->catalog->snapshot(), query)) {
      ids.push_back(a->id);
    }
    if (!query.expiring_within_days) std::sort(ids.begin(), ids.end());
    return ids;
  };
  Ids both = {supplier_approval->id, product_approval.id};
  std::sort(both.begin(), both.end());
  const Ids product_only = {product_approval.id};
  const Ids supplier_only = {supplier_approval->id};

  EXPECT_EQ(find([](ApprovalQuery&) {}), both);
  EXPECT_EQ(find([](ApprovalQuery& q) { q.scheme = "kjernejournal-api"; }), product_only);
  EXPECT_EQ(find([](ApprovalQuery& q) { q.issuer = "norsk-helsenett"; }), both);
  EXPECT_TRUE(find([](ApprovalQuery& q) { q.issuer = "ks"; }).empty());
  EXPECT_EQ(find([](ApprovalQuery& q) { q.status = ApprovalStatus::kSuspended; }), supplier_only);
  EXPECT_EQ(find([](ApprovalQuery& q) { q.status = ApprovalStatus::kIssued; }), product_only);
  EXPECT_EQ(find([&](ApprovalQuery& q) { q.supplier = supplier_.org_id; }), both);
  EXPECT_TRUE(find([&](ApprovalQuery& q) { q.supplier = other_supplier_.org_id; }).empty());
  EXPECT_EQ(find([&](ApprovalQuery& q) { q.product = product_.id; }), product_only);
  // "epj" is the parent category of the product's "epj-pleie-omsorg".
  EXPECT_EQ(find([](ApprovalQuery& q) { q.category = "epj"; }), both);
  EXPECT_TRUE(find([](ApprovalQuery& q) { q.category = "epj-tannhelse"; }).empty());
  EXPECT_EQ(find([](ApprovalQuery& q) { q.expiring_within_days = 90; }), product_only);
  EXPECT_TRUE(find([](ApprovalQuery& q) { q.expiring_within_days = 30; }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ApprovalServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
