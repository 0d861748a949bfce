"""The story file (data/story.csv): checked like every input, joined into steps, carried by
the model into the page (step bar, the steps in the text version), and left out of a map
of another article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import set_cell

from geo.cli import main
from geo.errors import DataError
from geo.join import join
from geo.model import Options, map_model
from geo.sources import load_data
from geo.validate import validate

ARTICLE = Path(__file__).parent / "articles" / "india-france-rafale.txt"


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        map_model(join(validate(load_data(data_dir))))
    return [str(p) for p in caught.value.problems]


def test_the_projects_story_joins_into_steps_in_article_order(map_data):
    steps = map_data.story
    assert len(steps) >= 3
    text = map_data.texts["weitz-2013"]
    positions = [text.index(step.quote) for step in steps]
    assert positions == sorted(positions)  # the steps follow the article's argument
    assert all(step.fit for step in steps if step.bbox is None)


def test_a_quote_not_in_the_article_names_file_line_and_column(data_copy):
    set_cell(data_copy / "story.csv", "2", "quote", "Russia is well integrated into East Asia.")
    [problem] = _problems(data_copy)
    assert problem.startswith(f"{data_copy / 'story.csv'}, line 3, column 'quote': ")
    assert "verbatim" in problem


def test_unknown_feature_ids_are_named_with_a_suggestion(data_copy):
    set_cell(data_copy / "story.csv", "1", "highlight", "r001 r9999 espo_1")
    [problem] = _problems(data_copy)
    assert problem.startswith(f"{data_copy / 'story.csv'}, line 2, column 'highlight': ")
    assert "'r9999'" in problem
    assert "'espo_1' (did you mean 'espo1'?)" in problem


def test_an_unknown_layer_names_file_line_and_column(data_copy):
    set_cell(data_copy / "story.csv", "4", "layers", "partners trade-flow")
    [problem] = _problems(data_copy)
    assert problem.startswith(f"{data_copy / 'story.csv'}, line 5, column 'layers': ")
    assert "'trade-flow' is not a layer" in problem and "trade-flows" in problem


def test_steps_out_of_order_and_a_step_without_a_view_are_reported(data_copy):
    set_cell(data_copy / "story.csv", "3", "highlight", "")
    set_cell(data_copy / "story.csv", "3", "fit", "")
    set_cell(data_copy / "story.csv", "3", "step", "7")
    problems = _problems(data_copy)
    assert any("line 4, column 'step'" in p and "in order" in p for p in problems)
    assert any("line 4, column 'bbox'" in p and "a view for the step" in p for p in problems)


def test_a_bad_bbox_is_reported(data_copy):
    set_cell(data_copy / "story.csv", "11", "bbox", "185 0 90 65")
    [problem] = _problems(data_copy)
    assert "line 12, column 'bbox'" in problem and "west south east north" in problem


def test_a_map_without_some_layers_keeps_the_steps_layers_it_has(map_data):
    model = map_model(map_data, Options(layers=("partners", "energy-routes")))
    assert model.story
    assert {s for step in model.story for s in step.layers} <= {"partners", "energy-routes"}


def test_the_page_lists_the_steps_in_its_text_version(built_html: Path, map_data):
    html = built_html.read_text(encoding="utf-8")
    assert 'class="geo-panel geo-story"' in html
    listed = re.search(r'<section class="geo-story-steps">.*?</section>', html, re.S)
    assert listed is not None
    assert listed.group(0).count("<li>") == len(map_data.story)
    assert "Moscow’s diplomatic flexibility is also constrained" in listed.group(0)


def test_a_data_folder_without_a_story_builds_without_a_step_bar(data_copy, tmp_path):
    (data_copy / "story.csv").unlink()
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'class="geo-panel geo-story"' not in html
    assert '<section class="geo-story-steps">' not in html
    assert 'class="geo-panel geo-search"' in html  # search needs no story


def test_a_map_of_another_article_has_no_step_bar(tmp_path):
    out = tmp_path / "article.html"
    args = ["build", "--article", str(ARTICLE), "--published", "2015-04-10", "--out", str(out)]
    assert main(args) == 0
    assert 'class="geo-panel geo-story"' not in out.read_text(encoding="utf-8")
