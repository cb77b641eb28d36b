// Ensemble statistics over replicates.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "sim/results.hpp"

namespace analysis {

/// Mean and central interval of a sample; NaN values (failed runs) are left out and counted.
struct Interval {
  double mean = 0;
  double lo = 0;  // lower quantile, (1 - level) / 2
  double hi = 0;  // upper quantile, (1 + level) / 2
  std::size_t n = 0;
  std::size_t missing = 0;
};

/// Quantile q in [0, 1] of `sorted` (ascending, non-empty) by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of R and numpy).
double quantile(std::span<const double> sorted, double q);

/// The values that are not NaN, in ascending order; `missing` counts the NaN ones.
std::vector<double> sorted_values(std::span<const double> values, std::size_t& missing);

/// Mean and `level` central interval (0.9: the 5% and 95% quantiles) of `values`.
Interval summarize(std::span<const double> values, double level = 0.9);

/// The end-of-run values of metric `m` of every run in `table`.
std::vector<double> final_values(const sim::ResultTable& table, std::size_t m);

/// A number for a table: integers plainly, 3 decimals below 100, 3 significant digits when very
/// large or small, "nan" for NaN.
std::string format_number(double x);

/// Index of the metric named `name` in `table`; throws std::out_of_range when there is none.
std::size_t metric_index(const sim::ResultTable& table, const std::string& name);

/// Aligned plain text: the first row is the header (underlined); the first `text_columns` columns
/// are left-aligned, the others right-aligned.
std::string text_table(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns);

/// A plain-text table: one row per metric in `names`, columns metric, unit, the mean at the first
/// recorded month, and the mean, 5% and 95% quantiles of the end-of-run values over replicates.
std::string summary_table(const sim::ResultTable& table, const std::vector<std::string>& names,
                          double level = 0.9);

}  // namespace analysis
