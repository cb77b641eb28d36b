// The processes of an MPI job (mpirun, srun), when TwinSim is started by one. This header does not
// include MPI; without MPI at build time, started() still detects a launcher, so that a command
// can refuse to run N uncoordinated copies of itself.
#pragma once

#include <memory>

namespace sim::mpi {

/// True when this build can distribute work over MPI ranks.
bool built_with_mpi();

/// True when an MPI launcher started this process (its environment says so): OpenMPI's mpirun,
/// MPICH/Hydra, or SLURM's srun with PMI or PMIx.
bool started();

/// The number of processes and this one's rank as the launcher's environment gives them (1 and 0
/// when it gives none), without initialising MPI.
int launched_ranks();
int launched_rank();

/// MPI initialised for the life of this object (one per process; MPI calls only from the thread
/// that made it, while other threads compute). Throws std::runtime_error without MPI.
class Job {
 public:
  Job();
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// True on every rank when `ok` is true on every rank (a collective call).
  bool all(bool ok) const;
  /// Ends every rank of the job at once with `status` (MPI_Abort): for a rank that stops early.
  [[noreturn]] void abort(int status) const;

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace sim::mpi
