"""The parts of a run: per-file accounting with derived status, and conversation-stage isolation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cxmaturity.model import Conversation, Rejected, Turn
from cxmaturity.pipeline import ConversationStage
from cxmaturity.pipeline.execute import StageExecutor, run_stage
from cxmaturity.pipeline.manifest import NOTHING_ACCEPTED, FileRecord


def _conversation(cid: str, text: str = "hello") -> Conversation:
    return Conversation(cid, [Turn("customer", text)])


def test_a_file_record_derives_its_status_and_reading_it_changes_nothing() -> None:
    record = FileRecord(path="a.jsonl", conversations_read=2, conversations_written=1)
    assert (record.status, record.reason) == ("ok", None)
    record.reject(Rejected("a.jsonl", "duplicate conversation_id", "c-2"))
    before = (record.status, record.reason, list(record.rejected))
    assert record.as_dict() == record.as_dict()
    assert (record.status, record.reason, list(record.rejected)) == before == ("partial", None, record.rejected)
    nothing = FileRecord(path="b.jsonl", conversations_read=1)
    nothing.reject(Rejected("b.jsonl", "conversation has no turns", "c-9"))
    assert (nothing.status, nothing.reason) == ("rejected", NOTHING_ACCEPTED)


def test_a_file_that_breaks_off_is_partial_or_rejected_by_what_was_read() -> None:
    assert FileRecord(path="gone.json", error="gone.json: not found").as_dict()["status"] == "rejected"
    broken = FileRecord(path="half.jsonl", error="half.jsonl: line 3: invalid JSON", conversations_read=2)
    assert (broken.status, broken.reason) == ("partial", "half.jsonl: line 3: invalid JSON")


class RejectsShortOnes(ConversationStage):
    """Yields a Rejected in place of what it cannot process, as the `pipe` contract says."""

    name = "test_rejects_short"

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation | Rejected]:
        for conversation in conversations:
            if len(conversation.turns[0].text) < 3:
                yield Rejected("x", "too short", conversation.conversation_id, stage=self.name)
            else:
                yield conversation


class DropsOnePerBatch(ConversationStage):
    """Breaks the contract on batches (yields one item too few); is fine one conversation at a time."""

    name = "test_drops_one"

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation | Rejected]:
        batch = list(conversations)
        yield from batch if len(batch) == 1 else batch[1:]


def test_stages_keep_one_item_per_conversation_in_order() -> None:
    items: list[Conversation | Rejected] = [_conversation("c-1"), _conversation("c-2", "no"), _conversation("c-3")]
    out = run_stage(RejectsShortOnes(), items)
    assert [type(i).__name__ for i in out] == ["Conversation", "Rejected", "Conversation"]
    out = run_stage(DropsOnePerBatch(), out)  # the batch is retried one conversation at a time
    assert [i.conversation_id for i in out] == ["c-1", "c-2", "c-3"]
    assert isinstance(out[1], Rejected) and out[1].stage == "test_rejects_short"


def test_an_executor_holds_its_stages_and_reports_their_time() -> None:
    executor = StageExecutor([RejectsShortOnes()])
    result = executor.process_chunk([_conversation("c-1"), _conversation("c-2", "no")])
    assert [type(i).__name__ for i in result.items] == ["Conversation", "Rejected"]
    assert set(result.stage_seconds) == {"test_rejects_short"}
