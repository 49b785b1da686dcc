"""Stage names resolve through one catalogue registry: built-ins as entry points, others by decorator."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from cxmaturity import registries
from cxmaturity.model import Conversation
from cxmaturity.pipeline import ConversationStage, CorpusStage, get_stage, register_stage, registered_stages
from cxmaturity.pipeline.registry import ENTRY_POINT_GROUP
from cxmaturity.pipeline.stage import Corpus


@register_stage("test_registry_unnamed")
class Unnamed(ConversationStage):
    def __call__(self, conversation: Conversation) -> Conversation:
        return conversation


@register_stage("test_registry_alias")
class Named(CorpusStage):
    name = "test_registry_own_name"

    def __call__(self, corpus: Corpus) -> Corpus:
        return corpus


def test_built_in_stages_are_entry_points_of_the_catalogue_group() -> None:
    assert ENTRY_POINT_GROUP == "cxmaturity_stages" == registries.stages.entry_point_namespace
    declared = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert {"ingest", "redact", "classify", "signals", "maturity", "report"} <= declared
    assert not list(entry_points(group="cxmaturity.stages"))  # the old group is gone
    from cxmaturity.report.stage import ReportStage

    assert get_stage("report") is ReportStage


def test_decorated_stages_are_found_and_listed() -> None:
    assert get_stage("test_registry_unnamed") is Unnamed
    assert registries.stages.get("test_registry_unnamed") is Unnamed
    names = registered_stages()
    assert {"test_registry_unnamed", "test_registry_alias", "ingest", "classify"} <= set(names)
    assert names == sorted(names)


def test_the_decorator_names_a_class_only_when_it_has_no_name_of_its_own() -> None:
    assert Unnamed.name == "test_registry_unnamed"
    assert Named.name == "test_registry_own_name"
    assert ConversationStage.name == ""  # the base class is untouched


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown pipeline stage 'sentimint'; known stages: .*signals"):
        get_stage("sentimint")
