// The additionality accounting of a paired comparison (docs/impact.md): what a project added,
// for whom, and at whose expense, from an intervention world and its counterfactual run on the
// same random numbers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"

namespace analysis {

/// One outcome of one replicate, month by month, in both worlds (with: the intervention; without:
/// the counterfactual). Clients: the project's assisted firms (the same firms in both worlds);
/// all: every firm of the target (southern) cluster; outside: every firm outside it (the north).
struct GroupTotals {
  std::vector<double> clients_with, clients_without;
  std::vector<double> clients_baseline;  // the clients' value at the baseline (before the project)
  std::vector<double> all_with, all_without;
  std::vector<double> outside_with, outside_without;
};

/// The accounting of one outcome of one replicate, month by month:
///   gross        = clients_with - clients_baseline   (what monitoring of the clients reports)
///   deadweight   = clients_without - clients_baseline (what they would have had anyway)
///   additional   = clients_with - clients_without     (= gross - deadweight)
///   displacement = (all - clients)_without - (all - clients)_with (others' loss; < 0: a gain)
///   net          = all_with - all_without             (= gross - deadweight - displacement)
///   ratio        = displacement / additional when additional > 0, else NaN
///   leakage      = outside_with - outside_without     (the effect outside the target cluster)
struct ImpactComponents {
  std::vector<double> gross, deadweight, additional, displacement, net, ratio, leakage;
};
ImpactComponents account_impact(const GroupTotals& t);

/// The names of the components, in the order of ImpactComponents' members, as they appear in
/// files and tables.
const std::vector<std::string>& impact_component_names();
/// Component `c` (index into impact_component_names()) of `x`.
const std::vector<double>& component(const ImpactComponents& x, std::size_t c);
std::vector<double>& component(ImpactComponents& x, std::size_t c);

/// One outcome over the replicates, for the report.
struct OutcomeImpact {
  std::string name;  // e.g. "jobs"
  std::string unit;
  std::vector<ImpactComponents> runs;
};

/// When a run's effects are read: the last month before its project ended (or the horizon), and
/// the horizon. 0-based months.
struct ReportMonths {
  std::vector<std::size_t> project_end;  // [run]
  std::size_t horizon = 0;
};

/// The first month (0-based) in which the `level` t-interval over runs of component `component`
/// (index into impact_component_names()) excludes 0, of either sign; `months` when none does.
std::size_t first_significant_month(const OutcomeImpact& o, std::size_t component,
                                    std::size_t months, double level = 0.9);

/// A plain-text report: per outcome, each component's mean and `level` t-interval over the runs at
/// the project's end and at the horizon; when the additional effect on the clients, the
/// displacement and the net effect first appear, and whether each persists at the horizon.
std::string impact_report(const std::vector<OutcomeImpact>& outcomes, const ReportMonths& at,
                          std::size_t months, double level = 0.9);

}  // namespace analysis
