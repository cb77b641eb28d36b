#include "analysis/plots.hpp"

#include "analysis/gnuplot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace analysis {

namespace fs = std::filesystem;

Band band_over_runs(const std::vector<std::vector<double>>& series, double level,
                    std::size_t min_runs) {
  const std::size_t months = series.empty() ? 0 : series.front().size();
  Band b;
  b.mean.resize(months);
  b.lo.resize(months);
  b.hi.resize(months);
  std::vector<double> column(series.size());
  for (std::size_t m = 0; m < months; ++m) {
    for (std::size_t r = 0; r < series.size(); ++r) column[r] = series[r].at(m);
    const Estimate e = t_interval(column, level);
    const bool enough = e.n >= std::max<std::size_t>(min_runs, 1);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    b.mean[m] = enough ? e.mean : nan;
    b.lo[m] = enough ? e.lo : nan;
    b.hi[m] = enough ? e.hi : nan;
  }
  return b;
}

namespace {

const char* const kFigures[] = {"jobs", "displacement_ratio", "net_effect", "links"};

// Data file: month, then mean lo hi of each band (NaN written as "NaN", which gnuplot skips).
void write_data(const Figure& figure, const std::vector<const Band*>& bands) {
  std::ofstream out = figure.open_data();
  out << "# month";
  for (std::size_t b = 0; b < bands.size(); ++b) out << "\tmean" << b << "\tlo" << b << "\thi" << b;
  out << "\n";
  const std::size_t months = bands.front()->mean.size();
  char buf[64];
  auto put = [&](double x) {
    if (std::isnan(x)) {
      out << "\tNaN";
    } else {
      std::snprintf(buf, sizeof buf, "\t%.10g", x);
      out << buf;
    }
  };
  for (std::size_t m = 0; m < months; ++m) {
    out << (m + 1);
    for (const Band* b : bands) {
      put(b->mean[m]);
      put(b->lo[m]);
      put(b->hi[m]);
    }
    out << "\n";
  }
}

struct Series {
  std::size_t band;   // index of its band in the data file (columns 2 + 3 band ...)
  std::string title;  // legend entry
  std::string color;  // "#rrggbb"
  bool dashed;
};

// The plot command of one panel: a shaded band and a line per series, from `data` (a literal).
std::string plot_command(const std::string& data, const std::vector<Series>& series) {
  std::string cmd = "plot ";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const std::size_t mean = 2 + 3 * s.band;
    if (i) cmd += ", \\\n     ";
    cmd += data + " using 1:" + std::to_string(mean + 1) + ":" + std::to_string(mean + 2) +
           " with filledcurves fc rgb '" + s.color +
           "' fs transparent solid 0.18 noborder notitle, \\\n     " + data +
           " using 1:" + std::to_string(mean) + " with lines lw 2.5 lc rgb '" + s.color + "'" +
           (s.dashed ? " dt 2" : "") + " title " + gnuplot_string(s.title);
  }
  return cmd + "\n";
}

std::string caption_text(const PlotCaption& c, double level) {
  std::ostringstream s;
  s << "Scenario " << c.scenario << " against " << c.against << "; " << c.replicates
    << " replicates paired by seed; bands: " << std::lround(level * 100)
    << "% interval of the mean. " << c.program;
  return s.str();
}

// Common settings: terminal-independent look, caption at the bottom, project markers.
std::string preamble(const PlotCaption& c, double level, const JobsFigures& f) {
  std::ostringstream s;
  s << "set encoding utf8\n"
    << "set border 3 lw 1.2\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\n"
    << "set key top left box opaque\nset xlabel 'Month (since the start of the simulation)'\n"
    << "set bmargin 6\n"
    << "set label 99 " << gnuplot_string(caption_text(c, level))
    << " at screen 0.01, screen 0.025 font ',10' tc rgb '#444444'\n"
    << "set arrow 90 from " << (f.project_start + 1) << ", graph 0 to " << (f.project_start + 1)
    << ", graph 1 nohead dt 3 lc rgb '#777777'\n"
    << "set arrow 91 from " << (f.project_end + 1) << ", graph 0 to " << (f.project_end + 1)
    << ", graph 1 nohead dt 3 lc rgb '#777777'\n"
    << "set label 92 'project starts' at " << (f.project_start + 1)
    << ", graph 0.03 left offset 0.5, 0 font ',11' tc rgb '#555555'\n"
    << "set label 93 'project ends' at " << (f.project_end + 1)
    << ", graph 0.03 left offset 0.5, 0 font ',11' tc rgb '#555555'\n";
  return s.str();
}

std::vector<std::vector<double>> per_run(const std::vector<GroupTotals>& totals,
                                         std::vector<double> (*f)(const GroupTotals&)) {
  std::vector<std::vector<double>> out;
  for (const GroupTotals& t : totals) out.push_back(f(t));
  return out;
}

std::vector<double> others(const std::vector<double>& all, const std::vector<double>& clients) {
  std::vector<double> v(all.size());
  for (std::size_t m = 0; m < v.size(); ++m) v[m] = all[m] - clients[m];
  return v;
}

}  // namespace

std::vector<std::string> plot_file_names() {
  std::vector<std::string> names;
  for (const char* f : kFigures)
    for (const char* ext : {".png", ".svg", ".dat", ".gp"}) names.push_back(std::string(f) + ext);
  return names;
}

void plot_comparison(const fs::path& dir, const fs::path& gnuplot, const JobsFigures& f,
                     const PlotCaption& c, double level) {
  fs::create_directories(dir);
  const std::size_t half = std::max<std::size_t>(2, (f.totals.size() + 1) / 2);
  const std::string pre = preamble(c, level, f);
  const std::string with_label = c.against_no_project ? "with the project" : c.scenario;
  const std::string without_label = c.against_no_project ? "without the project" : c.against;
  const std::string difference = c.against_no_project
                                     ? std::string("with minus without the project")
                                     : c.scenario + " minus " + c.against;

  // Jobs in both worlds: the clients (left) and the other southern firms (right).
  {
    const Band clients_with = band_over_runs(
        per_run(f.totals, [](const GroupTotals& t) { return t.clients_with; }), level, 1);
    const Band clients_without = band_over_runs(
        per_run(f.totals, [](const GroupTotals& t) { return t.clients_without; }), level, 1);
    const Band others_with = band_over_runs(
        per_run(f.totals, [](const GroupTotals& t) { return others(t.all_with, t.clients_with); }),
        level, 1);
    const Band others_without = band_over_runs(
        per_run(f.totals,
                [](const GroupTotals& t) { return others(t.all_without, t.clients_without); }),
        level, 1);
    Figure figure(dir, "jobs");
    const std::string data = figure.data();
    write_data(figure, {&clients_with, &clients_without, &others_with, &others_without});
    std::ostringstream s;
    s << pre << "set multiplot layout 1,2 title "
      << gnuplot_string(
             c.scenario + ": jobs in the southern cluster, " +
             (c.against_no_project ? "with and without the project" : "against " + c.against))
      << " font ',17'\n"
      << "set ylabel 'Jobs (employees)'\nset title 'Assisted firms (the project''s clients)'\n"
      << plot_command(data, {{0, with_label, "#1f77b4", false},
                             {1,
                              c.against_no_project ? "the same firms without it"
                                                   : "the same firms in " + c.against,
                              "#1f77b4", true}})
      << "unset label 99\nset title 'Non-assisted southern firms'\n"
      << plot_command(data,
                      {{2, with_label, "#d95f02", false}, {3, without_label, "#d95f02", true}})
      << "unset multiplot\n";
    figure.draw(gnuplot, s.str(), "twinsim compare --plot");
  }
  // The displacement ratio of jobs, where at least half of the runs define it.
  {
    std::vector<std::vector<double>> ratio;
    for (const ImpactComponents& x : f.impact) ratio.push_back(x.ratio);
    const Band b = band_over_runs(ratio, level, half);
    Figure figure(dir, "displacement_ratio");
    const std::string data = figure.data();
    write_data(figure, {&b});
    std::ostringstream s;
    s << pre << "set title "
      << gnuplot_string(c.scenario +
                        ": jobs the others lost per job the project added to its clients")
      << " font ',17'\n"
      << "set ylabel 'Displacement ratio (jobs lost / jobs added)'\n"
      << "set yrange [-0.5<*<0:1.2<*<2]\n"
      << "set arrow 94 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#aa0000'\n"
      << "set label 95 'one lost for one added' at graph 0.99, first 1 right offset 0, 0.7 "
         "font ',11' tc rgb '#aa0000'\n"
      << "set arrow 96 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#999999'\n"
      << "set xrange [1:" << b.mean.size() << "]\n";
    if (std::none_of(b.mean.begin(), b.mean.end(), [](double x) { return std::isfinite(x); }))
      // Nothing to draw: say so on the empty axes (gnuplot refuses a plot with no point).
      s << "set label 97 'Undefined in every month: in fewer than half of the replicates did the "
           "project add jobs to its clients' at graph 0.5, graph 0.5 center\n"
        << "set yrange [0:1.2]\nplot -10 notitle\n";
    else
      s << plot_command(data, {{0, "displacement ratio (mean over replicates)", "#7570b3", false}});
    figure.draw(gnuplot, s.str(), "twinsim compare --plot");
  }
  // The net effect on jobs and its two parts.
  {
    std::vector<std::vector<double>> net, additional, displacement;
    for (const ImpactComponents& x : f.impact) {
      net.push_back(x.net);
      additional.push_back(x.additional);
      std::vector<double> lost(x.displacement.size());
      for (std::size_t m = 0; m < lost.size(); ++m) lost[m] = -x.displacement[m];
      displacement.push_back(lost);
    }
    const Band bn = band_over_runs(net, level, 1), ba = band_over_runs(additional, level, 1),
               bd = band_over_runs(displacement, level, 1);
    Figure figure(dir, "net_effect");
    const std::string data = figure.data();
    write_data(figure, {&bn, &ba, &bd});
    std::ostringstream s;
    s << pre << "set title "
      << gnuplot_string(c.scenario +
                        ": what the project added to southern jobs, and at whose expense")
      << " font ',17'\n"
      << "set ylabel " << gnuplot_string("Jobs (employees), " + difference) << "\n"
      << "set arrow 96 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#999999'\n"
      << plot_command(data, {{1, "gained by the clients", "#1f77b4", false},
                             {2, "gained by the other firms (lost: below 0)", "#d95f02", false},
                             {0, "net effect on the cluster", "#000000", false}});
    figure.draw(gnuplot, s.str(), "twinsim compare --plot");
  }
  // The net effect on links: what the project leaves behind in the networks.
  {
    std::vector<std::vector<double>> coop, cross;
    for (const ImpactComponents& x : f.cooperation) coop.push_back(x.net);
    for (const ImpactComponents& x : f.cross_border) cross.push_back(x.net);
    const Band bc = band_over_runs(coop, level, 1), bx = band_over_runs(cross, level, 1);
    Figure figure(dir, "links");
    const std::string data = figure.data();
    write_data(figure, {&bc, &bx});
    std::ostringstream s;
    s << pre << "set title "
      << gnuplot_string(c.scenario + ": the links the project leaves, " + difference)
      << " font ',17'\n"
      << "set ylabel " << gnuplot_string("Links, " + difference) << "\n"
      << "set arrow 96 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#999999'\n"
      << plot_command(data, {{0, "cooperation links among southern firms", "#1b9e77", false},
                             {1, "cross-border (north-south) links", "#e7298a", false}});
    figure.draw(gnuplot, s.str(), "twinsim compare --plot");
  }
}

}  // namespace analysis
