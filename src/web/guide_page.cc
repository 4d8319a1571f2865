// The veiviser «Hva gjelder for meg?» at /veiviser: four plain GET forms (no JavaScript needed),
// each carrying the earlier answers as hidden inputs, and a shareable result page at
// /veiviser/resultat?rolle=…&kategori=…&aktor=…&integrasjon=…&dato=… with CSV and XLSX
// downloads at /veiviser/resultat.csv and /veiviser/resultat.xlsx (same query).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "domain/guide.h"
#include "domain/vocabulary.h"
#include "formats/guide_export.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

namespace helsekrav::web {
namespace {

constexpr int kSteps = 4;
constexpr const char* kStepNames[kSteps] = {"Rolle", "Produkt", "Aktør", "Integrasjoner og dato"};
constexpr std::string_view kAnyActor = "alle";

// The answers as they arrive in the query string, before validation.
struct Answers {
  std::string role;      // "kjoper" | "leverandor"
  std::string category;  // category key
  std::string actor;     // ActorType code or "alle"
  std::vector<std::string> integrations;
  std::string date;     // ISO; empty = today
  std::string horizon;  // years "Hva endres fremover" looks ahead; empty = 3
};

constexpr int kDefaultHorizon = 3;
constexpr int kMaxHorizon = 10;

struct FieldError {
  int step = 1;
  std::string id;  // the element the error summary links to
  std::string message;
};

std::string First(const http::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

Answers ReadAnswers(const http::Request& request) {
  Answers a;
  a.role = First(request, "rolle");
  a.category = First(request, "kategori");
  a.actor = First(request, "aktor");
  a.date = First(request, "dato");
  a.horizon = First(request, "horisont");
  auto [begin, end] = request.query.equal_range("integrasjon");
  for (auto it = begin; it != end; ++it) {
    for (const std::string& key : Split(it->second, ',')) {
      if (!key.empty() &&
          std::find(a.integrations.begin(), a.integrations.end(), key) == a.integrations.end()) {
        a.integrations.push_back(key);
      }
    }
  }
  return a;
}

// The answers as a query string (without "?"), in a stable order, for shareable links.
std::string QueryString(const Answers& a) {
  std::string q;
  auto add = [&q](const std::string& name, const std::string& value) {
    if (value.empty()) return;
    q += (q.empty() ? "" : "&") + name + "=" + http::PercentEncode(value);
  };
  add("rolle", a.role);
  add("kategori", a.category);
  add("aktor", a.actor);
  for (const std::string& key : a.integrations) add("integrasjon", key);
  add("dato", a.date);
  add("horisont", a.horizon);
  return q;
}

bool IsBuyer(const Answers& a) { return a.role != "leverandor"; }

// Every problem with the answers that belong to steps 1..`last_step`.
std::vector<FieldError> Validate(const Answers& a, const app::Snapshot& snapshot, int last_step) {
  std::vector<FieldError> errors;
  if (last_step >= 1) {
    if (a.role.empty()) {
      errors.push_back({1, "rolle-kjoper", "Velg om dere er kjøper eller leverandør."});
    } else if (a.role != "kjoper" && a.role != "leverandor") {
      errors.push_back({1, "rolle-kjoper",
                        "Rollen «" + a.role + "» finnes ikke. Velg kjøper eller leverandør."});
    }
  }
  if (last_step >= 2) {
    std::string first_id = snapshot.catalog().categories.empty()
                               ? "kategori"
                               : "kategori-" + snapshot.catalog().categories.front().key;
    if (a.category.empty()) {
      errors.push_back({2, first_id, "Velg hva slags produkt det gjelder."});
    } else if (snapshot.FindCategory(a.category) == nullptr) {
      errors.push_back(
          {2, first_id,
           "Produktkategorien «" + a.category + "» finnes ikke. Velg en kategori fra listen."});
    }
  }
  if (last_step >= 3) {
    if (a.actor.empty()) {
      errors.push_back(
          {3, "aktor-municipality", "Velg hvem løsningen er for, eller «Alle aktørtyper»."});
    } else if (a.actor != kAnyActor && !domain::Parse<domain::ActorType>(a.actor)) {
      errors.push_back({3, "aktor-municipality",
                        "Aktørtypen «" + a.actor + "» finnes ikke. Velg en fra listen."});
    }
  }
  if (last_step >= 4) {
    for (const std::string& key : a.integrations) {
      if (snapshot.FindSolution(key) == nullptr) {
        std::string id = snapshot.catalog().national_solutions.empty()
                             ? "dato"
                             : "integrasjon-" + snapshot.catalog().national_solutions.front().key;
        errors.push_back(
            {4, id, "Den nasjonale løsningen «" + key + "» finnes ikke. Velg fra listen."});
      }
    }
    if (!a.horizon.empty() &&
        (a.horizon.size() > 2 || a.horizon.find_first_not_of("0123456789") != std::string::npos ||
         std::stoi(a.horizon) < 1 || std::stoi(a.horizon) > kMaxHorizon)) {
      errors.push_back({4, "dato",
                        "Hvor langt fram veiviseren ser, må være fra 1 til " +
                            std::to_string(kMaxHorizon) + " år."});
    }
    if (!a.date.empty() && !Date::Parse(a.date)) {
      errors.push_back({4, "dato",
                        "Datoen «" + a.date +
                            "» er ikke en gyldig dato. Skriv den som åååå-mm-dd, for eksempel "
                            "2027-03-26."});
    }
  }
  return errors;
}

Date LastChanged(const app::Snapshot& snapshot) {
  Date last;
  for (const domain::Requirement& r : snapshot.catalog().requirements) {
    for (const domain::RequirementVersion& v : r.versions) {
      if (v.valid_from <= snapshot.today() && v.valid_from > last) last = v.valid_from;
    }
  }
  return last;
}

PageContext Context(const app::Snapshot& snapshot, std::string title, std::string crumb) {
  PageContext page;
  page.title = std::move(title);
  page.breadcrumbs = {{"Forside", "/"}, {"Veiviser", "/veiviser"}, {std::move(crumb), ""}};
  page.last_changed = LastChanged(snapshot);
  page.current_path = "/veiviser";
  return page;
}

std::string Hidden(const std::string& name, const std::string& value) {
  if (value.empty()) return "";
  return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Escape(value) + "\">\n";
}

// Hidden inputs for every answer that is not asked on `step`.
std::string CarryAnswers(const Answers& a, int step) {
  std::string html;
  if (step != 1) html += Hidden("rolle", a.role);
  if (step != 2) html += Hidden("kategori", a.category);
  if (step != 3) html += Hidden("aktor", a.actor);
  if (step != 4) {
    for (const std::string& key : a.integrations) html += Hidden("integrasjon", key);
    html += Hidden("dato", a.date);
  }
  return html;
}

std::string Progress(int step) {
  std::string html =
      "<div>\n<p class=\"ds-paragraph\" "
      "data-size=\"sm\"><strong>Steg " +
      std::to_string(step) + " av " + std::to_string(kSteps) +
      "</strong></p>\n<ol class=\"hk-tags\" aria-label=\"Fremdrift i veiviseren\">\n";
  for (int i = 1; i <= kSteps; ++i) {
    html += "<li";
    if (i == step) html += " aria-current=\"step\"";
    html += ">";
    std::string name = std::to_string(i) + ". " + kStepNames[i - 1];
    html += i == step ? "<strong>" + Escape(name) + "</strong>" : Escape(name);
    if (i < step) html += " <span class=\"ds-sr-only\">(fullført)</span>";
    html += "</li>\n";
  }
  return html + "</ol>\n</div>\n";
}

std::string ErrorSummary(const std::vector<FieldError>& errors) {
  if (errors.empty()) return "";
  std::string html =
      "<div class=\"ds-error-summary\" id=\"feiloppsummering\" tabindex=\"-1\" autofocus>\n<h2 "
      "class=\"ds-heading\" data-size=\"xs\" "
      "id=\"feiloppsummering-tittel\">Du må rette dette før du kan gå videre</h2>\n"
      "<ul class=\"ds-list\">\n";
  for (const FieldError& e : errors) {
    html += "<li><a class=\"ds-link\" href=\"#" + Escape(e.id) + "\">" + Escape(e.message) +
            "</a></li>\n";
  }
  return html + "</ul>\n</div>\n";
}

// The validation message shown inside a fieldset, and the attribute that points to it.
std::string FieldMessage(const std::vector<FieldError>& errors, const std::string& field) {
  std::string html;
  for (const FieldError& e : errors) {
    if (e.id.rfind(field, 0) == 0) {
      html +=
          "<p class=\"ds-validation-message\" data-field=\"validation\" data-color=\"danger\" "
          "id=\"" +
          field + "-feil\">" + Escape(e.message) + "</p>\n";
      break;
    }
  }
  return html;
}

std::string Describedby(const std::vector<FieldError>& errors, const std::string& field) {
  for (const FieldError& e : errors) {
    if (e.id.rfind(field, 0) == 0) return " aria-describedby=\"" + field + "-feil\"";
  }
  return "";
}

std::string Choice(const std::string& type, const std::string& name, const std::string& value,
                   const std::string& label, const std::string& description, bool checked) {
  std::string id = name + "-" + value;
  std::string html = "<div class=\"ds-field\">\n<input class=\"ds-input\" type=\"" + type +
                     "\" name=\"" + name + "\" id=\"" + Escape(id) + "\" value=\"" + Escape(value) +
                     "\"";
  if (checked) html += " checked";
  if (!description.empty()) html += " aria-describedby=\"" + Escape(id) + "-beskrivelse\"";
  html += ">\n<label class=\"ds-label\" data-weight=\"regular\" for=\"" + Escape(id) + "\">" +
          Escape(label) + "</label>\n";
  if (!description.empty()) {
    html += "<div data-field=\"description\" id=\"" + Escape(id) + "-beskrivelse\">" +
            Escape(description) + "</div>\n";
  }
  return html + "</div>\n";
}

std::string Buttons(int step) {
  std::string html = "<div class=\"hk-inline-form hk-space-above\">\n";
  if (step < kSteps) {
    html +=
        "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\" name=\"steg\" "
        "value=\"" +
        std::to_string(step + 1) + "\">Neste</button>\n";
  } else {
    html +=
        "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">Vis hva som "
        "gjelder</button>\n";
  }
  if (step > 1) {
    html +=
        "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\" "
        "formaction=\"/veiviser\" name=\"steg\" value=\"" +
        std::to_string(step - 1) + "\">Tilbake</button>\n";
  }
  return html + "</div>\n";
}

std::string StepFields(int step, const Answers& a, const app::Snapshot& snapshot,
                       const std::vector<FieldError>& errors) {
  const domain::Catalog& catalog = snapshot.catalog();
  std::string html;
  if (step == 1) {
    html += "<fieldset class=\"ds-fieldset\"" + Describedby(errors, "rolle") +
            ">\n<legend class=\"ds-label\">Hvilken rolle har dere?</legend>\n"
            "<p data-field=\"description\">Svaret avgjør hvordan resultatet er formulert.</p>\n" +
            FieldMessage(errors, "rolle") +
            Choice("radio", "rolle", "kjoper", "Kjøper",
                   "Kommune, helseforetak eller annen virksomhet som skal anskaffe en løsning.",
                   a.role == "kjoper") +
            Choice("radio", "rolle", "leverandor", "Leverandør",
                   "Virksomhet som utvikler eller selger en løsning.", a.role == "leverandor") +
            "</fieldset>\n";
  } else if (step == 2) {
    html += "<fieldset class=\"ds-fieldset\"" + Describedby(errors, "kategori") +
            ">\n<legend class=\"ds-label\">Hva slags produkt gjelder det, og hva skal det brukes "
            "til?</legend>\n" +
            FieldMessage(errors, "kategori");
    std::vector<const domain::Category*> roots_alone;
    for (const domain::Category& root : catalog.categories) {
      if (!root.parent.empty()) continue;
      std::vector<const domain::Category*> children;
      for (const domain::Category& c : catalog.categories) {
        if (c.parent == root.key) children.push_back(&c);
      }
      if (children.empty()) {
        roots_alone.push_back(&root);
        continue;
      }
      html += "<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\" data-size=\"sm\">" +
              Escape(root.name) + "</legend>\n" +
              Choice("radio", "kategori", root.key, root.name + " (generelt)", root.description,
                     a.category == root.key);
      for (const domain::Category* c : children) {
        html += Choice("radio", "kategori", c->key, c->name, c->description, a.category == c->key);
      }
      html += "</fieldset>\n";
    }
    if (!roots_alone.empty()) {
      html +=
          "<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\" data-size=\"sm\">"
          "Andre produkttyper</legend>\n";
      for (const domain::Category* c : roots_alone) {
        html += Choice("radio", "kategori", c->key, c->name, c->description, a.category == c->key);
      }
      html += "</fieldset>\n";
    }
    html += "</fieldset>\n";
  } else if (step == 3) {
    html += "<fieldset class=\"ds-fieldset\"" + Describedby(errors, "aktor") +
            ">\n<legend class=\"ds-label\">" +
            std::string(IsBuyer(a) ? "Hva slags virksomhet er dere?"
                                   : "Hvem skal løsningen selges til?") +
            "</legend>\n" + FieldMessage(errors, "aktor");
    for (const auto& entry : domain::EnumTable<domain::ActorType>::kEntries) {
      std::string code(entry.code);
      html += Choice("radio", "aktor", code, std::string(entry.label), "", a.actor == code);
    }
    html += Choice("radio", "aktor", std::string(kAnyActor), "Alle aktørtyper / vet ikke",
                   "Viser krav uavhengig av hvem løsningen er for.", a.actor == kAnyActor);
    html += "</fieldset>\n";
  } else {
    html += "<fieldset class=\"ds-fieldset\"" + Describedby(errors, "integrasjon") +
            ">\n<legend class=\"ds-label\">Hvilke nasjonale løsninger skal produktet samhandle "
            "med?</legend>\n<p data-field=\"description\">Velg alle som gjelder. Velg ingen hvis "
            "produktet ikke integreres med nasjonale løsninger.</p>\n" +
            FieldMessage(errors, "integrasjon");
    for (const domain::NationalSolution& s : catalog.national_solutions) {
      bool checked =
          std::find(a.integrations.begin(), a.integrations.end(), s.key) != a.integrations.end();
      html += Choice("checkbox", "integrasjon", s.key, s.name, "", checked);
    }
    html += "</fieldset>\n";
    // An unparsable date is shown in the error message only: type=date needs a valid value.
    std::string date = a.date.empty() ? snapshot.today().ToIso() : a.date;
    if (!Date::Parse(date)) date.clear();
    bool date_error = !Describedby(errors, "dato").empty();
    html +=
        "<div class=\"ds-field hk-space-above\">\n<label "
        "class=\"ds-label\" for=\"dato\">Hvilken dato skal "
        "kravene gjelde for?</label>\n<div data-field=\"description\" id=\"dato-beskrivelse\">"
        "Standard er dagens dato. Velg en senere dato for å se krav som kommer, for eksempel "
        "EHDS-fristene.</div>\n" +
        FieldMessage(errors, "dato") +
        "<input class=\"ds-input\" type=\"date\" id=\"dato\" name=\"dato\" value=\"" +
        Escape(date) + "\" aria-describedby=\"dato-beskrivelse" +
        std::string(date_error ? " dato-feil\" aria-invalid=\"true" : "") + "\">\n</div>\n";
  }
  return html;
}

http::Response StepPage(int step, const Answers& a, const app::Snapshot& snapshot,
                        const std::vector<FieldError>& errors) {
  std::string title = "Hva gjelder for meg?";
  std::string body =
      "<p class=\"ds-paragraph\">Svar på fire korte spørsmål, så viser vi hvilke krav og "
      "standarder som gjelder, hvilke godkjenninger som trengs og hva som endres fremover.</p>\n" +
      Progress(step) + ErrorSummary(errors);
  std::string action = step == kSteps ? "/veiviser/resultat" : "/veiviser";
  body += "<form method=\"get\" action=\"" + action + "\">\n" + CarryAnswers(a, step) +
          StepFields(step, a, snapshot, errors) + Buttons(step) + "</form>\n";
  PageContext page = Context(snapshot, title,
                             "Steg " + std::to_string(step) + " av " + std::to_string(kSteps) +
                                 ": " + kStepNames[step - 1]);
  if (!errors.empty()) page.title = "Hva gjelder for meg? (feil i skjemaet)";
  return RenderPage(page, body, errors.empty() ? 200 : 400);
}

// Shows the earliest step with an error, with every error of that step.
http::Response StepWithErrors(const Answers& a, const app::Snapshot& snapshot,
                              const std::vector<FieldError>& errors) {
  int step = errors.front().step;
  for (const FieldError& e : errors) step = std::min(step, e.step);
  std::vector<FieldError> shown;
  for (const FieldError& e : errors) {
    if (e.step == step) shown.push_back(e);
  }
  return StepPage(step, a, snapshot, shown);
}

domain::GuideQuestion Question(const Answers& a, const app::Snapshot& snapshot) {
  domain::GuideQuestion q;
  q.role = IsBuyer(a) ? domain::GuideRole::kBuyer : domain::GuideRole::kSupplier;
  q.category = a.category;
  if (a.actor != kAnyActor) q.actor_type = domain::Parse<domain::ActorType>(a.actor);
  q.integrations = a.integrations;
  q.at = a.date.empty() ? snapshot.today() : *Date::Parse(a.date);
  q.horizon_years = a.horizon.empty() ? kDefaultHorizon : std::stoi(a.horizon);
  return q;
}

std::string OrganisationLink(const app::Snapshot& snapshot, const std::string& key) {
  if (key.empty()) return "–";
  const domain::Organisation* org = snapshot.FindOrganisation(key);
  return "<a class=\"ds-link\" href=\"/organisasjoner/" + http::PercentEncode(key) + "\">" +
         Escape(org != nullptr ? org->name : key) + "</a>";
}

std::string RequirementLink(const std::string& key) {
  return "<a class=\"ds-link hk-key\" href=\"/krav/" + http::PercentEncode(key) + "\">" +
         Escape(key) + "</a>";
}

std::string Summary(const Answers& a, const domain::GuideQuestion& q,
                    const app::Snapshot& snapshot) {
  const domain::Category* category = snapshot.FindCategory(a.category);
  std::vector<std::string> solutions;
  for (const std::string& key : a.integrations) {
    const domain::NationalSolution* s = snapshot.FindSolution(key);
    solutions.push_back(s != nullptr ? s->name : key);
  }
  std::string actor =
      q.actor_type ? std::string(domain::Label(*q.actor_type)) : std::string("Alle aktørtyper");
  std::string html =
      "<h2 class=\"ds-heading\" data-size=\"md\" "
      "id=\"sporsmal\">Spørsmålet</h2>\n<dl class=\"hk-facts\">\n"
      "<dt>Rolle</dt><dd>" +
      std::string(IsBuyer(a) ? "Kjøper" : "Leverandør") + "</dd>\n<dt>Produkt</dt><dd>" +
      Escape(category != nullptr ? category->name : a.category) + "</dd>\n<dt>Aktørtype</dt><dd>" +
      Escape(actor) + "</dd>\n<dt>Integrasjoner</dt><dd>" +
      (solutions.empty() ? std::string("Ingen") : Escape(Join(solutions, ", "))) +
      "</dd>\n<dt>Dato</dt><dd>" + Escape(q.at.ToNorwegian()) + "</dd>\n</dl>\n";
  std::string qs = QueryString(a);
  html += "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/veiviser?steg=1&amp;" +
          Escape(qs) + "\">Endre svarene</a></p>\n";
  html +=
      "<p class=\"ds-paragraph\">Last ned resultatet: <a class=\"ds-link\" "
      "href=\"/veiviser/resultat.xlsx?" +
      Escape(qs) +
      "\" download>Excel (XLSX)</a> · <a class=\"ds-link\" href=\"/veiviser/resultat.csv?" +
      Escape(qs) + "\" download>CSV</a></p>\n";
  return html;
}

std::string Requirements(const domain::GuideAnswer& answer, bool buyer,
                         const app::Snapshot& snapshot) {
  std::string html =
      "<h2 class=\"ds-heading\" "
      "data-size=\"md\" id=\"krav\">" +
      std::string(buyer ? "Dette bør dere kreve" : "Dette må løsningen oppfylle") + "</h2>\n";
  html += "<p class=\"ds-paragraph\">" + std::to_string(answer.total) + " krav gjelder" +
          (buyer ? ". Ta de obligatoriske kravene med i kravspesifikasjonen, og vurder de "
                   "anbefalte."
                 : ". De obligatoriske kravene må være oppfylt; de anbefalte forventer kjøperne "
                   "ofte.") +
          "</p>\n";
  if (answer.groups.empty()) {
    html += "<p class=\"ds-paragraph\">Ingen krav i katalogen gjelder for dette spørsmålet.</p>\n";
  }
  std::optional<domain::Area> current;
  int table = 0;
  for (const domain::GuideGroup& group : answer.groups) {
    if (!current || *current != group.area) {
      current = group.area;
      html += "<h3 class=\"ds-heading\" data-size=\"sm\">" + Escape(domain::Label(group.area)) +
              "</h3>\n";
    }
    ++table;
    std::string id = "krav-tabell-" + std::to_string(table);
    html += "<h4 class=\"ds-heading\" data-size=\"xs\" id=\"" + id + "\">" +
            Escape(domain::Label(group.obligation)) + " (" + std::to_string(group.items.size()) +
            ")</h4>\n<div class=\"hk-table-wrap\">\n<table class=\"ds-table\" data-border "
            "aria-labelledby=\"" +
            id +
            "\">\n<thead><tr><th scope=\"col\">Krav</th><th scope=\"col\">Tittel</th>"
            "<th scope=\"col\">Hjemmel</th><th scope=\"col\">Eier</th></tr></thead>\n<tbody>\n";
    for (const domain::GuideItem& item : group.items) {
      const domain::RequirementVersion* v = item.version;
      html += "<tr><td>" + RequirementLink(item.requirement->key) + "</td><td>" +
              Escape(v != nullptr ? v->title : "") +
              (v != nullptr && v->eea && !item.binds_in_norway
                   ? " " + Tag(std::string("I EU – ") + std::string(domain::Label(v->eea->status)),
                               "warning")
                   : "") +
              "</td><td>" + Escape(v != nullptr && !v->legal_basis.empty() ? v->legal_basis : "–") +
              "</td><td>" + OrganisationLink(snapshot, v != nullptr ? v->owner : "") +
              "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n</div>\n";
  }
  return html + "";
}

std::string Approvals(const domain::GuideAnswer& answer, bool buyer,
                      const app::Snapshot& snapshot) {
  std::string html =
      "<h2 class=\"ds-heading\" data-size=\"md\" "
      "id=\"godkjenninger\">" +
      std::string(buyer ? "Godkjenninger dere bør be om" : "Godkjenninger løsningen må ha") +
      "</h2>\n";
  if (answer.approvals.empty()) {
    return html +
           "<p class=\"ds-paragraph\">Ingen godkjenningsordninger gjelder for disse "
           "kravene.</p>\n";
  }
  html += "<ul class=\"ds-list\">\n";
  for (const domain::GuideApproval& approval : answer.approvals) {
    const domain::ApprovalScheme& s = *approval.scheme;
    html += "<li><a class=\"ds-link\" href=\"/godkjenningsordninger/" + http::PercentEncode(s.key) +
            "\">" + Escape(s.name) + "</a>, utstedes av " + OrganisationLink(snapshot, s.owner);
    if (!approval.requirements.empty()) {
      html += ". Verifiserer ";
      for (std::size_t i = 0; i < approval.requirements.size(); ++i) {
        if (i > 0) html += ", ";
        html += RequirementLink(approval.requirements[i]);
      }
    }
    html += ".</li>\n";
  }
  return html + "</ul>\n";
}

// A link to the same answer looking two years further ahead (EHDS 2031 from late 2026).
std::string FurtherAhead(const domain::GuideQuestion& q, Answers a) {
  if (q.horizon_years + 2 > kMaxHorizon) return "";
  a.horizon = std::to_string(q.horizon_years + 2);
  return "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/veiviser/resultat?" +
         Escape(QueryString(a)) + "#fremover\">Se endringer fram til " +
         Escape(q.at.AddYears(q.horizon_years + 2).ToNorwegian()) + "</a></p>\n";
}

std::string Ahead(const domain::GuideAnswer& answer, const domain::GuideQuestion& q, Answers a) {
  std::string html =
      "<h2 class=\"ds-heading\" data-size=\"md\" "
      "id=\"fremover\">Hva endres fremover</h2>\n<p class=\"ds-paragraph\">Krav som starter, "
      "endres eller opphører innen " +
      std::to_string(q.horizon_years) + " år etter " + Escape(q.at.ToNorwegian()) + ".</p>\n";
  if (answer.ahead.empty()) {
    return html + "<p class=\"ds-paragraph\">Ingen kjente endringer i perioden.</p>\n" +
           FurtherAhead(q, std::move(a));
  }
  html += "<ul class=\"ds-list\">\n";
  for (const domain::GuideChange& change : answer.ahead) {
    html += "<li><strong><time datetime=\"" + change.date.ToIso() + "\">" +
            Escape(change.date.ToNorwegian()) +
            "</time></strong>: " + RequirementLink(change.requirement->key) + " ";
    if (change.after == nullptr) {
      html += "opphører";
      if (change.before != nullptr) html += " («" + Escape(change.before->title) + "»)";
    } else if (change.before == nullptr) {
      html += "trer i kraft: «" + Escape(change.after->title) + "»";
    } else {
      html += "får ny versjon: «" + Escape(change.after->title) + "»";
    }
    if (change.before != nullptr && change.after != nullptr && !change.after->change_note.empty()) {
      html += ". " + Escape(change.after->change_note);
    }
    html += "</li>\n";
  }
  html += "</ul>\n";
  return html + FurtherAhead(q, std::move(a));
}

std::string Profiles(const domain::GuideAnswer& answer, const domain::GuideQuestion& q) {
  if (answer.profiles.empty()) return "";
  std::string html =
      "<h2 class=\"ds-heading\" data-size=\"md\" "
      "id=\"profiler\">Kravprofiler som gjelder</h2>\n<ul class=\"ds-list\">\n";
  for (const domain::Profile* p : answer.profiles) {
    const domain::ProfileVersion* shown = nullptr;
    for (const domain::ProfileVersion& v : p->versions) {
      if (v.valid_from <= q.at || shown == nullptr) shown = &v;
    }
    html += "<li><a class=\"ds-link\" href=\"/profiler/" + http::PercentEncode(p->key) + "\">" +
            Escape(shown != nullptr ? shown->name : p->key) + "</a></li>\n";
  }
  return html + "</ul>\n";
}

http::Response Download(const Answers& a, const app::Snapshot& snapshot, bool xlsx) {
  std::vector<FieldError> errors = Validate(a, snapshot, kSteps);
  if (!errors.empty()) {
    std::string text;
    for (const FieldError& e : errors) text += e.message + "\n";
    return http::Response::Text(400, "text/plain; charset=utf-8", text);
  }
  domain::GuideQuestion q = Question(a, snapshot);
  Result<domain::GuideAnswer> answer = domain::AnswerGuide(snapshot.catalog(), snapshot.tree(), q);
  if (!answer.ok()) {
    return http::Response::Text(answer.status().code() == StatusCode::kInvalid ? 400 : 500,
                                "text/plain; charset=utf-8", answer.status().message() + "\n");
  }
  std::string filename = "helsekrav-veiviser-" + a.category + "-" + q.at.ToIso();
  http::Response response;
  if (xlsx) {
    Result<std::string> bytes = formats::GuideXlsx(snapshot.catalog(), q, *answer);
    if (!bytes.ok()) {
      return http::Response::Text(500, "text/plain; charset=utf-8",
                                  "Kunne ikke lage regnearket: " + bytes.status().message() + "\n");
    }
    response = http::Response::Text(
        200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        std::move(*bytes));
    filename += ".xlsx";
  } else {
    response = http::Response::Text(200, "text/csv; charset=utf-8",
                                    formats::GuideCsv(snapshot.catalog(), q, *answer));
    filename += ".csv";
  }
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

http::Response ResultPage(const Answers& a, const app::Snapshot& snapshot) {
  std::vector<FieldError> errors = Validate(a, snapshot, kSteps);
  if (!errors.empty()) return StepWithErrors(a, snapshot, errors);
  domain::GuideQuestion q = Question(a, snapshot);
  Result<domain::GuideAnswer> answer = domain::AnswerGuide(snapshot.catalog(), snapshot.tree(), q);
  if (!answer.ok()) {
    bool invalid = answer.status().code() == StatusCode::kInvalid;
    std::string body =
        "<div class=\"ds-alert\" data-color=\"danger\" role=\"alert\">\n"
        "<p class=\"ds-paragraph\">" +
        Escape(invalid ? answer.status().message()
                       : "Veiviseren kunne ikke svare akkurat nå. Prøv igjen "
                         "senere.") +
        "</p>\n</div>\n<p class=\"ds-paragraph\"><a class=\"ds-link\" "
        "href=\"/veiviser?steg=1&amp;" +
        Escape(QueryString(a)) + "\">Tilbake til veiviseren</a></p>\n";
    return RenderPage(Context(snapshot, "Hva gjelder for meg?", "Resultat"), body,
                      invalid ? 400 : 500);
  }
  bool buyer = IsBuyer(a);
  std::string body = Summary(a, q, snapshot) + Requirements(*answer, buyer, snapshot) +
                     Approvals(*answer, buyer, snapshot) + Ahead(*answer, q, a) +
                     Profiles(*answer, q);
  const domain::Category* category = snapshot.FindCategory(a.category);
  return RenderPage(
      Context(snapshot,
              "Hva gjelder for " + (category != nullptr ? category->name : a.category) + "?",
              "Resultat"),
      body);
}

int ReadStep(const http::Request& request) {
  std::string text = First(request, "steg");
  if (text.size() != 1 || text[0] < '1' || text[0] > '0' + kSteps) return 1;
  return text[0] - '0';
}

}  // namespace

http::Response GuidePage(const http::Request& request, const app::Snapshot& snapshot) {
  Answers answers = ReadAnswers(request);
  // A shared result address may leave out the actor type: it then means any actor type.
  if (request.path.starts_with("/veiviser/resultat") && answers.actor.empty()) {
    answers.actor = kAnyActor;
  }
  if (request.path == "/veiviser/resultat") return ResultPage(answers, snapshot);
  if (request.path == "/veiviser/resultat.csv") return Download(answers, snapshot, false);
  if (request.path == "/veiviser/resultat.xlsx") return Download(answers, snapshot, true);
  if (request.path == "/veiviser" || request.path == "/veiviser/") {
    int step = ReadStep(request);
    std::vector<FieldError> errors = Validate(answers, snapshot, step - 1);
    if (!errors.empty()) return StepWithErrors(answers, snapshot, errors);
    return StepPage(step, answers, snapshot, {});
  }
  PageContext page = Context(snapshot, "Siden finnes ikke", "Siden finnes ikke");
  return RenderPage(page,
                    "<p class=\"ds-paragraph\">Adressen finnes ikke. <a class=\"ds-link\" "
                    "href=\"/veiviser\">Start veiviseren</a>.</p>\n",
                    404);
}

}  // namespace helsekrav::web
