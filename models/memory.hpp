// What simulating a scenario holds in memory, estimated from its parameters before anything is
// allocated, so that a scenario that cannot fit is refused with an estimate (app/memory_check.hpp)
// instead of dying with std::bad_alloc part way through. The constants are measured: peak RSS of
// twinsim runs (docs/performance.md, "Memory").
#pragma once

#include <cstddef>

#include "models/parameters.hpp"

namespace twinsim {

/// Initial firms of a world of `p`: every sector, both clusters.
double initial_firms(const Params& p);

/// Bytes one world of `p` holds while it runs: its firms, their network, providers and scratch,
/// and the series its run records. About 850 B per firm (measured 690-720 B per firm at the start,
/// up to 930 B once the network has filled, a century on; 840 B in each of compare's worlds).
double world_bytes(const Params& p);

/// Bytes the results of one run of `p` hold until they are written: every metric every month
/// and, with `panel_every` > 0, every firm slot's state every so many months; `paired`: both of
/// compare's worlds and their impact accounting (measured: 3.1 times one world's series).
double run_results_bytes(const Params& p, std::size_t panel_every, bool paired);

/// Bytes one design point of a sweep or stress test over `p` holds for the whole design: its
/// resolved scenario and its values (measured 3.1 kB with 1 sector, 9 kB with 64 sectors and 10
/// varied parameters).
double design_point_bytes(const Params& p, std::size_t factors);

}  // namespace twinsim
