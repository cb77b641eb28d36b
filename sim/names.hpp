// The forms of the names TwinSim reads back from its files and then uses to name HDF5 objects and
// files (a figure is "trajectory_" + a metric's name): a file someone sent may hold any text there.
#pragma once

#include <string>
#include <string_view>

namespace sim {

/// Whether `name` has the form TwinSim gives metrics, KPIs, varied parameters and panels: one or
/// more of [a-z0-9_].
bool is_snake_name(std::string_view name);

/// Whether `name` can only name a file inside a folder: 1 to 200 characters of [A-Za-z0-9_.-],
/// the first a letter, a digit or '_' (so never a path, "..", a hidden file or an option).
bool is_plain_file_name(std::string_view name);

/// Throws InputError "<file>: <object> holds <name>, expected a name of [a-z0-9_]+" (the name
/// written as a TOML string, control characters escaped) unless is_snake_name(name).
void require_snake_name(std::string_view name, const std::string& file, const std::string& object);

/// The same for is_plain_file_name.
void require_plain_file_name(std::string_view name, const std::string& file,
                             const std::string& object);

}  // namespace sim
