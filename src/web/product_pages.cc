// The product register's dispatcher, shared helpers, and the public product list and page
// (/losninger, /losninger/{id}).
#include "web/product_pages.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "core/text.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "web/filters.h"
#include "web/html.h"
#include "web/workspace_common.h"

namespace helsekrav::web {
namespace product {

domain::Actor ActorOf(const WebContext& context) {
  return context.principal == nullptr ? domain::Actor{} : context.principal->actor;
}

PageContext Frame(const WebContext& context, const std::string& title,
                  std::vector<Breadcrumb> trail) {
  PageContext page;
  page.title = title;
  page.breadcrumbs = {{"Forside", "/"}};
  for (auto& crumb : trail) page.breadcrumbs.push_back(std::move(crumb));
  page.breadcrumbs.push_back({title, ""});
  page.last_changed = context.catalog.today();
  page.current_path = context.request.path;
  return page;
}

http::Response MissingPage(const WebContext& context, const std::string& what) {
  PageContext page = Frame(context, "Siden finnes ikke", {});
  std::string body = Paragraph(what + " finnes ikke i registeret, eller du har ikke tilgang.") +
                     "<p class=\"ds-paragraph\">Gå til " + Link("/losninger", "løsningene") +
                     " eller til " + Link("/", "forsiden") + ".</p>\n";
  return RenderPage(page, body, 404);
}

std::string Trim(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

std::string DateInputType(const std::string& value) {
  return value.empty() || Date::Parse(value) ? "date" : "text";
}

std::string TableStart(std::initializer_list<const char*> headings, const char* table_class) {
  std::string html = "<div class=\"hk-table-wrap\"><table class=\"" + std::string(table_class) +
                     "\">\n<thead><tr>";
  for (const char* heading : headings)
    html += "<th scope=\"col\">" + std::string(heading) + "</th>";
  return html + "</tr></thead>\n<tbody>\n";
}

bool IsPublicSupplier(const app::RegistryView& view, const std::string& org_id) {
  const domain::OrgAccount* org = view.FindOrg(org_id);
  return org != nullptr && org->status == domain::OrgStatus::kApproved &&
         org->kind == domain::OrganisationKind::kSupplier;
}

std::string OrgName(const app::RegistryView& view, const std::string& org_id) {
  const domain::OrgAccount* org = view.FindOrg(org_id);
  return org == nullptr ? org_id : org->name;
}

std::string VersionName(const app::RegistryView& view, const domain::ProductVersion& version) {
  const domain::Product* product = view.FindProduct(version.product_id);
  return (product == nullptr ? std::string() : product->name + " ") + version.version;
}

std::string MunicipalityName(const app::Snapshot& s, const std::string& number) {
  for (const auto& org : s.catalog().organisations) {
    if (org.kind == domain::OrganisationKind::kMunicipality && org.municipality_number == number)
      return org.name;
  }
  return number;
}

std::string ProfileName(const app::Snapshot& s, const std::string& key) {
  const domain::Profile* profile = s.FindProfile(key);
  return profile == nullptr ? key : domain::VersionAt(*profile, s.today()).name;
}

std::string StatusTag(domain::DeclarationStatus status) {
  using DS = domain::DeclarationStatus;
  std::string color = status == DS::kPublished   ? "success"
                      : status == DS::kSubmitted ? "info"
                      : status == DS::kDraft     ? "neutral"
                                                 : "warning";
  return Tag(domain::Label(status), color);
}

std::string AnswerTag(domain::Answer answer) {
  using A = domain::Answer;
  std::string color = answer == A::kMeets         ? "success"
                      : answer == A::kPartially   ? "warning"
                      : answer == A::kDoesNotMeet ? "danger"
                                                  : "neutral";
  return Tag(domain::Label(answer), color);
}

std::string CoverageText(const domain::Declaration& declaration, const app::Snapshot& s) {
  domain::Coverage c = domain::ComputeCoverage(declaration, s.catalog());
  return std::to_string(c.MandatoryPercent()) + " % av obligatoriske krav oppfylt, " +
         std::to_string(c.RecommendedPercent()) + " % av anbefalte";
}

std::string TimestampDate(domain::Timestamp at) {
  if (at == 0) return "";
  return Date(static_cast<int>(at / 86400)).ToNorwegian();
}

std::vector<Option> CategoryOptions(const app::Snapshot& s) {
  std::multimap<std::string, const domain::Category*> children;
  for (const auto& c : s.catalog().categories) children.emplace(c.parent, &c);
  std::vector<Option> out;
  auto visit = [&](auto&& self, const std::string& parent, int depth) -> void {
    std::vector<const domain::Category*> level;
    auto [begin, end] = children.equal_range(parent);
    for (auto it = begin; it != end; ++it) level.push_back(it->second);
    std::sort(level.begin(), level.end(), [](const auto* a, const auto* b) {
      return NorwegianSortKey(a->name) < NorwegianSortKey(b->name);
    });
    for (const domain::Category* c : level) {
      std::string indent;
      for (int i = 0; i < depth; ++i) indent += "– ";
      out.push_back({c->key, indent + c->name});
      if (depth < 10) self(self, c->key, depth + 1);
    }
  };
  visit(visit, "", 0);
  return out;
}

std::vector<Option> SolutionOptions(const app::Snapshot& s) {
  std::vector<Option> out;
  for (const auto& solution : s.catalog().national_solutions)
    out.push_back({solution.key, solution.name});
  std::sort(out.begin(), out.end(), [](const Option& a, const Option& b) {
    return NorwegianSortKey(a.label) < NorwegianSortKey(b.label);
  });
  return out;
}

std::string SupplierMarkdown(const std::string& text) {
  std::string html = Markdown(text);
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    bool open = html.compare(i, 2, "<h") == 0, close = html.compare(i, 3, "</h") == 0;
    std::size_t digit = i + (close ? 3 : 2);
    if ((open || close) && digit < html.size() && html[digit] >= '1' && html[digit] <= '6') {
      out.append(html, i, digit - i);
      out += static_cast<char>(std::min(html[digit] + 2, static_cast<int>('6')));
      i = digit;
    } else {
      out += html[i];
    }
  }
  return out;
}

namespace {

constexpr int kPerPage = 20;

std::vector<Option> MunicipalityOptions(const app::Snapshot& s) {
  std::vector<Option> out;
  for (const auto& org : s.catalog().organisations) {
    if (org.kind == domain::OrganisationKind::kMunicipality && !org.municipality_number.empty())
      out.push_back({org.municipality_number, org.name + " (" + org.municipality_number + ")"});
  }
  std::sort(out.begin(), out.end(), [](const Option& a, const Option& b) {
    return NorwegianSortKey(a.label) < NorwegianSortKey(b.label);
  });
  return out;
}

std::vector<Option> ProfileOptions(const app::Snapshot& s) {
  std::vector<Option> out;
  for (const auto& profile : s.catalog().profiles)
    out.push_back({profile.key, domain::VersionAt(profile, s.today()).name});
  std::sort(out.begin(), out.end(), [](const Option& a, const Option& b) {
    return NorwegianSortKey(a.label) < NorwegianSortKey(b.label);
  });
  return out;
}

// A select with «Alle» first.
std::string FilterSelect(const std::string& name, const std::string& label,
                         std::vector<Option> options, const std::string& selected) {
  options.insert(options.begin(), Option{"", "Alle"});
  return Select(name, label, options, selected);
}

// The public declarations of a version, newest first.
std::vector<const domain::Declaration*> PublicDeclarations(const app::RegistryView& view,
                                                           const std::string& version_id) {
  std::vector<const domain::Declaration*> out;
  for (const auto* d : view.DeclarationsOf(version_id)) {
    if (app::IsPublic(*d)) out.push_back(d);
  }
  return out;
}

}  // namespace

http::Response ProductListPage(const WebContext& context) {
  const http::Request& request = context.request;
  const app::Snapshot& s = context.catalog;
  PageContext page = Frame(context, "Løsninger", {});
  page.breadcrumbs.back().label = "Løsninger";
  std::vector<std::string> problems;
  int page_number = ReadPage(request, problems);
  app::ProductQuery query;
  query.text = Param(request, "q");
  query.category = Param(request, "kategori");
  query.integration = Param(request, "integrasjon");
  query.municipality = Param(request, "kommune");
  query.declared_profile = Param(request, "profil");
  if (!query.category.empty() && s.FindCategory(query.category) == nullptr)
    problems.push_back("Ukjent produktkategori «" + query.category + "».");
  if (!query.integration.empty() && s.FindSolution(query.integration) == nullptr)
    problems.push_back("Ukjent nasjonal e-helseløsning «" + query.integration + "».");
  if (!query.declared_profile.empty() && s.FindProfile(query.declared_profile) == nullptr)
    problems.push_back("Ukjent kravprofil «" + query.declared_profile + "».");
  if (!problems.empty()) return BadRequestPage(s, page, problems);

  auto hits = app::FindProducts(context.registry, s.catalog(), s.tree(), query);
  std::string body =
      Paragraph(
          "Løsningene i registeret er meldt inn av godkjente leverandører. Leverandørene "
          "erklærer selv hvordan løsningene oppfyller kravprofilene.") +
      "<div class=\"hk-list-layout\">\n<form class=\"hk-filters\" action=\"/losninger\" "
      "method=\"get\" aria-label=\"Filtrer løsninger\">\n" +
      TextField("q", "Fritekst", query.text) +
      FilterSelect("kategori", "Produktkategori", CategoryOptions(s), query.category) +
      FilterSelect("integrasjon", "Integrerer med", SolutionOptions(s), query.integration) +
      FilterSelect("kommune", "I bruk i kommune", MunicipalityOptions(s), query.municipality) +
      FilterSelect("profil", "Har erklæring for kravprofil", ProfileOptions(s),
                   query.declared_profile) +
      SubmitButton("Vis løsninger") + "</form>\n<div>\n";
  std::string heading =
      std::to_string(hits.size()) + (hits.size() == 1 ? " løsning" : " løsninger");
  if (!query.municipality.empty())
    heading += " i bruk i " + MunicipalityName(s, query.municipality);
  body += Heading(2, heading);
  if (hits.empty()) {
    body += Paragraph("Ingen løsninger passer med filtrene. Prøv å fjerne noen av dem.");
  } else {
    body += "<ul class=\"hk-results\">\n";
    std::size_t first = static_cast<std::size_t>(page_number - 1) * kPerPage;
    for (std::size_t i = first; i < hits.size() && i < first + kPerPage; ++i) {
      const domain::Product* p = hits[i];
      std::vector<std::string> categories;
      for (const auto& c : p->categories) categories.push_back(Escape(CategoryName(s, c)));
      auto versions = context.registry.VersionsOf(p->id);
      body += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
              Link("/losninger/" + http::PercentEncode(p->id), p->name) +
              "</h3>\n<p class=\"ds-paragraph hk-meta\">" +
              Escape(OrgName(context.registry, p->org_id)) +
              (categories.empty() ? "" : " · " + Join(categories, ", ")) + " · " +
              std::to_string(versions.size()) + (versions.size() == 1 ? " versjon" : " versjoner") +
              "</p>\n</li>\n";
    }
    body += "</ul>\n" + Pagination(request, page_number, kPerPage, hits.size());
  }
  body += "</div>\n</div>\n";
  return RenderPage(page, body);
}

http::Response ProductPage(const WebContext& context, const std::string& id) {
  const app::RegistryView& view = context.registry;
  const app::Snapshot& s = context.catalog;
  const domain::Product* p = view.FindProduct(id);
  if (p == nullptr || !IsPublicSupplier(view, p->org_id)) return MissingPage(context, "Løsningen");
  const domain::OrgAccount* supplier = view.FindOrg(p->org_id);
  PageContext page = Frame(context, p->name, {{"Løsninger", "/losninger"}});
  page.feeds.emplace_back("Godkjenninger for " + p->name,
                          "/losninger/" + http::PercentEncode(p->id) + "/godkjenninger.atom");
  std::vector<std::string> categories;
  for (const auto& c : p->categories)
    categories.push_back(Link("/losninger?kategori=" + http::PercentEncode(c), CategoryName(s, c)));
  std::string body =
      Facts({{"Leverandør",
              Link("/leverandorer/" + http::PercentEncode(supplier->orgnr), supplier->name)},
             {"Produktkategorier", Join(categories, ", ")},
             {"Nettsted", p->website.empty() ? "" : Link(p->website, p->website)}});
  if (!p->description.empty())
    body = Heading(2, "Om løsningen") + SupplierMarkdown(p->description) + body;

  auto versions = view.VersionsOf(p->id);
  body += Heading(2, "Versjoner");
  if (versions.empty()) {
    body += Paragraph("Leverandøren har ikke registrert noen versjoner ennå.");
  } else {
    body += TableStart({"Versjon", "Utgitt", "Status", "Integrasjoner"});
    for (const auto* v : versions) {
      std::vector<std::string> integrations;
      for (const auto& key : v->integrations) integrations.push_back(Escape(SolutionName(s, key)));
      body += "<tr><td><a class=\"ds-link\" href=\"#v-" + Escape(v->id) + "\">" +
              Escape(v->version) + "</a></td><td>" +
              (v->release_date ? Escape(v->release_date->ToNorwegian()) : "–") + "</td><td>" +
              Escape(domain::Label(v->status)) + "</td><td>" +
              (integrations.empty() ? "–" : Join(integrations, ", ")) + "</td></tr>\n";
    }
    body += kTableEnd;
  }
  for (const auto* v : versions) {
    body += Heading(2, "Versjon " + v->version, "v-" + v->id);
    if (!v->notes.empty()) body += Paragraph(v->notes);
    body += "<p class=\"ds-paragraph\">" +
            Link("/pass/" + http::PercentEncode(v->id), "Produktpass for versjon " + v->version) +
            " – godkjenninger, Helsekrav-merker og tidslinje</p>\n";
    auto declarations = PublicDeclarations(view, v->id);
    body += Heading(3, "Egenerklæringer");
    if (declarations.empty()) {
      body += Paragraph("Ingen publiserte egenerklæringer for denne versjonen.");
    } else {
      body += "<ul class=\"hk-results\">\n";
      for (const auto* d : declarations) {
        body += "<li>\n<p class=\"ds-paragraph\">" +
                Link("/erklaeringer/" + http::PercentEncode(d->id),
                     "Erklæring mot " + ProfileName(s, d->profile) + " (versjon " +
                         std::to_string(d->profile_version) + ")") +
                "</p>\n<div class=\"hk-tags\">" + StatusTag(d->status) +
                (d->needs_review.empty() ? "" : Tag("Må vurderes på nytt", "warning")) +
                "</div>\n<p class=\"ds-paragraph hk-meta\">" + Escape(CoverageText(*d, s)) +
                (d->published_at == 0 ? "" : " · publisert " + TimestampDate(d->published_at)) +
                "</p>\n</li>\n";
      }
      body += "</ul>\n";
    }
    auto deployments = view.DeploymentsOf(v->id);
    body += Heading(3, "I bruk hos");
    std::string rows;
    for (const auto* dep : deployments) {
      if (dep->until && *dep->until <= s.today()) continue;
      std::vector<std::string> names;
      for (const auto& nr : dep->municipalities) names.push_back(Escape(MunicipalityName(s, nr)));
      std::string who = names.empty() ? Escape(OrgName(view, dep->org_id)) : Join(names, ", ");
      rows += "<li>" + who + " (siden " + Escape(dep->since.ToNorwegian()) + ")</li>\n";
    }
    body += rows.empty() ? Paragraph("Ingen har registrert at de bruker denne versjonen.")
                         : "<ul>\n" + rows + "</ul>\n";
  }
  return RenderPage(page, body);
}

}  // namespace product

std::optional<http::Response> HandleProductPages(const WebContext& context) {
  const http::Request& request = context.request;
  std::vector<std::string> parts = PathSegments(request.path);
  if (parts.empty()) return std::nullopt;
  bool get = request.method == "GET" || request.method == "HEAD";
  if (get) {
    if (parts[0] == "losninger") {
      if (parts.size() == 1) return product::ProductListPage(context);
      if (parts.size() == 2) return product::ProductPage(context, parts[1]);
    } else if (parts[0] == "leverandorer" && parts.size() == 2) {
      return product::SupplierPage(context, parts[1]);
    } else if (parts[0] == "leverandorer" && parts.size() == 3 && parts[2] == "varsler.atom") {
      return product::SupplierReviewFeed(context, parts[1]);
    } else if (parts[0] == "erklaeringer" && parts.size() == 2) {
      return product::DeclarationPage(context, parts[1]);
    } else if (parts[0] == "bevis" && parts.size() == 2) {
      return product::EvidenceDownload(context, parts[1]);
    }
  }
  return HandleWorkspaceSections(context, parts,
                                 {{"losninger", product::HandleWorkspaceProducts},
                                  {"erklaeringer", product::HandleWorkspaceDeclarations},
                                  {"i-bruk", product::HandleWorkspaceDeployments}});
}

const std::vector<FormRoute>& ProductFormRoutes() {
  static const std::vector<FormRoute> kRoutes = {
      {"POST", "/min-side/losninger/ny"},
      {"POST", "/min-side/losninger/{product}"},
      {"POST", "/min-side/losninger/{product}/versjoner"},
      {"POST", "/min-side/losninger/{product}/versjoner/{version}"},
      {"POST", "/min-side/erklaeringer"},
      {"POST", "/min-side/erklaeringer/{declaration}"},
      {"POST", "/min-side/erklaeringer/{declaration}/trekk-tilbake"},
      {"POST", "/min-side/i-bruk"},
      {"POST", "/min-side/i-bruk/{deployment}/avslutt"},
  };
  return kRoutes;
}

}  // namespace helsekrav::web
