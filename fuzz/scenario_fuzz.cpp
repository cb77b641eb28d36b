// Fuzz target: a scenario file and --set overrides, read as `twinsim run/check/compare` read them
// (load_input: the file, TOML, validation against the declared parameters, the model's
// cross-checks).
//
// Input: the scenario's TOML; after a line "#%set", one override (KEY=VALUE) per line.
// Contract: sim::InputError or a valid scenario. A valid scenario must survive what a result file
// does to it: written back as TOML (the `scenario` attribute) it reads again, to the same TOML,
// since `twinsim run OUT.h5` re-runs exactly that text. And the limits' scanner
// (sim/toml_limits.hpp), which bounds a text before toml++ reads it, must read whole every text
// toml++ accepts: where it gives up, toml++ must give up too, or toml++ would read text that was
// never bounded.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "app/commands.hpp"
#include "fuzz/fuzz_support.hpp"
#include "models/parameters.hpp"
#include "sim/params.hpp"
#include "sim/toml_limits.hpp"

using namespace twinsim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_stdout();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view marker = "\n#%set\n";
  const std::size_t split = input.find(marker);
  const std::string_view text = input.substr(0, split);
  std::vector<std::string> overrides;
  if (split != std::string_view::npos) {
    std::string_view rest = input.substr(split + marker.size());
    while (!rest.empty() && overrides.size() < 16) {
      const std::size_t end = rest.find('\n');
      overrides.emplace_back(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }

  bool whole = false;
  if (!sim::toml_limit_problem(text, "input.toml", {}, &whole) && !whole) {
    try {
      (void)toml::parse(text, std::string_view{"input.toml"});
      fuzz::fail("toml++ reads a text the limits' scanner gave up on:\n" + std::string(text));
    } catch (const toml::parse_error&) {
      // Both gave up.
    }
  }

  const std::filesystem::path path = fuzz::scratch() / "input.toml";
  fuzz::write_file(path, text);
  LoadedScenario loaded;
  if (!fuzz::accepts("load_input", [&] { loaded = load_input(path, overrides); })) return 0;
  const std::string written = sim::to_toml(schema().param_set(), loaded.values);
  LoadedScenario again;
  if (!fuzz::accepts("load_text (written back)",
                     [&] { again = load_text(written, "written.toml", {}); }))
    fuzz::fail("a valid scenario, written as TOML, does not read again:\n" + written);
  const std::string rewritten = sim::to_toml(schema().param_set(), again.values);
  if (rewritten != written)
    fuzz::fail("a scenario written, read and written again differs:\n" + written + "\n---\n" +
               rewritten);
  return 0;
}
