"""Speed tooling: synthetic databases at national scale (synth); the benchmark builds on it
(runner); the websocket load driver of scripts/load.py (wsload).

Its modules import what the `bench` extra installs (numpy, websockets); this file does
not, so the command line can offer `humas synth` and `humas bench` without them.
"""

NATIONAL_DAYS = 730
DEFAULT_SEED = 2026
