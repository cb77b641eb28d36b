// Stress tests of strategies (`twinsim stress`, docs/stress.md): how each strategy fares across
// conditions it cannot control. Per strategy: the probability of meeting its logframe targets,
// its median and worst-decile outcome, its regret against the best strategy in each condition,
// and the box of conditions in which it fails (PRIM), in plain words.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/prim.hpp"
#include "io/result_file.hpp"
#include "io/sweep_file.hpp"

namespace analysis {

/// A stress file: a sweep file whose design points are conditions x strategies.
struct StressData {
  io::SweepData
      sweep;  // the conditions (factors), each run's status and each metric at the horizon
  std::vector<std::string> strategies;         // names, in the order of the command line
  std::vector<std::string> files;              // each strategy's scenario file
  std::vector<std::vector<sim::Target>> kpis;  // [strategy] its logframe (steps: month - 1)
  /// [strategy][kpi][run]: the KPI's metric at its month in the runs of that strategy that
  /// completed without failing; NaN in every other run.
  std::vector<std::vector<std::vector<double>>> kpi_values;
  std::vector<std::size_t> strategy, condition;  // [run]
  std::size_t conditions = 0;
};

/// Reads a file written by twinsim stress (also OUT.h5.partial). Throws sim::InputError when it is
/// not one, or when its parts do not fit together (a strategy or condition index out of range, a
/// KPI's month not recorded); io::h5::Error when HDF5 cannot read it.
StressData read_stress(const std::filesystem::path& path);

/// A share of runs with its Wilson score interval (`level` 0.9: 5% and 95%); NaN without runs.
struct Probability {
  double p = 0, lo = 0, hi = 0;
  std::size_t k = 0, n = 0;
};
Probability wilson(std::size_t k, std::size_t n, double level = 0.9);

/// Strategy s's logframe over its runs with a value: how often each KPI and all of them were met.
struct LogframeOdds {
  Probability all;                   // every KPI met in the same run
  std::vector<Probability> per_kpi;  // [kpi]
};
LogframeOdds logframe_odds(const StressData& d, std::size_t s);
/// Every strategy's, [strategy] (empty odds for a strategy without KPIs).
std::vector<LogframeOdds> logframe_odds(const StressData& d);

/// Whether each run of strategy s met every KPI of s; only runs of s with a value count: `cases`
/// lists them, `met[i]` belongs to run cases[i].
struct RunsMet {
  std::vector<std::size_t> cases;
  std::vector<bool> met;
};
RunsMet runs_meeting_logframe(const StressData& d, std::size_t s);

/// One strategy's outcome on a metric at the horizon. Over its runs: median, the worst decile
/// (the 10% quantile, 90% when lower is better: one run in ten does worse) and the mean. Over the
/// conditions in which every strategy has a value (each strategy's mean over replicates, the same
/// seeds for all): regret, the distance to the best strategy in that condition (0 when it is the
/// best), by its median, 90% quantile and maximum; and in how many conditions it is the best.
struct StrategyOutcome {
  std::size_t runs = 0;
  double median = 0, worst_decile = 0, mean = 0;
  std::size_t conditions = 0;
  double regret_median = 0, regret_p90 = 0, regret_max = 0;
  std::size_t best_in = 0;
};
/// Per strategy, on metric `m` of d.sweep. Throws std::out_of_range for a metric not in the file.
std::vector<StrategyOutcome> stress_outcomes(const StressData& d, std::size_t m,
                                             bool lower_is_better);

/// The conditions in which strategy s fails to meet its logframe (PRIM on its runs, the factors
/// as they were sampled), and the box in plain words.
struct FailureBox {
  std::size_t cases = 0, failures = 0;
  PrimResult prim;
  std::string words;  // "market growth < -2%/yr and funding stop > 9 months"
};
/// Throws std::invalid_argument when s has no KPIs or no run with a value.
FailureBox failure_box(const StressData& d, std::size_t s, const PrimOptions& options = {});

/// The labels of the factors for describe_box, from the file (label, display unit and scale).
std::vector<FactorLabel> factor_labels(const io::SweepData& d);

/// Plain-text tables: the logframe odds of every strategy (`odds` from logframe_odds(d)); the
/// outcomes of a metric.
std::string logframe_odds_table(const StressData& d, const std::vector<LogframeOdds>& odds);
std::string outcome_table(const StressData& d, const std::vector<StrategyOutcome>& outcomes,
                          bool lower_is_better);
/// The failure box of strategy s and its peeling trajectory (coverage against density), as text.
std::string failure_text(const StressData& d, std::size_t s, const FailureBox& box);

/// Figures (gnuplot, PNG and SVG with data and script): the chance of meeting each KPI and the
/// whole logframe, a bar per strategy with its interval (`stress_logframe`; nothing is drawn when
/// no strategy has KPIs); the distribution of metric m over each strategy's runs (empirical CDFs,
/// `stress_<metric>`); strategy s's peeling trajectory, coverage against density with the chosen
/// box marked (`prim_<strategy>`).
void plot_logframe_odds(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                        const StressData& d, const std::vector<LogframeOdds>& odds,
                        const std::string& caption);
void plot_outcome_cdfs(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                       const StressData& d, std::size_t m, const std::string& caption);
void plot_prim_tradeoff(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                        const StressData& d, std::size_t s, const FailureBox& box,
                        const std::string& caption);

}  // namespace analysis
