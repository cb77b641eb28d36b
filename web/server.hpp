// A small local web server (Boost.Beast over Asio): fixed assets over HTTP, and one WebSocket
// session per browser tab at /ws, each with a handler of its own. Knows nothing of simulations:
// `twinsim serve` (app/classroom.hpp) gives it the page's files and makes the handlers.
//
// One thread runs every connection (no locks in handlers); a handler's work per message or tick
// must stay short (a few milliseconds). Bounded: at most `max_sessions` WebSockets at once (more
// are refused with 503), messages above `max_message` bytes close the socket, and while a
// session's browser does not read its frames (`max_queued` frames or `max_queued_bytes` bytes
// wait), the session is neither ticked nor read from. Out of file descriptors, it waits before
// accepting again (100 ms, doubling to 1 s) instead of retrying at once.
//
// Only requests addressed to this server are answered (against DNS rebinding: a page under
// another name that resolves to this machine): the Host header must name 127.0.0.1, [::1],
// localhost, the address the connection came in on, or one of `allowed_hosts`, with the port
// listened on (421 otherwise). A request with an Origin (a browser page's) must come from such an
// http:// origin, and a file made on demand must not be asked for by another site (403).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace web {

/// A file the server answers GET requests for, at exactly `path` (no other path is served: there
/// is no file system behind the server).
struct Asset {
  std::string path;          // "/", "/app.js"
  std::string content_type;  // "text/html; charset=utf-8"
  std::string body;
};

/// Frames a handler sends to its browser (text), in order.
using Outbox = std::vector<std::string>;

/// What one WebSocket session does. Created when a browser connects, destroyed when it leaves.
class Handler {
 public:
  virtual ~Handler() = default;
  /// Frames sent as soon as the session opens.
  virtual void on_open(Outbox& out) = 0;
  /// A text message from the browser.
  virtual void on_message(std::string_view text, Outbox& out) = 0;
  /// Called every Options::tick while the session is open and its browser keeps up.
  virtual void on_tick(Outbox& out) = 0;
};

/// A request for a file made on demand (GET `path` with a query string, e.g. a download): the
/// handler of the session named in the query answers it, or nothing (404).
struct Download {
  std::string content_type;
  std::string file_name;  // offered to the browser (Content-Disposition); characters other than
                          // ASCII letters, digits, '.', '_' and '-' are sent as '_'
  std::string body;
};

struct Options {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  unsigned short port = 8080;      // 0: any free port (see Server::port)
  std::size_t max_sessions = 32;
  std::size_t max_message = 4096;  // bytes per message from a browser
  std::size_t max_queued = 64;     // frames waiting for a slow browser before ticks and reads pause
  std::size_t max_queued_bytes = std::size_t{1} << 20;  // the same, in bytes of those frames
  /// Names (or addresses) a Host header may carry besides the loopback ones and the address a
  /// connection came in on, e.g. the machine's name on the class's network. No port.
  std::vector<std::string> allowed_hosts;
  std::chrono::milliseconds tick{50};
};

class Server {
 public:
  using MakeHandler = std::function<std::unique_ptr<Handler>()>;
  /// Answers GET `path?query` for paths not among the assets (nullptr: 404).
  using OnDemand =
      std::function<std::unique_ptr<Download>(std::string_view path, std::string_view query)>;

  /// Binds host:port at once. Throws std::invalid_argument for a host that is not an address, an
  /// allowed host that is not a name or an address, or a port that cannot be bound (in use, or
  /// privileged), std::runtime_error for other failures.
  Server(Options options, std::vector<Asset> assets, MakeHandler make_handler,
         OnDemand on_demand = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The port bound (the one asked for, or the one the system chose for port 0).
  unsigned short port() const;
  /// Serves until stop() (from any thread) or SIGINT/SIGTERM when `until_signal`.
  void run(bool until_signal = true);
  void stop();
  /// WebSocket sessions open now.
  std::size_t sessions() const;

  struct Impl;  // the connections' shared state (server.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace web
