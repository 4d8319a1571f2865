// The public supplier page (/leverandorer/{orgnr}) and the supplier's product workspace:
// /min-side/losninger, …/ny, …/{product}, …/{product}/versjoner[/{version}].
#include <algorithm>
#include <map>

#include "core/text.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::product {
namespace {

// Maps a service's Invalid field path to the form's field name by its first component.
FieldError MapError(const Status& status, const std::map<std::string, std::string>& names) {
  const std::string& path = status.field();
  std::string head = path.substr(0, path.find_first_of(".["));
  auto it = names.find(head);
  return {it == names.end() ? std::string() : it->second, status.message()};
}

const std::map<std::string, std::string> kProductFields = {{"name", "navn"},
                                                           {"description", "beskrivelse"},
                                                           {"website", "nettsted"},
                                                           {"categories", "kategorier"}};
const std::map<std::string, std::string> kVersionFields = {
    {"version", "versjon"}, {"release_date", "utgivelsesdato"},
    {"status", "status"},   {"integrations", "integrasjoner"},
    {"notes", "merknad"},   {"product_id", "versjon"}};

// Categories as checkboxes, one fieldset per top-level category.
std::string CategoryCheckboxes(const app::Snapshot& s, const std::vector<std::string>& selected,
                               const std::string& error) {
  std::string html = "<fieldset class=\"ds-fieldset\"" +
                     std::string(error.empty() ? "" : " aria-describedby=\"kategorier-feil\"") +
                     ">\n<legend class=\"ds-label\">Produktkategorier</legend>\n";
  if (!error.empty())
    html +=
        "<p class=\"ds-validation-message\" data-field=\"validation\" data-color=\"danger\" "
        "id=\"kategorier-feil\">" +
        Escape(error) + "</p>\n";
  bool first = true;
  bool open = false;
  for (const Option& o : CategoryOptions(s)) {
    bool root = o.label.rfind("– ", 0) != 0;
    if (root) {
      if (open) html += "</fieldset>\n";
      html +=
          "<fieldset class=\"ds-fieldset hk-category-group\">\n<legend class=\"ds-label\" "
          "data-weight=\"regular\">" +
          Escape(o.label) + "</legend>\n";
      open = true;
    }
    std::string id = first ? "kategorier" : "kategorier-" + o.value;
    first = false;
    bool checked = std::find(selected.begin(), selected.end(), o.value) != selected.end();
    html +=
        "<div class=\"ds-field\">\n<input class=\"ds-input\" type=\"checkbox\" "
        "name=\"kategorier\" id=\"" +
        Escape(id) + "\" value=\"" + Escape(o.value) + "\"" + (checked ? " checked" : "") +
        ">\n<label class=\"ds-label\" data-weight=\"regular\" for=\"" + Escape(id) + "\">" +
        Escape(o.label) + "</label>\n</div>\n";
  }
  if (open) html += "</fieldset>\n";
  return html + "</fieldset>\n";
}

std::string ProductForm(const WebContext& context, const std::string& action,
                        const domain::Product& p, const std::vector<FieldError>& errors,
                        const std::string& button) {
  return ErrorSummary(errors) + "<form method=\"post\" action=\"" + Escape(action) +
         "\" class=\"hk-form\">\n" + CsrfInput(context.csrf_token) +
         (p.id.empty() ? "" : HiddenInput("oppdatert", std::to_string(p.updated_at))) +
         TextField("navn", "Navn på løsningen", p.name, ErrorFor(errors, "navn"), "text", "", "",
                   true) +
         TextArea("beskrivelse", "Beskrivelse", p.description, ErrorFor(errors, "beskrivelse"),
                  "Du kan bruke Markdown.", 8) +
         TextField("nettsted", "Nettsted", p.website, ErrorFor(errors, "nettsted"), "url",
                   "Adressen må begynne med https://") +
         CategoryCheckboxes(context.catalog, p.categories, ErrorFor(errors, "kategorier")) +
         SubmitButton(button) + "</form>\n";
}

std::vector<Option> VersionStatusOptions() {
  std::vector<Option> out;
  for (const auto& e : domain::EnumTable<domain::ProductVersionStatus>::kEntries)
    out.push_back({std::string(e.code), std::string(e.label)});
  return out;
}

std::string VersionForm(const WebContext& context, const std::string& action,
                        const domain::ProductVersion& v, const std::string& release_text,
                        const std::vector<FieldError>& errors, const std::string& button) {
  return ErrorSummary(errors) + "<form method=\"post\" action=\"" + Escape(action) +
         "\" class=\"hk-form\">\n" + CsrfInput(context.csrf_token) +
         TextField("versjon", "Versjon", v.version, ErrorFor(errors, "versjon"), "text",
                   "For eksempel 4.2.0 eller «2026 vår».", "", true) +
         TextField("utgivelsesdato", "Utgivelsesdato", release_text,
                   ErrorFor(errors, "utgivelsesdato"), DateInputType(release_text)) +
         Select("status", "Status", VersionStatusOptions(), domain::Code(v.status),
                ErrorFor(errors, "status")) +
         CheckboxGroup("integrasjoner", "Integrasjoner med nasjonale e-helseløsninger",
                       SolutionOptions(context.catalog), v.integrations,
                       ErrorFor(errors, "integrasjoner")) +
         TextArea("merknad", "Merknad", v.notes, ErrorFor(errors, "merknad"), "", 3) +
         SubmitButton(button) + "</form>\n";
}

domain::Product ReadProduct(const http::Form& form, domain::Product p) {
  p.name = Trim(form.Get("navn"));
  p.description = form.Get("beskrivelse");
  p.website = Trim(form.Get("nettsted"));
  p.categories = form.GetAll("kategorier");
  if (!p.id.empty()) {
    try {
      p.updated_at = std::stoll(form.Get("oppdatert"));
    } catch (...) {
      p.updated_at = 0;  // no check
    }
  }
  return p;
}

// Reads the version fields; a malformed date becomes a field error.
domain::ProductVersion ReadVersion(const http::Form& form, domain::ProductVersion v,
                                   std::vector<FieldError>& errors) {
  v.version = Trim(form.Get("versjon"));
  std::string date = Trim(form.Get("utgivelsesdato"));
  v.release_date.reset();
  if (!date.empty()) {
    v.release_date = Date::Parse(date);
    if (!v.release_date)
      errors.push_back({"utgivelsesdato", "Skriv datoen som åååå-mm-dd, for eksempel 2026-11-22."});
  }
  if (auto status = domain::Parse<domain::ProductVersionStatus>(form.Get("status"))) {
    v.status = *status;
  } else {
    errors.push_back({"status", "Velg en status."});
  }
  v.integrations = form.GetAll("integrasjoner");
  v.notes = form.Get("merknad");
  return v;
}

// Own product (of the principal's organisation) or nullptr.
const domain::Product* OwnProduct(const WebContext& context, const std::string& id) {
  const domain::Product* p = context.registry.FindProduct(id);
  if (p == nullptr || p->org_id != context.principal->org.id) return nullptr;
  return p;
}

std::string ProductPath(const std::string& id) {
  return "/min-side/losninger/" + http::PercentEncode(id);
}

http::Response ProductListWorkspace(const WebContext& context) {
  PageContext page = WorkspaceFrame(context, "Våre løsninger", {{"Våre løsninger", ""}});
  const app::RegistryView& view = context.registry;
  std::string body =
      Paragraph("Her registrerer dere løsningene deres, versjonene og egenerklæringene.") +
      "<p class=\"ds-paragraph\"><a class=\"ds-button\" data-variant=\"primary\" "
      "href=\"/min-side/losninger/ny\">Ny løsning</a></p>\n";
  auto products = view.ProductsOf(context.principal->org.id);
  if (products.empty()) {
    body += Paragraph("Dere har ikke registrert noen løsninger ennå.");
  } else {
    body += TableStart({"Løsning", "Versjoner", "Egenerklæringer"});
    for (const auto* p : products) {
      auto versions = view.VersionsOf(p->id);
      std::size_t declarations = 0;
      for (const auto* v : versions) declarations += view.DeclarationsOf(v->id).size();
      body += "<tr><td>" + Link(ProductPath(p->id), p->name) + "</td><td>" +
              std::to_string(versions.size()) + "</td><td>" + std::to_string(declarations) +
              "</td></tr>\n";
    }
    body += kTableEnd;
  }
  body += "<p class=\"ds-paragraph\">" +
          Link("/min-side/erklaeringer", "Se alle egenerklæringene deres") + "</p>\n";
  return RenderPage(page, body);
}

http::Response NewProduct(const WebContext& context) {
  domain::Product p;
  std::vector<FieldError> errors;
  int code = 200;
  if (context.request.method == "POST") {
    http::Response error;
    auto form = ReadForm(context, error);
    if (!form) return error;
    p = ReadProduct(*form, p);
    p.org_id = context.principal->org.id;
    auto created = context.services.registry.CreateProduct(ActorOf(context), p);
    if (created.ok()) return http::Redirect(ProductPath(created->id) + "?lagret=1");
    if (created.status().code() != StatusCode::kInvalid &&
        created.status().code() != StatusCode::kConflict)
      return StatusPage(context, created.status());
    errors.push_back(MapError(created.status(), kProductFields));
    code = 422;
  }
  PageContext page = WorkspaceFrame(
      context, "Ny løsning", {{"Våre løsninger", "/min-side/losninger"}, {"Ny løsning", ""}});
  return RenderPage(
      page, ProductForm(context, "/min-side/losninger/ny", p, errors, "Opprett løsning"), code);
}

// The product's workspace page; `product_errors`/`version_errors` re-show a failed form.
http::Response ProductWorkspace(const WebContext& context, const domain::Product& shown,
                                const std::vector<FieldError>& product_errors,
                                const domain::ProductVersion& new_version,
                                const std::string& release_text,
                                const std::vector<FieldError>& version_errors, int code) {
  std::string title = shown.name.empty() ? "Løsning" : shown.name;
  PageContext page =
      WorkspaceFrame(context, title, {{"Våre løsninger", "/min-side/losninger"}, {title, ""}});
  const app::RegistryView& view = context.registry;
  std::string path = ProductPath(shown.id);
  std::string body;
  if (Param(context.request, "lagret") == "1") body += Alert("Endringene er lagret.", "success");
  if (IsPublicSupplier(view, shown.org_id))
    body += "<p class=\"ds-paragraph\">" +
            Link("/losninger/" + http::PercentEncode(shown.id), "Se den offentlige siden") +
            "</p>\n";
  body += Heading(2, "Versjoner", "versjoner");
  auto versions = view.VersionsOf(shown.id);
  if (versions.empty()) {
    body += Paragraph("Ingen versjoner ennå. Registrer den første versjonen nedenfor.");
  } else {
    body += TableStart({"Versjon", "Utgitt", "Status", "Egenerklæringer"});
    for (const auto* v : versions) {
      std::vector<std::string> tags;
      for (const auto* d : view.DeclarationsOf(v->id))
        tags.push_back(Link("/min-side/erklaeringer/" + http::PercentEncode(d->id),
                            ProfileName(context.catalog, d->profile)) +
                       " " + StatusTag(d->status));
      body += "<tr><td>" + Link(path + "/versjoner/" + http::PercentEncode(v->id), v->version) +
              "</td><td>" + (v->release_date ? Escape(v->release_date->ToNorwegian()) : "–") +
              "</td><td>" + Escape(domain::Label(v->status)) + "</td><td>" +
              (tags.empty() ? "–" : Join(tags, "<br>")) + "</td></tr>\n";
    }
    body += kTableEnd;
  }
  body += "<details class=\"ds-details\"" + std::string(version_errors.empty() ? "" : " open") +
          ">\n<summary>Ny versjon</summary>\n<div>\n" +
          VersionForm(context, path + "/versjoner", new_version, release_text, version_errors,
                      "Registrer versjonen") +
          "</div>\n</details>\n" + Heading(2, "Om løsningen", "om") +
          ProductForm(context, path, shown, product_errors, "Lagre endringer");
  return RenderPage(page, body, code);
}

http::Response EditProduct(const WebContext& context, const domain::Product& stored) {
  domain::Product p = stored;
  std::vector<FieldError> errors;
  if (context.request.method == "POST") {
    http::Response error;
    auto form = ReadForm(context, error);
    if (!form) return error;
    p = ReadProduct(*form, p);
    auto updated = context.services.registry.UpdateProduct(ActorOf(context), p);
    if (updated.ok()) return http::Redirect(ProductPath(p.id) + "?lagret=1");
    StatusCode code = updated.status().code();
    if (code == StatusCode::kConflict) {
      // Keep the input; saving again overwrites the other change.
      errors.push_back({"", updated.status().message()});
      auto view = context.services.registry.view();
      if (const domain::Product* now = view->FindProduct(p.id)) p.updated_at = now->updated_at;
    } else if (code == StatusCode::kInvalid) {
      errors.push_back(MapError(updated.status(), kProductFields));
    } else {
      return StatusPage(context, updated.status());
    }
    return ProductWorkspace(context, p, errors, {}, "", {}, 422);
  }
  return ProductWorkspace(context, p, errors, {}, "", {}, 200);
}

http::Response AddVersion(const WebContext& context, const domain::Product& product) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  std::vector<FieldError> errors;
  domain::ProductVersion v;
  v.product_id = product.id;
  v = ReadVersion(*form, v, errors);
  if (errors.empty()) {
    auto added = context.services.registry.AddVersion(ActorOf(context), v);
    if (added.ok()) {
      return http::Redirect(ProductPath(product.id) + "/versjoner/" +
                            http::PercentEncode(added->id) + "?lagret=1");
    }
    StatusCode code = added.status().code();
    if (code != StatusCode::kInvalid && code != StatusCode::kConflict)
      return StatusPage(context, added.status());
    errors.push_back(MapError(added.status(), kVersionFields));
  }
  return ProductWorkspace(context, product, {}, v, form->Get("utgivelsesdato"), errors, 422);
}

// Profiles for a «Ny erklæring» select: those relevant for the product's categories first.
std::vector<Option> DeclarationProfiles(const app::Snapshot& s, const domain::Product& p) {
  std::vector<Option> relevant, others;
  for (const auto& profile : s.catalog().profiles) {
    const domain::ProfileVersion& v = domain::VersionAt(profile, s.today());
    bool fits = false;
    for (const auto& c : p.categories) fits = fits || s.tree().Applies({v.category}, c);
    (fits ? relevant : others)
        .push_back({profile.key, v.name + (fits ? " (passer for løsningen)" : "")});
  }
  auto by_name = [](const Option& a, const Option& b) {
    return NorwegianSortKey(a.label) < NorwegianSortKey(b.label);
  };
  std::sort(relevant.begin(), relevant.end(), by_name);
  std::sort(others.begin(), others.end(), by_name);
  relevant.insert(relevant.end(), others.begin(), others.end());
  return relevant;
}

http::Response VersionWorkspace(const WebContext& context, const domain::Product& product,
                                const domain::ProductVersion& stored) {
  domain::ProductVersion v = stored;
  std::vector<FieldError> errors;
  std::string release_text = v.release_date ? v.release_date->ToIso() : "";
  int code = 200;
  std::string path = ProductPath(product.id) + "/versjoner/" + http::PercentEncode(v.id);
  if (context.request.method == "POST") {
    http::Response error;
    auto form = ReadForm(context, error);
    if (!form) return error;
    v = ReadVersion(*form, v, errors);
    release_text = form->Get("utgivelsesdato");
    if (errors.empty()) {
      auto updated = context.services.registry.UpdateVersion(ActorOf(context), v);
      if (updated.ok()) return http::Redirect(path + "?lagret=1");
      StatusCode c = updated.status().code();
      if (c == StatusCode::kConflict) {
        errors.push_back({"", updated.status().message()});
      } else if (c == StatusCode::kInvalid) {
        errors.push_back(MapError(updated.status(), kVersionFields));
      } else {
        return StatusPage(context, updated.status());
      }
    }
    code = 422;
  }
  std::string title = product.name + " " + stored.version;
  PageContext page = WorkspaceFrame(context, title,
                                    {{"Våre løsninger", "/min-side/losninger"},
                                     {product.name, ProductPath(product.id)},
                                     {title, ""}});
  std::string body;
  if (Param(context.request, "lagret") == "1") body += Alert("Versjonen er lagret.", "success");
  body += Heading(2, "Egenerklæringer");
  auto declarations = context.registry.DeclarationsOf(stored.id);
  if (declarations.empty()) {
    body += Paragraph("Ingen egenerklæringer for denne versjonen ennå.");
  } else {
    body += "<ul class=\"hk-results\">\n";
    for (const auto* d : declarations) {
      body += "<li>\n<p class=\"ds-paragraph\">" +
              Link("/min-side/erklaeringer/" + http::PercentEncode(d->id),
                   ProfileName(context.catalog, d->profile) + " (versjon " +
                       std::to_string(d->profile_version) + ")") +
              " " + StatusTag(d->status) + "</p>\n<p class=\"ds-paragraph hk-meta\">" +
              Escape(CoverageText(*d, context.catalog)) + "</p>\n</li>\n";
    }
    body += "</ul>\n";
  }
  body += Heading(2, "Ny egenerklæring", "ny-erklaering") +
          Paragraph(
              "Velg kravprofilen dere vil erklære mot. Svar dere har gitt i tidligere "
              "erklæringer, fylles ut automatisk.") +
          "<form method=\"post\" action=\"/min-side/erklaeringer\" class=\"hk-form\">\n" +
          CsrfInput(context.csrf_token) + HiddenInput("versjon", stored.id) +
          Select("profil", "Kravprofil", DeclarationProfiles(context.catalog, product), "") +
          SubmitButton("Opprett erklæring") + "</form>\n" + Heading(2, "Endre versjonen", "endre") +
          VersionForm(context, path, v, release_text, errors, "Lagre versjonen");
  return RenderPage(page, body, code);
}

}  // namespace

http::Response SupplierPage(const WebContext& context, const std::string& orgnr) {
  const app::RegistryView& view = context.registry;
  const domain::OrgAccount* org = view.FindOrgByOrgnr(orgnr);
  if (org == nullptr || !IsPublicSupplier(view, org->id))
    return MissingPage(context, "Leverandøren");
  PageContext page = Frame(context, org->name, {{"Løsninger", "/losninger"}});
  page.feeds.emplace_back(
      "Godkjenninger for " + org->name,
      "/leverandorer/" + http::PercentEncode(org->orgnr) + "/godkjenninger.atom");
  std::string body =
      Facts({{"Organisasjonsnummer", Escape(org->orgnr)},
             {"Nettsted", org->website.empty() ? "" : Link(org->website, org->website)},
             {"Varsler", Link("/leverandorer/" + http::PercentEncode(org->orgnr) + "/varsler.atom",
                              "Atom-feed: erklæringer som må vurderes på nytt")},
             {"Godkjenninger",
              Link("/leverandorer/" + http::PercentEncode(org->orgnr) + "/godkjenninger.atom",
                   "Atom-feed: godkjenninger for leverandøren og løsningene")}}) +
      Heading(2, "Løsninger");
  auto products = view.ProductsOf(org->id);
  if (products.empty()) {
    body += Paragraph("Leverandøren har ikke registrert noen løsninger ennå.");
  } else {
    body += "<ul class=\"hk-results\">\n";
    for (const auto* p : products) {
      std::vector<std::string> categories;
      for (const auto& c : p->categories)
        categories.push_back(Escape(CategoryName(context.catalog, c)));
      body += "<li>\n<h3 class=\"ds-heading\" data-size=\"xs\">" +
              Link("/losninger/" + http::PercentEncode(p->id), p->name) + "</h3>\n" +
              (categories.empty()
                   ? ""
                   : "<p class=\"ds-paragraph hk-meta\">" + Join(categories, ", ") + "</p>\n") +
              "</li>\n";
    }
    body += "</ul>\n";
  }
  return RenderPage(page, body);
}

std::optional<http::Response> HandleWorkspaceProducts(const WebContext& context,
                                                      const std::vector<std::string>& rest) {
  // HandleProductPages has checked the method (GET, HEAD or POST) and the sign-in.
  bool post = context.request.method == "POST";
  bool get = !post;
  if (rest.empty()) return get ? std::optional(ProductListWorkspace(context)) : std::nullopt;
  if (rest.size() == 1 && rest[0] == "ny") return NewProduct(context);
  const domain::Product* p = OwnProduct(context, rest[0]);
  if (p == nullptr) return MissingPage(context, "Løsningen");
  if (rest.size() == 1) return EditProduct(context, *p);
  if (rest[1] != "versjoner") return std::nullopt;
  if (rest.size() == 2) {
    return post ? AddVersion(context, *p) : http::Redirect(ProductPath(p->id) + "#versjoner");
  }
  if (rest.size() == 3) {
    const domain::ProductVersion* v = context.registry.FindVersion(rest[2]);
    if (v == nullptr || v->product_id != p->id) return MissingPage(context, "Versjonen");
    return VersionWorkspace(context, *p, *v);
  }
  return std::nullopt;
}

}  // namespace helsekrav::web::product
