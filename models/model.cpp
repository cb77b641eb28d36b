#include "models/model.hpp"

#include <vector>

#include "models/observables.hpp"
#include "models/schedule.hpp"

namespace twinsim {

sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run) {
  const sim::Streams streams(seed, run);
  const auto months = static_cast<std::size_t>(p.horizon_months);
  sim::Recorder recorder(metric_specs(), months);
  std::vector<double> row(metric_specs().size());

  World world;
  init_world(world, p, streams);
  const auto schedule = build_schedule(p);
  Context ctx{p, streams, world};
  for (std::size_t m = 0; m < months; ++m) {
    ctx.month = static_cast<std::uint32_t>(m);
    schedule.run_step(ctx, static_cast<std::int64_t>(m));
    observe(world, row);
    recorder.record(m, row);
  }
  return recorder;
}

}  // namespace twinsim
