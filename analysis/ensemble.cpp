#include "analysis/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot.hpp"
#include "analysis/summary.hpp"

namespace analysis {

Moments moments(std::span<const double> values) {
  Moments out;
  const std::vector<double> v = sorted_values(values, out.missing);
  out.n = v.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (v.empty()) {
    out.mean = out.sd = out.q05 = out.q25 = out.q50 = out.q75 = out.q95 = nan;
    return out;
  }
  double sum = 0;
  for (double x : v) sum += x;
  out.mean = sum / static_cast<double>(v.size());
  double squares = 0;
  for (double x : v) squares += (x - out.mean) * (x - out.mean);
  out.sd = v.size() > 1 ? std::sqrt(squares / static_cast<double>(v.size() - 1)) : nan;
  out.q05 = quantile(v, 0.05);
  out.q25 = quantile(v, 0.25);
  out.q50 = quantile(v, 0.5);
  out.q75 = quantile(v, 0.75);
  out.q95 = quantile(v, 0.95);
  return out;
}

std::vector<Moments> trajectory(const sim::ResultTable& table, std::size_t metric) {
  std::vector<Moments> out(table.steps);
  std::vector<double> column(table.runs);
  for (std::size_t t = 0; t < table.steps; ++t) {
    for (std::size_t r = 0; r < table.runs; ++r) column[r] = table.series(metric, r)[t];
    out[t] = moments(column);
  }
  return out;
}

std::string ensemble_table(const sim::ResultTable& table, const std::vector<std::string>& names) {
  std::vector<std::vector<std::string>> rows = {
      {"metric", "unit", "runs", "mean", "sd", "5%", "median", "95%"}};
  for (const std::string& name : names) {
    const std::size_t m = metric_index(table, name);
    const Moments s = moments(final_values(table, m));
    rows.push_back({name, table.metrics[m].unit, std::to_string(s.n), format_number(s.mean),
                    format_number(s.sd), format_number(s.q05), format_number(s.q50),
                    format_number(s.q95)});
  }
  return text_table(rows, 2);
}

void plot_trajectory(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                     const sim::ResultTable& table, std::size_t metric, const std::string& caption,
                     const std::string& suffix) {
  const sim::MetricSpec& spec = table.metrics.at(metric);
  Figure figure(dir, "trajectory_" + spec.name + suffix);
  {
    std::ofstream out = figure.open_data();
    out << "# month\tmean\tq05\tq25\tq50\tq75\tq95\truns\n";
    const std::vector<Moments> traj = trajectory(table, metric);
    char line[256];
    for (std::size_t t = 0; t < traj.size(); ++t) {
      const Moments& s = traj[t];
      std::snprintf(line, sizeof line, "%.10g\t%.10g\t%.10g\t%.10g\t%.10g\t%.10g\t%.10g\t%zu\n",
                    table.time[t], s.mean, s.q05, s.q25, s.q50, s.q75, s.q95, s.n);
      out << line;
    }
  }
  std::ostringstream s;
  const std::string d = figure.data();
  s << "set encoding utf8\nset border 3 lw 1.2\nset tics nomirror\n"
    << "set grid ytics lc rgb '#dddddd'\nset key top left box opaque\nset bmargin 6\n"
    << "set xlabel 'Month (since the start of the simulation)'\n"
    << "set ylabel " << gnuplot_string(spec.name + " (" + spec.unit + ")") << "\n"
    << "set title " << gnuplot_string(spec.description) << " font ',14'\n"
    << "set label 99 " << gnuplot_string(caption)
    << " at screen 0.01, screen 0.025 font ',10' tc rgb '#444444'\n"
    << "plot " << d
    << " using 1:3:7 with filledcurves fc rgb '#1f77b4' fs transparent solid 0.15 noborder "
       "title '5-95% of runs', \\\n     "
    << d
    << " using 1:4:6 with filledcurves fc rgb '#1f77b4' fs transparent solid 0.3 noborder "
       "title '25-75% of runs', \\\n     "
    << d << " using 1:2 with lines lw 2.5 lc rgb '#1f77b4' title 'mean'\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

}  // namespace analysis
