// The vocabulary of pattern checks (docs/validation.md), which knows no model: a pattern names the
// variants it runs (a scenario plus overrides), and from their runs computes measures with
// intervals over replicates and a criterion for each. Replicate r of every variant uses the same
// seed, so differences between variants are paired by common random numbers. The library runs
// nothing: the caller runs the variants and hands back their result tables (metrics by name as in
// docs/output-format.md, and the monthly firm panel when the variant asks for it). The model's
// patterns are in models/patterns.hpp.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/results.hpp"

namespace analysis {

/// One set of runs a pattern needs.
struct Variant {
  /// Scenario file relative to the scenarios folder (e.g. "teaching/declining_market.toml");
  /// empty: the base scenario given to `twinsim validate`.
  std::string scenario;
  /// "key=value" overrides applied after the scenario (and after the user's --set).
  std::vector<std::string> overrides;
  /// True when the runs must record the firm panel every month (/agents/firms).
  bool firm_panel = false;

  /// Identifies runs that several patterns share: scenario and overrides.
  std::string key() const;
};

/// How a measure's interval is judged.
struct Criterion {
  enum class Kind {
    Above,     // the whole interval above `a`: a significant increase
    Below,     // the whole interval below `a`: a significant decrease
    NotAbove,  // the interval reaches `a` or lower: no significant increase
    Within,    // the mean in [a, b]: a calibration band
  };
  Kind kind = Kind::Above;
  double a = 0;
  double b = 0;

  bool holds(const Estimate& e) const;
  /// For the table, e.g. "interval > 0", "mean in [0.8, 1.5]".
  std::string text() const;
};
Criterion above(double a);
Criterion below(double a);
Criterion not_above(double a);
Criterion within(double a, double b);

/// One measured quantity of a pattern.
struct Check {
  std::string measure;  // what is measured, in a few words
  Estimate value;       // mean and interval over replicates
  Criterion criterion;
  bool holds = false;
};

/// The runs of a pattern's variants, in the order of Pattern::variants; each table has the same
/// replicates (runs) with the same seeds.
using VariantTables = std::span<const sim::ResultTable* const>;

struct Pattern {
  std::string id;      // "P1" (the numbering of the review's findings), "F1" (facts)
  std::string name;    // a few words
  std::string claim;   // the finding or fact it checks
  std::string source;  // where the claim comes from
  std::vector<Variant> variants;
  /// Computes the checks from the runs, intervals at `level` (e.g. 0.9).
  std::function<std::vector<Check>(VariantTables, double level)> evaluate;
};

/// A pattern's outcome: holds when every check holds.
struct PatternResult {
  const Pattern* pattern = nullptr;
  std::vector<Check> checks;
  bool holds() const;
};

/// Builds a check: the t-interval of `per_replicate` at `level`, judged by `criterion`.
Check make_check(std::string measure, std::span<const double> per_replicate, Criterion criterion,
                 double level);

/// The table `twinsim validate` prints: pattern, measure, value [interval], criterion, holds.
std::string validation_table(const std::vector<PatternResult>& results, double level);

// Helpers over result tables, for pattern definitions and tests. Months are 1-based (the end of
// month m is step m - 1); a missing metric throws std::out_of_range.

/// Value of metric `name` in run `run` at step `step`.
double metric_at(const sim::ResultTable& t, const std::string& name, std::size_t run,
                 std::size_t step);
/// Sum of metric `name` over all steps of run `run` (e.g. cumulative matches).
double metric_sum(const sim::ResultTable& t, const std::string& name, std::size_t run);
}  // namespace analysis
