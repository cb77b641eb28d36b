#include "sim/mpi.hpp"

#include <cstdlib>
#include <initializer_list>
#include <stdexcept>

#include "sim/mpi_impl.hpp"

namespace sim::mpi {

bool started() {
  // OpenMPI's mpirun, MPICH/Hydra (PMI_RANK), SLURM's srun with PMI-2 or PMIx.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

namespace {
int first_number(std::initializer_list<const char*> names, int fallback) {
  for (const char* name : names)
    if (const char* value = std::getenv(name)) return std::atoi(value);
  return fallback;
}
}  // namespace

int launched_ranks() {
  return first_number({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"}, 1);
}

int launched_rank() {
  return first_number({"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}, 0);
}

#if TWINSIM_HAVE_MPI

bool built_with_mpi() {
  return true;
}

Job::Job() : impl_(std::make_unique<Impl>()) {
  rank_ = impl_->world.rank();
  size_ = impl_->world.size();
}

Job::~Job() = default;

bool Job::all(bool ok) const {
  return boost::mpi::all_reduce(impl_->world, ok, std::logical_and<bool>());
}

void Job::abort(int status) const {
  impl_->environment.abort(status);
  std::abort();  // not reached
}

#else

bool built_with_mpi() {
  return false;
}

struct Job::Impl {};

Job::Job() {
  throw std::runtime_error(
      "this TwinSim was built without MPI (install libopenmpi-dev and libboost-mpi-dev, then "
      "rebuild)");
}

Job::~Job() = default;

bool Job::all(bool ok) const {
  return ok;
}

void Job::abort(int status) const {
  std::exit(status);
}

#endif

}  // namespace sim::mpi
