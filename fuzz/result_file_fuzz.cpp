// Fuzz target: any bytes as a file TwinSim reads back, through the code paths of
// `twinsim analyze FILE` (every kind: run, compare, sweep, stress, OUT.h5.partial) and of
// `twinsim run FILE.h5` (re-running the scenario a result file holds).
//
// Input: the file's bytes (the seeds are small files written by twinsim run, compare, sweep and
// stress). Contract: sim::InputError, or the file is read and analysed.
// Byte-level mutation mostly exercises HDF5's own parsing; hdf5_structure_fuzz builds valid HDF5
// files whose content is hostile instead.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/commands.hpp"
#include "fuzz/fuzz_support.hpp"

using namespace twinsim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_stdout();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = fuzz::scratch() / "input.h5";
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
  app::AnalyzeOptions analyze;
  analyze.file = path.string();
  fuzz::accepts("analyze", [&] { app::analyze_command(analyze); });
  fuzz::accepts("load_input (re-run)", [&] { load_input(path, {}); });
  return 0;
}
