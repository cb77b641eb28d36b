#include "fuzz/fuzz_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <system_error>
#include <variant>

#include "models/experiment.hpp"
#include "sim/scenario.hpp"

namespace twinsim::fuzz {
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path path;
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/twinsim-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) fail("cannot make a scratch folder " + pattern);
    path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// A name a file can have on every file system (at most 255 bytes; a longer one made checking it
// with std::filesystem throw, once inputs could be long).
bool valid_name(const std::string& name) {
  const std::string suffix = ".toml";
  if (name.size() <= suffix.size() || name.size() > 64 + suffix.size() ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  return std::all_of(
      name.begin(), name.end() - static_cast<std::ptrdiff_t>(suffix.size()),
      [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

const fs::path& scratch() {
  static const Scratch s;
  return s.path;
}

fs::path data_dir() {
  return TWINSIM_FUZZ_DATA;
}

fs::path copy_data(const std::string& name) {
  const fs::path to = scratch() / name;
  fs::copy_file(data_dir() / name, to, fs::copy_options::overwrite_existing);
  return to;
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) fail("cannot write " + path.string());
}

void quiet_stdout() {
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) {
    std::fflush(stdout);
    ::dup2(null, STDOUT_FILENO);
    ::close(null);
  }
}

Sections split_sections(std::string_view text) {
  Sections s;
  const std::string_view marker = "#%file ";
  std::string* current = &s.main;
  bool keep = true;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(begin, end - begin);
    if (line.substr(0, marker.size()) == marker) {
      std::string name(line.substr(marker.size()));
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r' || name.back() == ' '))
        name.pop_back();
      keep = valid_name(name) && s.files.size() < 4;
      if (keep) {
        s.files.push_back({name, {}});
        current = &s.files.back().second;
      }
    } else if (keep) {
      current->append(line);
    }
    begin = end;
  }
  return s;
}

std::vector<fs::path> write_sections(const Sections& s) {
  std::vector<fs::path> paths;
  for (const auto& [name, text] : s.files) {
    // The data files stay as they are for the next input; input.toml is the main section's.
    if (name == "input.toml" || fs::exists(data_dir() / name)) continue;
    paths.push_back(scratch() / name);
    write_file(paths.back(), text);
  }
  return paths;
}

void remove_all(const std::vector<fs::path>& paths) {
  std::error_code ignored;
  for (const fs::path& p : paths) fs::remove(p, ignored);
}

void fail(const std::string& what) {
  std::fprintf(stderr, "\n==twinsim-fuzz== %s\n", what.c_str());
  std::abort();
}

double design_points(std::string_view text, bool stress, std::size_t per_point) {
  const sim::ParamSet& set = stress ? uncertainties_set() : experiment_set();
  sim::ParamValues v;
  try {
    v = sim::parse_scenario(text, "design", set);
  } catch (const sim::InputError&) {
    return 0;
  }
  const auto design = std::get<std::string>(v[*sim::find_param(set, "design")]);
  const auto samples =
      static_cast<double>(std::get<std::int64_t>(v[*sim::find_param(set, "samples")]));
  const auto& varied = v.instances(*sim::find_collection(set, "vary"));
  const auto k = static_cast<double>(varied.size());
  double points = samples;
  if (design == "grid") {
    points = 1;
    for (const sim::Instance& inst : varied)
      points *= std::max<double>(
          1, static_cast<double>(std::get<std::vector<double>>(inst.values[1]).size()));
  } else if (design == "saltelli") {
    points = samples * (k + 2);
  } else if (design == "morris") {
    points = samples * (k + 1);
  }
  return points * static_cast<double>(per_point);
}

}  // namespace twinsim::fuzz
