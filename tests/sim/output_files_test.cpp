#include "sim/output_files.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/error.hpp"
#include "tests/support/file_bytes.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using test_support::file_bytes;
using test_support::TempDir;

namespace {}  // namespace

TEST_CASE("an output is a regular file or nothing, even with --force", "[output_files]") {
  TempDir dir("twinsim-files-test");
  CHECK_NOTHROW(sim::check_output_path(dir / "new.h5", false));
  std::ofstream(dir / "old.h5") << "x";
  CHECK_THROWS_WITH(sim::check_output_path(dir / "old.h5", false), Contains("pass --force"));
  CHECK_NOTHROW(sim::check_output_path(dir / "old.h5", true));

  CHECK_THROWS_WITH(sim::check_output_path(dir.path(), true), Contains("is a directory"));
  // Only looked at, never written: the system's own device.
  CHECK_THROWS_WITH(sim::check_output_path("/dev/null", true),
                    Contains("is a character device, not a regular file"));
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(sim::check_output_path(dir / "fifo", true), Contains("is a FIFO"));

  const fs::path socket_path = dir / "socket";
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = socket_path.string();
  REQUIRE(name.size() < sizeof address.sun_path);
  std::copy(name.begin(), name.end(), address.sun_path);
  REQUIRE(::bind(s, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  CHECK_THROWS_WITH(sim::check_output_path(socket_path, true), Contains("is a socket"));
  ::close(s);

  // A link is refused, whether it points at a file, a device or nowhere.
  fs::create_symlink(dir / "old.h5", dir / "to_file.h5");
  fs::create_symlink("/dev/null", dir / "to_null.h5");
  fs::create_symlink(dir / "nowhere.h5", dir / "dangling.h5");
  for (const char* link : {"to_file.h5", "to_null.h5", "dangling.h5"})
    CHECK_THROWS_WITH(sim::check_output_path(dir / link, true),
                      Contains("is a symbolic link") && Contains("name the file itself"));
  CHECK_THROWS_AS(sim::check_output_path(dir / "to_file.h5", true), sim::InputError);
}

TEST_CASE("one process at a time holds an output's lock", "[output_files]") {
  TempDir dir("twinsim-files-test");
  const fs::path output = dir / "out.h5";
  {
    const sim::OutputLock first(output);
    CHECK(fs::exists(dir / ".out.h5.lock"));
    // Open-file-description locks: a second lock fails even within one process.
    CHECK_THROWS_AS(sim::OutputLock(output), sim::InputError);
    CHECK_THROWS_WITH(sim::OutputLock(output), Contains("another TwinSim is writing it (process " +
                                                        std::to_string(::getpid())));
    // Another output in the same folder is free.
    CHECK_NOTHROW(sim::OutputLock(dir / "other.h5"));
    CHECK_NOTHROW(first.check_covers(output));
    CHECK_NOTHROW(first.check_covers(dir / "out.h5.partial"));
    CHECK_THROWS_AS(first.check_covers(dir / "other.h5"), std::invalid_argument);
  }
  CHECK(dir.entries().empty());  // released: the lock file is gone
  CHECK_NOTHROW(sim::OutputLock(output));

  // A lock file a killed process left (not locked) is taken over.
  std::ofstream(dir / ".out.h5.lock") << "process 1 on host gone\n";
  CHECK_NOTHROW(sim::OutputLock(output));
  CHECK(dir.entries().empty());

  // A planted link is not followed.
  std::ofstream(dir / "victim") << "keep";
  fs::create_symlink(dir / "victim", dir / ".out.h5.lock");
  CHECK_THROWS_WITH(sim::OutputLock(output), Contains("it is a symbolic link"));
  CHECK(file_bytes(dir / "victim") == "keep");
}

TEST_CASE("taking the lock removes the temporary files killed writers left, and only those",
          "[output_files]") {
  TempDir dir("twinsim-files-test");
  const std::vector<std::string> left = {".out.h5.tmp-12345", ".out.h5.tmp-0123456789abcdef",
                                         ".out.h5.partial.tmp-77"};
  const std::vector<std::string> kept = {".out.h5.tmp-x.tmp-12", ".out.h5.tmpfile",
                                         ".other.h5.tmp-12", "out.h5.tmp-12", "out.h5"};
  for (const auto& name : left) std::ofstream(dir / name) << "half";
  for (const auto& name : kept) std::ofstream(dir / name) << "keep";
  // A link is removed itself, never what it points at.
  fs::create_symlink(dir / "out.h5", dir / ".out.h5.tmp-99");
  std::set<std::string> removed;
  {
    const sim::OutputLock lock(dir / "out.h5");
    for (const fs::path& p : lock.removed()) removed.insert(p.filename().string());
  }
  CHECK(removed == std::set<std::string>{".out.h5.tmp-12345", ".out.h5.tmp-0123456789abcdef",
                                         ".out.h5.partial.tmp-77", ".out.h5.tmp-99"});
  std::vector<std::string> expected = kept;
  std::sort(expected.begin(), expected.end());
  CHECK(dir.entries() == expected);
  CHECK(file_bytes(dir / "out.h5") == "keep");
}

TEST_CASE("temporary names cannot be predicted", "[output_files]") {
  std::set<std::string> names;
  for (int i = 0; i < 100; ++i) {
    const fs::path name = sim::new_temporary_name("some/out.h5");
    CHECK(name.parent_path() == "some");
    CHECK(name.filename().string().rfind(".out.h5.tmp-", 0) == 0);
    CHECK(name.filename().string().size() == std::string(".out.h5.tmp-").size() + 16);
    names.insert(name.string());
    sim::forget_temporary(name);
  }
  CHECK(names.size() == 100);
}

TEST_CASE("a file is published whole, or the old one stays", "[output_files]") {
  TempDir dir("twinsim-files-test");
  const fs::path path = dir / "report.html";
  sim::write_text_file(path, "first", false);
  CHECK(file_bytes(path) == "first");
  CHECK_THROWS_WITH(sim::write_text_file(path, "second", false), Contains("pass --force"));
  sim::write_text_file(path, "second", true);
  CHECK(file_bytes(path) == "second");
  CHECK(dir.entries() == std::vector<std::string>{"report.html"});

  // Abandoned at the last moment (a Ctrl-C while writing): nothing changes, nothing is left.
  {
    const sim::OutputLock lock(path);
    CHECK_THROWS_WITH(sim::write_atomically(
                          lock, path, true,
                          [](const fs::path& temporary) { std::ofstream(temporary) << "third"; },
                          [] { throw std::runtime_error("stopped"); }),
                      "stopped");
  }
  CHECK(file_bytes(path) == "second");
  CHECK(dir.entries() == std::vector<std::string>{"report.html"});

  // Not over a link, even with overwrite.
  std::ofstream(dir / "victim") << "keep";
  fs::create_symlink(dir / "victim", dir / "link.html");
  CHECK_THROWS_AS(sim::write_text_file(dir / "link.html", "x", true), sim::InputError);
  CHECK(file_bytes(dir / "victim") == "keep");

  // Without overwrite, a file that appears meanwhile is not replaced.
  std::ofstream(dir / "from") << "new";
  std::ofstream(dir / "to") << "there first";
  CHECK_THROWS_WITH(sim::publish_file(dir / "from", dir / "to", false), Contains("appeared"));
  CHECK(file_bytes(dir / "to") == "there first");
  sim::publish_file(dir / "from", dir / "to", true);
  CHECK(file_bytes(dir / "to") == "new");
}

TEST_CASE("a fatal signal's handler removes the temporary files being written", "[output_files]") {
  TempDir dir("twinsim-files-test");
  const fs::path name = sim::new_temporary_name(dir / "out.h5");
  std::ofstream(name) << "half";
  sim::remove_temporaries_now();
  CHECK(!fs::exists(name));
  sim::forget_temporary(name);
  // A forgotten name (renamed to its final name meanwhile) is left alone.
  const fs::path kept = sim::new_temporary_name(dir / "out.h5");
  std::ofstream(kept) << "done";
  sim::forget_temporary(kept);
  sim::remove_temporaries_now();
  CHECK(fs::exists(kept));
}
