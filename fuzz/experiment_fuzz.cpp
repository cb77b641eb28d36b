// Fuzz target: an experiment file, read as `twinsim sweep` reads it (load_experiment: the
// file, its base scenario, every varied key against the base, the design and every point's
// scenario).
//
// Input: the experiment's TOML; sections after a line "#%file NAME.toml" are further files beside
// it (a base scenario of its own: base = "NAME.toml"). fuzz/data's tiny.toml is there too.
// Contract: sim::InputError or an experiment whose points all bind. Designs of more than
// kMaxPoints points are skipped: large, not wrong.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "models/experiment.hpp"

using namespace twinsim;

namespace {
constexpr double kMaxPoints = 64;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_stdout();
  fuzz::copy_data("tiny.toml");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Sections sections =
      fuzz::split_sections(std::string_view(reinterpret_cast<const char*>(data), size));
  if (fuzz::design_points(sections.main, false, 1) > kMaxPoints) return 0;
  const auto path = fuzz::scratch() / "input.toml";
  fuzz::write_file(path, sections.main);
  const auto files = fuzz::write_sections(sections);
  fuzz::accepts("load_experiment", [&] {
    const Experiment e = load_experiment(path);
    if (e.point_params.size() != e.points.size())
      fuzz::fail("an experiment with a scenario for each of fewer points than its design has");
  });
  fuzz::remove_all(files);
  return 0;
}
