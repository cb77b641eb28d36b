// The model's month, in one place: read this to read the ODD process overview.
#pragma once

#include "models/world.hpp"
#include "sim/schedule.hpp"

namespace twinsim {

/// The ordered phases of a month plus the scenario's events (demand shocks at their months); with
/// `check_invariants`, also the checks of models/invariants.hpp where they belong in the month.
sim::Schedule<Context> build_schedule(const Params& p, bool check_invariants = false);

}  // namespace twinsim
