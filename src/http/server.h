#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio). It owns sockets, timeouts, body limits and
// keep-alive; it turns each request into an http::Request, calls the handler on an I/O thread
// and writes the handler's Response without copying its body. Beast stays inside server.cc.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "http/client_address.h"
#include "http/message.h"

namespace helsekrav::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = any free port
  int threads = 0;             // 0 = one per hardware thread
  bool access_log = true;      // one JSON log line per request
  // Strict-Transport-Security on every response; only when the public base URL is https.
  bool hsts = false;
  // Open connections at most, in total and per client (http/client_address.h LimitKey of the
  // peer; trusted proxies count only towards the total). Connections over either limit get a
  // short 503 and are closed at once, so idle sockets cannot use up the file descriptors.
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_client = 64;
  // Peers whose X-Forwarded-For is believed (Request::client_address).
  std::vector<IpNetwork> trusted_proxies;
  // The source of every response's Date header (RFC 9110 §6.6.1); null = the system clock. Not
  // owned; must outlive the server.
  const Clock* clock = nullptr;
};

class Server {
 public:
  using Handler = std::function<Response(const Request&)>;

  Server(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Invalid for a bad host, Unavailable when the port is taken.
  Status Listen();
  // The bound port (after Listen).
  unsigned short port() const;
  // Runs `task` every `interval` on an I/O thread until Stop().
  void Every(std::chrono::milliseconds interval, std::function<void()> task);
  // Serves until Stop() or SIGINT/SIGTERM; blocks.
  void Run();
  // Thread-safe.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace helsekrav::http
