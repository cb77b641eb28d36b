#include "models/observables.hpp"

#include <cmath>

namespace twinsim {

namespace {

// Aggregates computed once per month; each metric reads one field.
struct Snapshot {
  struct PerCluster {
    double firms = 0, jobs = 0, output = 0, demand = 0, entries = 0, exits = 0;
  };
  std::array<PerCluster, kClusters> cluster;
  sim::NetworkMeasures network;
};

using Getter = double (*)(const Snapshot&);

// Standard deviation of the degree distribution (population form, over live firms).
double degree_sd(const sim::NetworkMeasures& m) {
  double n = 0, sum = 0, sum2 = 0;
  for (std::size_t d = 0; d < m.degree_histogram.size(); ++d) {
    const auto count = static_cast<double>(m.degree_histogram[d]), x = static_cast<double>(d);
    n += count;
    sum += count * x;
    sum2 += count * x * x;
  }
  if (n == 0) return 0.0;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}
struct Observable {
  sim::MetricSpec spec;
  Getter get;
};

template <int C>
std::vector<Observable> cluster_observables() {
  const std::string c = kClusterNames[C];
  return {
      {{c + "_firms", "1", "Live firms in the " + c + "ern cluster at the end of the month"},
       [](const Snapshot& s) { return s.cluster[C].firms; }},
      {{c + "_jobs", "employees", "Employment (full-time equivalents) in the " + c + "ern cluster"},
       [](const Snapshot& s) { return s.cluster[C].jobs; }},
      {{c + "_output", "EUR/month",
        "Sales of the " + c + "ern cluster's firms this month (orders served)"},
       [](const Snapshot& s) { return s.cluster[C].output; }},
      {{c + "_demand", "EUR/month", "Market demand for the " + c + "ern cluster's products"},
       [](const Snapshot& s) { return s.cluster[C].demand; }},
      {{c + "_entries", "1/month", "Firms that entered the " + c + "ern cluster this month"},
       [](const Snapshot& s) { return s.cluster[C].entries; }},
      {{c + "_exits", "1/month", "Firms that exited the " + c + "ern cluster this month"},
       [](const Snapshot& s) { return s.cluster[C].exits; }},
  };
}

std::vector<Observable> build() {
  std::vector<Observable> all = cluster_observables<kNorth>();
  for (auto& o : cluster_observables<kSouth>()) all.push_back(std::move(o));
  const std::vector<Observable> network = {
      {{"cooperation_links", "1", "Cooperation links between firms"},
       [](const Snapshot& s) { return static_cast<double>(s.network.links); }},
      {{"network_density", "1", "Cooperation links / possible pairs of live firms"},
       [](const Snapshot& s) { return s.network.density; }},
      {{"clustering_coefficient", "1",
        "Mean local clustering coefficient of the cooperation network (firms with fewer than two "
        "partners count as 0)"},
       [](const Snapshot& s) { return s.network.mean_clustering; }},
      {{"network_components", "1",
        "Connected components of the cooperation network (isolated firms count)"},
       [](const Snapshot& s) { return static_cast<double>(s.network.components); }},
      {{"largest_component_share", "1", "Share of live firms in the largest connected component"},
       [](const Snapshot& s) {
         return s.network.live_vertices ? static_cast<double>(s.network.largest_component) /
                                              static_cast<double>(s.network.live_vertices)
                                        : 0.0;
       }},
      {{"mean_degree", "1", "Mean number of cooperation partners per firm"},
       [](const Snapshot& s) { return s.network.mean_degree; }},
      {{"degree_sd", "1", "Standard deviation of the number of cooperation partners per firm"},
       [](const Snapshot& s) { return degree_sd(s.network); }},
      {{"max_degree", "1",
        "Largest number of cooperation partners of a firm (degree distribution's tail)"},
       [](const Snapshot& s) {
         return s.network.degree_histogram.empty()
                    ? 0.0
                    : static_cast<double>(s.network.degree_histogram.size() - 1);
       }},
  };
  all.insert(all.end(), network.begin(), network.end());
  return all;
}

const std::vector<Observable>& observables() {
  static const std::vector<Observable> all = build();
  return all;
}

}  // namespace

const std::vector<sim::MetricSpec>& metric_specs() {
  static const std::vector<sim::MetricSpec> specs = [] {
    std::vector<sim::MetricSpec> v;
    for (const auto& o : observables()) v.push_back(o.spec);
    return v;
  }();
  return specs;
}

const std::vector<const char*>& summary_metrics() {
  static const std::vector<const char*> names = {"south_firms",
                                                 "south_jobs",
                                                 "south_output",
                                                 "north_firms",
                                                 "north_jobs",
                                                 "north_output",
                                                 "cooperation_links",
                                                 "clustering_coefficient",
                                                 "largest_component_share"};
  return names;
}

void observe(const World& w, std::span<double> out) {
  Snapshot s;
  const Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) continue;
    auto& c = s.cluster[f.cluster[i]];
    c.firms += 1;
    c.jobs += f.employees[i];
  }
  for (int c = 0; c < kClusters; ++c) {
    s.cluster[c].demand = w.markets[c].demand;
    s.cluster[c].output = w.markets[c].sales;
    s.cluster[c].entries = static_cast<double>(w.events.entries[c]);
    s.cluster[c].exits = static_cast<double>(w.events.exits[c]);
  }
  s.network = w.network.measure(kCooperation, f.pop.alive_mask());
  const auto& all = observables();
  for (std::size_t m = 0; m < all.size(); ++m) out[m] = all[m].get(s);
}

}  // namespace twinsim
