// WebhookService: the stored documents and the administration of webhooks (create, list,
// delete, rotate the secret, list and replay deliveries). Sending is in webhooks_dispatch.cc.
#include "app/webhooks.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include "app/accounts.h"
#include "app/registry_internal.h"
#include "app/webhooks_internal.h"
#include "core/uuid.h"
#include "domain/webhook_rules.h"

namespace helsekrav::app {

using domain::Permission;
using internal::Seconds;
using internal::WriteSet;
using webhooks_internal::Json;

namespace webhooks_internal {
namespace {

template <typename T>
T Get(const Json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const Json::exception&) {
    return fallback;
  }
}

Result<Json> ParseObject(const std::string& doc, const char* what) {
  Json j = Json::parse(doc, nullptr, false);
  if (!j.is_object()) return Status::Internal(std::string("stored ") + what + " is not an object");
  return j;
}

DeliveryStatus ParseStatus(const std::string& name) {
  for (DeliveryStatus s : {DeliveryStatus::kPending, DeliveryStatus::kDelivered,
                           DeliveryStatus::kFailed, DeliveryStatus::kCancelled}) {
    if (name == DeliveryStatusName(s)) return s;
  }
  return DeliveryStatus::kPending;
}

}  // namespace

Json WebhookDoc(const StoredWebhook& stored) {
  const Webhook& h = stored.hook;
  return Json{{"id", h.id},
              {"org_id", h.org_id},
              {"url", h.url},
              {"description", h.description},
              {"event_types", h.event_types},
              {"created_at", h.created_at},
              {"secret_rotated_at", h.secret_rotated_at},
              {"from_seq", h.from_seq},
              {"secret", stored.secret}};
}

Result<StoredWebhook> ParseWebhook(const std::string& doc) {
  auto j = ParseObject(doc, "webhook");
  if (!j.ok()) return j.status();
  StoredWebhook out;
  out.hook.id = Get<std::string>(*j, "id", "");
  out.hook.org_id = Get<std::string>(*j, "org_id", "");
  out.hook.url = Get<std::string>(*j, "url", "");
  out.hook.description = Get<std::string>(*j, "description", "");
  out.hook.event_types = Get<std::vector<std::string>>(*j, "event_types", {});
  out.hook.created_at = Get<std::int64_t>(*j, "created_at", 0);
  out.hook.secret_rotated_at = Get<std::int64_t>(*j, "secret_rotated_at", 0);
  out.hook.from_seq = Get<std::int64_t>(*j, "from_seq", 0);
  out.secret = Get<std::string>(*j, "secret", "");
  return out;
}

Json DeliveryDoc(const WebhookDelivery& d) {
  Json attempts = Json::array();
  for (const WebhookAttempt& a : d.attempts) {
    attempts.push_back(
        {{"at", a.at}, {"status", a.status}, {"error", a.error}, {"duration_ms", a.duration_ms}});
  }
  Json event = Json::parse(d.event, nullptr, false);
  return Json{{"id", d.id},
              {"webhook_id", d.webhook_id},
              {"org_id", d.org_id},
              {"event_seq", d.event_seq},
              {"event_type", d.event_type},
              {"event", event.is_discarded() ? Json::object() : event},
              {"status", DeliveryStatusName(d.status)},
              {"attempts", std::move(attempts)},
              {"next_attempt_at", d.next_attempt_at},
              {"created_at", d.created_at},
              {"replay_of", d.replay_of}};
}

Result<WebhookDelivery> ParseDelivery(const std::string& doc) {
  auto j = ParseObject(doc, "webhook delivery");
  if (!j.ok()) return j.status();
  WebhookDelivery d;
  d.id = Get<std::string>(*j, "id", "");
  d.webhook_id = Get<std::string>(*j, "webhook_id", "");
  d.org_id = Get<std::string>(*j, "org_id", "");
  d.event_seq = Get<std::int64_t>(*j, "event_seq", 0);
  d.event_type = Get<std::string>(*j, "event_type", "");
  d.event = j->contains("event") ? (*j)["event"].dump() : "{}";
  d.status = ParseStatus(Get<std::string>(*j, "status", ""));
  if (auto it = j->find("attempts"); it != j->end() && it->is_array()) {
    for (const Json& a : *it) {
      d.attempts.push_back({Get<std::int64_t>(a, "at", 0), Get<int>(a, "status", 0),
                            Get<std::string>(a, "error", ""),
                            Get<std::int64_t>(a, "duration_ms", 0)});
    }
  }
  d.next_attempt_at = Get<std::int64_t>(*j, "next_attempt_at", 0);
  d.created_at = Get<std::int64_t>(*j, "created_at", 0);
  d.replay_of = Get<std::string>(*j, "replay_of", "");
  return d;
}

store::Entity DeliveryEntity(const WebhookDelivery& d, bool original) {
  store::Entity e;
  e.kind = kDeliveryKind;
  e.id = d.id;
  e.owner_org = d.org_id;
  e.parent_id = d.webhook_id;
  // Two servers dispatching the same event to the same webhook: only one insert succeeds.
  if (original) e.unique_key = d.webhook_id + "/" + std::to_string(d.event_seq);
  e.created_at = d.created_at;
  e.updated_at = d.created_at;
  e.expires_at = d.created_at + kDeliveryRetention;
  e.doc = DeliveryDoc(d).dump();
  return e;
}

store::Entity PendingEntity(const WebhookDelivery& d, std::int64_t lease_until) {
  store::Entity e;
  e.kind = kPendingKind;
  e.id = d.id;
  e.owner_org = d.org_id;
  e.parent_id = d.webhook_id;
  e.created_at = d.created_at;
  e.updated_at = d.created_at;
  e.doc = Json{{"next_attempt_at", d.next_attempt_at}, {"lease_until", lease_until}}.dump();
  return e;
}

WebhookDelivery NewDelivery(const Webhook& hook, std::int64_t event_seq,
                            const std::string& event_type, const std::string& event,
                            std::int64_t now) {
  WebhookDelivery d;
  d.id = Uuid::Random().ToString();
  d.webhook_id = hook.id;
  d.org_id = hook.org_id;
  d.event_seq = event_seq;
  d.event_type = event_type;
  d.event = event;
  d.status = DeliveryStatus::kPending;
  d.next_attempt_at = now;
  d.created_at = now;
  return d;
}

}  // namespace webhooks_internal

using namespace webhooks_internal;

const char* DeliveryStatusName(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kDelivered:
      return "delivered";
    case DeliveryStatus::kFailed:
      return "failed";
    case DeliveryStatus::kCancelled:
      return "cancelled";
  }
  return "pending";
}

const char* DeliveryStatusLabel(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending:
      return "Venter";
    case DeliveryStatus::kDelivered:
      return "Levert";
    case DeliveryStatus::kFailed:
      return "Mislyktes";
    case DeliveryStatus::kCancelled:
      return "Avbrutt";
  }
  return "Venter";
}

std::string WebhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body) {
  if (sodium_init() < 0) return "";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  std::string message = timestamp + "." + body;
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hex(sizeof mac * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac, sizeof mac);
  hex.pop_back();
  return hex;
}

WebhookService::WebhookService(store::Store& store, const Clock& clock, RegistryService& registry,
                               WebhookSender& sender, bool allow_http_loopback)
    : store_(store),
      clock_(clock),
      registry_(registry),
      sender_(sender),
      allow_http_loopback_(allow_http_loopback) {}

namespace {

constexpr char kNotFound[] = "Fant ikke webhooken.";

Status Validate(const WebhookRequestBody& request, bool allow_http_loopback) {
  HK_RETURN_IF_ERROR(domain::ValidateWebhookUrl(request.url, allow_http_loopback));
  HK_RETURN_IF_ERROR(domain::ValidateWebhookEventTypes(request.event_types));
  return domain::ValidateWebhookDescription(request.description);
}

WriteSet Unversioned() {
  WriteSet writes;
  writes.bump_revision = false;  // webhooks are not part of the register's view
  return writes;
}

}  // namespace

Result<store::Entity> WebhookService::ReadWebhook(const domain::Actor& actor, Permission permission,
                                                  const std::string& id) {
  auto entity = id.empty() ? Result<std::optional<store::Entity>>(std::nullopt)
                           : store_.FindEntity(kWebhookKind, id, Seconds(clock_));
  if (!entity.ok()) return entity.status();
  if (!entity->has_value()) {
    HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, ""));
    return Status::NotFound(kNotFound);
  }
  HK_RETURN_IF_ERROR(domain::Authorize(actor, permission, (*entity)->owner_org));
  return std::move(**entity);
}

Result<std::pair<Webhook, std::string>> WebhookService::Create(const domain::Actor& actor,
                                                               const WebhookRequestBody& request) {
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kManageWebhooks, actor.org_id));
  HK_RETURN_IF_ERROR(Validate(request, allow_http_loopback_));
  std::int64_t now = Seconds(clock_);
  auto existing = store_.ListEntitiesByParent(kWebhookKind, actor.org_id, now);
  if (!existing.ok()) return existing.status();
  if (existing->size() >= domain::kMaxWebhooksPerOrg) {
    return Status::Invalid("url", "Virksomheten har allerede " +
                                      std::to_string(domain::kMaxWebhooksPerOrg) +
                                      " webhooker; slett en før du registrerer en ny");
  }
  store::EventQuery newest;
  newest.limit = 1;
  auto events = store_.ListEvents(newest);
  if (!events.ok()) return events.status();

  StoredWebhook stored;
  Webhook& hook = stored.hook;
  hook.id = Uuid::Random().ToString();
  hook.org_id = actor.org_id;
  hook.url = request.url;
  hook.description = request.description;
  hook.event_types = request.event_types;
  hook.created_at = now;
  hook.from_seq = events->empty() ? 0 : events->front().seq;
  stored.secret = RandomToken();

  store::Entity entity;
  entity.kind = kWebhookKind;
  entity.id = hook.id;
  entity.owner_org = hook.org_id;
  entity.parent_id = hook.org_id;  // lists an organisation's webhooks by parent
  entity.created_at = entity.updated_at = now;
  entity.doc = WebhookDoc(stored).dump();
  WriteSet writes = Unversioned();
  writes.inserts.push_back(std::move(entity));
  writes.Event(actor, now, hook.org_id, kWebhookKind, hook.id, "created",
               Json{{"url", hook.url}, {"event_types", hook.event_types}});
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  return std::make_pair(hook, stored.secret);
}

Result<std::vector<Webhook>> WebhookService::List(const domain::Actor& actor) {
  HK_RETURN_IF_ERROR(domain::Authorize(actor, Permission::kViewOrgEvents, actor.org_id));
  auto entities = store_.ListEntitiesByParent(kWebhookKind, actor.org_id, Seconds(clock_));
  if (!entities.ok()) return entities.status();
  std::vector<Webhook> out;
  for (const store::Entity& e : *entities) {
    auto stored = ParseWebhook(e.doc);
    if (!stored.ok()) return stored.status();
    out.push_back(std::move(stored->hook));
  }
  return out;
}

Result<Webhook> WebhookService::Get(const domain::Actor& actor, const std::string& id) {
  auto entity = ReadWebhook(actor, Permission::kViewOrgEvents, id);
  if (!entity.ok()) return entity.status();
  auto stored = ParseWebhook(entity->doc);
  if (!stored.ok()) return stored.status();
  return std::move(stored->hook);
}

Status WebhookService::Delete(const domain::Actor& actor, const std::string& id) {
  auto entity = ReadWebhook(actor, Permission::kManageWebhooks, id);
  if (!entity.ok()) return entity.status();
  std::int64_t now = Seconds(clock_);
  auto pending = store_.ListEntitiesByParent(kPendingKind, id, now);
  if (!pending.ok()) return pending.status();
  auto stored = ParseWebhook(entity->doc);
  WriteSet writes = Unversioned();
  writes.deletes.emplace_back(kWebhookKind, id);
  for (const store::Entity& p : *pending) writes.deletes.emplace_back(kPendingKind, p.id);
  writes.Event(actor, now, entity->owner_org, kWebhookKind, id, "deleted",
               Json{{"url", stored.ok() ? stored->hook.url : ""},
                    {"cancelled_deliveries", pending->size()}});
  return internal::Apply(store_, writes);
}

Result<std::string> WebhookService::RotateSecret(const domain::Actor& actor,
                                                 const std::string& id) {
  auto entity = ReadWebhook(actor, Permission::kManageWebhooks, id);
  if (!entity.ok()) return entity.status();
  auto stored = ParseWebhook(entity->doc);
  if (!stored.ok()) return stored.status();
  std::int64_t now = Seconds(clock_);
  stored->secret = RandomToken();
  stored->hook.secret_rotated_at = now;
  store::Entity updated = *entity;
  updated.updated_at = internal::NextUpdatedAt(now, entity->updated_at);
  updated.doc = WebhookDoc(*stored).dump();
  WriteSet writes = Unversioned();
  writes.updates.emplace_back(std::move(updated), entity->revision);
  writes.Event(actor, now, entity->owner_org, kWebhookKind, id, "secret_rotated", Json::object());
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  return stored->secret;
}

Result<std::vector<WebhookDelivery>> WebhookService::Deliveries(const domain::Actor& actor,
                                                                const std::string& webhook_id,
                                                                int limit) {
  auto entity = ReadWebhook(actor, Permission::kViewOrgEvents, webhook_id);
  if (!entity.ok()) return entity.status();
  auto rows = store_.ListEntitiesByParent(kDeliveryKind, webhook_id, Seconds(clock_));
  if (!rows.ok()) return rows.status();
  std::vector<WebhookDelivery> out;
  for (auto it = rows->rbegin(); it != rows->rend() && static_cast<int>(out.size()) < limit; ++it) {
    auto d = ParseDelivery(it->doc);
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  return out;
}

Result<WebhookDelivery> WebhookService::Replay(const domain::Actor& actor,
                                               const std::string& webhook_id,
                                               const std::string& delivery_id) {
  auto entity = ReadWebhook(actor, Permission::kManageWebhooks, webhook_id);
  if (!entity.ok()) return entity.status();
  std::int64_t now = Seconds(clock_);
  auto row = store_.FindEntity(kDeliveryKind, delivery_id, now);
  if (!row.ok()) return row.status();
  if (!row->has_value() || (*row)->parent_id != webhook_id) {
    return Status::NotFound("Fant ikke leveringen.");
  }
  auto original = ParseDelivery((*row)->doc);
  auto stored = ParseWebhook(entity->doc);
  if (!original.ok()) return original.status();
  if (!stored.ok()) return stored.status();
  WebhookDelivery replay =
      NewDelivery(stored->hook, original->event_seq, original->event_type, original->event, now);
  replay.replay_of = original->id;
  WriteSet writes = Unversioned();
  writes.inserts.push_back(DeliveryEntity(replay, false));
  writes.inserts.push_back(PendingEntity(replay, 0));
  writes.Event(actor, now, entity->owner_org, kWebhookKind, webhook_id, "delivery_replayed",
               Json{{"delivery", replay.id}, {"replay_of", original->id}});
  HK_RETURN_IF_ERROR(internal::Apply(store_, writes));
  return replay;
}

}  // namespace helsekrav::app
