#include "models/model.hpp"

#include <chrono>
#include <vector>

#include "models/invariants.hpp"
#include "models/observables.hpp"
#include "models/schedule.hpp"

namespace twinsim {

ModelRun::ModelRun(const Params& p, std::uint64_t seed, std::uint64_t run,
                   const Recording& recording)
    : params_(p),
      streams_(seed, run),
      months_(static_cast<std::size_t>(p.horizon_months)),
      record_{sim::Recorder(metric_specs(), months_), {}},
      row_(metric_specs().size()),
      schedule_(build_schedule(params_, recording.check_invariants || kDebugBuild)),
      ctx_{params_, streams_, world_},
      check_(recording.check_invariants || kDebugBuild) {
  if (recording.firm_panel_every > 0)
    record_.panels.emplace_back("firms", firm_panel_variables(), recording.firm_panel_every,
                                months_);
  init_world(world_, params_, streams_);
}

void ModelRun::time_phases() {
  part_seconds_.assign(schedule_.phase_names().size() + 2, 0.0);
}

std::vector<std::string> ModelRun::timed_parts() const {
  std::vector<std::string> names = schedule_.phase_names();
  names.emplace_back("events");
  names.emplace_back("metrics");
  return names;
}

void ModelRun::step(std::size_t month) {
  ctx_.month = static_cast<std::uint32_t>(month);
  if (part_seconds_.empty()) {
    schedule_.run_step(ctx_, static_cast<std::int64_t>(month));
    observe(world_, row_);
  } else {
    const double metrics = part_seconds_.back();
    part_seconds_.pop_back();  // the schedule fills the phases and the events
    schedule_.run_step(ctx_, static_cast<std::int64_t>(month), &part_seconds_);
    const auto start = std::chrono::steady_clock::now();
    observe(world_, row_);
    part_seconds_.push_back(
        metrics + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (check_) check_metrics(ctx_.month, row_, metric_specs());
  record_.series.record(month, row_);
  if (!record_.panels.empty() && record_.panels.front().due(month))
    record_firm_panel(world_, month, record_.panels.front());
}

sim::RunRecord simulate_recorded(const Params& p, std::uint64_t seed, std::uint64_t run,
                                 const Recording& recording) {
  ModelRun model(p, seed, run, recording);
  for (std::size_t m = 0; m < model.months(); ++m) model.step(m);
  return model.take_record();
}

sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run) {
  return simulate_recorded(p, seed, run, {}).series;
}

}  // namespace twinsim
