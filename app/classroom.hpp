// The classroom view of `twinsim serve`: per browser session, one world with the project and the
// same world without it, stepped month by month on the same random streams (models/impact.hpp),
// driven by the page's controls (docs/serve.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/parameters.hpp"
#include "web/server.hpp"

namespace twinsim::app {

/// A scenario a class can pick: its name, its TOML text and where the text came from.
struct TeachingScenario {
  std::string name;  // the file name without .toml
  std::string source;
  std::string text;
  Params params;  // as written (the defaults of the controls)
};

/// What the page's controls set, on top of a teaching scenario.
struct ClassroomSettings {
  std::string scenario;
  double growth = 0;         // southern market growth per year, every sector
  std::int64_t clients = 0;  // firms the project assists (project.assisted_firms)
  double support = 1;        // multiplies project.upgrading_per_month (how much each client gets)
  bool fast_track = false;   // project.fast_track: twinning without cluster development first
  bool crisis = false;       // donor.crisis
  std::uint64_t seed = 1;
};

/// Bounds of the controls (also what the server accepts).
struct ClassroomLimits {
  double growth_min = -0.2, growth_max = 0.2;
  std::int64_t clients_min = 0, clients_max = 200;
  double support_min = 0, support_max = 3;
  int speed_min = 1, speed_max = 60;  // months per second
  std::int64_t max_firms = 5000;      // initial firms of a scenario a class may run
};

/// The scenarios `twinsim serve` offers: `scenario_file` alone when given, else the teaching
/// scenarios built into the binary. Throws sim::InputError for a scenario that cannot be loaded
/// or that is too large for a class (ClassroomLimits::max_firms).
std::vector<TeachingScenario> classroom_scenarios(const std::string& scenario_file);

/// The settings a scenario's own values give the controls.
ClassroomSettings default_settings(const TeachingScenario& s);

/// The overrides ("key=value", as --set) that apply `settings` to its scenario, in the world with
/// the project (project.enabled=true); the counterfactual adds project.enabled=false.
std::vector<std::string> classroom_overrides(const TeachingScenario& s,
                                             const ClassroomSettings& settings);

/// Parses a message of the page ("cmd=reset&scenario=...&growth=..."; form-encoded) into
/// key/value pairs. Throws std::invalid_argument naming the problem.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

/// Reads reset settings from a parsed message (every key optional but `scenario`; the others
/// default to the scenario's own). Throws std::invalid_argument naming the key, what was expected
/// and what came, for an unknown key, a scenario not offered, or a value out of range.
ClassroomSettings parse_settings(const std::vector<std::pair<std::string, std::string>>& form,
                                 const std::vector<TeachingScenario>& scenarios,
                                 const ClassroomLimits& limits);

/// The WebSocket handler of one browser session.
std::unique_ptr<web::Handler> make_classroom_session(const std::vector<TeachingScenario>& scenarios,
                                                     const ClassroomLimits& limits);

}  // namespace twinsim::app
