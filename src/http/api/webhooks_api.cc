// /api/v1/webhooks…: thin mapping of app::WebhookService to JSON; app/ decides who may do what.
#include "http/api/webhooks_api.h"

#include <set>

#include "app/webhooks.h"
#include "core/date.h"
#include "http/api/registry_common.h"

namespace helsekrav::http::api {
namespace {

domain::Actor ActorOf(const ApiContext& c) {
  return c.principal != nullptr ? c.principal->actor : domain::Actor{};
}

Json TimeOrNull(std::int64_t unix_seconds) {
  return unix_seconds == 0 ? Json() : Json(IsoTimestamp(unix_seconds));
}

std::string SelfOf(const std::string& id) { return "/api/v1/webhooks/" + id; }

Json WebhookJson(const app::Webhook& w) {
  return Json{{"id", w.id},
              {"url", w.url},
              {"description", w.description},
              {"event_types", w.event_types},
              {"created_at", IsoTimestamp(w.created_at)},
              {"secret_rotated_at", TimeOrNull(w.secret_rotated_at)},
              {"links", {{"self", SelfOf(w.id)}, {"deliveries", SelfOf(w.id) + "/deliveries"}}}};
}

Json DeliveryJson(const app::WebhookDelivery& d) {
  Json attempts = Json::array();
  for (const app::WebhookAttempt& a : d.attempts) {
    attempts.push_back({{"at", IsoTimestamp(a.at)},
                        {"status", a.status == 0 ? Json() : Json(a.status)},
                        {"error", a.error.empty() ? Json() : Json(a.error)},
                        {"duration_ms", a.duration_ms}});
  }
  Json event = Json::parse(d.event, nullptr, false);
  std::string self = SelfOf(d.webhook_id) + "/deliveries/" + d.id;
  return Json{{"id", d.id},
              {"webhook_id", d.webhook_id},
              {"event_type", d.event_type},
              {"event_seq", d.event_seq},
              {"status", app::DeliveryStatusName(d.status)},
              {"attempts", std::move(attempts)},
              {"next_attempt_at", TimeOrNull(d.next_attempt_at)},
              {"created_at", IsoTimestamp(d.created_at)},
              {"replay_of", d.replay_of.empty() ? Json() : Json(d.replay_of)},
              {"data", event.is_discarded() ? Json::object() : event},
              {"links", {{"replay", self + "/replay"}}}};
}

Response Items(const ApiContext& c, Json items) {
  Json j{{"items", std::move(items)}, {"links", {{"self", c.request.target}}}};
  Response r = JsonOk(j);
  r.cache_control = kPrivateCache;
  return r;
}

// The request body of POST /webhooks; Invalid naming the field when it has the wrong shape.
Result<app::WebhookRequestBody> ReadBody(const Json& body) {
  static const std::set<std::string> kFields = {"url", "description", "event_types"};
  for (const auto& [name, value] : body.items()) {
    if (kFields.count(name) == 0) return Status::Invalid(name, "Ukjent felt");
  }
  app::WebhookRequestBody out;
  if (body.contains("url")) {
    if (!body["url"].is_string()) return Status::Invalid("url", "Må være en tekst");
    out.url = body["url"].get<std::string>();
  }
  if (body.contains("description")) {
    if (!body["description"].is_string()) return Status::Invalid("description", "Må være en tekst");
    out.description = body["description"].get<std::string>();
  }
  if (body.contains("event_types")) {
    if (!body["event_types"].is_array()) {
      return Status::Invalid("event_types", "Må være en liste med hendelsestyper");
    }
    for (std::size_t i = 0; i < body["event_types"].size(); ++i) {
      const Json& t = body["event_types"][i];
      if (!t.is_string()) {
        return Status::Invalid("event_types[" + std::to_string(i) + "]", "Må være en tekst");
      }
      out.event_types.push_back(t.get<std::string>());
    }
  }
  return out;
}

Response CreateWebhook(const ApiContext& c, app::WebhookService& service) {
  if (auto denied = RequireWriter(c)) return *denied;
  Json body;
  if (auto bad = ReadJsonObject(c.request, body)) return *bad;
  auto request = ReadBody(body);
  if (!request.ok()) return StatusProblem(request.status(), c.request);
  auto created = service.Create(c.principal->actor, *request);
  if (!created.ok()) return StatusProblem(created.status(), c.request);
  Json j = WebhookJson(created->first);
  j["secret"] = created->second;
  return Created(j, SelfOf(created->first.id));
}

Response ListWebhooks(const ApiContext& c, app::WebhookService& service) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  auto hooks = service.List(ActorOf(c));
  if (!hooks.ok()) return StatusProblem(hooks.status(), c.request);
  Json items = Json::array();
  for (const app::Webhook& w : *hooks) items.push_back(WebhookJson(w));
  return Items(c, std::move(items));
}

Response GetWebhook(const ApiContext& c, app::WebhookService& service, const std::string& id) {
  if (auto bad = RejectQuery(c.request)) return *bad;
  auto hook = service.Get(ActorOf(c), id);
  if (!hook.ok()) return StatusProblem(hook.status(), c.request);
  Response r = JsonOk(WebhookJson(*hook));
  r.cache_control = kPrivateCache;
  return r;
}

Response DeleteWebhook(const ApiContext& c, app::WebhookService& service, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  Status s = service.Delete(c.principal->actor, id);
  return s.ok() ? NoContent() : StatusProblem(s, c.request);
}

Response RotateSecret(const ApiContext& c, app::WebhookService& service, const std::string& id) {
  if (auto denied = RequireWriter(c)) return *denied;
  auto secret = service.RotateSecret(c.principal->actor, id);
  if (!secret.ok()) return StatusProblem(secret.status(), c.request);
  return MutationOk(Json{{"id", id}, {"secret", *secret}});
}

Response ListDeliveries(const ApiContext& c, app::WebhookService& service, const std::string& id) {
  QueryParams params(c.request, {"limit"});
  int limit = params.Int("limit", 100, 1, 500);
  if (!params.ok()) return params.Error();
  auto deliveries = service.Deliveries(ActorOf(c), id, limit);
  if (!deliveries.ok()) return StatusProblem(deliveries.status(), c.request);
  Json items = Json::array();
  for (const app::WebhookDelivery& d : *deliveries) items.push_back(DeliveryJson(d));
  return Items(c, std::move(items));
}

Response ReplayDelivery(const ApiContext& c, app::WebhookService& service, const std::string& id,
                        const std::string& delivery) {
  if (auto denied = RequireWriter(c)) return *denied;
  auto replay = service.Replay(c.principal->actor, id, delivery);
  if (!replay.ok()) return StatusProblem(replay.status(), c.request);
  return Created(DeliveryJson(*replay), SelfOf(id) + "/deliveries");
}

}  // namespace

const std::vector<MutationRoute>& WebhookApiMutations() {
  static const std::vector<MutationRoute> routes = {
      {"POST", "/api/v1/webhooks"},
      {"DELETE", "/api/v1/webhooks/{webhook}"},
      {"POST", "/api/v1/webhooks/{webhook}/rotate-secret"},
      {"POST", "/api/v1/webhooks/{webhook}/deliveries/{delivery}/replay"},
  };
  return routes;
}

Response HandleWebhooksApi(const ApiContext& c, const std::vector<std::string>& s) {
  if (c.services.webhooks == nullptr) {
    return StatusProblem(Status::Unavailable("Webhooker er ikke slått på i denne tjenesten."),
                         c.request);
  }
  app::WebhookService& service = *c.services.webhooks;
  if (s.size() == 1) {
    return Serve(c, {{"GET", [&] { return ListWebhooks(c, service); }},
                     {"POST", [&] { return CreateWebhook(c, service); }}});
  }
  const std::string& id = s[1];
  if (s.size() == 2) {
    return Serve(c, {{"GET", [&] { return GetWebhook(c, service, id); }},
                     {"DELETE", [&] { return DeleteWebhook(c, service, id); }}});
  }
  if (s.size() == 3 && s[2] == "rotate-secret") {
    return Serve(c, {{"POST", [&] { return RotateSecret(c, service, id); }}});
  }
  if (s.size() == 3 && s[2] == "deliveries") {
    return Serve(c, {{"GET", [&] { return ListDeliveries(c, service, id); }}});
  }
  if (s.size() == 5 && s[2] == "deliveries" && s[4] == "replay") {
    return Serve(c, {{"POST", [&] { return ReplayDelivery(c, service, id, s[3]); }}});
  }
  return NotFoundIn("Ressursen", c.request);
}

}  // namespace helsekrav::http::api
