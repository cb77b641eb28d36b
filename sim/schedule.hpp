// A discrete-time schedule: an ordered list of named phases run every step, plus events at given
// steps (scenario shocks). The engine runs it; the model declares it in one place.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sim {

/// The schedule of a model whose state is `Context` (the model's world, parameters and streams).
/// Phases are plain functions; they run in the order they were added, every step. Events run at
/// the start of their step, before the phases, in the order they were added.
template <class Context>
class Schedule {
 public:
  using Fn = void (*)(Context&);

  /// `with_checks`: the phases added by check() run too (a model's invariant checks: on in debug
  /// builds or when asked, otherwise absent and free).
  explicit Schedule(bool with_checks = false) : with_checks_(with_checks) {}

  /// Appends a phase. Names must be unique (they label timings and messages).
  Schedule& phase(std::string name, Fn fn) {
    for (const auto& p : phases_)
      if (p.name == name) throw std::logic_error("duplicate schedule phase '" + name + "'");
    phases_.push_back({std::move(name), fn});
    return *this;
  }

  /// Appends a check phase: verifies the state where it stands and throws if it is wrong. Added
  /// only to a schedule made with checks; otherwise ignored.
  Schedule& check(std::string name, Fn fn) {
    return with_checks_ ? phase(std::move(name), fn) : *this;
  }

  /// Adds an event that runs once, at the start of `step` (0-based).
  Schedule& at(std::int64_t step, std::string name, Fn fn) {
    events_.push_back({step, std::move(name), fn});
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Event& a, const Event& b) { return a.step < b.step; });
    return *this;
  }

  /// Runs step `step`: its events, then every phase. With `seconds` (one entry per phase, then
  /// one for all events together), adds each phase's wall time to its entry (a profile; the
  /// clock is read twice per phase, which costs nothing next to a phase over agents).
  void run_step(Context& ctx, std::int64_t step, std::vector<double>* seconds = nullptr) const {
    using Clock = std::chrono::steady_clock;
    auto it = std::lower_bound(events_.begin(), events_.end(), step,
                               [](const Event& e, std::int64_t s) { return e.step < s; });
    if (!seconds) {
      for (; it != events_.end() && it->step == step; ++it) it->fn(ctx);
      for (const auto& p : phases_) p.fn(ctx);
      return;
    }
    if (seconds->size() != phases_.size() + 1)
      throw std::invalid_argument("sim::Schedule::run_step: " + std::to_string(seconds->size()) +
                                  " timing entries for " + std::to_string(phases_.size()) +
                                  " phases and the events");
    auto start = Clock::now();
    for (; it != events_.end() && it->step == step; ++it) it->fn(ctx);
    auto lap = [&](std::size_t entry) {
      const auto now = Clock::now();
      (*seconds)[entry] += std::chrono::duration<double>(now - start).count();
      start = now;
    };
    lap(phases_.size());
    for (std::size_t i = 0; i < phases_.size(); ++i) {
      phases_[i].fn(ctx);
      lap(i);
    }
  }

  /// Phase names in run order (the model's process overview).
  std::vector<std::string> phase_names() const {
    std::vector<std::string> names;
    for (const auto& p : phases_) names.push_back(p.name);
    return names;
  }
  std::size_t event_count() const { return events_.size(); }

 private:
  struct Phase {
    std::string name;
    Fn fn;
  };
  struct Event {
    std::int64_t step;
    std::string name;
    Fn fn;
  };
  std::vector<Phase> phases_;
  std::vector<Event> events_;
  bool with_checks_ = false;
};

}  // namespace sim
