// Webhooks on both backends, against a real HTTP receiver on 127.0.0.1: deliveries arrive
// signed (the test recomputes the HMAC with OpenSSL), a receiver that fails at first gets the
// delivery again after growing delays, every attempt is recorded, an unreachable receiver ends
// "failed" after the last attempt, replays re-send, other organisations can neither see nor
// replay, and the address guard refuses private and loopback addresses.
#include "app/webhooks.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>

#include "domain/catalog_rules.h"
#include "domain/webhook_rules.h"
#include "http/webhook_sender.h"
#include "support/sample_catalog.h"
#include "support/store_backends.h"
#include "support/test_services.h"

namespace helsekrav::app {
namespace {

using domain::Actor;
using domain::OrganisationKind;
using nlohmann::json;
using testing::Backend;

constexpr char kNhnOrgnr[] = "994598759";  // norsk-helsenett in data/catalog/organisations.json

// A clock the test moves by seconds (the retry schedule is in seconds).
class SteppingClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Advance(std::int64_t seconds) { now_ += std::chrono::seconds(seconds); }

 private:
  std::chrono::system_clock::time_point now_ =
      std::chrono::system_clock::time_point{std::chrono::days{testing::D("2026-11-23").days()}} +
      std::chrono::hours{12};
};

// One HTTP/1.1 request as the receiver got it.
struct Received {
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A plain-socket HTTP receiver on 127.0.0.1: answers 500 to the first `fail_first` requests
// and 200 after, recording each request before answering.
class Receiver {
 public:
  explicit Receiver(int fail_first) : fail_first_(fail_first) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("receiver socket");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~Receiver() {
    stopping_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/varsler"; }
  std::vector<Received> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Loop() {
    while (!stopping_) {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      timeval timeout{5, 0};
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      Handle(client);
      close(client);
    }
  }

  void Handle(int client) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos;
    std::size_t length = 0;
    for (;;) {
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) length = ContentLength(data.substr(0, header_end));
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
      ssize_t n = recv(client, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
    }
    Received r;
    std::size_t line_end = data.find("\r\n");
    for (std::size_t at = line_end + 2; at < header_end;) {
      std::size_t end = data.find("\r\n", at);
      std::string line = data.substr(at, end - at);
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      r.headers[name] = value;
      at = end + 2;
    }
    r.body = data.substr(header_end + 4, length);
    int status = 200;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(r));
      if (static_cast<int>(requests_.size()) <= fail_first_) status = 500;
    }
    std::string answer = "HTTP/1.1 " + std::to_string(status) +
                         " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
  }

  static std::size_t ContentLength(const std::string& headers) {
    std::string lower = headers;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::size_t at = lower.find("content-length:");
    return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
  }

  int fd_ = -1;
  unsigned short port_ = 0;
  int fail_first_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Received> requests_;
};

// A loopback port nothing listens on.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bool bound = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
               getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!bound) throw std::runtime_error("no free loopback port");
  return ntohs(addr.sin_port);
}

// hex(HMAC-SHA256(secret, timestamp + "." + body)), computed independently of the service.
std::string OpenSslSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body) {
  std::string message = timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

class WebhookTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    t_ = testing::StartServices(GetParam());
    service_ =
        std::make_unique<WebhookService>(*t_->db->store, clock_, *t_->registry, sender_, true);
    supplier_ = AddOrg("admin@leverandor.no", "Journalleverandøren AS", OrganisationKind::kSupplier,
                       "913705408", domain::Role::kAdmin);
    other_ = AddOrg("admin@annen.no", "Annen Leverandør AS", OrganisationKind::kSupplier,
                    "914778271", domain::Role::kAdmin);
    nhn_ = AddOrg("admin@nhn.no", "Norsk helsenett SF", OrganisationKind::kApprovingBody, kNhnOrgnr,
                  domain::Role::kAdmin);
    ASSERT_TRUE(t_->registry->Load().ok());
    if (t_->approvals != nullptr) {
      ASSERT_TRUE(t_->approvals->Load().ok());
    }
    version_ = testing::AddProductVersion(*t_, supplier_).second;
    ASSERT_FALSE(HasFailure());
  }

  Actor AddOrg(const std::string& email, const std::string& name, OrganisationKind kind,
               const std::string& orgnr, domain::Role role) {
    return testing::AddOrgUser(*t_, email, name, kind, orgnr, role);
  }

  // Publishes a declaration of version_ against the smallest profile in force, all "meets".
  std::string PublishDeclaration() {
    auto snapshot = t_->catalog->snapshot();
    Date today = t_->clock.Today();
    const domain::Profile* smallest = nullptr;
    const domain::ProfileVersion* in_force = nullptr;
    for (const domain::Profile& profile : snapshot->catalog().profiles) {
      const domain::ProfileVersion& v = domain::VersionAt(profile, today);
      bool valid = v.valid_from <= today && (!v.valid_to || today < *v.valid_to);
      if (valid && !v.items.empty() &&
          (in_force == nullptr || v.items.size() < in_force->items.size())) {
        smallest = &profile;
        in_force = &v;
      }
    }
    EXPECT_NE(smallest, nullptr);
    if (smallest == nullptr) return "";
    return testing::PublishDeclaration(*t_, supplier_, version_.id, smallest->key);
  }

  std::pair<Webhook, std::string> Register(WebhookService& service, const Actor& actor,
                                           const std::string& url, std::vector<std::string> types) {
    auto created = service.Create(actor, {url, "Testmottaker", std::move(types)});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : std::pair<Webhook, std::string>{};
  }

  std::vector<WebhookDelivery> DeliveriesOf(const Actor& actor, const std::string& webhook) {
    auto deliveries = service_->Deliveries(actor, webhook);
    EXPECT_TRUE(deliveries.ok()) << deliveries.status().ToString();
    return deliveries.ok() ? *deliveries : std::vector<WebhookDelivery>{};
  }

  std::int64_t NewestEventSeq() {
    store::EventQuery q;
    q.limit = 1;
    auto events = t_->db->store->ListEvents(q);
    return events.ok() && !events->empty() ? events->front().seq : 0;
  }

  int DeliverDue() {
    auto sent = service_->DeliverDue();
    EXPECT_TRUE(sent.ok()) << sent.status().ToString();
    return sent.ok() ? *sent : -1;
  }

  int Dispatch() {
    auto created = service_->Dispatch();
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : -1;
  }

  // The request carries the delivery's headers and a signature that verifies with `secret`.
  static void ExpectSigned(const Received& r, const std::string& secret,
                           const std::string& delivery_id, const std::string& type) {
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    EXPECT_EQ(r.headers.at("x-helsekrav-event"), type);
    EXPECT_EQ(r.headers.at("x-helsekrav-delivery"), delivery_id);
    const std::string& timestamp = r.headers.at("x-helsekrav-timestamp");
    EXPECT_EQ(r.headers.at("x-helsekrav-signature"),
              "sha256=" + OpenSslSignature(secret, timestamp, r.body));
    json body = json::parse(r.body);
    EXPECT_EQ(body["id"], delivery_id);
    EXPECT_EQ(body["type"], type);
    EXPECT_EQ(body["data"]["type"], type);
  }

  std::unique_ptr<testing::TestServices> t_;
  SteppingClock clock_;
  http::CurlWebhookSender sender_{http::WebhookSenderOptions{true, 5}};
  std::unique_ptr<WebhookService> service_;
  Actor supplier_, other_, nhn_;
  domain::ProductVersion version_;
};

TEST_P(WebhookTest, DeliveryArrivesSignedAndIsRetriedWithGrowingDelays) {
  Receiver receiver(2);
  auto [hook, secret] =
      Register(*service_, supplier_, receiver.Url(), {"declaration.published", "approval.issued"});
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(Dispatch(), 0);  // nothing has happened since the webhook was registered
  std::string declaration = PublishDeclaration();
  EXPECT_EQ(Dispatch(), 1);
  EXPECT_EQ(Dispatch(), 0);  // the cursor moved: never twice

  std::vector<std::int64_t> times;
  auto attempt = [&](int expected_requests) {
    EXPECT_EQ(DeliverDue(), 1);
    EXPECT_EQ(receiver.requests().size(), static_cast<std::size_t>(expected_requests));
    times.push_back(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count());
  };
  attempt(1);  // 500
  std::vector<WebhookDelivery> deliveries = DeliveriesOf(supplier_, hook.id);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].status, DeliveryStatus::kPending);
  ASSERT_EQ(deliveries[0].attempts.size(), 1u);
  EXPECT_EQ(deliveries[0].attempts[0].status, 500);
  EXPECT_EQ(deliveries[0].next_attempt_at, times[0] + domain::WebhookRetryDelay(1));

  // Not before the delay has passed.
  EXPECT_EQ(DeliverDue(), 0);
  clock_.Advance(domain::WebhookRetryDelay(1) - 1);
  EXPECT_EQ(DeliverDue(), 0);
  clock_.Advance(1);
  attempt(2);  // 500 again
  clock_.Advance(domain::WebhookRetryDelay(2) - 1);
  EXPECT_EQ(DeliverDue(), 0);
  clock_.Advance(1);
  attempt(3);  // 200

  EXPECT_LT(times[1] - times[0], times[2] - times[1]);  // the delays grow
  deliveries = DeliveriesOf(supplier_, hook.id);
  ASSERT_EQ(deliveries.size(), 1u);
  const WebhookDelivery& d = deliveries[0];
  EXPECT_EQ(d.status, DeliveryStatus::kDelivered);
  EXPECT_EQ(d.next_attempt_at, 0);
  ASSERT_EQ(d.attempts.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(d.attempts[i].at, times[i]);
    EXPECT_EQ(d.attempts[i].status, i < 2 ? 500 : 200);
    EXPECT_TRUE(d.attempts[i].error.empty()) << d.attempts[i].error;
    EXPECT_GE(d.attempts[i].duration_ms, 0);
  }
  for (const Received& r : receiver.requests()) {
    ExpectSigned(r, secret, d.id, "declaration.published");
    json body = json::parse(r.body);
    EXPECT_EQ(body["data"]["entity_id"], declaration);
    EXPECT_EQ(body["data"]["org_id"], supplier_.org_id);
  }
  // A changed body no longer matches the signature.
  Received tampered = receiver.requests().back();
  tampered.body[tampered.body.size() / 2] ^= 1;
  EXPECT_NE(tampered.headers.at("x-helsekrav-signature"),
            "sha256=" + OpenSslSignature(secret, tampered.headers.at("x-helsekrav-timestamp"),
                                         tampered.body));

  // Delivered: never sent again.
  clock_.Advance(domain::kWebhookMaxRetrySeconds * 2);
  EXPECT_EQ(DeliverDue(), 0);
  EXPECT_EQ(receiver.requests().size(), 3u);
}

TEST_P(WebhookTest, ReplayResendsAndOtherOrganisationsCanNeitherSeeNorReplay) {
  Receiver receiver(0);
  auto [hook, secret] = Register(*service_, supplier_, receiver.Url(), {"declaration.published"});
  PublishDeclaration();
  ASSERT_EQ(Dispatch(), 1);
  ASSERT_EQ(DeliverDue(), 1);
  std::vector<WebhookDelivery> deliveries = DeliveriesOf(supplier_, hook.id);
  ASSERT_EQ(deliveries.size(), 1u);
  const std::string original = deliveries[0].id;
  std::int64_t seq = NewestEventSeq();

  // Another organisation's admin, a viewer of the same one and anonymous callers are refused.
  Actor viewer = supplier_;
  viewer.role = domain::Role::kViewer;
  for (const Actor& stranger : {other_, viewer}) {
    EXPECT_EQ(service_->Get(stranger, hook.id).status().code(), StatusCode::kForbidden);
    EXPECT_EQ(service_->Deliveries(stranger, hook.id).status().code(), StatusCode::kForbidden);
    EXPECT_EQ(service_->Replay(stranger, hook.id, original).status().code(),
              StatusCode::kForbidden);
    EXPECT_EQ(service_->RotateSecret(stranger, hook.id).status().code(), StatusCode::kForbidden);
    EXPECT_EQ(service_->Delete(stranger, hook.id).code(), StatusCode::kForbidden);
  }
  EXPECT_EQ(service_->Replay(Actor{}, hook.id, original).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->List(Actor{}).status().code(), StatusCode::kUnauthenticated);
  auto others = service_->List(other_);
  ASSERT_TRUE(others.ok());
  EXPECT_TRUE(others->empty());
  // A delivery of one webhook cannot be replayed through another.
  auto [own_other, other_secret] = Register(*service_, other_, receiver.Url(), {"label.issued"});
  EXPECT_EQ(service_->Replay(other_, own_other.id, original).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(NewestEventSeq(), seq + 1);  // only the other webhook's registration
  EXPECT_EQ(DeliveriesOf(supplier_, hook.id).size(), 1u);

  // The owner replays: a new delivery of the same event, sent and signed again.
  clock_.Advance(60);
  auto replay = service_->Replay(supplier_, hook.id, original);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_EQ(replay->replay_of, original);
  EXPECT_NE(replay->id, original);
  EXPECT_EQ(replay->status, DeliveryStatus::kPending);
  EXPECT_EQ(DeliverDue(), 1);
  ASSERT_EQ(receiver.requests().size(), 2u);
  const Received again = receiver.requests()[1];
  ExpectSigned(again, secret, replay->id, "declaration.published");
  EXPECT_EQ(json::parse(again.body)["data"], json::parse(receiver.requests()[0].body)["data"]);
  deliveries = DeliveriesOf(supplier_, hook.id);
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0].id, replay->id);  // newest first
  EXPECT_EQ(deliveries[0].status, DeliveryStatus::kDelivered);

  // Replaying and rotating are audited; after rotating, deliveries are signed with the new secret.
  auto rotated = service_->RotateSecret(supplier_, hook.id);
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_NE(*rotated, secret);
  auto third = service_->Replay(supplier_, hook.id, original);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(DeliverDue(), 1);
  ASSERT_EQ(receiver.requests().size(), 3u);
  ExpectSigned(receiver.requests()[2], *rotated, third->id, "declaration.published");
  store::EventQuery query;
  query.entity_id = hook.id;
  auto events = t_->db->store->ListEvents(query);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> actions;
  for (const auto& e : *events) actions.insert(actions.begin(), e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "delivery_replayed", "secret_rotated",
                                               "delivery_replayed"}));
  for (const auto& e : *events) EXPECT_EQ(e.changes.find(*rotated), std::string::npos);

  // Deleting the webhook cancels what was not sent.
  ASSERT_TRUE(service_->Replay(supplier_, hook.id, original).ok());
  ASSERT_TRUE(service_->Delete(supplier_, hook.id).ok());
  EXPECT_EQ(DeliverDue(), 0);
  EXPECT_EQ(receiver.requests().size(), 3u);
  EXPECT_EQ(service_->Get(supplier_, hook.id).status().code(), StatusCode::kNotFound);
}

TEST_P(WebhookTest, UnreachableReceiverEndsFailedAfterTheLastAttempt) {
  std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/varsler";
  auto [hook, secret] = Register(*service_, supplier_, url, {"declaration.published"});
  PublishDeclaration();
  ASSERT_EQ(Dispatch(), 1);
  for (int i = 1; i <= domain::kMaxWebhookAttempts; ++i) {
    EXPECT_EQ(DeliverDue(), 1) << "attempt " << i;
    if (i < domain::kMaxWebhookAttempts) {
      std::vector<WebhookDelivery> d = DeliveriesOf(supplier_, hook.id);
      ASSERT_EQ(d.size(), 1u);
      EXPECT_EQ(d[0].status, DeliveryStatus::kPending);
      EXPECT_EQ(d[0].next_attempt_at - d[0].attempts.back().at, domain::WebhookRetryDelay(i));
      clock_.Advance(domain::WebhookRetryDelay(i));
    }
  }
  std::vector<WebhookDelivery> d = DeliveriesOf(supplier_, hook.id);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].status, DeliveryStatus::kFailed);
  ASSERT_EQ(d[0].attempts.size(), static_cast<std::size_t>(domain::kMaxWebhookAttempts));
  for (const WebhookAttempt& a : d[0].attempts) {
    EXPECT_EQ(a.status, 0);
    EXPECT_FALSE(a.error.empty());
  }
  clock_.Advance(domain::kWebhookMaxRetrySeconds * 2);
  EXPECT_EQ(DeliverDue(), 0);
  EXPECT_EQ(DeliveriesOf(supplier_, hook.id)[0].attempts.size(),
            static_cast<std::size_t>(domain::kMaxWebhookAttempts));
}

TEST_P(WebhookTest, ApprovalEventsReachTheSupplierAndTheIssuingBody) {
  ASSERT_NE(t_->approvals, nullptr) << "test_services.cc always wires approvals in";
  Receiver receiver(0);
  auto [supplier_hook, supplier_secret] =
      Register(*service_, supplier_, receiver.Url(), {"approval.issued"});
  auto [nhn_hook, nhn_secret] = Register(*service_, nhn_, receiver.Url(), {"approval.issued"});
  auto [other_hook, other_secret] =
      Register(*service_, other_, receiver.Url(), {"approval.issued", "declaration.published"});
  ApprovalRequest request;
  request.scheme = "kjernejournal-api";
  request.subject_id = version_.id;
  request.valid_from = t_->clock.Today();
  request.valid_to = Date(t_->clock.Today().days() + 365);
  Actor issuer = nhn_;
  issuer.role = domain::Role::kEditor;
  auto issued = t_->approvals->Issue(issuer, request);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  PublishDeclaration();  // the other supplier's webhook hears nothing of this either

  EXPECT_EQ(Dispatch(), 2);
  EXPECT_EQ(DeliverDue(), 2);
  for (const auto& [actor, hook, secret] : {std::tuple{supplier_, supplier_hook, supplier_secret},
                                            std::tuple{nhn_, nhn_hook, nhn_secret}}) {
    std::vector<WebhookDelivery> d = DeliveriesOf(actor, hook.id);
    ASSERT_EQ(d.size(), 1u) << actor.org_id;
    EXPECT_EQ(d[0].event_type, "approval.issued");
    EXPECT_EQ(d[0].status, DeliveryStatus::kDelivered);
    bool found = false;
    for (const Received& r : receiver.requests()) {
      if (r.headers.at("x-helsekrav-delivery") != d[0].id) continue;
      found = true;
      ExpectSigned(r, secret, d[0].id, "approval.issued");
      EXPECT_EQ(json::parse(r.body)["data"]["entity_id"], issued->id);
    }
    EXPECT_TRUE(found);
  }
  EXPECT_TRUE(DeliveriesOf(other_, other_hook.id).empty());
}

TEST_P(WebhookTest, AddressGuardRefusesPrivateAndLoopbackAddresses) {
  http::CurlWebhookSender strict_sender;
  WebhookService strict(*t_->db->store, clock_, *t_->registry, strict_sender, false);
  for (const char* url :
       {"http://10.0.0.1/hook", "https://10.0.0.1/hook", "http://127.0.0.1:8080/hook",
        "https://127.0.0.1/hook", "https://192.168.1.20/hook", "https://169.254.169.254/latest",
        "https://[::1]/hook", "https://[fd00::1]/hook", "https://localhost/hook",
        "https://[::ffff:10.0.0.1]/hook", "http://example.org/hook", "ftp://example.org/hook",
        "https://user:pass@example.org/hook"}) {
    auto created = strict.Create(supplier_, {url, "", {"declaration.published"}});
    EXPECT_EQ(created.status().code(), StatusCode::kInvalid) << url;
    EXPECT_EQ(created.status().field(), "url") << url;
  }
  EXPECT_TRUE(
      strict.Create(supplier_, {"https://mottak.example.org/hk", "", {"label.issued"}}).ok());
  auto unknown_type = strict.Create(supplier_, {"https://example.org/", "", {"label.eaten"}});
  EXPECT_EQ(unknown_type.status().field(), "event_types[0]");
  auto no_type = strict.Create(supplier_, {"https://example.org/", "", {}});
  EXPECT_EQ(no_type.status().field(), "event_types");
  std::string long_url = "https://example.org/" + std::string(domain::kMaxWebhookUrlLength, 'a');
  EXPECT_EQ(strict.Create(supplier_, {long_url, "", {"label.issued"}}).status().field(), "url");

  // Even a stored loopback address is not sent to without the flag.
  Receiver receiver(0);
  WebhookRequest request{receiver.Url(), {{"Content-Type", "application/json"}}, "{}"};
  WebhookResult refused = strict_sender.Post(request);
  EXPECT_EQ(refused.status, 0);
  EXPECT_NE(refused.error.find("https://"), std::string::npos) << refused.error;
  WebhookRequest https_loopback = request;
  https_loopback.url.replace(0, 4, "https");
  refused = strict_sender.Post(https_loopback);
  EXPECT_EQ(refused.status, 0);
  EXPECT_NE(refused.error.find("privat"), std::string::npos) << refused.error;
  EXPECT_EQ(receiver.requests().size(), 0u);
  EXPECT_EQ(sender_.Post(request).status, 200);  // the flag allows it (tests only)

  // At most kMaxWebhooksPerOrg per organisation.
  for (std::size_t i = 1; i < domain::kMaxWebhooksPerOrg; ++i) {
    ASSERT_TRUE(
        strict.Create(supplier_, {"https://example.org/" + std::to_string(i), "", {"label.issued"}})
            .ok());
  }
  auto eleventh = strict.Create(supplier_, {"https://example.org/11", "", {"label.issued"}});
  EXPECT_EQ(eleventh.status().code(), StatusCode::kInvalid);
  auto listed = strict.List(supplier_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), domain::kMaxWebhooksPerOrg);
}

TEST_P(WebhookTest, TwoServersNeverCreateTheSameDeliveryTwice) {
  Receiver receiver(0);
  auto [hook, secret] = Register(*service_, supplier_, receiver.Url(), {"declaration.published"});
  PublishDeclaration();
  WebhookService second(*t_->db->store, clock_, *t_->registry, sender_, true);
  std::atomic<int> created{0};
  auto count = [&created](Result<int> r) { created += r.ok() ? *r : 0; };
  std::thread a([&] { count(service_->Dispatch()); });
  std::thread b([&] { count(second.Dispatch()); });
  a.join();
  b.join();
  count(service_->Dispatch());
  EXPECT_EQ(created.load(), 1);
  std::thread c([&] { (void)service_->DeliverDue(); });
  std::thread e([&] { (void)second.DeliverDue(); });
  c.join();
  e.join();
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(DeliveriesOf(supplier_, hook.id).size(), 1u);
}

TEST_P(WebhookTest, ApiRegistersListsAndRefusesBadBodies) {
  auto session = t_->accounts->Login("admin@leverandor.no", testing::kTestPassword, "127.0.0.1");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auto principal = t_->accounts->Authenticate(session->token);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  auto token = t_->accounts->CreateApiToken(**principal, "webhooker", {"read", "write"});
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  auto call = [&](const std::string& method, const std::string& target, const std::string& body) {
    http::Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(http::ParseTarget(target, request.path, request.query));
    request.body = body;
    if (!body.empty()) request.content_type = "application/json";
    request.authorization = "Bearer " + token->second;
    request.remote_address = "127.0.0.1";
    return t_->router->Handle(request);
  };
  Receiver receiver(0);
  http::Response bad =
      call("POST", "/api/v1/webhooks",
           json{{"url", "http://10.0.0.1/"}, {"event_types", {"label.issued"}}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(*bad.body)["invalid_params"][0]["name"], "url");
  http::Response created =
      call("POST", "/api/v1/webhooks",
           json{{"url", receiver.Url()}, {"event_types", {"declaration.published"}}}.dump());
  ASSERT_EQ(created.status, 201) << *created.body;
  json hook = json::parse(*created.body);
  EXPECT_EQ(hook["secret"].get<std::string>().size(), 43u);
  http::Response listed = call("GET", "/api/v1/webhooks", "");
  ASSERT_EQ(listed.status, 200) << *listed.body;
  json items = json::parse(*listed.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], hook["id"]);
  EXPECT_FALSE(items[0].contains("secret"));  // shown once only

  PublishDeclaration();
  ASSERT_TRUE(t_->webhooks->Dispatch().ok());
  ASSERT_TRUE(t_->webhooks->DeliverDue().ok());
  EXPECT_EQ(receiver.requests().size(), 1u);
  http::Response deliveries =
      call("GET", "/api/v1/webhooks/" + hook["id"].get<std::string>() + "/deliveries", "");
  ASSERT_EQ(deliveries.status, 200) << *deliveries.body;
  json d = json::parse(*deliveries.body)["items"];
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["status"], "delivered");
  EXPECT_EQ(d[0]["attempts"][0]["status"], 200);
  http::Response replayed = call("POST",
                                 "/api/v1/webhooks/" + hook["id"].get<std::string>() +
                                     "/deliveries/" + d[0]["id"].get<std::string>() + "/replay",
                                 "");
  EXPECT_EQ(replayed.status, 201) << *replayed.body;
  http::Response rotated =
      call("POST", "/api/v1/webhooks/" + hook["id"].get<std::string>() + "/rotate-secret", "");
  EXPECT_EQ(rotated.status, 200) << *rotated.body;
  EXPECT_NE(json::parse(*rotated.body)["secret"], hook["secret"]);
  EXPECT_EQ(call("DELETE", "/api/v1/webhooks/" + hook["id"].get<std::string>(), "").status, 204);
  EXPECT_EQ(call("GET", "/api/v1/webhooks/" + hook["id"].get<std::string>(), "").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace helsekrav::app
