"""The embedded default holds a small newsroom: the worker plus 8 journalists saving and
publishing for 20 s on one SQLite file, without one "database is locked" (issue 9, item 4).

The test makes its own SQLite file, so it runs the same whichever DATABASE_URL the suite uses.
Before the fix (rollback journal, deferred transactions):
`.venv/bin/python -m tests.media_site.sqlite_load --legacy` shows the failures.
"""

import pytest

from .sqlite_load import run_load

pytestmark = pytest.mark.live


def test_eight_writers_and_the_worker_on_one_sqlite_file_never_fail(tmp_path):
    figures = run_load(tmp_path, writers=8, seconds=20)
    assert figures["journal_mode"] == "wal"
    assert figures["failures"] == 0, figures["errors"]
    assert figures["revisions"] >= 8 * 3, figures  # everybody got work done
    assert figures["publishes"] >= 8, figures
    assert figures["missing_revisions"] == []
    assert figures["stuck_writers"] == []
    assert figures["worker_alive"]
    assert figures["worker_tasks"] > 0
    assert figures["worker_failed_tasks"] == 0
    assert figures["worker_log_locked"] == 0
