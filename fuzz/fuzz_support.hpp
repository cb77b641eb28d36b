// What the fuzz targets share (fuzz/README.md): a scratch folder, the data files, and the contract
// every target checks: bad input ends as sim::InputError (exit status 2 on the command line);
// anything else escaping TwinSim's code is a bug that the target turns into a crash libFuzzer
// reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "sim/error.hpp"

namespace twinsim::fuzz {

/// This process's own folder under $TMPDIR (or /tmp), made on first use and removed at exit.
const std::filesystem::path& scratch();

/// fuzz/data in the source tree: the tiny scenarios and experiments the targets build on.
std::filesystem::path data_dir();

/// Copies fuzz/data/`name` into scratch() and returns where it is now.
std::filesystem::path copy_data(const std::string& name);

/// Writes `bytes` to `path`, replacing it.
void write_file(const std::filesystem::path& path, std::string_view bytes);

/// What the commands print goes to /dev/null: libFuzzer's own reports are on stderr.
void quiet_stdout();

/// The input as text, cut into sections at lines "#%file NAME" (a TOML comment, so a section is
/// still a valid file): the first section is what comes before any such line; each named section
/// is a further file. Names other than [a-z0-9_]{1,64}.toml are dropped.
struct Sections {
  std::string main;
  std::vector<std::pair<std::string, std::string>> files;  // {name, text}
};
Sections split_sections(std::string_view text);

/// Writes each section file into scratch(), except those named like a data file or input.toml;
/// returns their paths, to be removed with remove_all.
std::vector<std::filesystem::path> write_sections(const Sections& s);
void remove_all(const std::vector<std::filesystem::path>& paths);

/// Runs `f`. Returns true when it returned, false when it refused the input with sim::InputError.
/// Any other exception is a bug: prints its type and message and aborts, so libFuzzer keeps the
/// input as a crash.
template <class F>
bool accepts(const char* what, F&& f) {
  try {
    f();
    return true;
  } catch (const sim::InputError&) {
    return false;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\n==twinsim-fuzz== %s: uncaught %s: %s\n", what, typeid(e).name(),
                 e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "\n==twinsim-fuzz== %s: uncaught exception of unknown type\n", what);
    std::abort();
  }
}

/// Stops the target: an invariant that must hold for every input does not.
[[noreturn]] void fail(const std::string& what);

/// The number of design points an experiment or uncertainties file of `text` asks for (times
/// `per_point`, the strategies of a stress test), or 0 when it does not parse. The targets skip
/// large designs: a sweep of a million points is slow, not wrong.
double design_points(std::string_view text, bool stress, std::size_t per_point);

}  // namespace twinsim::fuzz
