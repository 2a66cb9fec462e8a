"""The kill harness's prepared workspace, made once for every module that kills runs
(`kill_harness`), and read by the others (each chain copies it before its first kill)."""

import pytest

from tests.orchestration.kill_harness import Harness, harness
from tests.shared import made_once


@pytest.fixture(scope="session")
def prepared(tmp_path_factory, worker_id) -> Harness:
    return made_once(tmp_path_factory, worker_id, "kill-harness", harness)
