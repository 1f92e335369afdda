"""Speed tooling: synthetic databases at national scale (synth); the benchmark builds on it."""
