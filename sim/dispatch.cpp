#include "sim/dispatch.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "sim/mpi_impl.hpp"

namespace sim {
namespace {

using Clock = std::chrono::steady_clock;

RunOutcome run_one(std::size_t r, const Dispatch& d) {
  RunOutcome outcome;
  outcome.run = r;
  try {
    outcome.values = d.compute(r);
  } catch (const std::exception& e) {
    outcome.values.clear();
    outcome.failure = e.what();
    if (outcome.failure.empty()) outcome.failure = "failed without a message";
  }
  return outcome;
}

// The next run to hand out, shared by this process's threads and (on rank 0) the ranks it serves;
// nothing once every run is out or a stop was asked for.
class Source {
 public:
  Source(std::span<const std::size_t> todo, const std::atomic<bool>* stop)
      : todo_(todo), stop_(stop) {}
  std::optional<std::size_t> take() {
    if (stop_ != nullptr && stop_->load()) return std::nullopt;
    const std::size_t i = next_++;
    if (i >= todo_.size()) return std::nullopt;
    return todo_[i];
  }
  // Runs not handed out yet.
  std::size_t remaining() const {
    const std::size_t handed = next_.load();
    return handed >= todo_.size() ? 0 : todo_.size() - handed;
  }

 private:
  std::span<const std::size_t> todo_;
  const std::atomic<bool>* stop_;
  std::atomic<std::size_t> next_{0};
};

// Threads of this process computing runs from a Source; their outcomes wait in a queue until the
// calling thread collects them.
class LocalWorkers {
 public:
  LocalWorkers(unsigned threads, Source& source, const Dispatch& d) : running_(threads) {
    pool_.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
      try {
        pool_.emplace_back([this, &source, &d] {
          while (const auto r = source.take()) {
            RunOutcome outcome = run_one(*r, d);
            std::lock_guard lock(mutex_);
            done_.push_back(std::move(outcome));
            ready_.notify_one();
          }
          std::lock_guard lock(mutex_);
          --running_;
          ready_.notify_one();
        });
      } catch (const std::system_error& e) {
        // The system gives no more threads (a limit on processes): the runs go on, on the threads
        // that started, with the same results; without any, this is an error, not a crash.
        if (t == 0)
          throw std::runtime_error(std::string("cannot start a worker thread (") + e.what() + ")");
        std::lock_guard lock(mutex_);
        running_ -= threads - t;
        break;
      }
    }
  }
  ~LocalWorkers() {
    for (std::thread& t : pool_) t.join();
  }
  LocalWorkers(const LocalWorkers&) = delete;
  LocalWorkers& operator=(const LocalWorkers&) = delete;

  // Moves finished outcomes into `out`, waiting up to `wait` for one when none is ready. Returns
  // false once every thread has stopped and nothing is left.
  bool collect(std::vector<RunOutcome>& out, Clock::duration wait) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, wait, [this] { return !done_.empty() || running_ == 0; });
    for (RunOutcome& o : done_) out.push_back(std::move(o));
    done_.clear();
    return running_ > 0;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<RunOutcome> done_;
  unsigned running_;
  std::vector<std::thread> pool_;
};

#if TWINSIM_HAVE_MPI
namespace bm = boost::mpi;

// Messages between ranks: a worker says it is ready, rank 0 sends a run index (-1: no more), the
// worker sends back the outcome, packed as bytes: run, number of values, length of the failure
// reason, the values, the reason.
enum Tag : int { kReady = 1, kWork = 2, kResult = 3 };
constexpr std::int64_t kNoMore = -1;
// Runs a worker holds at once: one computing and one waiting, so that it never waits for rank 0,
// while many runs are left; one near the end, so that no rank idles while another holds two.
int depth(std::size_t remaining, int ranks) {
  return remaining > 2 * static_cast<std::size_t>(ranks) ? 2 : 1;
}

std::vector<char> pack(const RunOutcome& o) {
  const std::uint64_t head[3] = {o.run, o.values.size(), o.failure.size()};
  std::vector<char> bytes(sizeof head + o.values.size() * sizeof(double) + o.failure.size());
  char* at = bytes.data();
  std::memcpy(at, head, sizeof head);
  at += sizeof head;
  if (!o.values.empty()) std::memcpy(at, o.values.data(), o.values.size() * sizeof(double));
  at += o.values.size() * sizeof(double);
  if (!o.failure.empty()) std::memcpy(at, o.failure.data(), o.failure.size());
  return bytes;
}

RunOutcome unpack(const std::vector<char>& bytes) {
  std::uint64_t head[3];
  if (bytes.size() < sizeof head) throw std::runtime_error("MPI: a truncated result message");
  std::memcpy(head, bytes.data(), sizeof head);
  if (bytes.size() != sizeof head + head[1] * sizeof(double) + head[2])
    throw std::runtime_error("MPI: a result message of the wrong size");
  RunOutcome o;
  o.run = head[0];
  o.values.resize(head[1]);
  const char* at = bytes.data() + sizeof head;
  if (head[1] > 0) std::memcpy(o.values.data(), at, head[1] * sizeof(double));
  o.failure.assign(at + head[1] * sizeof(double), head[2]);
  return o;
}

// A rank other than 0: computes what rank 0 sends until it says there is no more.
void serve_as_worker(const bm::communicator& world, const Dispatch& d) {
  world.send(0, kReady);
  for (;;) {
    std::int64_t r = kNoMore;
    world.recv(0, kWork, r);
    if (r == kNoMore) return;
    const std::vector<char> bytes = pack(run_one(static_cast<std::size_t>(r), d));
    world.send(0, kResult, bytes.data(), static_cast<int>(bytes.size()));
  }
}

// Rank 0's side of the other ranks: answers every message waiting, handing out runs.
class Remotes {
 public:
  Remotes(const bm::communicator& world, Source& source)
      : world_(world),
        source_(source),
        held_(static_cast<std::size_t>(world.size()), 0),
        released_(static_cast<std::size_t>(world.size()), false),
        finished_(static_cast<std::size_t>(world.size()), false),
        active_(world.size() - 1) {}
  bool active() const { return active_ > 0; }

  // Handles the messages that have arrived; finished runs go to `out`.
  void poll(std::vector<RunOutcome>& out) {
    while (const auto status = world_.iprobe(bm::any_source, bm::any_tag)) {
      const int from = status->source();
      if (status->tag() == kResult) {
        std::vector<char> bytes(static_cast<std::size_t>(status->count<char>().value_or(0)));
        world_.recv(from, kResult, bytes.data(), static_cast<int>(bytes.size()));
        out.push_back(unpack(bytes));
        --held_[static_cast<std::size_t>(from)];
      } else {
        world_.recv(from, status->tag());
      }
      hand_out(from);
    }
  }

 private:
  // Tops rank `to` up to the depth it should hold.
  void hand_out(int to) {
    const auto w = static_cast<std::size_t>(to);
    while (!released_[w] && held_[w] < depth(source_.remaining(), world_.size())) {
      const auto r = source_.take();
      const std::int64_t message = r ? static_cast<std::int64_t>(*r) : kNoMore;
      world_.send(to, kWork, message);
      if (r) {
        ++held_[w];
      } else {
        released_[w] = true;
      }
    }
    if (released_[w] && held_[w] == 0 && !finished_[w]) {
      finished_[w] = true;
      --active_;
    }
  }

  const bm::communicator& world_;
  Source& source_;
  std::vector<int> held_;
  std::vector<bool> released_;
  std::vector<bool> finished_;
  int active_ = 0;
};
#endif

}  // namespace

std::size_t dispatch_runs(std::span<const std::size_t> todo, const Dispatch& d,
                          const mpi::Job* job) {
  if (d.threads < 1) throw std::invalid_argument("dispatch_runs: at least one thread");
#if TWINSIM_HAVE_MPI
  const bool distributed = job != nullptr && job->size() > 1;
  if (distributed && job->rank() != 0) {
    serve_as_worker(job->impl().world, d);
    return 0;
  }
#else
  (void)job;
  const bool distributed = false;
#endif
  Source source(todo, d.stop);
  std::size_t delivered = 0;
  std::vector<RunOutcome> finished;
  auto next_tick = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(d.tick_seconds));
  auto hand_over = [&] {
    for (RunOutcome& o : finished) {
      d.deliver(std::move(o));
      ++delivered;
      if (d.progress) d.progress->advance();
    }
    finished.clear();
    if (Clock::now() >= next_tick) {
      if (d.tick) d.tick();
      next_tick = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(d.tick_seconds));
    }
  };
  {
    LocalWorkers local(d.threads, source, d);
#if TWINSIM_HAVE_MPI
    std::optional<Remotes> remotes;
    if (distributed) remotes.emplace(job->impl().world, source);
#endif
    for (;;) {
      bool remote_active = false;
#if TWINSIM_HAVE_MPI
      if (remotes) {
        remotes->poll(finished);
        remote_active = remotes->active();
      }
#endif
      // Between polls of the other ranks, wait briefly; alone, wait until the next tick at most.
      // (With ticks after every delivery, tick_seconds = 0, alone it waits for the next result.)
      const Clock::duration wait = distributed ? Clock::duration(std::chrono::milliseconds(1))
                                   : d.tick_seconds > 0
                                       ? std::max(Clock::duration::zero(), next_tick - Clock::now())
                                       : Clock::duration(std::chrono::milliseconds(100));
      const bool local_active = local.collect(finished, wait);
      hand_over();
      if (!local_active && !remote_active) break;
    }
  }
  if (d.tick) d.tick();
  return delivered;
}

}  // namespace sim
