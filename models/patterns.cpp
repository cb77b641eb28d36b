#include "models/patterns.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "analysis/statistics.hpp"
#include "analysis/summary.hpp"
#include "models/parameters.hpp"
#include "models/world.hpp"

namespace twinsim {

namespace {

using namespace analysis;  // the statistics and the vocabulary of pattern checks

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kNever = static_cast<std::size_t>(-1);
// The panel variable `cluster` holds a Cluster (kSouth), the metric project_phase a ProjectPhase.
constexpr double kEnded = static_cast<double>(ProjectPhase::ended);
constexpr double kSouthern = static_cast<double>(kSouth);

// ---- Reading the firm panel (every month, so snapshot s is the end of step s) ----

const sim::PanelTable& firm_panel(const sim::ResultTable& t) {
  for (const auto& p : t.panels)
    if (p.population == "firms" && p.every == 1) return p;
  throw std::logic_error("pattern check: a variant without the monthly firm panel");
}

std::size_t variable(const sim::PanelTable& p, const std::string& name) {
  for (std::size_t v = 0; v < p.variables.size(); ++v)
    if (p.variables[v].name == name) return v;
  throw std::out_of_range("the firm panel has no variable '" + name + "'");
}

using Ids = std::unordered_set<sim::AgentId>;

// Southern firms that were clients of the project at any snapshot up to `step`: the assisted
// set, including clients that exited before `step` (they count with 0 jobs).
Ids assisted_ids(const sim::PanelTable& p, std::size_t run, std::size_t step) {
  const std::size_t assisted = variable(p, "assisted");
  const std::size_t cluster = variable(p, "cluster");
  const sim::PanelRecorder& rec = p.runs.at(run);
  Ids out;
  for (std::size_t s = 0; s <= step && s < rec.snapshots(); ++s) {
    const auto ids = rec.ids(s);
    const auto a = rec.values(s, assisted);
    const auto c = rec.values(s, cluster);
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] != sim::kNoAgent && a[i] > 0.5 && c[i] == kSouthern) out.insert(ids[i]);
  }
  return out;
}

// Jobs at the end of `step` in the firms of `ids` that are alive then.
double jobs_of(const sim::PanelTable& p, std::size_t run, std::size_t step, const Ids& ids) {
  const sim::PanelRecorder& rec = p.runs.at(run);
  const auto slot_ids = rec.ids(step);
  const auto employees = rec.values(step, variable(p, "employees"));
  double sum = 0;
  for (std::size_t i = 0; i < slot_ids.size(); ++i)
    if (slot_ids[i] != sim::kNoAgent && ids.count(slot_ids[i])) sum += employees[i];
  return sum;
}

// Employees of the live southern firms at the end of `step`.
std::vector<double> southern_sizes(const sim::PanelTable& p, std::size_t run, std::size_t step) {
  const sim::PanelRecorder& rec = p.runs.at(run);
  const auto ids = rec.ids(step);
  const auto employees = rec.values(step, variable(p, "employees"));
  const auto cluster = rec.values(step, variable(p, "cluster"));
  std::vector<double> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] != sim::kNoAgent && cluster[i] == kSouthern) out.push_back(employees[i]);
  return out;
}

// ---- Paired comparisons of a project run with the no-project run of the same seed ----

// The project's clients (by firm id, from the project run's panel) gain: their jobs at `step` in
// the project run minus the same firms' jobs at `step` in the paired no-project run. Up to the
// project's start both runs draw the same numbers, so a firm id names the same firm in both.
struct Gain {
  double assisted_project = 0;  // clients' jobs, project run
  double assisted_none = 0;     // the same firms' jobs, no-project run
  double gain() const { return assisted_project - assisted_none; }
};
Gain assisted_gain(const sim::ResultTable& project, const sim::ResultTable& none, std::size_t run,
                   std::size_t step) {
  const sim::PanelTable& pp = firm_panel(project);
  const sim::PanelTable& pn = firm_panel(none);
  const Ids ids = assisted_ids(pp, run, step);
  return {jobs_of(pp, run, step, ids), jobs_of(pn, run, step, ids)};
}

// Displacement at `step`: jobs the non-assisted firms lost (southern jobs outside the assisted set
// in the no-project run minus jobs_south_nonassisted in the project run) per job the assisted
// firms gained; NaN when they gained nothing (the ratio has no meaning then).
struct Displacement {
  double loss = 0;
  double gain = 0;
  double ratio() const { return gain > 0 ? loss / gain : kNaN; }
};
Displacement displacement(const sim::ResultTable& project, const sim::ResultTable& none,
                          std::size_t run, std::size_t step) {
  const Gain g = assisted_gain(project, none, run, step);
  const double nonassisted_none = metric_at(none, "jobs_south", run, step) - g.assisted_none;
  const double nonassisted_project = metric_at(project, "jobs_south_nonassisted", run, step);
  return {nonassisted_none - nonassisted_project, g.gain()};
}

std::size_t last_step(const sim::ResultTable& t) {
  return t.steps - 1;
}

// Per-replicate values of f(run).
template <class F>
std::vector<double> per_run(std::size_t runs, F f) {
  std::vector<double> out(runs);
  for (std::size_t r = 0; r < runs; ++r) out[r] = f(r);
  return out;
}

// ---- The patterns ----

// Overrides that switch the project off: the paired counterfactual of a project run.
const std::vector<std::string> kNoProject = {"project.enabled=false"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

Pattern fast_track() {
  Pattern p;
  p.id = "P1";
  p.name = "fast-track twinning";
  p.claim =
      "Fast-track twinning without a working cluster: assisted firms gain, but cooperation among "
      "southern firms is not higher than without the project, and cross-border links fade after "
      "it ends";
  p.source = "seed (India: the donor pushed fast-track twinning); issue 3, pattern 1";
  p.variants = {{"", {"project.enabled=true", "project.fast_track=true"}, true},
                {"", kNoProject, true}};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& proj = *t[0];
    const sim::ResultTable& none = *t[1];
    const std::size_t end = last_step(proj);
    const auto gain = per_run(proj.runs, [&](std::size_t r) {
      const std::size_t s = project_last_step(proj, r);
      return s == kNever ? kNaN : assisted_gain(proj, none, r, s).gain();
    });
    const auto coop = per_run(proj.runs, [&](std::size_t r) {
      return metric_at(proj, "links_cooperation_south", r, end) -
             metric_at(none, "links_cooperation_south", r, end);
    });
    const auto fade = per_run(proj.runs, [&](std::size_t r) {
      const std::size_t s = project_last_step(proj, r);
      return s == kNever ? kNaN
                         : metric_at(proj, "links_cross_border", r, end) -
                               metric_at(proj, "links_cross_border", r, s);
    });
    return std::vector<Check>{
        make_check("assisted firms' jobs at project end, vs the same firms without project", gain,
                   above(0), level),
        make_check("southern cooperation links at horizon, project - no project", coop,
                   not_above(0), level),
        make_check("cross-border links, horizon - project end", fade, below(0), level)};
  };
  return p;
}

Pattern tiered_division() {
  Pattern p;
  p.id = "P2";
  p.name = "tiered division of labour";
  p.claim =
      "A sector with an existing tiered division of labour forms more lasting business matches "
      "than one without";
  p.source =
      "seed 4.3 (Pune's auto components: B2B matchmaking most successful); issue 3, pattern 2";
  // The same fast-track project; the files differ only in the sector's tier_shares.
  p.variants = {{"teaching/tiered_sector.toml", {}, false},
                {"teaching/untiered_sector.toml", {}, false}};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& tiered = *t[0];
    const sim::ResultTable& flat = *t[1];
    // Cross-border links at the horizon per link at the project's end: the share that lasts.
    const auto kept = [](const sim::ResultTable& x, std::size_t r) {
      const std::size_t s = project_last_step(x, r);
      const double at_end = s == kNever ? 0 : metric_at(x, "links_cross_border", r, s);
      return at_end > 0 ? metric_at(x, "links_cross_border", r, last_step(x)) / at_end : kNaN;
    };
    const auto more =
        per_run(tiered.runs, [&](std::size_t r) { return kept(tiered, r) - kept(flat, r); });
    const auto lasting = per_run(tiered.runs, [&](std::size_t r) {
      return metric_at(tiered, "links_cross_border", r, last_step(tiered)) -
             metric_at(flat, "links_cross_border", r, last_step(flat));
    });
    return std::vector<Check>{
        make_check("share of cross-border links kept from project end to horizon, tiered - not",
                   more, above(0), level),
        make_check("cross-border links at horizon, tiered - not", lasting, above(0), level)};
  };
  return p;
}

Pattern donor_crisis() {
  Pattern p;
  p.id = "P3";
  p.name = "donor-country crisis";
  p.claim = "A donor-country crisis lowers northern participation and the matches made";
  p.source = "seed (Italy's crisis during both projects); issue 3, pattern 3";
  p.variants = {{"", {"project.enabled=true", "donor.crisis=true"}, false},
                {"", {"project.enabled=true", "donor.crisis=false"}, false}};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& crisis = *t[0];
    const sim::ResultTable& calm = *t[1];
    const auto matches = per_run(crisis.runs, [&](std::size_t r) {
      return metric_sum(crisis, "twinning_matches", r) - metric_sum(calm, "twinning_matches", r);
    });
    // Northern participation: the share of proposed matches northern firms accept.
    const auto acceptance = [](const sim::ResultTable& x, std::size_t r) {
      const double proposed = metric_sum(x, "twinning_proposals", r);
      return proposed > 0 ? metric_sum(x, "twinning_matches", r) / proposed : kNaN;
    };
    const auto accepted = per_run(
        crisis.runs, [&](std::size_t r) { return acceptance(crisis, r) - acceptance(calm, r); });
    return std::vector<Check>{
        make_check("matches made over the run, crisis - no crisis", matches, below(0), level),
        make_check("share of proposals the north accepts, crisis - no crisis", accepted, below(0),
                   level)};
  };
  return p;
}

Pattern sectors_spread() {
  Pattern p;
  p.id = "P4";
  p.name = "one sector vs three";
  p.claim = "The same budget over three sectors does less for cluster-level outcomes than over one";
  p.source = "seed (India: three sectors; recommendation: one sector); issue 3, pattern 4";
  const std::string scenario = "proposed_design.toml";
  p.variants = {
      {scenario, {"project.sectors=[\"auto_components\"]"}, false},
      {scenario, {"project.sectors=[\"auto_components\", \"textiles\", \"leather\"]"}, false}};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& one = *t[0];
    const sim::ResultTable& three = *t[1];
    const std::size_t end = last_step(one);
    const auto diff = [&](const std::string& metric) {
      return per_run(one.runs, [&](std::size_t r) {
        return metric_at(one, metric, r, end) - metric_at(three, metric, r, end);
      });
    };
    return std::vector<Check>{
        make_check("southern cooperation links at horizon, one sector - three",
                   diff("links_cooperation_south"), above(0), level),
        make_check("southern jobs at horizon, one sector - three", diff("jobs_south"), above(0),
                   level)};
  };
  return p;
}

Pattern displacement_by_market() {
  Pattern p;
  p.id = "P5";
  p.name = "displacement by market";
  p.claim =
      "Selective support in a declining market takes jobs from non-assisted firms; in a growing "
      "market much less so";
  p.source = "seed (crowding-out); domain anchors 3.3 P1, P5, P6; issue 3, pattern 5";
  const std::string declining = "teaching/declining_market.toml";
  const std::string growing = "teaching/growing_market.toml";
  p.variants = {{declining, {}, true},
                {declining, kNoProject, true},
                {growing, {}, true},
                {growing, kNoProject, true}};
  p.evaluate = [](VariantTables t, double level) {
    const std::size_t runs = t[0]->runs;
    const auto disp = [&](std::size_t v, std::size_t r) {
      return displacement(*t[v], *t[v + 1], r, last_step(*t[v]));
    };
    const auto loss = per_run(runs, [&](std::size_t r) { return disp(0, r).loss; });
    const auto more =
        per_run(runs, [&](std::size_t r) { return disp(0, r).ratio() - disp(2, r).ratio(); });
    return std::vector<Check>{
        make_check("declining: non-assisted jobs lost at horizon, vs no project", loss, above(0),
                   level),
        make_check("displacement (jobs lost per job gained), declining - growing", more, above(0),
                   level)};
  };
  return p;
}

Pattern bds_after_project() {
  Pattern p;
  p.id = "P6";
  p.name = "BDS after the project";
  p.claim =
      "BDS providers that live on project contracts close after the project ends unless paying "
      "demand was built";
  p.source = "seed (BDS market development); domain anchors 2.3; issue 3, pattern 6";
  // Paying demand: the monthly probability that a profitable firm buys a service.
  p.variants = {{"", {"project.enabled=true", "bds.purchase_probability=0.01"}, false},
                {"", {"project.enabled=true", "bds.purchase_probability=0.2"}, false}};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& low = *t[0];
    const sim::ResultTable& high = *t[1];
    // Providers active at the horizon per provider active in the project's last month: the
    // share of the project-time market that outlives the project (entrants after it included).
    const auto kept = [](const sim::ResultTable& x, std::size_t r) {
      const std::size_t s = project_last_step(x, r);
      const double during = s == kNever ? 0 : metric_at(x, "bds_active", r, s);
      return during > 0 ? metric_at(x, "bds_active", r, last_step(x)) / during : kNaN;
    };
    const auto drop = per_run(low.runs, [&](std::size_t r) { return kept(low, r) - 1; });
    const auto more =
        per_run(low.runs, [&](std::size_t r) { return kept(high, r) - kept(low, r); });
    return std::vector<Check>{
        make_check("low paying demand: providers at horizon / at project end, minus 1", drop,
                   below(0), level),
        make_check("providers at horizon / at project end, high paying demand - low", more,
                   above(0), level)};
  };
  return p;
}

Pattern delays() {
  Pattern p;
  p.id = "P7";
  p.name = "long delays";
  p.claim = "Long delays lower impact when the market moves in the meantime";
  p.source = "seed (India: a three-year plan that started six years late); issue 3, pattern 7";
  const std::string scenario = "teaching/declining_market.toml";
  // A horizon long enough for the late project to end well before it.
  const std::vector<std::string> horizon = {"horizon_months=144"};
  p.variants = {{scenario, with(horizon, {"project.start_month=12"}), true},
                {scenario, with(horizon, {"project.start_month=60"}), true},
                {scenario, with(horizon, kNoProject), true}};
  p.evaluate = [](VariantTables t, double level) {
    const std::size_t end = last_step(*t[0]);
    // Relative to the clients' jobs without the project: with heavy-tailed firm sizes a few large
    // clients would dominate absolute gains (the two projects choose their clients in different
    // months, so they are not the same firms).
    const auto relative = [&](const sim::ResultTable& project, std::size_t r) {
      const Gain g = assisted_gain(project, *t[2], r, end);
      return g.assisted_none > 0 ? g.gain() / g.assisted_none : kNaN;
    };
    const auto diff =
        per_run(t[0]->runs, [&](std::size_t r) { return relative(*t[0], r) - relative(*t[1], r); });
    return std::vector<Check>{make_check(
        "clients' relative job gain at horizon vs no project, start month 12 - start month 60",
        diff, above(0), level)};
  };
  return p;
}

Pattern designs() {
  Pattern p;
  p.id = "P8";
  p.name = "proposed design";
  p.claim =
      "The proposed design leaves more lasting linkages and jobs than the India and Viet Nam "
      "designs";
  p.source = "seed (recommendations); issue 3, pattern 8";
  p.variants = {{"proposed_design.toml", {}, false}, {"proposed_design.toml", kNoProject, false},
                {"india_2006.toml", {}, false},      {"india_2006.toml", kNoProject, false},
                {"vietnam_2009.toml", {}, false},    {"vietnam_2009.toml", kNoProject, false}};
  p.evaluate = [](VariantTables t, double level) {
    const std::size_t runs = t[0]->runs;
    // Lasting linkages: cross-border links at the horizon. Jobs: southern jobs at the horizon
    // relative to the same scenario without the project (the scenarios differ in size).
    const auto links = [&](std::size_t v, std::size_t r) {
      return metric_at(*t[v], "links_cross_border", r, last_step(*t[v]));
    };
    const auto jobs = [&](std::size_t v, std::size_t r) {
      const double none = metric_at(*t[v + 1], "jobs_south", r, last_step(*t[v + 1]));
      return (metric_at(*t[v], "jobs_south", r, last_step(*t[v])) - none) / none;
    };
    std::vector<Check> out;
    for (const auto& [reviewed, name] :
         {std::pair<std::size_t, std::string>{2, "India"}, {4, "Viet Nam"}}) {
      // A copy for the lambdas below: clang before 16 cannot capture a structured binding.
      const std::size_t v = reviewed;
      out.push_back(
          make_check("cross-border links at horizon, proposed - " + name,
                     per_run(runs, [&](std::size_t r) { return links(0, r) - links(v, r); }),
                     above(0), level));
      out.push_back(make_check(
          "relative southern job impact at horizon, proposed - " + name,
          per_run(runs, [&](std::size_t r) { return jobs(0, r) - jobs(v, r); }), above(0), level));
    }
    return out;
  };
  return p;
}

// The no-project baseline of the base scenario, with the monthly firm panel.
const Variant kBaseline = {"", kNoProject, true};

Pattern firm_sizes() {
  Pattern p;
  p.id = "F1";
  p.name = "firm sizes";
  p.claim = "Firm sizes are heavy-tailed, with a Zipf-like upper tail (exponent about 1)";
  p.source = "domain anchors 3.1 F1 (Axtell 2001: 1.059)";
  p.variants = {kBaseline};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& base = *t[0];
    // Hill's estimate from the largest 10% of southern firms at the horizon (at least 5).
    const auto alpha = per_run(base.runs, [&](std::size_t r) {
      const auto sizes = southern_sizes(firm_panel(base), r, last_step(base));
      return hill_exponent(sizes, std::max<std::size_t>(5, sizes.size() / 10));
    });
    return std::vector<Check>{
        make_check("Hill tail exponent, top 10% of southern firm sizes at horizon", alpha,
                   within(0.8, 1.5), level)};
  };
  return p;
}

// Months of burn-in before growth rates and survival of established firms are measured: the
// initial size draw is not the model's own distribution yet.
constexpr std::size_t kBurnIn = 24;

Pattern growth_rates() {
  Pattern p;
  p.id = "F2";
  p.name = "growth rates";
  p.claim = "Log growth rates of firms are tent-shaped (Laplace), not Gaussian";
  p.source = "domain anchors 3.1 F2 (Stanley et al. 1996; Bottazzi & Secchi 2006)";
  p.variants = {kBaseline};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& base = *t[0];
    const sim::PanelTable& panel = firm_panel(base);
    const std::size_t employees = variable(panel, "employees");
    const std::size_t cluster = variable(panel, "cluster");
    // Annual log growth of employment, ln(e(t+12) / e(t)), of southern firms alive at both ends,
    // pooled over t = burn-in, burn-in + 12, ...
    const auto kurtosis = per_run(base.runs, [&](std::size_t r) {
      const sim::PanelRecorder& rec = panel.runs[r];
      std::vector<double> g;
      for (std::size_t s = kBurnIn - 1; s + 12 < rec.snapshots(); s += 12) {
        std::unordered_map<sim::AgentId, double> before;
        const auto ids0 = rec.ids(s);
        const auto e0 = rec.values(s, employees);
        const auto c0 = rec.values(s, cluster);
        for (std::size_t i = 0; i < ids0.size(); ++i)
          if (ids0[i] != sim::kNoAgent && c0[i] == kSouthern && e0[i] > 0) before[ids0[i]] = e0[i];
        const auto ids1 = rec.ids(s + 12);
        const auto e1 = rec.values(s + 12, employees);
        for (std::size_t i = 0; i < ids1.size(); ++i) {
          const auto it = before.find(ids1[i]);
          if (it != before.end() && e1[i] > 0) g.push_back(std::log(e1[i] / it->second));
        }
      }
      return excess_kurtosis(g);
    });
    return std::vector<Check>{
        make_check("excess kurtosis of annual log employment growth, southern firms (Laplace: 3)",
                   kurtosis, above(0), level)};
  };
  return p;
}

Pattern survival() {
  Pattern p;
  p.id = "F4";
  p.name = "firm survival";
  p.claim =
      "Entrants survive one year at about 80% and five years at about 45%; established "
      "southern firms survive a year at about 92-94%";
  p.source = "domain anchors 3.1 F4 and 3.4 (Eurostat; Knaup 2005; OECD 2017; Viet Nam SME survey)";
  p.variants = {kBaseline};
  p.evaluate = [](VariantTables t, double level) {
    const sim::ResultTable& base = *t[0];
    const sim::PanelTable& panel = firm_panel(base);
    const std::size_t entry = variable(panel, "entry_month");
    const std::size_t cluster = variable(panel, "cluster");
    struct Life {
      double born = -1;
      std::size_t first = 0;  // first and last snapshot (= step) the firm was seen alive
      std::size_t last = 0;
    };
    // Each southern firm's entry month and the last month it was alive; ids are never reused.
    const auto lives = [&](std::size_t r) {
      const sim::PanelRecorder& rec = panel.runs[r];
      std::unordered_map<sim::AgentId, Life> out;
      for (std::size_t s = 0; s < rec.snapshots(); ++s) {
        const auto ids = rec.ids(s);
        const auto born = rec.values(s, entry);
        const auto c = rec.values(s, cluster);
        for (std::size_t i = 0; i < ids.size(); ++i) {
          if (ids[i] == sim::kNoAgent || c[i] != kSouthern) continue;
          auto [it, fresh] = out.try_emplace(ids[i], Life{born[i], s, s});
          if (!fresh) it->second.last = s;
        }
      }
      return out;
    };
    const std::size_t steps = base.steps;
    // Share of entrants (born >= 0, old enough to be judged at the horizon) alive `age` months
    // after their entry month.
    const auto entrant_survival = [&](std::size_t r, std::size_t age) {
      double n = 0;
      double alive = 0;
      for (const auto& [id, life] : lives(r)) {
        if (life.born < 0 || static_cast<std::size_t>(life.born) + age >= steps) continue;
        n += 1;
        if (life.last >= static_cast<std::size_t>(life.born) + age) alive += 1;
      }
      return n > 0 ? alive / n : kNaN;
    };
    // Annual survival of firms at least two years old (or present at the start) at each
    // anniversary after the burn-in, pooled.
    const auto established = per_run(base.runs, [&](std::size_t r) {
      double n = 0;
      double alive = 0;
      const auto all = lives(r);
      for (std::size_t s = kBurnIn - 1; s + 12 < steps; s += 12) {
        for (const auto& [id, life] : all) {
          const bool old = life.born < 0 || life.born + 24 <= static_cast<double>(s);
          if (!old || life.first > s || life.last < s) continue;
          n += 1;
          if (life.last >= s + 12) alive += 1;
        }
      }
      return n > 0 ? alive / n : kNaN;
    });
    return std::vector<Check>{
        make_check("entrants alive 1 year after entry",
                   per_run(base.runs, [&](std::size_t r) { return entrant_survival(r, 12); }),
                   within(0.6, 0.95), level),
        make_check("entrants alive 5 years after entry",
                   per_run(base.runs, [&](std::size_t r) { return entrant_survival(r, 60); }),
                   within(0.3, 0.65), level),
        make_check("annual survival of established southern firms", established, within(0.88, 0.98),
                   level)};
  };
  return p;
}

}  // namespace

const std::vector<analysis::Pattern>& patterns() {
  static const std::vector<analysis::Pattern> all = {fast_track(),
                                                     tiered_division(),
                                                     donor_crisis(),
                                                     sectors_spread(),
                                                     displacement_by_market(),
                                                     bds_after_project(),
                                                     delays(),
                                                     designs(),
                                                     firm_sizes(),
                                                     growth_rates(),
                                                     survival()};
  return all;
}

std::size_t project_last_step(const sim::ResultTable& t, std::size_t run) {
  const auto phase = t.series(analysis::metric_index(t, "project_phase"), run);
  for (std::size_t s = 1; s < phase.size(); ++s)
    if (phase[s] == kEnded) return s - 1;
  return kNever;
}

}  // namespace twinsim
