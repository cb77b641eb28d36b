#include "sim/rng.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

using sim::Purpose;
using sim::Streams;

// Known-answer vectors published with Random123 (kat_vectors, philox4x32 10 rounds).
TEST_CASE("Philox4x32-10 matches the published known answers", "[rng]") {
  using A4 = std::array<std::uint32_t, 4>;
  using A2 = std::array<std::uint32_t, 2>;
  CHECK(sim::philox4x32_10(A4{0, 0, 0, 0}, A2{0, 0}) ==
        A4{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(sim::philox4x32_10(A4{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                           A2{0xffffffffu, 0xffffffffu}) ==
        A4{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(sim::philox4x32_10(A4{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                           A2{0xa4093822u, 0x299f31d0u}) ==
        A4{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("a stream is a pure function of (seed, run, purpose, agent, step)", "[rng]") {
  const Streams a(42, 3), b(42, 3);
  auto s1 = a.stream(Purpose("firms.entry"), 17, 5);
  auto s2 = b.stream(Purpose("firms.entry"), 17, 5);
  for (int i = 0; i < 100; ++i) REQUIRE(s1() == s2());
}

TEST_CASE("streams differ by seed, run, purpose, agent and step", "[rng]") {
  const Streams base(42, 0);
  const auto first = [](sim::Stream s) { return s(); };
  const auto x = first(base.stream(Purpose("p"), 1, 1));
  CHECK(x != first(Streams(43, 0).stream(Purpose("p"), 1, 1)));
  CHECK(x != first(Streams(42, 1).stream(Purpose("p"), 1, 1)));
  CHECK(x != first(base.stream(Purpose("q"), 1, 1)));
  CHECK(x != first(base.stream(Purpose("p"), 2, 1)));
  CHECK(x != first(base.stream(Purpose("p"), 1, 2)));
  // Agent ids above 2^32 are distinct agents too.
  CHECK(first(base.stream(Purpose("p"), 1, 1)) !=
        first(base.stream(Purpose("p"), (1ull << 32) + 1, 1)));
}

TEST_CASE("draws do not depend on the order agents are updated", "[rng]") {
  const Streams streams(7, 0);
  const int n = 200;
  std::vector<double> forward(n), backward(n);
  for (int i = 0; i < n; ++i) forward[i] = streams.stream(Purpose("x"), i, 9).uniform();
  for (int i = n - 1; i >= 0; --i) backward[i] = streams.stream(Purpose("x"), i, 9).uniform();
  CHECK(forward == backward);
}

TEST_CASE("draws do not depend on the number of threads", "[rng]") {
  const Streams streams(11, 2);
  const int n = 1000;
  auto fill = [&](std::vector<double>& out, int threads) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        boost::random::normal_distribution<double> normal(0.0, 1.0);
        for (int i = t; i < n; i += threads) {
          auto s = streams.stream(Purpose("y"), i, 0);
          out[i] = normal(s);
        }
      });
    for (auto& th : pool) th.join();
  };
  std::vector<double> one(n), three(n);
  fill(one, 1);
  fill(three, 3);
  CHECK(one == three);
}

TEST_CASE("uniform draws look uniform", "[rng]") {
  const Streams streams(1, 0);
  auto s = streams.stream(Purpose("u"), 0, 0);
  const int n = 100000;
  double sum = 0, lo = 1, hi = 0;
  std::vector<int> bins(10, 0);
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    sum += u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    ++bins[static_cast<int>(u * 10)];
  }
  CHECK(sum / n == Approx(0.5).margin(0.005));
  CHECK(lo >= 0.0);
  CHECK(hi < 1.0);
  double chi2 = 0;
  for (int b : bins) chi2 += (b - n / 10.0) * (b - n / 10.0) / (n / 10.0);
  CHECK(chi2 < 27.9);  // 99.9% quantile of chi-squared with 9 degrees of freedom
  boost::random::uniform_int_distribution<int> die(1, 6);
  auto t = streams.stream(Purpose("die"), 0, 0);
  for (int i = 0; i < 1000; ++i) {
    const int d = die(t);
    REQUIRE((d >= 1 && d <= 6));
  }
}

TEST_CASE("a pair key is the same in both orders and differs between pairs", "[rng]") {
  CHECK(sim::pair_key(3, 17) == sim::pair_key(17, 3));
  CHECK(sim::pair_key(3, 17) != sim::pair_key(3, 18));
  CHECK(sim::pair_key(3, 17) != sim::pair_key(4, 17));
  CHECK(sim::pair_key(0, 1) != sim::pair_key(1, 2));
}
