// Files built into the binary (generated at build time by cmake/embed.cmake): the classroom page
// and the teaching scenarios, so that `twinsim serve` needs no file at run time.
#pragma once

#include <span>
#include <string_view>

namespace twinsim::app {

struct EmbeddedFile {
  std::string_view name;  // the file's name in its folder: "index.html", "declining_market.toml"
  std::string_view text;
};

/// web/assets/*: the classroom page.
std::span<const EmbeddedFile> page_files();
/// scenarios/teaching/*.toml, in name order.
std::span<const EmbeddedFile> teaching_scenario_files();

}  // namespace twinsim::app
