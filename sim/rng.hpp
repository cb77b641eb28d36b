// Random streams keyed by (seed, run, purpose, agent, step): a draw never depends on thread count,
// on the order agents are updated, or on how many numbers another process drew.
//
// Engine: Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3"), a
// counter-based generator: output = bijection_key(counter). Boost 1.74 has no counter-based engine
// and seeding a mt19937 per agent per month would cost more than the model's work, so the engine is
// ours (checked against the published known-answer vectors) and the distributions are
// Boost.Random's, which give the same numbers on every platform.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

namespace sim {

/// Names a process that draws random numbers ("firms.entry", "market.shock"). Compile-time FNV-1a
/// hash of the name, so the per-step loop never handles strings.
struct Purpose {
  std::uint64_t value;
  constexpr explicit Purpose(std::string_view name) : value(fnv1a(name)) {}

 private:
  static constexpr std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) {
      h ^= static_cast<std::uint8_t>(c);
      h *= 0x100000001b3ull;
    }
    return h;
  }
};

namespace detail {
constexpr std::uint32_t kMul0 = 0xD2511F53u;
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

inline void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}
}  // namespace detail

/// The Philox4x32-10 bijection: 10 rounds over a 128-bit counter with a 64-bit key. Inline: it
/// is the innermost loop of every random draw.
inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                                  std::array<std::uint32_t, 2> k) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += detail::kWeyl0;
      k[1] += detail::kWeyl1;
    }
    std::uint32_t hi0, lo0, hi1, lo1;
    detail::mulhilo(detail::kMul0, c[0], hi0, lo0);
    detail::mulhilo(detail::kMul1, c[2], hi1, lo1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
  }
  return c;
}

/// SplitMix64's finaliser: a fast 64-bit mixing function (bijective).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/// A key for the unordered pair of agents {a, b}: the same whichever comes first, so that a
/// draw about a link does not depend on the order in which the link is visited.
constexpr std::uint64_t pair_key(std::uint64_t a, std::uint64_t b) {
  return a < b ? mix64(a) ^ b : mix64(b) ^ a;
}

/// One random stream: a UniformRandomBitGenerator (64-bit) usable with any Boost.Random
/// distribution. Cheap to create (no state table), so make one where it is needed and drop it.
class Stream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  /// The stream of `key` (from Streams) for one (agent, step). Draw i of this stream is a pure
  /// function of (key, agent, step, i).
  Stream(std::uint64_t key, std::uint64_t agent, std::uint32_t step)
      : key_{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)},
        counter_{0, step, static_cast<std::uint32_t>(agent),
                 static_cast<std::uint32_t>(agent >> 32)} {}

  result_type operator()() {
    if (buffered_ == 0) refill();
    --buffered_;
    const std::size_t i = 2 * static_cast<std::size_t>(buffered_);
    return (static_cast<std::uint64_t>(block_[i + 1]) << 32) | block_[i];
  }

  /// A uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  void refill() {
    block_ = philox4x32_10(counter_, key_);
    ++counter_[0];  // the draw counter; 2^32 blocks per (agent, step) is never reached
    buffered_ = 2;
  }

  std::array<std::uint32_t, 2> key_;
  std::array<std::uint32_t, 4> counter_;
  std::array<std::uint32_t, 4> block_{};
  int buffered_ = 0;
};

/// The streams of one run: keyed by (seed, run). Two runs with the same (seed, run) draw the same
/// numbers for the same (purpose, agent, step), whatever else differs between them; this is what
/// lets paired worlds (project / no project) share their randomness.
class Streams {
 public:
  Streams(std::uint64_t seed, std::uint64_t run)
      : base_(mix64(mix64(seed) ^ (run + 0x9e3779b97f4a7c15ull))) {}

  /// The stream for `purpose` drawn by `agent` (a stable agent id, or any number naming a
  /// non-agent entity such as a market) at `step`.
  Stream stream(Purpose purpose, std::uint64_t agent, std::uint32_t step) const {
    return Stream(mix64(base_ ^ purpose.value), agent, step);
  }

 private:
  std::uint64_t base_;
};

/// The seed of replicate `r` of a set run from base seed `base_seed`: base_seed + r, so that
/// `--seed S --replicates 1` reproduces replicate r of `--seed S-r` on its own.
constexpr std::uint64_t replicate_seed(std::uint64_t base_seed, std::uint64_t r) {
  return base_seed + r;
}

}  // namespace sim
