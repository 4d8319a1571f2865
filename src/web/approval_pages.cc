// The approval pages' dispatcher and shared helpers, the public register of approvals
// (/godkjenninger), one approval (/godkjenninger/{id}) and the approval feeds.
#include "web/approval_pages.h"

#include <algorithm>
#include <charconv>

#include "app/transparency_log.h"
#include "core/text.h"
#include "domain/approval_rules.h"
#include "web/filters.h"
#include "web/html.h"
#include "web/page_handlers.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web {
namespace approval {

std::shared_ptr<const app::ApprovalView> ViewOf(const WebContext& context) {
  if (context.services.approvals == nullptr) return nullptr;
  return context.services.approvals->view();
}

http::Response UnavailablePage(const WebContext& context) {
  return StatusPage(context,
                    Status::Unavailable("Godkjenningsregisteret er ikke tilgjengelig på denne "
                                        "serveren akkurat nå."));
}

std::string ApprovalPath(const std::string& id) {
  return "/godkjenninger/" + http::PercentEncode(id);
}

std::string PassportPath(const std::string& version_id) {
  return "/pass/" + http::PercentEncode(version_id);
}

std::string SchemeName(const app::Snapshot& s, const std::string& key) {
  const domain::ApprovalScheme* scheme = s.FindScheme(key);
  return scheme == nullptr ? key : scheme->name;
}

std::string SubjectName(const WebContext& context, const domain::Approval& a) {
  if (a.subject_kind == domain::ApprovalSubject::kSupplier)
    return product::OrgName(context.registry, a.subject_id);
  const domain::ProductVersion* v = context.registry.FindVersion(a.subject_id);
  return v == nullptr ? a.subject_id : product::VersionName(context.registry, *v);
}

std::string SubjectLink(const WebContext& context, const domain::Approval& a) {
  std::string name = SubjectName(context, a);
  if (a.subject_kind == domain::ApprovalSubject::kProductVersion) {
    return context.registry.FindVersion(a.subject_id) == nullptr
               ? Escape(name)
               : Link(PassportPath(a.subject_id), name);
  }
  const domain::OrgAccount* org = context.registry.FindOrg(a.subject_id);
  if (org == nullptr || !product::IsPublicSupplier(context.registry, org->id)) return Escape(name);
  return Link("/leverandorer/" + http::PercentEncode(org->orgnr), name);
}

std::string StatusTag(domain::ApprovalStatus status) {
  using AS = domain::ApprovalStatus;
  std::string color = status == AS::kIssued      ? "success"
                      : status == AS::kSuspended ? "warning"
                      : status == AS::kRevoked   ? "danger"
                                                 : "neutral";
  return Tag(domain::Label(status), color);
}

std::string EvidenceList(const std::vector<domain::Evidence>& evidence) {
  if (evidence.empty()) return Paragraph("Ingen dokumentasjon er registrert.");
  std::string html = "<ul>\n";
  for (const domain::Evidence& e : evidence) {
    html += "<li>";
    if (e.kind == domain::EvidenceKind::kLink) {
      html += Link(e.url, e.url);
    } else if (e.kind == domain::EvidenceKind::kFile) {
      html += Link("/bevis/" + http::PercentEncode(e.file_id),
                   e.file_name.empty() ? std::string("Fil") : e.file_name);
    } else {
      html += Escape(e.reference);
    }
    html += "</li>\n";
  }
  return html + "</ul>\n";
}

std::string ClaimTag(const WebContext& context, const domain::CertificateClaim& claim) {
  if (claim.self_reported()) return Tag("Egenrapportert – ikke bekreftet", "warning");
  return Tag("Bekreftet av " + product::OrgName(context.registry, claim.confirmed_by_org),
             "success");
}

namespace {

constexpr int kPerPage = 50;
constexpr std::size_t kMaxFeedEntries = 100;

// The issuing body's name, linked to its catalog page when it stands for a catalog organisation.
// A body that acts as a catalog organisation (one notified body of many) keeps its own name and
// identifier: «BSI Group (NANDO 2797), Meldt organ …».
std::string IssuerHtml(const WebContext& context, const domain::Approval& a) {
  const domain::OrgAccount* org = context.registry.FindOrg(a.issuer_org_id);
  if (org == nullptr) return Escape(a.issuer_org_id);
  const domain::Organisation* known =
      domain::CatalogOrganisationFor(*org, context.catalog.catalog());
  if (known == nullptr) return Escape(org->name);
  if (org->acts_as.empty()) return OrganisationLink(context.catalog, known->key);
  return Escape(org->name + " (" + domain::OrgIdentifierText(*org) + "), ") +
         OrganisationLink(context.catalog, known->key);
}

// A select with «Alle» first.
std::string FilterSelect(const std::string& name, const std::string& label,
                         std::vector<Option> options, const std::string& selected) {
  options.insert(options.begin(), Option{"", "Alle"});
  return Select(name, label, options, selected);
}

void SortOptions(std::vector<Option>& options) {
  std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
    return NorwegianSortKey(a.label) < NorwegianSortKey(b.label);
  });
}

std::vector<Option> SchemeOptions(const app::Snapshot& s) {
  std::vector<Option> out;
  for (const auto& scheme : s.catalog().approval_schemes) out.push_back({scheme.key, scheme.name});
  SortOptions(out);
  return out;
}

// Catalog organisations that own at least one scheme.
std::vector<Option> IssuerOptions(const app::Snapshot& s) {
  std::vector<Option> out;
  for (const auto& org : s.catalog().organisations) {
    bool owns =
        std::any_of(s.catalog().approval_schemes.begin(), s.catalog().approval_schemes.end(),
                    [&](const domain::ApprovalScheme& a) { return a.owner == org.key; });
    if (owns) out.push_back({org.key, org.name});
  }
  SortOptions(out);
  return out;
}

std::vector<Option> StatusOptions() {
  std::vector<Option> out;
  for (const auto& e : domain::EnumTable<domain::ApprovalStatus>::kEntries)
    out.push_back({std::string(e.code), std::string(e.label)});
  return out;
}

std::vector<Option> SupplierOptions(const app::RegistryView& view) {
  std::vector<Option> out;
  for (const auto& org : view.orgs()) {
    if (product::IsPublicSupplier(view, org.id)) out.push_back({org.orgnr, org.name});
  }
  SortOptions(out);
  return out;
}

std::vector<Option> ProductOptions(const app::RegistryView& view) {
  std::vector<Option> out;
  for (const auto& p : view.products()) {
    if (product::IsPublicSupplier(view, p.org_id))
      out.push_back({p.id, p.name + " (" + product::OrgName(view, p.org_id) + ")"});
  }
  return out;  // products() is sorted by name already
}

// Reads the register's filters; unknown values become problems.
app::ApprovalQuery ReadQuery(const WebContext& context, std::vector<std::string>& problems) {
  const http::Request& request = context.request;
  const app::Snapshot& s = context.catalog;
  app::ApprovalQuery query;
  query.today = s.today();
  query.scheme = Param(request, "ordning");
  if (!query.scheme.empty() && s.FindScheme(query.scheme) == nullptr)
    problems.push_back("Ukjent godkjenningsordning «" + query.scheme + "».");
  query.issuer = Param(request, "utsteder");
  if (!query.issuer.empty() && s.FindOrganisation(query.issuer) == nullptr)
    problems.push_back("Ukjent utsteder «" + query.issuer + "».");
  std::string status = Param(request, "status");
  if (!status.empty()) {
    query.status = domain::Parse<domain::ApprovalStatus>(status);
    if (!query.status) problems.push_back("Ukjent status «" + status + "».");
  }
  std::string orgnr = Param(request, "leverandor");
  if (!orgnr.empty()) {
    const domain::OrgAccount* org = context.registry.FindOrgByOrgnr(orgnr);
    if (org == nullptr) problems.push_back("Ukjent leverandør «" + orgnr + "».");
    query.supplier = org == nullptr ? "" : org->id;
  }
  query.product = Param(request, "losning");
  query.category = Param(request, "kategori");
  if (!query.category.empty() && s.FindCategory(query.category) == nullptr)
    problems.push_back("Ukjent produktkategori «" + query.category + "».");
  std::string days = Param(request, "utloper");
  if (!days.empty()) {
    int n = -1;
    auto [end, ec] = std::from_chars(days.data(), days.data() + days.size(), n);
    if (ec != std::errc() || end != days.data() + days.size() || n < 0 || n > 3650) {
      problems.emplace_back("«Utløper innen» må være et antall dager mellom 0 og 3650.");
    } else {
      query.expiring_within_days = n;
    }
  }
  return query;
}

std::string FilterForm(const WebContext& context, const app::ApprovalQuery& query) {
  const http::Request& request = context.request;
  return "<form class=\"hk-filters\" action=\"/godkjenninger\" method=\"get\" "
         "aria-label=\"Filtrer godkjenninger\">\n" +
         FilterSelect("ordning", "Godkjenningsordning", SchemeOptions(context.catalog),
                      query.scheme) +
         FilterSelect("utsteder", "Utstedt av", IssuerOptions(context.catalog), query.issuer) +
         FilterSelect("status", "Status", StatusOptions(), Param(request, "status")) +
         FilterSelect("leverandor", "Leverandør", SupplierOptions(context.registry),
                      Param(request, "leverandor")) +
         FilterSelect("losning", "Løsning", ProductOptions(context.registry), query.product) +
         FilterSelect("kategori", "Produktkategori", product::CategoryOptions(context.catalog),
                      query.category) +
         TextField("utloper", "Utløper innen (dager)", Param(request, "utloper"), "", "number",
                   "For eksempel 90 for godkjenninger som utløper de neste tre månedene.") +
         SubmitButton("Vis godkjenninger") + "</form>\n";
}

std::string ResultTable(const WebContext& context, const std::vector<const domain::Approval*>& hits,
                        int page_number) {
  std::string html = product::TableStart(
      {"Godkjenning", "Gjelder", "Utstedt av", "Status", "Gyldig fra", "Utløper"});
  std::size_t first = static_cast<std::size_t>(page_number - 1) * kPerPage;
  for (std::size_t i = first; i < hits.size() && i < first + kPerPage; ++i) {
    const domain::Approval& a = *hits[i];
    html += "<tr><td>" + Link(ApprovalPath(a.id), SchemeName(context.catalog, a.scheme)) +
            "</td><td>" + SubjectLink(context, a) + "</td><td>" + IssuerHtml(context, a) +
            "</td><td>" + StatusTag(domain::EffectiveStatus(a, context.catalog.today())) +
            "</td><td>" + Escape(a.valid_from.ToNorwegian()) + "</td><td>" +
            Escape(a.valid_to.ToNorwegian()) + "</td></tr>\n";
  }
  return html + product::kTableEnd;
}

std::string HistoryTable(const WebContext& context, const domain::Approval& a) {
  std::string issuer = product::OrgName(context.registry, a.issuer_org_id);
  std::string html = product::TableStart({"Tidspunkt", "Hendelse", "Utført av", "Begrunnelse"});
  for (auto it = a.history.rbegin(); it != a.history.rend(); ++it) {
    std::string what = std::string(domain::Label(it->action));
    if (it->valid_to) what += " (gyldig til " + it->valid_to->ToNorwegian() + ")";
    std::string who = it->actor_user.empty() ? "Helsekrav (automatisk)" : issuer;
    html += "<tr><td>" + Escape(FormatTime(it->at)) + "</td><td>" + Escape(what) + "</td><td>" +
            Escape(who) + "</td><td>" + (it->reason.empty() ? "–" : Escape(it->reason)) +
            "</td></tr>\n";
  }
  return html + product::kTableEnd;
}

std::string StatementType(const app::LogEntry& entry) {
  const nlohmann::json& s = entry.statement;
  if (s.is_object() && s.contains("payload") && s["payload"].is_object() &&
      s["payload"].contains("type") && s["payload"]["type"].is_string())
    return s["payload"]["type"].get<std::string>();
  return "";
}

// The approval's statements in the transparency log, with links to verify and download them.
std::string LogSection(const WebContext& context, const std::string& subject_id) {
  std::string html = Heading(2, "Transparenslogg", "logg");
  if (context.services.log == nullptr)
    return html + Paragraph("Transparensloggen er ikke tilgjengelig på denne serveren.");
  auto entries = context.services.log->EntriesFor(subject_id);
  if (!entries.ok()) return html + Paragraph("Transparensloggen kunne ikke leses akkurat nå.");
  if (entries->empty()) return html + Paragraph("Ingen signerte erklæringer i loggen ennå.");
  html += Paragraph(
              "Hver endring er signert og lagt i en åpen logg som ikke kan endres i ettertid. Du "
              "kan laste ned erklæringen og beviset og kontrollere dem selv med «helsekrav "
              "verify».") +
          product::TableStart({"Oppføring", "Hendelse", "Tidspunkt", "Kontroll"});
  for (const app::LogEntry& e : *entries) {
    std::string n = std::to_string(e.index);
    std::string base = "/api/v1/log/entries/" + n;
    html += "<tr><td>" + Escape("#" + n) + "</td><td><code>" + Escape(StatementType(e)) +
            "</code></td><td>" + Escape(FormatTime(e.created_at)) + "</td><td>" +
            Link("/verifiser?oppforing=" + n, "Verifiser oppføring " + n) + " · " +
            Link(base + "?download=1", "Last ned erklæring " + n) + " · " +
            Link(base + "/proof", "Bevis for oppføring " + n) + "</td></tr>\n";
  }
  return html + product::kTableEnd;
}

std::string SchemeFeedPath(const std::string& scheme) {
  return "/godkjenninger/ordning/" + http::PercentEncode(scheme) + ".atom";
}

// The approvals a feed is about.
std::vector<const domain::Approval*> FeedApprovals(const WebContext& context,
                                                   const app::ApprovalView& view,
                                                   const std::string& which,
                                                   const std::string& id) {
  app::ApprovalQuery query;
  query.today = context.catalog.today();
  if (which == "scheme") query.scheme = id;
  if (which == "supplier") query.supplier = id;
  if (which == "product") query.product = id;
  return app::FindApprovals(view, context.registry, context.catalog, query);
}

}  // namespace

http::Response ApprovalRegisterPage(const WebContext& context) {
  auto view = ViewOf(context);
  if (view == nullptr) return UnavailablePage(context);
  PageContext page = product::Frame(context, "Godkjenninger", {});
  std::vector<std::string> problems;
  int page_number = ReadPage(context.request, problems);
  app::ApprovalQuery query = ReadQuery(context, problems);
  if (!problems.empty()) return BadRequestPage(context.catalog, page, problems);
  auto hits = app::FindApprovals(*view, context.registry, context.catalog, query);
  if (!query.scheme.empty())
    page.feeds.emplace_back("Godkjenninger: " + SchemeName(context.catalog, query.scheme),
                            SchemeFeedPath(query.scheme));
  std::string body =
      Paragraph(
          "Alle godkjenninger gitt av organene som eier godkjenningsordningene, samlet i ett "
          "register. Hver godkjenning og hver endring er signert og kan kontrolleres av alle.") +
      "<div class=\"hk-list-layout\">\n" + FilterForm(context, query) + "<div>\n" +
      Heading(2,
              std::to_string(hits.size()) + (hits.size() == 1 ? " godkjenning" : " godkjenninger"));
  if (hits.empty()) {
    body += Paragraph(view->approvals().empty()
                          ? "Ingen godkjenninger er registrert ennå."
                          : "Ingen godkjenninger passer med filtrene. Prøv å fjerne noen av dem.");
  } else {
    body += ResultTable(context, hits, page_number) +
            Pagination(context.request, page_number, kPerPage, hits.size());
  }
  if (!query.scheme.empty()) {
    body += "<p class=\"ds-paragraph\">" +
            Link(SchemeFeedPath(query.scheme), "Følg denne ordningen (Atom-feed)") + "</p>\n";
  }
  body += "</div>\n</div>\n";
  return RenderPage(page, body);
}

http::Response ApprovalPage(const WebContext& context, const std::string& id) {
  auto view = ViewOf(context);
  if (view == nullptr) return UnavailablePage(context);
  const domain::Approval* a = view->FindApproval(id);
  if (a == nullptr) return product::MissingPage(context, "Godkjenningen");
  const app::Snapshot& s = context.catalog;
  std::string title = SchemeName(s, a->scheme) + ": " + SubjectName(context, *a);
  PageContext page = product::Frame(context, title, {{"Godkjenninger", "/godkjenninger"}});
  page.feeds.emplace_back("Godkjenninger: " + SchemeName(s, a->scheme), SchemeFeedPath(a->scheme));
  domain::ApprovalStatus status = domain::EffectiveStatus(*a, s.today());
  std::string supplier;
  if (a->subject_kind == domain::ApprovalSubject::kProductVersion) {
    const domain::ProductVersion* v = context.registry.FindVersion(a->subject_id);
    const domain::Product* p = v == nullptr ? nullptr : context.registry.FindProduct(v->product_id);
    if (p != nullptr) supplier = Escape(product::OrgName(context.registry, p->org_id));
  }
  std::string body;
  if (status == domain::ApprovalStatus::kRevoked || status == domain::ApprovalStatus::kSuspended) {
    body += Alert("Godkjenningen er " + std::string(domain::Label(status)) + ". Begrunnelse: " +
                      (a->status_reason.empty() ? "ikke oppgitt" : a->status_reason),
                  status == domain::ApprovalStatus::kRevoked ? "danger" : "warning");
  } else if (status == domain::ApprovalStatus::kExpired) {
    body += Alert("Godkjenningen er utløpt og gjelder ikke lenger.", "warning");
  }
  body += Facts({{"Godkjenningsordning", SchemeLink(s, a->scheme)},
                 {"Utstedt av", IssuerHtml(context, *a)},
                 {"Gjelder", SubjectLink(context, *a)},
                 {"Leverandør", supplier},
                 {"Status",
                  StatusTag(status) +
                      (a->status_reason.empty() ? std::string() : " " + Escape(a->status_reason))},
                 {"Gyldig fra", Escape(a->valid_from.ToNorwegian())},
                 {"Utløper", Escape(a->valid_to.ToNorwegian())}}) +
          Heading(2, "Vilkår") +
          (a->conditions.empty() ? Paragraph("Godkjenningen har ingen særskilte vilkår.")
                                 : product::SupplierMarkdown(a->conditions)) +
          Heading(2, "Krav godkjenningen dekker");
  if (a->covered_requirements.empty()) {
    body += Paragraph("Godkjenningen dekker ingen krav i katalogen.");
  } else {
    body += "<ul>\n";
    for (const auto& key : a->covered_requirements)
      body += "<li>" + RequirementLink(s, key) + "</li>\n";
    body += "</ul>\n";
  }
  body += Heading(2, "Dokumentasjon") + EvidenceList(a->evidence) + Heading(2, "Historikk") +
          HistoryTable(context, *a) + LogSection(context, a->id);
  return RenderPage(page, body);
}

http::Response ApprovalFeed(const WebContext& context, const std::string& which,
                            const std::string& key) {
  auto view = ViewOf(context);
  if (view == nullptr) return UnavailablePage(context);
  const app::RegistryView& registry = context.registry;
  std::string id = key, title, self, alternate;
  if (which == "scheme") {
    if (context.catalog.FindScheme(key) == nullptr)
      return NotFoundPage(context.request, context.catalog, "Godkjenningsordningen «" + key + "»");
    title = "Godkjenninger: " + SchemeName(context.catalog, key);
    self = SchemeFeedPath(key);
    alternate = "/godkjenninger?ordning=" + http::PercentEncode(key);
  } else if (which == "supplier") {
    const domain::OrgAccount* org = registry.FindOrgByOrgnr(key);
    if (org == nullptr || !product::IsPublicSupplier(registry, org->id))
      return NotFoundPage(context.request, context.catalog, "Leverandøren «" + key + "»");
    id = org->id;
    title = "Godkjenninger for " + org->name;
    alternate = "/leverandorer/" + http::PercentEncode(key);
    self = alternate + "/godkjenninger.atom";
  } else {
    const domain::Product* p = registry.FindProduct(key);
    if (p == nullptr || !product::IsPublicSupplier(registry, p->org_id))
      return NotFoundPage(context.request, context.catalog, "Løsningen «" + key + "»");
    title = "Godkjenninger for " + p->name;
    alternate = "/losninger/" + http::PercentEncode(key);
    self = alternate + "/godkjenninger.atom";
  }
  // One entry per lifecycle step, newest first.
  std::vector<std::pair<domain::Timestamp, AtomEntry>> entries;
  for (const domain::Approval* a : FeedApprovals(context, *view, which, id)) {
    std::string subject = SubjectName(context, *a);
    for (std::size_t i = 0; i < a->history.size(); ++i) {
      const domain::ApprovalTransition& t = a->history[i];
      std::string summary = std::string(domain::Label(t.action)) + " av " +
                            product::OrgName(registry, a->issuer_org_id) + ".";
      if (t.valid_to) summary += " Gyldig til " + t.valid_to->ToNorwegian() + ".";
      if (!t.reason.empty()) summary += " Begrunnelse: " + t.reason;
      entries.push_back({t.at,
                         {"godkjenninger/" + a->id + "/" + std::to_string(i),
                          std::string(domain::Label(t.action)) + ": " +
                              SchemeName(context.catalog, a->scheme) + " – " + subject,
                          ApprovalPath(a->id), IsoTimestamp(t.at), summary}});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second.id < y.second.id;
  });
  if (entries.size() > kMaxFeedEntries) entries.resize(kMaxFeedEntries);
  AtomFeed feed{"godkjenninger/" + which + "/" + key,
                title,
                self,
                alternate,
                entries.empty() ? context.catalog.today().ToIso() + "T00:00:00Z"
                                : IsoTimestamp(entries.front().first),
                {}};
  for (auto& [at, entry] : entries) feed.entries.push_back(std::move(entry));
  return AtomResponse(feed);
}

}  // namespace approval

namespace {

// ".atom" feed file name → the key before it, or "" when `file` is not "<key>.atom".
std::string AtomKey(const std::string& file) {
  constexpr std::string_view kSuffix = ".atom";
  if (file.size() <= kSuffix.size() || !file.ends_with(kSuffix)) return "";
  return file.substr(0, file.size() - kSuffix.size());
}

std::optional<http::Response> PublicPage(const WebContext& context,
                                         const std::vector<std::string>& parts) {
  const std::string& section = parts[0];
  if (section == "godkjenninger") {
    if (parts.size() == 1) return approval::ApprovalRegisterPage(context);
    if (parts.size() == 2) return approval::ApprovalPage(context, parts[1]);
    if (parts.size() == 3 && parts[1] == "ordning" && !AtomKey(parts[2]).empty())
      return approval::ApprovalFeed(context, "scheme", AtomKey(parts[2]));
  } else if (section == "leverandorer" && parts.size() == 3 && parts[2] == "godkjenninger.atom") {
    return approval::ApprovalFeed(context, "supplier", parts[1]);
  } else if (section == "losninger" && parts.size() == 3 && parts[2] == "godkjenninger.atom") {
    return approval::ApprovalFeed(context, "product", parts[1]);
  } else if (section == "pass") {
    if (parts.size() == 2) return approval::PassportPage(context, parts[1]);
    if (parts.size() == 4 && parts[2] == "merke")
      return approval::LabelImageResponse(context, parts[1], parts[3]);
  }
  return std::nullopt;
}

// A workspace section handler that needs the approval service: without one (a server started
// without it), the page says the register is unavailable.
template <auto Handler>
std::optional<http::Response> WhenAvailable(const WebContext& context,
                                            const std::vector<std::string>& rest) {
  if (context.services.approvals == nullptr) return approval::UnavailablePage(context);
  return Handler(context, rest);
}

}  // namespace

std::optional<http::Response> HandleApprovalPages(const WebContext& context) {
  const http::Request& request = context.request;
  std::vector<std::string> parts = PathSegments(request.path);
  if (parts.empty()) return std::nullopt;
  bool get = request.method == "GET" || request.method == "HEAD";
  if (get) {
    if (auto r = PublicPage(context, parts)) return r;
  }
  return HandleWorkspaceSections(
      context, parts,
      {{"godkjenninger", WhenAvailable<approval::HandleWorkspaceApprovals>},
       {"sertifikater", WhenAvailable<approval::HandleWorkspaceCertificates>}});
}

const std::vector<FormRoute>& ApprovalFormRoutes() {
  static const std::vector<FormRoute> kRoutes = {
      {"POST", "/min-side/godkjenninger"},
      {"POST", "/min-side/godkjenninger/{approval}"},
      {"POST", "/min-side/sertifikater"},
      {"POST", "/min-side/sertifikater/{claim}/bekreft"},
      {"POST", "/min-side/sertifikater/{claim}/trekk-tilbake"},
  };
  return kRoutes;
}

}  // namespace helsekrav::web
