#include "http/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <thread>
#include <vector>

#include "core/log.h"

namespace helsekrav::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kBodyLimit = std::size_t{1024} * 1024;  // request bodies
// Evidence uploads (files of up to 5 MiB, several per declaration form).
constexpr std::size_t kUploadBodyLimit = std::size_t{12} * 1024 * 1024;

// Paths that accept file uploads get the larger body limit.
bool IsUploadPath(std::string_view target) {
  return target.rfind("/api/v1/files", 0) == 0 || target.rfind("/min-side/erklaeringer/", 0) == 0;
}
constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
constexpr std::chrono::seconds kReadTimeout{30};
constexpr std::chrono::seconds kWriteTimeout{30};
constexpr int kBacklog = 1024;

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

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Server::Handler& handler, bool access_log)
      : stream_(std::move(socket)), handler_(handler), access_log_(access_log) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kReadTimeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    auto target = parser_->get().target();
    if (IsUploadPath(std::string_view(target.data(), target.size()))) {
      parser_->body_limit(kUploadBodyLimit);
    }
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->OnRead(ec2); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      return Reply(EarlyProblem(413, "too-large", "For stor forespørsel",
                                "Forespørselen kan være på høyst 1 MiB (12 MiB ved opplasting "
                                "av filer)."),
                   false, "", "");
    }
    if (ec) {
      return Reply(EarlyProblem(400, "bad-request", "Ugyldig HTTP-forespørsel",
                                "Forespørselen kunne ikke leses som HTTP/1.1."),
                   false, "", "");
    }
    auto& req = parser_->get();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.body = std::move(req.body());
    auto header = [&req](bhttp::field field) {
      auto it = req.find(field);
      return it == req.end() ? std::string() : std::string(it->value());
    };
    request.if_none_match = header(bhttp::field::if_none_match);
    request.content_type = header(bhttp::field::content_type);
    request.cookie = header(bhttp::field::cookie);
    request.authorization = header(bhttp::field::authorization);
    request.origin = header(bhttp::field::origin);
    beast::error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    if (!peer_ec) request.remote_address = peer.address().to_string();
    bool keep_alive = req.keep_alive();
    if (!ParseTarget(request.target, request.path, request.query)) {
      return Reply(EarlyProblem(400, "bad-request", "Ugyldig adresse",
                                "Adressen har ugyldig prosentkoding."),
                   keep_alive, request.method, request.target);
    }
    Response response;
    try {
      response = handler_(request);
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
    if (response.status != 304) res_.set(bhttp::field::content_type, response.content_type);
    if (!response.etag.empty()) res_.set(bhttp::field::etag, response.etag);
    res_.set(bhttp::field::cache_control, response.cache_control);
    res_.set("X-Content-Type-Options", "nosniff");
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
    if (access_log_ && !method.empty()) {
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
    if (ec || !keep_alive) return Close();
    Read();
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
  const Server::Handler& handler_;
  bool access_log_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Handler h)
      : options(std::move(o)),
        handler(std::move(h)),
        threads(options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        io(threads),
        acceptor(asio::make_strand(io)),
        signals(io, SIGINT, SIGTERM) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), handler, options.access_log)->Start();
      }
      Accept();
    });
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

  ServerOptions options;
  Handler handler;
  int threads;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::vector<std::shared_ptr<asio::steady_timer>> timers;
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

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
    impl_->signals.cancel(ec);
    for (auto& timer : impl_->timers) timer->cancel();
    impl_->io.stop();
  });
}

}  // namespace helsekrav::http
