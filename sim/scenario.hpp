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
/// missing keys take their defaults (optional parameters: not set). Each collection's table holds
/// its instances, `[sectors.<name>]` with name [a-z][a-z0-9_]*, kept in file order and each field
/// checked like a parameter; a file that writes the collection's table (even empty) replaces the
/// default instances, one that does not keeps them; the count must lie in the declared bounds.
/// Then applies `overrides`, each "key.path=value" with the value in TOML syntax (a bare word that
/// is not valid TOML is taken as a string, so lists are TOML only: `key=["a", "b"]`, and a bare
/// `key=a,b` for a list of strings is a type error showing that form), validated the same way;
/// "sectors.<name>.<field>=v" sets a field of an existing instance. A list of strings must not
/// repeat an element; each value's place, and each list element's place, is recorded. Throws
/// InputError listing every problem with file:line:col, the key, what was expected and, for unknown
/// keys, the nearest declared key. The text and each override's key and value are first held to
/// the limits of sim/toml_limits.hpp (beyond them, toml++ does not see the text).
ParamValues parse_scenario(std::string_view text, std::string_view source_name, const ParamSet& set,
                           const std::vector<std::string>& overrides = {});
/// Same, for parameters without collections.
ParamValues parse_scenario(std::string_view text, std::string_view source_name,
                           const std::vector<ParamSpec>& specs,
                           const std::vector<std::string>& overrides = {});

/// Reads the file at `path` (sim::read_input_file) and calls parse_scenario. A missing or
/// unreadable file, what is not a regular file (a FIFO, a device: refused without blocking) and a
/// file of more than 16 MiB are an InputError too.
ParamValues load_scenario(const std::filesystem::path& path, const ParamSet& set,
                          const std::vector<std::string>& overrides = {});
/// Same, for parameters without collections.
ParamValues load_scenario(const std::filesystem::path& path, const std::vector<ParamSpec>& specs,
                          const std::vector<std::string>& overrides = {});

}  // namespace sim
