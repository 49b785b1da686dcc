"""Fixtures for the pipeline tests: a `cxm` driver script for runs in real subprocesses."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

DRIVER = textwrap.dedent('''
    """Runs the real `cxm` CLI with one extra stage, `pace`, that sleeps and logs each conversation."""
    import os, sys, time
    from cxmaturity.pipeline import ConversationStage, register_stage

    @register_stage("pace")
    class Pace(ConversationStage):
        def __init__(self, seconds=0.0):
            self.seconds = seconds
            self.log = os.environ.get("PACE_LOG")

        def __call__(self, conversation):
            time.sleep(self.seconds)
            if self.log:
                with open(self.log, "a") as handle:
                    handle.write(conversation.conversation_id + "\\n")
            return conversation

    from cxmaturity.cli import main
    sys.exit(main(sys.argv[1:]))
''')


@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Path:
    """The driver script: the real CLI in a subprocess, with a `pace` stage a test can watch and kill."""
    path = tmp_path_factory.mktemp("driver") / "cxm_driver.py"
    path.write_text(DRIVER, encoding="utf-8")
    return path
