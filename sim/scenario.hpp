// Scenario files: TOML read strictly against the declared parameters.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace sim {

/// Parses TOML `text` (named `source_name` in messages) into a full set of values: every key must
/// be a declared parameter (tables nest by the dotted key path), of the declared type and in range;
/// missing keys take their defaults. Then applies `overrides`, each "key.path=value" with the value
/// in TOML syntax (a bare word that is not valid TOML is taken as a string), validated the same
/// way. Throws InputError listing every problem with file:line:col, the key, what was expected and,
/// for unknown keys, the nearest declared key.
ParamValues parse_scenario(std::string_view text, std::string_view source_name,
                           const std::vector<ParamSpec>& specs,
                           const std::vector<std::string>& overrides = {});

/// Reads the file at `path` and calls parse_scenario. A missing or unreadable file is an
/// InputError too.
ParamValues load_scenario(const std::filesystem::path& path, const std::vector<ParamSpec>& specs,
                          const std::vector<std::string>& overrides = {});

}  // namespace sim
