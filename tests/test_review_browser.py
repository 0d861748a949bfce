"""The review page in a real browser: review candidates from the keyboard, download the
reviewed table, and check that it validates and maps without the UNREVIEWED mark."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from helpers import readable

from geo import settings
from geo.cli import main
from geo.extract import document_from_article, relations_from_article
from geo.extract.review import review_page
from geo.sources import load_data, table_from_csv
from geo.validate import validate

pytestmark = pytest.mark.browser

ARTICLE = Path(__file__).parent / "articles" / "brazil-china-soybeans.txt"
PUBLISHED = "2020-03-01"


@pytest.fixture
def candidates() -> pd.DataFrame:
    text = ARTICLE.read_text(encoding="utf-8")
    return relations_from_article(text, doc_id="article", published=PUBLISHED)


@pytest.fixture
def review(browser, candidates: pd.DataFrame, tmp_path: Path):
    page_file = tmp_path / "review.html"
    html = review_page(candidates, ARTICLE.read_text(encoding="utf-8"), title="Soybeans")
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_selector(".row.current")
    yield page
    context.close()


def _download(page, path: Path) -> pd.DataFrame:
    with page.expect_download() as download:
        page.keyboard.press("Shift+D")
    download.value.save_as(path)
    return table_from_csv(path)


def test_each_candidate_shows_its_sentence_with_both_partners_marked(review, candidates):
    rows = review.locator(".row")
    assert rows.count() == len(candidates)
    first = rows.nth(0)
    assert first.locator(".quote").inner_text() == candidates.loc[0, "quote"]
    marked = first.locator("mark").all_inner_texts()
    assert {"Brazil", "China"} <= set(marked)
    assert review.errors == [] and all(u.startswith("file://") for u in review.requests)


def test_review_three_rows_by_keyboard_download_validate_and_build(
    review, candidates: pd.DataFrame, tmp_path: Path
):
    first, second, third = candidates["id"][:3]
    review.keyboard.press("a")  # accept the first
    review.keyboard.press("j")
    review.keyboard.press("r")  # reject the second
    review.keyboard.press("j")
    review.keyboard.press("e")  # edit the third's kind, year and direction, then accept
    review.locator(".row.current select[name=kind]").select_option("energy")
    review.keyboard.press("Escape")
    review.keyboard.press("y")
    review.locator(".row.current input[name=year]").fill("2017")
    review.keyboard.press("Enter")
    review.keyboard.press("s")
    review.keyboard.press("a")
    for _ in range(len(candidates) - 3):  # the rest: accepted as extracted
        review.keyboard.press("j")
        review.keyboard.press("a")
    assert review.locator("#counts").inner_text() == (
        f"{len(candidates)} of {len(candidates)} reviewed"
    )
    reviewed = _download(review, tmp_path / "reviewed.csv")

    assert second not in set(reviewed["id"])
    assert len(reviewed) == len(candidates) - 1
    assert set(reviewed["status"]) == {"reported"}
    edited = reviewed[reviewed["id"] == third].iloc[0]
    original = candidates[candidates["id"] == third].iloc[0]
    assert (edited["kind"], edited["year"]) == ("energy", "2017")
    assert (edited["source"], edited["target"]) == (original["target"], original["source"])
    assert "reviewed: accepted (kind trade -> energy" in edited["note"]
    kept = reviewed[reviewed["id"] == first].iloc[0]
    assert kept["note"].endswith("reviewed: accepted")
    assert kept["kind"] == candidates.loc[0, "kind"]

    data = _data_with(reviewed, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert len(validate(load_data(data)).tables["relations"]) == len(reviewed)
        out = tmp_path / "map.html"
        assert main(["build", "--data", str(data), "--out", str(out)]) == 0
    html = readable(out.read_text(encoding="utf-8"))  # the cards and CSV too
    assert "UNREVIEWED" not in html  # every row was reviewed
    assert "reviewed: accepted" in html


def _data_with(relations: pd.DataFrame, tmp_path: Path) -> Path:
    """A copy of the project's data whose relations are ``relations``, cited to the article."""
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, data)
    shutil.copy(ARTICLE, data / "sources" / ARTICLE.name)
    text = ARTICLE.read_text(encoding="utf-8")
    row = document_from_article(text, doc_id="article", path=ARTICLE.name, published=PUBLISHED)
    documents = pd.read_csv(data / "sources" / "documents.csv", dtype=str, keep_default_na=False)
    pd.concat([documents, pd.DataFrame([row])]).to_csv(
        data / "sources" / "documents.csv", index=False, lineterminator="\n"
    )
    shutil.copy(tmp_path / "reviewed.csv", data / "relations.csv")
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    events[events["relations"] == ""].to_csv(data / "events.csv", index=False, lineterminator="\n")
    (data / "story.csv").unlink()  # the story's steps cite the project's own relation ids
    return data
