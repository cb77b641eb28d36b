// Refusing, before anything is allocated, what cannot fit in the memory this process may use
// (sim::memory_limit): a scenario whose worlds and results, or a design whose points, need more,
// by the model's estimate (models/memory.hpp). Bad input (exit status 2), with the estimate and
// what would make it fit.
#pragma once

#include <cstddef>
#include <string>

#include "models/experiment.hpp"
#include "models/parameters.hpp"

namespace twinsim {

/// Throws sim::InputError ("SOURCE: this scenario needs about 310 GiB (...), this machine has 23
/// GiB; fewer firms or -j 1") when `runs` runs of `p` on `threads` threads (with `against`, each
/// run also in that counterfactual world: compare), their results kept until written (with a firm
/// panel every `panel_every` months, 0: none), do not fit.
void check_replicates_memory(const std::string& source, const Params& p, const Params* against,
                             std::size_t runs, unsigned threads, std::size_t panel_every);

/// Throws sim::InputError when the `points` design points (`runs` runs in all) of a design over
/// `p` with `factors` varied parameters, held for the whole design, do not fit. `what`: "sweep"
/// or "stress test".
void check_design_memory(const std::string& source, const std::string& what, const Params& p,
                         double points, double runs, std::size_t factors);

/// Throws sim::InputError when `threads` worlds of the largest of `e`'s design points do not fit
/// beside the points `e` holds.
void check_design_runs_memory(const std::string& source, const std::string& what,
                              const Experiment& e, unsigned threads);

}  // namespace twinsim
