// One run of the model: parameters and seed in, recorded metrics out. Touches no global state, so
// runs can go on in parallel threads.
#pragma once

#include <cstdint>

#include "models/parameters.hpp"
#include "sim/ensemble.hpp"
#include "sim/recorder.hpp"

namespace twinsim {

/// Simulates `p.horizon_months` months with random streams keyed by (seed, run) and returns every
/// metric of metric_specs() recorded at the end of each month.
sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run = 0);

/// What a run records beyond the monthly metrics.
struct Recording {
  std::size_t firm_panel_every = 0;  // months between snapshots of every firm; 0: no panel
};

/// As simulate, and also the panels `recording` asks for (firm panel: firm_panel_variables()).
sim::RunRecord simulate_recorded(const Params& p, std::uint64_t seed, std::uint64_t run,
                                 const Recording& recording);

}  // namespace twinsim
