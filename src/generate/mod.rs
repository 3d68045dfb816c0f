//! Synthetic national-scale plans for benchmarks and scale tests (issue #5). Work in progress.
