#include "analysis/stress.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A stress test in memory: strategies A and B under conditions x0 (one factor, or two with x1),
// `replicates` runs each; run r is condition r / (2 R), strategy (r / R) % 2, replicate r % R, as
// twinsim stress writes them. y(A) = 10 + 5 x0 + e, y(B) = 12 + e, with e = +1 in replicate 0 and
// -1 in replicate 1 (0 with one replicate). A's KPI: y at least 12.
analysis::StressData two_strategies(const std::vector<double>& x0, std::size_t replicates,
                                    const std::vector<double>& x1 = {}) {
  analysis::StressData d;
  const std::size_t C = x0.size(), S = 2, R = replicates;
  d.strategies = {"A", "B"};
  d.files = {"a.toml", "b.toml"};
  d.conditions = C;
  io::SweepData& w = d.sweep;
  w.design = "lhs";
  w.runs = C * S * R;
  w.replicates = R;
  w.metrics = {{"y", "1", "the outcome"}};
  w.horizon.assign(1, std::vector<double>(w.runs));
  io::SweepData::Factor f0;
  f0.name = "x0";
  f0.key = "market.growth_per_year";
  f0.label = "demand growth";
  f0.unit = "%/yr";
  f0.scale = 100;
  w.factors.push_back(f0);
  if (!x1.empty()) {
    io::SweepData::Factor f1;
    f1.name = "x1";
    f1.key = "twinning.north_interest";
    f1.label = "northern interest";
    w.factors.push_back(f1);
  }
  d.kpis = {{sim::Target{"y_target", "y", 0, 12.0, true, std::nullopt}}, {}};
  d.kpi_values = {{std::vector<double>(w.runs, kNaN)}, {}};
  for (std::size_t r = 0; r < w.runs; ++r) {
    const std::size_t c = r / (S * R), s = (r / R) % S, rep = r % R;
    const double e = R == 1 ? 0.0 : (rep == 0 ? 1.0 : -1.0);
    d.strategy.push_back(s);
    d.condition.push_back(c);
    w.point.push_back(static_cast<double>(c * S + s));
    w.ok.push_back(true);
    w.factors[0].values.push_back(x0[c]);
    if (!x1.empty()) w.factors[1].values.push_back(x1[c]);
    w.horizon[0][r] = (s == 0 ? 10 + 5 * x0[c] : 12.0) + e;
    if (s == 0) d.kpi_values[0][0][r] = w.horizon[0][r];
  }
  return d;
}

}  // namespace

TEST_CASE("Wilson's interval of a share of runs", "[stress]") {
  // Wilson (1927) with z = 1.644854 (Python: statistics.NormalDist().inv_cdf(0.95)).
  const analysis::Probability p = analysis::wilson(8, 10);
  CHECK(p.p == Approx(0.8));
  CHECK(p.lo == Approx(0.540793).epsilon(1e-5));
  CHECK(p.hi == Approx(0.931442).epsilon(1e-5));
  // None met: 0 with an upper bound above it; all met: 1 with a lower bound below it.
  const analysis::Probability none = analysis::wilson(0, 20);
  CHECK(none.lo == 0.0);
  CHECK(none.hi == Approx(0.119158).epsilon(1e-4));
  const analysis::Probability all = analysis::wilson(20, 20);
  CHECK(all.hi == 1.0);
  CHECK(all.lo == Approx(1 - 0.119158).epsilon(1e-4));
  CHECK(std::isnan(analysis::wilson(0, 0).p));
}

TEST_CASE("outcomes and regret of strategies under the same conditions", "[stress]") {
  // A's condition means 10, 11, 12, 13, 14 against B's 12: A's regret 2, 1, 0, 0, 0, B's 0, 0, 0,
  // 1, 2; both best at x0 = 0.4 (a tie).
  const auto d = two_strategies({0.0, 0.2, 0.4, 0.6, 0.8}, 2);
  const auto o = analysis::stress_outcomes(d, 0, false);
  REQUIRE(o.size() == 2);
  for (const auto& s : o) {
    CHECK(s.conditions == 5);
    CHECK(s.best_in == 3);
    CHECK(s.regret_median == Approx(0.0).margin(1e-12));
    CHECK(s.regret_p90 == Approx(1.6));  // [0, 0, 0, 1, 2] at 0.9: 1 + 0.6 (2 - 1)
    CHECK(s.regret_max == Approx(2.0));
  }
  // A over its ten runs: 9 10 11 11 12 12 13 13 14 15: median 12, 10% quantile 9.9, mean 12.
  CHECK(o[0].runs == 10);
  CHECK(o[0].median == Approx(12.0));
  CHECK(o[0].worst_decile == Approx(9.9));
  CHECK(o[0].mean == Approx(12.0));
  // Lower is better: the regrets swap and the worst decile is the 90% quantile.
  const auto low = analysis::stress_outcomes(d, 0, true);
  CHECK(low[0].regret_max == Approx(2.0));
  CHECK(low[0].best_in == 3);
  CHECK(low[0].worst_decile == Approx(14.1));
}

TEST_CASE("a failed run is left out of its condition's mean, not counted as a value", "[stress]") {
  auto d = two_strategies({0.0, 0.2, 0.4, 0.6, 0.8}, 2);
  // Replicate 1 of A in condition 0 failed: A's mean there is replicate 0's, 11 (regret 1, not 2).
  d.sweep.ok[1] = false;
  d.sweep.horizon[0][1] = 1e9;
  d.kpi_values[0][0][1] = kNaN;
  const auto o = analysis::stress_outcomes(d, 0, false);
  CHECK(o[0].runs == 9);
  CHECK(o[0].regret_max == Approx(1.0));
  const auto odds = analysis::logframe_odds(d, 0);
  CHECK(odds.all.n == 9);
}

TEST_CASE("the chance of meeting the logframe counts the runs that meet every KPI", "[stress]") {
  const auto d = two_strategies({0.0, 0.2, 0.4, 0.6, 0.8}, 2);
  // A's runs at least 12: 12, 13, 14, 12, 15, 13: 6 of 10.
  const auto odds = analysis::logframe_odds(d, 0);
  CHECK(odds.all.k == 6);
  CHECK(odds.all.n == 10);
  REQUIRE(odds.per_kpi.size() == 1);
  CHECK(odds.per_kpi[0].k == 6);
  const auto met = analysis::runs_meeting_logframe(d, 0);
  CHECK(met.cases == std::vector<std::size_t>{0, 1, 4, 5, 8, 9, 12, 13, 16, 17});
  // B has no logframe: no probability, and no failure box to look for.
  CHECK(analysis::logframe_odds(d, 1).per_kpi.empty());
  CHECK_THROWS_AS(analysis::failure_box(d, 1), std::invalid_argument);
  const std::string table = analysis::logframe_odds_table(d, analysis::logframe_odds(d));
  CHECK(table.find("60% [") != std::string::npos);
  CHECK(table.find("(no logframe)") != std::string::npos);
}

TEST_CASE("the box of conditions in which a strategy fails, in plain words", "[stress]") {
  // 400 conditions: x0 ("demand growth", shown x 100 in %/yr) uniform in [0, 0.8], x1 uniform in
  // [0, 1] and irrelevant. A (one replicate) meets y >= 12 only when 10 + 5 x0 >= 12: it fails
  // exactly when x0 < 0.4, "demand growth < 40%/yr".
  boost::random::mt19937_64 gen(11);
  boost::random::uniform_01<double> u;
  std::vector<double> x0(400), x1(400);
  for (std::size_t c = 0; c < x0.size(); ++c) {
    x0[c] = 0.8 * u(gen);
    x1[c] = u(gen);
  }
  const auto d = two_strategies(x0, 1, x1);
  const analysis::FailureBox box = analysis::failure_box(d, 0);
  INFO(box.words << "; coverage " << box.prim.box.coverage << ", density " << box.prim.box.density);
  CHECK(box.cases == 400);
  std::size_t below = 0;
  for (double x : x0) below += x < 0.4;
  CHECK(box.failures == below);
  REQUIRE(box.prim.restricted.size() == 1);
  CHECK(box.prim.restricted[0].factor == 0);
  CHECK(box.prim.box.hi[0] == Approx(0.4).margin(0.01));
  CHECK(box.prim.box.density == Approx(1.0));
  CHECK(box.prim.box.coverage == Approx(1.0).margin(0.03));  // peels cut between cases
  // The label, the scale (100: shown in %) and the unit: "demand growth < 39.6%/yr".
  const std::string start = "demand growth < ";
  REQUIRE(box.words.rfind(start, 0) == 0);
  CHECK(std::stod(box.words.substr(start.size())) == Approx(40).margin(1));
  CHECK(box.words.substr(box.words.size() - 4) == "%/yr");
  const std::string text = analysis::failure_text(d, 0, box);
  CHECK(text.find("Fails most when demand growth < ") != std::string::npos);
  CHECK(text.find("(chosen)") != std::string::npos);
}
