"""Cohort reports and pair progress sheets: the workbooks' sections, and the batch
that runs them with papermill and renders self-contained HTML.
"""

from mentorkit.reports.figures import Period, suppress_small

__all__ = ["Period", "suppress_small"]
