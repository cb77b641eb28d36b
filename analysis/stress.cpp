#include "analysis/stress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot.hpp"
#include "analysis/summary.hpp"
#include "io/file_kind.hpp"
#include "io/h5.hpp"
#include "sim/error.hpp"
#include "sim/names.hpp"

namespace analysis {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string percent(double share) {
  if (std::isnan(share)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", 100 * share);
  return text;
}

std::string odds(const Probability& p) {
  if (p.n == 0) return "-";
  return percent(p.p) + " [" + percent(p.lo) + ", " + percent(p.hi) + "]";
}

// A table with columns padded to their widest cell; the first `left` columns (names) left-aligned,
// the others (numbers) right-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& rows, std::size_t left = 1) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c == 0 ? "" : "  ") + (c < left ? row[c] + pad : pad + row[c]);
    }
    out += line + "\n";
  }
  return out;
}

// Whether a run's value meets a KPI.
bool meets(double value, const sim::Target& k) {
  return k.at_least ? value >= k.target : value <= k.target;
}

}  // namespace

StressData read_stress(const fs::path& path) {
  if (io::file_kind(path) != io::FileKind::stress)
    throw sim::InputError(path.string() + ": not a stress test (written by twinsim stress)");
  StressData d;
  d.sweep = io::read_sweep(path);
  const io::h5::File file = io::h5::File::open(path);
  d.strategies = file.read_attribute<std::vector<std::string>>("strategies");
  auto bad = [&path](const std::string& what) {
    return sim::InputError(path.string() + ": " + what + " (a damaged stress test file?)");
  };
  if (d.strategies.empty()) throw bad("no strategies");
  // A strategy's name names an HDF5 group and its figure (prim_NAME): checked before either.
  for (const std::string& name : d.strategies)
    sim::require_plain_file_name(name, path.string(), "attribute strategies");
  const io::h5::Group parameters = file.open_group("parameters");
  // Each run's strategy and condition index the strategies and the runs.
  auto index_column = [&](const std::string& name, std::size_t end) {
    const std::vector<double> values = parameters.open_dataset(name).read<double>();
    if (values.size() != d.sweep.runs)
      throw bad("/parameters/" + name + " does not list every run");
    std::vector<std::size_t> indices;
    for (double v : values) {
      if (!(v >= 0 && v < static_cast<double>(end) && v == std::floor(v)))
        throw bad("/parameters/" + name + " holds " + format_number(v) + ", not an index below " +
                  std::to_string(end));
      indices.push_back(static_cast<std::size_t>(v));
    }
    return indices;
  };
  d.strategy = index_column("strategy", d.strategies.size());
  d.condition = index_column("condition", d.sweep.runs);
  for (std::size_t c : d.condition) d.conditions = std::max(d.conditions, c + 1);
  const std::vector<double> time = file.open_dataset("time").read<double>();
  const std::size_t steps = time.size();
  const io::h5::Group all = file.open_group("strategies");
  std::map<std::string, std::vector<double>> series;  // a metric's /timeseries, read once
  for (std::size_t s = 0; s < d.strategies.size(); ++s) {
    const io::h5::Group g = all.open_group(d.strategies[s]);
    d.files.push_back(g.read_attribute<std::string>("file"));
    const io::h5::Group logframe = g.open_group("logframe");
    std::vector<sim::Target> kpis;
    std::vector<std::vector<double>> values;
    for (const std::string& name : g.read_attribute<std::vector<std::string>>("kpis")) {
      sim::require_snake_name(name, path.string(), "attribute kpis of " + g.path());
      const io::h5::Group k = logframe.open_group(name);
      sim::Target t;
      t.name = name;
      t.metric = k.read_attribute<std::string>("metric");
      const double month = k.read_attribute<double>("month");
      if (!(month >= 1 && month <= static_cast<double>(steps) && month == std::floor(month)))
        throw bad(k.path() + ": month " + format_number(month) + " is not a recorded month");
      t.step = static_cast<std::size_t>(month) - 1;
      t.target = k.read_attribute<double>("target");
      t.at_least = k.read_attribute<std::string>("direction") == "at_least";
      if (k.has_attribute("baseline")) t.baseline = k.read_attribute<double>("baseline");
      const std::size_t m = d.sweep.metric(t.metric);
      std::vector<double> v(d.sweep.runs, kNaN);
      if (t.step + 1 == steps) {
        for (std::size_t r = 0; r < d.sweep.runs; ++r) v[r] = d.sweep.horizon[m][r];
      } else {
        auto& ts = series[t.metric];
        if (ts.empty()) ts = file.open_group("timeseries").open_dataset(t.metric).read<double>();
        if (ts.size() != d.sweep.runs * steps)
          throw bad("/timeseries/" + t.metric + " is not (run, time)");
        for (std::size_t r = 0; r < d.sweep.runs; ++r) v[r] = ts[r * steps + t.step];
      }
      for (std::size_t r = 0; r < d.sweep.runs; ++r)
        if (d.strategy[r] != s || !d.sweep.ok[r]) v[r] = kNaN;
      kpis.push_back(std::move(t));
      values.push_back(std::move(v));
    }
    d.kpis.push_back(std::move(kpis));
    d.kpi_values.push_back(std::move(values));
  }
  return d;
}

Probability wilson(std::size_t k, std::size_t n, double level) {
  Probability out{kNaN, kNaN, kNaN, k, n};
  if (n == 0) return out;
  // z: the standard normal quantile at (1 + level) / 2, by bisection on erf.
  double lo = 0, hi = 10;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    (std::erf(mid / std::sqrt(2.0)) < level ? lo : hi) = mid;
  }
  const double z = (lo + hi) / 2, nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  out.p = p;
  out.lo = std::max(0.0, centre - half);
  out.hi = std::min(1.0, centre + half);
  return out;
}

RunsMet runs_meeting_logframe(const StressData& d, std::size_t s) {
  RunsMet out;
  for (std::size_t r = 0; r < d.sweep.runs; ++r) {
    if (d.strategy[r] != s || !d.sweep.ok[r]) continue;
    bool all = true;
    for (std::size_t k = 0; k < d.kpis[s].size(); ++k) {
      const double v = d.kpi_values[s][k][r];
      all = all && !std::isnan(v) && meets(v, d.kpis[s][k]);
    }
    out.cases.push_back(r);
    out.met.push_back(all);
  }
  return out;
}

LogframeOdds logframe_odds(const StressData& d, std::size_t s) {
  const RunsMet runs = runs_meeting_logframe(d, s);
  LogframeOdds out;
  const auto all = static_cast<std::size_t>(std::count(runs.met.begin(), runs.met.end(), true));
  out.all = wilson(all, runs.cases.size());
  for (std::size_t k = 0; k < d.kpis[s].size(); ++k) {
    std::size_t met = 0;
    for (std::size_t r : runs.cases) met += meets(d.kpi_values[s][k][r], d.kpis[s][k]);
    out.per_kpi.push_back(wilson(met, runs.cases.size()));
  }
  return out;
}

std::vector<LogframeOdds> logframe_odds(const StressData& d) {
  std::vector<LogframeOdds> odds;
  for (std::size_t s = 0; s < d.strategies.size(); ++s) odds.push_back(logframe_odds(d, s));
  return odds;
}

std::vector<StrategyOutcome> stress_outcomes(const StressData& d, std::size_t m,
                                             bool lower_is_better) {
  const std::vector<double>& y = d.sweep.horizon.at(m);
  const std::size_t S = d.strategies.size(), C = d.conditions;
  std::vector<StrategyOutcome> out(S);
  // Over runs: each strategy's distribution.
  for (std::size_t s = 0; s < S; ++s) {
    std::vector<double> v;
    for (std::size_t r = 0; r < d.sweep.runs; ++r)
      if (d.strategy[r] == s && d.sweep.ok[r]) v.push_back(y[r]);
    std::sort(v.begin(), v.end());
    StrategyOutcome& o = out[s];
    o.runs = v.size();
    if (v.empty()) {
      o.median = o.worst_decile = o.mean = kNaN;
      continue;
    }
    o.median = quantile(v, 0.5);
    o.worst_decile = quantile(v, lower_is_better ? 0.9 : 0.1);
    double sum = 0;
    for (double x : v) sum += x;
    o.mean = sum / static_cast<double>(v.size());
  }
  // Over conditions: each strategy's mean over replicates, then the regret.
  std::vector<double> sum(C * S, 0.0);
  std::vector<std::size_t> n(C * S, 0);
  for (std::size_t r = 0; r < d.sweep.runs; ++r) {
    if (!d.sweep.ok[r]) continue;
    sum[d.condition[r] * S + d.strategy[r]] += y[r];
    ++n[d.condition[r] * S + d.strategy[r]];
  }
  std::vector<std::vector<double>> regret(S);
  for (std::size_t c = 0; c < C; ++c) {
    bool complete = true;
    for (std::size_t s = 0; s < S; ++s) complete = complete && n[c * S + s] > 0;
    if (!complete) continue;
    double best = lower_is_better ? std::numeric_limits<double>::infinity()
                                  : -std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < S; ++s) {
      const double mean = sum[c * S + s] / static_cast<double>(n[c * S + s]);
      best = lower_is_better ? std::min(best, mean) : std::max(best, mean);
    }
    for (std::size_t s = 0; s < S; ++s) {
      const double mean = sum[c * S + s] / static_cast<double>(n[c * S + s]);
      const double gap = lower_is_better ? mean - best : best - mean;
      regret[s].push_back(gap);
      out[s].best_in += gap == 0;
    }
  }
  for (std::size_t s = 0; s < S; ++s) {
    std::sort(regret[s].begin(), regret[s].end());
    StrategyOutcome& o = out[s];
    o.conditions = regret[s].size();
    if (regret[s].empty()) {
      o.regret_median = o.regret_p90 = o.regret_max = kNaN;
      continue;
    }
    o.regret_median = quantile(regret[s], 0.5);
    o.regret_p90 = quantile(regret[s], 0.9);
    o.regret_max = regret[s].back();
  }
  return out;
}

std::vector<FactorLabel> factor_labels(const io::SweepData& d) {
  std::vector<FactorLabel> labels;
  for (const io::SweepData::Factor& f : d.factors)
    labels.push_back({f.label.empty() ? f.name : f.label, f.unit, f.scale});
  return labels;
}

FailureBox failure_box(const StressData& d, std::size_t s, const PrimOptions& options) {
  if (d.kpis.at(s).empty())
    throw std::invalid_argument("strategy " + d.strategies[s] + " has no logframe KPIs");
  const RunsMet runs = runs_meeting_logframe(d, s);
  if (runs.cases.empty())
    throw std::invalid_argument("strategy " + d.strategies[s] + " has no run with a value");
  std::vector<std::vector<double>> x(d.sweep.factors.size());
  for (std::size_t j = 0; j < x.size(); ++j)
    for (std::size_t r : runs.cases) x[j].push_back(d.sweep.factors[j].values[r]);
  std::vector<bool> failed(runs.met.size());
  for (std::size_t i = 0; i < failed.size(); ++i) failed[i] = !runs.met[i];
  FailureBox box;
  box.cases = runs.cases.size();
  box.failures = static_cast<std::size_t>(std::count(failed.begin(), failed.end(), true));
  box.prim = prim(x, failed, options);
  // Bounds in words with 3 significant digits: "market growth < 2.29%/yr".
  box.words = describe_box(box.prim.restricted, factor_labels(d.sweep), [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return std::string(text);
  });
  return box;
}

std::string logframe_odds_table(const StressData& d, const std::vector<LogframeOdds>& all) {
  std::vector<std::vector<std::string>> rows = {
      {"strategy", "KPI", "metric", "month", "target", "runs", "met [90% interval]"}};
  for (std::size_t s = 0; s < d.strategies.size(); ++s) {
    if (d.kpis[s].empty()) {
      rows.push_back({d.strategies[s], "(no logframe)", "", "", "", "", ""});
      continue;
    }
    const LogframeOdds& o = all[s];
    for (std::size_t k = 0; k < d.kpis[s].size(); ++k) {
      const sim::Target& t = d.kpis[s][k];
      rows.push_back({k == 0 ? d.strategies[s] : "", t.name, t.metric, std::to_string(t.step + 1),
                      (t.at_least ? ">= " : "<= ") + format_number(t.target),
                      std::to_string(o.per_kpi[k].n), odds(o.per_kpi[k])});
    }
    rows.push_back({"", "all of them", "", "", "", std::to_string(o.all.n), odds(o.all)});
  }
  return aligned(rows, 3);
}

std::string outcome_table(const StressData& d, const std::vector<StrategyOutcome>& outcomes,
                          bool lower_is_better) {
  std::vector<std::vector<std::string>> rows = {
      {"strategy", "runs", "median", lower_is_better ? "worst decile (90%)" : "worst decile (10%)",
       "mean", "best in", "regret: median", "90%", "max"}};
  for (std::size_t s = 0; s < d.strategies.size(); ++s) {
    const StrategyOutcome& o = outcomes[s];
    rows.push_back({d.strategies[s], std::to_string(o.runs), format_number(o.median),
                    format_number(o.worst_decile), format_number(o.mean),
                    std::to_string(o.best_in) + "/" + std::to_string(o.conditions),
                    format_number(o.regret_median), format_number(o.regret_p90),
                    format_number(o.regret_max)});
  }
  return aligned(rows);
}

std::string failure_text(const StressData& d, std::size_t s, const FailureBox& box) {
  std::ostringstream out;
  const std::string& name = d.strategies[s];
  const double rate = static_cast<double>(box.failures) / static_cast<double>(box.cases);
  out << name << " misses its logframe in " << box.failures << " of " << box.cases << " runs ("
      << percent(rate) << ").\n";
  if (box.failures == 0) {
    out << "  It meets its targets under every condition sampled: no box of failure to name.\n";
    return out.str();
  }
  if (box.failures == box.cases) {
    out << "  It misses them under every condition sampled: no box of conditions separates "
           "failure from success.\n";
    return out.str();
  }
  const PrimBox& b = box.prim.box;
  if (box.prim.restricted.empty()) {
    out << "  No box of conditions holds its failures better than chance (PRIM kept no "
           "restriction): they are spread over the conditions sampled.\n";
  } else {
    out << "  Fails most when " << box.words << ":\n"
        << "  that box holds " << percent(b.coverage) << " of its failures (coverage) and "
        << percent(b.density) << " of the runs in it fail (density, against " << percent(rate)
        << " overall); it is " << percent(b.mass) << " of the conditions sampled.\n";
    for (const PrimRestriction& r : box.prim.restricted) {
      std::string p;
      if (!std::isnan(r.p_lo)) p += "lower bound p = " + format_number(r.p_lo);
      if (!std::isnan(r.p_hi))
        p += std::string(p.empty() ? "" : ", ") + "upper bound p = " + format_number(r.p_hi);
      out << "  " << d.sweep.factors[r.factor].name << ": " << p << "\n";
    }
  }
  // The trade-off: each peel raises density and loses coverage; a few of the boxes peeled.
  const auto& t = box.prim.trajectory;
  std::vector<std::vector<std::string>> rows = {
      {"  peel", "coverage", "density", "mass", "factors restricted"}};
  const std::size_t shown = std::min<std::size_t>(t.size(), 8);
  std::vector<std::size_t> picks;
  for (std::size_t i = 0; i < shown; ++i)
    picks.push_back(shown == 1 ? 0 : i * (t.size() - 1) / (shown - 1));
  picks.push_back(box.prim.chosen_peel);
  std::sort(picks.begin(), picks.end());
  picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
  for (std::size_t i : picks) {
    std::size_t restricted = 0;
    for (std::size_t j = 0; j < t[i].lo.size(); ++j)
      restricted += std::isfinite(t[i].lo[j]) || std::isfinite(t[i].hi[j]);
    rows.push_back({"  " + std::to_string(i) + (i == box.prim.chosen_peel ? " (chosen)" : ""),
                    percent(t[i].coverage), percent(t[i].density), percent(t[i].mass),
                    std::to_string(restricted)});
  }
  std::size_t kept = 0;
  for (std::size_t j = 0; j < b.lo.size(); ++j)
    kept += std::isfinite(b.lo[j]) || std::isfinite(b.hi[j]);
  rows.push_back({"  the box", percent(b.coverage), percent(b.density), percent(b.mass),
                  std::to_string(kept)});
  out << "  Coverage against density along the peeling (" << t.size()
      << " boxes; the chosen one, pasted and pruned, is the box):\n"
      << aligned(rows);
  return out.str();
}

void plot_logframe_odds(const fs::path& dir, const fs::path& gnuplot, const StressData& d,
                        const std::vector<LogframeOdds>& odds, const std::string& caption) {
  // Rows: every KPI name of any strategy (in order of appearance), then the whole logframe.
  std::vector<std::string> kpis;
  for (const auto& list : d.kpis)
    for (const sim::Target& k : list)
      if (std::find(kpis.begin(), kpis.end(), k.name) == kpis.end()) kpis.push_back(k.name);
  if (kpis.empty()) return;
  Figure figure(dir, "stress_logframe");
  {
    std::ofstream out = figure.open_data();
    out << "# KPI, then per strategy: share of runs meeting it, 90% interval (NaN: not its KPI)\n";
    for (std::size_t row = 0; row <= kpis.size(); ++row) {
      out << data_field(row < kpis.size() ? kpis[row] : "all of them");
      for (std::size_t s = 0; s < d.strategies.size(); ++s) {
        Probability p{kNaN, kNaN, kNaN, 0, 0};
        if (row == kpis.size() && !d.kpis[s].empty()) p = odds[s].all;
        for (std::size_t k = 0; row < kpis.size() && k < d.kpis[s].size(); ++k)
          if (d.kpis[s][k].name == kpis[row]) p = odds[s].per_kpi[k];
        out << '\t' << 100 * p.p << '\t' << 100 * p.lo << '\t' << 100 * p.hi;
      }
      out << '\n';
    }
  }
  std::ostringstream s;
  s << figure_style(caption + "; bars: 90% Wilson intervals") << "set title "
    << gnuplot_string("The chance of meeting the logframe, per strategy, across the conditions")
    << "\nset ylabel '% of runs meeting the target'\nset yrange [0:105]\n"
    << "set style data histograms\nset style histogram errorbars gap 1 lw 1.5\n"
    << "set style fill solid 0.8 border -1\nset boxwidth 0.9\nset key top right box opaque\n"
    << "set datafile missing 'nan'\nplot ";
  for (std::size_t k = 0; k < d.strategies.size(); ++k)
    s << (k ? ", \\\n     " : "") << figure.data() << " using " << 2 + 3 * k << ':' << 3 + 3 * k
      << ':' << 4 + 3 * k << (k == 0 ? ":xtic(1)" : "") << " title "
      << gnuplot_string(d.strategies[k]);
  s << "\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

void plot_outcome_cdfs(const fs::path& dir, const fs::path& gnuplot, const StressData& d,
                       std::size_t m, const std::string& caption) {
  const sim::MetricSpec& spec = d.sweep.metrics.at(m);
  Figure figure(dir, "stress_" + spec.name);
  {
    std::ofstream out = figure.open_data();
    out << "# one block per strategy: value, share of its runs at or below it\n";
    for (std::size_t s = 0; s < d.strategies.size(); ++s) {
      std::vector<double> v;
      for (std::size_t r = 0; r < d.sweep.runs; ++r)
        if (d.strategy[r] == s && d.sweep.ok[r]) v.push_back(d.sweep.horizon[m][r]);
      std::sort(v.begin(), v.end());
      for (std::size_t i = 0; i < v.size(); ++i)
        out << v[i] << '\t' << static_cast<double>(i + 1) / static_cast<double>(v.size()) << '\n';
      if (v.empty()) out << "nan\tnan\n";
      out << "\n\n";
    }
  }
  std::ostringstream s;
  s << figure_style(caption) << "set title "
    << gnuplot_string("How each strategy fares across the conditions: " + spec.name +
                      " at the horizon")
    << "\nset xlabel " << gnuplot_string(spec.name + " (" + spec.unit + ")")
    << "\nset ylabel 'share of runs at or below'\nset yrange [0:1]\n"
    << "set key bottom right box opaque\nset arrow from graph 0, first 0.1 to graph 1, first 0.1 "
       "nohead dt 2 lc rgb '#888888'\n"
    << "plot ";
  for (std::size_t k = 0; k < d.strategies.size(); ++k)
    s << (k ? ", \\\n     " : "") << figure.data() << " index " << k
      << " using 1:2 with steps lw 2 title " << gnuplot_string(d.strategies[k]);
  s << "\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

void plot_prim_tradeoff(const fs::path& dir, const fs::path& gnuplot, const StressData& d,
                        std::size_t s, const FailureBox& box, const std::string& caption) {
  Figure figure(dir, "prim_" + d.strategies.at(s));
  {
    std::ofstream out = figure.open_data();
    out << "# peel, coverage, density (of failures)\n";
    const auto& t = box.prim.trajectory;
    for (std::size_t i = 0; i < t.size(); ++i)
      out << i << '\t' << t[i].coverage << '\t' << t[i].density << '\n';
    out << "\n\n# the chosen box, pasted and pruned\n"
        << box.prim.chosen_peel << '\t' << box.prim.box.coverage << '\t' << box.prim.box.density
        << '\n';
  }
  const std::string q = figure.data();
  std::ostringstream out;
  out << figure_style(caption) << "set title "
      << gnuplot_string("Where " + d.strategies[s] +
                        " fails: PRIM's peeling, coverage against density")
      << "\nset xlabel 'coverage (share of its failures in the box)'"
      << "\nset ylabel 'density (share of runs in the box that fail)'"
      << "\nset xrange [0:1.02]\nset yrange [0:1.02]\nset key bottom left box opaque\n"
      << "plot " << q
      << " index 0 using 2:3 with linespoints pt 7 ps 0.8 lc rgb '#1f77b4' title 'peeled boxes', "
         "\\\n     "
      << q << " index 1 using 2:3 with points pt 9 ps 2.5 lc rgb '#d62728' title "
      << gnuplot_string("chosen: " + box.words) << "\n";
  figure.draw(gnuplot, out.str(), "twinsim analyze --plot");
}

}  // namespace analysis
