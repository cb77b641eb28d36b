// Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999, as used
// by Bryant & Lempert 2010): the box of uncertain conditions in which the cases of interest (e.g.
// the runs in which a strategy failed) concentrate (docs/analysis.md, "Estimators"). Plain
// columns in, plain structs out; no file I/O, no printing.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace analysis {

/// PRIM's settings (prim() says how each is used).
struct PrimOptions {
  double peel_alpha = 0.05;     // share of the box's cases each peel removes
  double paste_alpha = 0.01;    // share of the box's cases each paste adds
  double min_mass = 0.05;       // peeling stops before the box would hold fewer of all cases
  double min_coverage = 0.5;    // the chosen box covers at least this share of cases of interest
  double density_slack_se = 2;  // how far (standard errors) below the densest its density may be
  double max_p_value = 0.05;    // bounds of the chosen box kept only when this significant
};

/// A box: lo[j] <= x_j <= hi[j] for every factor j (-inf / +inf where a side is not restricted),
/// with the cases it holds. Coverage: its share of all cases of interest (NaN when there are
/// none); density: the share of its cases that are of interest; mass: its share of all cases.
struct PrimBox {
  std::vector<double> lo, hi;
  std::size_t cases = 0;
  std::size_t interest = 0;
  double coverage = 0;
  double density = 0;
  double mass = 0;
};

/// One restricted factor of a box: its bounds (an infinite one is not restricted) and, for each
/// restricted side, the quasi-p-value of that bound (Bryant & Lempert 2010): the probability of
/// at least the box's cases of interest among its cases were they drawn at the density of the box
/// without that bound (one-sided binomial test); NaN for an open side.
struct PrimRestriction {
  std::size_t factor = 0;
  double lo = 0, hi = 0;
  double p_lo = 0, p_hi = 0;
};

struct PrimResult {
  std::vector<PrimBox> trajectory;  // the peeling: [0] the whole space, then one box per peel
  std::size_t chosen_peel = 0;      // the peeled box the chosen box starts from
  PrimBox box;                      // the chosen box: that peeled box, pasted, then pruned
  std::vector<PrimRestriction> restricted;  // the factors `box` restricts, in factor order
};

/// PRIM on `x[factor][case]` (finite values) and `interest[case]`:
/// 1. peeling: from the whole space, repeatedly remove a slice of about peel_alpha of the box's
///    cases at the lower or upper end of one factor, the slice (of the 2 k candidates) that
///    leaves the highest density (ties: the thinner slice), while the box keeps at least
///    min_mass of all cases and its density is below 1; every box goes into `trajectory`;
/// 2. choice: among the peeled boxes with coverage >= min_coverage, the first (the largest)
///    whose density d >= d* - density_slack_se * sqrt(d* (1 - d*) / n*), where d* is the highest
///    density among them and n* that box's cases: the peels after it raise the density by
///    less than sampling noise could, and cut cases of interest;
/// 3. pasting: repeatedly widen it at the bound where adding about paste_alpha of its cases
///    raises density most, while that raises density;
/// 4. pruning: repeatedly drop the bound with the largest quasi-p-value while that is above
///    max_p_value (a restriction the data do not support).
/// A slice holds every case tied with its last value; a new bound lies halfway between the last
/// case removed and the first kept. With no case of interest, the result is the whole space.
/// Throws std::invalid_argument when lengths differ, a value is not finite, there is no case or
/// no factor, or an option is out of its range (alphas in (0, 1), min_mass in (0, 1], min_coverage
/// and max_p_value in [0, 1], density_slack_se >= 0).
PrimResult prim(std::span<const std::vector<double>> x, const std::vector<bool>& interest,
                const PrimOptions& options = {});

/// How a factor is shown in words: its display name, the unit written right after each number
/// (with its own leading space where one is wanted: "%/yr", " months") and the scale the value is
/// multiplied by first (100 for a rate shown in %; a negative scale turns the bounds round).
struct FactorLabel {
  std::string name;
  std::string unit;
  double scale = 1;
};

/// The restrictions in plain words, joined by " and ": "market growth < -2%/yr and funding stop >
/// 9 months"; a factor restricted on both sides reads "NAME between LO and HI". `labels` holds
/// one label per factor (indexed by PrimRestriction::factor); `format` writes a scaled number
/// (when empty: analysis::format_number).
/// "no factor restricted" when `restricted` is empty. Throws std::out_of_range for a factor
/// without a label, std::invalid_argument for a scale of 0.
std::string describe_box(std::span<const PrimRestriction> restricted,
                         std::span<const FactorLabel> labels,
                         const std::function<std::string(double)>& format = {});

}  // namespace analysis
