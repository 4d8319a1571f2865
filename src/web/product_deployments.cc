// The buyer's deployments ("i bruk"): /min-side/i-bruk lists the organisation's records and
// registers new ones; /min-side/i-bruk/{id}/avslutt ends or deletes one.
#include <algorithm>
#include <map>

#include "core/text.h"
#include "domain/registry_rules.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::product {
namespace {

constexpr const char* kPath = "/min-side/i-bruk";

bool IsBuyer(const domain::OrgAccount& org) {
  return org.kind == domain::OrganisationKind::kMunicipality ||
         org.kind == domain::OrganisationKind::kHealthEnterprise;
}

// A select of product versions grouped by product (approved suppliers only).
std::string VersionSelect(const app::RegistryView& view, const std::string& selected,
                          const std::string& error) {
  std::string html =
      "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"versjon\">Løsning og "
      "versjon</label>\n" +
      (error.empty() ? std::string()
                     : "<p class=\"ds-validation-message\" data-field=\"validation\" "
                       "data-color=\"danger\" id=\"versjon-feil\">" +
                           Escape(error) + "</p>\n") +
      "<select class=\"ds-input\" id=\"versjon\" name=\"versjon\" required" +
      (error.empty() ? "" : " aria-invalid=\"true\" aria-describedby=\"versjon-feil\"") +
      ">\n<option value=\"\">Velg løsning</option>\n";
  for (const domain::Product& p : view.products()) {
    if (!IsPublicSupplier(view, p.org_id)) continue;
    auto versions = view.VersionsOf(p.id);
    if (versions.empty()) continue;
    html += "<optgroup label=\"" + Escape(p.name + " (" + OrgName(view, p.org_id) + ")") + "\">\n";
    for (const auto* v : versions) {
      html += "<option value=\"" + Escape(v->id) + "\"" + (v->id == selected ? " selected" : "") +
              ">" + Escape(p.name + " " + v->version) + "</option>\n";
    }
    html += "</optgroup>\n";
  }
  return html + "</select>\n</div>\n";
}

struct DeploymentInput {
  std::string version;
  std::string since;
};

http::Response Page(const WebContext& context, const DeploymentInput& input,
                    const std::vector<FieldError>& errors, int code) {
  PageContext page = WorkspaceFrame(context, "Løsninger i bruk", {{"Løsninger i bruk", ""}});
  const app::RegistryView& view = context.registry;
  const app::Snapshot& s = context.catalog;
  const domain::OrgAccount& org = context.principal->org;
  std::string body;
  std::string saved = Param(context.request, "lagret");
  if (saved == "registrert") body += Alert("Løsningen er registrert som i bruk.", "success");
  if (saved == "avsluttet") body += Alert("Bruken er avsluttet.", "success");
  if (saved == "slettet") body += Alert("Registreringen er slettet.", "success");
  body += ErrorSummary(errors);
  if (!IsBuyer(org)) {
    body += Paragraph(
        "Bare kommuner og helseforetak registrerer hvilke løsninger de har i bruk. "
        "Organisasjonen du representerer nå, kan ikke gjøre dette.");
    return RenderPage(page, body, code);
  }
  if (!org.municipality_number.empty()) {
    body += "<p class=\"ds-paragraph\">" +
            Link("/losninger?kommune=" + http::PercentEncode(org.municipality_number),
                 "Se hvordan listen vises offentlig") +
            "</p>\n";
  }
  body += Heading(2, "Registrerte løsninger");
  auto deployments = view.DeploymentsByOrg(org.id);
  if (deployments.empty()) {
    body += Paragraph("Dere har ikke registrert noen løsninger i bruk ennå.");
  } else {
    body += TableStart({"Løsning", "Kommuner", "I bruk fra", "Til", "Endre"});
    for (const auto* d : deployments) {
      const domain::ProductVersion* v = view.FindVersion(d->product_version_id);
      std::vector<std::string> names;
      for (const auto& nr : d->municipalities) names.push_back(Escape(MunicipalityName(s, nr)));
      std::string action = std::string(kPath) + "/" + http::PercentEncode(d->id) + "/avslutt";
      std::string until_id = "til-" + d->id;
      std::string forms = "<form method=\"post\" action=\"" + Escape(action) +
                          "\" class=\"hk-inline-form\">\n" + CsrfInput(context.csrf_token);
      if (!d->until) {
        forms += "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"" + Escape(until_id) +
                 "\">Sluttdato</label>\n<input class=\"ds-input\" type=\"date\" id=\"" +
                 Escape(until_id) + "\" name=\"til\" value=\"" + s.today().ToIso() +
                 "\">\n</div>\n" + SubmitButton("Avslutt", "secondary", "handling", "avslutt");
      }
      forms += SubmitButton("Slett", "tertiary", "handling", "slett") + "</form>\n";
      body += "<tr><td>" +
              (v == nullptr ? Escape(d->product_version_id)
                            : Link("/losninger/" + http::PercentEncode(v->product_id),
                                   VersionName(view, *v))) +
              "</td><td>" + Join(names, ", ") + "</td><td>" + Escape(d->since.ToNorwegian()) +
              "</td><td>" + (d->until ? Escape(d->until->ToNorwegian()) : "–") + "</td><td>" +
              forms + "</td></tr>\n";
    }
    body += kTableEnd;
  }
  body += Heading(2, "Registrer løsning i bruk", "registrer") + "<form method=\"post\" action=\"" +
          std::string(kPath) + "\" class=\"hk-form\">\n" + CsrfInput(context.csrf_token) +
          VersionSelect(view, input.version, ErrorFor(errors, "versjon")) +
          TextField("fra", "I bruk fra", input.since, ErrorFor(errors, "fra"),
                    DateInputType(input.since), "", "", true) +
          Paragraph(org.municipality_number.empty()
                        ? "Registreringen gjelder helseforetaket."
                        : "Registreringen gjelder " + MunicipalityName(s, org.municipality_number) +
                              ". I et interkommunalt samarbeid registrerer hver kommune sin "
                              "egen bruk.") +
          SubmitButton("Registrer") + "</form>\n";
  return RenderPage(page, body, code);
}

http::Response Record(const WebContext& context) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  DeploymentInput input{form->Get("versjon"), Trim(form->Get("fra"))};
  std::vector<FieldError> errors;
  domain::Deployment d;
  d.org_id = context.principal->org.id;
  d.product_version_id = input.version;
  if (input.version.empty()) errors.push_back({"versjon", "Velg løsningen og versjonen."});
  auto since = Date::Parse(input.since);
  if (!since) {
    errors.push_back({"fra", "Skriv datoen som åååå-mm-dd, for eksempel 2026-11-22."});
  } else {
    d.since = *since;
  }
  if (errors.empty()) {
    auto recorded = context.services.registry.RecordDeployment(ActorOf(context), d);
    if (recorded.ok()) return http::Redirect(std::string(kPath) + "?lagret=registrert");
    StatusCode code = recorded.status().code();
    if (code != StatusCode::kInvalid && code != StatusCode::kConflict)
      return StatusPage(context, recorded.status());
    const std::string& field = recorded.status().field();
    std::string name = field.rfind("product_version", 0) == 0 ? "versjon"
                       : field == "since" || field == "until" ? "fra"
                                                              : "";
    errors.push_back({name, recorded.status().message()});
  }
  return Page(context, input, errors, 422);
}

http::Response End(const WebContext& context, const std::string& id) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  std::optional<Date> until;
  bool remove = form->Get("handling") == "slett";
  if (!remove) {
    until = Date::Parse(Trim(form->Get("til")));
    if (!until) {
      return Page(context, {}, {{"", "Skriv sluttdatoen som åååå-mm-dd."}}, 422);
    }
  }
  Status ended = context.services.registry.EndDeployment(ActorOf(context), id, until);
  if (!ended.ok()) {
    if (ended.code() == StatusCode::kInvalid)
      return Page(context, {}, {{"", ended.message()}}, 422);
    return StatusPage(context, ended);
  }
  return http::Redirect(std::string(kPath) + "?lagret=" + (remove ? "slettet" : "avsluttet"));
}

}  // namespace

std::optional<http::Response> HandleWorkspaceDeployments(const WebContext& context,
                                                         const std::vector<std::string>& rest) {
  // HandleProductPages has checked the method (GET, HEAD or POST) and the sign-in.
  bool post = context.request.method == "POST";
  if (rest.empty()) {
    if (post) return Record(context);
    return Page(context, {"", context.catalog.today().ToIso()}, {}, 200);
  }
  if (rest.size() == 2 && rest[1] == "avslutt") {
    const domain::Deployment* d = context.registry.FindDeployment(rest[0]);
    if (d == nullptr || d->org_id != context.principal->org.id)
      return MissingPage(context, "Registreringen");
    return post ? End(context, d->id) : http::Redirect(kPath);
  }
  return std::nullopt;
}

}  // namespace helsekrav::web::product
