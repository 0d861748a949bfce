"""The curated tables say what the article says: quotes verbatim, figures right, all sourced."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.sources import SourceData

ARTICLE = "weitz-2013"


@pytest.fixture(scope="module")
def relations(source_data: SourceData) -> pd.DataFrame:
    return source_data.tables["relations"]


def _rows(relations: pd.DataFrame, **match: str) -> pd.DataFrame:
    mask = pd.Series(True, index=relations.index)
    for column, value in match.items():
        mask &= relations[column] == value
    return relations[mask]


@pytest.mark.parametrize("table", ["relations", "routes", "disputes"])
def test_every_quote_occurs_verbatim_in_its_document(source_data: SourceData, table: str):
    frame = source_data.tables[table]
    quoted = frame[frame["quote"] != ""]
    assert len(quoted) > 0
    missing = [r.id for r in quoted.itertuples() if r.quote not in source_data.texts[r.source_doc]]
    assert missing == []


@pytest.mark.parametrize("table", ["relations", "routes", "disputes", "places"])
def test_nothing_is_unsourced(source_data: SourceData, table: str):
    frame = source_data.tables[table]
    quote = frame["quote"] if "quote" in frame else pd.Series("", index=frame.index)
    unsourced = frame[(quote == "") & (frame["source_url"] == "")]
    assert unsourced["id"].tolist() == []


def test_article_text_is_verbatim_without_page_boilerplate(source_data: SourceData):
    text = source_data.texts[ARTICLE]
    assert text.startswith("Global Insights: With Asia Tour, Putin Puts Russia’s Pacific Pivot")
    assert text.rstrip().endswith("His weekly WPR column, Global Insights, appears every Tuesday.")
    assert "You can comment this article" not in text


def test_publication_date_and_how_it_was_established(source_data: SourceData):
    doc = source_data.tables["documents"].set_index("id").loc[ARTICLE]
    assert doc["published"] == "2013-11-12"
    assert "Tuesday" in doc["date_basis"]
    assert doc["author"] == "Richard Weitz"
    assert doc["publication"] == "World Politics Review"


@pytest.mark.parametrize(
    ("match", "value", "unit", "year"),
    [
        (
            {"kind": "trade", "source": "RUS", "target": "JPN", "value": "33"},
            "33",
            "USD bn",
            "2012",
        ),
        ({"kind": "investment", "source": "JPN", "target": "RUS"}, "10.6", "USD bn", "2012"),
        (
            {"kind": "trade", "source": "RUS", "target": "CHN", "value": "1"},
            "1",
            "rank among Russia's trade partners",
            "2008",
        ),
        (
            {"kind": "arms", "source": "RUS", "target": "ASIA", "value": "50"},
            "50",
            "percent of Russia's arms exports",
            "",
        ),
        (
            {"kind": "diplomacy", "source": "RUS", "target": "JPN", "value": "4"},
            "4",
            "meetings",
            "2013",
        ),
    ],
)
def test_article_figures(relations: pd.DataFrame, match: dict, value: str, unit: str, year: str):
    rows = _rows(relations, **match)
    rows = rows[rows["value"] != ""]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["value"], row["unit"], row["year"]) == (value, unit, year)


@pytest.mark.parametrize(
    ("kind", "source", "target", "date"),
    [
        ("diplomacy", "RUS", "VNM", "2013-11"),  # Putin's visit to Vietnam
        ("diplomacy", "RUS", "KOR", "2013-11"),  # ... and to South Korea
        ("diplomacy", "JPN", "RUS", "2013-04"),  # Abe's state visit
        ("security", "RUS", "JPN", "2013-11-01"),  # defence ministers agree
        ("security", "RUS", "JPN", "2013-11-02"),  # the "two-plus-two"
    ],
)
def test_dated_events(relations: pd.DataFrame, kind: str, source: str, target: str, date: str):
    assert len(_rows(relations, kind=kind, source=source, target=target, date=date)) >= 1


@pytest.mark.parametrize(
    ("match", "expected_status"),
    [
        # the claimant first: Japan claims the southern Kurils, which Russia administers
        ({"kind": "dispute", "source": "JPN", "target": "RUS"}, {"disputed", "expected"}),
        ({"kind": "energy", "target": "KOR", "via": "PRK"}, {"proposed"}),
        ({"kind": "trade", "target": "KOR", "via": "PRK"}, {"proposed"}),
        ({"kind": "security", "source": "RUS", "target": "USA"}, {"opposed"}),
        ({"kind": "security", "source": "CHN", "target": "USA"}, {"opposed"}),
        ({"kind": "arms", "source": "RUS", "target": "VNM"}, {"reported"}),
        ({"kind": "investment", "source": "CHN", "target": "RUS"}, {"expected"}),
        ({"kind": "diplomacy", "source": "RUS", "target": "APEC", "year": "2012"}, {"reported"}),
        ({"kind": "diplomacy", "source": "RUS", "target": "EAS", "year": "2011"}, {"reported"}),
    ],
)
def test_relationships_the_article_states(
    relations: pd.DataFrame, match: dict, expected_status: set[str]
):
    rows = _rows(relations, **match)
    assert len(rows) >= 1
    assert set(rows["status"]) <= expected_status


@pytest.mark.parametrize("partner", ["JPN", "KOR", "VNM", "CHN"])
def test_energy_terms_expected_from_each_buyer(relations: pd.DataFrame, partner: str):
    rows = _rows(relations, kind="energy", source="RUS", target=partner, status="expected")
    assert rows["quote"].str.contains("concessions on energy trade terms").all()
    assert len(rows) == 1


def test_groups_declare_their_members(source_data: SourceData):
    members = source_data.tables["group_members"].groupby("group")["member"].apply(set)
    assert set(source_data.tables["groups"]["code"]) == set(members.index)
    assert len(members["ASEAN"]) == 10
    assert {"RUS", "USA", "CHN", "JPN"} <= members["EAS"]
    assert "VNM" in members["ASIA"] and "RUS" not in members["ASIA"]


def test_outside_figures_that_disagree_are_cited(relations: pd.DataFrame):
    flagged = relations[relations["other_value"] != ""]
    assert {"33", "10.6"} <= set(flagged["value"])
    assert flagged["other_source_url"].str.startswith("http").all()
