#pragma once
// Helpers shared by the files that implement WebhookService (webhooks.cc: administration;
// webhooks_dispatch.cc: turning events into deliveries and sending them): the stored documents
// and their entity kinds. Not part of the service's contract; nothing outside
// src/app/webhooks*.cc includes this.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "app/webhooks.h"
#include "core/status.h"
#include "store/store.h"

namespace helsekrav::app::webhooks_internal {

using Json = nlohmann::ordered_json;

inline constexpr char kWebhookKind[] = "webhook";
inline constexpr char kDeliveryKind[] = "webhook_delivery";
inline constexpr char kPendingKind[] = "webhook_pending";
inline constexpr char kCursorKind[] = "webhook_cursor";
inline constexpr char kCursorId[] = "events";

// A webhook as stored, with its secret.
struct StoredWebhook {
  Webhook hook;
  std::string secret;
};

Json WebhookDoc(const StoredWebhook& stored);
Result<StoredWebhook> ParseWebhook(const std::string& doc);
Json DeliveryDoc(const WebhookDelivery& delivery);
Result<WebhookDelivery> ParseDelivery(const std::string& doc);

store::Entity DeliveryEntity(const WebhookDelivery& delivery, bool original);
// The queue entry of a pending delivery.
store::Entity PendingEntity(const WebhookDelivery& delivery, std::int64_t lease_until);
// A new pending delivery of `event` (the event's JSON) to `hook`, due at `now`.
WebhookDelivery NewDelivery(const Webhook& hook, std::int64_t event_seq,
                            const std::string& event_type, const std::string& event,
                            std::int64_t now);

}  // namespace helsekrav::app::webhooks_internal
