"""Benchmarks (not timed tests): each module prints ratios against a baseline from the same run."""
