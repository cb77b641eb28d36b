#include "io/h5.hpp"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace io::h5;
using Catch::Matchers::Contains;

using test_support::TempDir;

TEST_CASE("h5 handles are move-only and a moved-from handle is invalid", "[h5]") {
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Handle>);
  STATIC_REQUIRE_FALSE(std::is_copy_assignable_v<Handle>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<File>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<Dataset>);
  STATIC_REQUIRE(std::is_nothrow_move_constructible_v<File>);
  STATIC_REQUIRE(std::is_nothrow_move_assignable_v<Group>);

  TempDir dir("twinsim-h5-test");
  File first = File::create(dir / "a.h5");
  REQUIRE(first.valid());
  File second = std::move(first);
  CHECK_FALSE(first.valid());  // NOLINT(bugprone-use-after-move): that is the point
  CHECK(second.valid());
  CHECK(second.file_name() == (dir / "a.h5").string());
  CHECK_NOTHROW(second.create_group("g"));
  // Using the moved-from handle is an Error, not a call on a stale identifier.
  CHECK_THROWS_AS(first.create_group("h"), Error);
}

TEST_CASE("h5 move assignment closes the target's file exactly once", "[h5]") {
  TempDir dir("twinsim-h5-test");
  File target = File::create(dir / "target.h5");
  File source = File::create(dir / "source.h5");
  // HDF5 refuses to truncate a file that is still open in this process: re-creating target.h5
  // below only works if the assignment closed it.
  CHECK_THROWS_AS(File::create(dir / "target.h5"), Error);
  target = std::move(source);
  CHECK_FALSE(source.valid());  // NOLINT(bugprone-use-after-move)
  CHECK(target.valid());
  CHECK(target.file_name() == (dir / "source.h5").string());
  CHECK_NOTHROW(File::create(dir / "target.h5"));

  // close() is idempotent: a second close (and the destructor after it) closes nothing.
  target.close();
  CHECK_FALSE(target.valid());
  CHECK_NOTHROW(target.close());
  CHECK_NOTHROW(File::create(dir / "source.h5"));
}

TEST_CASE("h5 errors name the file and the object path", "[h5]") {
  TempDir dir("twinsim-h5-test");
  const fs::path missing = dir / "missing.h5";
  CHECK_THROWS_WITH(File::open(missing),
                    Contains(missing.string()) && Contains("cannot open file"));

  const fs::path path = dir / "present.h5";
  {
    File file = File::create(path);
    file.create_group("group");
  }
  File file = File::open(path);
  const Group group = file.open_group("group");
  CHECK_THROWS_WITH(group.open_dataset("absent"), Contains(path.string()) &&
                                                      Contains("/group/absent") &&
                                                      Contains("doesn't exist"));
  CHECK_THROWS_WITH(file.open_group("nothing"), Contains(path.string()) && Contains("/nothing"));
  CHECK_THROWS_WITH(group.read_attribute<std::string>("units"),
                    Contains(path.string()) && Contains("/group") && Contains("'units'"));
  // Errors derive from std::runtime_error, so callers without HDF5 knowledge can report them.
  CHECK_THROWS_AS(file.open_dataset("x"), std::runtime_error);
}

TEST_CASE("h5 scalar and string-list attributes round-trip exactly", "[h5]") {
  TempDir dir("twinsim-h5-test");
  const fs::path path = dir / "attributes.h5";
  const std::vector<std::string> names = {"zeta", "alpha", "Ελλάδα", ""};
  {
    File file = File::create(path);
    file.write_attribute("text", "Bengaluru – 2006 ✓");
    file.write_attribute("empty", "");
    file.write_attribute("signed", std::numeric_limits<std::int64_t>::min());
    file.write_attribute("unsigned", std::numeric_limits<std::uint64_t>::max());
    file.write_attribute("real", 0.1);
    file.write_attribute("infinite", -std::numeric_limits<double>::infinity());
    file.write_attribute("names", std::span<const std::string>(names));
    file.write_attribute("no_names", std::span<const std::string>());
    const Group group = file.create_group("g");
    group.write_attribute("units", "months");
    CHECK_THROWS_AS(group.write_attribute("units", "again"), Error);
  }
  const File file = File::open(path);
  CHECK(file.read_attribute<std::string>("text") == "Bengaluru – 2006 ✓");
  CHECK(file.read_attribute<std::string>("empty").empty());
  CHECK(file.read_attribute<std::int64_t>("signed") == std::numeric_limits<std::int64_t>::min());
  CHECK(file.read_attribute<std::uint64_t>("unsigned") ==
        std::numeric_limits<std::uint64_t>::max());
  CHECK(file.read_attribute<double>("real") == 0.1);
  CHECK(file.read_attribute<double>("infinite") == -std::numeric_limits<double>::infinity());
  CHECK(file.read_attribute<std::vector<std::string>>("names") == names);
  CHECK(file.read_attribute<std::vector<std::string>>("no_names").empty());
  CHECK(file.open_group("g").read_attribute<std::string>("units") == "months");
  CHECK(file.has_attribute("text"));
  CHECK_FALSE(file.has_attribute("absent"));

  // Reading as the wrong kind is an Error, never a silent conversion.
  CHECK_THROWS_WITH(file.read_attribute<double>("signed"), Contains("'signed'"));
  CHECK_THROWS_AS(file.read_attribute<std::int64_t>("text"), Error);
  CHECK_THROWS_AS(file.read_attribute<std::string>("names"), Error);  // not a scalar
}

TEST_CASE("h5 datasets round-trip; 2-D ones are chunked and compressed", "[h5]") {
  TempDir dir("twinsim-h5-test");
  const fs::path path = dir / "datasets.h5";
  const std::vector<double> reals = {1.5, -0.0, std::numeric_limits<double>::quiet_NaN(), 1e300};
  const std::vector<std::int64_t> ints = {-3, 0, std::numeric_limits<std::int64_t>::max()};
  const std::vector<std::uint64_t> seeds = {0, 42, std::numeric_limits<std::uint64_t>::max()};
  std::vector<double> grid(3 * 5);
  for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = 0.5 * static_cast<double>(i);
  {
    File file = File::create(path);
    file.write_dataset("reals", reals);
    file.write_dataset("ints", ints);
    const Group group = file.create_group("g");
    group.write_dataset("seeds", seeds);
    group.write_dataset("grid", grid, {3, 5}, {2, 5});
    file.write_dataset("empty", std::vector<double>{}, {0, 4}, {1, 4});
    CHECK_THROWS_WITH(file.write_dataset("bad", grid, {4, 4}),
                      Contains("/bad") && Contains("shape"));
    CHECK_THROWS_AS(file.write_dataset("reals", reals), Error);  // exists
  }
  const File file = File::open(path);
  const std::vector<double> back = file.open_dataset("reals").read<double>();
  REQUIRE(back.size() == reals.size());
  CHECK(back[0] == 1.5);
  CHECK(std::signbit(back[1]));
  CHECK(std::isnan(back[2]));
  CHECK(back[3] == 1e300);
  CHECK(file.open_dataset("ints").read<std::int64_t>() == ints);
  CHECK(file.open_dataset("g/seeds").read<std::uint64_t>() == seeds);

  const Dataset grid_set = file.open_group("g").open_dataset("grid");
  CHECK(grid_set.path() == "/g/grid");
  CHECK(grid_set.shape() == std::vector<std::size_t>{3, 5});
  CHECK(grid_set.read<double>() == grid);
  CHECK(grid_set.chunk_shape() == std::vector<std::size_t>{2, 5});
  CHECK(grid_set.filter_count() == 2);  // shuffle + deflate

  const Dataset flat = file.open_dataset("reals");
  CHECK(flat.shape() == std::vector<std::size_t>{4});
  CHECK(flat.chunk_shape().empty());
  CHECK(flat.filter_count() == 0);

  const Dataset empty = file.open_dataset("empty");
  CHECK(empty.shape() == std::vector<std::size_t>{0, 4});
  CHECK(empty.read<double>().empty());

  CHECK_THROWS_WITH(file.open_dataset("ints").read<double>(),
                    Contains("/ints") && Contains("integer"));
  CHECK_THROWS_AS(file.open_dataset("reals").read<std::uint64_t>(), Error);
}

TEST_CASE("h5 group members are listed by name, soft links included", "[h5]") {
  TempDir dir("twinsim-h5-test");
  File file = File::create(dir / "members.h5");
  const Group group = file.create_group("g");
  group.write_dataset("b", std::vector<double>{1.0});
  group.write_dataset("a", std::vector<double>{2.0});
  group.create_group("c");
  file.write_dataset("target", std::vector<double>{3.0});
  group.create_soft_link("link", "/target");
  CHECK(group.members() == std::vector<std::string>{"a", "b", "c", "link"});
  CHECK(group.open_dataset("link").read<double>() == std::vector<double>{3.0});
  CHECK(file.members() == std::vector<std::string>{"g", "target"});
}

TEST_CASE("h5 dimension scales are made and attached per dimension", "[h5]") {
  TempDir dir("twinsim-h5-test");
  File file = File::create(dir / "scales.h5");
  const Dataset time = file.write_dataset("time", std::vector<double>{1, 2, 3});
  const Dataset run = file.write_dataset("run", std::vector<std::int64_t>{0, 1});
  time.make_scale("time");
  run.make_scale("run");
  const Dataset values = file.write_dataset("values", std::vector<double>(6, 0.0), {2, 3});
  values.attach_scale(run, 0);
  values.attach_scale(time, 1);

  CHECK(time.is_scale());
  CHECK_FALSE(values.is_scale());
  CHECK(values.is_scale_attached(run, 0));
  CHECK(values.is_scale_attached(time, 1));
  CHECK_FALSE(values.is_scale_attached(time, 0));
}

TEST_CASE("h5 datasets created empty are filled block by block", "[h5]") {
  TempDir dir("twinsim-h5-test");
  File file = File::create(dir / "blocks.h5");
  const Dataset cube = file.create_dataset("cube", ElementType::float64, {2, 2, 3}, {1, 1, 3});
  CHECK(cube.shape() == std::vector<std::size_t>{2, 2, 3});
  CHECK(cube.chunk_shape() == std::vector<std::size_t>{1, 1, 3});
  CHECK(cube.filter_count() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 2; ++j) {
      const double base = 10.0 * static_cast<double>(i) + static_cast<double>(j);
      cube.write_block({i, j, 0}, {1, 1, 3}, std::vector<double>{base, base + 0.5, -0.0});
    }
  }
  const std::vector<double> all = cube.read<double>();
  CHECK(all == std::vector<double>{0, 0.5, 0, 1, 1.5, 0, 10, 10.5, 0, 11, 11.5, 0});
  CHECK(std::signbit(all[2]));

  const Dataset ids = file.create_dataset("ids", ElementType::uint64, {4});
  ids.write_block({1}, {3}, std::vector<std::uint64_t>{7, 8, UINT64_MAX});
  CHECK(ids.read<std::uint64_t>()[3] == UINT64_MAX);
  CHECK_THROWS_AS(ids.read<double>(), Error);
  const Dataset index = file.create_dataset("index", ElementType::int64, {2});
  index.write_block({0}, {2}, std::vector<std::int64_t>{-1, 1});
  CHECK(index.read<std::int64_t>() == std::vector<std::int64_t>{-1, 1});

  // Empty datasets are not chunked (HDF5 rejects zero-sized chunks); an empty block is a no-op.
  const Dataset empty = file.create_dataset("empty", ElementType::float64, {2, 0}, {1, 0});
  CHECK(empty.chunk_shape().empty());
  CHECK_NOTHROW(empty.write_block({1, 0}, {1, 0}, std::vector<double>{}));

  CHECK_THROWS_WITH(cube.write_block({0, 0, 1}, {1, 1, 3}, std::vector<double>(3)),
                    Contains("/cube") && Contains("leaves the dataset in dimension 2"));
  CHECK_THROWS_WITH(cube.write_block({0, 0}, {1, 1}, std::vector<double>(1)),
                    Contains("rank differs"));
  CHECK_THROWS_WITH(cube.write_block({0, 0, 0}, {1, 1, 3}, std::vector<double>(2)),
                    Contains("2 values for a block of 3"));
  CHECK_THROWS_WITH(file.create_dataset("cube", ElementType::float64, {1}),
                    Contains("/cube") && Contains("cannot create dataset"));
}

TEST_CASE("h5 refuses to read far more values than a file stores, before allocating them", "[h5]") {
  TempDir dir("twinsim-h5-test");
  const auto path = dir / "declared.h5";
  {
    const File file = File::create(path);
    // Chunked and never written: 2^40 values declared, none stored; HDF5 would read each as the
    // fill value. A damaged or hostile file can declare any extent.
    file.create_dataset("huge", ElementType::float64, {std::size_t{1} << 40}, {1024});
    // Within the first MiB a declared dataset reads as its fill values.
    file.create_dataset("small", ElementType::float64, {1000}, {100});
    const std::vector<double> stored(200000, 1.0);
    file.write_dataset("stored", stored, {}, {1000});  // compressed far below its 1.6 MB
  }
  const File file = File::open(path);
  CHECK_THROWS_WITH(file.open_dataset("huge").read<double>(),
                    Contains("/huge: cannot read dataset: declares 1099511627776 values but "
                             "stores 0 bytes"));
  CHECK(file.open_dataset("small").read<double>().size() == 1000);
  CHECK(file.open_dataset("stored").read<double>().size() == 200000);
}
