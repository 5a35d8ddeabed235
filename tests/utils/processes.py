"""Stopping the processes a test started: SIGTERM to all first (they shut down side by side),
then a bounded wait for each, SIGKILL for one that does not stop in time."""

from __future__ import annotations

import subprocess


def stop_processes(*processes: subprocess.Popen | None, timeout: float = 10) -> None:
    running = [p for p in processes if p is not None and p.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
