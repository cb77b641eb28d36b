#include "sim/names.hpp"

#include <algorithm>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace sim {
namespace {

// ASCII only, on purpose: these names become file names on every file system and HDF5 link names,
// and a byte outside ASCII may not even be UTF-8 in a damaged file.
bool lower_digit_or_underscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

void refuse(std::string_view name, const std::string& file, const std::string& object,
            const char* form) {
  throw InputError(file + ": " + object + " holds " + to_toml(std::string(name)) + ", expected " +
                   form + " (a damaged file, or not TwinSim's)");
}

}  // namespace

bool is_snake_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), lower_digit_or_underscore);
}

bool is_plain_file_name(std::string_view name) {
  // 200 leaves room for the suffixes a figure adds (".png.tmp") under the usual 255-byte limit.
  if (name.empty() || name.size() > 200 || name.front() == '.' || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return lower_digit_or_underscore(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-';
  });
}

void require_snake_name(std::string_view name, const std::string& file, const std::string& object) {
  if (!is_snake_name(name)) refuse(name, file, object, "a name of [a-z0-9_]+");
}

void require_plain_file_name(std::string_view name, const std::string& file,
                             const std::string& object) {
  if (!is_plain_file_name(name))
    refuse(name, file, object,
           "a plain file name (up to 200 of A-Z a-z 0-9 _ - ., not starting with . or -)");
}

}  // namespace sim
