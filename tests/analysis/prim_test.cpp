#include "analysis/prim.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

// Cases uniform on [0, 1]^4; of interest with probability 0.9 inside x0 < 0.3 and x2 > 0.6, and
// 0.05 outside it (noise on both sides).
struct Synthetic {
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
};
Synthetic synthetic(std::size_t n, std::uint64_t seed) {
  boost::random::mt19937_64 gen(seed);
  boost::random::uniform_01<double> u;
  Synthetic s;
  s.x.assign(4, std::vector<double>(n));
  s.y.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    for (auto& col : s.x) col[c] = u(gen);
    const bool in = s.x[0][c] < 0.3 && s.x[2][c] > 0.6;
    s.y[c] = u(gen) < (in ? 0.9 : 0.05);
  }
  return s;
}

}  // namespace

TEST_CASE("PRIM recovers the box the cases of interest lie in", "[prim]") {
  const Synthetic s = synthetic(4000, 7);
  const auto r = analysis::prim(s.x, s.y);
  const analysis::PrimBox& box = r.box;
  INFO("box: x0 in [" << box.lo[0] << ", " << box.hi[0] << "], x2 in [" << box.lo[2] << ", "
                      << box.hi[2] << "]; coverage " << box.coverage << ", density " << box.density
                      << ", mass " << box.mass << "; chosen peel " << r.chosen_peel << " of "
                      << r.trajectory.size());
  // Only x0 (from above) and x2 (from below) restricted, near the true bounds.
  REQUIRE(r.restricted.size() == 2);
  CHECK(r.restricted[0].factor == 0);
  CHECK(r.restricted[1].factor == 2);
  CHECK(std::isinf(box.lo[0]));
  CHECK(box.hi[0] == Approx(0.3).margin(0.03));
  CHECK(box.lo[2] == Approx(0.6).margin(0.03));
  CHECK(std::isinf(box.hi[2]));
  for (std::size_t j : {1ul, 3ul}) {
    CHECK(std::isinf(box.lo[j]));
    CHECK(std::isinf(box.hi[j]));
  }
  CHECK(r.restricted[0].p_hi < 1e-6);
  CHECK(std::isnan(r.restricted[0].p_lo));

  // Coverage, density and mass as counted by hand with the reported bounds.
  std::size_t inside = 0, inside_interest = 0, interest = 0;
  for (std::size_t c = 0; c < s.y.size(); ++c) {
    bool in = true;
    for (std::size_t j = 0; j < 4; ++j) in = in && s.x[j][c] >= box.lo[j] && s.x[j][c] <= box.hi[j];
    inside += in ? 1 : 0;
    inside_interest += in && s.y[c] ? 1 : 0;
    interest += s.y[c] ? 1 : 0;
  }
  CHECK(box.cases == inside);
  CHECK(box.interest == inside_interest);
  CHECK(box.coverage == Approx(double(inside_interest) / double(interest)));
  CHECK(box.density == Approx(double(inside_interest) / double(inside)));
  CHECK(box.mass == Approx(double(inside) / double(s.y.size())));
  // What the noise allows: about 0.9 inside; 0.9 * 0.12 / (0.9 * 0.12 + 0.05 * 0.88) = 0.71 of
  // the cases of interest inside.
  CHECK(box.density > 0.8);
  CHECK(box.coverage > 0.6);
}

TEST_CASE("PRIM's peeling trajectory trades coverage for density", "[prim]") {
  const Synthetic s = synthetic(2000, 11);
  const analysis::PrimOptions options{.min_mass = 0.1};
  const auto r = analysis::prim(s.x, s.y, options);
  REQUIRE(r.trajectory.size() > 10);
  const auto& first = r.trajectory.front();
  CHECK(first.mass == 1);
  CHECK(first.coverage == 1);
  CHECK(std::isinf(first.lo[0]));
  for (std::size_t i = 1; i < r.trajectory.size(); ++i) {
    CHECK(r.trajectory[i].cases < r.trajectory[i - 1].cases);
    CHECK(r.trajectory[i].coverage <= r.trajectory[i - 1].coverage);
    CHECK(r.trajectory[i].mass >= 0.1);
  }
  // Peeling stops when no peel keeps a tenth of the cases, or the density reaches 1.
  const auto& last = r.trajectory.back();
  CHECK((last.mass < 0.1 / 0.9 || last.density == 1));
  // The chosen peel: the first with coverage >= 0.5 whose density is within 2 standard errors
  // of the densest such box's.
  double best = 0, se = 0;
  for (const auto& b : r.trajectory)
    if (b.coverage >= 0.5 && b.density > best) {
      best = b.density;
      se = std::sqrt(best * (1 - best) / double(b.cases));
    }
  const auto& chosen = r.trajectory[r.chosen_peel];
  CHECK(chosen.coverage >= 0.5);
  CHECK(chosen.density >= best - 2 * se);
  CHECK(chosen.density < best);  // this data set's densest box is a later, smaller one
  for (std::size_t i = 0; i < r.chosen_peel; ++i)
    CHECK((r.trajectory[i].coverage < 0.5 || r.trajectory[i].density < best - 2 * se));
  // Pasting and pruning only widen it.
  CHECK(r.box.cases >= chosen.cases);
}

TEST_CASE("PRIM peels whole levels of a discrete factor", "[prim]") {
  // x0 takes the levels 0..9 (a grid factor), x1 is continuous; cases of interest mostly at
  // x0 <= 2. Ties are never split: the bound falls halfway between levels 2 and 3.
  boost::random::mt19937_64 gen(5);
  boost::random::uniform_01<double> u;
  std::vector<std::vector<double>> x(2, std::vector<double>(2000));
  std::vector<bool> y(2000);
  for (std::size_t c = 0; c < 2000; ++c) {
    x[0][c] = double(c % 10);
    x[1][c] = u(gen);
    y[c] = u(gen) < (x[0][c] <= 2 ? 0.9 : 0.05);
  }
  const auto r = analysis::prim(x, y);
  REQUIRE(r.restricted.size() == 1);
  CHECK(r.restricted[0].factor == 0);
  CHECK(r.box.hi[0] == 2.5);
  CHECK(std::isinf(r.box.lo[0]));
  CHECK(r.box.cases == 600);
  for (const auto& b : r.trajectory)
    for (const double bound : {b.lo[0], b.hi[0]})
      CHECK((std::isinf(bound) || bound - std::floor(bound) == 0.5));
}

TEST_CASE("PRIM with no case of interest returns the whole space", "[prim]") {
  const Synthetic s = synthetic(200, 3);
  const std::vector<bool> none(200, false);
  const auto r = analysis::prim(s.x, none);
  CHECK(r.trajectory.size() == 1);
  CHECK(r.restricted.empty());
  CHECK(r.box.mass == 1);
  CHECK(std::isnan(r.box.coverage));
  CHECK_THROWS_AS(analysis::prim(s.x, std::vector<bool>(10, true)), std::invalid_argument);
  CHECK_THROWS_AS(analysis::prim(s.x, none, {.peel_alpha = 0}), std::invalid_argument);
}

TEST_CASE("A box in plain words", "[prim]") {
  const std::vector<analysis::FactorLabel> labels{
      {"market growth", "%/yr", 100}, {"firms", "", 1}, {"funding stop", " months", 1}};
  auto one_decimal = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  const double inf = INFINITY;
  const std::vector<analysis::PrimRestriction> box{{0, -inf, -0.02, 0.001, NAN},
                                                   {2, 9, inf, NAN, 0.01}};
  CHECK(analysis::describe_box(box, labels, one_decimal) ==
        "market growth < -2.0%/yr and funding stop > 9.0 months");
  const std::vector<analysis::PrimRestriction> both{{1, 20, 80, 0.01, 0.01}};
  CHECK(analysis::describe_box(both, labels) == "firms between 20 and 80");
  CHECK(analysis::describe_box({}, labels) == "no factor restricted");
  // A scale of -1 (a factor shown as its opposite) turns "<" into ">".
  const std::vector<analysis::FactorLabel> negated{{"market decline", "%/yr", -100}};
  const std::vector<analysis::PrimRestriction> growth{{0, -inf, -0.02, 0.001, NAN}};
  CHECK(analysis::describe_box(growth, negated) == "market decline > 2%/yr");
  const std::vector<analysis::PrimRestriction> unknown{{3, 0, 1, 0, 0}};
  CHECK_THROWS_AS(analysis::describe_box(unknown, labels), std::out_of_range);

  // The box PRIM finds in the synthetic data, described.
  const Synthetic s = synthetic(4000, 7);
  const auto r = analysis::prim(s.x, s.y);
  const std::vector<analysis::FactorLabel> xs{
      {"x0", "", 1}, {"x1", "", 1}, {"x2", "", 1}, {"x3", "", 1}};
  CHECK(analysis::describe_box(r.restricted, xs, one_decimal) == "x0 < 0.3 and x2 > 0.6");
}
