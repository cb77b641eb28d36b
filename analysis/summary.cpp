#include "analysis/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace analysis {

double quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) throw std::invalid_argument("quantile of an empty sample");
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::vector<double> sorted_values(std::span<const double> values, std::size_t& missing) {
  std::vector<double> v;
  v.reserve(values.size());
  missing = 0;
  for (double x : values) {
    if (std::isnan(x))
      ++missing;
    else
      v.push_back(x);
  }
  std::sort(v.begin(), v.end());
  return v;
}

Interval summarize(std::span<const double> values, double level) {
  Interval out;
  const std::vector<double> v = sorted_values(values, out.missing);
  out.n = v.size();
  if (v.empty()) {
    out.mean = out.lo = out.hi = std::nan("");
    return out;
  }
  double sum = 0;
  for (double x : v) sum += x;
  out.mean = sum / static_cast<double>(v.size());
  out.lo = quantile(v, (1.0 - level) / 2.0);
  out.hi = quantile(v, (1.0 + level) / 2.0);
  return out;
}

std::vector<double> final_values(const sim::ResultTable& table, std::size_t m) {
  std::vector<double> v(table.runs);
  for (std::size_t r = 0; r < table.runs; ++r)
    v[r] = table.steps ? table.series(m, r).back() : std::nan("");
  return v;
}

std::string format_number(double x) {
  char buf[32];
  if (std::isnan(x)) return "nan";
  const double a = std::fabs(x);
  if (a != 0 && (a >= 1e7 || a < 1e-3))
    std::snprintf(buf, sizeof buf, "%.3g", x);
  else if (a >= 100 || x == std::floor(x))
    std::snprintf(buf, sizeof buf, "%.0f", x);
  else
    std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

std::size_t metric_index(const sim::ResultTable& table, const std::string& name) {
  for (std::size_t m = 0; m < table.metrics.size(); ++m)
    if (table.metrics[m].name == name) return m;
  throw std::out_of_range("no metric named '" + name + "'");
}

std::string text_table(const std::vector<std::vector<std::string>>& rows,
                       std::size_t text_columns) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      const std::string& cell = rows[i][c];
      const std::string pad(width[c] - cell.size(), ' ');
      out += c < text_columns ? cell + pad : pad + cell;  // text left, numbers right
      out += c + 1 < rows[i].size() ? "  " : "\n";
    }
    if (i == 0) {
      std::size_t total = 0;
      for (auto w : width) total += w;
      out += std::string(total + 2 * (width.size() - 1), '-') + "\n";
    }
  }
  return out;
}

std::string summary_table(const sim::ResultTable& table, const std::vector<std::string>& names,
                          double level) {
  const int pct_lo = static_cast<int>(std::lround((1.0 - level) / 2.0 * 100));
  const int pct_hi = 100 - pct_lo;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"metric", "unit", "month 1", "month " + std::to_string(table.steps),
                  std::to_string(pct_lo) + "%", std::to_string(pct_hi) + "%"});
  for (const auto& name : names) {
    const std::size_t m = metric_index(table, name);
    const Interval s = summarize(final_values(table, m), level);
    std::vector<double> first(table.runs);
    for (std::size_t r = 0; r < table.runs; ++r) first[r] = table.series(m, r).front();
    rows.push_back({name, table.metrics[m].unit, format_number(summarize(first, level).mean),
                    format_number(s.mean), format_number(s.lo), format_number(s.hi)});
  }
  return text_table(rows, 2);
}

}  // namespace analysis
