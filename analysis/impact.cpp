#include "analysis/impact.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/summary.hpp"

namespace analysis {

ImpactComponents account_impact(const GroupTotals& t) {
  const std::size_t n = t.clients_with.size();
  for (const auto* v : {&t.clients_without, &t.clients_baseline, &t.all_with, &t.all_without,
                        &t.outside_with, &t.outside_without})
    if (v->size() != n) throw std::invalid_argument("account_impact: series of different lengths");
  ImpactComponents c;
  for (auto* v :
       {&c.gross, &c.deadweight, &c.additional, &c.displacement, &c.net, &c.ratio, &c.leakage})
    v->resize(n);
  for (std::size_t m = 0; m < n; ++m) {
    const double others_with = t.all_with[m] - t.clients_with[m];
    const double others_without = t.all_without[m] - t.clients_without[m];
    c.gross[m] = t.clients_with[m] - t.clients_baseline[m];
    c.deadweight[m] = t.clients_without[m] - t.clients_baseline[m];
    c.additional[m] = t.clients_with[m] - t.clients_without[m];
    c.displacement[m] = others_without - others_with;
    c.net[m] = t.all_with[m] - t.all_without[m];
    c.ratio[m] = c.additional[m] > 0 ? c.displacement[m] / c.additional[m]
                                     : std::numeric_limits<double>::quiet_NaN();
    c.leakage[m] = t.outside_with[m] - t.outside_without[m];
  }
  return c;
}

const std::vector<std::string>& impact_component_names() {
  static const std::vector<std::string> names = {
      "gross", "deadweight", "additional", "displacement", "net", "displacement_ratio", "leakage"};
  return names;
}

std::vector<double>& component(ImpactComponents& x, std::size_t c) {
  std::vector<double>* all[] = {&x.gross, &x.deadweight, &x.additional, &x.displacement,
                                &x.net,   &x.ratio,      &x.leakage};
  if (c >= std::size(all)) throw std::out_of_range("impact component index");
  return *all[c];
}

const std::vector<double>& component(const ImpactComponents& x, std::size_t c) {
  return component(const_cast<ImpactComponents&>(x), c);  // reads only
}

namespace {

std::vector<double> across_runs(const OutcomeImpact& o, std::size_t c,
                                const std::vector<std::size_t>& months) {
  std::vector<double> v(o.runs.size());
  for (std::size_t r = 0; r < o.runs.size(); ++r) v[r] = component(o.runs[r], c)[months[r]];
  return v;
}

// "mean [lo, hi]", with the number of runs used when some had no value (a ratio whose
// denominator was not positive).
std::string cell(const Estimate& e) {
  if (e.n == 0) return "undefined";
  std::string s =
      format_number(e.mean) + " [" + format_number(e.lo) + ", " + format_number(e.hi) + "]";
  if (e.missing > 0) s += " (" + std::to_string(e.n) + (e.n == 1 ? " run)" : " runs)");
  return s;
}

constexpr std::size_t kAdditional = 2, kDisplacement = 3, kNet = 4;

}  // namespace

std::size_t first_significant_month(const OutcomeImpact& o, std::size_t component,
                                    std::size_t months, double level) {
  std::vector<double> v(o.runs.size());
  for (std::size_t m = 0; m < months; ++m) {
    for (std::size_t r = 0; r < o.runs.size(); ++r)
      v[r] = analysis::component(o.runs[r], component)[m];
    const Estimate e = t_interval(v, level);
    if (e.n >= 2 && (e.lo > 0 || e.hi < 0)) return m;
  }
  return months;
}

std::string impact_report(const std::vector<OutcomeImpact>& outcomes, const ReportMonths& at,
                          std::size_t months, double level) {
  const std::vector<std::size_t> horizon(at.project_end.size(), at.horizon);
  std::size_t end_lo = months, end_hi = 0;
  for (std::size_t m : at.project_end) {
    end_lo = std::min(end_lo, m);
    end_hi = std::max(end_hi, m);
  }
  const std::string end_label =
      "project end (month " + std::to_string(end_lo + 1) +
      (end_hi != end_lo ? "-" + std::to_string(end_hi + 1) : std::string()) + ")";
  const std::vector<std::string> labels = {"gross: clients' change since baseline",
                                           "deadweight: clients without the project",
                                           "additional for the clients",
                                           "displacement: others' loss",
                                           "net additional effect",
                                           "displacement ratio",
                                           "leakage: effect on the north"};
  std::string out;
  for (const OutcomeImpact& o : outcomes) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({o.unit == "1" ? o.name : o.name + " (" + o.unit + ")", end_label,
                    "horizon (month " + std::to_string(at.horizon + 1) + ")"});
    for (std::size_t c = 0; c < labels.size(); ++c) {
      const Estimate e_end = t_interval(across_runs(o, c, at.project_end), level);
      const Estimate e_hor = t_interval(across_runs(o, c, horizon), level);
      rows.push_back({"  " + labels[c], cell(e_end), cell(e_hor)});
    }
    out += text_table(rows, 1);
    // When each effect appears (its interval first excludes 0) and whether it persists.
    std::string when = "  first significant:", horizon_line = "  at the horizon:";
    for (const auto& [c, label] : {std::pair<std::size_t, const char*>{kAdditional, "additional"},
                                   {kDisplacement, "displacement"},
                                   {kNet, "net"}}) {
      const std::size_t first = first_significant_month(o, c, months, level);
      when += std::string(c == kAdditional ? " " : ", ") + label +
              (first < months ? " in month " + std::to_string(first + 1) : " never");
      const Estimate e = t_interval(across_runs(o, c, horizon), level);
      const bool persists = e.n >= 2 && (e.lo > 0 || e.hi < 0);
      horizon_line += std::string(c == kAdditional ? " " : ", ") + label +
                      (persists ? " persists" : " not significant");
    }
    out += when + "\n" + horizon_line + "\n\n";
  }
  return out;
}

}  // namespace analysis
