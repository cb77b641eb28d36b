#include <cstdio>

#include "app/commands.hpp"

namespace twinsim::app {

void add_check_command(CLI::App& app, CheckOptions& o) {
  auto* cmd = app.add_subcommand(
      "check", "Validate a scenario and print it fully resolved (every key, defaults filled in)");
  cmd->add_option("scenario", o.scenario, "Scenario file (.toml) or TwinSim .h5 file")->required();
  cmd->add_option("--set", o.overrides, "Override a scenario key (repeatable)")
      ->type_name("KEY=VALUE");
}

int check_command(const CheckOptions& o) {
  const LoadedScenario s = load_input(o.scenario, o.overrides);
  std::fputs(sim::to_toml(schema().param_set(), s.values).c_str(), stdout);
  std::fprintf(stderr, "%s: OK\n", s.source.c_str());
  return 0;
}

}  // namespace twinsim::app
