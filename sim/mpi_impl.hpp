// Inside sim/mpi.cpp and sim/dispatch.cpp only: what a Job holds when TwinSim is built with MPI.
#pragma once

#include "sim/mpi.hpp"

#if TWINSIM_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>

namespace sim::mpi {

struct Job::Impl {
  // MPI calls come from one thread per process while others compute: "funneled".
  boost::mpi::environment environment{boost::mpi::threading::funneled};
  boost::mpi::communicator world;
};

}  // namespace sim::mpi
#endif
