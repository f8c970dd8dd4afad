"""Default thread count leaves headroom on a shared machine; a speed collapse is explained."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.engine import default_threads
from desktop.engine.speed import SpeedWatch
from desktop.engine.threads import default_threads_for, physical_cores, usable_cpus


def _topology(root: Path, cpus: dict[int, tuple[int, int]]) -> Path:
    """A /sys/devices/system/cpu-shaped tree: cpu -> (package, core)."""
    for cpu, (package, core) in cpus.items():
        topo = root / f"cpu{cpu}" / "topology"
        topo.mkdir(parents=True)
        (topo / "physical_package_id").write_text(f"{package}\n")
        (topo / "core_id").write_text(f"{core}\n")
    return root


def test_physical_cores_count_smt_siblings_once(tmp_path: Path) -> None:
    # 4 cores x 2 hyper-threads: 8 logical CPUs, 4 physical cores.
    sys_cpu = _topology(tmp_path, {i: (0, i % 4) for i in range(8)})
    assert physical_cores(set(range(8)), sys_cpu) == 4
    assert physical_cores({0, 4}, sys_cpu) == 1  # affinity to two siblings of one core
    two_sockets = _topology(tmp_path / "b", {0: (0, 0), 1: (1, 0)})
    assert physical_cores({0, 1}, two_sockets) == 2
    assert physical_cores({0, 1, 2}, tmp_path / "missing") == 3  # no topology: logical CPUs


def test_default_leaves_headroom() -> None:
    assert [default_threads_for(n) for n in (1, 2, 4, 8, 16)] == [1, 1, 3, 7, 14]
    assert default_threads() == default_threads_for(physical_cores())
    assert 1 <= default_threads() <= len(usable_cpus()) <= (os.cpu_count() or 1)
    if len(usable_cpus()) > 1:
        assert default_threads() < len(usable_cpus())


def test_speed_collapse_is_reported_with_what_to_do() -> None:
    watch = SpeedWatch()
    assert watch.observe("m", 44.0, 64, n_threads=4) is None  # the usual speed
    assert watch.observe("m", 30.0, 64, n_threads=4) is None  # slower, not collapsed
    assert watch.observe("m", 1.2, 8, n_threads=4) is None  # too short to judge
    hint = watch.observe("m", 1.2, 64, n_threads=4)
    assert hint is not None and hint.expected == 44.0
    assert "1.2 tokens/s" in hint.message and "44" in hint.message
    assert "CPU threads from 4 to 2" in hint.message
    one = watch.observe("m", 2.0, 64, n_threads=1)
    assert one is not None and "CPU threads" not in one.message and "Close" in one.message
    assert watch.observe("other", 1.2, 64, n_threads=4) is None  # no baseline, no size


def test_first_answer_judged_by_model_size() -> None:
    watch = SpeedWatch()
    # 100 MB model: at least 20 tok/s expected even on a weak machine.
    hint = watch.observe("m", 1.0, 64, n_threads=2, model_bytes=100_000_000)
    assert hint is not None and round(hint.expected) == 20
    assert watch.observe("big", 1.0, 64, n_threads=2, model_bytes=4_000_000_000) is None
