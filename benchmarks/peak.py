"""The peak resident set of this process, for the memory figures of the benchmark children."""

from __future__ import annotations

import resource

__all__ = ["peak_rss_kib"]


def peak_rss_kib() -> int:
    """This process's peak RSS in KiB since it started (``VmHWM`` on Linux).

    Not ``ru_maxrss`` where ``VmHWM`` exists: Linux carries ``ru_maxrss`` over an
    ``exec``, so a child started by a large parent would report the parent's peak and
    every size would measure the same.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
