#include "app/classroom.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/embedded.hpp"
#include "models/impact.hpp"
#include "sim/error.hpp"
#include "sim/input_file.hpp"

namespace twinsim::app {

namespace {

// ---- Scenarios ---------------------------------------------------------------------------------

std::int64_t initial_firms(const Params& p) {
  std::int64_t n = 0;
  for (const SectorParams& s : p.sectors) n += s.firms_south + s.firms_north;
  return n;
}

TeachingScenario teaching_scenario(std::string name, std::string source, std::string text) {
  TeachingScenario s{std::move(name), std::move(source), std::move(text), {}};
  s.params = load_text(s.text, s.source, {}).params;
  const std::int64_t firms = initial_firms(s.params);
  const ClassroomLimits limits;
  if (firms > limits.max_firms)
    throw sim::InputError(s.source + ": " + std::to_string(firms) +
                          " firms at the start; a classroom session runs at most " +
                          std::to_string(limits.max_firms) +
                          " (two worlds per browser, live): use twinsim compare for larger ones");
  return s;
}

// ---- Messages ----------------------------------------------------------------------------------

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw std::invalid_argument("a malformed %-escape in the message");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A text for a message: printable, at most 40 characters, quoted.
std::string shown(std::string_view v) {
  std::string out = "'";
  for (char c : v.substr(0, 40)) out += (c >= 32 && c < 127) ? c : '?';
  return out + (v.size() > 40 ? "...'" : "'");
}

double number_in(std::string_view key, const std::string& v, double lo, double hi) {
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x) || x < lo || x > hi) {
    char range[96];
    std::snprintf(range, sizeof range, "a number in [%g, %g]", lo, hi);
    throw std::invalid_argument(std::string(key) + ": expected " + range + ", got " + shown(v));
  }
  return x;
}

std::int64_t integer_in(std::string_view key, const std::string& v, std::int64_t lo,
                        std::int64_t hi) {
  std::int64_t x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || end != v.data() + v.size() || x < lo || x > hi)
    throw std::invalid_argument(std::string(key) + ": expected a whole number in [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                                shown(v));
  return x;
}

bool flag(std::string_view key, const std::string& v) {
  if (v == "1" || v == "true") return true;
  if (v == "0" || v == "false") return false;
  throw std::invalid_argument(std::string(key) + ": expected 0 or 1, got " + shown(v));
}

// ---- JSON out ----------------------------------------------------------------------------------

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

std::string settings_json(const ClassroomSettings& s) {
  return "{\"scenario\":" + json_string(s.scenario) + ",\"growth\":" + json_number(s.growth) +
         ",\"clients\":" + std::to_string(s.clients) + ",\"support\":" + json_number(s.support) +
         ",\"strategy\":" + (s.fast_track ? "\"fast_track\"" : "\"cluster_first\"") +
         ",\"crisis\":" + (s.crisis ? "true" : "false") + ",\"seed\":" + std::to_string(s.seed) +
         "}";
}

// ---- What the page shows of a world ------------------------------------------------------------

struct WorldView {
  double jobs_clients = 0, jobs_others = 0, jobs_north = 0, firms_south = 0;
  double links_cross_border = 0, links_cooperation = 0;
};

WorldView view_of(const World& w, const PairedRun& pair) {
  WorldView v;
  const Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) continue;
    if (f.cluster[i] != kSouth) {
      v.jobs_north += f.employees[i];
      continue;
    }
    v.firms_south += 1;
    (pair.is_client(f.pop.id(i)) ? v.jobs_clients : v.jobs_others) += f.employees[i];
  }
  v.links_cross_border = static_cast<double>(cross_border_links(w.network));
  v.links_cooperation = static_cast<double>(w.network.link_count(kCooperation));
  return v;
}

std::string view_json(const WorldView& v) {
  return "{\"jobs_clients\":" + json_number(v.jobs_clients) +
         ",\"jobs_others\":" + json_number(v.jobs_others) +
         ",\"jobs_north\":" + json_number(v.jobs_north) +
         ",\"firms_south\":" + json_number(v.firms_south) +
         ",\"links_cross_border\":" + json_number(v.links_cross_border) +
         ",\"links_cooperation\":" + json_number(v.links_cooperation) + "}";
}

// The firms and links of a world for the picture: every live firm up to `cap` (southern firms
// first, clients among them first; then a regular sample), with the cooperation and cross-border
// links among them.
std::string network_json(const World& w, const PairedRun& pair, std::size_t cap) {
  const Firms& f = w.firms;
  std::vector<sim::Slot> chosen;
  for (int pass = 0; pass < 3; ++pass)
    for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
      if (!f.pop.alive(i)) continue;
      const bool client = f.cluster[i] == kSouth && pair.is_client(f.pop.id(i));
      const int group = client ? 0 : f.cluster[i] == kSouth ? 1 : 2;
      if (group == pass) chosen.push_back(i);
    }
  if (chosen.size() > cap) {
    // Keep the clients, sample the rest evenly.
    std::vector<sim::Slot> kept;
    std::size_t clients = 0;
    while (clients < chosen.size() && f.cluster[chosen[clients]] == kSouth &&
           pair.is_client(f.pop.id(chosen[clients])))
      ++clients;
    kept.assign(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(clients));
    const std::size_t room = cap > clients ? cap - clients : 0;
    const std::size_t rest = chosen.size() - clients;
    for (std::size_t k = 0; k < room; ++k) kept.push_back(chosen[clients + k * rest / room]);
    chosen.swap(kept);
  }
  std::vector<std::uint8_t> in(f.pop.slots(), 0);
  for (sim::Slot i : chosen) in[i] = 1;
  std::string out = "{\"nodes\":[";
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const sim::Slot i = chosen[k];
    if (k) out += ',';
    out += '[' + std::to_string(f.pop.id(i)) + ',' + std::to_string(f.cluster[i]) + ',' +
           (f.cluster[i] == kSouth && pair.is_client(f.pop.id(i)) ? '1' : '0') + ',' +
           json_number(std::round(f.employees[i] * 10) / 10) + ']';
  }
  out += "],\"links\":[";
  bool first = true;
  for (const sim::Slot i : chosen)
    for (const LinkKind kind : {kCooperation, kSubcontracting, kExportSales, kTechnology})
      w.network.for_each_link(i, kind, [&](sim::Slot o, double, int) {
        if (o <= i || !in[o]) return;  // each link once, both ends shown
        if (!first) out += ',';
        first = false;
        out += '[' + std::to_string(f.pop.id(i)) + ',' + std::to_string(f.pop.id(o)) + ',' +
               std::to_string(static_cast<int>(kind)) + ']';
      });
  return out + "]}";
}

const char* phase_words(ProjectPhase phase) {
  switch (phase) {
    case ProjectPhase::not_started:
      return "not started";
    case ProjectPhase::preparation:
      return "preparation";
    case ProjectPhase::implementation:
      return "implementation";
    case ProjectPhase::stopped:
      return "funding stop";
    case ProjectPhase::ended:
      return "ended";
  }
  return "";
}

std::string format_jobs(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(x));
  return buf;
}

// ---- The session -------------------------------------------------------------------------------

class ClassroomSession : public web::Handler {
 public:
  ClassroomSession(const std::vector<TeachingScenario>& scenarios, const ClassroomLimits& limits)
      : scenarios_(scenarios), limits_(limits) {}

  void on_open(web::Outbox& out) override {
    std::string hello = "{\"type\":\"hello\",\"scenarios\":[";
    for (std::size_t k = 0; k < scenarios_.size(); ++k) {
      const TeachingScenario& s = scenarios_[k];
      const ClassroomSettings d = default_settings(s);
      if (k) hello += ',';
      hello += "{\"name\":" + json_string(s.name) +
               ",\"description\":" + json_string(s.params.scenario.description) +
               ",\"months\":" + std::to_string(s.params.horizon_months) +
               ",\"growth\":" + json_number(d.growth) +
               ",\"clients\":" + std::to_string(d.clients) +
               ",\"support\":" + json_number(d.support) +
               ",\"strategy\":" + (d.fast_track ? "\"fast_track\"" : "\"cluster_first\"") +
               ",\"crisis\":" + (d.crisis ? "true" : "false") + "}";
    }
    char limits[256];
    std::snprintf(limits, sizeof limits,
                  "],\"limits\":{\"growth\":[%g,%g],\"clients\":[%lld,%lld],\"support\":[%g,%g],"
                  "\"speed\":[%d,%d]}}",
                  limits_.growth_min, limits_.growth_max,
                  static_cast<long long>(limits_.clients_min),
                  static_cast<long long>(limits_.clients_max), limits_.support_min,
                  limits_.support_max, limits_.speed_min, limits_.speed_max);
    out.push_back(hello + limits);
  }

  void on_message(std::string_view text, web::Outbox& out) override {
    try {
      const auto form = parse_form(text);
      if (form.empty() || form.front().first != "cmd")
        throw std::invalid_argument("expected a message starting with cmd=..., got " + shown(text));
      const std::string& cmd = form.front().second;
      const std::vector<std::pair<std::string, std::string>> rest(form.begin() + 1, form.end());
      if (cmd == "reset") return reset(parse_settings(rest, scenarios_, limits_), out);
      if (cmd == "speed") {
        if (rest.size() != 1 || rest.front().first != "value")
          throw std::invalid_argument("speed: expected cmd=speed&value=N");
        speed_ = static_cast<int>(
            integer_in("speed", rest.front().second, limits_.speed_min, limits_.speed_max));
        return state(out);
      }
      if (!rest.empty())
        throw std::invalid_argument(cmd + ": takes no further keys, got " +
                                    shown(rest.front().first));
      if (cmd == "play" || cmd == "pause" || cmd == "step") {
        if (!pair_) throw std::invalid_argument(cmd + ": reset first (choose a scenario)");
        if (cmd == "step") {
          playing_ = false;
          advance(out);
        } else {
          playing_ = cmd == "play" && month_ < pair_->months();
          due_ = 0;
          last_tick_ = std::chrono::steady_clock::now();
        }
        return state(out);
      }
      throw std::invalid_argument("cmd: expected reset, play, pause, step or speed, got " +
                                  shown(cmd));
    } catch (const std::invalid_argument& e) {
      out.push_back("{\"type\":\"error\",\"message\":" + json_string(e.what()) + "}");
    } catch (const sim::InputError& e) {
      out.push_back("{\"type\":\"error\",\"message\":" + json_string(e.what()) + "}");
    }
  }

  void on_tick(web::Outbox& out) override {
    if (!playing_ || !pair_) return;
    // Months due at the chosen speed since the last tick, at most a few per tick (a server that
    // falls behind slows the run down rather than piling months up).
    const auto now = std::chrono::steady_clock::now();
    due_ = std::min(due_ + speed_ * std::chrono::duration<double>(now - last_tick_).count(), 6.0);
    last_tick_ = now;
    while (due_ >= 1 && playing_) {
      due_ -= 1;
      advance(out);
    }
    if (!playing_) state(out);
  }

 private:
  void reset(const ClassroomSettings& s, web::Outbox& out) {
    const TeachingScenario& scenario = *std::find_if(
        scenarios_.begin(), scenarios_.end(), [&](const auto& t) { return t.name == s.scenario; });
    std::vector<std::string> with = classroom_overrides(scenario, s);
    std::vector<std::string> without = with;
    without.push_back("project.enabled=false");
    const Params p = load_text(scenario.text, scenario.source, with).params;
    const Params q = load_text(scenario.text, scenario.source, without).params;
    pair_ = std::make_unique<PairedRun>(p, q, s.seed, 0, Recording{});
    settings_ = s;
    params_ = p;
    month_ = 0;
    playing_ = false;
    due_ = 0;
    last_phase_ = ProjectPhase::not_started;
    out.push_back("{\"type\":\"reset\",\"scenario\":" + json_string(s.scenario) + ",\"settings\":" +
                  settings_json(s) + ",\"months\":" + std::to_string(pair_->months()) + "}");
    frame(out, false);
    network(out);
    state(out);
  }

  void advance(web::Outbox& out) {
    if (month_ >= pair_->months()) {
      playing_ = false;
      return;
    }
    pair_->step(month_);
    ++month_;
    frame(out, true);
    if (month_ % 3 == 0 || month_ == pair_->months()) network(out);
    if (month_ == pair_->months()) {
      playing_ = false;
      out.push_back("{\"type\":\"end\",\"month\":" + std::to_string(month_) + "}");
    }
  }

  // Jobs the project added to its clients and took from the other southern firms (each world
  // against the other, as twinsim compare counts them).
  struct Impact {
    double additional = 0, displaced = 0;
  };

  // What just happened, in plain words: the project's phase changes, the crisis, and every year
  // the account of jobs added and displaced (`i`, this month's).
  std::string caption(const Impact& i) {
    const World& w = pair_->intervention();
    std::string text;
    const std::string at = "Month " + std::to_string(month_) + ": ";
    if (w.project.phase != last_phase_) {
      last_phase_ = w.project.phase;
      switch (w.project.phase) {
        case ProjectPhase::preparation:
          text = "the project starts with preparation and assessment (no client served yet).";
          break;
        case ProjectPhase::implementation:
          text = "implementation: the project supports " + std::to_string(settings_.clients) +
                 " client firms" +
                 (settings_.fast_track ? " and starts matchmaking with northern firms at once."
                                       : ", building cooperation in the cluster before twinning.");
          break;
        case ProjectPhase::stopped:
          text = "a funding stop: the project spends nothing.";
          break;
        case ProjectPhase::ended:
          text = "the project has ended; watch what lasts.";
          break;
        default:
          break;
      }
    }
    if (text.empty() && params_.donor.crisis &&
        static_cast<std::int64_t>(month_) == params_.donor.crisis_start_month + 1)
      text =
          "the donor country's crisis begins: northern demand falls and northern firms grow "
          "wary of southern partners.";
    if (text.empty() && month_ % 12 == 0) {
      if (i.additional > 0.5) {
        text = "the project's clients have " + format_jobs(i.additional) +
               " more jobs than without it; the firms it did not assist have " +
               format_jobs(i.displaced) + (i.displaced >= 0 ? " fewer" : " more");
        if (i.displaced > 0) {
          char ratio[64];
          std::snprintf(ratio, sizeof ratio, " (%.2f lost for every job added).",
                        i.displaced / i.additional);
          text += ratio;
        } else {
          text += " (no crowding-out).";
        }
      } else {
        text = "no jobs added to the clients yet compared with the world without the project.";
      }
    }
    return text.empty() ? "" : at + text;
  }

  // The month's frame: both worlds' views, the impact and, when `narrate`, the caption (both from
  // the one pass over each world's firms).
  void frame(web::Outbox& out, bool narrate) {
    const WorldView with = view_of(pair_->intervention(), *pair_);
    const WorldView without = view_of(pair_->counterfactual(), *pair_);
    const Impact i{with.jobs_clients - without.jobs_clients,
                   without.jobs_others - with.jobs_others};
    const double additional = i.additional, displaced = i.displaced;
    const double ratio = additional > 0.5 ? displaced / additional : NAN;
    const std::string caption_text = narrate ? caption(i) : "";
    out.push_back("{\"type\":\"month\",\"month\":" + std::to_string(month_) +
                  ",\"months\":" + std::to_string(pair_->months()) +
                  ",\"phase\":" + json_string(phase_words(pair_->intervention().project.phase)) +
                  ",\"with\":" + view_json(with) + ",\"without\":" + view_json(without) +
                  ",\"additional_jobs\":" + json_number(additional) + ",\"displaced_jobs\":" +
                  json_number(displaced) + ",\"displacement_ratio\":" + json_number(ratio) +
                  ",\"caption\":" + json_string(caption_text) + "}");
  }

  void network(web::Outbox& out) {
    constexpr std::size_t kCap = 600;  // firms drawn per world
    out.push_back("{\"type\":\"network\",\"month\":" + std::to_string(month_) +
                  ",\"with\":" + network_json(pair_->intervention(), *pair_, kCap) +
                  ",\"without\":" + network_json(pair_->counterfactual(), *pair_, kCap) + "}");
  }

  void state(web::Outbox& out) {
    out.push_back(std::string("{\"type\":\"state\",\"playing\":") + (playing_ ? "true" : "false") +
                  ",\"speed\":" + std::to_string(speed_) + ",\"month\":" + std::to_string(month_) +
                  "}");
  }

  const std::vector<TeachingScenario>& scenarios_;
  ClassroomLimits limits_;
  std::unique_ptr<PairedRun> pair_;
  ClassroomSettings settings_;
  Params params_;
  std::size_t month_ = 0;
  bool playing_ = false;
  int speed_ = 12;
  double due_ = 0;  // months due at the chosen speed, not yet run
  std::chrono::steady_clock::time_point last_tick_;
  ProjectPhase last_phase_ = ProjectPhase::not_started;
};

}  // namespace

std::vector<TeachingScenario> classroom_scenarios(const std::string& scenario_file) {
  std::vector<TeachingScenario> out;
  if (!scenario_file.empty()) {
    // Read as text (a session loads it again with its settings), then checked by
    // teaching_scenario with the file's name in every message.
    std::error_code ec;
    if (!std::filesystem::exists(scenario_file, ec) ||
        std::filesystem::is_directory(scenario_file, ec))
      throw sim::InputError(scenario_file + ": no such scenario file (expected a .toml file)");
    const std::string text = sim::read_input_file(scenario_file, "scenario file");
    std::string name = std::filesystem::path(scenario_file).stem().string();
    out.push_back(teaching_scenario(std::move(name), scenario_file, text));
    return out;
  }
  for (const EmbeddedFile& file : teaching_scenario_files()) {
    std::string name = std::filesystem::path(file.name).stem().string();
    out.push_back(teaching_scenario(std::move(name), "scenarios/teaching/" + std::string(file.name),
                                    std::string(file.text)));
  }
  return out;
}

ClassroomSettings default_settings(const TeachingScenario& s) {
  const Params& p = s.params;
  ClassroomSettings d;
  d.scenario = s.name;
  d.growth = p.market.growth_per_year;
  d.clients = p.project.assisted_firms;
  d.support = 1;
  d.fast_track = p.project.fast_track;
  d.crisis = p.donor.crisis;
  d.seed = static_cast<std::uint64_t>(p.run.seed);
  return d;
}

std::vector<std::string> classroom_overrides(const TeachingScenario& s,
                                             const ClassroomSettings& c) {
  auto number = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return std::string(buf);
  };
  std::vector<std::string> o;
  o.push_back("project.enabled=true");
  o.push_back("market.growth_per_year=" + number(c.growth));
  for (const SectorParams& sector : s.params.sectors)
    if (sector.growth_per_year)
      o.push_back("sectors." + sector.name + ".growth_per_year=" + number(c.growth));
  o.push_back("project.assisted_firms=" + std::to_string(c.clients));
  o.push_back("project.upgrading_per_month=" +
              number(s.params.project.upgrading_per_month * c.support));
  o.push_back(std::string("project.fast_track=") + (c.fast_track ? "true" : "false"));
  o.push_back(std::string("donor.crisis=") + (c.crisis ? "true" : "false"));
  o.push_back("run.seed=" + std::to_string(c.seed));
  return o;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('&', start), text.size());
    const std::string_view part = text.substr(start, end - start);
    const std::size_t eq = part.find('=');
    if (part.empty() || eq == std::string_view::npos || eq == 0)
      throw std::invalid_argument("expected key=value pairs joined by &, got " + shown(part));
    std::string key = url_decode(part.substr(0, eq));
    for (const auto& [k, v] : out)
      if (k == key) throw std::invalid_argument(key + ": given twice");
    out.emplace_back(std::move(key), url_decode(part.substr(eq + 1)));
    start = end + 1;
  }
  return out;
}

ClassroomSettings parse_settings(const std::vector<std::pair<std::string, std::string>>& form,
                                 const std::vector<TeachingScenario>& scenarios,
                                 const ClassroomLimits& limits) {
  const TeachingScenario* scenario = nullptr;
  for (const auto& [key, value] : form)
    if (key == "scenario") {
      for (const TeachingScenario& s : scenarios)
        if (s.name == value) scenario = &s;
      if (!scenario) {
        std::string names;
        for (const TeachingScenario& s : scenarios) names += (names.empty() ? "" : ", ") + s.name;
        throw std::invalid_argument("scenario: expected one of " + names + ", got " + shown(value));
      }
    }
  if (!scenario) throw std::invalid_argument("reset: scenario=NAME is missing");
  ClassroomSettings s = default_settings(*scenario);
  for (const auto& [key, value] : form) {
    if (key == "scenario") continue;
    if (key == "growth") {
      s.growth = number_in(key, value, limits.growth_min, limits.growth_max);
    } else if (key == "clients") {
      s.clients = integer_in(key, value, limits.clients_min, limits.clients_max);
    } else if (key == "support") {
      s.support = number_in(key, value, limits.support_min, limits.support_max);
    } else if (key == "strategy") {
      if (value != "fast_track" && value != "cluster_first")
        throw std::invalid_argument("strategy: expected fast_track or cluster_first, got " +
                                    shown(value));
      s.fast_track = value == "fast_track";
    } else if (key == "crisis") {
      s.crisis = flag(key, value);
    } else if (key == "seed") {
      s.seed = static_cast<std::uint64_t>(integer_in(key, value, 0, 2147483647));
    } else {
      throw std::invalid_argument(
          shown(key) +
          ": unknown key; expected scenario, growth, clients, support, strategy, crisis or seed");
    }
  }
  return s;
}

std::unique_ptr<web::Handler> make_classroom_session(const std::vector<TeachingScenario>& scenarios,
                                                     const ClassroomLimits& limits) {
  return std::make_unique<ClassroomSession>(scenarios, limits);
}

}  // namespace twinsim::app
