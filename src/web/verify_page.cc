#include "web/verify_page.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/transparency_log.h"
#include "core/date.h"
#include "domain/webhook_rules.h"
#include "trust/encoding.h"
#include "trust/statement.h"
#include "web/forms.h"
#include "web/html.h"
#include "web/workspace_common.h"

namespace helsekrav::web {

namespace {

using nlohmann::json;

constexpr char kTitle[] = "Kontroller et utsagn";
constexpr char kIndexField[] = "oppforing";
constexpr char kStatementField[] = "utsagn";
constexpr std::size_t kRootPrefixLength = 16;

// One check and its outcome; the outcome is spelled out, never shown by colour alone.
struct Check {
  bool passed = false;
  std::string text;
};

struct Verification {
  std::vector<Check> checks;
  json payload;                        // the statement's payload (may be null)
  std::optional<std::uint64_t> index;  // the statement's place in the log, when found
  bool passed() const {
    for (const Check& c : checks) {
      if (!c.passed) return false;
    }
    return !checks.empty();
  }
};

// «23. november 2026 kl. 19:04 UTC» for an RFC 3339 UTC time ("2026-11-23T19:04:52Z").
std::string ReadableTime(const std::string& rfc3339) {
  auto date = Date::Parse(rfc3339.substr(0, 10));
  if (!date || rfc3339.size() < 16) return rfc3339;
  return date->ToNorwegian() + " kl. " + rfc3339.substr(11, 5) + " UTC";
}

// The statement types are the audit event types webhooks are offered (domain/webhook_rules.h).
std::string TypeLabel(const std::string& type) {
  for (const domain::WebhookEventType& t : domain::WebhookEventTypes()) {
    if (t.type == type) return t.label + " (" + type + ")";
  }
  return type;
}

std::string DescribeKey(const trust::PublicKey& key) {
  std::string text = "nøkkel " + key.kid + ", tatt i bruk " + ReadableTime(key.created);
  if (!key.retired.empty()) text += ", pensjonert " + ReadableTime(key.retired);
  return text;
}

void CheckSignature(const json& statement, const std::vector<trust::PublicKey>& keys,
                    Verification& v) {
  auto key = trust::VerifyStatement(statement, keys);
  if (key.ok()) {
    v.checks.push_back({true, "Signaturen er gyldig: utsagnet er signert av helsekrav med " +
                                  DescribeKey(*key) + "."});
  } else {
    v.checks.push_back({false, "Signaturen er ikke gyldig: " + key.status().message() + "."});
  }
  if (statement.is_object() && statement.contains("payload")) v.payload = statement["payload"];
}

// Inclusion of `statement` as entry `index` in the current signed tree head.
void CheckInclusion(app::TransparencyLog& log, const json& statement, std::uint64_t index,
                    const std::vector<trust::PublicKey>& keys, Verification& v) {
  v.index = index;
  auto proof = log.Proof(index, std::nullopt);
  if (!proof.ok()) {
    v.checks.push_back(
        {false, "Beviset for oppføringen kunne ikke lages: " + proof.status().message()});
    return;
  }
  const trust::TreeHead& head = proof->tree_head;
  auto head_key = trust::VerifyTreeHead(head, keys);
  if (!head_key.ok()) {
    v.checks.push_back(
        {false, "Trehodet er ikke gyldig signert: " + head_key.status().message() + "."});
    return;
  }
  const std::string root = trust::Base64(trust::HashBytes(head.root_hash));
  v.checks.push_back({true, "Trehodet er signert av helsekrav med nøkkel " + head_key->kid +
                                ": loggen har " + std::to_string(head.tree_size) +
                                " oppføringer, rothashen begynner med " +
                                root.substr(0, kRootPrefixLength) + " …, signert " +
                                ReadableTime(head.timestamp) + "."});
  Status included = trust::VerifyInclusionProof(statement, *proof);
  if (included.ok()) {
    v.checks.push_back(
        {true, "Utsagnet er med i loggen som oppføring " + std::to_string(index + 1) + " av " +
                   std::to_string(head.tree_size) + " (indeks " + std::to_string(index) + ")."});
  } else {
    v.checks.push_back({false, included.message() + "."});
  }
}

// Where a pasted statement sits in the log: the entry about its subject with the same bytes.
std::optional<std::uint64_t> FindInLog(app::TransparencyLog& log, const json& statement) {
  auto leaf = trust::StatementLeaf(statement);
  if (!leaf.ok() || !statement.is_object() || !statement.contains("payload")) return std::nullopt;
  const json& subject = statement["payload"].value("subject", json());
  if (!subject.is_string()) return std::nullopt;
  auto entries = log.EntriesFor(subject.get<std::string>());
  if (!entries.ok()) return std::nullopt;
  for (const app::LogEntry& entry : *entries) {
    if (entry.leaf == *leaf) return entry.index;
  }
  return std::nullopt;
}

std::string ChecksHtml(const WebContext& c, const Verification& v) {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(c.services.clock.Now().time_since_epoch())
          .count();
  std::string html = "<h2 class=\"ds-heading\" data-size=\"md\" id=\"resultat\">Resultat</h2>\n";
  std::string summary = v.passed() ? "Alt som er kontrollert, er i orden."
                                   : "Kontrollen fant feil. Ikke stol på dette utsagnet.";
  std::string inner = "<p class=\"ds-paragraph\"><strong>" + Escape(summary) +
                      "</strong></p>\n<p class=\"ds-paragraph\">Kontrollert " +
                      Escape(ReadableTime(IsoTimestamp(now))) + ":</p>\n<ul>\n";
  for (const Check& check : v.checks) {
    inner += "<li><strong>" + std::string(check.passed ? "Gyldig: " : "Feil: ") + "</strong>" +
             Escape(check.text) + "</li>\n";
  }
  return html + AlertHtml(inner + "</ul>\n", v.passed() ? "success" : "danger");
}

std::string PayloadHtml(const json& payload) {
  if (!payload.is_object()) return "";
  auto text = [](const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
  };
  std::vector<std::pair<std::string, std::string>> rows;
  if (payload.contains("type")) rows.emplace_back("Hva", Escape(TypeLabel(text(payload["type"]))));
  if (payload.contains("subject")) rows.emplace_back("Gjelder", Escape(text(payload["subject"])));
  if (payload.contains("issued_at")) {
    rows.emplace_back("Utstedt", Escape(ReadableTime(text(payload["issued_at"]))));
  }
  for (auto it = payload.begin(); it != payload.end(); ++it) {
    if (it.key() == "type" || it.key() == "subject" || it.key() == "issued_at") continue;
    rows.emplace_back(it.key(), Escape(text(it.value())));
  }
  return "<h2 class=\"ds-heading\" data-size=\"md\">Hva utsagnet sier</h2>\n" + Facts(rows);
}

std::string DownloadsHtml(std::uint64_t index) {
  const std::string n = std::to_string(index);
  const std::string statement_file = "helsekrav-utsagn-" + n + ".json";
  const std::string proof_file = "helsekrav-bevis-" + n + ".json";
  std::string html = "<h2 class=\"ds-heading\" data-size=\"md\">Kontroller selv</h2>\n";
  html += Paragraph(
      "Last ned utsagnet, beviset og nøklene, og kjør kommandoen under. Den gjør de samme "
      "kontrollene uten å stole på denne nettsiden. Behold nøkkelfilen: da merker du det om "
      "nøklene som publiseres, senere blir byttet ut.");
  html += "<ul>\n<li>" +
          Link("/api/v1/log/entries/" + n + "?download=1", "Utsagnet (" + statement_file + ")");
  html += "</li>\n<li>" +
          Link("/api/v1/log/entries/" + n + "/proof?download=1", "Beviset (" + proof_file + ")");
  html += "</li>\n<li>" +
          Link("/.well-known/helsekrav-keys.json?download=1",
               "Nøklene til helsekrav (helsekrav-nokler.json)") +
          "</li>\n</ul>\n";
  html += "<pre><code>" +
          Escape("helsekrav verify " + statement_file + " --keys helsekrav-nokler.json --proof " +
                 proof_file) +
          "</code></pre>\n";
  return html;
}

std::string FormsHtml(const WebContext& c, const std::string& index_value,
                      const std::string& pasted, const std::vector<FieldError>& errors) {
  std::string html = ErrorSummary(errors);
  html += "<h2 class=\"ds-heading\" data-size=\"md\">Kontroller en oppføring i loggen</h2>\n";
  html += "<form class=\"hk-form\" method=\"get\" action=\"" + std::string(kVerifyPath) + "\">\n";
  html +=
      TextField(kIndexField, "Indeks i loggen", index_value, ErrorFor(errors, kIndexField), "text",
                "Tallet fra lenken eller filnavnet, for eksempel 17 i "
                "helsekrav-utsagn-17.json. Den første oppføringen har indeks 0.");
  html += SubmitButton("Kontroller oppføringen") + "</form>\n";
  html += "<h2 class=\"ds-heading\" data-size=\"md\">Kontroller et utsagn du har fått</h2>\n";
  html += "<form class=\"hk-form\" method=\"post\" action=\"" + std::string(kVerifyPath) + "\">\n" +
          CsrfInput(c.csrf_token);
  html += TextArea(kStatementField, "Utsagnet (JSON)", pasted, ErrorFor(errors, kStatementField),
                   "Lim inn hele innholdet i utsagnsfilen, med «payload» og «signature».", 8);
  return html + SubmitButton("Kontroller utsagnet", "secondary") + "</form>\n";
}

std::string IntroHtml() {
  return Paragraph(
      "Hver godkjenning og hvert merke helsekrav utsteder, blir et signert utsagn i en "
      "offentlig logg som bare kan utvides. Her kan du kontrollere at et utsagn er signert av "
      "helsekrav, og at det står i loggen uendret.");
}

http::Response Render(const WebContext& c, const std::string& body, int status = 200) {
  PageContext page;
  page.title = kTitle;
  page.breadcrumbs = {{"Forside", "/"}, {kTitle, ""}};
  page.last_changed = c.catalog.today();
  page.current_path = kVerifyPath;
  http::Response r = RenderPage(page, body, status);
  r.cache_control = "no-store";
  return r;
}

std::string ResultHtml(const WebContext& c, const Verification& v) {
  std::string html = ChecksHtml(c, v) + PayloadHtml(v.payload);
  if (v.index) html += DownloadsHtml(*v.index);
  return html;
}

http::Response ByIndex(const WebContext& c, app::TransparencyLog& log, const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 9 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    std::vector<FieldError> errors = {
        {kIndexField, "Indeksen må være et helt tall, 0 eller større, for eksempel 17."}};
    return Render(c, IntroHtml() + FormsHtml(c, text, "", errors), 422);
  }
  const std::uint64_t index = std::stoull(text);
  auto entry = log.Entry(index);
  if (!entry.ok()) {
    if (entry.status().code() != StatusCode::kNotFound) return StatusPage(c, entry.status());
    std::vector<FieldError> errors = {{kIndexField, entry.status().message()}};
    return Render(c, IntroHtml() + FormsHtml(c, text, "", errors), 404);
  }
  const auto keys = log.keyring().PublicKeys();
  Verification v;
  CheckSignature(entry->statement, keys, v);
  CheckInclusion(log, entry->statement, index, keys, v);
  return Render(c, ResultHtml(c, v) + FormsHtml(c, text, "", {}));
}

http::Response ByStatement(const WebContext& c, app::TransparencyLog& log) {
  http::Response error;
  auto form = ReadForm(c, error);
  if (!form) return error;
  const std::string pasted = form->Get(kStatementField);
  json statement = json::parse(pasted, nullptr, false);
  if (pasted.empty() || statement.is_discarded()) {
    std::vector<FieldError> errors = {
        {kStatementField, pasted.empty() ? "Lim inn utsagnet du vil kontrollere."
                                         : "Teksten er ikke gyldig JSON. Lim inn hele filen."}};
    return Render(c, IntroHtml() + FormsHtml(c, "", pasted, errors), 422);
  }
  const auto keys = log.keyring().PublicKeys();
  Verification v;
  CheckSignature(statement, keys, v);
  if (auto index = FindInLog(log, statement)) {
    CheckInclusion(log, statement, *index, keys, v);
  } else {
    v.checks.push_back({false, "Utsagnet finnes ikke i loggen til helsekrav."});
  }
  return Render(c, ResultHtml(c, v) + FormsHtml(c, "", pasted, {}));
}

}  // namespace

std::optional<http::Response> HandleVerifyPage(const WebContext& context) {
  if (context.request.path != kVerifyPath) return std::nullopt;
  app::TransparencyLog* log = context.services.log;
  if (log == nullptr) {
    return StatusPage(context,
                      Status::Unavailable("Transparensloggen er ikke tilgjengelig på denne "
                                          "serveren."));
  }
  if (context.request.method == "POST") return ByStatement(context, *log);
  const std::string index = Param(context.request, kIndexField);
  if (context.request.query.count(kIndexField) > 0) return ByIndex(context, *log, index);
  return Render(context, IntroHtml() + FormsHtml(context, "", "", {}));
}

}  // namespace helsekrav::web
