// One run of the model: parameters and seed in, recorded metrics out. Touches no global state, so
// runs can go on in parallel threads.
#pragma once

#include <cstdint>

#include "models/parameters.hpp"
#include "sim/recorder.hpp"

namespace twinsim {

/// Simulates `p.horizon_months` months with random streams keyed by (seed, run) and returns every
/// metric of metric_specs() recorded at the end of each month.
sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run = 0);

}  // namespace twinsim
