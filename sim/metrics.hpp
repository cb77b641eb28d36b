// Declarations of recorded metrics: what a model observes, independent of how it is written.
#pragma once

#include <string>

namespace sim {

/// One recorded quantity. `name` is a valid HDF5/netCDF name ([a-z0-9_]), `unit` is a UDUNITS-like
/// string ("1" for counts and ratios), `description` a sentence for users.
struct MetricSpec {
  std::string name;
  std::string unit;
  std::string description;
};

}  // namespace sim
