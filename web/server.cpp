#include "web/server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cctype>
#include <cstdio>
#include <deque>
#include <optional>
#include <stdexcept>

namespace web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr std::size_t kMaxRequestBody = 8 * 1024;        // requests carry no payload worth more
constexpr auto kHttpTimeout = std::chrono::seconds(30);  // a silent client is dropped
// Waits before accepting again after a failed accept (out of file descriptors, mostly): the
// waiting connection stays in the listen queue, so retrying at once would spin.
constexpr std::chrono::milliseconds kAcceptBackoffFirst{100};
constexpr std::chrono::milliseconds kAcceptBackoffMost{1000};

// The host and port of a Host header or of an origin's authority ("127.0.0.1:8080",
// "[::1]:8080", "localhost"), as RFC 3986 writes them: a bracketed IPv6 address, a dotted IPv4
// address or a DNS name (lowercased), and an optional decimal port.
struct Authority {
  std::optional<net::ip::address> address;  // an IP literal
  std::string name;                         // otherwise
  std::optional<unsigned> port;
};

// Addresses compare as IPv4 when they are IPv4-mapped IPv6 (a dual-stack socket's view).
net::ip::address plain(const net::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6());
  return a;
}

bool is_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (const char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  return true;
}

std::optional<Authority> parse_authority(std::string_view s) {
  Authority a;
  std::string_view host = s;
  std::string_view port;
  if (s.starts_with('[')) {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    beast::error_code ec;
    const auto v6 = net::ip::make_address_v6(std::string(s.substr(1, close - 1)), ec);
    if (ec) return std::nullopt;
    a.address = plain(v6);
    const std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return std::nullopt;
      port = rest.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    const std::size_t colon = s.find(':');
    if (colon != std::string_view::npos) {
      host = s.substr(0, colon);
      port = s.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (!is_name(host)) return std::nullopt;
    beast::error_code ec;
    const auto v4 = net::ip::make_address_v4(std::string(host), ec);
    if (!ec) {
      a.address = net::ip::address(v4);
    } else {
      for (const char c : host)
        a.name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!port.empty()) {
    if (port.size() > 5) return std::nullopt;
    unsigned n = 0;
    for (const char c : port) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (n > 65535) return std::nullopt;
    a.port = n;
  }
  return a;
}

template <class Name>
std::string_view field(const http::request<http::string_body>& req, Name name) {
  const auto it = req.find(name);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

// A file name that cannot end the Content-Disposition header, add another header or leave its
// quotes: a scenario's name comes from a user's file name.
std::string safe_file_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}
}  // namespace

struct Server::Impl {
  Options options;
  std::vector<Asset> assets;
  MakeHandler make_handler;
  OnDemand on_demand;
  // What a Host header may name besides loopback and the connection's own address.
  std::vector<std::string> allowed_names{"localhost"};
  std::vector<net::ip::address> allowed_addresses;
  unsigned short bound_port = 0;
  // Declared before the io_context: sessions still queued in it when it is destroyed count down.
  std::atomic<std::size_t> open_sessions{0};
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  net::steady_timer accept_timer{ioc};
  std::chrono::milliseconds accept_backoff{0};

  const Asset* asset(std::string_view path) const {
    for (const Asset& a : assets)
      if (a.path == path) return &a;
    return nullptr;
  }

  // Whether `authority` (a Host header, or an origin without its scheme) names this server as
  // reached through a connection to `local`: the port listened on (none only for port 80), and
  // loopback, `local` itself (one of this machine's addresses: with --host 0.0.0.0, whichever
  // interface the browser used), or a host allowed by name. A page under any other name (DNS
  // rebinding: the attacker's name resolving to this machine) is not this server's.
  bool addressed_here(std::string_view authority, const net::ip::address& local) const {
    const std::optional<Authority> a = parse_authority(authority);
    if (!a || a->port.value_or(80) != bound_port) return false;
    if (a->address) {
      const net::ip::address ip = *a->address;
      if (ip == net::ip::address(net::ip::address_v4::loopback()) ||
          ip == net::ip::address(net::ip::address_v6::loopback()) || ip == plain(local))
        return true;
      for (const auto& allowed : allowed_addresses)
        if (ip == allowed) return true;
      return false;
    }
    for (const std::string& allowed : allowed_names)
      if (a->name == allowed) return true;
    return false;
  }

  void accept();
};

namespace {

// One WebSocket session: reads the browser's messages, ticks its handler, writes frames in order.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket socket, Server::Impl& server)
      : ws_(std::move(socket)), server_(server), timer_(ws_.get_executor()) {}

  void run(http::request<http::string_body> request) {
    ++server_.open_sessions;
    counted_ = true;
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(server_.options.max_message);
    ws_.text(true);
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->start();
    });
  }

  ~WsSession() {
    if (counted_) --server_.open_sessions;
  }

 private:
  void start() {
    try {
      handler_ = server_.make_handler();
      Outbox out;
      handler_->on_open(out);
      send(out);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "twinsim serve: a session failed to open: %s\n", e.what());
      return close();
    }
    read();
    tick();
  }

  void read() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();  // closed by the browser, too large, or a network error
      const std::string text = beast::buffers_to_string(self->in_.data());
      self->in_.consume(self->in_.size());
      self->handle([&](Outbox& out) { self->handler_->on_message(text, out); });
      if (self->closed_) return;
      // A browser that sends but does not read what it is sent: its replies would pile up here,
      // so it is not read from (its messages wait in its own socket) until its frames drain.
      if (self->backlogged())
        self->reading_ = false;
      else
        self->read();
    });
  }

  // Frames wait for the browser beyond the limits (at most one handler's output over them).
  bool backlogged() const {
    return queue_.size() >= server_.options.max_queued ||
           queued_bytes_ >= server_.options.max_queued_bytes;
  }

  void tick() {
    timer_.expires_after(server_.options.tick);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      // A browser that does not read its frames gets no new ones: memory stays bounded.
      if (!self->backlogged()) self->handle([&](Outbox& out) { self->handler_->on_tick(out); });
      if (!self->closed_) self->tick();
    });
  }

  template <class F>
  void handle(F&& f) {
    Outbox out;
    try {
      f(out);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "twinsim serve: a session failed: %s\n", e.what());
      return close();
    }
    send(out);
  }

  void send(Outbox& out) {
    for (std::string& frame : out) {
      queued_bytes_ += frame.size();
      queue_.push_back(std::move(frame));
    }
    if (!writing_) write_next();
  }

  void write_next() {
    if (queue_.empty() || closed_) {
      writing_ = false;
      return;
    }
    writing_ = true;
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->close();
                      self->queued_bytes_ -= self->queue_.front().size();
                      self->queue_.pop_front();
                      if (!self->reading_ && !self->closed_ && !self->backlogged()) {
                        self->reading_ = true;
                        self->read();
                      }
                      self->write_next();
                    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    timer_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  websocket::stream<beast::tcp_stream> ws_;
  Server::Impl& server_;
  net::steady_timer timer_;
  beast::flat_buffer in_;
  std::unique_ptr<Handler> handler_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool reading_ = true;  // a read is pending (or about to be): false while backlogged
  bool writing_ = false;
  bool closed_ = false;
  bool counted_ = false;
};

// One HTTP connection: files, downloads, or the upgrade to a WebSocket session.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(kHttpTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->shut();
                       self->dispatch(self->parser_->release());
                     });
  }

 private:
  void dispatch(http::request<http::string_body> req) {
    const std::string_view target(req.target().data(), req.target().size());
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
    host_.clear();
    beast::error_code ec;
    const net::ip::address local = stream_.socket().local_endpoint(ec).address();
    // Before anything else: a request for another name is not ours (DNS rebinding), whatever
    // its path.
    const std::string_view host = field(req, http::field::host);
    if (ec || !server_.addressed_here(host, local))
      return refuse(req, http::status::misdirected_request,
                    "Misdirected request: the Host header must name this server as it was "
                    "started (127.0.0.1, [::1], localhost, its --host address, or a name given "
                    "with --allow-host) with its port\n");
    host_ = host;
    // A browser names the page that makes a request (always for WebSockets and scripts' POSTs,
    // for some GETs): a page from another site, or from a name that is not this server's, must
    // not drive sessions (cross-site WebSocket hijacking) nor fetch downloads. No Origin: not a
    // page's request (curl, a link followed, an address typed).
    if (const auto origin = req.find(http::field::origin); origin != req.end()) {
      const std::string_view o(origin->value().data(), origin->value().size());
      if (!o.starts_with("http://") || !server_.addressed_here(o.substr(7), local))
        return refuse(req, http::status::forbidden,
                      "Forbidden: the page is not from this server\n");
    }
    if (websocket::is_upgrade(req)) {
      if (path != "/ws") return reply(req, http::status::not_found, "text/plain", "Not found\n");
      // Every browser names the page that opens a WebSocket (RFC 6455): one that names none is
      // not from a page of this server, and a client that is no browser can send this server's.
      if (req.find(http::field::origin) == req.end())
        return refuse(req, http::status::forbidden,
                      "Forbidden: a WebSocket needs an Origin naming this server\n");
      if (server_.open_sessions >= server_.options.max_sessions)
        return reply(req, http::status::service_unavailable, "text/plain",
                     "Too many sessions: close another tab or wait\n");
      stream_.expires_never();
      std::make_shared<WsSession>(stream_.release_socket(), server_)->run(std::move(req));
      return;
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head)
      return reply(req, http::status::method_not_allowed, "text/plain", "Only GET\n");
    if (const Asset* a = server_.asset(path))
      return reply(req, http::status::ok, a->content_type, a->body);
    if (server_.on_demand) {
      // A file made on demand costs the server's time: not for another site's page, even one
      // that asks without an Origin (an <img> or a no-cors fetch; browsers say who asks in
      // Sec-Fetch-Site: none for an address typed, same-origin for this server's own page).
      const std::string_view site = field(req, "Sec-Fetch-Site");
      if (!site.empty() && site != "same-origin" && site != "none")
        return refuse(req, http::status::forbidden,
                      "Forbidden: another site's page asked for this file\n");
      std::unique_ptr<Download> d;
      try {
        d = server_.on_demand(path, query);
      } catch (const std::invalid_argument& e) {
        return reply(req, http::status::bad_request, "text/plain", std::string(e.what()) + "\n");
      } catch (const std::exception& e) {
        std::fprintf(stderr, "twinsim serve: %.*s failed: %s\n", static_cast<int>(path.size()),
                     path.data(), e.what());
        return reply(req, http::status::internal_server_error, "text/plain",
                     std::string(e.what()) + "\n");
      }
      if (d) return reply(req, http::status::ok, d->content_type, std::move(d->body), d->file_name);
    }
    reply(req, http::status::not_found, "text/plain", "Not found\n");
  }

  // A refusal: plain text, and the connection closed after it.
  void refuse(const http::request<http::string_body>& req, http::status status,
              std::string_view why) {
    reply(req, status, "text/plain; charset=utf-8", std::string(why), {}, false);
  }

  void reply(const http::request<http::string_body>& req, http::status status,
             std::string_view type, std::string body, std::string_view file_name = {},
             bool keep_alive = true) {
    auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
    res->set(http::field::server, "twinsim");
    res->set(http::field::content_type, std::string(type));
    res->set(http::field::cache_control, "no-store");
    // The page runs only its own script and style (no inline code: an injected <script> does
    // not run), talks only to this server (its WebSocket named for browsers whose 'self' does
    // not cover ws:), and is never framed (clickjacking); the favicon is a data: URL.
    std::string csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'";
    if (!host_.empty()) csp += " ws://" + host_;
    csp += "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    res->set("Content-Security-Policy", csp);
    res->set(http::field::x_frame_options, "DENY");
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Referrer-Policy", "no-referrer");
    res->set("Cross-Origin-Resource-Policy", "same-origin");
    if (!file_name.empty())
      res->set(http::field::content_disposition,
               "attachment; filename=\"" + safe_file_name(file_name) + "\"");
    res->keep_alive(keep_alive && req.keep_alive());
    if (req.method() != http::verb::head) res->body() = std::move(body);
    res->prepare_payload();
    if (req.method() == http::verb::head) res->content_length(body.size());
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec || !res->keep_alive()) return self->shut();
                        self->read();
                      });
  }

  void shut() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string host_;  // the current request's Host, once found to be this server's
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      accept_backoff = std::chrono::milliseconds(0);
      std::make_shared<HttpSession>(std::move(socket), *this)->read();
      return accept();
    }
    // Asio retries by itself what concerns one connection (aborted before it was accepted);
    // what reaches here is the process's or the system's: out of file descriptors (EMFILE,
    // ENFILE) or memory. The connection waits in the listen queue meanwhile, so retrying at
    // once would spin; wait, longer while it lasts, and say so once.
    if (accept_backoff.count() == 0)
      std::fprintf(stderr, "twinsim serve: cannot accept connections (%s); trying again\n",
                   ec.message().c_str());
    accept_backoff = accept_backoff.count() == 0 ? kAcceptBackoffFirst
                                                 : std::min(2 * accept_backoff, kAcceptBackoffMost);
    accept_timer.expires_after(accept_backoff);
    accept_timer.async_wait([this](beast::error_code wait) {
      if (!wait && acceptor.is_open()) accept();
    });
  });
}

Server::Server(Options options, std::vector<Asset> assets, MakeHandler make_handler,
               OnDemand on_demand)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->assets = std::move(assets);
  impl_->make_handler = std::move(make_handler);
  impl_->on_demand = std::move(on_demand);
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec)
    throw std::invalid_argument("--host " + impl_->options.host +
                                ": not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every "
                                "interface)");
  for (const std::string& allowed : impl_->options.allowed_hosts) {
    const std::optional<Authority> a = parse_authority(allowed);
    const std::optional<Authority> bracketed =
        a ? a : parse_authority("[" + allowed + "]");  // an IPv6 address without brackets
    if (!bracketed || bracketed->port)
      throw std::invalid_argument("--allow-host " + allowed +
                                  ": expected a host name or an IP address, without a port "
                                  "(e.g. trainer-laptop.local)");
    if (bracketed->address)
      impl_->allowed_addresses.push_back(*bracketed->address);
    else
      impl_->allowed_names.push_back(bracketed->name);
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  tcp::acceptor& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) {
    a.bind(endpoint, ec);
    // The port taken, or not this user's to take: bad input, which another --port fixes.
    if (ec)
      throw std::invalid_argument("--port " + std::to_string(impl_->options.port) +
                                  ": cannot listen on " + impl_->options.host + ":" +
                                  std::to_string(impl_->options.port) + ": " + ec.message() +
                                  " (choose another port; 0: any free one)");
  }
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->bound_port = a.local_endpoint().port();
}

Server::~Server() = default;

unsigned short Server::port() const {
  return impl_->bound_port;
}

std::size_t Server::sessions() const {
  return impl_->open_sessions;
}

void Server::run(bool until_signal) {
  net::signal_set signals(impl_->ioc);
  if (until_signal) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](beast::error_code, int) { stop(); });
  }
  impl_->accept();
  impl_->ioc.run();
}

void Server::stop() {
  net::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->accept_timer.cancel();
    impl_->ioc.stop();
  });
}

}  // namespace web
