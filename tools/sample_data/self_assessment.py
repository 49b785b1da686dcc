"""sample_data/self_assessment.yaml: a centre's optimistic ICMI self-assessment, copied from the template here.

Why a checked copy: `cxm validate --self-assessment` compares these claims with the evidence, so
the template must keep naming exactly the toolkit's 20 items, each rated 1-5.
"""

from __future__ import annotations

from pathlib import Path

import yaml

TEMPLATE = Path(__file__).resolve().parent / "self_assessment.yaml"

ICMI_ITEMS = (
    "organizational_alignment",
    "goals_and_objectives",
    "stakeholder_engagement",
    "resource_allocation",
    "customer_satisfaction",
    "csat_reporting",
    "employee_satisfaction",
    "operational_plans",
    "event_management",
    "feedback_management",
    "service_level_management",
    "continuous_improvement",
    "quality_assurance",
    "workforce_management",
    "service_level_response_time",
    "contact_metrics",
    "routing_system",
    "workforce_management_system",
    "omnichannel_system",
    "reporting_system",
)


def write_self_assessment(out: Path) -> Path:
    """Copy the template (comments included) after checking its items and ratings."""
    raw = TEMPLATE.read_bytes()
    data = yaml.safe_load(raw)
    items = data["items"]
    if tuple(items) != ICMI_ITEMS or not all(1 <= v <= 5 for v in items.values()):
        raise ValueError(f"{TEMPLATE.name}: items must be the 20 ICMI items in toolkit order, each rated 1-5")
    path = out / "self_assessment.yaml"
    path.write_bytes(raw)
    return path
