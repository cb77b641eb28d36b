#include <cstdio>

#include "app/commands.hpp"
#include "models/observables.hpp"

namespace twinsim::app {

void add_docs_command(CLI::App& app, DocsOptions& o) {
  auto* cmd = app.add_subcommand(
      "docs", "Print reference tables generated from the declarations (as in docs/)");
  cmd->add_option("what", o.what, "scenarios: every scenario key; metrics: every recorded metric")
      ->required()
      ->check(CLI::IsMember({"scenarios", "metrics"}));
}

int docs_command(const DocsOptions& o) {
  if (o.what == "scenarios") {
    std::fputs(sim::to_markdown(schema().param_set()).c_str(), stdout);
  } else {
    std::puts("| Metric | Unit | Meaning |");
    std::puts("|---|---|---|");
    for (const auto& m : metric_specs())
      std::printf("| `%s` | %s | %s |\n", m.name.c_str(), m.unit.c_str(), m.description.c_str());
  }
  return 0;
}

}  // namespace twinsim::app
