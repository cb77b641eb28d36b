// What one finished run hands back to whoever keeps the results.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sim {

/// One finished run: its values, or why it failed.
struct RunOutcome {
  std::size_t run = 0;
  std::vector<double> values;  // [metric][step]; empty when the run failed
  std::string failure;         // why it failed; empty when it succeeded
};

}  // namespace sim
