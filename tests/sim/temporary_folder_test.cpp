// Temporary folders of our own (sim/temporary_folder.hpp).
#include "sim/temporary_folder.hpp"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <string>
#include <utility>

namespace fs = std::filesystem;
using sim::TemporaryFolder;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("a temporary folder is new, unpredictable, its owner's only, and removed after",
          "[temporary_folder]") {
  const TemporaryFolder parent("twinsim-test-");
  fs::path a_path;
  {
    const TemporaryFolder a(parent.path(), "x-"), b(parent.path(), "x-");
    a_path = a.path();
    CHECK(a.path() != b.path());
    CHECK(a.path().parent_path() == parent.path());
    CHECK(a.path().filename().string().rfind("x-", 0) == 0);
    CHECK(a.path().filename().string().size() == 8);  // "x-" and six random characters
    CHECK(fs::is_directory(a.path()));
    CHECK(fs::status(a.path()).permissions() == fs::perms::owner_all);
    std::ofstream(a.path() / "file") << "ours";
    fs::create_directory(a.path() / "sub");
    std::ofstream(a.path() / "sub" / "deeper") << "ours";
  }
  CHECK_FALSE(fs::exists(a_path));
  CHECK(fs::is_empty(parent.path()));
}

TEST_CASE("removing a temporary folder removes the links in it, not what they point to",
          "[temporary_folder]") {
  const TemporaryFolder parent("twinsim-test-");
  const fs::path victim = parent.path() / "victim";
  std::ofstream(victim) << "precious";
  {
    const TemporaryFolder t(parent.path(), "t-");
    fs::create_symlink(victim, t.path() / "link");
    fs::create_directory_symlink(parent.path(), t.path() / "up");
  }
  CHECK(read(victim) == "precious");
}

TEST_CASE("a temporary folder moves, and is removed once", "[temporary_folder]") {
  const TemporaryFolder parent("twinsim-test-");
  std::optional<TemporaryFolder> kept;
  fs::path path;
  {
    TemporaryFolder t(parent.path(), "m-");
    path = t.path();
    kept.emplace(std::move(t));
    CHECK(t.path().empty());
  }
  CHECK(fs::is_directory(path));
  CHECK(kept->path() == path);
  TemporaryFolder other(parent.path(), "m-");
  const fs::path other_path = other.path();
  other = std::move(*kept);  // the folder `other` held is removed now
  CHECK_FALSE(fs::exists(other_path));
  CHECK(fs::is_directory(path));
  kept.reset();
  CHECK(fs::is_directory(path));
}

TEST_CASE("a temporary folder is made under $TMPDIR, and cannot be made in a missing folder",
          "[temporary_folder]") {
  const TemporaryFolder parent("twinsim-test-");
  const char* before = std::getenv("TMPDIR");
  const std::optional<std::string> saved =
      before ? std::optional<std::string>(before) : std::nullopt;
  ::setenv("TMPDIR", parent.path().c_str(), 1);
  {
    const TemporaryFolder t("twinsim-report-");
    CHECK(t.path().parent_path() == parent.path());
  }
  if (saved)
    ::setenv("TMPDIR", saved->c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  CHECK_THROWS_AS(TemporaryFolder(parent.path() / "missing", "x-"), fs::filesystem_error);
}
