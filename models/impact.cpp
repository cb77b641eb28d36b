#include "models/impact.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace twinsim {

const std::array<ImpactOutcomeSpec, kImpactOutcomes>& impact_outcomes() {
  static const std::array<ImpactOutcomeSpec, kImpactOutcomes> specs = {{
      {"jobs", "employees", "Employment (full-time equivalents)"},
      {"output", "EUR/month", "Sales at home and to buyers (the cluster's output_<cluster>)"},
      {"exports", "EUR/month", "Export sales of southern firms into the northern markets"},
      {"firms", "1", "Live firms"},
      {"links_cross_border", "1",
       "Cross-border links (each has one southern and one northern end)"},
      {"links_cooperation", "1", "Cooperation links, half of each counted at each end"},
  }};
  return specs;
}

namespace {

using Sums = std::array<double, kImpactOutcomes>;

Sums firm_sums(const World& w, sim::Slot i) {
  const Firms& f = w.firms;
  Sums s{};
  s[kImpactJobs] = f.employees[i];
  s[kImpactOutput] = f.sales[i];
  s[kImpactExports] = f.export_sales[i];
  s[kImpactFirms] = 1.0;
  s[kImpactCrossBorder] = static_cast<double>(cross_border_degree(w.network, i));
  s[kImpactCooperation] = 0.5 * static_cast<double>(w.network.degree(i, kCooperation));
  return s;
}

void add(GroupSeries& g, std::size_t month, const Sums& s) {
  for (std::size_t k = 0; k < kImpactOutcomes; ++k) g.at(month, k) += s[k];
}

// The clients of the intervention world, by id (sorted).
class Clients {
 public:
  explicit Clients(std::vector<sim::AgentId> ids) : ids_(std::move(ids)) {
    std::sort(ids_.begin(), ids_.end());
  }
  bool contains(sim::AgentId id) const { return std::binary_search(ids_.begin(), ids_.end(), id); }

 private:
  std::vector<sim::AgentId> ids_;
};

// The firms the intervention's project chooses as clients: its world run alone up to the month it
// chooses them (none when it never does). The project chooses once (select_clients), so these are
// all its clients.
std::vector<sim::AgentId> chosen_clients(const Params& p, std::uint64_t seed, std::uint64_t run) {
  ModelRun alone(p, seed, run, {});
  std::vector<sim::AgentId> ids;
  for (std::size_t m = 0; m < alone.months(); ++m) {
    alone.step(m);
    const World& w = alone.world();
    if (!w.project.clients_selected) continue;
    const Firms& f = w.firms;
    for (sim::Slot i = 0; i < f.pop.slots(); ++i)
      if (f.pop.alive(i) && f.cluster[i] == kSouth && f.assisted[i]) ids.push_back(f.pop.id(i));
    break;
  }
  return ids;
}

// Adds month `month` of world `w` to its clients' and its clusters' sums.
void observe_groups(const World& w, const Clients& clients, std::size_t month, GroupSeries& mine,
                    GroupSeries& south, GroupSeries& north) {
  const Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) continue;
    Sums s = firm_sums(w, i);
    if (f.cluster[i] != kSouth) {
      s[kImpactCrossBorder] = 0;  // a cross-border link counts at its southern end
      add(north, month, s);
      continue;
    }
    add(south, month, s);
    if (clients.contains(f.pop.id(i))) add(mine, month, s);
  }
}

}  // namespace

PairedRecord simulate_pair(const Params& intervention, const Params& counterfactual,
                           std::uint64_t seed, std::uint64_t run, const Recording& recording) {
  if (intervention.horizon_months != counterfactual.horizon_months)
    throw std::invalid_argument("simulate_pair: the two worlds have different horizons");
  ModelRun with(intervention, seed, run, recording);
  ModelRun without(counterfactual, seed, run, recording);
  const std::size_t months = with.months();
  PairedSums out;
  for (GroupSeries* g : {&out.clients_intervention, &out.clients_counterfactual,
                         &out.clients_baseline, &out.south_intervention, &out.south_counterfactual,
                         &out.north_intervention, &out.north_counterfactual})
    *g = GroupSeries(months);
  const std::int64_t start = intervention.project.start_month;
  out.baseline_month = static_cast<std::size_t>(std::max<std::int64_t>(start, 1) - 1);

  // The clients are known from the start (a first pass of the intervention world), so that their
  // sums follow the same firms in every month, before the project as after.
  Clients clients(intervention.project.enabled ? chosen_clients(intervention, seed, run)
                                               : std::vector<sim::AgentId>{});
  for (std::size_t m = 0; m < months; ++m) {
    with.step(m);
    without.step(m);
    observe_groups(with.world(), clients, m, out.clients_intervention, out.south_intervention,
                   out.north_intervention);
    observe_groups(without.world(), clients, m, out.clients_counterfactual,
                   out.south_counterfactual, out.north_counterfactual);
  }
  // The baseline, in every month: the clients' sums at the end of the baseline month (a client
  // not alive then counts 0); none when the project does not start within the horizon.
  if (out.baseline_month < months)
    for (std::size_t m = 0; m < months; ++m)
      for (std::size_t k = 0; k < kImpactOutcomes; ++k)
        out.clients_baseline.at(m, k) = out.clients_intervention.at(out.baseline_month, k);
  return {with.take_record(), without.take_record(), std::move(out)};
}

}  // namespace twinsim
