#include "analysis/validation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/summary.hpp"

namespace analysis {

namespace {

std::string interval_text(const Estimate& e) {
  if (e.n == 0) return "no data";
  std::string s =
      format_number(e.mean) + " [" + format_number(e.lo) + ", " + format_number(e.hi) + "]";
  if (e.missing > 0) s += " (" + std::to_string(e.missing) + " missing)";
  return s;
}

}  // namespace

std::string Variant::key() const {
  std::string k = scenario.empty() ? "<base>" : scenario;
  for (const auto& o : overrides) k += " " + o;
  return k;
}

bool Criterion::holds(const Estimate& e) const {
  if (e.n == 0 || std::isnan(e.mean)) return false;
  switch (kind) {
    case Kind::Above:
      return e.lo > a;
    case Kind::Below:
      return e.hi < a;
    case Kind::NotAbove:
      return e.lo <= a;
    case Kind::Within:
      return e.mean >= a && e.mean <= b;
  }
  return false;
}

std::string Criterion::text() const {
  switch (kind) {
    case Kind::Above:
      return "interval > " + format_number(a);
    case Kind::Below:
      return "interval < " + format_number(a);
    case Kind::NotAbove:
      return "not significantly > " + format_number(a);
    case Kind::Within:
      return "mean in [" + format_number(a) + ", " + format_number(b) + "]";
  }
  return "";
}

Criterion above(double a) {
  return {Criterion::Kind::Above, a, 0};
}
Criterion below(double a) {
  return {Criterion::Kind::Below, a, 0};
}
Criterion not_above(double a) {
  return {Criterion::Kind::NotAbove, a, 0};
}
Criterion within(double a, double b) {
  return {Criterion::Kind::Within, a, b};
}

bool PatternResult::holds() const {
  return !checks.empty() &&
         std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.holds; });
}

Check make_check(std::string measure, std::span<const double> per_replicate, Criterion criterion,
                 double level) {
  Check c{std::move(measure), t_interval(per_replicate, level), criterion, false};
  c.holds = criterion.holds(c.value);
  return c;
}

std::string validation_table(const std::vector<PatternResult>& results, double level) {
  std::vector<std::vector<std::string>> rows = {
      {"pattern", "measure", "mean [" + format_number(level * 100) + "% interval]", "criterion",
       "holds"}};
  for (const PatternResult& res : results) {
    for (std::size_t i = 0; i < res.checks.size(); ++i) {
      const Check& c = res.checks[i];
      rows.push_back({i == 0 ? res.pattern->id + " " + res.pattern->name : "", c.measure,
                      interval_text(c.value), c.criterion.text(), c.holds ? "yes" : "NO"});
    }
  }
  return text_table(rows, 2);
}

double metric_at(const sim::ResultTable& t, const std::string& name, std::size_t run,
                 std::size_t step) {
  return t.series(metric_index(t, name), run)[step];
}

double metric_sum(const sim::ResultTable& t, const std::string& name, std::size_t run) {
  double sum = 0;
  for (double x : t.series(metric_index(t, name), run)) sum += x;
  return sum;
}

}  // namespace analysis
