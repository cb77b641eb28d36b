// Fuzz target: the uncertainties file of a stress test, read with its strategies as
// `twinsim stress` reads them (load_stress: every varied key against every strategy, the
// `set` list applied to each, the design crossed with the strategies).
//
// Input: the uncertainties file's TOML; sections after lines "#%file NAME.toml" are the strategy
// scenarios (fuzz/data's strategy_a.toml and strategy_b.toml when there are none).
// Contract: sim::InputError or a stress test with a scenario for every condition and strategy.
// Designs of more than kMaxPoints runs per replicate are skipped: large, not wrong.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "models/experiment.hpp"

using namespace twinsim;

namespace {
constexpr double kMaxPoints = 64;
std::vector<std::filesystem::path> default_strategies;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_stdout();
  default_strategies = {fuzz::copy_data("strategy_a.toml"), fuzz::copy_data("strategy_b.toml")};
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Sections sections =
      fuzz::split_sections(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto path = fuzz::scratch() / "input.toml";
  fuzz::write_file(path, sections.main);
  const auto files = fuzz::write_sections(sections);
  const std::vector<std::filesystem::path>& strategies = files.empty() ? default_strategies : files;
  if (fuzz::design_points(sections.main, true, strategies.size()) <= kMaxPoints) {
    fuzz::accepts("load_stress", [&] {
      const Experiment e = load_stress(strategies, path);
      if (e.point_params.size() != e.points.size() ||
          e.points.size() != e.conditions() * e.strategies.size())
        fuzz::fail("a stress test without a scenario for every condition and strategy");
    });
  }
  fuzz::remove_all(files);
  return 0;
}
