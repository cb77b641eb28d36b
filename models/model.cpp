#include "models/model.hpp"

#include <vector>

#include "models/observables.hpp"
#include "models/schedule.hpp"

namespace twinsim {

sim::RunRecord simulate_recorded(const Params& p, std::uint64_t seed, std::uint64_t run,
                                 const Recording& recording) {
  const sim::Streams streams(seed, run);
  const auto months = static_cast<std::size_t>(p.horizon_months);
  sim::RunRecord record{sim::Recorder(metric_specs(), months), {}};
  sim::PanelRecorder* firm_panel = nullptr;
  if (recording.firm_panel_every > 0) {
    record.panels.emplace_back("firms", firm_panel_variables(), recording.firm_panel_every, months);
    firm_panel = &record.panels.back();
  }
  std::vector<double> row(metric_specs().size());

  World world;
  init_world(world, p, streams);
  const auto schedule = build_schedule(p);
  Context ctx{p, streams, world};
  for (std::size_t m = 0; m < months; ++m) {
    ctx.month = static_cast<std::uint32_t>(m);
    schedule.run_step(ctx, static_cast<std::int64_t>(m));
    observe(world, row);
    record.series.record(m, row);
    if (firm_panel && firm_panel->due(m)) record_firm_panel(world, m, *firm_panel);
  }
  return record;
}

sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run) {
  return simulate_recorded(p, seed, run, {}).series;
}

}  // namespace twinsim
