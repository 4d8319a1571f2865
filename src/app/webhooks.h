#pragma once
// Webhooks: an organisation's administrators register addresses that are told, by a signed
// HTTP POST, when something happens in the register (domain/webhook_rules.h lists the event
// types). docs/webhooks.md describes the payload, headers, signature and retry schedule.
//
// Storage (entities, no tables of their own):
//   "webhook"          owner_org = the organisation; doc holds the signing secret, which is
//                      returned once (at creation and rotation) and never logged.
//   "webhook_delivery" parent_id = the webhook; unique_key "<webhook id>/<event seq>" so two
//                      servers never create the same delivery twice (replays have none); doc
//                      holds the event, status and every attempt. Kept kDeliveryRetention.
//   "webhook_pending"  one per delivery still to be sent (same id as the delivery): the small
//                      queue DeliverDue scans, and the lease that keeps two servers from sending
//                      the same delivery at once. Deleted when the delivery ends.
//   "webhook_cursor"   one row: the newest audit event already turned into deliveries.
//
// Which events a webhook sees: those of its types whose org_id is its organisation, and, for
// approval and label events, those whose subject belongs to its organisation (the supplier,
// or the owner of the product version approved or labelled) — so a supplier hears about
// approvals a body issues to it. Only events after the webhook was created are delivered.
//
// Authorisation: administrators of the owning organisation manage webhooks
// (domain::Permission::kManageWebhooks) and see deliveries (kViewOrgEvents); every change
// writes an audit event (entity_kind "webhook"). Thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "app/registry.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/registry_rules.h"
#include "store/store.h"

namespace helsekrav::app {

namespace internal {
struct WriteSet;
}  // namespace internal

inline constexpr std::int64_t kDeliveryRetention = std::int64_t{30} * 24 * 3600;
// How long a server may take to send a claimed delivery before another may try it.
inline constexpr std::int64_t kDeliveryLeaseSeconds = 120;

// One HTTP POST to a webhook address.
struct WebhookRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct WebhookResult {
  int status = 0;     // the HTTP status; 0 when no response came
  std::string error;  // Norwegian, when no response came (refused address, timeout …)
  std::int64_t duration_ms = 0;
};
// Sends webhook requests (http/webhook_sender.h: libcurl with the address guard). Implementations
// must be thread-safe, not follow redirects and time out.
class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  virtual WebhookResult Post(const WebhookRequest& request) = 0;
};

struct Webhook {
  std::string id;
  std::string org_id;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  std::int64_t created_at = 0;
  std::int64_t secret_rotated_at = 0;
  std::int64_t from_seq = 0;  // events with a larger seq are delivered
};

struct WebhookAttempt {
  std::int64_t at = 0;
  int status = 0;  // HTTP status, 0 when none
  std::string error;
  std::int64_t duration_ms = 0;
};

enum class DeliveryStatus { kPending, kDelivered, kFailed, kCancelled };
// "pending", "delivered", "failed", "cancelled".
const char* DeliveryStatusName(DeliveryStatus status);
// Norwegian: «Venter», «Levert», «Mislyktes», «Avbrutt».
const char* DeliveryStatusLabel(DeliveryStatus status);

struct WebhookDelivery {
  std::string id;
  std::string webhook_id;
  std::string org_id;
  std::int64_t event_seq = 0;
  std::string event_type;
  std::string event;  // the JSON of the event ("data" of the payload)
  DeliveryStatus status = DeliveryStatus::kPending;
  std::vector<WebhookAttempt> attempts;  // oldest first
  std::int64_t next_attempt_at = 0;      // 0 when not pending
  std::int64_t created_at = 0;
  std::string replay_of;  // the delivery this one replays; empty for originals
};

struct WebhookRequestBody {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
};

// hex(HMAC-SHA256(key = secret, message = timestamp + "." + body)): the value after "sha256=" in
// X-Helsekrav-Signature.
std::string WebhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body);

class WebhookService {
 public:
  // With `allow_http_loopback` (tests only), http://127.0.0.1:PORT/… addresses are accepted. All
  // references must outlive the service.
  WebhookService(store::Store& store, const Clock& clock, RegistryService& registry,
                 WebhookSender& sender, bool allow_http_loopback = false);

  // ---- Administration (administrators of the owning organisation) ----
  // The new webhook and its secret (shown once).
  Result<std::pair<Webhook, std::string>> Create(const domain::Actor& actor,
                                                 const WebhookRequestBody& request);
  Result<std::vector<Webhook>> List(const domain::Actor& actor);
  Result<Webhook> Get(const domain::Actor& actor, const std::string& id);
  // Pending deliveries of the webhook are cancelled.
  Status Delete(const domain::Actor& actor, const std::string& id);
  // The new secret (shown once); the old one stops working at once.
  Result<std::string> RotateSecret(const domain::Actor& actor, const std::string& id);
  // Newest first, at most `limit`.
  Result<std::vector<WebhookDelivery>> Deliveries(const domain::Actor& actor,
                                                  const std::string& webhook_id, int limit = 100);
  // A new pending delivery of the same event to the same webhook.
  Result<WebhookDelivery> Replay(const domain::Actor& actor, const std::string& webhook_id,
                                 const std::string& delivery_id);

  // ---- Scheduled (inside serve; safe to run from several processes) ----
  // Turns new audit events into deliveries. Returns how many were created.
  Result<int> Dispatch();
  // Sends every pending delivery that is due (at most `limit`), outside any transaction, and
  // records the outcome. Returns how many attempts were made.
  Result<int> DeliverDue(int limit = 50);

 private:
  Result<store::Entity> ReadWebhook(const domain::Actor& actor, domain::Permission permission,
                                    const std::string& id);
  std::vector<std::string> ConcernedOrgs(const store::EventRecord& event);
  // Adds a delivery (and its queue entry) to `writes` for each webhook each event concerns.
  int AddDeliveries(const std::vector<store::EventRecord>& events,
                    const std::vector<Webhook>& hooks, std::int64_t now,
                    internal::WriteSet& writes);
  Status SendOne(const store::Entity& pending);

  store::Store& store_;
  const Clock& clock_;
  RegistryService& registry_;
  WebhookSender& sender_;
  bool allow_http_loopback_;
};

// Runs Dispatch and DeliverDue every `interval` until `stop` is requested, logging failures.
// For a std::jthread in serve (sending may block for the sender's timeout, so it must not run on
// a request thread).
void RunWebhookWorker(WebhookService& service, const std::stop_token& stop,
                      std::chrono::milliseconds interval);

}  // namespace helsekrav::app
