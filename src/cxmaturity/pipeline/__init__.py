"""Pipeline: named stages composed in order by a YAML file in `pipelines/`."""

from cxmaturity.pipeline.registry import get_stage, register_stage, registered_stages
from cxmaturity.pipeline.stage import ConversationStage, Corpus, CorpusStage

__all__ = [
    "ConversationStage",
    "Corpus",
    "CorpusStage",
    "get_stage",
    "register_stage",
    "registered_stages",
]
