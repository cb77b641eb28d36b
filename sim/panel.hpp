// Per-agent panels: the state of every agent of one population, every `every` months. Snapshots
// are rare, so each one allocates its own storage when it is taken; between snapshots recording
// costs nothing. Written by write_result_file under /agents/<population> (docs/output-format.md).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/population.hpp"

namespace sim {

/// The id recorded for a free slot (no live agent there), in memory and in files (attribute
/// `no_agent` of /agents/<population>/id). Population never issues it.
inline constexpr AgentId kNoAgent = std::numeric_limits<AgentId>::max();

/// One run's panel of one population. Snapshot k (k = 0, 1, ...) is taken at the end of month
/// (k+1)*every, i.e. at step (k+1)*every - 1, for every such step below the horizon: steps / every
/// snapshots. At a snapshot the model calls begin_snapshot, then column once per variable:
///
///   if (panel.due(step)) {
///     panel.begin_snapshot(step, firms.population);
///     panel.column(0, firms.cash);        // std::vector<double>: copied as is
///     panel.column(1, firms.employees);   // other arithmetic or enum columns: converted
///   }
///
/// Values of free slots are stored as NaN whatever the column holds; a variable not given at a
/// snapshot stays NaN.
class PanelRecorder {
 public:
  /// `population` names the group in the file ([a-z0-9_], not empty); `variables` must not be
  /// named id, run, snapshot or slot. Throws std::invalid_argument for every < 1 or a bad name.
  PanelRecorder(std::string population, std::vector<MetricSpec> variables, std::size_t every,
                std::size_t steps);

  const std::string& population() const { return population_; }
  const std::vector<MetricSpec>& variables() const { return variables_; }
  /// Months between snapshots.
  std::size_t every() const { return every_; }
  /// The horizon of the run, in steps (months).
  std::size_t steps() const { return steps_; }
  std::size_t snapshots() const { return snapshots_.size(); }
  /// True when a snapshot is to be taken at `step`.
  bool due(std::size_t step) const { return step < steps_ && (step + 1) % every_ == 0; }
  /// Months since the start at snapshot k: (k+1)*every.
  double time(std::size_t snapshot) const { return static_cast<double>((snapshot + 1) * every_); }

  /// Starts the snapshot of `step` with one slot per element of `population.alive_mask()`,
  /// recording its ids (kNoAgent for free slots). Allocates that snapshot's storage; taking a
  /// snapshot again replaces it. Throws std::invalid_argument when `step` is not due.
  void begin_snapshot(std::size_t step, const Population& population);
  /// The same from raw columns: `ids[slot]` for slots with `alive[slot] != 0`. Throws
  /// std::invalid_argument when `step` is not due or the spans differ in length.
  void begin_snapshot(std::size_t step, std::span<const AgentId> ids,
                      std::span<const std::uint8_t> alive);

  /// Copies `values` (one per slot of the current snapshot) as variable `variable`. Throws
  /// std::logic_error before any begin_snapshot, std::invalid_argument for a wrong length or
  /// variable index.
  void column(std::size_t variable, std::span<const double> values);
  /// A column of another arithmetic or enum type, converted to double.
  template <std::ranges::contiguous_range R>
  requires(!std::same_as<std::ranges::range_value_t<R>, double> &&
           (std::is_arithmetic_v<std::ranges::range_value_t<R>> ||
            std::is_enum_v<std::ranges::range_value_t<R>>)) void column(std::size_t variable,
                                                                        const R& values);

  /// Slots recorded at snapshot k (0 when it was not taken).
  std::size_t slots(std::size_t snapshot) const { return snapshots_.at(snapshot).ids.size(); }
  /// The largest slot count of any snapshot.
  std::size_t max_slots() const;
  /// Ids at snapshot k, one per slot (kNoAgent for free slots).
  std::span<const AgentId> ids(std::size_t snapshot) const { return snapshots_.at(snapshot).ids; }
  /// Values of `variable` at snapshot k, one per slot (NaN for free slots).
  std::span<const double> values(std::size_t snapshot, std::size_t variable) const;

 private:
  struct Snapshot {
    std::vector<AgentId> ids;    // [slot]
    std::vector<double> values;  // [variable][slot]
  };
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

  // Allocates snapshot `step`'s storage for `slots` slots, makes it current, returns its ids.
  std::span<AgentId> start(std::size_t step, std::size_t slots);
  // The current snapshot's row of `variable`, after checking that `size` values fit it.
  std::span<double> target(std::size_t variable, std::size_t size);

  std::string population_;
  std::vector<MetricSpec> variables_;
  std::size_t every_;
  std::size_t steps_;
  std::vector<Snapshot> snapshots_;
  std::size_t current_ = kNone;  // the snapshot that column() fills
};

/// The panels of one population over a set of runs. Logically one array (run, snapshot, slot)
/// per variable plus one of ids, where slot runs to the largest slot count of any run and
/// snapshot; slots beyond a snapshot's own count read as NaN and kNoAgent. Stored as each run's
/// PanelRecorder, so moving a run's panel in copies nothing.
struct PanelTable {
  std::string population;
  std::vector<MetricSpec> variables;
  std::size_t every = 1;
  std::size_t steps = 0;
  std::vector<PanelRecorder> runs;  // [run]

  /// Describes the panel and makes `n_runs` empty recorders. Throws like PanelRecorder.
  void resize(std::string population_name, std::vector<MetricSpec> variable_specs,
              std::size_t every_months, std::size_t n_steps, std::size_t n_runs);
  /// Stores run `run`'s recorder. Throws std::invalid_argument when it records another
  /// population, other variables, interval or horizon; std::out_of_range for a bad run.
  void store(std::size_t run, PanelRecorder&& recorder);

  std::size_t snapshots() const { return every == 0 ? 0 : steps / every; }
  /// The largest slot count over runs and snapshots.
  std::size_t slots() const;
  double time(std::size_t snapshot) const { return static_cast<double>((snapshot + 1) * every); }
  AgentId id(std::size_t run, std::size_t snapshot, std::size_t slot) const;
  double value(std::size_t variable, std::size_t run, std::size_t snapshot, std::size_t slot) const;
};

template <std::ranges::contiguous_range R>
requires(
    !std::same_as<std::ranges::range_value_t<R>, double> &&
    (std::is_arithmetic_v<std::ranges::range_value_t<R>> ||
     std::is_enum_v<std::ranges::range_value_t<R>>)) void PanelRecorder::column(std::size_t
                                                                                    variable,
                                                                                const R& values) {
  using T = std::ranges::range_value_t<R>;
  const auto* in = std::ranges::data(values);
  const std::span<double> out =
      target(variable, static_cast<std::size_t>(std::ranges::size(values)));
  const std::vector<AgentId>& ids = snapshots_[current_].ids;
  for (std::size_t slot = 0; slot < out.size(); ++slot) {
    double value;
    if constexpr (std::is_enum_v<T>) {
      value = static_cast<double>(static_cast<std::underlying_type_t<T>>(in[slot]));
    } else {
      value = static_cast<double>(in[slot]);
    }
    out[slot] = ids[slot] == kNoAgent ? std::numeric_limits<double>::quiet_NaN() : value;
  }
}

}  // namespace sim
