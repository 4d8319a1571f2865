#include "http/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.h"

namespace helsekrav::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// RFC 9110 §5.6.7 IMF-fixdate, "Tue, 08 Dec 2026 09:00:00 GMT"; English names whatever the locale.
std::string HttpDate(std::chrono::system_clock::time_point now) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 40> buffer{};
  int size = std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                           kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                           kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900,
                           tm.tm_hour, tm.tm_min, tm.tm_sec);
  return {buffer.data(), static_cast<std::size_t>(size)};
}

constexpr std::size_t kBodyLimit = std::size_t{1024} * 1024;  // request bodies
// Evidence uploads (files of up to 5 MiB, several per declaration form).
constexpr std::size_t kUploadBodyLimit = std::size_t{12} * 1024 * 1024;

// Paths that accept file uploads get the larger body limit: evidence (API and declaration
// form) and approval reports.
bool IsUploadPath(std::string_view target) {
  return target.rfind("/api/v1/files", 0) == 0 || target.rfind("/min-side/erklaeringer/", 0) == 0 ||
         target.rfind("/min-side/godkjenninger", 0) == 0;
}
constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
constexpr std::chrono::seconds kReadTimeout{30};
constexpr std::chrono::seconds kWriteTimeout{30};
constexpr int kBacklog = 1024;
// After a refused body, what the client still sends is read and dropped (up to this much, for
// this long) before closing: closing with unread data would reset the connection, and a browser
// would show a network error instead of our message.
constexpr std::size_t kDrainLimit = std::size_t{16} * 1024 * 1024;
constexpr std::chrono::seconds kDrainTimeout{5};
// When accept() fails for want of file descriptors, wait this long before trying again rather
// than spinning on the same error.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

// Sent on every response, whatever its type. The pages have no scripts and no inline styles;
// the design system's CSS draws icons with data: SVG images.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; script-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'";
constexpr const char* kHstsValue = "max-age=31536000";

// A problem+json body for errors found before a request reaches the router.
Response EarlyProblem(int status, const std::string& type, const std::string& title,
                      const std::string& detail) {
  std::string body = R"({"type":"/api/v1/problems/)" + type + R"(","title":")" + title +
                     R"(","status":)" + std::to_string(status) + R"(,"detail":")" + detail +
                     R"(","instance":null})";
  return Response::Text(status, "application/problem+json", body);
}

const char* ReasonText(int status) {
  return bhttp::obsolete_reason(static_cast<bhttp::status>(status)).data();
}

// Open connections, in total and per client key. Thread-safe.
class ConnectionCounter {
 public:
  ConnectionCounter(std::size_t max_total, std::size_t max_per_key)
      : max_total_(max_total), max_per_key_(max_per_key) {}

  // Counts a new connection and returns true when it fits under both limits (an empty key
  // counts only towards the total).
  bool TryAdd(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return false;
    if (!key.empty()) {
      std::size_t& n = per_key_[key];
      if (n >= max_per_key_) {
        if (n == 0) per_key_.erase(key);
        return false;
      }
      ++n;
    }
    ++total_;
    return true;
  }

  void Remove(const std::string& key) {
    std::lock_guard lock(mutex_);
    --total_;
    if (key.empty()) return;
    auto it = per_key_.find(key);
    if (it != per_key_.end() && --it->second == 0) per_key_.erase(it);
  }

 private:
  std::mutex mutex_;
  std::size_t max_total_;
  std::size_t max_per_key_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_key_;
};

// What every session shares with the server; outlives the sessions.
struct Shared {
  ServerOptions options;
  ConnectionCounter connections;
  Server::Handler handler;
};

// A counted connection; uncounted when the session ends.
class ConnectionSlot {
 public:
  ConnectionSlot(ConnectionCounter& counter, std::string key)
      : counter_(counter), key_(std::move(key)) {}
  ~ConnectionSlot() { counter_.Remove(key_); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  ConnectionCounter& counter_;
  std::string key_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Shared& shared, IpAddress peer, std::string slot_key,
          ConnectionCounter& counter)
      : stream_(std::move(socket)),
        shared_(shared),
        peer_(peer),
        slot_(counter, std::move(slot_key)) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    // The limit of the path is applied once the target is known (OnHeader); until then the
    // largest, because Beast checks Content-Length against it while parsing the header.
    parser_->body_limit(kUploadBodyLimit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kReadTimeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    auto target = parser_->get().target();
    std::size_t limit = IsUploadPath(std::string_view(target.data(), target.size()))
                            ? kUploadBodyLimit
                            : kBodyLimit;
    auto length = parser_->content_length();
    if (length && *length > limit) return TooLarge();
    parser_->body_limit(limit);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->OnRead(ec2); });
  }

  // The request's header fields (not its body) as the handler sees them.
  Request FromHeader() {
    auto& req = parser_->get();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    auto header = [&req](bhttp::field field) {
      auto it = req.find(field);
      return it == req.end() ? std::string() : std::string(it->value());
    };
    request.if_none_match = header(bhttp::field::if_none_match);
    request.content_type = header(bhttp::field::content_type);
    request.cookie = header(bhttp::field::cookie);
    request.authorization = header(bhttp::field::authorization);
    request.origin = header(bhttp::field::origin);
    request.host = header(bhttp::field::host);
    std::string forwarded;
    for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
      if (!forwarded.empty()) forwarded += ',';
      forwarded += std::string(it->value());
    }
    IpAddress client = ClientAddress(peer_, forwarded, shared_.options.trusted_proxies);
    request.client_address = client.ToString();
    request.remote_address = LimitKey(client);
    if (!ParseTarget(request.target, request.path, request.query)) {
      request.error = RequestError::kBadTarget;
      request.query.clear();
    }
    return request;
  }

  // The body is over the limit: the router explains, then the connection is drained and closed.
  void TooLarge() {
    Request request = FromHeader();
    request.error = RequestError::kBodyTooLarge;
    drain_ = true;
    Handle(request, false);
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == bhttp::error::body_limit && parser_->is_header_done()) return TooLarge();
    if (ec) {
      return Reply(EarlyProblem(400, "bad-request", "Ugyldig HTTP-forespørsel",
                                "Forespørselen kunne ikke leses som HTTP/1.1."),
                   false, "", "");
    }
    Request request = FromHeader();
    request.body = std::move(parser_->get().body());
    Handle(request, parser_->get().keep_alive());
  }

  void Handle(const Request& request, bool keep_alive) {
    Response response;
    try {
      response = shared_.handler(request);
    } catch (const std::exception& e) {
      LogError("handler failed", {{"target", LoggableTarget(request.target)}, {"error", e.what()}});
      response = EarlyProblem(500, "internal", "Intern feil", "Noe gikk galt hos oss.");
    }
    Reply(response, keep_alive, request.method, request.target);
  }

  void Reply(const Response& response, bool keep_alive, const std::string& method,
             const std::string& target) {
    body_ = response.body;
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(response.status));
    res_.reason(ReasonText(response.status));
    res_.set(bhttp::field::server, "helsekrav");
    res_.set(bhttp::field::date,
             HttpDate(shared_.options.clock != nullptr ? shared_.options.clock->Now()
                                                       : std::chrono::system_clock::now()));
    if (response.status != 304) res_.set(bhttp::field::content_type, response.content_type);
    if (!response.etag.empty()) res_.set(bhttp::field::etag, response.etag);
    res_.set(bhttp::field::cache_control, response.cache_control);
    res_.set("X-Content-Type-Options", "nosniff");
    res_.set("Content-Security-Policy", kContentSecurityPolicy);
    res_.set("X-Frame-Options", "DENY");
    res_.set("Referrer-Policy", "same-origin");
    if (shared_.options.hsts) res_.set("Strict-Transport-Security", kHstsValue);
    for (const auto& [name, value] : response.headers) res_.insert(name, value);
    res_.keep_alive(keep_alive);
    bool head = method == "HEAD";
    if (body_ && response.status != 304) {
      res_.body() = bhttp::span_body<const char>::value_type(body_->data(), body_->size());
      res_.prepare_payload();
      if (head) res_.body() = {};
    } else {
      res_.content_length(0);
    }
    if (shared_.options.access_log && !method.empty()) {
      LogInfo("request", {{"method", method},
                          {"target", LoggableTarget(target)},
                          {"status", std::to_string(response.status)}});
    }
    stream_.expires_after(kWriteTimeout);
    if (head) {
      serializer_.emplace(res_);
      bhttp::async_write_header(
          stream_, *serializer_,
          [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
            self->OnWrite(ec, keep_alive);
          });
      return;
    }
    bhttp::async_write(stream_, res_,
                       [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                         self->OnWrite(ec, keep_alive);
                       });
  }

  void OnWrite(beast::error_code ec, bool keep_alive) {
    serializer_.reset();
    body_.reset();
    if (ec || !keep_alive) {
      Close();
      if (!ec && drain_) Drain();
      return;
    }
    Read();
  }

  void Drain() {
    stream_.expires_after(kDrainTimeout);
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kDrainLimit) return;
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::span_body<const char>> res_;
  std::optional<bhttp::response_serializer<bhttp::span_body<const char>>> serializer_;
  std::shared_ptr<const std::string> body_;  // keeps the response bytes alive while writing
  const Shared& shared_;
  IpAddress peer_;
  ConnectionSlot slot_;
  bool drain_ = false;
  std::size_t drained_ = 0;
  std::array<char, 16384> drain_buffer_{};
};

IpAddress FromAsio(const asio::ip::address& address) {
  IpAddress out;
  if (address.is_v4()) {
    out = *ParseIpAddress("::ffff:0.0.0.0");
    auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.bytes.begin() + 12);
  } else {
    auto bytes = address.to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
  }
  return out;
}

// The answer to a connection over the limits: written without waiting, then closed.
std::string OverLimitResponse(bool hsts) {
  std::string body = "For mange samtidige forbindelser. Prøv igjen om litt.\n";
  std::string response =
      "HTTP/1.1 503 Service Unavailable\r\nServer: helsekrav\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n"
      "Retry-After: 1\r\nX-Content-Type-Options: nosniff\r\n"
      "Content-Security-Policy: " +
      std::string(kContentSecurityPolicy) +
      "\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n";
  if (hsts) response += "Strict-Transport-Security: " + std::string(kHstsValue) + "\r\n";
  return response + "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

struct Server::Impl {
  Impl(const ServerOptions& o, Handler h)
      : shared{o, ConnectionCounter(o.max_connections, o.max_connections_per_client), std::move(h)},
        options(shared.options),
        threads(options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        io(threads),
        acceptor(asio::make_strand(io)),
        accept_timer(acceptor.get_executor()),
        signals(io, SIGINT, SIGTERM),
        over_limit(OverLimitResponse(options.hsts)) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE ||
          ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
        if (!backing_off) LogWarn("accept failed, backing off", {{"error", ec.message()}});
        backing_off = true;
        accept_timer.expires_after(kAcceptBackoff);
        accept_timer.async_wait([this](beast::error_code timer_ec) {
          if (!timer_ec) Accept();
        });
        return;
      }
      backing_off = false;
      if (!ec) Admit(std::move(socket));
      Accept();
    });
  }

  // Starts a session for the connection, or answers 503 and closes it when over a limit.
  void Admit(tcp::socket socket) {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return;
    IpAddress peer = FromAsio(endpoint.address());
    bool proxy = std::any_of(options.trusted_proxies.begin(), options.trusted_proxies.end(),
                             [&peer](const IpNetwork& n) { return n.Contains(peer); });
    std::string key = proxy ? "" : LimitKey(peer);
    if (!shared.connections.TryAdd(key)) {
      socket.non_blocking(true, ec);
      socket.write_some(asio::buffer(over_limit), ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
      return;  // closed by the destructor
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<Session>(std::move(socket), shared, peer, std::move(key), shared.connections)
        ->Start();
  }

  void Schedule(const std::shared_ptr<asio::steady_timer>& timer,
                std::chrono::milliseconds interval,
                const std::shared_ptr<std::function<void()>>& task) {
    timer->expires_after(interval);
    timer->async_wait([this, timer, interval, task](beast::error_code ec) {
      if (ec) return;
      try {
        (*task)();
      } catch (const std::exception& e) {
        LogError("background task failed", {{"error", e.what()}});
      }
      Schedule(timer, interval, task);
    });
  }

  Shared shared;
  const ServerOptions& options;
  int threads;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer accept_timer;  // on the acceptor's strand
  bool backing_off = false;         // accessed on the acceptor's strand only
  asio::signal_set signals;
  std::string over_limit;
  std::vector<std::shared_ptr<asio::steady_timer>> timers;
};

Server::Server(const ServerOptions& options, Handler handler)
    : impl_(std::make_unique<Impl>(options, std::move(handler))) {}

Server::~Server() = default;

Status Server::Listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return Status::Invalid("listen", "Ugyldig adresse «" + impl_->options.host + "»");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(kBacklog, ec);
  if (ec) {
    return Status::Unavailable("Kan ikke lytte på " + impl_->options.host + ":" +
                               std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return Status::Ok();
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Every(std::chrono::milliseconds interval, std::function<void()> task) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io);
  impl_->timers.push_back(timer);
  impl_->Schedule(timer, interval, std::make_shared<std::function<void()>>(std::move(task)));
}

void Server::Run() {
  impl_->signals.async_wait([this](beast::error_code, int) { Stop(); });
  impl_->Accept();
  std::vector<std::thread> workers;
  for (int i = 1; i < impl_->threads; ++i) workers.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : workers) t.join();
}

void Server::Stop() {
  asio::post(impl_->io, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->accept_timer.cancel();
    impl_->signals.cancel(ec);
    for (auto& timer : impl_->timers) timer->cancel();
    impl_->io.stop();
  });
}

}  // namespace helsekrav::http
