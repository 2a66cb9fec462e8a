"""The kill harness's prepared workspace, once per module that kills runs (`kill_harness`)."""

import pytest

from tests.orchestration.kill_harness import Harness, harness


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Harness:
    return harness(tmp_path_factory.mktemp("kill"))
