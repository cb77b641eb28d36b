#include "analysis/prim.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "analysis/summary.hpp"

namespace analysis {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

struct Cases {
  std::span<const std::vector<double>> x;  // [factor][case]
  const std::vector<bool>& y;
  std::size_t n = 0;
  std::size_t interest = 0;
};

/// Whether case c lies within the bounds of every factor but `skip`.
bool inside(const Cases& d, std::size_t c, const std::vector<double>& lo,
            const std::vector<double>& hi, std::size_t skip = kNone) {
  for (std::size_t j = 0; j < d.x.size(); ++j)
    if (j != skip && (d.x[j][c] < lo[j] || d.x[j][c] > hi[j])) return false;
  return true;
}

PrimBox make_box(const Cases& d, std::vector<double> lo, std::vector<double> hi) {
  PrimBox b;
  b.lo = std::move(lo);
  b.hi = std::move(hi);
  for (std::size_t c = 0; c < d.n; ++c) {
    if (!inside(d, c, b.lo, b.hi)) continue;
    ++b.cases;
    if (d.y[c]) ++b.interest;
  }
  b.coverage =
      d.interest > 0 ? static_cast<double>(b.interest) / static_cast<double>(d.interest) : kNaN;
  b.density = b.cases > 0 ? static_cast<double>(b.interest) / static_cast<double>(b.cases) : kNaN;
  b.mass = static_cast<double>(b.cases) / static_cast<double>(d.n);
  return b;
}

/// How many of `count` cases a share `alpha` is: at least one.
std::size_t slice(double alpha, std::size_t count) {
  return std::max<std::size_t>(
      1, static_cast<std::size_t>(std::llround(alpha * static_cast<double>(count))));
}

/// A change of one bound: factor, side, new value, and the box's cases and cases of interest
/// after it.
struct Move {
  std::size_t factor = kNone;
  bool upper = false;
  double bound = 0;
  std::size_t cases = 0;
  std::size_t interest = 0;
  double density() const {
    return cases > 0 ? static_cast<double>(interest) / static_cast<double>(cases) : -1;
  }
};

/// The cases of the box, (value of factor j, of interest), in increasing value.
using Column = std::vector<std::pair<double, bool>>;

/// One peel of `box` (Friedman & Fisher 1999): the 2 k slices of about alpha of its
/// cases off a factor's lower or upper end, the one leaving the highest density; none when every
/// slice would leave fewer than `min_cases`.
Move best_peel(const Cases& d, const PrimBox& box, double alpha, double min_cases, Column& v) {
  Move best;
  auto consider = [&](const Move& m) {
    if (static_cast<double>(m.cases) < min_cases) return;
    const double dm = m.density(), db = best.density();
    if (best.factor == kNone || dm > db || (dm == db && m.cases > best.cases)) best = m;
  };
  std::vector<std::size_t> members;
  members.reserve(box.cases);
  for (std::size_t c = 0; c < d.n; ++c)
    if (inside(d, c, box.lo, box.hi)) members.push_back(c);
  for (std::size_t j = 0; j < d.x.size(); ++j) {
    v.clear();
    for (std::size_t c : members) v.emplace_back(d.x[j][c], d.y[c]);
    const std::size_t nb = v.size();
    std::sort(v.begin(), v.end());
    const std::size_t m = std::min(slice(alpha, nb), nb);
    // Lower end: remove the m smallest values and every case tied with the last of them.
    std::size_t cut = m;
    while (cut < nb && v[cut].first == v[m - 1].first) ++cut;
    if (cut < nb) {
      std::size_t removed_interest = 0;
      for (std::size_t i = 0; i < cut; ++i) removed_interest += v[i].second ? 1 : 0;
      consider({j, false, (v[cut - 1].first + v[cut].first) / 2, nb - cut,
                box.interest - removed_interest});
    }
    // Upper end, likewise.
    std::size_t keep = nb - m;
    while (keep > 0 && v[keep - 1].first == v[nb - m].first) --keep;
    if (keep > 0) {
      std::size_t removed_interest = 0;
      for (std::size_t i = keep; i < nb; ++i) removed_interest += v[i].second ? 1 : 0;
      consider({j, true, (v[keep - 1].first + v[keep].first) / 2, keep,
                box.interest - removed_interest});
    }
  }
  return best;
}

/// Pasting (Friedman & Fisher 1999): widen a restricted bound to take in about alpha
/// of the box's cases beyond it (among the cases within the other bounds), where that raises the
/// density most, while it raises it.
PrimBox paste(const Cases& d, PrimBox box, double alpha, Column& v) {
  for (;;) {
    Move best;
    for (std::size_t j = 0; j < d.x.size(); ++j) {
      for (const bool upper : {false, true}) {
        const double bound = upper ? box.hi[j] : box.lo[j];
        if (std::isinf(bound)) continue;
        v.clear();
        for (std::size_t c = 0; c < d.n; ++c) {
          const double xc = d.x[j][c];
          if ((upper ? xc > bound : xc < bound) && inside(d, c, box.lo, box.hi, j))
            v.emplace_back(upper ? xc : -xc, d.y[c]);  // nearest first
        }
        if (v.empty()) continue;
        std::sort(v.begin(), v.end());
        const std::size_t m = std::min(slice(alpha, box.cases), v.size());
        std::size_t take = m;
        while (take < v.size() && v[take].first == v[m - 1].first) ++take;
        std::size_t added_interest = 0;
        for (std::size_t i = 0; i < take; ++i) added_interest += v[i].second ? 1 : 0;
        double next = take < v.size() ? (v[take - 1].first + v[take].first) / 2 : kInf;
        Move move{j, upper, upper ? next : -next, box.cases + take, box.interest + added_interest};
        if (move.density() > std::max(best.density(), box.density)) best = move;
      }
    }
    if (best.factor == kNone) return box;
    (best.upper ? box.hi : box.lo)[best.factor] = best.bound;
    box = make_box(d, std::move(box.lo), std::move(box.hi));
  }
}

/// Quasi-p-value of one bound of `box` (Bryant & Lempert 2010): P(X >= interest) for X binomial
/// with the box's cases and the density of the box without that bound.
double quasi_p(const Cases& d, const PrimBox& box, std::size_t j, bool upper) {
  std::vector<double> lo = box.lo, hi = box.hi;
  (upper ? hi : lo)[j] = upper ? kInf : -kInf;
  const PrimBox wider = make_box(d, std::move(lo), std::move(hi));
  if (box.interest == 0) return 1;
  const boost::math::binomial dist(static_cast<double>(box.cases), wider.density);
  return boost::math::cdf(boost::math::complement(dist, static_cast<double>(box.interest - 1)));
}

}  // namespace

PrimResult prim(std::span<const std::vector<double>> x, const std::vector<bool>& interest,
                const PrimOptions& options) {
  const std::size_t n = interest.size(), k = x.size();
  if (k == 0) throw std::invalid_argument("prim: no factors");
  if (n == 0) throw std::invalid_argument("prim: no cases");
  for (const auto& col : x) {
    if (col.size() != n) throw std::invalid_argument("prim: columns differ in length");
    for (double v : col)
      if (!std::isfinite(v)) throw std::invalid_argument("prim: a condition is not finite");
  }
  auto in_unit = [](double v, bool closed) { return v > 0 && (closed ? v <= 1 : v < 1); };
  if (!in_unit(options.peel_alpha, false) || !in_unit(options.paste_alpha, false) ||
      !in_unit(options.min_mass, true) ||
      !(options.min_coverage >= 0 && options.min_coverage <= 1) ||
      !(options.max_p_value >= 0 && options.max_p_value <= 1) || !(options.density_slack_se >= 0))
    throw std::invalid_argument(
        "prim: peel_alpha and paste_alpha must lie in (0, 1), min_mass in (0, 1], min_coverage "
        "and max_p_value in [0, 1], density_slack_se >= 0");

  Cases d{x, interest, n, 0};
  for (std::size_t c = 0; c < n; ++c) d.interest += interest[c] ? 1 : 0;
  PrimResult out;
  out.trajectory.push_back(
      make_box(d, std::vector<double>(k, -kInf), std::vector<double>(k, kInf)));
  if (d.interest == 0) {
    out.box = out.trajectory.front();
    return out;
  }

  Column v;
  v.reserve(n);
  const double min_cases = options.min_mass * static_cast<double>(n);
  while (out.trajectory.back().density < 1) {
    const PrimBox& box = out.trajectory.back();
    const Move peel = best_peel(d, box, options.peel_alpha, min_cases, v);
    if (peel.factor == kNone) break;
    std::vector<double> lo = box.lo, hi = box.hi;
    (peel.upper ? hi : lo)[peel.factor] = peel.bound;
    out.trajectory.push_back(make_box(d, std::move(lo), std::move(hi)));
  }

  // The densest peeled box that covers enough; then the earliest (largest) covering box whose
  // density lies within density_slack_se standard errors of that density: the last peels before
  // it may have raised the density by chance alone, and cut cases of interest.
  std::size_t densest = 0;
  for (std::size_t i = 1; i < out.trajectory.size(); ++i) {
    const PrimBox& b = out.trajectory[i];
    if (b.coverage >= options.min_coverage && b.density > out.trajectory[densest].density)
      densest = i;
  }
  const PrimBox& best = out.trajectory[densest];
  const double se = std::sqrt(best.density * (1 - best.density) / static_cast<double>(best.cases));
  out.chosen_peel = densest;
  for (std::size_t i = 0; i < densest; ++i) {
    const PrimBox& b = out.trajectory[i];
    if (b.coverage >= options.min_coverage &&
        b.density >= best.density - options.density_slack_se * se) {
      out.chosen_peel = i;
      break;
    }
  }
  PrimBox box = paste(d, out.trajectory[out.chosen_peel], options.paste_alpha, v);

  for (;;) {
    double worst = -1;
    std::pair<std::size_t, bool> drop{kNone, false};
    for (std::size_t j = 0; j < k; ++j)
      for (const bool upper : {false, true}) {
        if (std::isinf(upper ? box.hi[j] : box.lo[j])) continue;
        const double p = quasi_p(d, box, j, upper);
        if (p > worst) {
          worst = p;
          drop = {j, upper};
        }
      }
    if (drop.first == kNone || worst <= options.max_p_value) break;
    (drop.second ? box.hi : box.lo)[drop.first] = drop.second ? kInf : -kInf;
    box = make_box(d, std::move(box.lo), std::move(box.hi));
  }

  for (std::size_t j = 0; j < k; ++j) {
    if (std::isinf(box.lo[j]) && std::isinf(box.hi[j])) continue;
    PrimRestriction r{j, box.lo[j], box.hi[j], kNaN, kNaN};
    if (!std::isinf(box.lo[j])) r.p_lo = quasi_p(d, box, j, false);
    if (!std::isinf(box.hi[j])) r.p_hi = quasi_p(d, box, j, true);
    out.restricted.push_back(r);
  }
  out.box = std::move(box);
  return out;
}

std::string describe_box(std::span<const PrimRestriction> restricted,
                         std::span<const FactorLabel> labels,
                         const std::function<std::string(double)>& format) {
  if (restricted.empty()) return "no factor restricted";
  auto number = [&](double value, const FactorLabel& l) {
    return (format ? format(value) : format_number(value)) + l.unit;
  };
  std::string out;
  for (const PrimRestriction& r : restricted) {
    if (r.factor >= labels.size())
      throw std::out_of_range("describe_box: no label for factor " + std::to_string(r.factor));
    const FactorLabel& l = labels[r.factor];
    if (!std::isfinite(l.scale) || l.scale == 0)
      throw std::invalid_argument("describe_box: the scale of " + l.name + " is 0 or not finite");
    // A negative scale turns the bounds round.
    const double lo = std::min(r.lo * l.scale, r.hi * l.scale);
    const double hi = std::max(r.lo * l.scale, r.hi * l.scale);
    if (!out.empty()) out += " and ";
    if (!std::isinf(lo) && !std::isinf(hi))
      out += l.name + " between " + number(lo, l) + " and " + number(hi, l);
    else if (!std::isinf(hi))
      out += l.name + " < " + number(hi, l);
    else
      out += l.name + " > " + number(lo, l);
  }
  return out;
}

}  // namespace analysis
