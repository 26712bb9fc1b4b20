"""Comparing the counts, one concern per module, in the order a run applies them:

* :mod:`.selection`: which claims count for a run (made by ``as_of``, from the chosen claimants and sources);
* :mod:`.references`: each report's own figure, the headline figures, a report's own totals;
* :mod:`.discrepancies`: why each claim departs from its report's figure;
* :mod:`.coverage`: claimed totals beside the stations documented one by one;
* :mod:`.responses`: governments' responses as events, and counts by action.

Rules are documented in data/README.md and tested in tests/test_compare.py. The names below are the ones
notebooks and the brief use.
"""

from .coverage import COMPARED_METRICS, by_country, consistency, report_comparison, report_coverage, report_membership
from .discrepancies import DEPARTING_CLASSES, DISCREPANCY_CLASSES, classify, discrepancies
from .references import headlines, report_references, report_totals
from .responses import events, governments_investigating, responses_by_action
from .selection import known_by, select_claims, selection_table

__all__ = [
    "COMPARED_METRICS", "DEPARTING_CLASSES", "DISCREPANCY_CLASSES", "by_country", "classify", "consistency",
    "discrepancies", "events", "governments_investigating", "headlines", "known_by", "report_comparison",
    "report_coverage", "report_membership", "report_references", "report_totals", "responses_by_action",
    "select_claims", "selection_table",
]
