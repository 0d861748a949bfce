"""Shared fixtures: the real data joined once, the real map built once, data-folder copies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS

from geo import settings
from geo.join import MapData, join
from geo.sources import SourceData, load_data
from geo.validate import validate


@pytest.fixture(scope="session")
def source_data() -> SourceData:
    return validate(load_data())


@pytest.fixture(scope="session")
def map_data(source_data: SourceData) -> MapData:
    return join(source_data)


@pytest.fixture(scope="session")
def built_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The map as ``geo build`` writes it, from the project's own data."""
    from geo.cli import main

    out = tmp_path_factory.mktemp("build") / "russia-asia-pacific.html"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for every browser test (Playwright driving Debian's build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data folder, for tests that break it on purpose."""
    dest = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, dest)
    return dest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip only on a developer machine without Chromium; in CI they must run."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: browser tests must run")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
