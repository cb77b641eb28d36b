#include "sim/schedule.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {
struct Log {
  std::vector<std::string> entries;
  std::int64_t step = 0;
};
void a(Log& l) {
  l.entries.push_back("a" + std::to_string(l.step));
}
void b(Log& l) {
  l.entries.push_back("b" + std::to_string(l.step));
}
void shock(Log& l) {
  l.entries.push_back("shock" + std::to_string(l.step));
}
void late(Log& l) {
  l.entries.push_back("late" + std::to_string(l.step));
}
void nap(Log& l) {
  l.entries.push_back("nap" + std::to_string(l.step));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}
}  // namespace

TEST_CASE("phases run in declaration order every step; events first, at their step", "[schedule]") {
  sim::Schedule<Log> s;
  s.phase("a", a)
      .phase("b", b)
      .at(2, "late", late)
      .at(1, "shock", shock)
      .at(2, "shock again", shock);
  Log log;
  for (log.step = 0; log.step < 3; ++log.step) s.run_step(log, log.step);
  CHECK(log.entries ==
        std::vector<std::string>{"a0", "b0", "shock1", "a1", "b1", "late2", "shock2", "a2", "b2"});
  CHECK(s.phase_names() == std::vector<std::string>{"a", "b"});
  CHECK(s.event_count() == 3);
}

TEST_CASE("check phases run, in their place, only in a schedule made with checks", "[schedule]") {
  for (const bool checks : {false, true}) {
    sim::Schedule<Log> s(checks);
    s.phase("a", a).check("late", late).phase("b", b);
    Log log;
    s.run_step(log, 0);
    CHECK(log.entries == (checks ? std::vector<std::string>{"a0", "late0", "b0"}
                                 : std::vector<std::string>{"a0", "b0"}));
    CHECK(s.phase_names().size() == (checks ? 3u : 2u));
  }
}

TEST_CASE("duplicate phase names are rejected", "[schedule]") {
  sim::Schedule<Log> s;
  s.phase("a", a);
  CHECK_THROWS_AS(s.phase("a", b), std::logic_error);
}

TEST_CASE("events outside the run never fire", "[schedule]") {
  sim::Schedule<Log> s;
  s.at(-1, "before", shock).at(10, "after", shock);
  Log log;
  for (log.step = 0; log.step < 10; ++log.step) s.run_step(log, log.step);
  CHECK(log.entries.empty());
}

TEST_CASE("a timed step adds each phase's time to its entry and the events' to the last",
          "[schedule]") {
  sim::Schedule<Log> s;
  s.phase("a", a).phase("nap", nap).at(1, "napping event", nap);
  Log timed, untimed;
  std::vector<double> seconds(3, 0.0);
  for (timed.step = 0; timed.step < 2; ++timed.step) s.run_step(timed, timed.step, &seconds);
  for (untimed.step = 0; untimed.step < 2; ++untimed.step) s.run_step(untimed, untimed.step);
  CHECK(timed.entries == untimed.entries);  // timing changes nothing else
  // sleep_for sleeps at least as long as asked: two steps of the phase, one event.
  CHECK(seconds[1] >= 0.040);
  CHECK(seconds[2] >= 0.020);
  CHECK(seconds[0] >= 0.0);
  CHECK(seconds[0] < seconds[1]);

  std::vector<double> wrong(2, 0.0);
  CHECK_THROWS_AS(s.run_step(timed, 0, &wrong), std::invalid_argument);
}
