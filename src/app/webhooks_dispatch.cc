// WebhookService::Dispatch (audit events → deliveries) and DeliverDue (sending, retries), and
// the worker serve runs them on.
#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include "app/registry_internal.h"
#include "app/webhooks.h"
#include "app/webhooks_internal.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/webhook_rules.h"

namespace helsekrav::app {

using internal::Seconds;
using internal::WriteSet;
using namespace webhooks_internal;

namespace {

constexpr int kEventPage = 500;
// A missing seq below the newest event may be a transaction that has not committed yet
// (PostgreSQL hands out sequence numbers before commit); it is looked for again this long.
constexpr std::int64_t kGapWaitSeconds = 120;
constexpr std::size_t kMaxGaps = 100;

struct Cursor {
  std::optional<store::Entity> entity;
  std::int64_t seq = 0;
  std::map<std::int64_t, std::int64_t> gaps;  // seq → look for it until
};

Result<Cursor> ReadCursor(store::Store& store, std::int64_t now) {
  auto found = store.FindEntity(kCursorKind, kCursorId, now);
  if (!found.ok()) return found.status();
  Cursor cursor;
  if (!found->has_value()) return cursor;
  cursor.entity = **found;
  Json doc = Json::parse(cursor.entity->doc, nullptr, false);
  if (!doc.is_object()) return Status::Internal("stored webhook cursor is not an object");
  cursor.seq = doc.value("seq", std::int64_t{0});
  if (auto it = doc.find("gaps"); it != doc.end() && it->is_array()) {
    for (const Json& g : *it) {
      cursor.gaps[g.value("seq", std::int64_t{0})] = g.value("until", std::int64_t{0});
    }
  }
  return cursor;
}

// Writes `cursor` (at `seq`, with `gaps`) into `writes`: an insert the first time, else an
// update that conflicts when another server moved it meanwhile.
void SaveCursor(const Cursor& cursor, std::int64_t now, WriteSet& writes) {
  Json gaps = Json::array();
  for (const auto& [seq, until] : cursor.gaps) gaps.push_back({{"seq", seq}, {"until", until}});
  store::Entity e = cursor.entity.value_or(store::Entity{});
  e.kind = kCursorKind;
  e.id = kCursorId;
  e.updated_at = now;
  e.doc = Json{{"seq", cursor.seq}, {"gaps", std::move(gaps)}}.dump();
  if (cursor.entity) {
    writes.updates.emplace_back(std::move(e), cursor.entity->revision);
  } else {
    e.created_at = now;
    writes.inserts.push_back(std::move(e));
  }
}

// Every event with seq > `after`, oldest first.
Result<std::vector<store::EventRecord>> EventsAfter(store::Store& store, std::int64_t after) {
  std::vector<store::EventRecord> out;
  store::EventQuery query;
  query.limit = kEventPage;
  for (;;) {
    auto page = store.ListEvents(query);
    if (!page.ok()) return page.status();
    bool done = page->size() < static_cast<std::size_t>(kEventPage);
    for (store::EventRecord& e : *page) {
      if (e.seq <= after) {
        done = true;
        break;
      }
      query.before_seq = e.seq;
      out.push_back(std::move(e));
    }
    if (done) break;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// The event with exactly this seq, when it has appeared.
Result<std::optional<store::EventRecord>> EventAt(store::Store& store, std::int64_t seq) {
  store::EventQuery query;
  query.before_seq = seq + 1;
  query.limit = 1;
  auto page = store.ListEvents(query);
  if (!page.ok()) return page.status();
  if (page->empty() || page->front().seq != seq) return std::optional<store::EventRecord>();
  return std::optional<store::EventRecord>(std::move(page->front()));
}

// The events after `start` (oldest first) and those that filled a gap of `cursor`, which moves
// to the newest event and records the seqs it skipped as gaps to look for again.
Result<std::vector<store::EventRecord>> CollectEvents(store::Store& store, Cursor& cursor,
                                                      std::int64_t start, std::int64_t now) {
  auto fresh = EventsAfter(store, start);
  if (!fresh.ok()) return fresh.status();
  std::vector<store::EventRecord> events;
  for (auto it = cursor.gaps.begin(); it != cursor.gaps.end();) {
    auto found = EventAt(store, it->first);
    if (!found.ok()) return found.status();
    if (found->has_value()) events.push_back(std::move(**found));
    it = found->has_value() || it->second < now ? cursor.gaps.erase(it) : std::next(it);
  }
  std::int64_t expected = start + 1;
  for (store::EventRecord& e : *fresh) {
    for (; expected < e.seq && cursor.gaps.size() < kMaxGaps; ++expected) {
      cursor.gaps[expected] = now + kGapWaitSeconds;
    }
    expected = e.seq + 1;
    cursor.seq = e.seq;
    events.push_back(std::move(e));
  }
  return events;
}

// The event as webhook receivers see it ("data" of the payload).
std::string EventJson(const store::EventRecord& e) {
  Json changes = Json::parse(e.changes, nullptr, false);
  return Json{{"seq", e.seq},
              {"id", e.id},
              {"type", domain::WebhookEventTypeOf(e.entity_kind, e.action)},
              {"at", IsoTimestamp(e.at)},
              {"org_id", e.org_id},
              {"actor_org", e.actor_org},
              {"entity_kind", e.entity_kind},
              {"entity_id", e.entity_id},
              {"action", e.action},
              {"changes", changes.is_discarded() ? Json::object() : changes}}
      .dump();
}

std::string OwnerOfVersion(const RegistryView& view, const std::string& version_id) {
  const domain::ProductVersion* version = view.FindVersion(version_id);
  if (version == nullptr) return "";
  const domain::Product* product = view.FindProduct(version->product_id);
  return product == nullptr ? "" : product->org_id;
}

}  // namespace

// Organisations besides event.org_id that hear about an approval or label event: the body
// that issued the approval (the approval entity's owner) and the supplier it concerns (its
// subject, or the owner of the product version that is its subject); for a label, the owner of
// the product version labelled.
std::vector<std::string> WebhookService::ConcernedOrgs(const store::EventRecord& event) {
  auto view = registry_.view();
  if (event.entity_kind == "approval") {
    auto approval = store_.FindEntity("approval", event.entity_id, Seconds(clock_));
    if (!approval.ok() || !approval->has_value()) return {};
    const std::string& subject = (*approval)->parent_id;
    std::string supplier =
        view->FindOrg(subject) != nullptr ? subject : OwnerOfVersion(*view, subject);
    return {(*approval)->owner_org, supplier};
  }
  if (event.entity_kind == "label") {
    Json changes = Json::parse(event.changes, nullptr, false);
    std::string version = event.entity_id;
    if (changes.is_object()) {
      for (const char* key : {"product_version", "product_version_id"}) {
        if (changes.contains(key) && changes[key].is_string()) version = changes[key];
      }
    }
    return {OwnerOfVersion(*view, version)};
  }
  return {};
}

namespace {

bool Subscribed(const Webhook& hook, const std::string& type) {
  return std::find(hook.event_types.begin(), hook.event_types.end(), type) !=
         hook.event_types.end();
}

}  // namespace

int WebhookService::AddDeliveries(const std::vector<store::EventRecord>& events,
                                  const std::vector<Webhook>& hooks, std::int64_t now,
                                  internal::WriteSet& writes) {
  int created = 0;
  for (const store::EventRecord& e : events) {
    std::string type = domain::WebhookEventTypeOf(e.entity_kind, e.action);
    if (!domain::IsWebhookEventType(type)) continue;
    std::vector<std::string> others = ConcernedOrgs(e);
    std::string data;
    for (const Webhook& hook : hooks) {
      bool concerned = e.org_id == hook.org_id ||
                       std::find(others.begin(), others.end(), hook.org_id) != others.end();
      if (!Subscribed(hook, type) || !concerned || e.seq <= hook.from_seq) continue;
      if (data.empty()) data = EventJson(e);
      WebhookDelivery d = NewDelivery(hook, e.seq, type, data, now);
      writes.inserts.push_back(DeliveryEntity(d, true));
      writes.inserts.push_back(PendingEntity(d, 0));
      ++created;
    }
  }
  return created;
}

Result<int> WebhookService::Dispatch() {
  std::int64_t now = Seconds(clock_);
  auto rows = store_.ListEntities(kWebhookKind, now);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return 0;
  std::vector<Webhook> hooks;
  std::int64_t oldest_from = INT64_MAX;
  for (const store::Entity& row : *rows) {
    auto stored = ParseWebhook(row.doc);
    if (!stored.ok()) return stored.status();
    oldest_from = std::min(oldest_from, stored->hook.from_seq);
    hooks.push_back(std::move(stored->hook));
  }
  auto cursor = ReadCursor(store_, now);
  if (!cursor.ok()) return cursor.status();
  // Nothing at or below the oldest webhook's start concerns any webhook.
  std::int64_t start = std::max(cursor->seq, oldest_from);
  const std::size_t gaps_before = cursor->gaps.size();
  auto events = CollectEvents(store_, *cursor, start, now);
  if (!events.ok()) return events.status();
  if (events->empty() && cursor->entity && cursor->gaps.size() == gaps_before) return 0;

  WriteSet writes;
  writes.bump_revision = false;
  int created = AddDeliveries(*events, hooks, now, writes);
  SaveCursor(*cursor, now, writes);
  Status applied = internal::Apply(store_, writes);
  // Another server dispatched the same events first: its deliveries stand.
  if (applied.code() == StatusCode::kConflict) return 0;
  HK_RETURN_IF_ERROR(applied);
  return created;
}

namespace {

WebhookRequest BuildRequest(const WebhookDelivery& d, const std::string& url,
                            const std::string& secret, std::int64_t now) {
  Json data = Json::parse(d.event, nullptr, false);
  WebhookRequest request;
  request.url = url;
  request.body = Json{{"id", d.id},
                      {"type", d.event_type},
                      {"created_at", IsoTimestamp(d.created_at)},
                      {"data", data.is_discarded() ? Json::object() : data}}
                     .dump();
  std::string timestamp = std::to_string(now);
  request.headers = {
      {"Content-Type", "application/json"},
      {"User-Agent", "helsekrav-webhook/1"},
      {"X-Helsekrav-Event", d.event_type},
      {"X-Helsekrav-Delivery", d.id},
      {"X-Helsekrav-Timestamp", timestamp},
      {"X-Helsekrav-Signature", "sha256=" + WebhookSignature(secret, timestamp, request.body)}};
  return request;
}

// Records the attempt in `d`: delivered on 2xx, else pending with backoff or failed.
void RecordAttempt(WebhookDelivery& d, const WebhookResult& result, std::int64_t now) {
  d.attempts.push_back({now, result.status, result.error, result.duration_ms});
  if (result.status >= 200 && result.status < 300) {
    d.status = DeliveryStatus::kDelivered;
    d.next_attempt_at = 0;
  } else if (static_cast<int>(d.attempts.size()) >= domain::kMaxWebhookAttempts) {
    d.status = DeliveryStatus::kFailed;
    d.next_attempt_at = 0;
  } else {
    d.next_attempt_at = now + domain::WebhookRetryDelay(static_cast<int>(d.attempts.size()));
  }
}

// Ends `d` (cancelled, delivered or failed) or moves its queue entry to the next attempt.
void Finish(const WebhookDelivery& d, const store::Entity& delivery_row,
            const store::Entity& claimed, std::int64_t now, WriteSet& writes) {
  store::Entity row = delivery_row;
  row.updated_at = now;
  row.doc = DeliveryDoc(d).dump();
  writes.updates.emplace_back(std::move(row), delivery_row.revision);
  if (d.status == DeliveryStatus::kPending) {
    store::Entity next = claimed;
    next.updated_at = now;
    next.doc = Json{{"next_attempt_at", d.next_attempt_at}, {"lease_until", 0}}.dump();
    writes.updates.emplace_back(std::move(next), claimed.revision);
  } else {
    writes.deletes.emplace_back(kPendingKind, claimed.id);
  }
}

}  // namespace

// Claims the queue entry `pending` (a lease, so no other server sends it meanwhile), sends the
// delivery outside any transaction and records the outcome.
Status WebhookService::SendOne(const store::Entity& pending) {
  std::int64_t now = Seconds(clock_);
  store::Entity claim = pending;
  claim.updated_at = now;
  Json doc = Json::parse(pending.doc, nullptr, false);
  doc["lease_until"] = now + kDeliveryLeaseSeconds;
  claim.doc = doc.dump();
  WriteSet lease;
  lease.bump_revision = false;
  lease.updates.emplace_back(claim, pending.revision);
  Status leased = internal::Apply(store_, lease);
  if (leased.code() == StatusCode::kConflict) return Status::Ok();  // another server has it
  HK_RETURN_IF_ERROR(leased);
  claim.revision = pending.revision + 1;

  auto row = store_.FindEntity(kDeliveryKind, pending.id, now);
  if (!row.ok()) return row.status();
  auto hook_row = store_.FindEntity(kWebhookKind, pending.parent_id, now);
  if (!hook_row.ok()) return hook_row.status();
  WriteSet writes;
  writes.bump_revision = false;
  if (!row->has_value()) {  // expired meanwhile; nothing left to send
    writes.deletes.emplace_back(kPendingKind, pending.id);
    return internal::Apply(store_, writes);
  }
  auto delivery = ParseDelivery((*row)->doc);
  if (!delivery.ok()) return delivery.status();
  auto hook = hook_row->has_value() ? ParseWebhook((*hook_row)->doc)
                                    : Result<StoredWebhook>(Status::NotFound("webhook deleted"));
  if (!hook.ok()) {
    delivery->status = DeliveryStatus::kCancelled;
    delivery->next_attempt_at = 0;
  } else {
    WebhookResult result = sender_.Post(BuildRequest(*delivery, hook->hook.url, hook->secret, now));
    RecordAttempt(*delivery, result, Seconds(clock_));
  }
  Finish(*delivery, **row, claim, Seconds(clock_), writes);
  return internal::Apply(store_, writes);
}

Result<int> WebhookService::DeliverDue(int limit) {
  std::int64_t now = Seconds(clock_);
  auto queue = store_.ListEntities(kPendingKind, now);
  if (!queue.ok()) return queue.status();
  int attempts = 0;
  for (const store::Entity& pending : *queue) {
    if (attempts >= limit) break;
    Json doc = Json::parse(pending.doc, nullptr, false);
    if (!doc.is_object()) continue;
    if (doc.value("next_attempt_at", std::int64_t{0}) > now ||
        doc.value("lease_until", std::int64_t{0}) > now) {
      continue;
    }
    Status sent = SendOne(pending);
    if (!sent.ok()) {
      LogWarn("webhook delivery not recorded",
              {{"delivery", pending.id}, {"error", sent.ToString()}});
    }
    ++attempts;
  }
  return attempts;
}

void RunWebhookWorker(WebhookService& service, const std::stop_token& stop,
                      std::chrono::milliseconds interval) {
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    auto created = service.Dispatch();
    if (!created.ok()) {
      LogWarn("webhook dispatch failed", {{"error", created.status().ToString()}});
    }
    auto sent = service.DeliverDue();
    if (!sent.ok()) LogWarn("webhook delivery failed", {{"error", sent.status().ToString()}});
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, interval, [] { return false; });
  }
}

}  // namespace helsekrav::app
