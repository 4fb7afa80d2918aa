"""mentorkit: a Jupyter workbook and widget kit for running mentoring programs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mentorkit")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0"
