// The supplier's declaration page, /min-side/erklaeringer/{id}: the answer form of a draft
// (progress per area, one fieldset per requirement, evidence uploads) and the lifecycle
// actions (save, submit, publish, return to draft, withdraw, new version).
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "domain/catalog_rules.h"
#include "domain/registry_rules.h"
#include "web/html.h"
#include "web/product_pages.h"
#include "web/workspace_common.h"

namespace helsekrav::web::product {
namespace {

// One requirement's inputs as the form shows them; `answer` is empty when none is chosen.
struct FormAnswer {
  std::optional<domain::Answer> answer;
  std::string statement;
  std::string reason;
  std::vector<domain::Evidence> files;
  std::vector<std::string> links;
  std::vector<std::string> references;
};
using FormAnswers = std::map<std::string, FormAnswer>;

std::string Field(const std::string& key, const std::string& part) {
  return "a." + key + "." + part;
}

FormAnswers FromDeclaration(const domain::Declaration& d) {
  FormAnswers out;
  for (const auto& a : d.answers) {
    FormAnswer& f = out[a.requirement];
    f.answer = a.answer;
    f.statement = a.statement;
    f.reason = a.reason;
    for (const auto& e : a.evidence) {
      if (e.kind == domain::EvidenceKind::kFile) f.files.push_back(e);
      if (e.kind == domain::EvidenceKind::kLink) f.links.push_back(e.url);
      if (e.kind == domain::EvidenceKind::kReference) f.references.push_back(e.reference);
    }
  }
  return out;
}

std::vector<Option> AnswerOptions() {
  std::vector<Option> out;
  for (const auto& e : domain::EnumTable<domain::Answer>::kEntries)
    out.push_back({std::string(e.code), std::string(e.label)});
  return out;
}

std::string ProgressHtml(const domain::Declaration& d, const app::Snapshot& s) {
  std::string html = "<div class=\"hk-progress-list\">\n";
  for (const auto& [area, counts] : domain::ProgressByArea(d, s.catalog())) {
    std::string id = "fremdrift-" + std::string(domain::Code(area));
    std::string text = std::string(domain::Label(area)) + ": " + std::to_string(counts.first) +
                       " av " + std::to_string(counts.second) + " besvart";
    html +=
        "<div class=\"hk-progress\">\n<label class=\"ds-label\" data-weight=\"regular\" for=\"" +
        Escape(id) + "\">" + Escape(text) + "</label>\n<progress id=\"" + Escape(id) + "\" max=\"" +
        std::to_string(std::max(counts.second, 1)) + "\" value=\"" + std::to_string(counts.first) +
        "\">" + Escape(text) + "</progress>\n</div>\n";
  }
  return html + "</div>\n";
}

std::string AnswerFieldset(const domain::ProfileItem& item, const domain::RequirementVersion& rv,
                           const FormAnswer& f, const std::vector<FieldError>& errors) {
  const std::string& key = item.requirement;
  std::string html =
      "<fieldset class=\"ds-fieldset hk-answer\" id=\"krav-" + Escape(key) +
      "\">\n<legend class=\"ds-label\">" + Escape(key) + " " + Escape(rv.title) +
      "</legend>\n<p class=\"ds-paragraph\">" +
      Tag(domain::Label(domain::ItemObligation(item, rv)),
          domain::ItemObligation(item, rv) == domain::Obligation::kMandatory ? "warning"
                                                                             : "neutral") +
      " " + Link(KeyPath("/krav", key), "Les kravteksten (" + key + ")") + "</p>\n";
  html +=
      RadioGroup(Field(key, "answer"), "Svar", AnswerOptions(),
                 f.answer ? domain::Code(*f.answer) : "", ErrorFor(errors, Field(key, "answer")));
  html += TextArea(Field(key, "statement"), "Beskrivelse", f.statement,
                   ErrorFor(errors, Field(key, "statement")),
                   "Beskriv hvordan løsningen oppfyller kravet.", 3);
  html += TextArea(Field(key, "reason"), "Begrunnelse", f.reason,
                   ErrorFor(errors, Field(key, "reason")),
                   "Må fylles ut når svaret er «Ikke relevant».", 2);
  html += "<details class=\"ds-details\"" +
          std::string(f.files.empty() && f.links.empty() && f.references.empty() &&
                              ErrorFor(errors, Field(key, "link")).empty() &&
                              ErrorFor(errors, Field(key, "reference")).empty() &&
                              ErrorFor(errors, Field(key, "file")).empty()
                          ? ""
                          : " open") +
          ">\n<summary>Dokumentasjon</summary>\n<div>\n";
  if (!f.files.empty()) {
    std::vector<Option> files;
    for (const auto& e : f.files) {
      files.push_back({e.file_id, e.file_name, "SHA-256: " + e.sha256});
      html += HiddenInput(Field(key, "files"), e.file_id);
    }
    html +=
        CheckboxGroup(Field(key, "remove"), "Opplastede filer (kryss av for å fjerne)", files, {});
  }
  html += TextField(Field(key, "link"), "Lenke til dokumentasjon",
                    f.links.empty() ? "" : f.links.front(), ErrorFor(errors, Field(key, "link")),
                    "url", "Adressen må begynne med https://");
  for (std::size_t i = 1; i < f.links.size(); ++i)
    html += HiddenInput(Field(key, "link"), f.links[i]);
  html += TextField(Field(key, "reference"), "Referanse til godkjenning eller sertifikat",
                    f.references.empty() ? "" : f.references.front(),
                    ErrorFor(errors, Field(key, "reference")), "text",
                    "For eksempel «ISO/IEC 27001:2022 nr. 123».");
  for (std::size_t i = 1; i < f.references.size(); ++i)
    html += HiddenInput(Field(key, "reference"), f.references[i]);
  html +=
      EvidenceFileField(Field(key, "file"), "Last opp fil", ErrorFor(errors, Field(key, "file")));
  return html + "</div>\n</details>\n</fieldset>\n";
}

// The requirements of the declared profile version, grouped by area.
std::map<domain::Area,
         std::vector<std::pair<const domain::ProfileItem*, const domain::RequirementVersion*>>>
ItemsByArea(const domain::ProfileVersion& pv, const app::Snapshot& s) {
  std::map<domain::Area,
           std::vector<std::pair<const domain::ProfileItem*, const domain::RequirementVersion*>>>
      out;
  for (const auto& item : pv.items) {
    const domain::Requirement* r = s.FindRequirement(item.requirement);
    if (r == nullptr) continue;
    const domain::RequirementVersion& rv = domain::VersionAt(*r, s.today());
    out[rv.area].emplace_back(&item, &rv);
  }
  return out;
}

// Items of the profile without an answer.
std::vector<FieldError> Missing(const domain::ProfileVersion& pv, const FormAnswers& answers,
                                const app::Snapshot& s) {
  std::vector<FieldError> out;
  for (const auto& item : pv.items) {
    auto it = answers.find(item.requirement);
    if (it != answers.end() && it->second.answer) continue;
    const domain::Requirement* r = s.FindRequirement(item.requirement);
    std::string title = r == nullptr ? "" : " " + domain::VersionAt(*r, s.today()).title;
    out.push_back({Field(item.requirement, "answer"), "Mangler svar: " + item.requirement + title});
  }
  return out;
}

std::string ActionForm(const WebContext& context, const std::string& action,
                       const std::string& buttons, const std::string& hidden = "") {
  return "<form method=\"post\" action=\"" + Escape(action) + "\" class=\"hk-actions\">\n" +
         CsrfInput(context.csrf_token) + hidden + buttons + "</form>\n";
}

std::string NewVersionForm(const WebContext& context, const domain::Declaration& d) {
  return ActionForm(
      context, "/min-side/erklaeringer", SubmitButton("Lag ny versjon av erklæringen", "secondary"),
      HiddenInput("versjon", d.product_version_id) + HiddenInput("profil", d.profile));
}

std::string SavedMessage(const WebContext& context) {
  std::string saved = Param(context.request, "lagret");
  std::string fresh = Param(context.request, "ny");
  if (saved == "lagret") return Alert("Utkastet er lagret.", "success");
  if (saved == "sendt") return Alert("Erklæringen er sendt inn.", "success");
  if (saved == "publisert") return Alert("Erklæringen er publisert.", "success");
  if (saved == "trukket") return Alert("Erklæringen er trukket tilbake.", "success");
  if (saved == "utkast") return Alert("Erklæringen er satt tilbake til utkast.", "success");
  if (!fresh.empty() && fresh.find_first_not_of("0123456789") == std::string::npos)
    return Alert("Erklæringen er opprettet. " + (fresh == "0" ? std::string("Ingen") : fresh) +
                     " svar er fylt ut fra tidligere erklæringer.",
                 "info");
  return "";
}

http::Response Render(const WebContext& context, const domain::Declaration& d,
                      const FormAnswers& answers, const std::vector<FieldError>& errors, int code,
                      const std::string& notice = "") {
  const app::Snapshot& s = context.catalog;
  std::string path = "/min-side/erklaeringer/" + http::PercentEncode(d.id);
  std::string title = "Egenerklæring: " + DeclarationTitle(context, d);
  PageContext page =
      WorkspaceFrame(context, title, {{"Egenerklæringer", "/min-side/erklaeringer"}, {title, ""}});
  std::string body = SavedMessage(context) + notice + ErrorSummary(errors);
  body += "<div class=\"hk-tags\">" + StatusTag(d.status) +
          (d.needs_review.empty() ? "" : Tag("Må vurderes på nytt", "warning")) + "</div>\n" +
          Paragraph(CoverageText(d, s) + ".");
  const domain::ProfileVersion* pv = domain::DeclaredProfileVersion(d, s.catalog());
  using DS = domain::DeclarationStatus;
  if (d.status != DS::kDraft || pv == nullptr) {
    if (app::IsPublic(d))
      body += "<p class=\"ds-paragraph\">" +
              Link("/erklaeringer/" + http::PercentEncode(d.id), "Se den offentlige siden") +
              "</p>\n";
    if (d.status == DS::kSubmitted) {
      body +=
          ActionForm(
              context, path,
              SubmitButton("Publiser", "primary", "handling", "publiser") +
                  SubmitButton("Sett tilbake til utkast", "secondary", "handling", "tilbake")) +
          ActionForm(context, path + "/trekk-tilbake", SubmitButton("Trekk tilbake", "tertiary"));
    } else if (d.status == DS::kPublished) {
      body +=
          ActionForm(context, path + "/trekk-tilbake", SubmitButton("Trekk tilbake", "secondary")) +
          NewVersionForm(context, d);
    } else {
      body += NewVersionForm(context, d);
    }
    return RenderPage(page, body + AnswersHtml(context, d), code);
  }
  body += Heading(2, "Fremdrift") + ProgressHtml(d, s) + "<form method=\"post\" action=\"" +
          Escape(path) +
          "\" enctype=\"multipart/form-data\" class=\"hk-form hk-declaration-form\">\n" +
          CsrfInput(context.csrf_token) + HiddenInput("oppdatert", std::to_string(d.updated_at));
  static const FormAnswer kEmpty;
  for (const auto& [area, items] : ItemsByArea(*pv, s)) {
    body += Heading(2, std::string(domain::Label(area)));
    for (const auto& [item, rv] : items) {
      auto it = answers.find(item->requirement);
      body += AnswerFieldset(*item, *rv, it == answers.end() ? kEmpty : it->second, errors);
    }
  }
  body += "<div class=\"hk-actions\">\n" +
          SubmitButton("Lagre utkast", "primary", "handling", "lagre") +
          SubmitButton("Send inn", "secondary", "handling", "send-inn") +
          SubmitButton("Publiser", "secondary", "handling", "publiser") + "</div>\n</form>\n";
  return RenderPage(page, body, code);
}

// The form field for a service's field path such as "answers[3].evidence[0].url".
std::string FieldFor(const std::string& path, const std::vector<std::string>& keys) {
  if (path.rfind("answers[", 0) != 0) return "";
  std::size_t close = path.find(']');
  if (close == std::string::npos) return "";
  std::size_t index = 0;
  try {
    index = std::stoul(path.substr(8, close - 8));
  } catch (...) {
    return "";
  }
  if (index >= keys.size()) return "";
  std::string rest = path.substr(close + 1);
  const std::string& key = keys[index];
  if (rest == ".statement") return Field(key, "statement");
  if (rest == ".reason") return Field(key, "reason");
  if (rest.find("url") != std::string::npos) return Field(key, "link");
  if (rest.find("reference") != std::string::npos) return Field(key, "reference");
  if (rest.find("evidence") != std::string::npos) return Field(key, "file");
  return Field(key, "answer");
}

// Reads the form into answers; uploads new files first. Local problems go to `errors`.
Status ReadAnswers(const WebContext& context, const http::Form& form,
                   const domain::ProfileVersion& pv, const domain::Declaration& stored,
                   FormAnswers& out, std::vector<FieldError>& errors) {
  std::map<std::string, domain::Evidence> known;
  for (const auto& a : stored.answers)
    for (const auto& e : a.evidence)
      if (e.kind == domain::EvidenceKind::kFile) known[e.file_id] = e;
  for (const auto& item : pv.items) {
    const std::string& key = item.requirement;
    FormAnswer f;
    std::string code = form.Get(Field(key, "answer"));
    if (!code.empty()) {
      f.answer = domain::Parse<domain::Answer>(code);
      if (!f.answer) errors.push_back({Field(key, "answer"), "Ukjent svar for " + key + "."});
    }
    f.statement = form.Get(Field(key, "statement"));
    f.reason = form.Get(Field(key, "reason"));
    for (const auto& link : form.GetAll(Field(key, "link")))
      if (!Trim(link).empty()) f.links.push_back(Trim(link));
    for (const auto& ref : form.GetAll(Field(key, "reference")))
      if (!Trim(ref).empty()) f.references.push_back(Trim(ref));
    auto removed = form.GetAll(Field(key, "remove"));
    for (const auto& id : form.GetAll(Field(key, "files"))) {
      if (std::find(removed.begin(), removed.end(), id) != removed.end()) continue;
      auto it = known.find(id);
      if (it != known.end()) {
        f.files.push_back(it->second);
        continue;
      }
      // Uploaded in an earlier, rejected post: read its metadata (own files only).
      auto file = context.services.registry.ReadEvidence(ActorOf(context), id);
      if (file.ok())
        f.files.push_back({domain::EvidenceKind::kFile, file->first.id, file->first.name,
                           file->first.sha256, "", ""});
    }
    for (const auto& upload : form.files) {
      if (upload.field != Field(key, "file") || upload.data.empty()) continue;
      auto saved = context.services.registry.UploadEvidence(
          ActorOf(context), {upload.file_name, upload.content_type, upload.data});
      if (!saved.ok()) {
        if (saved.status().code() != StatusCode::kInvalid) return saved.status();
        errors.push_back({Field(key, "file"), saved.status().message()});
        continue;
      }
      f.files.push_back(
          {domain::EvidenceKind::kFile, saved->id, saved->name, saved->sha256, "", ""});
    }
    bool filled = !Trim(f.statement).empty() || !Trim(f.reason).empty() || !f.files.empty() ||
                  !f.links.empty() || !f.references.empty();
    if (!f.answer && filled && ErrorFor(errors, Field(key, "answer")).empty())
      errors.push_back({Field(key, "answer"), "Velg et svar for " + key + "."});
    if (f.answer || filled) out[key] = std::move(f);
  }
  return Status::Ok();
}

domain::Declaration WithAnswers(domain::Declaration d, const FormAnswers& answers,
                                const domain::ProfileVersion& pv, const app::Snapshot& s,
                                std::vector<std::string>& keys) {
  d.answers.clear();
  keys.clear();
  for (const auto& item : pv.items) {
    auto it = answers.find(item.requirement);
    if (it == answers.end() || !it->second.answer) continue;
    const FormAnswer& f = it->second;
    domain::DeclarationAnswer a;
    a.requirement = item.requirement;
    if (const domain::Requirement* r = s.FindRequirement(item.requirement))
      a.requirement_version = domain::VersionAt(*r, s.today()).version;
    a.answer = *f.answer;
    a.statement = f.statement;
    a.reason = f.reason;
    a.evidence = f.files;
    for (const auto& url : f.links)
      a.evidence.push_back({domain::EvidenceKind::kLink, "", "", "", url, ""});
    for (const auto& ref : f.references)
      a.evidence.push_back({domain::EvidenceKind::kReference, "", "", "", "", ref});
    d.answers.push_back(std::move(a));
    keys.push_back(item.requirement);
  }
  return d;
}

http::Response Post(const WebContext& context, const domain::Declaration& stored) {
  http::Response error;
  auto form = ReadForm(context, error);
  if (!form) return error;
  app::RegistryService& registry = context.services.registry;
  domain::Actor actor = ActorOf(context);
  std::string path = "/min-side/erklaeringer/" + http::PercentEncode(stored.id);
  std::string action = form->Get("handling");
  using DA = domain::DeclarationAction;
  auto transition = [&](DA what, const std::string& done) -> http::Response {
    auto moved = registry.Transition(actor, stored.id, what);
    if (moved.ok()) return http::Redirect(path + "?lagret=" + done);
    if (moved.status().code() != StatusCode::kInvalid) return StatusPage(context, moved.status());
    auto view = registry.view();
    const domain::Declaration* fresh = view->FindDeclaration(stored.id);
    const domain::Declaration& now = fresh == nullptr ? stored : *fresh;
    std::vector<FieldError> errors = {{"", moved.status().message()}};
    if (const auto* pv = domain::DeclaredProfileVersion(now, context.catalog.catalog())) {
      auto missing = Missing(*pv, FromDeclaration(now), context.catalog);
      errors.insert(errors.end(), missing.begin(), missing.end());
    }
    return Render(context, now, FromDeclaration(now), errors, 422);
  };
  // Only the answer form (with its revision field) replaces answers; an action button posted
  // from elsewhere must never wipe them.
  if (stored.status != domain::DeclarationStatus::kDraft || !form->Has("oppdatert")) {
    if (action == "send-inn") return transition(DA::kSubmit, "sendt");
    if (action == "publiser") return transition(DA::kPublish, "publisert");
    if (action == "tilbake") return transition(DA::kReturnToDraft, "utkast");
    return StatusPage(context, Status::Invalid("handling", "Erklæringen kan ikke endres nå."));
  }
  const domain::ProfileVersion* pv =
      domain::DeclaredProfileVersion(stored, context.catalog.catalog());
  if (pv == nullptr) return StatusPage(context, Status::NotFound("Kravprofilen finnes ikke."));
  FormAnswers answers;
  std::vector<FieldError> errors;
  Status read = ReadAnswers(context, *form, *pv, stored, answers, errors);
  if (!read.ok()) return StatusPage(context, read);
  std::vector<std::string> keys;
  domain::Declaration attempt = WithAnswers(stored, answers, *pv, context.catalog, keys);
  if (!errors.empty()) return Render(context, attempt, answers, errors, 422);
  app::AnswersUpdate update;
  update.answers = attempt.answers;
  try {
    update.expected_updated_at = std::stoll(form->Get("oppdatert"));
  } catch (...) {
    update.expected_updated_at = 0;
  }
  auto saved = registry.SaveAnswers(actor, stored.id, update);
  if (!saved.ok()) {
    StatusCode code = saved.status().code();
    if (code == StatusCode::kInvalid) {
      errors.push_back({FieldFor(saved.status().field(), keys), saved.status().message()});
      return Render(context, attempt, answers, errors, 422);
    }
    if (code == StatusCode::kConflict) {
      // Show the user's input against the current revision so that saving again overwrites.
      auto view = registry.view();
      const domain::Declaration* now = view->FindDeclaration(stored.id);
      if (now != nullptr) attempt.updated_at = now->updated_at;
      return Render(context, attempt, answers, {}, 409,
                    Alert("Noen andre har endret erklæringen etter at du åpnet den. Svarene "
                          "dine er ikke lagret. Se over dem og lagre på nytt for å "
                          "overskrive endringene.",
                          "warning"));
    }
    return StatusPage(context, saved.status());
  }
  if (action == "send-inn") return transition(DA::kSubmit, "sendt");
  if (action == "publiser") return transition(DA::kPublish, "publisert");
  return http::Redirect(path + "?lagret=lagret");
}

}  // namespace

http::Response DeclarationWorkspace(const WebContext& context, const domain::Declaration& d) {
  if (context.request.method == "POST") return Post(context, d);
  return Render(context, d, FromDeclaration(d), {}, 200);
}

}  // namespace helsekrav::web::product
