"""How much of a streamed answer a crash can lose — the one place that states it.

The chat page shows each piece at once and hands the text shown so far to the database
thread every :data:`HANDOFF_INTERVAL_S`; the answer's writer commits every hand-off at once
(:data:`STREAM_FLUSH_INTERVAL_S` = 0). So a crash or ``kill -9`` loses at most the text shown
in the last :data:`HANDOFF_INTERVAL_S` plus the time one commit takes (milliseconds): the
stated bound :data:`LOSS_BOUND_S` leaves room for a busy machine. What was saved is always a
prefix of what was shown. A completed message (and every other commit) is fsynced
(``synchronous=FULL``, see ``desktop.storage.sqlite_file``), so it survives a power cut too.
"""

from __future__ import annotations

HANDOFF_INTERVAL_S = 0.2
STREAM_FLUSH_INTERVAL_S = 0.0
LOSS_BOUND_S = 0.5
