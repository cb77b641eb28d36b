// A small RAII layer over the HDF5 C API: move-only handles and one exception type. This header
// does not include <hdf5.h>; identifiers are held as std::int64_t (hid_t in HDF5 >= 1.10).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace io::h5 {

/// Any failure reported by HDF5. The message reads "<file>: <object path>: <what failed>", followed
/// by HDF5's own description of the innermost error when it gave one.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Owns one HDF5 identifier and closes it with the H5?close that matches its kind. Move-only: a
/// moved-from handle is invalid and closes nothing. Remembers the file and object path for errors.
class Handle {
 public:
  enum class Kind { file, group, dataset, attribute, dataspace, datatype, property_list };

  Handle() = default;
  /// Adopts `id` (closed by this handle from now on); `file`/`path` only label error messages.
  Handle(std::int64_t id, Kind kind, std::string file, std::string path) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  /// Closes the identifier, ignoring failure (use close() to see it).
  ~Handle();

  /// True while this handle owns an identifier.
  bool valid() const noexcept { return id_ >= 0; }
  std::int64_t id() const noexcept { return id_; }
  const std::string& file_name() const noexcept { return file_; }
  const std::string& path() const noexcept { return path_; }
  /// Closes now and leaves the handle invalid; throws Error if HDF5 fails to close.
  void close();

 private:
  std::int64_t id_ = -1;
  Kind kind_ = Kind::file;
  std::string file_;
  std::string path_;
};

/// A file, group or dataset: anything that carries attributes.
class Object {
 public:
  bool valid() const noexcept { return handle_.valid(); }
  const std::string& file_name() const noexcept { return handle_.file_name(); }
  /// Path of the object inside its file ("/" for a file's root group).
  const std::string& path() const noexcept { return handle_.path(); }
  /// Closes now (see Handle::close); throws Error on failure.
  void close() { handle_.close(); }

  /// Creates a scalar attribute; strings are variable-length UTF-8. Throws Error if the attribute
  /// exists.
  void write_attribute(std::string_view name, std::string_view value) const;
  void write_attribute(std::string_view name, std::int64_t value) const;
  void write_attribute(std::string_view name, std::uint64_t value) const;
  void write_attribute(std::string_view name, double value) const;
  /// Creates a 1-D attribute of variable-length UTF-8 strings.
  void write_attribute(std::string_view name, std::span<const std::string> values) const;

  bool has_attribute(std::string_view name) const;
  /// Reads an attribute written as above. T is std::string, std::int64_t, std::uint64_t, double
  /// (scalars) or std::vector<std::string>. Throws Error when it is missing or of another kind.
  template <class T>
  T read_attribute(std::string_view name) const;

  const Handle& handle() const noexcept { return handle_; }

 protected:
  Object() = default;
  explicit Object(Handle handle) noexcept : handle_(std::move(handle)) {}

 private:
  Handle handle_;
};

/// Element type of a dataset created empty (Group::create_dataset); stored little-endian.
enum class ElementType { float64, int64, uint64 };

/// A dataset of float64, int64 or uint64 values.
class Dataset : public Object {
 public:
  Dataset() = default;
  /// Adopts an open dataset identifier.
  explicit Dataset(Handle handle) noexcept : Object(std::move(handle)) {}

  /// Extent of each dimension.
  std::vector<std::size_t> shape() const;
  /// All values in row-major order. T is double, std::int64_t or std::uint64_t; throws Error when
  /// the stored type is of another class (float versus integer).
  template <class T>
  std::vector<T> read() const;

  /// The values of the block of extent `count` starting at `offset` (one entry per dimension), in
  /// row-major order, read as float64. Throws Error as write_block does, or when the stored values
  /// are not floating-point.
  std::vector<double> read_block(const std::vector<std::size_t>& offset,
                                 const std::vector<std::size_t>& count) const;

  /// Writes `data` (row-major) into the block of extent `count` starting at `offset` (one entry
  /// per dimension). Throws Error when the ranks differ, the block leaves the dataset, `data` does
  /// not hold the block's number of values, or HDF5 fails.
  void write_block(const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                   std::span<const double> data) const;
  void write_block(const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                   std::span<const std::int64_t> data) const;
  void write_block(const std::vector<std::size_t>& offset, const std::vector<std::size_t>& count,
                   std::span<const std::uint64_t> data) const;

  /// Writes `text` as element `index` of a 1-D dataset of fixed-length strings (see
  /// Group::create_preallocated_strings), cut at a character boundary to fit its width.
  void write_string(std::size_t index, std::string_view text) const;
  /// All elements of a 1-D dataset of fixed-length strings, without their padding.
  std::vector<std::string> read_strings() const;
  /// The width in bytes of a dataset of fixed-length strings; throws Error when it is not one.
  std::size_t string_width() const;
  /// Whether the values are stored as `type` (its class, size and sign; either byte order).
  bool stores(ElementType type) const;

  /// Makes this dataset a dimension scale named `dimension_name` (H5DSset_scale).
  void make_scale(std::string_view dimension_name) const;
  /// Attaches `scale` to dimension `dim` of this dataset (H5DSattach_scale).
  void attach_scale(const Dataset& scale, unsigned dim) const;
  bool is_scale() const;
  bool is_scale_attached(const Dataset& scale, unsigned dim) const;
  /// Number of filters (compression, shuffle) in the dataset's pipeline.
  int filter_count() const;
  /// Chunk extent of each dimension; empty when the dataset is not chunked.
  std::vector<std::size_t> chunk_shape() const;
};

/// A group (or, through File, a file's root group): creates and opens members.
class Group : public Object {
 public:
  Group() = default;
  /// Adopts an open group (or file) identifier.
  explicit Group(Handle handle) noexcept : Object(std::move(handle)) {}

  /// Creates or opens the group `name` (a path relative to this group). Throws Error on failure.
  Group create_group(std::string_view name) const;
  Group open_group(std::string_view name) const;

  /// Creates dataset `name` holding `data` in row-major order. `shape` (1 or 2 extents) defaults to
  /// {data.size()} and must multiply to data.size(). A non-empty `chunk` stores a non-empty
  /// dataset chunked, with shuffle and deflate level 4. Throws Error on failure.
  Dataset write_dataset(std::string_view name, std::span<const double> data,
                        std::vector<std::size_t> shape = {},
                        std::vector<std::size_t> chunk = {}) const;
  Dataset write_dataset(std::string_view name, std::span<const std::int64_t> data,
                        std::vector<std::size_t> shape = {},
                        std::vector<std::size_t> chunk = {}) const;
  Dataset write_dataset(std::string_view name, std::span<const std::uint64_t> data,
                        std::vector<std::size_t> shape = {},
                        std::vector<std::size_t> chunk = {}) const;
  /// Creates dataset `name` of any rank without writing values, to be filled block by block
  /// (Dataset::write_block). `chunk` as for write_dataset. Throws Error on failure.
  Dataset create_dataset(std::string_view name, ElementType type, std::vector<std::size_t> shape,
                         std::vector<std::size_t> chunk = {}) const;
  /// Creates dataset `name` with every value allocated in the file now and set to NaN (float64)
  /// or 0 (integers), stored contiguous and uncompressed, so that later writes (write_block) change
  /// only values, never the file's structure: a process killed while writing into it leaves a file
  /// that opens. Throws Error on failure.
  Dataset create_preallocated(std::string_view name, ElementType type,
                              std::vector<std::size_t> shape) const;
  /// The same for a 1-D dataset of `count` empty fixed-length UTF-8 strings of `width` bytes.
  Dataset create_preallocated_strings(std::string_view name, std::size_t count,
                                      std::size_t width) const;
  Dataset open_dataset(std::string_view name) const;

  /// Creates a soft link `name` pointing at the absolute path `target`.
  void create_soft_link(std::string_view name, std::string_view target) const;
  /// Names of the links in this group, in alphabetical order.
  std::vector<std::string> members() const;
};

/// An HDF5 file; as a Group it is the root group "/".
class File : public Group {
 public:
  File() = default;

  /// Creates `path`, replacing an existing file. Throws Error on failure.
  static File create(const std::filesystem::path& path);
  /// Creates `path`, which must not exist (O_EXCL: not even as a symbolic link). Throws Error on
  /// failure.
  static File create_new(const std::filesystem::path& path);
  /// Opens an existing file read-only. Throws Error on failure.
  static File open(const std::filesystem::path& path);
  /// Opens an existing file to write into it, without taking HDF5's file lock, so that other
  /// processes can read it meanwhile (they see what flush() has written). Throws Error on failure.
  static File open_for_update(const std::filesystem::path& path);

  /// Hands everything written so far to the operating system (H5Fflush): a process killed after
  /// this loses none of it.
  void flush() const;

 private:
  explicit File(Handle handle) noexcept : Group(std::move(handle)) {}
};

}  // namespace io::h5
