// `twinsim serve`: the classroom view in the browser, two worlds side by side (docs/serve.md).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "app/classroom.hpp"
#include "app/commands.hpp"
#include "app/embedded.hpp"
#include "sim/error.hpp"
#include "sim/temporary_folder.hpp"
#include "twinsim/version.hpp"
#include "web/server.hpp"

namespace twinsim::app {

void add_serve_command(CLI::App& app, ServeOptions& o) {
  auto* cmd = app.add_subcommand(
      "serve",
      "A live classroom view in the browser: the same world with and without the project, side "
      "by side, month by month, with sliders for market growth, clients, support, strategy and "
      "the donor crisis (docs/serve.md)");
  cmd->add_option("scenario", o.scenario,
                  "Offer only this scenario file (default: the teaching scenarios built into "
                  "twinsim, scenarios/teaching/*.toml)");
  cmd->add_option("--port", o.port, "TCP port (default 8080; 0: any free port, printed)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", o.host,
                  "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 lets a "
                  "class's browsers on the network connect, at this machine's addresses)");
  cmd->add_option("--allow-host", o.allow_hosts,
                  "A name the class's browsers may use for this machine besides its addresses "
                  "and localhost, e.g. trainer-laptop.local (repeatable; pages under any other "
                  "name are refused, against DNS rebinding)")
      ->allow_extra_args(false);
  cmd->add_option("--max-sessions", o.max_sessions,
                  "Browser tabs served at once (default 32; each runs two small worlds)")
      ->check(CLI::Range(1, 1000));
}

namespace {
// GET /download?scenario=...&growth=...: the file `twinsim compare SCENARIO --set <the settings'
// overrides> --replicates 1` writes (docs/serve.md), made in a temporary folder that is removed
// after. Runs on the server's thread: a class's other tabs wait the fraction of a second it takes.
std::unique_ptr<web::Download> download(const std::vector<TeachingScenario>& scenarios,
                                        const ClassroomLimits& limits, std::string_view query) {
  const ClassroomSettings s = parse_settings(parse_form(query), scenarios, limits);
  const TeachingScenario* t = nullptr;
  for (const TeachingScenario& candidate : scenarios)
    if (candidate.name == s.scenario) t = &candidate;
  const sim::TemporaryFolder folder("twinsim-serve-");
  const std::filesystem::path& dir = folder.path();
  const std::filesystem::path scenario = dir / (t->name + ".toml");
  const std::filesystem::path output = dir / (t->name + "_compare.h5");
  {
    std::ofstream out(scenario, std::ios::binary);
    out << t->text;
    if (!out) throw std::runtime_error("cannot write " + scenario.string());
  }
  CompareOptions c;
  c.scenario = scenario.string();
  c.common.overrides = classroom_overrides(*t, s);
  c.common.replicates = 1;
  c.common.output = output.string();
  c.common.threads = 1;
  c.quiet = true;
  compare_command(c);
  std::ifstream in(output, std::ios::binary);
  auto d = std::make_unique<web::Download>();
  d->content_type = "application/x-hdf5";
  d->file_name = t->name + "_compare.h5";
  d->body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (d->body.empty()) throw std::runtime_error("the comparison file came out empty");
  return d;
}

// The page's address at `host` (an IPv6 address in brackets).
std::string page_url(const std::string& host, unsigned port) {
  const bool v6 = host.find(':') != std::string::npos && !host.starts_with('[');
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

// This machine's addresses on its networks, for a server on every interface: what the class's
// browsers can use (loopback, and IPv6 link-local addresses that need an interface, left out).
std::vector<std::string> network_addresses(bool with_v6) {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    char text[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      const in_addr a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr;
      if ((ntohl(a.s_addr) >> 24) == 127) continue;
      ::inet_ntop(AF_INET, &a, text, sizeof text);
    } else if (with_v6 && i->ifa_addr->sa_family == AF_INET6) {
      const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr;
      if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_LINKLOCAL(&a)) continue;
      ::inet_ntop(AF_INET6, &a, text, sizeof text);
    } else {
      continue;
    }
    out.emplace_back(text);
  }
  ::freeifaddrs(list);
  return out;
}

// Whether `host` is the address of every interface (0.0.0.0, ::); `v6` says which family.
bool every_interface(const std::string& host, bool& v6) {
  in_addr a4{};
  in6_addr a6{};
  v6 = false;
  if (::inet_pton(AF_INET, host.c_str(), &a4) == 1) return a4.s_addr == 0;
  v6 = ::inet_pton(AF_INET6, host.c_str(), &a6) == 1;
  return v6 && IN6_IS_ADDR_UNSPECIFIED(&a6);
}

const char* content_type(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}
}  // namespace

int serve_command(const ServeOptions& o) {
  // Every scenario is loaded and checked before the server opens: a bad file stops here (exit 2).
  const std::vector<TeachingScenario> scenarios = classroom_scenarios(o.scenario);
  std::vector<web::Asset> assets;
  for (const EmbeddedFile& f : page_files()) {
    const std::string path = f.name == "index.html" ? "/" : "/" + std::string(f.name);
    assets.push_back({path, content_type(f.name), std::string(f.text)});
  }
  web::Options options;
  options.host = o.host;
  options.port = static_cast<unsigned short>(o.port);
  options.max_sessions = o.max_sessions;
  options.allowed_hosts = o.allow_hosts;
  const ClassroomLimits limits;
  std::unique_ptr<web::Server> server;
  try {
    server = std::make_unique<web::Server>(
        options, std::move(assets),
        [&scenarios, limits] { return make_classroom_session(scenarios, limits); },
        [&scenarios, limits](std::string_view path, std::string_view query) {
          return path == "/download" ? download(scenarios, limits, query) : nullptr;
        });
  } catch (const std::invalid_argument& e) {
    throw sim::InputError(e.what());
  }
  // On every interface, the address listened on is no page's: this machine's own browser uses
  // loopback, the class's browsers one of the addresses listed.
  const unsigned port = server->port();
  bool v6 = false;
  const bool everywhere = every_interface(o.host, v6);
  const std::string here = everywhere ? (v6 ? "::1" : "127.0.0.1") : o.host;
  std::printf("TwinSim %s: classroom view at %s (%zu scenario%s; Ctrl-C to stop)\n", kVersion,
              page_url(here, port).c_str(), scenarios.size(), scenarios.size() == 1 ? "" : "s");
  if (everywhere) {
    std::vector<std::string> hosts = network_addresses(v6);
    hosts.insert(hosts.end(), o.allow_hosts.begin(), o.allow_hosts.end());
    std::string urls;
    for (const std::string& h : hosts) urls += (urls.empty() ? "" : ", ") + page_url(h, port);
    std::printf("The class's browsers: %s\n",
                urls.empty() ? "(this machine has no network address now)" : urls.c_str());
  }
  std::fflush(stdout);
  server->run();
  std::printf("Stopped.\n");
  return 0;
}

}  // namespace twinsim::app
