#include "analysis/sweep_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot.hpp"
#include "analysis/summary.hpp"
#include "sim/error.hpp"
#include "sim/output_files.hpp"

namespace analysis {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Each run's value of metric m, NaN for a run that failed or is not in the file yet.
std::vector<double> run_outputs(const io::SweepData& d, std::size_t m) {
  std::vector<double> y = d.horizon.at(m);
  for (std::size_t r = 0; r < d.runs; ++r)
    if (!d.ok[r]) y[r] = kNaN;
  return y;
}

std::vector<std::vector<double>> factor_columns(const io::SweepData& d) {
  std::vector<std::vector<double>> v;
  for (const io::SweepData::Factor& f : d.factors) v.push_back(f.values);
  return v;
}

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", 100 * share);
  return text;
}

std::string with_interval(const BootstrapEstimate& e) {
  return format_number(e.value) + " [" + format_number(e.lo) + ", " + format_number(e.hi) + "]";
}

}  // namespace

PointMeans point_means(const io::SweepData& d, std::size_t m) {
  const std::vector<double> y = run_outputs(d, m);
  std::size_t points = 0;
  for (double p : d.point) points = std::max(points, static_cast<std::size_t>(p) + 1);
  PointMeans out;
  out.factors.assign(d.factors.size(), std::vector<double>(points, kNaN));
  std::vector<double> sum(points, 0.0);
  std::vector<std::size_t> n(points, 0);
  for (std::size_t r = 0; r < d.runs; ++r) {
    const auto p = static_cast<std::size_t>(d.point[r]);
    for (std::size_t k = 0; k < d.factors.size(); ++k) out.factors[k][p] = d.factors[k].values[r];
    if (std::isfinite(y[r])) {
      sum[p] += y[r];
      ++n[p];
    }
  }
  out.output.resize(points);
  for (std::size_t p = 0; p < points; ++p) {
    out.output[p] = n[p] ? sum[p] / static_cast<double>(n[p]) : kNaN;
    out.empty_points += n[p] == 0;
  }
  return out;
}

std::vector<MainEffect> sweep_main_effects(const io::SweepData& d, std::size_t m) {
  const PointMeans pm = point_means(d, m);
  return main_effects(pm.factors, pm.output);
}

SobolIndices sweep_sobol(const io::SweepData& d, std::size_t m, const SobolOptions& options) {
  if (d.saltelli_matrix.empty())
    throw sim::InputError("Sobol indices need a saltelli design; this sweep's design is " +
                          d.design);
  const std::vector<double> y = run_outputs(d, m);
  SobolOptions o = options;
  if (o.names.empty())
    for (const io::SweepData::Factor& f : d.factors) o.names.push_back(f.name);
  try {
    return sobol_indices(split_saltelli(d.saltelli_matrix, d.saltelli_sample, y, d.factors.size()),
                         o);
  } catch (const std::invalid_argument& e) {
    // The columns come from the file: a damaged one is bad input, said as the estimator says it.
    throw sim::InputError(std::string("the sweep's design columns are not a saltelli design: ") +
                          e.what());
  }
}

MorrisEffects sweep_morris(const io::SweepData& d, std::size_t m, const BootstrapOptions& options) {
  if (d.morris_trajectory.empty())
    throw sim::InputError(
        "Morris elementary effects need a morris design; this sweep's design is " + d.design);
  const std::vector<double> y = run_outputs(d, m);
  const std::vector<std::vector<double>> values = factor_columns(d);
  std::vector<FactorRange> ranges;
  for (const io::SweepData::Factor& f : d.factors) ranges.push_back({f.min, f.max});
  const MorrisRuns runs{d.morris_trajectory, d.morris_step, d.morris_factor, values, y};
  try {
    return morris_effects(runs, ranges, options);
  } catch (const std::invalid_argument& e) {
    throw sim::InputError(std::string("the sweep's design columns are not a morris design: ") +
                          e.what());
  }
}

std::string main_effects_table(const io::SweepData& d, const std::vector<MainEffect>& effects) {
  std::vector<std::vector<std::string>> rows = {
      {"parameter", "level or bin", "points", "mean", "90% interval", "explains"}};
  for (std::size_t k = 0; k < effects.size(); ++k) {
    bool first = true;
    for (const MainEffectBin& b : effects[k].bins) {
      const std::string where = b.lo == b.hi
                                    ? format_number(b.lo)
                                    : "[" + format_number(b.lo) + ", " + format_number(b.hi) + "]";
      rows.push_back({first ? d.factors[k].name : "", where, std::to_string(b.output.n),
                      format_number(b.output.mean),
                      "[" + format_number(b.output.lo) + ", " + format_number(b.output.hi) + "]",
                      first ? percent(effects[k].explained) : ""});
      first = false;
    }
  }
  return text_table(rows, 2);
}

std::string sobol_table(const io::SweepData& d, const SobolIndices& s) {
  std::vector<std::vector<std::string>> rows = {
      {"parameter", "key", "first order S1 [95%]", "total ST [95%]"}};
  for (std::size_t k = 0; k < d.factors.size(); ++k)
    rows.push_back({d.factors[k].name, d.factors[k].key, with_interval(s.first[k]),
                    with_interval(s.total[k])});
  return text_table(rows, 2);
}

std::string morris_table(const io::SweepData& d, const MorrisEffects& e) {
  std::vector<std::vector<std::string>> rows = {
      {"parameter", "key", "mu", "mu* [95%]", "sigma", "effects"}};
  for (std::size_t k = 0; k < d.factors.size(); ++k) {
    const MorrisFactor& f = e.factors[k];
    rows.push_back({d.factors[k].name, d.factors[k].key, format_number(f.mu),
                    with_interval(f.mu_star), format_number(f.sigma), std::to_string(f.effects)});
  }
  return text_table(rows, 2);
}

void plot_main_effects(const fs::path& dir, const fs::path& gnuplot, const io::SweepData& d,
                       std::size_t m, const std::vector<MainEffect>& effects,
                       const std::string& caption) {
  const sim::MetricSpec& spec = d.metrics.at(m);
  Figure figure(dir, "main_effects_" + spec.name);
  {
    std::ofstream out = figure.open_data();
    out << "# one block per parameter: value (level, or middle of the bin), mean, lo, hi\n";
    for (const MainEffect& e : effects) {
      for (const MainEffectBin& b : e.bins)
        out << (b.lo + b.hi) / 2 << '\t' << b.output.mean << '\t' << b.output.lo << '\t'
            << b.output.hi << '\n';
      out << "\n\n";
    }
  }
  const std::size_t k = effects.size();
  const std::size_t columns = std::min<std::size_t>(k, 3), rows = (k + columns - 1) / columns;
  std::ostringstream s;
  s << figure_style(caption + "; bars: 90% interval of the mean")
    << "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
    << "set ylabel " << gnuplot_string(spec.unit) << "\n"
    << "set multiplot layout " << rows << "," << columns << " title "
    << gnuplot_string("Main effects on " + spec.name + " (" + spec.unit + ") at the horizon")
    << "\n";
  for (std::size_t i = 0; i < k; ++i)
    s << "set xlabel " << gnuplot_string(d.factors[i].name + " (" + d.factors[i].key + ")") << "\n"
      << "plot " << figure.data() << " index " << i
      << " using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' notitle\n";
  s << "unset multiplot\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

void plot_sobol(const fs::path& dir, const fs::path& gnuplot, const io::SweepData& d, std::size_t m,
                const SobolIndices& si, const std::string& caption) {
  const sim::MetricSpec& spec = d.metrics.at(m);
  Figure figure(dir, "sobol_" + spec.name);
  {
    std::ofstream out = figure.open_data();
    out << "# parameter\tS1\tS1_lo\tS1_hi\tST\tST_lo\tST_hi\n";
    for (std::size_t k = 0; k < d.factors.size(); ++k)
      out << data_field(d.factors[k].name) << '\t' << si.first[k].value << '\t' << si.first[k].lo
          << '\t' << si.first[k].hi << '\t' << si.total[k].value << '\t' << si.total[k].lo << '\t'
          << si.total[k].hi << '\n';
  }
  const std::string q = figure.data();
  std::ostringstream s;
  s << figure_style(caption) << "set title "
    << gnuplot_string("Sobol indices of " + spec.name + " at the horizon (95% bootstrap intervals)")
    << "\nset key top right box opaque\nset ylabel 'share of the output variance'\n"
    << "set yrange [-0.1:1.1]\nset xrange [-0.5:" << d.factors.size() - 0.5 << "]\n"
    << "plot " << q
    << " using ($0-0.12):2:3:4:xtic(1) with yerrorbars pt 7 ps 1.6 lw 2 lc rgb '#1f77b4' "
       "title 'first order S1', \\\n     "
    << q
    << " using ($0+0.12):5:6:7 with yerrorbars pt 5 ps 1.6 lw 2 lc rgb '#d62728' "
       "title 'total ST'\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

void plot_morris(const fs::path& dir, const fs::path& gnuplot, const io::SweepData& d,
                 std::size_t m, const MorrisEffects& e, const std::string& caption) {
  const sim::MetricSpec& spec = d.metrics.at(m);
  Figure figure(dir, "morris_" + spec.name);
  {
    std::ofstream out = figure.open_data();
    out << "# parameter\tmu_star\tsigma\n";
    for (std::size_t k = 0; k < d.factors.size(); ++k)
      out << data_field(d.factors[k].name) << '\t' << e.factors[k].mu_star.value << '\t'
          << e.factors[k].sigma << '\n';
  }
  const std::string q = figure.data();
  std::ostringstream s;
  s << figure_style(caption) << "set title "
    << gnuplot_string("Morris screening of " + spec.name + " (" + spec.unit + " per whole range)")
    << "\nset xlabel 'mu* (mean absolute elementary effect: importance)'\n"
    << "set ylabel 'sigma (spread of the effects: interactions, non-linearity)'\n"
    << "set xrange [0:*]\nset yrange [0:*]\nset offsets graph 0.05, graph 0.2, graph 0.1, 0\n"
    << "plot " << q << " using 2:3 with points pt 7 ps 1.8 lc rgb '#1f77b4' notitle, \\\n     " << q
    << " using 2:3:1 with labels offset 1,1 left notitle\n";
  figure.draw(gnuplot, s.str(), "twinsim analyze --plot");
}

std::vector<std::string> export_salib(const fs::path& dir, const io::SweepData& d,
                                      const std::vector<std::size_t>& metrics, bool overwrite) {
  fs::create_directories(dir);
  std::vector<std::string> written;
  // Each file whole or not at all, never through a link planted in the folder (sim/output_files).
  auto write = [&](const std::string& file, const std::ostringstream& text) {
    sim::write_text_file(dir / file, text.str(), overwrite);
    written.push_back(file);
  };
  auto table = [] {
    std::ostringstream out;
    out.precision(17);
    return out;
  };
  {
    std::ostringstream out = table();
    for (const io::SweepData::Factor& f : d.factors)
      out << f.name << ' ' << f.min << ' ' << f.max << '\n';
    write("params.txt", out);
  }
  if (metrics.empty()) return written;
  const PointMeans first = point_means(d, metrics.front());
  {
    std::ostringstream out = table();
    for (std::size_t p = 0; p < first.output.size(); ++p) {
      for (std::size_t k = 0; k < first.factors.size(); ++k)
        out << (k ? " " : "") << first.factors[k][p];
      out << '\n';
    }
    write("X.txt", out);
  }
  for (std::size_t m : metrics) {
    const PointMeans pm = point_means(d, m);
    std::ostringstream out = table();
    for (double y : pm.output) {
      if (std::isnan(y))
        out << "nan\n";
      else
        out << y << '\n';
    }
    write("Y_" + d.metrics[m].name + ".txt", out);
  }
  return written;
}

}  // namespace analysis
