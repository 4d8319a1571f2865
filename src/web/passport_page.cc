// The product passport (/pass/{version}): one product version's approvals, compliance labels,
// declarations, deployments and certificate claims together, with a timeline of what expires
// or becomes required when; and its labels as images (/pass/{version}/merke/{profile}.svg|.png).
#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include "app/transparency_log.h"
#include "core/text.h"
#include "domain/approval_rules.h"
#include "domain/catalog_rules.h"
#include "web/approval_pages.h"
#include "web/html.h"
#include "web/label_image.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::approval {
namespace {

constexpr int kDefaultPngWidth = 960;
// Rendering costs CPU in proportion to the area (0.36 s at 4096 pixels) and needs no sign-in,
// so the width is capped and rendered images are kept.
constexpr int kMinPngWidth = 16;
constexpr int kMaxPngWidth = 1024;
constexpr std::size_t kPngCacheBytes = std::size_t{32} * 1024 * 1024;

// Rendered label PNGs by (ETag of the SVG, width). The SVG holds everything the image shows
// (product, version, profile, label state), so a changed label is a new key. Bounded: the
// oldest entries go first. Thread-safe.
class PngCache {
 public:
  std::shared_ptr<const std::string> Find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }
  void Add(const std::string& key, std::shared_ptr<const std::string> png) {
    std::lock_guard lock(mutex_);
    if (png->size() > kPngCacheBytes || entries_.count(key) > 0) return;
    bytes_ += png->size();
    entries_.emplace(key, std::move(png));
    order_.push_back(key);
    while (bytes_ > kPngCacheBytes) {
      auto oldest = entries_.find(order_.front());
      bytes_ -= oldest->second->size();
      entries_.erase(oldest);
      order_.pop_front();
    }
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const std::string>> entries_;
  std::deque<std::string> order_;
  std::size_t bytes_ = 0;
};

PngCache& RenderedPngs() {
  static PngCache cache;
  return cache;
}

struct Subject {
  const domain::ProductVersion* version = nullptr;
  const domain::Product* product = nullptr;
  const domain::OrgAccount* supplier = nullptr;
};

// The public product version, or an empty subject (unknown, or its supplier is not public).
Subject FindSubject(const WebContext& context, const std::string& version_id) {
  const app::RegistryView& view = context.registry;
  Subject s;
  s.version = view.FindVersion(version_id);
  s.product = s.version == nullptr ? nullptr : view.FindProduct(s.version->product_id);
  if (s.product == nullptr || !product::IsPublicSupplier(view, s.product->org_id)) return {};
  s.supplier = view.FindOrg(s.product->org_id);
  return s;
}

std::string LabelPath(const std::string& version_id, const std::string& profile,
                      const char* extension) {
  return PassportPath(version_id) + "/merke/" + http::PercentEncode(profile) + extension;
}

std::string BasisHtml(const app::ApprovalView& approvals, const domain::LabelItem& item) {
  switch (item.basis) {
    case domain::LabelBasis::kThirdParty:
      return Tag("Godkjent av kravets eier", "success") + " " +
             Link(ApprovalPath(item.basis_id), "godkjenning");
    case domain::LabelBasis::kCertificate: {
      const domain::CertificateClaim* claim = approvals.FindClaim(item.basis_id);
      return Tag("Bekreftet sertifikat", "success") + " " +
             (claim == nullptr ? std::string() : "«" + Escape(claim->reference) + "»");
    }
    case domain::LabelBasis::kSelfDeclared:
      return Tag("Egenerklært", "info") + " " +
             Link("/erklaeringer/" + http::PercentEncode(item.basis_id), "leverandørens erklæring");
    case domain::LabelBasis::kMissing:
      break;
  }
  return Tag("Mangler", "danger") + (item.reason.empty() ? "" : " " + Escape(item.reason));
}

// A link to the newest signed statement about the label in the transparency log, if any.
std::string LabelLogLink(const WebContext& context, const std::string& subject) {
  if (context.services.log == nullptr) return "";
  auto entries = context.services.log->EntriesFor(subject);
  if (!entries.ok() || entries->empty()) return "";
  std::string n = std::to_string(entries->back().index);
  return "<p class=\"ds-paragraph\">Siste signerte erklæring om merket: " +
         Link("/verifiser?oppforing=" + n, "oppføring " + n + " i transparensloggen") + ".</p>\n";
}

std::string LabelSection(const WebContext& context, const Subject& subject,
                         const domain::ComplianceLabel& label) {
  const app::Snapshot& s = context.catalog;
  std::string profile = product::ProfileName(s, label.profile);
  std::string id = "merke-" + label.profile;
  std::string html =
      Heading(3, profile + " (versjon " + std::to_string(label.profile_version) + ")", id) +
      "<p class=\"ds-paragraph\">" +
      (label.earned ? Tag("Merket er oppnådd", "success")
                    : Tag("Merket er ikke oppnådd", "danger")) +
      "</p>\n<p class=\"ds-paragraph\"><img src=\"" +
      Escape(LabelPath(subject.version->id, label.profile, ".svg")) +
      "\" class=\"hk-label-image\" width=\"480\" height=\"220\" alt=\"" +
      Escape(std::string("Helsekrav-merket for ") + profile + ": " +
             (label.earned ? "oppfylt" : "ikke oppfylt") + ", beregnet " +
             label.computed_on.ToNorwegian()) +
      "\"></p>\n<p class=\"ds-paragraph\">Last ned merket som " +
      Link(LabelPath(subject.version->id, label.profile, ".svg"), "SVG (" + profile + ")") +
      " eller " +
      Link(LabelPath(subject.version->id, label.profile, ".png"), "PNG (" + profile + ")") +
      ".</p>\n" + LabelLogLink(context, subject.version->id + "/" + label.profile);
  if (label.items.empty())
    return html + Paragraph("Kravprofilen har ingen obligatoriske krav som gjelder i dag.");
  // Long profiles make long tables: folded away unless the label is earned.
  int third_party = 0, self_declared = 0, missing = 0;
  std::string rows;
  auto approvals = context.services.approvals->view();
  for (const domain::LabelItem& item : label.items) {
    third_party += item.basis == domain::LabelBasis::kThirdParty ||
                   item.basis == domain::LabelBasis::kCertificate;
    self_declared += item.basis == domain::LabelBasis::kSelfDeclared;
    missing += item.basis == domain::LabelBasis::kMissing;
    rows += "<tr><td>" + RequirementLink(s, item.requirement) + "</td><td>" +
            std::to_string(item.requirement_version) + "</td><td>" + BasisHtml(*approvals, item) +
            "</td></tr>\n";
  }
  return html + "<details class=\"ds-details\"" + (label.earned ? " open" : "") + ">\n<summary>" +
         Escape("Grunnlag for " + std::to_string(label.items.size()) + " obligatoriske krav: " +
                std::to_string(third_party) + " tredjepart, " + std::to_string(self_declared) +
                " egenerklæring, " + std::to_string(missing) + " mangler") +
         "</summary>\n<div>\n" + product::TableStart({"Krav", "Versjon", "Grunnlag"}) + rows +
         product::kTableEnd + "</div>\n</details>\n";
}

std::string ApprovalsSection(const WebContext& context, const app::ApprovalView& view,
                             const Subject& subject) {
  std::vector<const domain::Approval*> approvals = view.ApprovalsOf(subject.version->id);
  for (const domain::Approval* a : view.ApprovalsOf(subject.supplier->id)) approvals.push_back(a);
  std::string html = Heading(2, "Godkjenninger", "godkjenninger");
  if (approvals.empty())
    return html + Paragraph("Ingen godkjenninger er gitt for denne versjonen.");
  html += product::TableStart({"Godkjenning", "Gjelder", "Status", "Gyldig fra", "Utløper"});
  for (const domain::Approval* a : approvals) {
    html += "<tr><td>" + Link(ApprovalPath(a->id), SchemeName(context.catalog, a->scheme)) +
            "</td><td>" +
            (a->subject_kind == domain::ApprovalSubject::kSupplier ? "Leverandøren"
                                                                   : "Denne versjonen") +
            "</td><td>" + StatusTag(domain::EffectiveStatus(*a, context.catalog.today())) +
            (a->status_reason.empty() ? "" : " " + Escape(a->status_reason)) + "</td><td>" +
            Escape(a->valid_from.ToNorwegian()) + "</td><td>" + Escape(a->valid_to.ToNorwegian()) +
            "</td></tr>\n";
  }
  return html + product::kTableEnd;
}

std::string DeclarationsSection(const WebContext& context, const Subject& subject) {
  std::string html = Heading(2, "Egenerklæringer", "erklaeringer");
  std::string items;
  for (const domain::Declaration* d : context.registry.DeclarationsOf(subject.version->id)) {
    if (!app::IsPublic(*d)) continue;
    items += "<li>" +
             Link("/erklaeringer/" + http::PercentEncode(d->id),
                  "Erklæring mot " + product::ProfileName(context.catalog, d->profile) +
                      " (versjon " + std::to_string(d->profile_version) + ")") +
             " " + product::StatusTag(d->status) +
             (d->needs_review.empty() ? "" : " " + Tag("Må vurderes på nytt", "warning")) +
             "</li>\n";
  }
  return html + (items.empty() ? Paragraph("Ingen publiserte egenerklæringer for denne versjonen.")
                               : "<ul>\n" + items + "</ul>\n");
}

std::string DeploymentsSection(const WebContext& context, const Subject& subject) {
  std::string html = Heading(2, "I bruk hos", "i-bruk");
  std::string items;
  for (const domain::Deployment* d : context.registry.DeploymentsOf(subject.version->id)) {
    std::vector<std::string> names;
    for (const auto& nr : d->municipalities)
      names.push_back(product::MunicipalityName(context.catalog, nr));
    std::string who =
        names.empty() ? product::OrgName(context.registry, d->org_id) : Join(names, ", ");
    bool ended = d->until && *d->until <= context.catalog.today();
    items += "<li>" + Escape(who) + " (" +
             Escape(ended ? "fra " + d->since.ToNorwegian() + " til " + d->until->ToNorwegian()
                          : "siden " + d->since.ToNorwegian()) +
             ")</li>\n";
  }
  return html + (items.empty() ? Paragraph("Ingen har registrert at de bruker denne versjonen.")
                               : "<ul>\n" + items + "</ul>\n");
}

std::string ClaimsSection(const WebContext& context, const app::ApprovalView& view,
                          const Subject& subject) {
  std::string html = Heading(2, "Sertifikater leverandøren har oppgitt", "sertifikater");
  std::string rows;
  for (const domain::CertificateClaim* c : view.ClaimsOf(subject.supplier->id)) {
    if (!c->product_version_id.empty() && c->product_version_id != subject.version->id) continue;
    std::string validity =
        (c->valid_from ? "fra " + c->valid_from->ToNorwegian() : std::string()) +
        (c->valid_to ? (c->valid_from ? " " : "") + std::string("til ") + c->valid_to->ToNorwegian()
                     : std::string());
    rows += "<tr><td>" + Escape(domain::Label(c->kind)) + "</td><td>" + Escape(c->reference) +
            "</td><td>" + Escape(c->issuer_name) + "</td><td>" +
            (validity.empty() ? "–" : Escape(validity)) + "</td><td>" + ClaimTag(context, *c) +
            "</td><td>" + EvidenceList(c->evidence) + "</td></tr>\n";
  }
  if (rows.empty()) return html + Paragraph("Leverandøren har ikke oppgitt noen sertifikater.");
  return html +
         Paragraph(
             "Sertifikatene er oppgitt av leverandøren selv. De er merket «Egenrapportert» til "
             "et godkjenningsorgan eller myndigheten har bekreftet dem.") +
         product::TableStart(
             {"Type", "Referanse", "Utstedt av", "Gyldighet", "Status", "Dokumentasjon"}) +
         rows + product::kTableEnd;
}

struct Milestone {
  Date date;
  std::string what;  // safe HTML
  bool ehds = false;
};

// The profiles that matter for the version: those with a label and those whose category fits
// the product.
std::set<std::string> RelevantProfiles(const WebContext& context, const Subject& subject,
                                       const std::vector<domain::ComplianceLabel>& labels) {
  const app::Snapshot& s = context.catalog;
  std::set<std::string> out;
  for (const auto& label : labels) out.insert(label.profile);
  for (const auto& profile : s.catalog().profiles) {
    const domain::ProfileVersion& v = domain::VersionAt(profile, s.today());
    for (const auto& c : subject.product->categories) {
      if (s.tree().Applies({v.category}, c)) out.insert(profile.key);
    }
  }
  return out;
}

std::vector<Milestone> Timeline(const WebContext& context, const app::ApprovalView& view,
                                const Subject& subject,
                                const std::vector<domain::ComplianceLabel>& labels) {
  const app::Snapshot& s = context.catalog;
  Date today = s.today();
  std::vector<Milestone> out;
  std::vector<const domain::Approval*> approvals = view.ApprovalsOf(subject.version->id);
  for (const domain::Approval* a : view.ApprovalsOf(subject.supplier->id)) approvals.push_back(a);
  for (const domain::Approval* a : approvals) {
    if (!domain::InForceOn(*a, today) && a->valid_from <= today) continue;
    out.push_back(
        {a->valid_to, Link(ApprovalPath(a->id), SchemeName(s, a->scheme)) + " utløper", false});
  }
  std::set<std::pair<std::string, int>> seen;
  for (const std::string& key : RelevantProfiles(context, subject, labels)) {
    const domain::Profile* profile = s.FindProfile(key);
    if (profile == nullptr) continue;
    for (const auto& pv : profile->versions) {
      if (pv.valid_from > today)
        out.push_back({pv.valid_from,
                       "Ny versjon " + std::to_string(pv.version) + " av kravprofilen " +
                           ProfileLink(s, key) + " gjelder",
                       false});
    }
    for (const auto& item : domain::VersionAt(*profile, today).items) {
      const domain::Requirement* r = s.FindRequirement(item.requirement);
      if (r == nullptr) continue;
      for (const auto& rv : r->versions) {
        if (rv.valid_from <= today || !seen.insert({r->key, rv.version}).second) continue;
        out.push_back({rv.valid_from,
                       RequirementLink(s, r->key) + " " +
                           Escape(rv.version == 1 ? "blir gjeldende"
                                                  : "får versjon " + std::to_string(rv.version)) +
                           ": " + Escape(rv.title),
                       r->key.rfind("EHDS", 0) == 0});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Milestone& a, const Milestone& b) { return a.date < b.date; });
  return out;
}

std::string TimelineSection(const std::vector<Milestone>& milestones) {
  std::string html =
      Heading(2, "Tidslinje", "tidslinje") +
      Paragraph(
          "Hva som utløper eller blir krav framover, for denne versjonen og kravprofilene "
          "som passer for løsningen. Datoer fra helsedataforordningen er merket EHDS.");
  if (milestones.empty()) return html + Paragraph("Ingenting er planlagt framover.");
  html += product::TableStart({"Dato", "Hva skjer"});
  for (const Milestone& m : milestones) {
    html += "<tr><td>" + Escape(m.date.ToNorwegian()) + "</td><td>" +
            (m.ehds ? Tag("EHDS", "info") + " " : std::string()) + m.what + "</td></tr>\n";
  }
  return html + product::kTableEnd;
}

}  // namespace

http::Response PassportPage(const WebContext& context, const std::string& version_id) {
  auto view = ViewOf(context);
  if (view == nullptr) return UnavailablePage(context);
  Subject subject = FindSubject(context, version_id);
  if (subject.version == nullptr) return product::MissingPage(context, "Produktversjonen");
  std::string name = subject.product->name + " " + subject.version->version;
  PageContext page = product::Frame(
      context, "Produktpass: " + name,
      {{"Løsninger", "/losninger"},
       {subject.product->name, "/losninger/" + http::PercentEncode(subject.product->id)}});
  page.feeds.emplace_back(
      "Godkjenninger for " + subject.product->name,
      "/losninger/" + http::PercentEncode(subject.product->id) + "/godkjenninger.atom");
  std::vector<domain::ComplianceLabel> labels =
      context.services.approvals->LabelsOf(subject.version->id);
  std::string body =
      Paragraph(
          "Alt registeret vet om denne versjonen: godkjenninger, Helsekrav-merker, "
          "egenerklæringer, hvor den er i bruk, og hva som skjer framover.") +
      Facts({{"Løsning", Link("/losninger/" + http::PercentEncode(subject.product->id) + "#v-" +
                                  subject.version->id,
                              subject.product->name)},
             {"Versjon", Escape(subject.version->version)},
             {"Leverandør", Link("/leverandorer/" + http::PercentEncode(subject.supplier->orgnr),
                                 subject.supplier->name)},
             {"Utgitt", subject.version->release_date
                            ? Escape(subject.version->release_date->ToNorwegian())
                            : ""},
             {"Status", Escape(domain::Label(subject.version->status))},
             {"Følg",
              Link("/losninger/" + http::PercentEncode(subject.product->id) + "/godkjenninger.atom",
                   "Atom-feed: godkjenninger for løsningen")}}) +
      ApprovalsSection(context, *view, subject) + Heading(2, "Helsekrav-merket", "merker") +
      Paragraph(
          "Merket beregnes for hver kravprofil ut fra gyldige godkjenninger og publiserte "
          "egenerklæringer. Det forsvinner med en gang en godkjenning utløper eller trekkes "
          "tilbake, eller et krav endres.");
  if (labels.empty()) {
    body += Paragraph(
        "Ingen merker er beregnet: versjonen har ingen publisert egenerklæring eller "
        "godkjenning som gjelder en kravprofil.");
  }
  for (const auto& label : labels) body += LabelSection(context, subject, label);
  body += DeclarationsSection(context, subject) + DeploymentsSection(context, subject) +
          ClaimsSection(context, *view, subject) +
          TimelineSection(Timeline(context, *view, subject, labels));
  return RenderPage(page, body);
}

http::Response LabelImageResponse(const WebContext& context, const std::string& version_id,
                                  const std::string& file) {
  if (context.services.approvals == nullptr) return UnavailablePage(context);
  Subject subject = FindSubject(context, version_id);
  bool svg = file.ends_with(".svg"), png = file.ends_with(".png");
  if (subject.version == nullptr || (!svg && !png) || file.size() <= 4)
    return NotFoundPage(context.request, context.catalog, "Merket");
  std::string profile = file.substr(0, file.size() - 4);
  auto label = context.services.approvals->Label(version_id, profile);
  if (!label.ok()) {
    if (label.status().code() == StatusCode::kNotFound)
      return NotFoundPage(context.request, context.catalog, "Kravprofilen «" + profile + "»");
    return StatusPage(context, label.status());
  }
  LabelCaption caption{subject.product->name, subject.version->version,
                       product::ProfileName(context.catalog, profile),
                       context.services.base_url + PassportPath(version_id)};
  std::string image = LabelSvg(*label, caption);
  std::string svg_etag = http::StrongEtag(image);
  if (svg) {
    auto r = http::Response::Text(200, "image/svg+xml", std::move(image));
    r.etag = svg_etag;
    r.cache_control = "public, no-cache";  // revalidated: the label changes with approvals
    return r;
  }
  int width = kDefaultPngWidth;
  std::string asked = Param(context.request, "bredde");
  if (!asked.empty()) {
    auto [end, ec] = std::from_chars(asked.data(), asked.data() + asked.size(), width);
    if (ec != std::errc() || end != asked.data() + asked.size()) width = -1;
  }
  if (width < kMinPngWidth || width > kMaxPngWidth) {
    return StatusPage(
        context,
        Status::Invalid("bredde", "Bredden må være mellom " + std::to_string(kMinPngWidth) +
                                      " og " + std::to_string(kMaxPngWidth) + " piksler."));
  }
  std::string key = svg_etag + "/" + std::to_string(width);
  std::shared_ptr<const std::string> rendered = RenderedPngs().Find(key);
  if (rendered == nullptr) {
    auto bytes = LabelPng(image, width);
    if (!bytes.ok()) return StatusPage(context, bytes.status());
    rendered = std::make_shared<const std::string>(std::move(*bytes));
    RenderedPngs().Add(key, rendered);
  }
  http::Response r;
  r.content_type = "image/png";
  r.body = std::move(rendered);
  r.etag = "\"" + svg_etag.substr(1, svg_etag.size() - 2) + "-" + std::to_string(width) + "\"";
  r.cache_control = "public, no-cache";
  return r;
}

}  // namespace helsekrav::web::approval
