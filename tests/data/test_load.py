"""Loading tables by name, with proper types."""

from __future__ import annotations

import pandas as pd
import pytest

from planlab import datasets
from planlab.data.calibration import key_figures
from planlab.errors import DatasetFileError, UnknownDatasetError


def test_available_lists_every_table():
    assert datasets.available()[:3] == ["localities", "population", "population_projections"]
    assert len(datasets.available()) == 34


def test_an_unknown_name_lists_the_available_ones():
    with pytest.raises(UnknownDatasetError) as caught:
        datasets.load("admissions")
    message = str(caught.value)
    assert "There is no dataset called 'admissions'" in message
    assert "emergency_admissions" in message
    assert all(name in message for name in datasets.available())
    assert caught.value.available == datasets.available()


def test_load_gives_typed_columns():
    admissions = datasets.load("emergency_admissions")
    assert isinstance(admissions["Month"].dtype, pd.PeriodDtype)
    assert str(admissions["Month"].iloc[0]) == "2015-04"
    assert admissions["AgeGroup"].cat.ordered
    assert list(admissions["AgeGroup"].cat.categories) == [
        "0-4",
        "5-14",
        "15-44",
        "45-64",
        "65-74",
        "75-84",
        "85plus",
    ]
    assert admissions["EmergencyAdmissions"].dtype == "int64"
    daily = datasets.load("acute_daily")
    assert pd.api.types.is_datetime64_any_dtype(daily["Date"])
    assert datasets.load("waiting_list")["WeekEnding"].dt.day_of_week.eq(6).all()


def test_ordered_age_groups_sort_youngest_first():
    population = datasets.load("population")
    by_age = population.groupby("AgeGroup", observed=True)["Population"].sum()
    assert by_age.index[0] == "0-4"
    assert by_age.index[-1] == "90plus"


def test_loaded_tables_give_the_same_key_figures_as_generated_ones(tables):
    loaded = datasets.load_all()
    pd.testing.assert_frame_equal(key_figures(loaded), key_figures(tables))


def test_a_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(DatasetFileError, match="planlab data generate --out"):
        datasets.load("population", tmp_path)


def test_the_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLAB_DATASETS", str(tmp_path))
    with pytest.raises(DatasetFileError, match=str(tmp_path)):
        datasets.load("budget")


def test_a_near_miss_suggests_the_intended_name():
    with pytest.raises(UnknownDatasetError, match="Did you mean 'population'"):
        datasets.load("populaton")
