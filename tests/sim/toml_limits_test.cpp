#include "sim/toml_limits.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace {

// "line:col: message" of the first limit `text` breaks, or "" when it breaks none.
std::string problem(const std::string& text, const sim::TomlLimits& limits = {}) {
  const auto d = sim::toml_limit_problem(text, "t.toml", limits);
  if (!d) return "";
  CHECK(d->file == "t.toml");
  return std::to_string(d->line) + ":" + std::to_string(d->column) + ": " + d->message;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A key of `parts` dotted parts: a.a.a
std::string dotted(std::size_t parts) {
  return "a" + repeat(".a", parts - 1);
}

// The diagnostics parse_scenario gives `text`, one per line.
std::string scenario_errors(const std::string& text,
                            const std::vector<std::string>& overrides = {}) {
  const std::vector<sim::ParamSpec> specs = {sim::integer("a", 1).help("A key"),
                                             sim::real_list("x", {}).help("A list")};
  try {
    sim::parse_scenario(text, "t.toml", specs, overrides);
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a key or table header of too many dotted parts is refused at its place",
          "[toml_limits]") {
  CHECK(problem(dotted(64) + " = 1\n").empty());
  CHECK(problem("\n  " + dotted(65) + " = 1\n") == "2:3: a key of 65 dotted parts; at most 64");
  CHECK(problem(dotted(40000) + " = 1\n") == "1:1: a key of 40000 dotted parts; at most 64");
  CHECK(problem("[" + dotted(65) + "]\n") == "1:2: a table header of 65 dotted parts; at most 64");
  CHECK(problem("[[ " + dotted(65) + " ]]\n") ==
        "1:4: a table header of 65 dotted parts; at most 64");
  // Blanks around the dots, and quoted parts, are parts too.
  CHECK(problem(repeat("a . ", 64) + "'b' = 1\n") == "1:1: a key of 65 dotted parts; at most 64");
  // In an inline table.
  CHECK(problem("t = { " + dotted(65) + " = 1 }\n") == "1:7: a key of 65 dotted parts; at most 64");
}

TEST_CASE("a key longer than the limit is refused", "[toml_limits]") {
  CHECK(problem(std::string(1024, 'k') + " = 1\n").empty());
  CHECK(problem(std::string(1025, 'k') + " = 1\n") == "1:1: a key of 1025 bytes; at most 1024");
  CHECK(problem("\"" + std::string(1030, 'k') + "\" = 1\n") ==
        "1:1: a key of 1032 bytes; at most 1024");
  CHECK(problem("[" + std::string(2000, 'k') + "]\n") ==
        "1:2: a table header of 2000 bytes; at most 1024");
  // A long string value is not a key.
  CHECK(problem("k = \"" + std::string(100000, 'v') + "\"\n").empty());
}

TEST_CASE("lists and tables nested too deep are refused at the bracket that goes too deep",
          "[toml_limits]") {
  // x is 1 deep; its list's elements 2; 63 brackets put the innermost elements 64 deep.
  CHECK(problem("x = " + repeat("[", 63) + repeat("]", 63) + "\n").empty());
  CHECK(problem("x = " + repeat("[", 64) + repeat("]", 64) + "\n") ==
        "1:68: tables and lists nested 65 deep; at most 64");
  CHECK(problem("x = " + repeat("[", 100000)) ==
        "1:68: tables and lists nested 65 deep; at most 64");
  CHECK(problem("x = " + repeat("{a=", 63) + "1" + repeat("}", 63) + "\n").empty());
  CHECK(problem("x = " + repeat("{a=", 64) + "1" + repeat("}", 64) + "\n") ==
        "1:194: tables and lists nested 65 deep; at most 64");
  // Across lines, and with comments between the elements.
  CHECK(problem("x = [\n" + repeat("[ # [\n", 63) + "]\n") ==
        "64:1: tables and lists nested 65 deep; at most 64");
  // Dotted parts count: a table header 40 deep and a key 25 deep put its value 65 deep.
  CHECK(problem("[" + dotted(40) + "]\n" + dotted(24) + " = 1\n").empty());
  CHECK(problem("[" + dotted(40) + "]\n" + dotted(25) + " = 1\n") ==
        "2:1: tables and lists nested 65 deep; at most 64");
  // An array of tables is a list too.
  CHECK(problem("[[" + dotted(64) + "]]\n") == "1:3: tables and lists nested 65 deep; at most 64");
  // Inline tables of dotted keys, in lists.
  CHECK(problem("x = [{" + dotted(62) + " = 1}]\n").empty());
  CHECK(problem("x = [{" + dotted(63) + " = 1}]\n") ==
        "1:7: tables and lists nested 65 deep; at most 64");
}

TEST_CASE("keys, tables and list elements are counted together", "[toml_limits]") {
  sim::TomlLimits small;
  small.max_entries = 5;
  CHECK(problem("a = 1\n[t]\nb = [1, 2]\n", small).empty());  // a, t, b, 1, 2
  CHECK(problem("a = 1\n[t]\nb = [1, 2, 3]\n", small) ==
        "3:12: more than 5 keys, tables and list elements; at most 5");
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "k" + std::to_string(i) + " = 1\n";
  CHECK(problem(many).empty());
  CHECK(problem(many + "z = 2\n") ==
        "100001:1: more than 100000 keys, tables and list elements; at most 100000");
  CHECK(problem("x = [" + repeat("0,", 100001) + "]\n") ==
        "1:200004: more than 100000 keys, tables and list elements; at most 100000");
}

TEST_CASE("a text larger than the limit is refused", "[toml_limits]") {
  sim::TomlLimits small;
  small.max_bytes = 100;
  CHECK(problem(std::string(100, '#'), small).empty());
  CHECK(problem(std::string(101, '#'), small) == "1:1: a text of 101 bytes; at most 100 bytes");
}

TEST_CASE("brackets, dots and quotes inside strings and comments count for nothing",
          "[toml_limits]") {
  const std::string deep = repeat("[", 100) + repeat("{a.", 100) + repeat(".", 100);
  CHECK(problem("s = \"" + deep + "\\\" " + deep + "\"\n").empty());
  CHECK(problem("s = '" + deep + "\\'\n").empty());  // no escapes in a literal string
  CHECK(problem("s = \"\"\"\n" + deep + "\n\\\"\"\"" + deep + "\n\"\"\"\n").empty());
  CHECK(problem("s = '''\n" + deep + "\n\"\"\"''" + deep + "\n'''\n").empty());
  CHECK(problem("# " + deep + "\nx = [1, # " + deep + "\n 2]\n").empty());
  // A quoted key holding dots is one part: 64 parts, not 130.
  CHECK(problem(dotted(63) + ".\"" + repeat(".", 66) + "\" = 1\n").empty());
  // Up to two quotes end a multi-line string's content: the line after it is read as keys.
  CHECK(problem("s = \"\"\"a\"\"\"\"\"\n" + dotted(65) + " = 1\n") ==
        "2:1: a key of 65 dotted parts; at most 64");
  CHECK(problem("s = '''a'''''\n" + dotted(65) + " = 1\n") ==
        "2:1: a key of 65 dotted parts; at most 64");
  // Lines and columns: characters, not bytes, after a string spanning lines.
  CHECK(problem("s = \"\"\"\n\xc3\xa9[[[\n\"\"\" \n  x = \"\xc3\xa9\" \n" + dotted(65) +
                " = 1\n") == "5:1: a key of 65 dotted parts; at most 64");
  CHECK(problem("x = [\"\xc3\xa9\xc3\xa9\", {" + dotted(65) + " = 1}]\n") ==
        "1:13: a key of 65 dotted parts; at most 64");
}

TEST_CASE("every TOML file of the repository is read whole and within the limits",
          "[toml_limits]") {
  std::size_t files = 0;
  for (const char* folder : {"scenarios", "tests", "fuzz/data", "bench"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::string(TWINSIM_SOURCE_DIR) + "/" + folder)) {
      if (entry.path().extension() != ".toml") continue;
      const std::string name = entry.path().string();
      // Broken on purpose: read up to its mistake.
      if (name.find("syntax_error") != std::string::npos) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      bool whole = false;
      INFO(name);
      CHECK_FALSE(sim::toml_limit_problem(text.str(), name, {}, &whole));
      CHECK(whole);
      ++files;
    }
  }
  CHECK(files > 30);
}

TEST_CASE("a scenario beyond the limits is refused before toml++ reads it", "[toml_limits]") {
  // Each of these overflowed the stack inside toml++ (exit 139).
  CHECK(scenario_errors(dotted(40000) + " = 1\n") ==
        "t.toml:1:1: a key of 40000 dotted parts; at most 64");
  CHECK(scenario_errors("[" + dotted(40000) + "]\n") ==
        "t.toml:1:2: a table header of 40000 dotted parts; at most 64");
  // Within the limits, toml++ reads it and the scenario's own checks speak.
  CHECK(scenario_errors(dotted(64) + " = 1\n") ==
        "t.toml:1:1: a: expected an integer, got a table");
  CHECK(scenario_errors("x = " + repeat("[", 63) + repeat("]", 63) + "\n") ==
        "t.toml:1:6: x: element 1: expected a number, got a list (" + repeat("[", 37) + "...)");
}

TEST_CASE("an override beyond the limits is refused at its place in --set", "[toml_limits]") {
  CHECK(scenario_errors("", {"x=" + repeat("[", 100) + repeat("]", 100)}) ==
        "--set:1:66: x: tables and lists nested 65 deep; at most 64");
  CHECK(scenario_errors("", {dotted(65) + "=1"}) ==
        "--set:1:1: a key of 65 dotted parts; at most 64");
  CHECK(scenario_errors("", {" " + std::string(1025, 'k') + "=1"}) ==
        "--set:1:2: a key of 1025 bytes; at most 1024");
}
