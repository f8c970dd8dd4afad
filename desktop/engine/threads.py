"""How many CPU threads llama.cpp should use by default, on a machine that may be shared.

llama.cpp's decode loop synchronises all its threads after every layer: if one thread is
descheduled because another program wants a core, every other thread spins and waits. With
as many threads as cores, one competing CPU-bound process made answers 25-70x slower (0.6-1.8
tok/s instead of 42-47 with one thread). Decoding is memory-bound, so the last core or two add
little when idle; leaving them free keeps the speed when the machine is busy.
"""

from __future__ import annotations

import os
from pathlib import Path

SYS_CPU = Path("/sys/devices/system/cpu")


def usable_cpus() -> set[int]:
    """The logical CPUs this process may run on (respects taskset/cgroup affinity)."""
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return set(range(os.cpu_count() or 1))


def physical_cores(cpus: set[int] | None = None, sys_cpu: Path = SYS_CPU) -> int:
    """Distinct physical cores among ``cpus`` (SMT siblings counted once).

    Reads the kernel's topology files; where they are missing (other systems, containers
    hiding /sys) every logical CPU is counted as a core.
    """
    cpus = usable_cpus() if cpus is None else cpus
    cores: set[tuple[str, str]] = set()
    for cpu in cpus:
        topo = sys_cpu / f"cpu{cpu}" / "topology"
        try:
            package = (topo / "physical_package_id").read_text().strip()
            core = (topo / "core_id").read_text().strip()
        except OSError:
            return max(1, len(cpus))
        cores.add((package, core))
    return max(1, len(cores))


def default_threads_for(cores: int) -> int:
    """Threads to use on ``cores`` physical cores: leave headroom for the rest of the machine.

    One core stays free up to 8 cores, two above (browsers, the GUI thread, a second app);
    a single-core machine uses its one core.
    """
    if cores <= 1:
        return 1
    headroom = 1 if cores <= 8 else 2
    return cores - headroom


def default_threads() -> int:
    """The default CPU thread count for llama.cpp on this machine."""
    return default_threads_for(physical_cores())
