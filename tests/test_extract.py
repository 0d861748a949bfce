"""Extraction from any article: made-up passages about other regions come out right, and on
the project's article the candidates match the curated table and pass its validation."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pycountry
import pytest
from helpers import readable
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import settings as geo_settings
from geo.extract import (
    CANDIDATE_COLUMNS,
    NEWS_NAMES,
    RELATION_COLUMNS,
    clean_article,
    country_names,
    document_from_article,
    evaluate,
    find_actors,
    find_dates,
    find_figures,
    find_places,
    format_evaluation,
    relations_from_article,
)
from geo.extract import _Clock as Clock
from geo.sources import load_data, table_from_csv
from geo.validate import validate

ARTICLES = Path(__file__).parent / "articles"
PROJECT_ARTICLE = geo_settings.DATA_DIR / "sources" / "weitz-2013-putin-asia-tour.txt"
PUBLISHED = "2013-11-12"


def _article(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def _extract(name: str, published: str | None = None) -> pd.DataFrame:
    return relations_from_article(_article(name), doc_id="test", published=published)


def _rows(frame: pd.DataFrame, **match: str) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    return frame[mask]


def _pairs(frame: pd.DataFrame, kind: str) -> set[frozenset[str]]:
    rows = frame[frame["kind"] == kind]
    return {frozenset((s, t)) for s, t in zip(rows["source"], rows["target"], strict=True)}


# --- made-up passages about other regions ------------------------------------------------


def test_brazil_china_soybean_trade_with_its_figures():
    found = _extract("brazil-china-soybeans.txt")
    exports = _rows(found, kind="trade", source="BRA", target="CHN", value="20.3")
    assert exports[["unit", "year"]].values.tolist() == [["USD bn", "2016"]]
    share = _rows(found, kind="trade", value="60")
    assert share[["source", "target", "unit"]].values.tolist() == [
        ["BRA", "CHN", "percent of Brazil’s soybean harvest"]
    ]  # China buys: Brazil sells
    assert not _rows(found, kind="investment", source="CHN", target="BRA").empty
    assert set(found["source"]) | set(found["target"]) == {"BRA", "CHN"}


def test_sudan_south_sudan_oil_pipeline_dispute():
    found = _extract("sudan-pipeline-dispute.txt")
    assert _pairs(found, "dispute") == {frozenset({"SDN", "SSD"})}
    assert _pairs(found, "energy") == {frozenset({"SDN", "SSD"})}
    dated = found[found["date"] != ""]
    assert set(dated["date"]) == {"2012-01"} and set(dated["year"]) == {"2012"}
    # "Port Sudan" is a place: it names no actor and shows in the note
    assert set(found["source"]) | set(found["target"]) == {"SDN", "SSD"}
    assert any("places: Port Sudan" in note for note in found["note"])


def test_indian_arms_purchase_from_france():
    found = _extract("india-france-rafale.txt")
    deal = _rows(found, kind="arms", value="8.7")
    assert deal[["source", "target", "unit", "year", "date"]].values.tolist() == [
        ["FRA", "IND", "USD bn", "2016", "2016-09"]
    ]  # India buys: France is the seller
    buyer = _rows(
        found,
        kind="arms",
        quote="The contract made India one of the largest buyers of French arms that year.",
    )
    assert buyer[["source", "target", "year"]].values.tolist() == [["FRA", "IND", "2016"]]


def test_german_investment_in_poland_prefers_the_dollar_figure():
    found = _extract("germany-poland-investment.txt")
    assert found[["kind", "source", "target", "value", "unit", "year"]].values.tolist() == [
        ["investment", "DEU", "POL", "3", "USD bn", "2023"]
    ]
    assert "€2 billion" in found.loc[0, "note"]


def test_indonesian_state_visit_to_canberra():
    found = _extract("indonesia-australia-visit.txt")
    visit = _rows(found, kind="diplomacy")
    assert visit[["source", "target", "year", "date"]].values.tolist() == [
        ["IDN", "AUS", "2019", "2019-03"]
    ]
    assert "state visit" in visit.iloc[0]["note"]


def test_last_year_is_resolved_against_the_publication_date():
    found = _extract("kenya-pakistan-tea.txt", published="2021-03-10")
    exports = _rows(found, kind="trade", value="0.56")
    assert exports[["source", "target", "unit", "year"]].values.tolist() == [
        ["KEN", "PAK", "USD bn", "2020"]
    ]
    assert "'Last year' = 2020" in exports.iloc[0]["note"]
    undated = _extract("kenya-pakistan-tea.txt")
    assert set(undated["year"]) == {""}
    assert "unresolved" in undated.iloc[0]["note"]


def test_page_boilerplate_is_dropped_before_extraction():
    raw = _article("boilerplate-page.txt")
    cleaned = clean_article(raw)
    for gone in (
        "Home | World",
        "senior fellow",
        "You can comment",
        "Комментировать",
        "Share this article",
        "All rights reserved",
    ):
        assert gone in raw and gone not in cleaned
    # what is kept is kept verbatim, in order
    kept = [line for line in raw.splitlines(keepends=True) if line in cleaned]
    assert "".join(kept) == cleaned
    found = relations_from_article(raw, doc_id="nile")
    codes = set(found["source"]) | set(found["target"])
    assert codes == {"EGY", "ETH"}  # the bio's "Chinese and Russian Studies" is gone
    assert _pairs(found, "dispute") == {frozenset({"EGY", "ETH"})}
    assert "trade" not in set(found["kind"])  # "Trade Accusations" is an idiom


def test_a_longer_passage_about_the_south_china_sea():
    found = _extract("philippines-south-china-sea.txt", published="2023-09-05")
    keys = {
        (frozenset((s, t)), k)
        for s, t, k in zip(found["source"], found["target"], found["kind"], strict=True)
    }
    assert {
        (frozenset({"PHL", "USA"}), "security"),
        (frozenset({"PHL", "USA"}), "diplomacy"),
        (frozenset({"CHN", "PHL"}), "dispute"),
        (frozenset({"CHN", "JPN"}), "dispute"),
        (frozenset({"CHN", "PHL"}), "investment"),
    } <= keys
    visit = _rows(found, kind="diplomacy", source="PHL", target="USA")
    assert visit[["year", "date"]].values.tolist() == [["2023", "2023-05"]]
    trade = _rows(found, kind="trade", value="87.7")
    assert trade[["unit", "year"]].values.tolist() == [["USD bn", "2022"]]
    assert not _rows(found, kind="investment", source="CHN", target="PHL").empty  # investors
    assert not _rows(found, kind="investment", source="JPN", target="PHL", value="2.3").empty
    # the shoal, the sea and the islands are places, not actors
    assert set(found["source"]) | set(found["target"]) <= {
        "PHL",
        "USA",
        "CHN",
        "JPN",
        "VNM",
        "MYS",
        "BRN",
        "ASEAN",
    }


def test_a_bio_like_sentence_inside_the_article_is_kept():
    body = [
        "Title",
        "",
        "By Jane Doe",
        "",
        "Jane Doe is a senior fellow at the Institute.",
        "",
        "Sergei Lavrov is the foreign minister and a veteran analyst of Asian affairs.",
        *["", "More text."] * 6,
        "",
        "John Roe is a contributing editor. He writes every Friday.",
    ]
    cleaned = clean_article("\n".join(body))
    assert "Sergei Lavrov is the foreign minister" in cleaned
    assert "Jane Doe is" not in cleaned and "John Roe" not in cleaned


def test_document_row_from_the_page():
    doc = document_from_article(_article("boilerplate-page.txt"), doc_id="nile", path="nile.txt")
    assert doc == {
        "id": "nile",
        "title": "Ethiopia and Egypt Trade Accusations Over the Nile Dam",
        "author": "Jane Doe",
        "publication": "Example Review",
        "published": "",
        "date_basis": doc["date_basis"],
        "path": "nile.txt",
    }
    assert "Unknown" in doc["date_basis"]
    dated = document_from_article(
        PROJECT_ARTICLE.read_text(encoding="utf-8"),
        doc_id="weitz-2013",
        path=PROJECT_ARTICLE.name,
        published=PUBLISHED,
    )
    assert dated["title"].startswith("Global Insights: With Asia Tour, Putin Puts")
    assert (dated["author"], dated["publication"], dated["published"]) == (
        "Richard Weitz",
        "unknown",
        PUBLISHED,
    )
    assert PUBLISHED in dated["date_basis"]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_two_pycountry_countries_and_any_figure(data: st.DataObject):
    """The rules are not tied to one region: any pair of countries by their ISO name, the
    seller or investor first as the source, whichever way the sentence puts it."""
    names = sorted(c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name)
    seller = data.draw(st.sampled_from(names))
    buyer = data.draw(
        st.sampled_from([n for n in names if n != seller and n not in seller and seller not in n])
    )
    amount = data.draw(st.integers(1, 900))
    year = data.draw(st.integers(1990, 2030))
    template, kind = data.draw(
        st.sampled_from(
            [
                ("{s} exported wheat worth ${a} billion to {b} in {y}.", "trade"),
                ("In {y}, {s} sold ${a} billion of oil to {b}.", "energy"),
                ("{b} imported ${a} billion of coffee from {s} in {y}.", "trade"),
                ("{s}’s investment in {b} reached ${a} billion in {y}.", "investment"),
            ]
        )
    )
    text = template.format(s=seller, b=buyer, a=amount, y=year)
    found = relations_from_article(text, doc_id="t")
    code = {n: pycountry.countries.get(name=n).alpha_3 for n in (seller, buyer)}
    assert found[["kind", "source", "target", "value", "unit", "year"]].values.tolist() == [
        [kind, code[seller], code[buyer], str(amount), "USD bn", str(year)]
    ]


# --- recognisers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Moscow and the Kremlin", ["RUS", "RUS"]),
        ("Tokyo, Beijing, Seoul, Hanoi and Pyongyang", ["JPN", "CHN", "KOR", "VNM", "PRK"]),
        ("Washington and the Pentagon", ["USA", "USA"]),
        ("Sino-Russian economic ties", ["CHN", "RUS"]),
        ("the Russian-U.S. failure", ["RUS", "USA"]),
        ("South Korean and North Korean officials", ["KOR", "PRK"]),
        ("ASEAN, APEC and the East Asia Summit", ["ASEAN", "APEC", "EAS"]),
        ("Asian countries and certain Southeast Asian countries", ["ASIA", "SEASIA"]),
        (
            "Viet Nam, the Republic of Korea and the Lao People's Democratic Republic",
            ["VNM", "KOR", "LAO"],
        ),
        ("Uruguay, Burkina Faso and Kyrgyzstan", ["URY", "BFA", "KGZ"]),
        ("the South Sudanese government and Sudan", ["SSD", "SDN"]),
        ("a US$10.6bn stake", []),
    ],
)
def test_actors_in_news_prose(text: str, codes: list[str]):
    assert [m.code for m in find_actors(text, find_places(text))] == codes


def test_possessives_are_marked():
    mentions = find_actors("Japan’s investment in Russia and China's trade")
    assert [(m.code, m.possessive) for m in mentions] == [
        ("JPN", True),
        ("RUS", False),
        ("CHN", True),
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the Kuril Islands", "the Kuril Islands"),
        ("toward the impoverished Russian Far East", "Russian Far East"),
        ("the Korean Peninsula", "the Korean Peninsula"),
        ("in the South China Sea", "the South China Sea"),
        ("to Port Sudan", "Port Sudan"),
    ],
)
def test_geographic_names_are_places_not_actors(text: str, place: str):
    places = find_places(text)
    assert place in [p.text for p in places]
    assert find_actors(text, places) == []


def test_countries_that_look_like_places_stay_countries():
    text = "the Solomon Islands and the Turks and Caicos Islands"
    assert [m.code for m in find_actors(text, find_places(text))] == ["SLB", "TCA"]


def test_country_names_come_from_pycountry_not_from_a_hand_list():
    names = country_names()
    assert set(names.values()) == {c.alpha_3 for c in pycountry.countries}
    assert {"Viet Nam", "Vietnam", "Republic of Korea", "Iran", "Venezuela"} <= set(names)
    assert "Korea" not in names  # both Koreas: ambiguous, never guessed
    assert len(NEWS_NAMES) < len(pycountry.countries) / 4


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a record $33 billion last year", 33, "USD bn"),
        ("reached US$10.6bn in 2012", 10.6, "USD bn"),
        ("turnover of 33 billion dollars", 33, "USD bn"),
        ("will invest €2 billion", 2, "EUR bn"),
        ("a $500 million loan", 0.5, "USD bn"),
        ("Half of Russia’s arms exports flow to Asia", 50, "percent of Russia’s arms exports"),
        ("40 percent of the market", 40, "percent of the market"),
        ("rose 12%", 12, "percent"),
    ],
)
def test_figures(text: str, value: float, unit: str):
    figures = find_figures(text)
    assert [(f.value, f.unit) for f in figures] == [(pytest.approx(value), unit)]


def test_dates_absolute_and_relative():
    clock = Clock(pd.Timestamp(PUBLISHED).date())
    text = (
        "Last year it hosted; the previous year it joined. In April 2013 he came. "
        "On Nov. 1 they agreed. The following day they met, this week and last week."
    )
    refs = [(r.text, r.year, r.date) for r in find_dates(text, clock)]
    assert refs == [
        ("Last year", "2012", ""),
        ("the previous year", "2011", ""),
        ("April 2013", "2013", "2013-04"),
        ("Nov. 1", "2013", "2013-11-01"),
        ("The following day", "2013", "2013-11-02"),
        ("this week", "2013", "2013-11"),
        ("last week", "2013", "2013-11"),
    ]


def test_relative_dates_stay_empty_without_a_publication_date():
    refs = find_dates("Last year and on Nov. 1", Clock(None))
    assert [(r.year, r.date) for r in refs] == [("", ""), ("", "")]


# --- the project's article ---------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_article() -> str:
    return PROJECT_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def candidates(raw_article: str) -> pd.DataFrame:
    return relations_from_article(raw_article, doc_id="weitz-2013", published=PUBLISHED)


def test_against_the_curated_table(candidates: pd.DataFrame):
    curated = table_from_csv(geo_settings.DATA_DIR / "relations.csv")
    result = evaluate(candidates, curated)
    assert result["recall"] >= 0.8, format_evaluation(result)
    assert result["precision"] >= 0.6, format_evaluation(result)
    assert result["expected"] == 43


def test_candidate_table_shape(candidates: pd.DataFrame):
    assert tuple(candidates.columns) == CANDIDATE_COLUMNS
    assert candidates["id"].tolist() == [f"x{i:03d}" for i in range(1, len(candidates) + 1)]
    assert set(candidates["status"]) == {"unreviewed"}
    assert all(isinstance(v, str) for v in candidates.to_numpy().ravel())
    assert all(0 <= float(c) <= 1 for c in candidates["confidence"])
    assert all(re.match(r"rule: [a-z]+-[a-z]+; matched '", n) for n in candidates["note"])


def test_every_quote_is_verbatim_in_the_raw_and_the_cleaned_text(
    candidates: pd.DataFrame, raw_article: str
):
    cleaned = clean_article(raw_article)
    assert "senior fellow" not in cleaned and "senior fellow" in raw_article
    assert all(q and q in raw_article and q in cleaned for q in candidates["quote"])


def test_figures_land_on_their_relations(candidates: pd.DataFrame):
    values = candidates[candidates["value"] != ""]
    got = {(r.kind, r.source, r.target, r.value, r.unit, r.year) for r in values.itertuples()}
    assert got == {
        ("arms", "RUS", "ASIA", "50", "percent of Russia’s arms exports", ""),
        ("trade", "JPN", "RUS", "33", "USD bn", "2012"),
        ("investment", "JPN", "RUS", "10.6", "USD bn", "2012"),
    }


def test_candidates_pass_the_projects_validation(candidates: pd.DataFrame, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(geo_settings.DATA_DIR, data)
    candidates[list(RELATION_COLUMNS)].to_csv(
        data / "relations.csv", index=False, lineterminator="\n"
    )
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    events[events["relations"] == ""].to_csv(
        data / "events.csv", index=False, lineterminator="\n"
    )  # cite curated ids
    (data / "story.csv").unlink()  # its steps cite curated ids too
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        validated = validate(load_data(data))
    assert len(validated.tables["relations"]) == len(candidates)


def test_a_new_article_maps_with_its_own_relations(tmp_path: Path):
    from geo.cli import main

    out = tmp_path / "soy.html"
    article = Path(__file__).parent / "articles" / "brazil-china-soybeans.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(
            ["build", "--article", str(article), "--published", "2020-03-01", "--out", str(out)]
        )
    assert code == 0
    html = readable(out.read_text(encoding="utf-8"))
    assert "Brazil and China Deepen Their Soybean Ties: relations extracted" in html
    assert "UNREVIEWED: machine-extracted" in html
    assert "As of March 2020" in html
    assert "Energy routes" not in html  # the project's own routes are not this article's


# --- evaluation --------------------------------------------------------------------------


def test_evaluation_counts_unordered_pairs_by_kind():
    def table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["source", "target", "kind"])

    curated = table([("RUS", "JPN", "trade"), ("JPN", "RUS", "trade"), ("RUS", "CHN", "arms")])
    found = table([("JPN", "RUS", "trade"), ("RUS", "CHN", "energy"), ("RUS", "RUS", "arms")])
    result = evaluate(found, curated)
    assert result == {
        "precision": 0.5,
        "recall": 0.5,
        "true_positives": 1,
        "predicted": 2,
        "expected": 2,
        "missed": ["CHN-RUS arms"],
        "spurious": ["CHN-RUS energy"],
    }
    text = format_evaluation(result)
    assert "precision 0.50" in text and "recall    0.50" in text and "CHN-RUS arms" in text


# --- how news is written: rules learned from the development corpus ----------------------


def _passage(text: str) -> pd.DataFrame:
    return relations_from_article("A title\n\n" + text + "\n", doc_id="test")


def _keys(frame: pd.DataFrame) -> set[tuple[frozenset[str], str]]:
    return {
        (frozenset((s, t)), k)
        for s, t, k in zip(frame["source"], frame["target"], frame["kind"], strict=True)
    }


def test_a_continent_or_an_organisation_absorbs_its_relation_and_writes_no_row():
    found = _passage(
        "Hours before his first official visit to Africa, the U.S. envoy accused China of "
        "encouraging dependency. Chinese troops serve with the U.N. mission in Mali."
    )
    assert (frozenset({"USA", "CHN"}), "diplomacy") not in _keys(found)  # the visit is Africa's
    assert not any(code.startswith("~") for code in [*found["source"], *found["target"]])
    assert (frozenset({"USA", "CHN"}), "dispute") in _keys(found)


def test_a_list_after_a_preposition_is_not_paired_among_itself():
    found = _passage("The United States will meet officials in Chad, Niger and Mali.")
    assert _keys(found) == {
        (frozenset({"USA", code}), "diplomacy") for code in ("TCD", "NER", "MLI")
    }


def test_references_to_states_named_before_are_resolved_with_a_note():
    found = _passage(
        "Kenya and Uganda met in May.\n\nThe two countries also agreed to expand trade."
    )
    trade = _rows(found, kind="trade")
    assert {frozenset(p) for p in trade[["source", "target"]].values.tolist()} == {
        frozenset({"KEN", "UGA"})
    }
    assert "'The two countries' read as KEN, UGA" in trade.iloc[0]["note"]
    assert trade.iloc[0]["quote"] in "The two countries also agreed to expand trade."


def test_a_person_introduced_with_a_title_stands_for_the_country():
    found = _passage(
        "Brazilian President Luiz Lula arrived on Monday. Lula later visited Beijing."
    )
    meeting = _rows(found, kind="diplomacy", source="BRA", target="CHN")
    assert len(meeting) == 1
    assert "introduced as 'Brazilian President Luiz Lula'" in meeting.iloc[0]["note"]


def test_a_subject_pronoun_is_read_as_the_state_it_follows():
    found = _passage(
        "Chile said on Monday that it would buy wheat from Argentina.\n\n"
        "Peru signed a loan. It will import rice from Vietnam.\n\n"
        "The plan is new. It will import rice from Vietnam."
    )
    inside = _rows(found, kind="trade", source="ARG", target="CHL")
    assert len(inside) == 1 and "'it' read as CHL" in inside.iloc[0]["note"]
    opening = _rows(found, kind="trade", source="VNM", target="PER")
    assert len(opening) == 1 and "'It' read as PER" in opening.iloc[0]["note"]
    assert len(_rows(found, kind="trade", source="VNM")) == 1  # no state before "The plan"
    expletive = _passage(
        "Kenya named a minister. It is unclear whether it will sell tea to Egypt."
    )
    assert _rows(expletive, kind="trade").empty


def test_a_speaker_is_no_partner():
    found = _passage(
        "Canadian Trade Minister Anne Smith arrived on Monday. "
        "Mexico will buy more wheat from Brazil, Smith said. "
        "The Canadian official added Mexico is building military ties with Brazil."
    )
    assert _pairs(found, "trade") == {frozenset({"MEX", "BRA"})}
    assert _pairs(found, "security") == {frozenset({"MEX", "BRA"})}
    assert "CAN" not in set(found["source"]) | set(found["target"])


def test_tensions_between_two_states_are_a_dispute_between_them_only():
    found = _passage(
        "A Japanese railway will help ease tensions between Ghana and Togo, officials said."
    )
    assert _pairs(found, "dispute") == {frozenset({"GHA", "TGO"})}
    assert "JPN" not in set(found["source"]) | set(found["target"])


def test_office_holders_stand_for_their_state_during_their_term_only():
    from geo.extract.lexicon import OFFICE_HOLDERS

    text = "President Donald Trump will visit Kenya. Trump will sell arms to Ghana.\n"
    during = relations_from_article(text, doc_id="t", published="2018-06-01")
    arms = _rows(during, kind="arms", source="USA", target="GHA")
    assert len(arms) == 1
    trump = next(h for h in OFFICE_HOLDERS if "Trump" in h.names)
    assert f"'Trump' read as USA (office holder: {trump.office}" in arms.iloc[0]["note"]
    assert trump.url in arms.iloc[0]["note"]
    assert _pairs(during, "diplomacy") == {frozenset({"USA", "KEN"})}
    before = relations_from_article(text, doc_id="t", published="2016-06-01")
    undated = relations_from_article(text, doc_id="t")
    for frame in (before, undated):
        assert "USA" not in set(frame["source"]) | set(frame["target"])


def test_every_office_holder_row_is_sourced_and_dated():
    from geo.audit import disallowed
    from geo.extract.lexicon import OFFICE_HOLDERS

    assert len(OFFICE_HOLDERS) >= 8
    for holder in OFFICE_HOLDERS:
        assert pycountry.countries.get(alpha_3=holder.code), holder
        assert holder.start or holder.end, holder
        for day in (holder.start, holder.end):
            assert not day or re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), holder
        assert re.match(r"https?://[a-z0-9.-]+\.[a-z]{2,}/", holder.url), holder
        assert disallowed(holder.url) == "", holder


def test_what_an_investment_pays_for_is_no_relation_of_its_own_kind():
    found = _passage(
        "Chile canceled $3 billion in Chinese-funded projects for railways and pipelines."
    )
    assert _keys(found) == {(frozenset({"CHN", "CHL"}), "investment")}
    shortage = _passage("South Korea invested $2 billion in Laos, easing energy shortages there.")
    assert _keys(shortage) == {(frozenset({"KOR", "LAO"}), "investment")}


def test_a_clause_set_beside_another_with_its_own_subject_acts_alike_not_as_a_partner():
    found = _passage(
        "Kenya canceled a Chinese-funded railway, and Uganda dropped a $2 billion dam project."
    )
    assert frozenset({"KEN", "UGA"}) not in _pairs(found, "investment")
    assert frozenset({"KEN", "CHN"}) in _pairs(found, "investment")


def test_a_state_that_welcomes_a_relation_between_others_is_no_party_to_it():
    for sentence in (
        "Zhao said China would welcome Japan and United States investments in Kenya.",
        "China has praised investments Japan intends to contribute to projects in Kenya.",
    ):
        found = _passage(sentence)
        assert "CHN" not in set(found["source"]) | set(found["target"]), sentence
    # the same subject with a relation of its own is paired as before
    assert _pairs(_passage("China will make investments in Kenya."), "investment") == {
        frozenset({"CHN", "KEN"})
    }


def test_every_partner_list_a_cue_introduces_is_paired():
    found = _passage(
        "Turkey’s arms sales span the region, from partners such as Qatar and Azerbaijan "
        "to more recent buyers like Ukraine."
    )
    assert _pairs(found, "arms") == {frozenset({"TUR", c}) for c in ("QAT", "AZE", "UKR")}


def test_the_place_before_where_is_the_clause_partner():
    found = _passage("Officials toured Djibouti, where China opened a naval base in 2017.")
    assert (frozenset({"CHN", "DJI"}), "security") in _keys(found)


@pytest.mark.parametrize(
    "text",
    [
        "Japanese investment in Vietnam is dwarfed by Korean investment.",  # comparison
        "Norway is the second-biggest arms exporter after America.",  # ranking
        "Norway has not sold weapons to Chile.",  # negation
        "Whether Peru will buy Russian jets remains unclear.",  # an open question
    ],
)
def test_comparisons_rankings_negations_and_open_questions_state_no_pair(text: str):
    found = _passage(text)
    pairs = {frozenset(p) for p in found[["source", "target"]].values.tolist()}
    assert pairs <= {frozenset({"JPN", "VNM"}), frozenset({"KOR", "VNM"})}, found


def test_places_are_not_actors_where_the_text_says_where():
    found = _passage(
        "Speaking at a forum in Paris, a group based in Singapore said India imports "
        "Russian oil; Kenya opened a Chinese-funded railway."
    )
    codes = set(found["source"]) | set(found["target"])
    assert not codes & {"FRA", "SGP"}
    assert (frozenset({"IND", "RUS"}), "energy") in _keys(found)
    assert (frozenset({"KEN", "CHN"}), "investment") in _keys(found)


@pytest.mark.parametrize(
    "text",
    [
        "Chile will meet officials of the allied nations of Peru and Bolivia.",
        "Argentina sent doctors to the war-ravaged country of Paraguay.",
        "Colombia recovered from a civil war; Ecuador welcomed it.",
        "Brazil said Uruguay flies military transport planes over Peru.",
    ],
)
def test_cue_words_that_describe_state_no_security_pair(text: str):
    assert "security" not in set(_passage(text)["kind"]), text


def test_a_hedged_cue_states_no_relation_but_the_noun_potential_does_not_hedge():
    found = _passage("Canada warned about a potential Brazilian takeover of a port in Chile.")
    assert _pairs(found, "investment") == set()
    found = _passage("Trade would realize the true potential of Peru-Chile economic relations.")
    assert frozenset({"PER", "CHL"}) in _pairs(found, "trade")


def test_and_before_a_subject_with_its_own_verb_starts_a_parallel_clause():
    found = _passage(
        "Nepal canceled its dam project last month and Laos announced last week that it "
        "was dropping a rail project over debt concerns."
    )
    assert frozenset({"NPL", "LAO"}) not in _pairs(found, "investment")
    # a coordinated subject stays one clause
    found = _passage("Japan and Vietnam signed a trade agreement.")
    assert frozenset({"JPN", "VNM"}) in _pairs(found, "trade")


def test_a_state_that_notes_what_another_does_is_the_speaker_not_a_partner():
    found = _passage("Tokyo has noted Indian plans to station troops in Vietnam.")
    assert _pairs(found, "security") == {frozenset({"IND", "VNM"})}


def test_a_border_between_two_states_is_a_place_and_between_takes_the_nearest_relation():
    found = _passage("Japan will fund clinics on the border between Laos and Vietnam.")
    assert _pairs(found, "investment") == {frozenset({"JPN", "LAO"}), frozenset({"JPN", "VNM"})}
    found = _passage(
        "Japan promotes these projects so that they help the relationship between Laos and "
        "Vietnam."
    )
    assert frozenset({"LAO", "VNM"}) not in _pairs(found, "investment")
    assert frozenset({"LAO", "VNM"}) in _pairs(found, "diplomacy")


def test_a_complaint_about_loans_is_the_loans_with_the_lender_as_source():
    found = _passage(
        "Kenya and Uganda have voiced complaints about the terms of the loans from Japan, "
        "which many have described as debt traps."
    )
    assert "dispute" not in set(found["kind"])
    loans = _rows(found, kind="investment")
    assert set(loans["source"]) == {"JPN"} and set(loans["target"]) == {"KEN", "UGA"}


def test_a_project_with_no_partner_belongs_to_the_programme_named_in_its_paragraph():
    found = _passage(
        "Malaysia canceled $20 billion in Belt and Road projects. Nepal canceled its dam "
        "project last month.\n\nLaos canceled a rail project."
    )
    nepal = _rows(found, source="CHN", target="NPL", kind="investment")
    assert len(nepal) == 1 and "Belt and Road (CHN)" in nepal["note"].iloc[0]
    assert "LAO" not in set(found["target"])  # a new paragraph names no programme


def test_a_second_list_after_as_well_as_is_paired_like_the_first():
    found = _passage(
        "They plan trilateral cooperation among Chile, Peru, and Japan, as well as "
        "Chile, Brazil, and Japan."
    )
    assert {frozenset({"CHL", "BRA"}), frozenset({"BRA", "JPN"})} <= _pairs(found, "diplomacy")


def test_capital_letters_in_a_cue_pattern_stay_capital_letters():
    # "challenges" is a dispute only before a name or "the", "its", "efforts": the case
    # of [A-Z] is kept although cues are matched without regard to case
    found = _passage("Chile and Peru will tackle the challenges of the century.")
    assert "dispute" not in set(found["kind"])
    assert _pairs(_passage("Chile challenges Peru over fishing."), "dispute") == {
        frozenset({"CHL", "PER"})
    }


def test_sovereignty_claims_worded_as_belonging_name_the_claimant():
    for text in (
        "Firms cut ties with Western Sahara, a land that Morocco considers its own territory.",
        "That doctrine insists that Western Sahara is part of Morocco.",
    ):
        claims = _rows(_passage(text), kind="dispute")
        pairs = list(zip(claims["source"], claims["target"], strict=True))
        assert pairs == [("MAR", "ESH")], text
    # a programme or a group after "part of" claims nothing
    for text in ("Nepal, which is part of BRI, signed.", "Japan is part of the Quad."):
        assert "dispute" not in set(_passage(text)["kind"]), text


def test_a_sentence_set_in_a_state_pairs_it_with_the_main_clause_relation():
    found = _passage(
        "In Mali — a major gold producer — Senegal has contributed 200 troops to the U.N. mission."
    )
    assert _pairs(found, "security") == {frozenset({"SEN", "MLI"})}


# --- the development corpus: real articles keyed before the extractor ran ----------------

REAL = ARTICLES / "real"


@pytest.fixture(scope="module")
def corpus_scores():
    from geo.extract import evaluate_corpus, reference_from_data

    return evaluate_corpus(REAL, reference=reference_from_data(geo_settings.DATA_DIR))


def test_the_corpus_holds_keyed_articles_from_two_outlets_with_their_sources(corpus_scores):
    index = table_from_csv(REAL / "corpus.csv")
    averaged = [s.name for s in corpus_scores if s.averaged]
    assert len(averaged) >= 10 and sorted(averaged) == sorted(index["article"])
    hosts = {url.split("/")[2] for url in index["url"]}
    assert "www.voanews.com" in hosts and len(hosts) >= 2  # more than one outlet
    assert all(host.endswith((".gov", "voanews.com")) for host in hosts), hosts
    assert all(index["licence"].str.contains("public domain"))
    for name, copied_from in zip(index["article"], index["copied_from"], strict=True):
        source = REAL / "sources" / (name + Path(copied_from).suffix)
        if not name.startswith("voa-"):  # stored beside its article, which is its body
            text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
            assert text == _source_body(source.read_text(encoding="utf-8")), name
    for name in averaged:  # each key's quote is in its article, verbatim or with "..."
        text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
        for quote in table_from_csv(REAL / f"{name}.key.csv")["quote"]:
            assert all(part.strip() in text for part in quote.split("...")), (name, quote)


def test_the_project_article_stays_out_of_the_averages_and_above_its_bar(corpus_scores):
    own = [s for s in corpus_scores if not s.averaged]
    assert [s.name for s in own] == [PROJECT_ARTICLE.stem]
    assert own[0].result["precision"] >= 0.95 and own[0].result["recall"] >= 0.9


def test_corpus_scores_stay_at_least_at_the_measured_level(corpus_scores):
    """The targets (precision 0.8, recall 0.75 averaged over articles), which the committed
    README figures meet, so a change that loses ground on real articles fails here."""
    kept = [s for s in corpus_scores if s.averaged]
    precision = sum(s.result["precision"] for s in kept) / len(kept)
    recall = sum(s.result["recall"] for s in kept) / len(kept)
    assert precision >= 0.8 and recall >= 0.75, (precision, recall)


def test_rows_at_confidence_0_8_or_more_are_right_at_least_85_percent_of_the_time(
    corpus_scores,
):
    from geo.extract import calibration, format_calibration

    table = calibration(corpus_scores)
    top = table[0]
    assert top["band"] == ">= 0.80" and top["rows"] >= 20
    assert top["share"] >= 0.85, format_calibration(table)
    assert sum(r["rows"] for r in table) == sum(len(s.rows) for s in corpus_scores[:-1])


def test_evaluate_on_a_folder_prints_the_table_and_the_calibration(capsys):
    from geo.cli import main

    assert main(["extract", "--evaluate", str(REAL)]) == 0
    out = capsys.readouterr().out
    assert "| **average of 12 articles** |" in out
    assert "| >= 0.80 |" in out and "not averaged" in out


def test_quotes_name_both_partners_or_the_note_says_how_they_were_read(corpus_scores):
    """A reviewer checks a row from its quote: the quote names both partners, or the note
    says which reference or person was read as one (or that the row continues the
    paragraph's last state). Measured over every row of the corpus and the project article."""
    from geo.extract import find_actors, find_places

    index = table_from_csv(REAL / "corpus.csv")
    dated = zip(index["article"], index["published"], strict=True)
    articles = [(REAL / f"{name}.txt", published) for name, published in dated]
    rows = checkable = 0
    for path, published in [*articles, (PROJECT_ARTICLE, PUBLISHED)]:
        found = relations_from_article(
            path.read_text(encoding="utf-8"), doc_id="t", published=published
        )
        for source, target, quote, note in found[["source", "target", "quote", "note"]].values:
            named = {m.code for m in find_actors(quote, find_places(quote))}
            rows += 1
            checkable += {source, target} <= named or "read as" in note or "continued" in note
    assert rows > 150 and checkable / rows >= 0.95, (checkable, rows)


@pytest.mark.parametrize(
    ("text", "source", "target", "kind"),
    [
        ("Zambia owes China $3 billion.", "CHN", "ZMB", "investment"),
        ("Djibouti's debt to China keeps growing.", "CHN", "DJI", "investment"),
        ("Laos voiced complaints about loans from China.", "CHN", "LAO", "investment"),
        ("Kenya secured a loan from China in May.", "CHN", "KEN", "investment"),
        ("Pakistan may use it to settle Chinese debts.", "CHN", "PAK", "investment"),
        ("China is denying accusations by the United States.", "USA", "CHN", "dispute"),
    ],
)
def test_lenders_and_accusers_are_the_source(text: str, source: str, target: str, kind: str):
    found = _rows(_passage(text), kind=kind)
    assert found[["source", "target"]].values.tolist() == [[source, target]], found


def test_the_corpus_direction_share_is_reported_and_holds(corpus_scores):
    right = sum(s.directions[0] for s in corpus_scores if s.averaged)
    total = sum(s.directions[1] for s in corpus_scores if s.averaged)
    assert total >= 50 and right / total >= 0.8, (right, total)


# --- the held-out set: texts from other outlets and years, never tuned on ------------------

HELDOUT = ARTICLES / "heldout"


def _source_body(source: str) -> str:
    r"""The article a held-out source file holds: its front matter and the closing ``\###``
    dropped, each paragraph's hard-wrapped lines joined by one space (tests/articles/
    heldout/README.md)."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", source.split("\n---\n", 1)[1]):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and lines != ["\\###"]:
            paragraphs.append(" ".join(lines))
    return "\n\n".join(paragraphs) + "\n"


def test_each_held_out_article_is_its_stored_source_and_its_key_quotes_are_verbatim():
    index = table_from_csv(HELDOUT / "corpus.csv")
    assert len(index) >= 4 and not set(index["article"]) & {p.stem for p in REAL.glob("*.txt")}
    assert all(index["licence"].str.contains("public domain"))
    assert set(index["published"].str[:3]) >= {"200", "202"}  # other decades than the VOA set
    for name, copied_from in zip(index["article"], index["copied_from"], strict=True):
        source = HELDOUT / "sources" / (name + Path(copied_from).suffix)  # that file, renamed
        text = (HELDOUT / f"{name}.txt").read_text(encoding="utf-8")
        assert text == _source_body(source.read_text(encoding="utf-8")), name
        key = table_from_csv(HELDOUT / f"{name}.key.csv")
        assert len(key) >= 1
        for quote in key["quote"]:
            assert quote in text, (name, quote)
