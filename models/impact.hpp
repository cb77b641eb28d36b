// Paired worlds: an intervention and its counterfactual stepped month by month on the same random
// streams, and what the project's clients and the other firms hold in each (docs/impact.md).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/model.hpp"

namespace twinsim {

/// The outcomes of the impact accounting, each a sum over a group of firms.
enum ImpactOutcome : std::size_t {
  kImpactJobs,         // employees
  kImpactOutput,       // sales at home and to buyers, EUR/month
  kImpactExports,      // export sales, EUR/month
  kImpactFirms,        // live firms
  kImpactCrossBorder,  // cross-border links (each has one southern end)
  kImpactCooperation,  // cooperation links, half of each to each end
  kImpactOutcomes
};

struct ImpactOutcomeSpec {
  const char* name;
  const char* unit;
  const char* description;
};
const std::array<ImpactOutcomeSpec, kImpactOutcomes>& impact_outcomes();

/// Group sums of every outcome, month by month: [month][outcome] in `values`.
struct GroupSeries {
  std::vector<double> values;
  GroupSeries() = default;
  explicit GroupSeries(std::size_t months) : values(months * kImpactOutcomes, 0.0) {}
  double& at(std::size_t month, std::size_t outcome) {
    return values[month * kImpactOutcomes + outcome];
  }
  double at(std::size_t month, std::size_t outcome) const {
    return values[month * kImpactOutcomes + outcome];
  }
};

/// The group sums of one replicate of a comparison. The clients are the southern firms the
/// intervention world's project chooses (by firm id; found by a first pass of that world up to
/// the month it chooses them), the same firms in every month, before the project as after; in the
/// counterfactual world, the firms with the same ids. Until the worlds first differ they draw the
/// same numbers and issue the same ids, so an id names the same firm in both.
struct PairedSums {
  GroupSeries clients_intervention, clients_counterfactual;  // the clients' sums
  GroupSeries clients_baseline;  // the clients' sums at the baseline month (intervention world)
  GroupSeries south_intervention, south_counterfactual;  // all southern firms
  GroupSeries north_intervention, north_counterfactual;  // all northern firms
  std::size_t baseline_month = 0;                        // 0-based month whose end is the baseline
};

/// What one replicate of a comparison records: both worlds' metrics (and panels) and the sums.
struct PairedRecord {
  sim::RunRecord intervention;
  sim::RunRecord counterfactual;
  PairedSums sums;
};

/// An intervention world and its counterfactual stepped together, a month at a time (what
/// simulate_pair does for a whole run, and the classroom view month by month). The clients are
/// found at construction (a first pass of the intervention world up to the month its project
/// chooses them).
class PairedRun {
 public:
  /// Both Params must have the same horizon (std::invalid_argument otherwise).
  PairedRun(const Params& intervention, const Params& counterfactual, std::uint64_t seed,
            std::uint64_t run, const Recording& recording);
  std::size_t months() const { return with_.months(); }
  /// Runs month `month` (0-based, in order) in both worlds and adds it to the sums.
  void step(std::size_t month);
  const World& intervention() const { return with_.world(); }
  const World& counterfactual() const { return without_.world(); }
  /// The sums of the months stepped so far (later months are 0; the baseline is filled by finish).
  const PairedSums& sums() const { return sums_; }
  /// Whether the firm with this id is one of the intervention's clients.
  bool is_client(sim::AgentId id) const;
  /// The record after the last month; the run is finished after this.
  PairedRecord finish();

 private:
  ModelRun with_, without_;
  std::vector<sim::AgentId> clients_;  // sorted
  PairedSums sums_;
};

/// Steps both worlds side by side from (seed, run). The baseline is the end of the month before
/// the intervention's project starts (month 0 when it starts at once). Both Params must have
/// the same horizon.
PairedRecord simulate_pair(const Params& intervention, const Params& counterfactual,
                           std::uint64_t seed, std::uint64_t run, const Recording& recording);

}  // namespace twinsim
