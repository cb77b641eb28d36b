#include "app/stop_signals.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "sim/output_files.hpp"

namespace twinsim::app {
namespace {

std::atomic<bool> g_requested{false};
std::atomic<int> g_signal{0};
struct sigaction g_previous_int {
}, g_previous_term{};

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "signal handlers may only touch lock-free atomics");

void on_signal(int number) {
  if (g_requested.exchange(true)) {
    constexpr char now[] = "\ntwinsim: stopped at once; the runs in flight are lost\n";
    (void)!::write(STDERR_FILENO, now, sizeof now - 1);
    // A file being written is abandoned whole, as after the first signal: nothing half-written
    // is left behind under any name.
    sim::remove_temporaries_now();
    std::_Exit(128 + number);
  }
  g_signal = number;
  constexpr char first[] =
      "\ntwinsim: stopping once the runs in flight have finished (signal again to stop at "
      "once)\n";
  (void)!::write(STDERR_FILENO, first, sizeof first - 1);
}

}  // namespace

StopOnSignals::StopOnSignals() {
  g_requested = false;
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>& StopOnSignals::requested() const {
  return g_requested;
}

int StopOnSignals::signal() const {
  return g_signal;
}

void StopOnSignals::throw_if_requested(const std::string& what) const {
  if (g_requested) throw Interrupted(g_signal, what);
}

}  // namespace twinsim::app
