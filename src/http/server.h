#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio). It owns sockets, timeouts, body limits and
// keep-alive; it turns each request into an http::Request, calls the handler on an I/O thread
// and writes the handler's Response without copying its body. Beast stays inside server.cc.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace helsekrav::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = any free port
  int threads = 0;             // 0 = one per hardware thread
  bool access_log = true;      // one JSON log line per request
};

class Server {
 public:
  using Handler = std::function<Response(const Request&)>;

  Server(ServerOptions options, Handler handler);
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
