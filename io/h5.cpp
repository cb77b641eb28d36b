#include "io/h5.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <limits>
#include <type_traits>

namespace io::h5 {
namespace {

static_assert(std::is_same_v<hid_t, std::int64_t>, "sim/h5.hpp stores hid_t as std::int64_t");

using Kind = Handle::Kind;

// HDF5 prints its error stack to stderr by default. We report through Error instead, so switch the
// printing off. In a thread-safe build (Debian's) the setting is per thread, hence thread_local;
// every entry point reaches this before its first HDF5 call (through live() or File::create/open).
//
// Also, once per process and before the library starts: no clean-up of HDF5 at exit. HDF5 1.10
// crashes there (H5F__close_cb) on a file whose close failed, e.g. on a full disk, turning a clear
// error into a segmentation fault; every file of ours is closed by its handle before exit anyway.
void silence_this_thread() {
  static const bool no_atexit = [] {
    H5dont_atexit();
    return true;
  }();
  (void)no_atexit;
  thread_local const bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

std::string describe(const std::string& file, const std::string& path, std::string_view what) {
  std::string message = file.empty() ? std::string("HDF5") : file;
  message += ": ";
  if (!path.empty()) {
    message += path;
    message += ": ";
  }
  message += what;
  return message;
}

// The innermost entry of HDF5's error stack. A failed system call is reported as its message
// ("No space left on device") rather than HDF5's dump of the call ("file write failed: time = ...,
// filename = ..., errno = 28, error message = 'No space left on device', buf = 0x..., ...").
herr_t keep_innermost(unsigned n, const H5E_error2_t* entry, void* client) {
  if (n != 0 || entry->desc == nullptr) return 0;
  std::string desc = entry->desc;
  const std::string_view tag = "error message = '";
  const auto start = desc.find(tag);
  const auto end = start == std::string::npos ? start : desc.find('\'', start + tag.size());
  if (end != std::string::npos) desc = desc.substr(start + tag.size(), end - start - tag.size());
  *static_cast<std::string*>(client) = std::move(desc);
  return 0;
}

// An error that HDF5 reported: appends the innermost entry of its error stack (the most specific,
// e.g. "object 'gdp' doesn't exist") and clears the stack.
Error hdf5_failure(const Handle& where, std::string_view what) {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::string message = describe(where.file_name(), where.path(), what);
  if (!detail.empty()) message += " (HDF5: " + detail + ")";
  return Error(message);
}

// An error we detected ourselves (wrong type, wrong shape): no HDF5 stack to report.
Error failure(const Handle& where, std::string_view what) {
  return Error(describe(where.file_name(), where.path(), what));
}

template <class R>
R check(R result, const Handle& where, std::string_view what) {
  if (result < 0) throw hdf5_failure(where, what);
  return result;
}

// The identifier of a handle that must be open; silences HDF5's printing before the first call.
hid_t live(const Handle& handle) {
  silence_this_thread();
  if (!handle.valid()) throw failure(handle, "use of a closed or moved-from HDF5 handle");
  return handle.id();
}

Handle own(hid_t id, Kind kind, const Handle& where, std::string_view what) {
  check(id, where, what);
  return Handle(id, kind, where.file_name(), where.path());
}

herr_t close_id(hid_t id, Kind kind) {
  silence_this_thread();
  switch (kind) {
    case Kind::file:
      return H5Fclose(id);
    case Kind::group:
      return H5Gclose(id);
    case Kind::dataset:
      return H5Dclose(id);
    case Kind::attribute:
      return H5Aclose(id);
    case Kind::dataspace:
      return H5Sclose(id);
    case Kind::datatype:
      return H5Tclose(id);
    case Kind::property_list:
      return H5Pclose(id);
  }
  return -1;
}

std::string join(const std::string& parent, std::string_view name) {
  if (!name.empty() && name.front() == '/') return std::string(name);
  std::string path = parent;
  if (path.empty() || path.back() != '/') path += '/';
  path += name;
  return path;
}

// Memory and file types. Files are little-endian whatever the machine, as h5py writes them.
template <class T>
hid_t memory_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
}

template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_IEEE_F64LE;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_STD_I64LE;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_STD_U64LE;
}

template <class T>
H5T_class_t type_class() {
  return std::is_floating_point_v<T> ? H5T_FLOAT : H5T_INTEGER;
}

const char* class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER:
      return "an integer";
    case H5T_FLOAT:
      return "a float";
    case H5T_STRING:
      return "a string";
    default:
      return "of another type";
  }
}

// Variable-length UTF-8 strings: what h5py writes for Python str and reads back as str.
Handle string_type(const Handle& where, std::string_view what) {
  Handle type = own(H5Tcopy(H5T_C_S1), Kind::datatype, where, what);
  check(H5Tset_size(type.id(), H5T_VARIABLE), where, what);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), where, what);
  return type;
}

void require_class(hid_t type, H5T_class_t expected, const Handle& where, std::string_view what) {
  const H5T_class_t actual = check(H5Tget_class(type), where, what);
  if (actual != expected) {
    throw failure(where, std::string(what) + ": stored as " + class_name(actual) + ", expected " +
                             class_name(expected));
  }
  if (actual == H5T_STRING && check(H5Tis_variable_str(type), where, what) == 0) {
    throw failure(where, std::string(what) + ": a fixed-length string, expected variable-length");
  }
}

// A damaged or hostile file can declare far more values than it stores (a dataset never written
// reads as its fill value, and a header can claim any extent). Before memory is allocated for the
// `count` values of `element_size` bytes each of an object storing `stored` bytes, this requires
// the file to hold at least one byte per 1100 declared, beyond the first MiB: deflate, the only
// filter TwinSim writes with, compresses at most 1032:1. Bounds what a file can make a reader
// allocate by its own size.
void check_stored(const Handle& where, const std::string& what, std::size_t count,
                  std::size_t element_size, hsize_t stored) {
  constexpr double kMaxRatio = 1100, kFree = 1 << 20;
  const double declared = static_cast<double>(count) * static_cast<double>(element_size);
  if (declared > kFree && declared > kMaxRatio * static_cast<double>(stored))
    throw failure(where, what + ": declares " + std::to_string(count) + " values but stores " +
                             std::to_string(stored) + " bytes (a damaged file?)");
}

void write_attribute_data(const Handle& owner, std::string_view name, hid_t file_t, hid_t memory_t,
                          const void* data, hid_t space_id) {
  const hid_t loc = live(owner);
  const std::string key(name);
  const std::string what = "cannot write attribute '" + key + "'";
  Handle attribute = own(H5Acreate2(loc, key.c_str(), file_t, space_id, H5P_DEFAULT, H5P_DEFAULT),
                         Kind::attribute, owner, what);
  // A null dataspace (empty list) holds no values; HDF5 rejects a write with no buffer.
  if (data != nullptr) check(H5Awrite(attribute.id(), memory_t, data), owner, what);
}

template <class T>
void write_scalar_attribute(const Handle& owner, std::string_view name, T value) {
  live(owner);
  Handle space = own(H5Screate(H5S_SCALAR), Kind::dataspace, owner, "cannot create a dataspace");
  write_attribute_data(owner, name, file_type<T>(), memory_type<T>(), &value, space.id());
}

// Frees the strings HDF5 allocated when reading variable-length data.
struct VlenStrings {
  std::vector<char*> items;
  explicit VlenStrings(std::size_t n) : items(n, nullptr) {}
  VlenStrings(const VlenStrings&) = delete;
  VlenStrings& operator=(const VlenStrings&) = delete;
  ~VlenStrings() {
    for (char* item : items) H5free_memory(item);
  }
};

// Creates a dataset of file type `type` and `shape`, chunked with shuffle and deflate level 4 when
// `chunk` is non-empty and the dataset holds values. `where` names the dataset for errors.
Handle create_dataset_of(const Handle& parent, const Handle& where, std::string_view name,
                         hid_t type, const std::vector<std::size_t>& shape,
                         const std::vector<std::size_t>& chunk, const std::string& what) {
  const hid_t loc = live(parent);
  if (!chunk.empty() && chunk.size() != shape.size()) {
    throw failure(where, what + ": chunk rank differs from the dataset rank");
  }
  std::size_t count = 1;
  for (std::size_t extent : shape) count *= extent;
  const std::vector<hsize_t> dims(shape.begin(), shape.end());
  Handle space = own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     Kind::dataspace, where, what);
  Handle create = own(H5Pcreate(H5P_DATASET_CREATE), Kind::property_list, where, what);
  // HDF5 rejects zero-sized chunks; an empty dataset has nothing to compress anyway.
  if (!chunk.empty() && count > 0) {
    const std::vector<hsize_t> chunk_dims(chunk.begin(), chunk.end());
    check(H5Pset_chunk(create.id(), static_cast<int>(chunk_dims.size()), chunk_dims.data()), where,
          what);
    check(H5Pset_shuffle(create.id()), where, what);
    check(H5Pset_deflate(create.id(), 4), where, what);
  }
  const std::string key(name);
  return own(H5Dcreate2(loc, key.c_str(), type, space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
             Kind::dataset, where, what);
}

// Creates a contiguous dataset whose space is allocated and filled with `fill` (a value of
// `type`) at creation, without modification times in its header: writes into it touch raw data
// only. `where` names the dataset for errors.
Handle create_preallocated_of(const Handle& parent, const Handle& where, std::string_view name,
                              hid_t type, const std::vector<std::size_t>& shape, const void* fill,
                              const std::string& what) {
  const hid_t loc = live(parent);
  const std::vector<hsize_t> dims(shape.begin(), shape.end());
  Handle space = own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     Kind::dataspace, where, what);
  Handle create = own(H5Pcreate(H5P_DATASET_CREATE), Kind::property_list, where, what);
  check(H5Pset_layout(create.id(), H5D_CONTIGUOUS), where, what);
  check(H5Pset_alloc_time(create.id(), H5D_ALLOC_TIME_EARLY), where, what);
  check(H5Pset_fill_time(create.id(), H5D_FILL_TIME_ALLOC), where, what);
  check(H5Pset_fill_value(create.id(), type, fill), where, what);
  check(H5Pset_obj_track_times(create.id(), 0), where, what);
  const std::string key(name);
  return own(H5Dcreate2(loc, key.c_str(), type, space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
             Kind::dataset, where, what);
}

// The width of a fixed-length string type; throws when `type` is not one.
std::size_t fixed_string_width(const Handle& type, const Handle& where, const std::string& what) {
  if (check(H5Tget_class(type.id()), where, what) != H5T_STRING ||
      check(H5Tis_variable_str(type.id()), where, what) != 0)
    throw failure(where, what + ": not a dataset of fixed-length strings");
  return H5Tget_size(type.id());
}

// A fixed-length, NUL-padded UTF-8 string type of `width` bytes.
Handle fixed_string_type(std::size_t width, const Handle& where, std::string_view what) {
  Handle type = own(H5Tcopy(H5T_C_S1), Kind::datatype, where, what);
  check(H5Tset_size(type.id(), width), where, what);
  check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), where, what);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), where, what);
  return type;
}

template <class T>
Dataset write_dataset_of(const Handle& parent, std::string_view name, std::span<const T> data,
                         std::vector<std::size_t> shape, std::vector<std::size_t> chunk) {
  live(parent);  // before file_type<T>(), whose HDF5 macros open the library
  // Errors name the dataset being made, not its parent.
  const Handle where(-1, Kind::dataset, parent.file_name(), join(parent.path(), name));
  const std::string what = "cannot write dataset";
  if (shape.empty()) shape = {data.size()};
  std::size_t count = 1;
  for (std::size_t extent : shape) count *= extent;
  if (shape.size() > 2 || count != data.size()) {
    throw failure(where, what + ": shape does not match the number of values");
  }
  Handle dataset = create_dataset_of(parent, where, name, file_type<T>(), shape, chunk, what);
  if (count > 0) {
    check(H5Dwrite(dataset.id(), memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          where, what);
  }
  return Dataset(std::move(dataset));
}

// Selects the block of extent `count` at `offset` in `file_space`, the dataspace of `dataset`;
// returns its number of values. Throws Error when the ranks differ or the block leaves the dataset.
std::size_t select_block(const Handle& dataset, const Handle& file_space,
                         const std::vector<std::size_t>& offset,
                         const std::vector<std::size_t>& count, const std::string& what) {
  const int rank = check(H5Sget_simple_extent_ndims(file_space.id()), dataset, what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(file_space.id(), dims.data(), nullptr), dataset, what);
  if (offset.size() != dims.size() || count.size() != dims.size()) {
    throw failure(dataset, what + ": offset or count rank differs from the dataset rank");
  }
  std::size_t values = 1;
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (offset[d] > dims[d] || count[d] > dims[d] - offset[d]) {
      throw failure(dataset,
                    what + ": the block leaves the dataset in dimension " + std::to_string(d));
    }
    values *= count[d];
  }
  if (values == 0) return 0;  // HDF5 rejects an empty selection
  const std::vector<hsize_t> start(offset.begin(), offset.end());
  const std::vector<hsize_t> extent(count.begin(), count.end());
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                            nullptr),
        dataset, what);
  return values;
}

template <class T>
void write_block_of(const Handle& dataset, const std::vector<std::size_t>& offset,
                    const std::vector<std::size_t>& count, std::span<const T> data) {
  const hid_t id = live(dataset);
  const std::string what = "cannot write a block";
  Handle file_space = own(H5Dget_space(id), Kind::dataspace, dataset, what);
  std::size_t values = 1;
  for (const std::size_t c : count) values *= c;
  if (values != data.size()) {
    throw failure(dataset, what + ": " + std::to_string(data.size()) + " values for a block of " +
                               std::to_string(values));
  }
  if (select_block(dataset, file_space, offset, count, what) == 0) return;
  const hsize_t n = values;
  Handle memory_space = own(H5Screate_simple(1, &n, nullptr), Kind::dataspace, dataset, what);
  check(
      H5Dwrite(id, memory_type<T>(), memory_space.id(), file_space.id(), H5P_DEFAULT, data.data()),
      dataset, what);
}

herr_t append_name(hid_t, const char* name, const H5L_info_t*, void* client) {
  try {
    static_cast<std::vector<std::string>*>(client)->emplace_back(name);
    return 0;
  } catch (...) {
    return -1;  // exceptions must not cross HDF5's C frames
  }
}

}  // namespace

// --- Handle ---

Handle::Handle(std::int64_t id, Kind kind, std::string file, std::string path) noexcept
    : id_(id), kind_(kind), file_(std::move(file)), path_(std::move(path)) {}

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, -1)),
      kind_(other.kind_),
      file_(std::move(other.file_)),
      path_(std::move(other.path_)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (valid()) {
      close_id(id_, kind_);
      H5Eclear2(H5E_DEFAULT);
    }
    id_ = std::exchange(other.id_, -1);
    kind_ = other.kind_;
    file_ = std::move(other.file_);
    path_ = std::move(other.path_);
  }
  return *this;
}

Handle::~Handle() {
  if (valid()) {
    close_id(id_, kind_);
    H5Eclear2(H5E_DEFAULT);
  }
}

void Handle::close() {
  if (!valid()) return;
  const hid_t id = std::exchange(id_, -1);
  if (close_id(id, kind_) < 0) throw hdf5_failure(*this, "cannot close");
}

// --- Object: attributes ---

void Object::write_attribute(std::string_view name, std::string_view value) const {
  live(handle_);
  const std::string what = "cannot write attribute '" + std::string(name) + "'";
  Handle type = string_type(handle_, what);
  Handle space = own(H5Screate(H5S_SCALAR), Kind::dataspace, handle_, what);
  const std::string text(value);
  const char* pointer = text.c_str();
  write_attribute_data(handle_, name, type.id(), type.id(), &pointer, space.id());
}

void Object::write_attribute(std::string_view name, std::int64_t value) const {
  write_scalar_attribute(handle_, name, value);
}

void Object::write_attribute(std::string_view name, std::uint64_t value) const {
  write_scalar_attribute(handle_, name, value);
}

void Object::write_attribute(std::string_view name, double value) const {
  write_scalar_attribute(handle_, name, value);
}

void Object::write_attribute(std::string_view name, std::span<const std::string> values) const {
  live(handle_);
  const std::string what = "cannot write attribute '" + std::string(name) + "'";
  Handle type = string_type(handle_, what);
  const hsize_t count = values.size();
  // A zero-length simple dataspace is not allowed for attributes; an empty list is a null space.
  Handle space = own(count == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &count, nullptr),
                     Kind::dataspace, handle_, what);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values) pointers.push_back(value.c_str());
  write_attribute_data(handle_, name, type.id(), type.id(), count == 0 ? nullptr : pointers.data(),
                       space.id());
}

bool Object::has_attribute(std::string_view name) const {
  const hid_t loc = live(handle_);
  const std::string key(name);
  return check(H5Aexists(loc, key.c_str()), handle_, "cannot look up attribute '" + key + "'") > 0;
}

template <class T>
T Object::read_attribute(std::string_view name) const {
  const hid_t loc = live(handle_);
  const std::string key(name);
  const std::string what = "cannot read attribute '" + key + "'";
  Handle attribute = own(H5Aopen(loc, key.c_str(), H5P_DEFAULT), Kind::attribute, handle_, what);
  Handle type = own(H5Aget_type(attribute.id()), Kind::datatype, handle_, what);
  Handle space = own(H5Aget_space(attribute.id()), Kind::dataspace, handle_, what);
  const auto count =
      static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space.id()), handle_, what));
  check_stored(handle_, what, count, H5Tget_size(type.id()), H5Aget_storage_size(attribute.id()));
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    require_class(type.id(), H5T_STRING, handle_, what);
    Handle memory = string_type(handle_, what);
    VlenStrings raw(count);
    if (count > 0) check(H5Aread(attribute.id(), memory.id(), raw.items.data()), handle_, what);
    T values;
    values.reserve(count);
    for (const char* item : raw.items) values.emplace_back(item != nullptr ? item : "");
    return values;
  } else {
    if (count != 1) throw failure(handle_, what + ": not a scalar");
    if constexpr (std::is_same_v<T, std::string>) {
      require_class(type.id(), H5T_STRING, handle_, what);
      Handle memory = string_type(handle_, what);
      VlenStrings raw(1);
      check(H5Aread(attribute.id(), memory.id(), raw.items.data()), handle_, what);
      return raw.items[0] != nullptr ? std::string(raw.items[0]) : std::string();
    } else {
      require_class(type.id(), type_class<T>(), handle_, what);
      T value{};
      check(H5Aread(attribute.id(), memory_type<T>(), &value), handle_, what);
      return value;
    }
  }
}

template std::string Object::read_attribute<std::string>(std::string_view) const;
template std::int64_t Object::read_attribute<std::int64_t>(std::string_view) const;
template std::uint64_t Object::read_attribute<std::uint64_t>(std::string_view) const;
template double Object::read_attribute<double>(std::string_view) const;
template std::vector<std::string> Object::read_attribute<std::vector<std::string>>(
    std::string_view) const;

// --- Dataset ---

std::vector<std::size_t> Dataset::shape() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read the shape";
  Handle space = own(H5Dget_space(id), Kind::dataspace, handle(), what);
  const int rank = check(H5Sget_simple_extent_ndims(space.id()), handle(), what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), handle(), what);
  return {dims.begin(), dims.end()};
}

template <class T>
std::vector<T> Dataset::read() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read dataset";
  Handle type = own(H5Dget_type(id), Kind::datatype, handle(), what);
  require_class(type.id(), type_class<T>(), handle(), what);
  Handle space = own(H5Dget_space(id), Kind::dataspace, handle(), what);
  const auto count =
      static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space.id()), handle(), what));
  check_stored(handle(), what, count, H5Tget_size(type.id()), H5Dget_storage_size(id));
  std::vector<T> values(count);
  if (count > 0) {
    check(H5Dread(id, memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), handle(),
          what);
  }
  return values;
}

void Dataset::write_block(const std::vector<std::size_t>& offset,
                          const std::vector<std::size_t>& count,
                          std::span<const double> data) const {
  write_block_of(handle(), offset, count, data);
}

void Dataset::write_block(const std::vector<std::size_t>& offset,
                          const std::vector<std::size_t>& count,
                          std::span<const std::int64_t> data) const {
  write_block_of(handle(), offset, count, data);
}

void Dataset::write_block(const std::vector<std::size_t>& offset,
                          const std::vector<std::size_t>& count,
                          std::span<const std::uint64_t> data) const {
  write_block_of(handle(), offset, count, data);
}

std::vector<double> Dataset::read_block(const std::vector<std::size_t>& offset,
                                        const std::vector<std::size_t>& count) const {
  const hid_t id = live(handle());
  const std::string what = "cannot read a block";
  Handle type = own(H5Dget_type(id), Kind::datatype, handle(), what);
  require_class(type.id(), type_class<double>(), handle(), what);
  Handle file_space = own(H5Dget_space(id), Kind::dataspace, handle(), what);
  const std::size_t values = select_block(handle(), file_space, offset, count, what);
  std::vector<double> data(values);
  if (values == 0) return data;
  const hsize_t n = values;
  Handle memory_space = own(H5Screate_simple(1, &n, nullptr), Kind::dataspace, handle(), what);
  check(H5Dread(id, memory_type<double>(), memory_space.id(), file_space.id(), H5P_DEFAULT,
                data.data()),
        handle(), what);
  return data;
}

template std::vector<double> Dataset::read<double>() const;
template std::vector<std::int64_t> Dataset::read<std::int64_t>() const;
template std::vector<std::uint64_t> Dataset::read<std::uint64_t>() const;

void Dataset::write_string(std::size_t index, std::string_view text) const {
  const hid_t id = live(handle());
  const std::string what = "cannot write a string";
  Handle type = own(H5Dget_type(id), Kind::datatype, handle(), what);
  const std::size_t width = fixed_string_width(type, handle(), what);
  // Cut at a character boundary: never before a UTF-8 continuation byte (10xxxxxx).
  std::size_t length = std::min(text.size(), width);
  if (length < text.size())
    while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
  std::string padded(text.substr(0, length));
  padded.resize(width, '\0');
  Handle file_space = own(H5Dget_space(id), Kind::dataspace, handle(), what);
  const hsize_t start = index, one = 1;
  hsize_t extent = 0;
  check(H5Sget_simple_extent_dims(file_space.id(), &extent, nullptr), handle(), what);
  if (index >= extent)
    throw failure(handle(),
                  what + ": element " + std::to_string(index) + " of " + std::to_string(extent));
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &one, nullptr),
        handle(), what);
  Handle memory_space = own(H5Screate_simple(1, &one, nullptr), Kind::dataspace, handle(), what);
  check(H5Dwrite(id, type.id(), memory_space.id(), file_space.id(), H5P_DEFAULT, padded.data()),
        handle(), what);
}

std::vector<std::string> Dataset::read_strings() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read strings";
  Handle type = own(H5Dget_type(id), Kind::datatype, handle(), what);
  const std::size_t width = fixed_string_width(type, handle(), what);
  Handle space = own(H5Dget_space(id), Kind::dataspace, handle(), what);
  const auto count =
      static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space.id()), handle(), what));
  check_stored(handle(), what, count, width, H5Dget_storage_size(id));
  std::vector<char> raw(count * width);
  if (count > 0)
    check(H5Dread(id, type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), handle(), what);
  std::vector<std::string> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    const char* item = raw.data() + i * width;
    std::size_t length = 0;
    while (length < width && item[length] != '\0') ++length;
    values[i].assign(item, length);
  }
  return values;
}

std::size_t Dataset::string_width() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read the string width";
  Handle type = own(H5Dget_type(id), Kind::datatype, handle(), what);
  return fixed_string_width(type, handle(), what);
}

bool Dataset::stores(ElementType type) const {
  const hid_t id = live(handle());
  const std::string what = "cannot read the element type";
  Handle stored = own(H5Dget_type(id), Kind::datatype, handle(), what);
  const H5T_class_t c = check(H5Tget_class(stored.id()), handle(), what);
  if (H5Tget_size(stored.id()) != 8) return false;
  if (type == ElementType::float64) return c == H5T_FLOAT;
  if (c != H5T_INTEGER) return false;
  const H5T_sign_t sign = check(H5Tget_sign(stored.id()), handle(), what);
  return (sign == H5T_SGN_2) == (type == ElementType::int64);
}

void Dataset::make_scale(std::string_view dimension_name) const {
  const hid_t id = live(handle());
  const std::string label(dimension_name);
  check(H5DSset_scale(id, label.c_str()), handle(), "cannot make a dimension scale");
}

void Dataset::attach_scale(const Dataset& scale, unsigned dim) const {
  const hid_t id = live(handle());
  check(H5DSattach_scale(id, live(scale.handle()), dim), handle(),
        "cannot attach dimension scale " + scale.path() + " to dimension " + std::to_string(dim));
}

bool Dataset::is_scale() const {
  const hid_t id = live(handle());
  return check(H5DSis_scale(id), handle(), "cannot query dimension scale") > 0;
}

bool Dataset::is_scale_attached(const Dataset& scale, unsigned dim) const {
  const hid_t id = live(handle());
  return check(H5DSis_attached(id, live(scale.handle()), dim), handle(),
               "cannot query dimension scale " + scale.path()) > 0;
}

int Dataset::filter_count() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read the filter pipeline";
  Handle create = own(H5Dget_create_plist(id), Kind::property_list, handle(), what);
  return check(H5Pget_nfilters(create.id()), handle(), what);
}

std::vector<std::size_t> Dataset::chunk_shape() const {
  const hid_t id = live(handle());
  const std::string what = "cannot read the chunk shape";
  Handle create = own(H5Dget_create_plist(id), Kind::property_list, handle(), what);
  if (check(H5Pget_layout(create.id()), handle(), what) != H5D_CHUNKED) return {};
  std::vector<hsize_t> dims(H5S_MAX_RANK);
  const int rank =
      check(H5Pget_chunk(create.id(), static_cast<int>(dims.size()), dims.data()), handle(), what);
  return {dims.begin(), dims.begin() + rank};
}

// --- Group ---

Group Group::create_group(std::string_view name) const {
  const hid_t loc = live(handle());
  const std::string key(name);
  const Handle where(-1, Kind::group, file_name(), join(path(), name));
  Handle group = own(H5Gcreate2(loc, key.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     Kind::group, where, "cannot create group");
  return Group(std::move(group));
}

Group Group::open_group(std::string_view name) const {
  const hid_t loc = live(handle());
  const std::string key(name);
  const Handle where(-1, Kind::group, file_name(), join(path(), name));
  Handle group =
      own(H5Gopen2(loc, key.c_str(), H5P_DEFAULT), Kind::group, where, "cannot open group");
  return Group(std::move(group));
}

Dataset Group::write_dataset(std::string_view name, std::span<const double> data,
                             std::vector<std::size_t> shape, std::vector<std::size_t> chunk) const {
  return write_dataset_of(handle(), name, data, std::move(shape), std::move(chunk));
}

Dataset Group::write_dataset(std::string_view name, std::span<const std::int64_t> data,
                             std::vector<std::size_t> shape, std::vector<std::size_t> chunk) const {
  return write_dataset_of(handle(), name, data, std::move(shape), std::move(chunk));
}

Dataset Group::write_dataset(std::string_view name, std::span<const std::uint64_t> data,
                             std::vector<std::size_t> shape, std::vector<std::size_t> chunk) const {
  return write_dataset_of(handle(), name, data, std::move(shape), std::move(chunk));
}

Dataset Group::create_dataset(std::string_view name, ElementType type,
                              std::vector<std::size_t> shape,
                              std::vector<std::size_t> chunk) const {
  const Handle where(-1, Kind::dataset, file_name(), join(path(), name));
  const std::string what = "cannot create dataset";
  live(handle());  // before the first HDF5 call: the type macros below open the library
  hid_t stored = H5T_IEEE_F64LE;
  if (type == ElementType::int64) stored = H5T_STD_I64LE;
  if (type == ElementType::uint64) stored = H5T_STD_U64LE;
  return Dataset(create_dataset_of(handle(), where, name, stored, shape, chunk, what));
}

Dataset Group::create_preallocated(std::string_view name, ElementType type,
                                   std::vector<std::size_t> shape) const {
  const Handle where(-1, Kind::dataset, file_name(), join(path(), name));
  const std::string what = "cannot create dataset";
  live(handle());  // before the first HDF5 call: the type macros below open the library
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::int64_t zero = 0;
  if (type == ElementType::float64)
    return Dataset(
        create_preallocated_of(handle(), where, name, H5T_IEEE_F64LE, shape, &nan, what));
  return Dataset(create_preallocated_of(handle(), where, name,
                                        type == ElementType::int64 ? H5T_STD_I64LE : H5T_STD_U64LE,
                                        shape, &zero, what));
}

Dataset Group::create_preallocated_strings(std::string_view name, std::size_t count,
                                           std::size_t width) const {
  const Handle where(-1, Kind::dataset, file_name(), join(path(), name));
  const std::string what = "cannot create dataset";
  live(handle());
  Handle type = fixed_string_type(width, where, what);
  const std::string empty(width, '\0');
  return Dataset(
      create_preallocated_of(handle(), where, name, type.id(), {count}, empty.data(), what));
}

Dataset Group::open_dataset(std::string_view name) const {
  const hid_t loc = live(handle());
  const std::string key(name);
  const Handle where(-1, Kind::dataset, file_name(), join(path(), name));
  Handle dataset =
      own(H5Dopen2(loc, key.c_str(), H5P_DEFAULT), Kind::dataset, where, "cannot open dataset");
  return Dataset(std::move(dataset));
}

void Group::create_soft_link(std::string_view name, std::string_view target) const {
  const hid_t loc = live(handle());
  const std::string key(name);
  const std::string destination(target);
  const Handle where(-1, Kind::group, file_name(), join(path(), name));
  check(H5Lcreate_soft(destination.c_str(), loc, key.c_str(), H5P_DEFAULT, H5P_DEFAULT), where,
        "cannot create a link to " + destination);
}

std::vector<std::string> Group::members() const {
  const hid_t loc = live(handle());
  std::vector<std::string> names;
  check(H5Literate(loc, H5_INDEX_NAME, H5_ITER_INC, nullptr, append_name, &names), handle(),
        "cannot list members");
  return names;
}

// --- File ---

File File::create(const std::filesystem::path& path) {
  silence_this_thread();
  const Handle where(-1, Kind::file, path.string(), "/");
  return File(own(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), Kind::file,
                  where, "cannot create file"));
}

File File::create_new(const std::filesystem::path& path) {
  silence_this_thread();
  const Handle where(-1, Kind::file, path.string(), "/");
  return File(own(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), Kind::file,
                  where, "cannot create file"));
}

File File::open(const std::filesystem::path& path) {
  silence_this_thread();
  const Handle where(-1, Kind::file, path.string(), "/");
  return File(own(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), Kind::file, where,
                  "cannot open file"));
}

File File::open_for_update(const std::filesystem::path& path) {
  silence_this_thread();
  const Handle where(-1, Kind::file, path.string(), "/");
  const std::string what = "cannot open file for writing";
  Handle access = own(H5Pcreate(H5P_FILE_ACCESS), Kind::property_list, where, what);
  check(H5Pset_file_locking(access.id(), 0, 1), where, what);
  return File(own(H5Fopen(path.c_str(), H5F_ACC_RDWR, access.id()), Kind::file, where, what));
}

void File::flush() const {
  check(H5Fflush(live(handle()), H5F_SCOPE_LOCAL), handle(), "cannot flush");
}

}  // namespace io::h5
