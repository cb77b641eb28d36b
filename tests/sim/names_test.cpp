// The forms of names read back from files (sim/names.hpp).
#include "sim/names.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "sim/error.hpp"

using namespace sim;

TEST_CASE("a snake name is one or more of [a-z0-9_]", "[names]") {
  for (const char* good : {"jobs_south", "x", "_", "links_2"}) CHECK(is_snake_name(good));
  for (const char* bad : {"", "Jobs", "a-b", "a.b", "a b", "a/b", "..", "a\nb", "caf\xc3\xa9"})
    CHECK_FALSE(is_snake_name(bad));
}

TEST_CASE("a plain file name can only name a file in its folder", "[names]") {
  for (const char* good : {"fast_track", "Plan-A.v2", "2026", "_x", "a..b"})
    CHECK(is_plain_file_name(good));
  for (const char* bad : {"", ".", "..", ".hidden", "-rf", "a/b", "../x", "a b", "a'b", "a\nb",
                          "a\\b", "a`b`", "caf\xc3\xa9"})
    CHECK_FALSE(is_plain_file_name(bad));
  CHECK_FALSE(is_plain_file_name(std::string("a\0b", 3)));
  CHECK(is_plain_file_name(std::string(200, 'a')));
  CHECK_FALSE(is_plain_file_name(std::string(201, 'a')));
}

TEST_CASE("a name of the wrong form is bad input naming the file, the object and the form",
          "[names]") {
  CHECK_NOTHROW(require_snake_name("jobs_south", "run.h5", "attribute metrics of /"));
  CHECK_THROWS_WITH(require_snake_name("../x\n\x1b[2J", "run.h5", "attribute metrics of /"),
                    Catch::Contains("run.h5: attribute metrics of / holds") &&
                        Catch::Contains("../x\\n\\u001B[2J") &&
                        Catch::Contains("expected a name of [a-z0-9_]+"));
  CHECK_THROWS_AS(require_plain_file_name("a/b", "s.h5", "attribute strategies"), InputError);
  CHECK_NOTHROW(require_plain_file_name("Plan-A", "s.h5", "attribute strategies"));
}
