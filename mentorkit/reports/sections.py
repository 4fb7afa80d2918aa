"""The sections of the report workbooks: each displays tables and charts in the kernel.

A workbook cell calls one section, so a failure names the section's cell. The
cohort report and the pair sheet each have their own module; this one gathers them
for the workbooks.
"""

from mentorkit.reports.cohort_report import CohortReport
from mentorkit.reports.pair_report import PairReport
from mentorkit.reports.program_report import ProgramReport

__all__ = ["CohortReport", "PairReport", "ProgramReport"]
