"""Dependencies flow one way: workbooks -> widgets -> services -> store -> domain, with
matching (pure algorithms) and reports beside the services (DESIGN.md, "Layout").

Read from the source, so an import inside a function counts as much as one at the
top; a violation fails with the module, the line and what it imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "mentorkit"

# What each part of the package may import from mentorkit (besides itself).
ALLOWED = {
    "domain": {"errors"},
    "store": {"errors", "domain"},
    "matching": {"errors", "domain"},
    "mail": {"errors", "domain", "files"},
    "services": {"errors", "domain", "store", "matching", "mail", "folder", "files",
                 "apps.catalogue"},
    "reports": {"errors", "domain", "store", "matching", "services", "folder", "files",
                "figures_html", "apps.catalogue", "apps"},
    "widgets": {"errors", "domain", "services", "matching", "folder", "figures_html",
                "apps.catalogue", "apps"},
}  # fmt: skip
# Libraries of the user interface, which the layers below the widgets never load.
UI = ("ipywidgets", "voila", "playwright", "IPython", "tornado")
BELOW_THE_UI = ("domain", "store", "matching", "mail", "services")


def imports(path: Path):
    """(line, module) for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            yield node.lineno, base


def part_of(module: str) -> str | None:
    """The part of mentorkit a module belongs to: ``apps.catalogue``, ``domain``..."""
    if not module.startswith("mentorkit."):
        return None
    rest = module.removeprefix("mentorkit.").split(".")
    if rest[0] == "apps" and len(rest) > 1 and rest[1] == "catalogue":
        return "apps.catalogue"
    return rest[0]


def modules_of(part: str) -> list[Path]:
    return sorted((PACKAGE / part).rglob("*.py"))


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below(part):
    wrong = []
    for path in modules_of(part):
        for line, module in imports(path):
            other = part_of(module)
            if other is None or other == part or other.split(".")[0] == part:
                continue
            if other not in ALLOWED[part] and other.split(".")[0] not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("part", BELOW_THE_UI)
def test_the_layers_below_the_widgets_never_load_the_user_interface(part):
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in modules_of(part)
        for line, module in imports(path)
        if module.split(".")[0] in UI
    ]
    assert wrong == []


def test_the_command_line_and_the_widgets_never_import_the_store():
    paths = [*modules_of("cli"), *modules_of("widgets")]
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in paths
        for line, module in imports(path)
        if part_of(module) == "store" or module.split(".")[0] == "sqlalchemy"
    ]
    assert wrong == []


def test_widgets_never_open_the_store_they_call_services():
    wrong = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in modules_of("widgets")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "open_store(" in line
    ]
    assert wrong == []


def test_a_violation_is_caught(tmp_path, monkeypatch):
    """The check itself: a domain module importing the store is reported."""
    fake = tmp_path / "mentorkit" / "domain"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("def f():\n    from mentorkit.store import Store\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "mentorkit")
    with pytest.raises(AssertionError, match=r"domain/bad.py:2 imports mentorkit.store"):
        test_each_layer_imports_only_the_layers_below("domain")
