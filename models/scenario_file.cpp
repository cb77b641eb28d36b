#include "models/scenario_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <string_view>

#include "io/file_kind.hpp"
#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "sim/input_file.hpp"
#include "sim/scenario.hpp"

namespace twinsim {

namespace {
// An HDF5 file by its name, or by its first bytes (HDF5's signature): OUT.h5.partial, or a file
// renamed, is re-run or refused as what it is, not read as TOML.
bool is_hdf5(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".h5" || ext == ".hdf5") return true;
  constexpr std::string_view kSignature("\x89HDF\r\n\x1a\n", 8);
  char head[kSignature.size()] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(head, sizeof head) && std::string_view(head, sizeof head) == kSignature;
}
// Binds out.values into out.params and runs the model's cross-checks (InputError if any fails).
void bind_checked(LoadedScenario& out) {
  out.params = schema().bind(out.values);
  auto problems = cross_check(out.params, out.values, out.source);
  if (!problems.empty()) throw sim::InputError(std::move(problems));
}
}  // namespace

LoadedScenario load_input(const std::filesystem::path& path,
                          const std::vector<std::string>& overrides) {
  const auto& specs = schema().param_set();
  LoadedScenario out;
  out.source = path.string();
  // Before anything opens it: a FIFO would block that, a device would never end.
  sim::require_regular_file(path, "scenario file");
  if (is_hdf5(path)) {
    // Comparisons and sweeps hold more than one scenario: `run` cannot re-run them.
    try {
      const io::FileKind kind = io::file_kind(path);
      if (kind == io::FileKind::comparison)
        throw sim::InputError(path.string() +
                              ": a comparison written by twinsim compare; its two scenarios are "
                              "in /intervention and /counterfactual (attribute scenario)");
      if (kind == io::FileKind::stress)
        throw sim::InputError(path.string() +
                              ": a stress test written by twinsim stress; its strategies' "
                              "scenarios are in /strategies/<name> (attribute scenario) and "
                              "their conditions in /parameters (docs/stress.md)");
      if (kind == io::FileKind::sweep)
        throw sim::InputError(path.string() +
                              ": a sweep written by twinsim sweep; its experiment file is in the "
                              "root attribute experiment, and run r is twinsim run BASE with the "
                              "values of /parameters (docs/sweeps.md)");
    } catch (const io::h5::Error&) {
      // A damaged file: read_result_meta below says so.
    }
    // Re-run: the file carries the full resolved scenario, seed and replicates included.
    sim::RunSetMeta meta;
    try {
      meta = io::read_result_meta(path);
    } catch (const io::h5::Error& e) {
      // A damaged or foreign file is bad input, not a failure of the simulator.
      throw sim::InputError(std::string(e.what()) + "; expected a TwinSim result file");
    }
    out.values =
        sim::parse_scenario(meta.scenario_toml, path.string() + ":/scenario", specs, overrides);
  } else {
    out.values = sim::load_scenario(path, specs, overrides);
  }
  bind_checked(out);
  return out;
}

LoadedScenario load_text(std::string_view text, const std::string& source,
                         const std::vector<std::string>& overrides) {
  LoadedScenario out;
  out.source = source;
  out.values = sim::parse_scenario(text, source, schema().param_set(), overrides);
  bind_checked(out);
  return out;
}

std::vector<sim::Target> logframe_targets(const Params& p, std::size_t months,
                                          std::vector<std::string>* beyond) {
  std::vector<sim::Target> targets;
  for (const KpiParams& k : p.kpis) {
    const auto month = static_cast<std::size_t>(k.month.value_or(p.horizon_months));
    if (month > months) {
      if (beyond) beyond->push_back(k.name + " (month " + std::to_string(month) + ")");
      continue;
    }
    targets.push_back(
        {k.name, k.metric, month - 1, k.target, k.direction == "at_least", k.baseline});
  }
  return targets;
}

std::vector<std::string> firm_scale_overrides(const Params& p, double scale) {
  std::vector<std::string> out;
  const auto scaled = [scale](std::int64_t n) {
    return std::to_string(std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::llround(static_cast<double>(n) * scale))));
  };
  for (const SectorParams& s : p.sectors) {
    out.push_back("sectors." + s.name + ".firms_south=" + scaled(s.firms_south));
    out.push_back("sectors." + s.name + ".firms_north=" + scaled(s.firms_north));
  }
  return out;
}

}  // namespace twinsim
