#include "sim/panel.hpp"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Names become HDF5/netCDF names (MetricSpec's contract); checked here because a panel names a
// group as well as datasets, and a '/' would silently make a deeper path.
bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void check_description(const std::string& population, const std::vector<MetricSpec>& variables,
                       std::size_t every) {
  const std::string where = "panel '" + population + "': ";
  if (!valid_name(population)) {
    throw std::invalid_argument("panel population name '" + population +
                                "' is not a valid name ([a-z0-9_]+)");
  }
  if (every < 1) throw std::invalid_argument(where + "the interval must be at least 1 month");
  for (std::size_t v = 0; v < variables.size(); ++v) {
    const std::string& name = variables[v].name;
    if (!valid_name(name)) {
      throw std::invalid_argument(where + "variable name '" + name +
                                  "' is not a valid name ([a-z0-9_]+)");
    }
    // The group also holds the ids and the dimension scales (and a link to /run) under these.
    if (name == "id" || name == "run" || name == "snapshot" || name == "slot") {
      throw std::invalid_argument(where + "variable name '" + name + "' is reserved");
    }
    for (std::size_t w = 0; w < v; ++w) {
      if (variables[w].name == name) {
        throw std::invalid_argument(where + "variable '" + name + "' declared twice");
      }
    }
  }
}

}  // namespace

PanelRecorder::PanelRecorder(std::string population, std::vector<MetricSpec> variables,
                             std::size_t every, std::size_t steps)
    : population_(std::move(population)),
      variables_(std::move(variables)),
      every_(every),
      steps_(steps) {
  check_description(population_, variables_, every_);
  snapshots_.resize(steps_ / every_);
}

void PanelRecorder::begin_snapshot(std::size_t step, const Population& population) {
  const std::vector<std::uint8_t>& alive = population.alive_mask();
  const std::span<AgentId> ids = start(step, alive.size());
  for (std::size_t slot = 0; slot < ids.size(); ++slot) {
    ids[slot] = alive[slot] != 0 ? population.id(static_cast<Slot>(slot)) : kNoAgent;
  }
}

void PanelRecorder::begin_snapshot(std::size_t step, std::span<const AgentId> ids,
                                   std::span<const std::uint8_t> alive) {
  if (ids.size() != alive.size()) {
    throw std::invalid_argument("panel '" + population_ + "': " + std::to_string(ids.size()) +
                                " ids but " + std::to_string(alive.size()) + " alive flags");
  }
  const std::span<AgentId> out = start(step, ids.size());
  for (std::size_t slot = 0; slot < out.size(); ++slot) {
    out[slot] = alive[slot] != 0 ? ids[slot] : kNoAgent;
  }
}

std::span<AgentId> PanelRecorder::start(std::size_t step, std::size_t slots) {
  if (!due(step)) {
    throw std::invalid_argument("panel '" + population_ + "': no snapshot is due at step " +
                                std::to_string(step) + " (every " + std::to_string(every_) +
                                " months, horizon " + std::to_string(steps_) + ")");
  }
  const std::size_t k = (step + 1) / every_ - 1;
  Snapshot& snapshot = snapshots_[k];
  // Fresh vectors rather than assign(): a snapshot taken again with fewer slots gives the memory
  // back.
  snapshot.ids = std::vector<AgentId>(slots);
  snapshot.values = std::vector<double>(variables_.size() * slots, kNaN);
  current_ = k;
  return snapshot.ids;
}

std::span<double> PanelRecorder::target(std::size_t variable, std::size_t size) {
  if (current_ == kNone) {
    throw std::logic_error("panel '" + population_ + "': column() before begin_snapshot()");
  }
  if (variable >= variables_.size()) {
    throw std::invalid_argument("panel '" + population_ + "': no variable " +
                                std::to_string(variable) + " (" +
                                std::to_string(variables_.size()) + " declared)");
  }
  Snapshot& snapshot = snapshots_[current_];
  const std::size_t slots = snapshot.ids.size();
  if (size != slots) {
    throw std::invalid_argument("panel '" + population_ + "': column '" +
                                variables_[variable].name + "' has " + std::to_string(size) +
                                " values for " + std::to_string(slots) + " slots");
  }
  return {snapshot.values.data() + variable * slots, slots};
}

void PanelRecorder::column(std::size_t variable, std::span<const double> values) {
  const std::span<double> out = target(variable, values.size());
  const std::vector<AgentId>& ids = snapshots_[current_].ids;
  // A select rather than a branch: the compiler turns this loop into vector blends.
  for (std::size_t slot = 0; slot < out.size(); ++slot) {
    out[slot] = ids[slot] == kNoAgent ? kNaN : values[slot];
  }
}

std::size_t PanelRecorder::max_slots() const {
  std::size_t most = 0;
  for (const Snapshot& snapshot : snapshots_) most = std::max(most, snapshot.ids.size());
  return most;
}

std::span<const double> PanelRecorder::values(std::size_t snapshot, std::size_t variable) const {
  const Snapshot& s = snapshots_.at(snapshot);
  if (variable >= variables_.size()) {
    throw std::out_of_range("panel '" + population_ + "': no variable " + std::to_string(variable));
  }
  return {s.values.data() + variable * s.ids.size(), s.ids.size()};
}

void PanelTable::resize(std::string population_name, std::vector<MetricSpec> variable_specs,
                        std::size_t every_months, std::size_t n_steps, std::size_t n_runs) {
  const PanelRecorder empty(population_name, variable_specs, every_months, n_steps);
  population = std::move(population_name);
  variables = std::move(variable_specs);
  every = every_months;
  steps = n_steps;
  runs.assign(n_runs, empty);
}

void PanelTable::store(std::size_t run, PanelRecorder&& recorder) {
  if (run >= runs.size()) {
    throw std::out_of_range("panel '" + population + "': no run " + std::to_string(run) + " (" +
                            std::to_string(runs.size()) + " runs)");
  }
  bool same_variables = recorder.variables().size() == variables.size();
  for (std::size_t v = 0; same_variables && v < variables.size(); ++v) {
    const MetricSpec& a = recorder.variables()[v];
    same_variables = a.name == variables[v].name && a.unit == variables[v].unit &&
                     a.description == variables[v].description;
  }
  if (recorder.population() != population || !same_variables || recorder.every() != every ||
      recorder.steps() != steps) {
    throw std::invalid_argument("panel '" + population + "': run " + std::to_string(run) +
                                " recorded panel '" + recorder.population() +
                                "' with other variables, interval or horizon than the table");
  }
  runs[run] = std::move(recorder);
}

std::size_t PanelTable::slots() const {
  std::size_t most = 0;
  for (const PanelRecorder& run : runs) most = std::max(most, run.max_slots());
  return most;
}

AgentId PanelTable::id(std::size_t run, std::size_t snapshot, std::size_t slot) const {
  const std::span<const AgentId> row = runs.at(run).ids(snapshot);
  return slot < row.size() ? row[slot] : kNoAgent;
}

double PanelTable::value(std::size_t variable, std::size_t run, std::size_t snapshot,
                         std::size_t slot) const {
  const std::span<const double> row = runs.at(run).values(snapshot, variable);
  return slot < row.size() ? row[slot] : kNaN;
}

}  // namespace sim
