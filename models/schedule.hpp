// The model's month, in one place: read this to read the ODD process overview.
#pragma once

#include "models/world.hpp"
#include "sim/schedule.hpp"

namespace twinsim {

/// The ordered phases of a month plus the scenario's events (demand shocks at their months).
sim::Schedule<Context> build_schedule(const Params& p);

}  // namespace twinsim
