"""The reader registry (catalogue, plugins), one JSON parse per file on `Source`, and ingest config errors."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint, EntryPoints, entry_points
from pathlib import Path

import catalogue
import pytest

from cxmaturity import registries
from cxmaturity.errors import ConfigError
from cxmaturity.ingest import IngestError, IngestOptions, available_formats, read_path
from cxmaturity.ingest import source as source_module
from cxmaturity.ingest.registry import Reader, get_reader, readers, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.model import Conversation, Rejected, Turn

from .conftest import FIXTURES


class ToyReader(Reader):
    """A plugin-style reader: `TOY <id>` on the first line, then `role: text` lines."""

    suffixes = (".toy",)

    def sniff(self, source: Source) -> float:
        return 0.9 if source.text.startswith("TOY ") else 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        first, *lines = source.text.splitlines()
        turns = [Turn(role.strip(), text.strip()) for role, text in (line.split(":", 1) for line in lines if line)]
        yield Conversation(conversation_id=first.removeprefix("TOY ").strip(), turns=turns)


class PluginReader(ToyReader):
    """What an installed package's entry point names: a Reader class, not decorated here."""

    name = "toy_plugin"


TOY_TEXT = "TOY toy-1\nagent: Thanks for calling, how can I help?\ncustomer: My parcel is late.\n"


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by a test vanish after it (catalogue keeps them in one module dict)."""
    available_formats()  # built-in readers registered first, so they stay in the restored dict
    monkeypatch.setattr(catalogue, "REGISTRY", dict(catalogue.REGISTRY))


@pytest.fixture
def toy_file(tmp_path: Path) -> Path:
    path = tmp_path / "call.toy"
    path.write_text(TOY_TEXT)
    return path


@pytest.mark.usefixtures("isolated_registry")
def test_a_reader_registered_through_the_registry_reads_with_format(toy_file: Path) -> None:
    register_reader("toy")(ToyReader)
    assert "toy" in available_formats()
    assert isinstance(get_reader("toy"), ToyReader)
    assert "toy" in registries.readers

    for options in (IngestOptions(format="toy"), IngestOptions.from_config({"format": "toy"})):
        (conversation,) = read_path(toy_file, options)
        assert isinstance(conversation, Conversation)
        assert conversation.conversation_id == "toy-1"
        assert conversation.source_format == "toy"
        assert [t.speaker for t in conversation.turns] == ["agent", "customer"]


@pytest.mark.usefixtures("isolated_registry")
def test_a_registered_reader_takes_part_in_detection(toy_file: Path) -> None:
    register_reader("toy")(ToyReader)
    (conversation,) = read_path(toy_file)
    assert isinstance(conversation, Conversation)
    assert conversation.source_format == "toy"


def test_registrations_do_not_leak_between_tests() -> None:
    assert "toy" not in available_formats()


@pytest.mark.usefixtures("isolated_registry")
def test_a_reader_from_an_entry_point_is_found(monkeypatch: pytest.MonkeyPatch, toy_file: Path) -> None:
    # As if a package declaring `[project.entry-points.cxmaturity_readers] toy_plugin = ...` were installed.
    plugin = EntryPoint(name="toy_plugin", value=f"{__name__}:PluginReader", group="cxmaturity_readers")
    installed = EntryPoints([*entry_points(group="cxmaturity_readers"), plugin])
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", installed)

    assert "toy_plugin" in available_formats()
    assert isinstance(readers()["toy_plugin"], PluginReader)
    (conversation,) = read_path(toy_file, IngestOptions(format="toy_plugin"))
    assert isinstance(conversation, Conversation)
    assert conversation.source_format == "toy_plugin"


@pytest.mark.usefixtures("isolated_registry")
def test_something_registered_that_is_not_a_reader_is_a_config_error() -> None:
    registries.readers.register("not_a_reader", func=lambda: None)
    with pytest.raises(ConfigError, match="'not_a_reader'.*not a Reader subclass"):
        get_reader("not_a_reader")


def test_an_unknown_format_names_the_known_ones(toy_file: Path) -> None:
    with pytest.raises(KeyError, match="unknown format 'nope'; known formats: assemblyai, "):
        get_reader("nope")
    with pytest.raises(IngestError, match="unknown format 'nope'; known formats: "):
        list(read_path(toy_file, IngestOptions(format="nope")))


def test_readers_are_fresh_instances_of_registered_classes() -> None:
    first, second = get_reader("transcribe"), get_reader("transcribe")
    assert type(first) is type(second) and first is not second
    assert sorted(readers()) == available_formats()


# --------------------------------------------------------------------------- one parse per file
JSON_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.json*"))


@pytest.mark.parametrize("name", JSON_FIXTURES)
def test_detection_and_reading_share_one_json_parse(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    calls: list[int] = []
    real_parse = source_module.parse_json_text

    def counting_parse(text: str) -> source_module.JsonParse:
        calls.append(len(text))
        return real_parse(text)

    monkeypatch.setattr(source_module, "parse_json_text", counting_parse)
    items = list(read_path(FIXTURES / name))
    assert items and all(isinstance(item, Conversation) for item in items)
    assert len(calls) == 1  # every sniffer and the reader used the Source's parse

    list(read_path(FIXTURES / name))
    assert len(calls) == 2  # nothing kept between files: the next read parses again


def test_the_parse_lives_on_the_source_only() -> None:
    source = Source(path=Path("x.json"), name="x.json", data=b'{"a": 1}', text='{"a": 1}', encoding="utf-8")
    assert source.parsed_json is source.parsed_json
    assert source.parsed_json.value == {"a": 1}
    assert "parsed_json" in vars(source)  # cached on the instance, gone with it
    assert not hasattr(source_module.parse_json_text, "cache_clear")  # no process-wide cache


# --------------------------------------------------------------------------- config errors
@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"speaker_map": {"spk_0": "boss"}}, "ingest.speaker_map: "),
        ({"speaker_map": ["spk_0", "agent"]}, "ingest.speaker_map: "),
        ({"columns": {"txt": "Verbatim"}}, "ingest.columns: "),
        ({"columns": "Verbatim"}, "ingest.columns: "),
        ({"default_channel": "pigeon"}, "ingest.default_channel: "),
        ({"default_direction": "sideways"}, "ingest.default_direction: "),
        ({"merge_gap_s": -1}, "ingest.merge_gap_s: "),
        ({"merge_gap_s": "two"}, "ingest.merge_gap_s: "),
        ({"delimiter": ";;"}, "ingest.delimiter: "),
        ({"agent_names": "Sarah"}, "ingest.agent_names: "),
        ({"format": "nope"}, "ingest.format: "),
        ({"speakermap": {}}, "ingest: unknown option"),
    ],
)
def test_bad_ingest_config_is_a_config_error_naming_the_field(config: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        IngestOptions.from_config(config)
    assert str(caught.value).startswith(field)
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do


def test_good_ingest_config_still_loads() -> None:
    options = IngestOptions.from_config(
        {
            "speaker_map": {"spk_0": "agent"},
            "agent_names": ["Sarah"],
            "merge_gap_s": 1,
            "delimiter": ";",
            "columns": {"text": "Verbatim"},
        }
    )
    assert options.speaker_map == {"spk_0": "agent"} and options.agent_names == ("Sarah",)
    assert IngestOptions.from_config(None) == IngestOptions()
