// /min-side/webhooker: register, rotate and delete webhooks, and follow their deliveries.
#include "web/webhook_pages.h"

#include <string>

#include "app/webhooks.h"
#include "domain/webhook_rules.h"
#include "http/form.h"
#include "web/forms.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/workspace_common.h"

namespace helsekrav::web {
namespace {

using http::Response;

constexpr char kBase[] = "/min-side/webhooker";

std::string HookPath(const std::string& id) {
  return std::string(kBase) + "/" + http::PercentEncode(id);
}

std::string FormStart(const WebContext& c, const std::string& action) {
  return "<form class=\"hk-form\" method=\"post\" action=\"" + Escape(action) + "\">\n" +
         CsrfInput(c.csrf_token);
}

Response Page(const PageContext& page, const std::string& body, int status = 200) {
  Response r = RenderPage(page, body, status);
  r.cache_control = "no-store";  // secrets and private deliveries
  return r;
}

std::string TypeLabel(const std::string& type) {
  for (const domain::WebhookEventType& t : domain::WebhookEventTypes()) {
    if (t.type == type) return t.label;
  }
  return type;
}

std::string TypeList(const std::vector<std::string>& types) {
  std::string html = "<ul class=\"hk-plain-list\">";
  for (const std::string& t : types) html += "<li>" + Escape(TypeLabel(t)) + "</li>";
  return html + "</ul>";
}

std::string SecretAlert(const std::string& secret) {
  return AlertHtml(
      "<p class=\"ds-paragraph\">Dette er hemmeligheten webhooken signerer varslene med. Kopier "
      "den nå og lagre den i mottakersystemet: den vises bare denne ene gangen. Mister du den, "
      "må du lage en ny.</p>\n<p class=\"ds-paragraph\"><code class=\"hk-token\">" +
          Escape(secret) +
          "</code></p>\n<p class=\"ds-paragraph\">Mottakeren kontrollerer signaturen i "
          "<code>X-Helsekrav-Signature</code> med denne hemmeligheten (se "
          "dokumentasjonen om webhooker).</p>\n",
      "success");
}

struct RegisterForm {
  app::WebhookRequestBody values;
  std::vector<FieldError> errors;
};

std::string RegisterSection(const WebContext& c, const RegisterForm& form) {
  std::vector<Option> options;
  for (const domain::WebhookEventType& t : domain::WebhookEventTypes()) {
    options.push_back({t.type, t.label, t.type});
  }
  return Heading(2, "Registrer en webhook") + FormStart(c, kBase) +
         TextField("url", "Adresse", form.values.url, ErrorFor(form.errors, "url"), "url",
                   "Må begynne med https://. Vi sender en POST-forespørsel hit for hver hendelse.",
                   "off", true) +
         TextField("description", "Beskrivelse (valgfri)", form.values.description,
                   ErrorFor(form.errors, "description"), "text",
                   "Hva webhooken brukes til, for eksempel «Varsler til journalsystemet».") +
         CheckboxGroup("event_types", "Hendelser", options, form.values.event_types,
                       ErrorFor(form.errors, "event_types"),
                       "Velg hvilke hendelser virksomheten vil bli varslet om.") +
         SubmitButton("Registrer webhook") + "</form>\n";
}

std::string WebhookRow(const WebContext& c, const app::Webhook& w) {
  std::string name = w.description.empty() ? w.url : w.description;
  return "<tr><td>" + Link(HookPath(w.id), w.url) +
         (w.description.empty() ? "" : "<br>" + Escape(w.description)) + "</td><td>" +
         TypeList(w.event_types) + "</td><td>" + Escape(FormatTime(w.created_at)) + "</td><td>" +
         FormStart(c, HookPath(w.id) + "/ny-hemmelighet") +
         "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">Lag ny "
         "hemmelighet <span class=\"ds-sr-only\">for " +
         Escape(name) + "</span></button>\n</form>" + FormStart(c, HookPath(w.id) + "/slett") +
         "<button class=\"ds-button\" data-variant=\"tertiary\" type=\"submit\">Slett <span "
         "class=\"ds-sr-only\">" +
         Escape(name) + "</span></button>\n</form></td></tr>\n";
}

Response ListPage(const WebContext& c, const RegisterForm& form, int status,
                  const std::string& new_secret) {
  if (c.principal == nullptr) return LoginRedirect(c);
  auto hooks = c.services.webhooks->List(c.principal->actor);
  if (!hooks.ok()) return StatusPage(c, hooks.status());
  PageContext page = WorkspaceFrame(c, "Webhooker", {{"Webhooker", ""}});
  std::string body = ErrorSummary(form.errors);
  if (!new_secret.empty()) body += SecretAlert(new_secret);
  if (Param(c.request, "melding") == "slettet") {
    body += Alert("Webhooken er slettet. Varsler som ikke var sendt, blir ikke sendt.", "success");
  }
  body += Paragraph(
      "En webhook varsler virksomhetens egne systemer når noe skjer i registeret, for eksempel "
      "når en godkjenning utstedes eller utløper. Varslene er signert, og de sendes på nytt hvis "
      "mottakeren ikke svarer.");
  if (hooks->empty()) {
    body += Paragraph("Virksomheten har ingen webhooker ennå.");
  } else {
    body +=
        "<table class=\"ds-table\">\n<caption>Virksomhetens webhooker</caption>\n<thead><tr>"
        "<th scope=\"col\">Adresse</th><th scope=\"col\">Hendelser</th><th "
        "scope=\"col\">Registrert</th><th scope=\"col\">Handling</th></tr></thead>\n<tbody>\n";
    for (const app::Webhook& w : *hooks) body += WebhookRow(c, w);
    body += "</tbody>\n</table>\n";
  }
  if (hooks->size() < domain::kMaxWebhooksPerOrg) {
    body += RegisterSection(c, form);
  } else {
    body += Paragraph("Virksomheten har " + std::to_string(domain::kMaxWebhooksPerOrg) +
                      " webhooker, som er det høyeste antallet. Slett en for å registrere en ny.");
  }
  return Page(page, body, status);
}

Response CreatePost(const WebContext& c) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Response error;
  std::optional<http::Form> posted = ReadForm(c, error);
  if (!posted) return error;
  RegisterForm form;
  form.values.url = posted->Get("url");
  form.values.description = posted->Get("description");
  form.values.event_types = posted->GetAll("event_types");
  auto created = c.services.webhooks->Create(c.principal->actor, form.values);
  if (!created.ok()) {
    if (created.status().code() != StatusCode::kInvalid) return StatusPage(c, created.status());
    FieldError e = ToFieldError(created.status());
    // "event_types[2]" → the checkbox group.
    if (e.field.rfind("event_types", 0) == 0) e.field = "event_types";
    form.errors.push_back(e);
    return ListPage(c, form, 422, "");
  }
  return ListPage(c, RegisterForm{}, 200, created->second);
}

Response DeletePost(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  Status s = c.services.webhooks->Delete(c.principal->actor, id);
  if (!s.ok()) return StatusPage(c, s);
  return http::Redirect(std::string(kBase) + "?melding=slettet");
}

Response RotatePost(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  auto secret = c.services.webhooks->RotateSecret(c.principal->actor, id);
  if (!secret.ok()) return StatusPage(c, secret.status());
  return ListPage(c, RegisterForm{}, 200, *secret);
}

std::string AttemptList(const app::WebhookDelivery& d) {
  if (d.attempts.empty()) return "Ingen ennå";
  std::string html = "<ol class=\"hk-plain-list\">";
  for (const app::WebhookAttempt& a : d.attempts) {
    std::string outcome = a.status != 0 ? "HTTP " + std::to_string(a.status) : a.error;
    if (a.status != 0 && !a.error.empty()) outcome += " (" + a.error + ")";
    html += "<li>" + Escape(FormatTime(a.at)) + ": " + Escape(outcome) + ", " +
            std::to_string(a.duration_ms) + " ms</li>";
  }
  return html + "</ol>";
}

std::string StatusTag(app::DeliveryStatus status) {
  const char* color = status == app::DeliveryStatus::kDelivered ? "success"
                      : status == app::DeliveryStatus::kFailed  ? "danger"
                      : status == app::DeliveryStatus::kPending ? "warning"
                                                                : "neutral";
  return Tag(app::DeliveryStatusLabel(status), color);
}

std::string DeliveryRow(const WebContext& c, const app::WebhookDelivery& d) {
  std::string next = d.status == app::DeliveryStatus::kPending
                         ? Escape(FormatTime(d.next_attempt_at))
                         : std::string("–");
  std::string event = Escape(TypeLabel(d.event_type)) + "<br><code>" + Escape(d.event_type) +
                      "</code> nr. " + std::to_string(d.event_seq);
  if (!d.replay_of.empty()) event += "<br>Sendt på nytt";
  return "<tr><td>" + event + "</td><td>" + Escape(FormatTime(d.created_at)) + "</td><td>" +
         StatusTag(d.status) + "</td><td>" + AttemptList(d) + "</td><td>" + next + "</td><td>" +
         FormStart(c, HookPath(d.webhook_id) + "/leveranser/" + http::PercentEncode(d.id) +
                          "/send-paa-nytt") +
         "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">Send på nytt "
         "<span class=\"ds-sr-only\">hendelse nr. " +
         std::to_string(d.event_seq) + "</span></button>\n</form></td></tr>\n";
}

Response DeliveriesPage(const WebContext& c, const std::string& id) {
  if (c.principal == nullptr) return LoginRedirect(c);
  auto hook = c.services.webhooks->Get(c.principal->actor, id);
  if (!hook.ok()) return StatusPage(c, hook.status());
  auto deliveries = c.services.webhooks->Deliveries(c.principal->actor, id);
  if (!deliveries.ok()) return StatusPage(c, deliveries.status());
  PageContext page =
      WorkspaceFrame(c, "Leveranser til webhook", {{"Webhooker", kBase}, {"Leveranser", ""}});
  std::string body;
  if (Param(c.request, "melding") == "sendt-paa-nytt") {
    body += Alert("Hendelsen sendes på nytt i løpet av noen sekunder.", "success");
  }
  body += Facts({{"Adresse", Escape(hook->url)},
                 {"Beskrivelse", Escape(hook->description.empty() ? "–" : hook->description)},
                 {"Hendelser", TypeList(hook->event_types)},
                 {"Registrert", Escape(FormatTime(hook->created_at))},
                 {"Hemmelighet byttet", hook->secret_rotated_at == 0
                                            ? std::string("Aldri")
                                            : Escape(FormatTime(hook->secret_rotated_at))}});
  body += Heading(2, "Leveranser");
  if (deliveries->empty()) {
    body += Paragraph(
        "Ingen leveranser ennå. Når en hendelse webhooken abonnerer på skjer, sendes den hit "
        "i løpet av noen sekunder.");
  } else {
    body += Paragraph(
        "Mislykkede leveranser prøves på nytt etter 30 sekunder, 2 minutter, 8 minutter og så "
        "videre (høyst 6 timer mellom forsøkene), inntil " +
        std::to_string(domain::kMaxWebhookAttempts) + " forsøk.");
    body +=
        "<table class=\"ds-table\">\n<caption>Nyeste leveranser først</caption>\n<thead><tr>"
        "<th scope=\"col\">Hendelse</th><th scope=\"col\">Opprettet</th><th "
        "scope=\"col\">Status</th><th scope=\"col\">Forsøk</th><th scope=\"col\">Neste "
        "forsøk</th><th scope=\"col\">Handling</th></tr></thead>\n<tbody>\n";
    for (const app::WebhookDelivery& d : *deliveries) body += DeliveryRow(c, d);
    body += "</tbody>\n</table>\n";
  }
  return Page(page, body);
}

Response ReplayPost(const WebContext& c, const std::string& id, const std::string& delivery) {
  if (c.principal == nullptr) return LoginRedirect(c);
  auto replay = c.services.webhooks->Replay(c.principal->actor, id, delivery);
  if (!replay.ok()) return StatusPage(c, replay.status());
  return http::Redirect(HookPath(id) + "?melding=sendt-paa-nytt");
}

}  // namespace

const std::vector<FormRoute>& WebhookFormRoutes() {
  static const std::vector<FormRoute> kRoutes = {
      {"POST", "/min-side/webhooker"},
      {"POST", "/min-side/webhooker/{webhook}/slett"},
      {"POST", "/min-side/webhooker/{webhook}/ny-hemmelighet"},
      {"POST", "/min-side/webhooker/{webhook}/leveranser/{delivery}/send-paa-nytt"},
  };
  return kRoutes;
}

std::optional<Response> HandleWebhookPages(const WebContext& c) {
  std::vector<std::string> seg = PathSegments(c.request.path);
  if (seg.size() < 2 || seg[0] != "min-side" || seg[1] != "webhooker") return std::nullopt;
  bool get = c.request.method == "GET" || c.request.method == "HEAD";
  bool post = c.request.method == "POST";
  if (!get && !post) return std::nullopt;
  if (c.principal == nullptr) return LoginRedirect(c);
  if (c.services.webhooks == nullptr) {
    return StatusPage(c, Status::Unavailable("Webhooker er ikke slått på i denne tjenesten."));
  }
  if (seg.size() == 2) return get ? ListPage(c, RegisterForm{}, 200, "") : CreatePost(c);
  if (seg.size() == 3 && get) return DeliveriesPage(c, seg[2]);
  if (seg.size() == 4 && post && seg[3] == "slett") return DeletePost(c, seg[2]);
  if (seg.size() == 4 && post && seg[3] == "ny-hemmelighet") return RotatePost(c, seg[2]);
  if (seg.size() == 6 && post && seg[3] == "leveranser" && seg[5] == "send-paa-nytt") {
    return ReplayPost(c, seg[2], seg[4]);
  }
  return std::nullopt;
}

}  // namespace helsekrav::web
