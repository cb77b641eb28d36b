#!/usr/bin/Rscript
# Reads a file written by `twinsim sweep` (finished, or OUT.h5.partial while the sweep runs) the
# way an R user does, with hdf5r (Debian's r-cran-hdf5r): the run status, a summary and a time
# series. Fails (status 1) when the layout is not what docs/sweeps.md says.
# Usage: Rscript tests/r/read_sweep.R FILE.h5 [MIN_COMPLETED]
suppressPackageStartupMessages(library(hdf5r))
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]
min_completed <- if (length(args) > 1) as.integer(args[2]) else 1L
f <- H5File$new(path, mode = "r")
completed <- f[["parameters/completed"]][]
runs <- length(completed)
done <- completed == 1
jobs <- f[["summary/jobs_south"]][]
failed <- f[["parameters/failed"]][]
ok <- done & failed == 0
metrics <- h5attr(f, "metrics")
# R is column-major: a (run, time) dataset reads as a time x run matrix.
series <- f[["timeseries/jobs_south"]][, ]
problems <- c()
if (sum(done) < min_completed) problems <- c(problems, sprintf("%d runs completed", sum(done)))
if (length(jobs) != runs) problems <- c(problems, "summary and parameters differ in runs")
if (!("jobs_south" %in% metrics)) problems <- c(problems, "no jobs_south in the metrics attribute")
if (ncol(series) != runs) problems <- c(problems, "the time series do not have one column per run")
if (any(!is.finite(jobs[ok]))) problems <- c(problems, "a completed run has no summary")
if (any(series[nrow(series), ok] != jobs[ok])) problems <- c(problems, "summary is not the last month")
f$close_all()
if (length(problems) > 0) {
  cat(paste0("read_sweep.R: ", problems, "\n"), sep = "")
  quit(status = 1)
}
cat(sprintf("read_sweep.R: OK %s: %d of %d runs completed, mean southern jobs %.1f\n", path,
            sum(done), runs, mean(jobs[ok])))
