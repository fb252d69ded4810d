"""Every calibration parameter of the fictional Lochanvale partnership, with its source.

Lochanvale Health and Social Care Partnership (Lochanvale HSCP) is **fictional**.
Its data are synthetic: made by :mod:`planlab.data.generate` from the figures below.
Synthetic does not mean invented. Each level, rate, shape and trend here comes from a
published source, named beside it. Figures marked ``[EST]`` are estimates, chosen to be
consistent with the sourced figures around them; replace them when a better source turns up.

The code scheme is made up and cannot be mistaken for a real one: real Scottish codes
start with ``S`` (``S37`` for a partnership); Lochanvale's start with ``LV``.
``LVP01`` is the partnership and ``LVL01`` to ``LVL04`` are its four localities.

This module holds numbers only, so that the whole calibration can be read in one place:
the figures the generator is built from, and (at the end, ``PUBLISHED_FIGURES``) the
published figures that :mod:`planlab.data.calibration` sets the generated data beside.
No other module of :mod:`planlab.data` holds a calibration figure. It is over 500 lines
for that reason: splitting it would scatter the calibration across files.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ADMISSION_LEVEL_PERSISTENCE",
    "ADMISSION_SEASONALITY",
    "AE_LEVEL_PERSISTENCE",
    "AE_PANDEMIC_MONTH_FACTOR",
    "AE_RATE_PER_1000",
    "AE_SEASONALITY",
    "AE_SITES",
    "AGE_BANDS",
    "APPRAISAL_DEMAND_GROWTH",
    "APPRAISAL_ESTIMATE_SPREAD",
    "APPRAISAL_FIRST_YEAR",
    "APPRAISAL_INTERIM_PLACES",
    "APPRAISAL_INTERIM_WEEK_GBP",
    "APPRAISAL_MEDIAN_SCORES",
    "APPRAISAL_PANEL",
    "APPRAISAL_PAY_UPLIFT",
    "APPRAISAL_REACH",
    "APPRAISAL_SALARY_GBP",
    "APPRAISAL_SCORE_ASYMMETRY",
    "APPRAISAL_SCORE_SPREAD",
    "APPRAISAL_SERVICES",
    "APPRAISAL_WEIGHTS",
    "APPRAISAL_YEARS",
    "BAD_WINTER_MONTHS",
    "BAND_TO_BROAD",
    "BASE_YEAR",
    "BROAD_AGE_GROUPS",
    "BUDGET_LINES",
    "BUDGET_PER_HEAD_GBP",
    "BUDGET_SAVINGS_SHARE",
    "CARE_AT_HOME_CLIENTS_PER_1000",
    "CARE_AT_HOME_HOURS_PER_CLIENT",
    "CARE_AT_HOME_SIMD_SHARE_PUBLISHED",
    "CARE_AT_HOME_TREND",
    "CARE_CAPACITY_PERSISTENCE",
    "CARE_HOMES_PER_1000_65PLUS",
    "CARE_HOME_CLOSURE_CHANCE",
    "CARE_HOME_EXIT_RATE",
    "CARE_HOME_OCCUPANCY_BY_YEAR",
    "CARE_HOME_OCCUPANCY_SD",
    "CARE_HOME_PANDEMIC_BY_YEAR",
    "CARE_HOME_RESIDENTS_PER_1000_65PLUS",
    "CELL_NOISE_SHAPE",
    "COST_PER_BED_DAY_GBP",
    "COST_PER_CARE_HOUR_GBP",
    "DATA_QUALITY_LOCALITY",
    "DAY_OF_WEEK_FACTOR",
    "DEFAULT_SEED",
    "DELAYED_BEDS_PER_100K_ANCHORS",
    "DELAY_AGE_GROUPS",
    "DELAY_CAPACITY_ELASTICITY",
    "DELAY_LOCALITY_PERSISTENCE",
    "DELAY_REASONS",
    "DELAY_RUN_SCALE_DAYS",
    "DISCHARGE_DAY_FACTOR",
    "DISCHARGE_TO_ASSESS_LOCALITY",
    "DISCHARGE_TO_ASSESS_START",
    "DISCHARGE_TO_ASSESS_WAIT_RATIO",
    "ED_ADMITTED_SHARE",
    "ELECTIVE_CAPACITY_ANCHORS",
    "EMERGENCY_RATE_PER_1000",
    "EMPLOYER_ON_COSTS",
    "ENGAGEMENT_CHANNEL_SHARES",
    "ENGAGEMENT_CODER_ERRORS",
    "ENGAGEMENT_DOUBLE_CODED",
    "ENGAGEMENT_GROUP_SHARES",
    "ENGAGEMENT_NEGATED_CHANCE",
    "ENGAGEMENT_OFF_TOPIC_SHARE",
    "ENGAGEMENT_RATE_ELASTICITY",
    "ENGAGEMENT_RESPONSES_BY_LOCALITY",
    "ENGAGEMENT_STYLE_CHANCES",
    "ENGAGEMENT_THEME_BASE",
    "ENGAGEMENT_THEME_GROUP_FACTOR",
    "ENGAGEMENT_THEME_LOCALITY_FACTOR",
    "FEMALE_SHARE",
    "FERTILITY_RATE_15_44",
    "FIRST_BUDGET_YEAR",
    "FIRST_CARE_YEAR",
    "FIRST_DELAY_MONTH",
    "FIRST_MONTH",
    "FIRST_POPULATION_YEAR",
    "FOUR_HOUR_BY_YEAR",
    "FOUR_HOUR_PERSISTENCE",
    "FOUR_HOUR_SEASONAL_SHIFT",
    "GP_CONTACTS_PER_PERSON",
    "HOLIDAY_ADMISSION_FACTOR",
    "HOLIDAY_DISCHARGE_FACTOR",
    "HOME_CARE_HOURLY_RATE_GBP",
    "IJB_RECOVERY_PLAN_GBP_M",
    "LAST_PROJECTION_YEAR",
    "LOCALITIES",
    "LOCALITY_MIGRATION",
    "LOS_GAMMA_SHAPE",
    "MEAN_LOS_DAYS",
    "MIGRATION_VARIANTS",
    "MIU_FOUR_HOUR_BY_YEAR",
    "MORTALITY_FLOOR",
    "MORTALITY_IMPROVEMENT",
    "NCHC_WEEKLY_RATE_GBP",
    "NET_MIGRATION_BY_AGE",
    "NON_DEMOGRAPHIC_GROWTH",
    "OUTTURN_BIAS",
    "PANDEMIC_QUARTER_FACTOR",
    "PARTNERSHIP_NAME",
    "PATHWAY_FIRST_MONTH",
    "PATHWAY_LAST_MONTH",
    "PATHWAY_MEAN_WAIT_DAYS",
    "PATHWAY_READMISSION_SHARE",
    "PATHWAY_READY_PER_1000_75PLUS",
    "PATHWAY_WAIT_PERSISTENCE",
    "PATHWAY_WAIT_SD",
    "PATHWAY_WAIT_SEASONALITY",
    "PATHWAY_WAIT_SHAPE",
    "PATHWAY_WAIT_TREND",
    "PAY_BANDS",
    "PEOPLE_SAMPLE_DENOMINATOR",
    "PERSON_USE_SHAPE",
    "PRIORITY_SHARES",
    "PROVIDER_EXIT_LOCALITY",
    "PUBLISHED_FIGURES",
    "RESERVES_EARMARKED_SHARE",
    "RESERVES_SPREAD",
    "RETIREMENT_RATE_BY_AGE",
    "RISKS",
    "RISK_LIKELIHOOD_CUTS",
    "RISK_PROBABILITY_SPREAD",
    "RISK_RATINGS",
    "SCOTLAND_AGE_SHARE_PCT",
    "SCOTLAND_EMERGENCY_RATE_PER_1000",
    "SCOTLAND_IJB_RESERVES_GBP_M",
    "SCOTLAND_POPULATION_MID_2022",
    "SCOTLAND_POPULATION_MID_2023",
    "SCOTLAND_SHARE_65_PLUS",
    "SEGMENTS",
    "SEGMENT_SHARE_BY_AGE",
    "SEGMENT_SIMD_FACTOR",
    "SEGMENT_USE",
    "SERVICE_CHANGE_LOCALITY",
    "SERVICE_SUSPENDED_MONTHS",
    "SIMD_AGE_TILT",
    "SIMD_EMERGENCY_RATIO",
    "SIMD_LOS_FACTOR",
    "STAFF_AGE_BANDS",
    "STAFF_GROUPS",
    "TRAINING_INTAKE_SPREAD",
    "TRAINING_ROUTES",
    "TURNOVER_BY_AGE",
    "UNIT_COST_CV",
    "WAITING_CAPACITY_ELASTICITY",
    "WAITING_FOR_CARE_PER_1000_CLIENTS",
    "WAITING_LIST_DEMAND_GROWTH",
    "WAITING_LIST_SPECIALTIES",
    "WAITING_PRESSURE_BY_YEAR",
    "WTE_PER_HEAD_SOCIAL_CARE",
    "AppraisalService",
    "Locality",
    "PublishedFigure",
]

#: The fictional partnership's name, its made-up code, and the notice every file carries.
PARTNERSHIP_NAME = "Lochanvale Health and Social Care Partnership"
PARTNERSHIP_CODE = "LVP01"
FICTIONAL_NOTICE = (
    f"{PARTNERSHIP_NAME} is fictional. "
    "Every figure in these files is synthetic, calibrated to published Scottish statistics, "
    "except intervention_evidence.csv, which holds published effects from Cochrane reviews."
)

#: The seed that makes the committed files. Change it and every file changes.
DEFAULT_SEED = 20240601

#: The base year of the population (mid-year estimate, as NRS publishes them).
BASE_YEAR = 2024

#: Months covered by the monthly activity tables: April 2015 to March 2025 (ten financial years).
FIRST_MONTH = "2015-04"
LAST_MONTH = "2025-03"
#: Delayed discharge series start when PHS's current series does (July 2016).
FIRST_DELAY_MONTH = "2016-07"
#: Projection horizon, as the issue asks (to 2045).
LAST_PROJECTION_YEAR = 2045
#: First mid-year of the population history (the base year is the last).
FIRST_POPULATION_YEAR = 2015


@dataclass(frozen=True)
class Locality:
    """One of the four fictional localities of Lochanvale.

    Parameters
    ----------
    code
        The made-up locality code, ``LVL01`` to ``LVL04``.
    name
        The made-up place name.
    character
        What sort of place it is, in a few words.
    population
        Mid-2024 population. [EST], chosen so the partnership totals 145,000, within the
        120,000 to 180,000 the data brief recommends for a mid-sized partnership.
    age_tilt
        How much older (positive) or younger (negative) than Scotland its age profile is. [EST]
    simd_mix
        Share of residents in each national SIMD quintile, 1 (most deprived) to 5. [EST]
    admission_factor
        Emergency admission rate relative to what age and deprivation predict; remote
        places use hospital a little less (distance). [EST]
    delay_factor
        Delayed discharge rate relative to the partnership; care at home is hardest to
        staff in remote places. [EST]
    """

    code: str
    name: str
    character: str
    population: int
    age_tilt: float
    simd_mix: tuple[float, float, float, float, float]
    admission_factor: float
    delay_factor: float


#: The four localities: code, name, character, mid-2024 population, age tilt, SIMD mix,
#: admission and delay factors. [EST], each field explained in ``Locality`` above.
LOCALITIES: tuple[Locality, ...] = (
    Locality("LVL01", "Corranbridge", "Deprived urban", 52_000, -0.30,
             (0.42, 0.26, 0.15, 0.11, 0.06), 1.00, 0.95),
    Locality("LVL02", "Ellisfield", "Affluent suburban", 41_000, 0.05,
             (0.03, 0.07, 0.15, 0.30, 0.45), 1.00, 0.80),
    Locality("LVL03", "Strathmorven Towns", "Small towns", 34_000, 0.20,
             (0.12, 0.24, 0.32, 0.20, 0.12), 1.00, 1.05),
    Locality("LVL04", "Glen Tarrach and the Isles", "Remote rural and island", 18_000, 0.55,
             (0.05, 0.20, 0.40, 0.25, 0.10), 0.93, 1.45),
)  # fmt: skip

# --- Population -------------------------------------------------------------------------

#: Five-year age bands, as NRS and ONS publish them.
AGE_BANDS: tuple[str, ...] = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90plus",
)  # fmt: skip

#: Scotland's population share (%) by five-year band, mid-2023.
#: Source: ONS mid-year estimates (MYE2) via NHS-R ``NHSRdatasets``; NRS.
SCOTLAND_AGE_SHARE_PCT: tuple[float, ...] = (
    4.50, 5.11, 5.56, 5.48, 6.32, 6.25, 6.58, 6.50, 6.32, 5.82,
    6.87, 7.41, 6.94, 5.93, 5.07, 4.26, 2.66, 1.59, 0.83,
)  # fmt: skip

#: Female share of each five-year band, Scotland mid-2023.
#: Source: derived from ONS MYE2 by single year of age (via ``NHSRdatasets``).
FEMALE_SHARE: tuple[float, ...] = (
    0.486, 0.486, 0.488, 0.489, 0.504, 0.507, 0.513, 0.513, 0.512, 0.514,
    0.518, 0.516, 0.515, 0.518, 0.524, 0.539, 0.576, 0.611, 0.659,
)  # fmt: skip

#: Published shares the generated population is checked against (Scotland, mid-2023, NRS).
SCOTLAND_SHARE_65_PLUS = 0.203
SCOTLAND_SHARE_75_PLUS = 0.093
SCOTLAND_SHARE_85_PLUS = 0.024

#: Broad age groups used by the activity tables (the data brief's rate bands).
BROAD_AGE_GROUPS: tuple[str, ...] = ("0-4", "5-14", "15-44", "45-64", "65-74", "75-84", "85plus")
#: Which broad group each five-year band falls in (index into ``BROAD_AGE_GROUPS``).
BAND_TO_BROAD: tuple[int, ...] = (0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6)

# --- Population projections -------------------------------------------------------------


#: How much younger (negative) or older than its locality each SIMD quintile's people are,
#: quintile 1 first, on the same scale as a locality's ``age_tilt``. [EST]: deprived areas
#: are younger (in NRS small area estimates, fewer of the people in the most deprived
#: areas are aged 65+ than in the least deprived). Each locality keeps its own age profile
#: and SIMD mix exactly.
SIMD_AGE_TILT: tuple[float, ...] = (-0.12, -0.06, 0.0, 0.06, 0.12)

# --- Deprivation ------------------------------------------------------------------------

#: Emergency-stay standardised ratio by SIMD quintile (Scotland = 100), quintile 1 most
#: deprived. Source: SIMD 2020v2 indicator file (EMERG), income-rate fifths as a proxy.
SIMD_EMERGENCY_RATIO: tuple[float, ...] = (1.46, 1.15, 0.94, 0.79, 0.67)
#: Length-of-stay multiplier by SIMD quintile: PHS reports 6.9 days (Q1) to 7.9 (Q5),
#: partly because less deprived patients are older. [EST] for the part left after age.
SIMD_LOS_FACTOR: tuple[float, ...] = (0.97, 0.99, 1.00, 1.02, 1.04)

# --- Acute demand -----------------------------------------------------------------------

#: Emergency admissions per 1,000 a year by broad age group. [EST] from the data brief,
#: calibrated to about 95 per 1,000 overall (PHS, 2019) and about 357 per 1,000 aged 75+
#: (ISD 2012/13), with the J-shape of Pereira Gray et al., BMJ Open 2017;7:e014045.
EMERGENCY_RATE_PER_1000: tuple[float, ...] = (90.0, 30.0, 55.0, 80.0, 160.0, 300.0, 550.0)
#: Published figures the generated admissions are checked against.
SCOTLAND_EMERGENCY_RATE_PER_1000 = 95.0
SCOTLAND_EMERGENCY_RATE_75_PLUS_PER_1000 = 357.0

#: Mean length of stay (days) of an emergency admission by broad age group. [EST]: under 65
#: about 4-5 days, 75+ about 10-12 (data brief), averaging 7.3 days as PHS reported for 2019.
MEAN_LOS_DAYS: tuple[float, ...] = (1.5, 1.8, 3.5, 5.5, 8.0, 11.0, 13.0)
SCOTLAND_MEAN_LOS_DAYS_2019 = 7.3
#: Shape of the gamma distribution of a single stay's length; 0.8 gives the long right tail
#: of real stays (coefficient of variation about 1.1). [EST]
LOS_GAMMA_SHAPE = 0.8

#: Seasonal index of emergency admissions per day, by calendar month (January first).
#: Source: Scotland EDs, FY2015/16 to 2018/19, index 1.00 = mean (data brief).
ADMISSION_SEASONALITY: tuple[float, ...] = (
    1.018, 1.017, 1.022, 1.004, 1.003, 0.973, 0.949, 0.980, 0.998, 0.988, 1.009, 1.040,
)  # fmt: skip
#: Seasonal index of A&E (ED) attendances per day, by calendar month.
#: Source: derived from PHS "A&E activity and waiting times" (monthly), all Scottish EDs,
#: April 2015 to March 2019, attendances per day relative to their mean.
AE_SEASONALITY: tuple[float, ...] = (
    0.952, 0.987, 1.021, 1.004, 1.052, 1.025, 0.977, 1.012, 1.031, 0.981, 0.982, 0.976,
)  # fmt: skip
#: Relative busyness by day of the week, Monday first. [EST]: Monday busiest and Saturday
#: quietest (data brief; Monday about 1.2 times Thursday at one trust, softened here).
DAY_OF_WEEK_FACTOR: tuple[float, ...] = (1.15, 1.03, 1.00, 0.97, 1.00, 0.90, 0.95)

#: A&E attendances per 1,000 a year at all sites. Source: PHS, Scotland 2019/20 (310).
AE_RATE_PER_1000 = 310.0
#: Underlying (non-demographic) change in emergency admission rates a year. [EST]: Scottish
#: ED attendances were roughly flat 2008-2020 while English admissions rose 3.2% a year.
NON_DEMOGRAPHIC_GROWTH = 0.005

#: Emergency activity relative to its pre-pandemic path, by quarter (``YYYYQn``).
#: Source: derived from PHS "Inpatient and day case activity": Scotland's emergency
#: inpatient stays in each quarter divided by the same quarter of 2019.
#: Quarters not listed are 1.00 before 2020 and ``PANDEMIC_LATER_LEVEL`` after 2022.
PANDEMIC_QUARTER_FACTOR: dict[str, float] = {
    "2020Q1": 0.953, "2020Q2": 0.747, "2020Q3": 0.897, "2020Q4": 0.865,
    "2021Q1": 0.868, "2021Q2": 0.952, "2021Q3": 0.918, "2021Q4": 0.895,
    "2022Q1": 0.874, "2022Q2": 0.885, "2022Q3": 0.877, "2022Q4": 0.883,
}  # fmt: skip
PANDEMIC_LATER_LEVEL = 0.89

#: A&E attendances relative to the same month of 2019, March 2020 to December 2022.
#: Source: derived from PHS "A&E activity and waiting times" (monthly), all Scottish EDs.
#: Months not listed are 1.00 before March 2020 and ``AE_PANDEMIC_LATER_LEVEL`` after 2022. [EST]
AE_PANDEMIC_MONTH_FACTOR: dict[str, float] = {
    "2020-03": 0.707, "2020-04": 0.477, "2020-05": 0.624, "2020-06": 0.728, "2020-07": 0.787,
    "2020-08": 0.840, "2020-09": 0.794, "2020-10": 0.759, "2020-11": 0.719, "2020-12": 0.685,
    "2021-01": 0.645, "2021-02": 0.651, "2021-03": 0.760, "2021-04": 0.839, "2021-05": 0.909,
    "2021-06": 0.974, "2021-07": 0.931, "2021-08": 0.945, "2021-09": 0.916, "2021-10": 0.892,
    "2021-11": 0.872, "2021-12": 0.824, "2022-01": 0.831, "2022-02": 0.888, "2022-03": 0.937,
    "2022-04": 0.884, "2022-05": 0.964, "2022-06": 0.959, "2022-07": 0.900, "2022-08": 0.930,
    "2022-09": 0.911, "2022-10": 0.923, "2022-11": 0.919, "2022-12": 0.958,
}  # fmt: skip
AE_PANDEMIC_LATER_LEVEL = 0.95


#: A&E sites serving the partnership: made-up code, name, PHS department type and share
#: of the partnership's attendances. Shares: about 257 of 310 attendances per 1,000 are at
#: EDs (PHS 2019/20), the rest at minor injury units; the split between units is [EST].
AE_SITES: tuple[tuple[str, str, str, float], ...] = (
    ("LVH01", "Lochanvale Royal Infirmary", "Emergency Department", 0.84),
    ("LVH02", "Corranbridge Minor Injuries Unit", "Minor Injury Unit or Other", 0.10),
    ("LVH03", "Glen Tarrach Community Hospital", "Minor Injury Unit or Other", 0.06),
)  # fmt: skip
#: Share of attendances seen within 4 hours, by financial year (2015 is 2015/16) and
#: department type. Source: derived from PHS "A&E activity and waiting times" (monthly),
#: all Scottish sites; 2023/24 and 2024/25 are [EST] (the file ends in May 2023).
FOUR_HOUR_BY_YEAR: dict[str, tuple[float, ...]] = {
    "Emergency Department": (0.934, 0.932, 0.910, 0.898, 0.867, 0.901, 0.765, 0.656, 0.660, 0.670),
    "Minor Injury Unit or Other": (0.976, 0.979, 0.974, 0.976, 0.969,
                                   0.970, 0.926, 0.903, 0.915, 0.915),
}  # fmt: skip
#: Change in the 4-hour share by calendar month (January first), same source,
#: April 2015 to March 2019: worst in winter, best in summer.
FOUR_HOUR_SEASONAL_SHIFT: dict[str, tuple[float, ...]] = {
    "Emergency Department": (-0.033, -0.018, -0.014, -0.001, 0.009, 0.018,
                             0.024, 0.014, 0.009, 0.010, 0.004, -0.026),
    "Minor Injury Unit or Other": (-0.015, -0.008, -0.006, -0.001, 0.005, 0.008,
                                   0.009, 0.007, 0.002, 0.005, 0.001, -0.010),
}  # fmt: skip
#: Share of ED attendances admitted, by calendar month (January first). [EST] from PHS:
#: about 27-28% overall, 29.5% in December and January, 26% in June.
ED_ADMITTED_SHARE: tuple[float, ...] = (
    0.295, 0.290, 0.285, 0.275, 0.265, 0.260, 0.262, 0.265, 0.270, 0.275, 0.285, 0.295,
)  # fmt: skip

# --- Elective waiting list ---------------------------------------------------------------

#: Specialties on the inpatient and day case waiting list, and additions a week for the
#: partnership at the start (April 2015). [EST]: scaled from Scotland's roughly 300,000
#: inpatient and day case additions a year to 145,000 people (about 150 a week in all).
WAITING_LIST_SPECIALTIES: dict[str, float] = {
    "Trauma and orthopaedics": 30.0,
    "General surgery": 38.0,
    "Ophthalmology": 28.0,
}
#: Growth a year in additions. [EST]
WAITING_LIST_DEMAND_GROWTH = 0.01

# --- Delayed discharge ------------------------------------------------------------------

#: Beds occupied by delayed patients each day, per 100,000 people, at dated anchor months;
#: months between are interpolated. Source: PHS delayed discharges, scaled from Scotland's
#: 5.49 million people: 1,300-1,550 a day 2016-20, 676 in April 2020, 1,700-1,950 in 2022/23,
#: about 1,950 in September 2024.
DELAYED_BEDS_PER_100K_ANCHORS: dict[str, float] = {
    "2016-07": 26.0, "2018-01": 27.5, "2019-12": 26.5, "2020-03": 22.0, "2020-04": 12.3,
    "2020-09": 21.0, "2021-06": 27.0, "2022-06": 33.0, "2023-03": 34.5, "2024-09": 35.5,
    "2025-03": 35.0,
}  # fmt: skip
#: Age groups as PHS publishes delayed discharges, and the share of bed days in each.
#: Source: PHS, 64-70% of delayed bed days are for people aged 75+.
DELAY_AGE_GROUPS: tuple[str, ...] = ("18-74", "75plus")
DELAY_AGE_SHARE: tuple[float, ...] = (0.33, 0.67)
#: Reasons for delay, with PHS's names, and their share of bed days (PHS, 2022/23).
DELAY_REASONS: tuple[str, ...] = (
    "Health and Social Care Reasons",
    "Code 9 AWI",
    "Code 9 Non-AWI",
    "Patient and Family Related Reasons",
)
DELAY_REASON_SHARE: tuple[float, ...] = (0.700, 0.200, 0.075, 0.023)

# --- Social care ------------------------------------------------------------------------

#: Long-stay care home residents per 1,000 people aged 65+. Source: gov.scot free personal
#: and nursing care 2022-23 (28,080 residents, about 25 per 1,000 aged 65+).
CARE_HOME_RESIDENTS_PER_1000_65PLUS = 25.0
#: Care at home clients per 1,000 people, by the age groups PHS uses. [EST] from PHS care
#: at home 2023/24: 97,585 people (about 17.8 per 1,000), 82% aged 65+.
CARE_AT_HOME_CLIENTS_PER_1000: dict[str, float] = {"18-64": 4.2, "65plus": 72.0}
#: Hours of care at home per client a year. Source: PHS 2023/24 (40.9 million hours for
#: 97,585 people, about 420 a year).
CARE_AT_HOME_HOURS_PER_CLIENT = 420.0
#: People assessed and waiting for care at home per 1,000 clients. Source: PHS, Nov 2024
#: (3,281 waiting against 97,585 clients, about 34 per 1,000).
WAITING_FOR_CARE_PER_1000_CLIENTS = 34.0
#: Clients living in SIMD quintile 1 and 5. Source: PHS care at home 2023/24 (25.3%, 14.5%).
CARE_AT_HOME_SIMD_SHARE_PUBLISHED: tuple[float, float] = (0.253, 0.145)
#: Growth a year in care at home clients per head. [EST]
CARE_AT_HOME_TREND = 0.01
#: People waiting for care at home relative to Nov 2024, by financial year from 2015/16.
#: [EST]: waiting lists for care at home grew sharply from 2021 (PHS unmet need series).
WAITING_PRESSURE_BY_YEAR: tuple[float, ...] = (0.45, 0.45, 0.5, 0.5, 0.55, 0.5, 0.8, 1.0, 1.05, 1.0)
#: Long-stay care home residents relative to usual, by financial year from 2015/16. [EST]:
#: care home occupancy fell during the pandemic (PHS care home census).
CARE_HOME_PANDEMIC_BY_YEAR: tuple[float, ...] = (
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    0.9,
    0.93,
    0.97,
    0.98,
    0.98,
)

#: Care homes for older people per 1,000 people aged 65+, and places per home. Source:
#: PHS care home census 2021 (1,069 homes, 40,632 places, for about 1.1 million aged 65+).
CARE_HOMES_PER_1000_65PLUS = 0.96
PLACES_PER_CARE_HOME = 38.0
#: Care home occupancy (residents over registered places) at the census of 31 March
#: that ends each financial year from 2015/16. Source: PHS care home census: 88% in 2011,
#: 82% in 2021 (S16); 35,630 residents in 41,032 places in 2019 (86.8%, derived, PHS
#: census 2009-2019); 34,113 in 40,079 in 2024 (85.1%, derived, S15). 2016-18, 2020 (no
#: census was taken), 2022, 2023 and 2025 [EST], between them.
CARE_HOME_OCCUPANCY_BY_YEAR: tuple[float, ...] = (
    0.873, 0.872, 0.870, 0.868, 0.865, 0.820, 0.825, 0.840, 0.851, 0.850,
)  # fmt: skip
#: Residents other than long-stay residents aged 65+ (short stays, respite, younger adults)
#: fill the share of free places that gives the partnership each year's occupancy; each
#: locality's share differs by a normal draw with this standard deviation (own stream). [EST]
CARE_HOME_OCCUPANCY_SD = 0.06
#: Financial years of the social care and finance tables start in these years.
FIRST_CARE_YEAR = 2015
#: National Care Home Contract weekly rates (nursing, residential), pounds, by financial
#: year starting 2015. Source: 2022/23 rates (£838 nursing, £719 residential) and the 6%
#: uplift for 2023/24; other years [EST] at 3.5% a year before and 6.7% for 2024/25.
NCHC_WEEKLY_RATE_GBP: tuple[tuple[float, float], ...] = (
    (658.0, 565.0), (681.0, 584.0), (705.0, 605.0), (729.0, 626.0), (755.0, 648.0),
    (782.0, 671.0), (809.0, 694.0), (838.0, 719.0), (888.0, 762.0), (948.0, 813.0),
)  # fmt: skip
#: Cost of an hour of care at home, pounds, by financial year starting 2015. [EST]:
#: Scotland £24-30 an hour in 2024/25 (data brief), about 4% a year lower going back.
HOME_CARE_HOURLY_RATE_GBP: tuple[float, ...] = (
    18.2, 18.9, 19.7, 20.5, 21.3, 22.2, 23.1, 24.0, 25.9, 27.0,
)  # fmt: skip

# --- Workforce --------------------------------------------------------------------------

#: Staff groups, the employer, whole-time equivalents per 1,000 people, vacancy rate,
#: turnover and sickness absence. NHS groups: NHS Scotland workforce, March 2024
#: (NES; nursing and midwifery 67,168 WTE, medical and dental 15,724, AHPs 14,029 for
#: 5.49 million people; vacancies 4.8%, 6.9%, 4.5%; absence 6.2%; turnover about 6%).
#: Social care: SSSC 2023 (161,750 WTE); the split and its rates are [EST], with English
#: adult social care (Skills for Care 2022/23: vacancy 9.9%, turnover 30%) as an upper bound.
#: The partnership's share of the board's staff is its population share. [EST]
STAFF_GROUPS: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("Nursing and midwifery", "NHS", 12.23, 0.048, 0.060, 0.062),
    ("Medical and dental", "NHS", 2.86, 0.069, 0.055, 0.025),
    ("Allied health professions", "NHS", 2.56, 0.045, 0.065, 0.050),
    ("Other NHS staff", "NHS", 11.70, 0.030, 0.070, 0.060),
    ("Care at home", "Social care", 9.20, 0.080, 0.220, 0.070),
    ("Care homes", "Social care", 8.40, 0.070, 0.200, 0.065),
    ("Other social work and care", "Social care", 11.86, 0.050, 0.120, 0.055),
)  # fmt: skip
#: Age bands of staff and each band's share of headcount. [EST], an ageing workforce as in
#: NES and SSSC reports (about a fifth aged 55 or over).
STAFF_AGE_BANDS: tuple[str, ...] = ("16-29", "30-39", "40-49", "50-54", "55-59", "60plus")
STAFF_AGE_SHARE: tuple[float, ...] = (0.17, 0.23, 0.24, 0.14, 0.13, 0.09)
#: Turnover by age band relative to the group's rate: the young move on, the oldest
#: retire. [EST]
TURNOVER_BY_AGE: tuple[float, ...] = (1.6, 1.0, 0.75, 0.7, 1.0, 2.4)
#: Whole-time equivalent per head. Source: SSSC 2023 (161,750 WTE / 212,780 headcount).
WTE_PER_HEAD_SOCIAL_CARE = 0.76
WTE_PER_HEAD_NHS = 0.85  # [EST]
#: Employer on-costs (pension and national insurance) as a share of salary. [EST]
EMPLOYER_ON_COSTS = 0.27

#: Pay bands of each staff group: band, share of the group's WTE, mean salary (pounds).
#: Source: Agenda for Change Scotland 2023/24 band midpoints (band 3 £26.5k, 5 £33.95k,
#: 6 £41.95k, 7 £50.0k, 8a £59.25k); band 2, medical and social care grades are [EST].
PAY_BANDS: dict[str, tuple[tuple[str, float, int], ...]] = {
    "Nursing and midwifery": (("Band 2-4", 0.30, 25_500), ("Band 5", 0.33, 33_950),
                              ("Band 6", 0.25, 41_950), ("Band 7", 0.10, 50_000),
                              ("Band 8a+", 0.02, 62_000)),
    "Medical and dental": (("Doctors in training", 0.45, 55_000), ("Consultant", 0.40, 125_000),
                           ("Other medical", 0.15, 90_000)),
    "Allied health professions": (("Band 2-4", 0.20, 25_500), ("Band 5", 0.25, 33_950),
                                  ("Band 6", 0.35, 41_950), ("Band 7", 0.17, 50_000),
                                  ("Band 8a+", 0.03, 62_000)),
    "Other NHS staff": (("Band 2-4", 0.65, 25_500), ("Band 5", 0.15, 33_950),
                        ("Band 6", 0.10, 41_950), ("Band 7", 0.06, 50_000),
                        ("Band 8a+", 0.04, 66_000)),
    "Care at home": (("Care worker", 0.82, 24_500), ("Senior care worker", 0.13, 28_000),
                     ("Supervisor or manager", 0.05, 36_000)),
    "Care homes": (("Care worker", 0.70, 24_000), ("Senior care worker", 0.15, 27_500),
                   ("Nurse", 0.10, 40_000), ("Supervisor or manager", 0.05, 42_000)),
    "Other social work and care": (("Care worker", 0.45, 24_500), ("Social worker", 0.30, 43_000),
                                   ("Supervisor or manager", 0.25, 52_000)),
}  # fmt: skip

#: Scotland's population at mid-2023 (NRS). A Scottish count is scaled to Lochanvale by its
#: population share, 145,000 / 5,490,100 = 2.64% (data brief 2).
SCOTLAND_POPULATION_MID_2023 = 5_490_100
#: Training routes into the partnership's staff groups: staff group, route, pay band a
#: qualifier enters, trainees starting a year in Scotland (Lochanvale's share is 2.64% of
#: it), lead time from starting the route to qualifying (years), share who complete, and
#: share of those who qualify who take a post in Lochanvale. Nursing: 3,520 accepted to
#: nursing at Scottish universities in 2023 (UCAS, via The Courier, 7 Dec 2023), below the
#: 4,536 target (Scottish Parliament answer S6W-18058); a 3-year degree (461 of 4,837
#: places are 4-year honours, SFC intake targets 2024-25; data brief 2, S10: 3-4 years);
#: completion [EST] 0.75, as 29-30% of Scottish nursing students left their course in
#: 2000-08 (Nursing Standard FOI, via BBC News 2006 and The Scotsman) and retention has
#: improved since (Sabin et al., Nurse Educ Today 2012); local take-up [EST] 0.65, as 64%
#: to 73% of final-year students were in NHS Scotland posts a year later in 1988-90 (HC Deb
#: 18 Nov 1992). GP: 2-year foundation and 3-year GP training (S9); about 300 GP training
#: posts filled a year (NES: 325 of 340 in 2019, all 268 first-round posts for 2023, via
#: Scottish Government news); take-up [EST] 0.15 counts only salaried GPs the partnership
#: employs (GP partners are independent contractors, outside the workforce table).
#: Consultant: foundation 2 years and specialty training about 6 ([EST], 5-8 years after
#: foundation, data brief 2); entrants [EST] about 450 a year, part of the 1,061 medical
#: training posts filled in 2023 (NES, via Scottish Government news, 26 Jul 2023) after GP
#: and higher-specialty posts; take-up [EST] 0.45 (consultant posts are filled UK-wide).
#: AHPs: [EST] 3-4 years (data brief 2), 4 for a Scottish honours degree; entrants [EST]
#: about 1,000 a year: the nursing and midwifery target, 4,837, times AHP over nursing and
#: midwifery WTE (14,029 / 67,168, S1), including 335 paramedic science starters
#: (Scottish Government, 2022-23 intake).
#: Social work: 1,944 social work students registered in 2023-24 (SSSC, Register annual
#: report 2023 to 2024, as reported in the press) over about 3 years of study (4-year
#: honours and 2-year postgraduate degrees), about 650 starters a year (derived). Completion
#: and take-up of medical, AHP and social work routes [EST]. Care workers and other NHS
#: staff have no pre-entry route: they are recruited and qualify in post (SSSC
#: registration allows five years).
TRAINING_ROUTES: tuple[tuple[str, str, str, int, int, float, float], ...] = (
    ("Nursing and midwifery", "Nursing degree", "Band 5", 3_520, 3, 0.75, 0.65),
    ("Medical and dental", "Foundation and GP training", "Other medical", 300, 5, 0.90, 0.15),
    ("Medical and dental", "Foundation and specialty training to consultant", "Consultant",
     450, 8, 0.85, 0.45),
    ("Allied health professions", "AHP degree", "Band 5", 1_000, 4, 0.85, 0.60),
    ("Other social work and care", "Social work degree", "Social worker", 650, 3, 0.85, 0.60),
)  # fmt: skip
#: Trainees starting a route in Lochanvale vary by this much either side of its share of
#: Scotland's intake (a uniform draw from the table's own random stream). [EST]
TRAINING_INTAKE_SPREAD = 0.08
#: Share of staff in each age band (``STAFF_AGE_BANDS`` order) who retire in a year, by
#: staff group. [EST], built to fit three published facts. NHS pension ages (Scottish
#: Public Pensions Agency): 60 in the 1995 section, 65 in the 2008 section, state pension
#: age (66) in the 2015 scheme, and 55 for nurses and mental health officers with special
#: class status, so retirements start at 55 (community nurses retire earlier, RCN Scotland
#: 2008); local government and care staff retire at state pension age, and social care
#: leavers aged 60+ are many. Retirement is one reason for leaving, so in every band it is
#: below the leaver rate of the workforce table (``STAFF_GROUPS`` turnover times
#: ``TURNOVER_BY_AGE``). With the workforce's age profile (about 22% aged 55+; data brief
#: 2: 19.7% in 2019, 20-22% now [EST]) nursing loses about 1.6% of its staff a year to
#: retirement, near the 17.8% of Scotland's nurses expected to retire within ten years in
#: 2016 (Scottish Conservatives from ISD figures, via RCNi 2016). Below 55, ill-health
#: retirement only. [EST]
RETIREMENT_RATE_BY_AGE: dict[str, tuple[float, ...]] = {
    "Nursing and midwifery": (0.0, 0.0005, 0.002, 0.005, 0.045, 0.110),
    "Medical and dental": (0.0, 0.0005, 0.001, 0.004, 0.030, 0.095),
    "Allied health professions": (0.0, 0.0005, 0.002, 0.005, 0.040, 0.110),
    "Other NHS staff": (0.0, 0.0005, 0.002, 0.005, 0.040, 0.120),
    "Care at home": (0.0, 0.0005, 0.002, 0.005, 0.030, 0.160),
    "Care homes": (0.0, 0.0005, 0.002, 0.005, 0.030, 0.160),
    "Other social work and care": (0.0, 0.0005, 0.002, 0.005, 0.035, 0.150),
}  # fmt: skip

# --- Finance ----------------------------------------------------------------------------

#: Budget per head. Source: all IJBs together spent £11.0bn in 2022/23 (Accounts Commission)
#: for 5.45 million people, about £2,000 a head; uplifted to 2024/25. [EST]
BUDGET_PER_HEAD_GBP = 2_150.0
#: Budget lines: service area, funding source, share of the total, cost pressure a year.
#: Shares [EST] (health including set-aside 55-65%, social care 35-45%). Pressures: pay
#: policy 3.5% (2023/24); community prescribing about 2.9% a year over ten years (PHS);
#: health +3.3% and adult social care +3.9% a year to stand still (IFS/Health Foundation 2018).
BUDGET_LINES: tuple[tuple[str, str, float, float], ...] = (
    ("Acute set-aside (unscheduled care)", "Health set-aside", 0.14, 0.033),
    ("Community health services", "Health delegated", 0.13, 0.035),
    ("Primary care and GP services", "Health delegated", 0.15, 0.030),
    ("Prescribing", "Health delegated", 0.12, 0.029),
    ("Mental health and learning disability (health)", "Health delegated", 0.07, 0.033),
    ("Management and support", "Health delegated", 0.03, 0.030),
    ("Care homes", "Social care", 0.12, 0.039),
    ("Care at home", "Social care", 0.12, 0.039),
    ("Adult social work and other care", "Social care", 0.09, 0.039),
    ("Housing adaptations and equipment", "Social care", 0.03, 0.030),
)  # fmt: skip
#: Financial years of the budget table: 2019/20 to 2024/25.
FIRST_BUDGET_YEAR = 2019
#: Savings a year, as a share of each line's budget, that keep budgets below pressures. [EST]
BUDGET_SAVINGS_SHARE = 0.015
#: Overspend (+) or underspend (-) of actual against budget, mean and spread, by funding
#: source. [EST]: prescribing and care at home overspend most often (Accounts Commission).
OUTTURN_BIAS: dict[str, float] = {
    "Prescribing": 0.025, "Care at home": 0.03, "Care homes": 0.01,
}  # fmt: skip
OUTTURN_SPREAD = 0.015
#: Reserves of all IJBs together at 31 March, pounds million, by financial year from
#: 2019/20 (Lochanvale holds its population share, 2.64%). Reserves tripled in 2020/21
#: (S23) and doubled to over £1.3 billion in 2021/22 (Accounts Commission, IJB finances
#: 2021/22, via nen.press), so 2020/21 is about 650 and 2019/20 about 220 (derived). Later
#: years [EST]: the Scottish Government recovered about two-thirds of unspent Covid-19 money
#: held in reserves (same source), and IJBs used reserves to balance budgets (S13, S22).
SCOTLAND_IJB_RESERVES_GBP_M: tuple[float, ...] = (220.0, 650.0, 1_300.0, 1_000.0, 750.0, 600.0)
#: Share of reserves earmarked (ring-fenced for a purpose) at 31 March, same years. 2020/21:
#: 81% (S23). Other years [EST]: less before the pandemic's ring-fenced funding, and falling
#: as earmarked money is spent; what is left is the general (contingency) reserve, close
#: to the 2% of budget many IJB reserves policies aim for by 2024/25. [EST]
RESERVES_EARMARKED_SHARE: tuple[float, ...] = (0.55, 0.81, 0.85, 0.80, 0.72, 0.65)
#: Lochanvale's reserves vary by this much either side of its share (uniform, own stream),
#: and its earmarked share by this many points. [EST]
RESERVES_SPREAD = 0.08
RESERVES_EARMARKED_SPREAD = 0.02

# --- People (segmentation) --------------------------------------------------------------

#: The people table is a 1-in-``PEOPLE_SAMPLE_DENOMINATOR`` random sample of
#: residents, to keep the committed file small; each row stands for that many people.
PEOPLE_SAMPLE_DENOMINATOR = 5
#: Bridges to Health segments (Lynn et al., Milbank Quarterly 2007), in order.
SEGMENTS: tuple[str, ...] = (
    "Healthy",
    "Maternal and infant health",
    "Acutely ill, curable",
    "Chronic conditions, normal function",
    "Stable but serious disability",
    "Short period of decline near death",
    "Limited reserve and exacerbations",
    "Long course of decline (frailty, dementia)",
)
#: Annual cost of one emergency bed day and one A&E attendance. [EST], in line with PHS
#: cost book figures for 2022/23.
COST_PER_BED_DAY_GBP = 700.0
COST_PER_AE_ATTENDANCE_GBP = 190.0
COST_PER_GP_CONTACT_GBP = 45.0
#: GP and nurse consultations a year by broad age group. [EST] from Hobbs et al., Lancet
#: 2016 (about 5.2 a person a year, highest at 0-4 and 85+).
GP_CONTACTS_PER_PERSON: tuple[float, ...] = (6.0, 2.5, 3.5, 5.0, 7.5, 10.0, 12.0)
#: Share of people in each segment (columns, in ``SEGMENTS`` order) by broad age group
#: (rows, in ``BROAD_AGE_GROUPS`` order). [EST], shaped like the segment sizes reported by
#: Lynn et al. (2007) and later whole-population segmentations: most people healthy, the
#: frailty and organ-failure segments concentrated in the oldest.
SEGMENT_SHARE_BY_AGE: tuple[tuple[float, ...], ...] = (
    (0.700, 0.250, 0.030, 0.010, 0.008, 0.001, 0.001, 0.000),
    (0.860, 0.000, 0.050, 0.070, 0.020, 0.001, 0.001, 0.000),
    (0.780, 0.030, 0.050, 0.120, 0.020, 0.001, 0.003, 0.001),
    (0.580, 0.000, 0.050, 0.300, 0.040, 0.004, 0.020, 0.003),
    (0.350, 0.000, 0.050, 0.450, 0.050, 0.010, 0.070, 0.020),
    (0.180, 0.000, 0.040, 0.470, 0.060, 0.020, 0.130, 0.100),
    (0.060, 0.000, 0.030, 0.330, 0.060, 0.040, 0.180, 0.300),
)  # fmt: skip
#: How much more likely people in each SIMD quintile are to be in a long-term-condition
#: segment (chronic, disability, organ failure, frailty). [EST], a gentle gradient; on top
#: of it, emergency admissions follow ``SIMD_EMERGENCY_RATIO`` as in the monthly table.
SEGMENT_SIMD_FACTOR: tuple[float, ...] = (1.15, 1.07, 1.00, 0.95, 0.90)
#: Per person a year in each segment: emergency admissions, mean stay (days), A&E
#: attendances, GP contacts relative to their age group's, chance of care at home, and
#: community prescribing cost (pounds). [EST], calibrated so the people table gives about
#: the admission rates above and community prescribing of about £200 a head (PHS).
SEGMENT_USE: dict[str, tuple[float, ...]] = {
    "EmergencyAdmissions": (0.007, 0.15, 0.36, 0.07, 0.22, 1.80, 1.00, 0.75),
    "MeanStayDays": (2.0, 2.5, 3.0, 5.0, 8.0, 12.0, 9.0, 14.0),
    "AEAttendances": (0.15, 0.50, 1.20, 0.35, 0.60, 1.50, 1.50, 1.00),
    "GPContactFactor": (0.6, 1.5, 1.5, 1.4, 1.6, 2.5, 2.0, 1.8),
    "CareAtHomeChance": (0.0, 0.0, 0.0, 0.01, 0.25, 0.30, 0.20, 0.45),
    "PrescribingGBP": (40.0, 60.0, 120.0, 450.0, 600.0, 900.0, 1100.0, 800.0),
}
#: Gamma shape of the differences between people in the same segment; small values make
#: a few people account for much of the use, as in real data. [EST]
PERSON_USE_SHAPE = 0.8
#: Cost of an hour of care at home, pounds, 2024/25. [EST], within Scotland's £24-30 an
#: hour (data brief).
COST_PER_CARE_HOUR_GBP = 27.0

# --- Population dynamics (cohort-component) ----------------------------------------------

#: Chance of dying within a year at age ``a``: ``MORTALITY_FLOOR + MORTALITY_SCALE[sex] *
#: exp(MORTALITY_SLOPE * a)`` (Gompertz-Makeham), female first, with infant mortality apart.
#: [EST], calibrated to NRS life tables 2021-23 (life expectancy at birth 80.7 women, 76.5
#: men; about 1.0% of women and 1.5% of men aged 65 die within a year) and to NRS vital
#: events 2023: 63,201 deaths for 5,490,100 people (11.5 per 1,000).
MORTALITY_FLOOR = 0.0002
MORTALITY_SCALE: tuple[float, float] = (0.0000205, 0.0000345)
MORTALITY_SLOPE = 0.0955
INFANT_MORTALITY = 0.0035
#: Fall in mortality a year at every age. [EST], NRS 2022-based projections assume slow
#: improvement (about 1% a year in the long run, less in the short run).
MORTALITY_IMPROVEMENT = 0.008
#: Births a year per woman aged 15-44. Source: NRS vital events 2023 (45,763 births) over
#: about 1.04 million women aged 15-44 (mid-2023), about 0.044; male share of births 0.512.
FERTILITY_RATE_15_44 = 0.044
MALE_SHARE_OF_BIRTHS = 0.512
#: Net migration a year as a share of the people of each age, by broad age group (the
#: data brief's groups): young adults move most. [EST], scaled so the principal projection
#: grows by about 4.4% in ten years as NRS 2022-based projections do, with deaths above
#: births (NRS mid-2023: growth of 42,300, almost all from net migration).
NET_MIGRATION_BY_AGE: tuple[float, ...] = (0.0065, 0.0042, 0.0135, 0.0046, 0.0023, 0.001, 0.0)
#: Net migration of each locality relative to the partnership: towns gain, remote places
#: lose young people. [EST]
LOCALITY_MIGRATION: tuple[float, ...] = (1.0, 1.15, 1.0, 0.8)
#: Net migration in each projection variant relative to the principal one. [EST], in the
#: spirit of NRS's high and low migration variants.
MIGRATION_VARIANTS: dict[str, float] = {"principal": 1.0, "high": 1.6, "low": 0.4}

# --- Noise, persistence and special causes --------------------------------------------------

#: Month-to-month persistence (AR(1) coefficient) and the innovation's standard deviation
#: (log scale) of the admission level shared by the partnership (weather, infections) and
#: of each locality's own level. Calibrated to PHS inpatient activity 2017Q4-2019Q4: the
#: quarterly coefficient of variation of emergency stays is 0.0275 in Dumfries and Galloway
#: and 0.0353 in Borders (boards of this size), against 0.017 from Poisson chance alone;
#: monthly counts scatter 1.6 to 2 times Poisson (issue 12).
ADMISSION_LEVEL_PERSISTENCE = 0.6
ADMISSION_COMMON_SD = 0.008
ADMISSION_LOCALITY_SD = 0.016
#: The same for A&E attendances at all sites. [EST], calibrated to a residual scatter of
#: about 0.026 (log scale) in real boards' monthly attendances (issue 12, PHS A&E activity).
AE_LEVEL_PERSISTENCE = 0.5
AE_LEVEL_SD = 0.022
#: A bad winter: emergency admissions raised by this share (75+ twice as much) from
#: December 2017 to March 2018, peaking in January. Scotland's 2017/18 flu season was the
#: most severe since 2010/11 (Health Protection Scotland, influenza surveillance 2017/18),
#: followed by the "Beast from the East" snow of March 2018. Size [EST].
BAD_WINTER_MONTHS: dict[str, float] = {
    "2017-12": 0.5,
    "2018-01": 1.0,
    "2018-02": 0.7,
    "2018-03": 0.4,
}
BAD_WINTER_EXTRA = 0.07
#: A service change: Strathmorven Towns (LVL03) opens a frailty assessment unit with
#: same-day discharge in October 2018; emergency admissions of people aged 75+ fall by this
#: share, reached over three months. [EST]: the evidence on avoiding admissions is mixed
#: (Edgar et al., Cochrane 2024: hospital at home, admission RR 1.14, 0.97 to 1.34), so
#: trainers can ask whether the fall is the service.
SERVICE_CHANGE_LOCALITY = "LVL03"
SERVICE_CHANGE_START = "2018-10"
SERVICE_CHANGE_EFFECT = 0.2
#: Months in which the frailty unit is closed and its staff moved to the wards, in the
#: hard winter of 2022/23 (early, intense flu season); older people's admissions in the
#: locality rise by this share above their level before the unit opened. [EST], as
#: services across Scotland were suspended for staffing that winter.
SERVICE_SUSPENDED_MONTHS: tuple[str, ...] = ("2022-12", "2023-01", "2023-02")
SERVICE_SUSPENDED_EXTRA = 0.15
#: A data-quality month: Ellisfield (LVL02) moves to a new patient administration system
#: in September 2019, and about this share of its emergency admissions go unrecorded that
#: month. [EST], like the incomplete submissions PHS flags in its data-quality notes.
DATA_QUALITY_LOCALITY = "LVL02"
DATA_QUALITY_MONTH = "2019-09"
DATA_QUALITY_SHORTFALL = 0.45
#: Gamma shape of the extra noise in each cell of the monthly admissions table (small:
#: most over-dispersion comes from the shared levels above). [EST]
CELL_NOISE_SHAPE = 300.0

#: Care at home capacity: month-to-month persistence and innovation (log scale) of each
#: locality's capacity, and how much each locality has relative to need (remote places
#: are hardest to staff; SSSC vacancy reports: 62% of care at home services had vacancies
#: in 2017). [EST]
CARE_CAPACITY_PERSISTENCE = 0.93
CARE_CAPACITY_SD = 0.025
CARE_CAPACITY_BY_LOCALITY: tuple[float, ...] = (1.05, 1.0, 0.97, 0.85)
#: A care at home provider hands back its contract in Glen Tarrach (LVL04) in October 2018:
#: capacity falls by this share and is rebuilt over 18 months. [EST], as when Scottish
#: providers have handed back contracts they could not staff.
PROVIDER_EXIT_LOCALITY = "LVL04"
PROVIDER_EXIT_START = "2018-10"
PROVIDER_EXIT_DROP = 0.22
PROVIDER_EXIT_RECOVERY_MONTHS = 18
#: How delayed discharges respond to care at home capacity: delays scale as capacity to
#: the power of minus this. Direction: Allan et al., BMC Health Serv Res 2021;21:1297 (more
#: home care providers, fewer delayed transfers; 1.6% fewer delayed days per provider).
#: Size [EST].
DELAY_CAPACITY_ELASTICITY = 1.5
#: The same for people waiting for care at home. [EST]
WAITING_CAPACITY_ELASTICITY = 2.0
#: Persistence and innovation (log scale) of each locality's delayed discharge level, and
#: of the level shared by the partnership. Calibrated to PHS delayed discharges July 2016
#: to February 2020: after a straight-line trend, lag-1 autocorrelation 0.45 to 0.85 in
#: seven boards with 34 to 311 delayed beds a day, residual CV 0.09 to 0.18.
DELAY_LOCALITY_PERSISTENCE = 0.8
DELAY_LOCALITY_SD = 0.09
DELAY_COMMON_SD = 0.05
#: Delayed bed day noise: a gamma scale in bed days (a run of days for one person). [EST]
DELAY_RUN_SCALE_DAYS = 4.0

#: Elective capacity (removals a week relative to usual demand) and referrals (additions
#: relative to usual), at dated anchor weeks; weeks between are interpolated, so nothing
#: changes in one week. Capacity derived from PHS inpatient and day case activity:
#: elective stays against 2019 were 0.93 in 2020Q1, 0.33 in 2020Q2, 0.61 in 2020Q3, 0.72
#: in 2020Q4, 0.66 in 2021Q1, 0.78-0.81 in 2021, 0.83-0.87 in 2022. Later years and
#: referrals [EST].
ELECTIVE_CAPACITY_ANCHORS: dict[str, float] = {
    "2015-04-01": 1.0, "2020-03-08": 1.0, "2020-04-19": 0.30, "2020-06-01": 0.40,
    "2020-09-01": 0.65, "2020-12-01": 0.72, "2021-01-15": 0.60, "2021-03-15": 0.72,
    "2021-06-01": 0.82, "2022-01-01": 0.84, "2022-09-01": 0.92, "2023-06-01": 0.97,
    "2025-03-31": 0.99,
}  # fmt: skip
REFERRAL_ANCHORS: dict[str, float] = {
    "2015-04-01": 1.0, "2020-03-08": 1.0, "2020-04-19": 0.45, "2020-08-01": 0.80,
    "2021-03-01": 0.90, "2021-09-01": 1.0, "2025-03-31": 1.0,
}  # fmt: skip
#: Share of additions in each clinical priority (urgent, soon, routine), treated in that
#: order, each in order of referral, and weeks of demand each has on the list at the start.
#: [EST], after the clinical prioritisation NHS Scotland adopted in 2020 (P2 within a
#: month, P3 within three months, P4 longer): routine patients wait for what is left.
PRIORITY_SHARES: tuple[float, ...] = (0.25, 0.35, 0.40)
PRIORITY_START_WEEKS: tuple[int, ...] = (2, 6, 16)

#: Relative chance of discharge from hospital by day of the week, Monday first: most on
#: Friday, about 30% fewer at weekends (Cloyd et al., J Hosp Med 2015: 22.5% of discharges
#: at weekends; a US hospital system, Clin Cardiol 2003: Friday highest, Sunday lowest).
DISCHARGE_DAY_FACTOR: tuple[float, ...] = (0.97, 1.0, 1.03, 1.07, 1.2, 0.8, 0.68)
#: Emergency admissions and A&E attendances on holidays relative to a usual day (month,
#: day): fewer on Christmas Day and New Year's Day, more just after. [EST]
HOLIDAY_ADMISSION_FACTOR: dict[tuple[int, int], float] = {
    (12, 25): 0.65, (12, 26): 0.85, (12, 27): 1.1, (12, 28): 1.1, (1, 1): 0.75,
    (1, 2): 0.9, (1, 3): 1.1, (1, 4): 1.1,
}  # fmt: skip
#: Discharges before Christmas (wards cleared) and on holidays, relative to a usual day. [EST]
HOLIDAY_DISCHARGE_FACTOR: dict[tuple[int, int], float] = {
    (12, 22): 1.25, (12, 23): 1.3, (12, 24): 1.3, (12, 25): 0.4, (12, 26): 0.5,
    (1, 1): 0.45, (1, 2): 0.6,
}  # fmt: skip

#: Month-to-month persistence and innovation (logit scale) of 4-hour performance. [EST],
#: so the mean change from month to month is about 2 points at an ED, as at real sites.
FOUR_HOUR_PERSISTENCE = 0.6
FOUR_HOUR_LOGIT_SD = 0.12
#: Share of attendances within 4 hours at small minor injury units, by financial year
#: from 2015/16. Source: PHS A&E activity 2015-2023: the median minor injury unit sees
#: 100% within 4 hours in a month, the lower quartile 99.7%. Later years [EST].
MIU_FOUR_HOUR_BY_YEAR: tuple[float, ...] = (
    0.998, 0.998, 0.998, 0.997, 0.997, 0.997, 0.995, 0.993, 0.993, 0.994,
)  # fmt: skip

#: Care homes: the chance a home closes in a year, new homes a year per 1,000 homes (more
#: open where places fall short of need), and places in a new home. Source: PHS care home
#: census: 1,069 adult care homes with
#: 40,632 places in 2021, 1,020 with 40,079 in 2024 (fewer, larger homes). Rates [EST].
CARE_HOME_CLOSURE_CHANCE = 0.025
CARE_HOME_OPENINGS_PER_1000 = 8.0
PLACES_PER_NEW_CARE_HOME = 55.0
#: Share of long-stay residents who leave (mostly die) in a year. Source: PHS care home
#: census 2012-16: median time to death 596 to 653 days, about 0.35 a year (derived).
CARE_HOME_EXIT_RATE = 0.35
#: Unit costs vary between people: gamma coefficient of variation of the cost of a bed
#: day (specialty mix), an A&E attendance (minor or major), a GP contact and an hour of
#: care at home (provider). [EST], in line with the spread of specialty costs in the PHS
#: Scottish Health Service Costs book. Share of care home residents in nursing care and
#: the National Care Home Contract 2024/25 weekly rates: nursing £948.59, residential
#: £825.94 (data brief 2, S18); nursing share [EST].
UNIT_COST_CV: dict[str, float] = {
    "BedDay": 0.35, "AEAttendance": 0.5, "GPContact": 0.2, "CareHour": 0.15,
}  # fmt: skip
NURSING_CARE_SHARE = 0.6
NCHC_2024_WEEKLY_GBP: tuple[float, float] = (948.59, 825.94)

# --- Strategic risk register (module 11) -------------------------------------------------

#: The partnership's 5x5 scoring scale. Likelihood 1 to 5 by the chance that a risk happens
#: in a year: below 10%, 10-25%, 25-50%, 50-80%, 80% or more. Impact 1 to 5 by the middle
#: (geometric mean of the 90% interval) of its financial impact if it happens: below
#: £0.1m, £0.1-0.5m, £0.5-2m, £2-5m, £5m or more. [EST]: registers in Scotland use scales
#: of this shape, each with its own cut-offs; here the scores follow the scale exactly, so
#: any misranking comes from scoring itself, not from careless scorers.
RISK_LIKELIHOOD_CUTS: tuple[float, ...] = (0.10, 0.25, 0.50, 0.80)
RISK_IMPACT_CUTS_GBP: tuple[float, ...] = (100_000.0, 500_000.0, 2_000_000.0, 5_000_000.0)
#: Rating of a score (likelihood times impact): 1-3 low, 4-6 moderate, 8-12 high (the
#: "amber" risks), 15-25 extreme, the grading of the NPSA's model matrix (A risk matrix for
#: risk managers, 2008) that many NHS registers follow (bands not checked against its text).
RISK_RATINGS: tuple[tuple[str, int, int], ...] = (
    ("low", 1, 3), ("moderate", 4, 6), ("high", 8, 12), ("extreme", 15, 25),
)  # fmt: skip
#: What a funding gap or overspend costs a partnership of Lochanvale's size. Its budget is
#: ``BUDGET_PER_HEAD_GBP`` times its people, £311.75m (data brief 2: [EST] £300-330m for
#: 145,000 people; Argyll and Bute IJB, £329m in 2024/25, S24). Argyll and Bute needed a
#: £2.7m recovery plan on £329m in 2024/25 (S24), 0.8% of budget; all IJBs faced a gap of
#: almost £450m on over £12bn in 2024/25 (S22), 3.75%; Dumfries and Galloway faced a
#: £57.9m pressure in 2025/26, found over £25m of savings and was left with a £32.7m gap
#: (S25). So a year's unclosed gap for Lochanvale is about £2.5m to £12m.
IJB_RECOVERY_PLAN_GBP_M: tuple[float, float] = (2.7, 329.0)
IJB_FUNDING_GAP_GBP_M: tuple[float, float] = (450.0, 12_000.0)
#: The strategic risks: id, likelihood and impact scores (from the scale above), chance of
#: happening in a year, and the low and high ends of the 90% interval of the financial
#: impact if it happens, pounds million. Designed to teach (Hubbard, The Failure of Risk
#: Management, 2020): a rare but costly risk (R07, a care home group fails) scores 5 but
#: has one of the largest expected losses; the risks scored 15 are frequent and modest
#: (R06, winter); five risks score 12 with expected losses five times apart; and risks
#: scored 5 to 12 can lose more than some scored 15. Figures [EST] unless noted. R03: the
#: gap above, 1.0% to 3.8% of budget. R04: prescribing is 12% of the budget and overspends
#: by about 2.5% a year (``OUTTURN_BIAS``), £0.9m; up to 8% in a bad year. R05: each
#: percentage point of pay above the plan's assumption costs about £1.5m on a pay bill of
#: about half the budget; Agenda for Change rose 4.25% in 2025/26 (S26) against a 3% cap
#: for one-year public sector deals (S27). R06: 700 to 2,300 extra bed days at
#: ``COST_PER_BED_DAY_GBP``, with surge staffing. R08: NHS Dumfries and Galloway's systems
#: and data were attacked in February 2024 (the board's cyber attack updates). R14: the
#: contract handed back in Glen Tarrach in 2018 (``PROVIDER_EXIT_START``).
RISKS: dict[str, tuple[int, int, float, float, float]] = {
    "R01": (5, 3, 0.90, 0.6, 2.4),
    "R02": (2, 3, 0.15, 0.3, 1.5),
    "R03": (4, 5, 0.70, 3.0, 12.0),
    "R04": (4, 3, 0.65, 0.8, 3.0),
    "R05": (3, 4, 0.35, 1.5, 4.5),
    "R06": (5, 3, 0.90, 0.5, 1.6),
    "R07": (1, 5, 0.08, 4.0, 30.0),
    "R08": (2, 5, 0.15, 2.0, 25.0),
    "R09": (4, 2, 0.60, 0.1, 0.4),
    "R10": (2, 4, 0.12, 1.0, 6.0),
    "R11": (4, 3, 0.60, 0.35, 1.1),
    "R12": (3, 4, 0.40, 2.0, 10.0),
    "R13": (4, 3, 0.60, 0.6, 2.2),
    "R14": (3, 3, 0.35, 0.3, 1.2),
}
#: Each seed's analysts estimate a little differently: the chance varies by up to this
#: share either side of the figure above, and both ends of the impact interval together
#: by up to this share (uniform draws from the table's own stream). Small enough that no
#: risk crosses a cut-off of the scale, so the scores stay the same. [EST]
RISK_PROBABILITY_SPREAD = 0.08
RISK_IMPACT_SPREAD = 0.10

# --- Engagement on the next strategic plan (module 6) -------------------------------------

#: Responses to the partnership's engagement on its next strategic plan, expected by
#: locality (each drawn as a Poisson count around it). Basis: local assumption (fictional
#: engagement exercise), about 600 in all, within the 300 to 800 data brief 2 section 5
#: estimates for a Scottish partnership; published context: data brief 2 section 5 (S32:
#: Fife's 2016-19 plan heard from over 1,000 people and agencies, Dumfries and Galloway's
#: 2016 survey had 58 responses, Staffordshire's 2022 strategy 227). Glen Tarrach (LVL04)
#: has a fifth of the people but a sixth of the responses, after targeted island sessions.
ENGAGEMENT_RESPONSES_BY_LOCALITY: dict[str, int] = {
    "LVL01": 200, "LVL02": 150, "LVL03": 150, "LVL04": 100,
}  # fmt: skip
#: Who responded: share of residents, unpaid carers and health and care staff. Basis:
#: local assumption (fictional engagement exercise); published context: data brief 2
#: section 5 (Staffordshire 2022: 219 people and 8 organisations; no published split of
#: Scottish respondents by group was found).
ENGAGEMENT_GROUP_SHARES: dict[str, float] = {
    "Resident": 0.65, "Unpaid carer": 0.20, "Staff": 0.15,
}  # fmt: skip
#: How each locality's people responded: share online, at a drop-in session and on a
#: paper form. Basis: local assumption (fictional engagement exercise): the island
#: sessions make drop-ins far commoner in Glen Tarrach (LVL04).
ENGAGEMENT_CHANNEL_SHARES: dict[str, tuple[float, float, float]] = {
    "LVL01": (0.55, 0.25, 0.20), "LVL02": (0.75, 0.15, 0.10),
    "LVL03": (0.60, 0.25, 0.15), "LVL04": (0.35, 0.50, 0.15),
}  # fmt: skip
#: Share of responses that are off-topic or only say thanks (the bins, parking at the
#: hospital, "thanks for asking"): none of the codebook's themes. Basis: local assumption
#: (fictional engagement exercise).
ENGAGEMENT_OFF_TOPIC_SHARE = 0.07
#: Chance that a resident's response raises each theme, before the locality and group
#: factors below. Basis: local assumption (fictional engagement exercise); published
#: context: data brief 2 section 5 (top themes [EST]: GP access, care at home waits,
#: transport, staffing, carers; half of Staffordshire's comments were on access to GPs).
ENGAGEMENT_THEME_BASE: dict[str, float] = {
    "care_at_home_waits": 0.20, "gp_access": 0.26, "transport": 0.08, "carer_support": 0.05,
    "hospital_discharge": 0.10, "staffing": 0.05, "mental_health": 0.13, "information": 0.16,
}  # fmt: skip
#: How much more (or less) often each locality's responses raise a theme, LVL01 to LVL04:
#: transport far more in remote and island Glen Tarrach (LVL04), GP access more in
#: deprived urban Corranbridge (LVL01). Basis: local assumption (fictional engagement
#: exercise). Themes not listed are 1.0 everywhere, except the two below that follow data.
ENGAGEMENT_THEME_LOCALITY_FACTOR: dict[str, tuple[float, float, float, float]] = {
    "transport": (0.7, 0.8, 1.3, 5.5),
    "gp_access": (1.6, 0.9, 1.0, 0.9),
}
#: Themes that follow each locality's own data: the chance of raising the theme is
#: multiplied by (the locality's rate over the partnership's) to this power. Rates:
#: care_at_home_waits, people aged 65+ waiting for care at home per 1,000 aged 65+ in the
#: latest year of care_at_home.csv; hospital_discharge, delayed discharge bed days (all
#: ages) per 1,000 aged 65+ in the latest 12 months of delayed_discharges.csv; both over
#: the mid-year population aged 65+ of the base year (population.csv). Basis: local
#: assumption (fictional engagement exercise); people raise what they meet.
ENGAGEMENT_RATE_ELASTICITY: dict[str, float] = {
    "care_at_home_waits": 2.0, "hospital_discharge": 1.5,
}  # fmt: skip
#: How much more often each group raises a theme than residents do (resident, unpaid
#: carer, staff): carer support mostly from unpaid carers, staffing mostly from staff.
#: Basis: local assumption (fictional engagement exercise). Themes not listed are 1.0.
ENGAGEMENT_THEME_GROUP_FACTOR: dict[str, tuple[float, float, float]] = {
    "carer_support": (1.0, 11.0, 1.2),
    "staffing": (1.0, 1.8, 14.0),
    "hospital_discharge": (1.0, 1.6, 1.4),
    "information": (1.0, 1.5, 0.8),
    "care_at_home_waits": (1.0, 1.4, 1.0),
}
#: Chance that a response mentions a theme it does not raise, in passing or to say it
#: works ("no problem getting a GP appointment"), so coding by phrase finds it wrongly.
#: Basis: local assumption (fictional engagement exercise).
ENGAGEMENT_NEGATED_CHANCE = 0.012
#: How responses are written: the chance of each feature of a response's style (opener
#: saying who is speaking, a second or third sentence on a theme, a long response, a
#: general comment, filler sentences, an aside about something else, a closing word, a
#: shuffled order, a short response of a few words online or on paper and at drop-ins) and
#: of its look (a sloppy response, each listed word misspelt in one, apostrophes dropped,
#: sentences run together with commas, ellipses, no last full stop, "!!", all capitals on
#: paper forms and elsewhere, all lower case; an off-topic response's second sentence).
#: Basis: local assumption (fictional engagement exercise), set so that the responses
#: range from a word or two to about 150 words, as free-text answers do.
ENGAGEMENT_STYLE_CHANCES: dict[str, float] = {
    "opener_resident": 0.3, "opener_other": 0.6, "second_sentence": 0.35,
    "third_sentence": 0.12, "long": 0.12, "general_comment": 0.15, "filler": 0.3,
    "second_filler": 0.1, "aside": 0.06, "closer": 0.15, "shuffled": 0.3,
    "short_online": 0.12, "short_other": 0.25, "misspelt_response": 0.3, "misspelt_word": 0.2,
    "no_apostrophes": 0.15, "run_on": 0.12, "ellipses": 0.06, "no_full_stop": 0.3,
    "exclamation": 0.06, "capitals_paper": 0.15, "capitals_other": 0.02, "lower_case": 0.08,
    "second_off_topic": 0.3,
}  # fmt: skip
#: Responses that two members of the engagement team each coded by hand, a random sample.
#: Basis: local assumption (fictional engagement exercise).
ENGAGEMENT_DOUBLE_CODED = 150
#: Each coder's chance of missing a theme a response raises, and of coding one it does
#: not raise (coders A and B alike, independently): information's fuzzy definition makes
#: it the least reliable. Basis: local assumption (fictional engagement exercise), chosen
#: so Cohen's kappa between the coders is about 0.6 to 0.9 by theme (Cohen, Educ Psychol
#: Meas 1960;20:37-46); exact counts of misses and additions, rounded, are drawn.
ENGAGEMENT_CODER_ERRORS: dict[str, tuple[float, float]] = {
    "care_at_home_waits": (0.08, 0.015), "gp_access": (0.06, 0.012),
    "transport": (0.06, 0.010), "carer_support": (0.07, 0.010),
    "hospital_discharge": (0.08, 0.012), "staffing": (0.08, 0.012),
    "mental_health": (0.06, 0.010), "information": (0.13, 0.035),
}  # fmt: skip

# --- Option appraisal: intermediate care (module 12) ---------------------------------------

#: The appraisal's first financial year (year 0, 2026/27) and its length in years. Costs
#: are in real terms at 2026/27 prices. Basis: local assumption (fictional business case).
#: No residual value is counted for a building at the end of year 9.
APPRAISAL_FIRST_YEAR = 2026
#: How many years the appraisal covers (years 0 to 9); see `APPRAISAL_FIRST_YEAR`.
APPRAISAL_YEARS = 10
#: Interim care home places the partnership spot-purchases on an average day in 2026/27 for
#: people waiting in hospital for a care home or care at home: the do-minimum, which goes on
#: under every option. Basis: local assumption (fictional).
APPRAISAL_INTERIM_PLACES = 14.0
#: Growth a year in the need for interim places: 2.1%, derived from the NRS 2022-based
#: principal projection of about +68% aged 75+ from 2022 to 2047 (data brief), 1.68 ** (1 / 25).
APPRAISAL_DEMAND_GROWTH = 0.021
#: Weekly cost of an interim care home place at 2026/27 prices: the National Care Home
#: Contract nursing rate of £948.59 a week from April 2024 (data brief 2, S18), raised by
#: 4.0% a year for two years, the rate's average rise a year since 2010/11 (derived, data
#: brief 2).
APPRAISAL_INTERIM_WEEK_GBP = 948.59 * 1.04**2
#: Mean salaries (pounds, 2023/24) of the grades the options employ: Agenda for Change
#: Scotland 2023/24 band midpoints (data brief: band 3 £25.5-27.5k, band 5 £30.2-37.7k, band
#: 6 £37.8-46.1k, band 7 £46.2-53.8k); consultant and social care worker as ``PAY_BANDS``
#: [EST].
APPRAISAL_SALARY_GBP: dict[str, float] = {
    "Band 3": 26_500, "Band 5": 33_950, "Band 6": 41_950, "Band 7": 50_000,
    "Consultant": 125_000, "Social care worker": 24_500,
}  # fmt: skip
#: Pay rise from 2023/24 to 2026/27 prices: Agenda for Change Scotland +4.25% in 2025/26 and
#: +3.75% in 2026/27 (data brief 2, S26); 2024/25 taken as +4.25% too [EST]. Social care pay
#: is assumed to rise alike [EST]. Employer on-costs are ``EMPLOYER_ON_COSTS``.
APPRAISAL_PAY_UPLIFT = 1.0425 * 1.0425 * 1.0375


@dataclass(frozen=True)
class AppraisalService:
    """The service one option adds to the do-minimum, at full running (2026/27 prices).

    Parameters
    ----------
    staff
        Whole-time equivalents by grade (grades of ``APPRAISAL_SALARY_GBP``).
    non_pay_share
        Non-pay running costs (hotel services, travel, equipment, drugs) as a share of pay.
    people_a_year
        People the service takes a year at full running.
    bed_days_per_person
        Acute bed days each of them is spared, against the do-minimum.
    at_home_gain
        Extra share of them still at home 91 days after leaving hospital or the service.
    staff_ramp
        Share of the full staff cost paid in each appraisal year (recruitment).
    activity_ramp
        Share of the full activity reached in each appraisal year.
    capital_gbp
        Capital cost in each appraisal year, pounds.
    """

    staff: dict[str, float]
    non_pay_share: float
    people_a_year: float
    bed_days_per_person: float
    at_home_gain: float
    staff_ramp: tuple[float, ...]
    activity_ramp: tuple[float, ...]
    capital_gbp: tuple[float, ...]


#: The services of options 2 to 4 (option 1, the do-minimum, adds none). Basis: local
#: assumption (fictional options), shaped by the published figures named here. OPT2, a
#: 20-bed step-up/step-down unit: 20 beds at 90% occupancy and a 24-day mean stay take 274
#: people a year; most would otherwise wait in an acute bed (median delay 29 days, data
#: brief), so each is spared 20 acute bed days; built in years 0 and 1 (about 1,400 m2 at
#: about £4,850 a m2 [EST]), staff recruited late in year 1, open from year 2 at 70% then full.
#: OPT3, more home-first reablement: 22 reablement workers, 3 occupational therapists, a team
#: leader and an administrator take 400 more people a year, each leaving hospital 8.5 days
#: sooner, without waiting for a package of care. OPT4, hospital at home for frailty: 14
#: virtual beds at 85% occupancy and a 7-day stay take 620 people a year, each spared 6 bed
#: days (an admission avoided, less the admissions that still happen: Cochrane review of
#: admission avoidance hospital at home, RR 1.14 for admission within 3-12 months, data
#: brief 2, S34); equipment (point-of-care tests, monitoring, vehicles) in year 0, part
#: renewed in year 5.
APPRAISAL_SERVICES: dict[str, AppraisalService] = {
    "OPT2": AppraisalService(
        {"Band 7": 1.0, "Band 6": 9.5, "Band 5": 11.0, "Band 3": 22.5, "Consultant": 0.4},
        0.30, 274.0, 20.0, 0.12,
        (0.0, 0.15, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (0.0, 0.0, 0.7, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (2_040_000.0, 4_760_000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ),
    "OPT3": AppraisalService(
        {"Social care worker": 22.0, "Band 6": 3.0, "Band 7": 1.0, "Band 3": 1.0},
        0.20, 400.0, 8.5, 0.055,
        (0.55, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (0.4, 0.85, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (0.0,) * 10,
    ),
    "OPT4": AppraisalService(
        {"Consultant": 1.0, "Band 7": 4.5, "Band 6": 6.0, "Band 5": 4.0, "Band 3": 5.0},
        0.22, 620.0, 6.0, 0.035,
        (0.6, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (0.4, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        (250_000.0, 0.0, 0.0, 0.0, 0.0, 100_000.0, 0.0, 0.0, 0.0, 0.0),
    ),
}  # fmt: skip
#: How far each option's estimates may be off, drawn once per option from its own stream: a
#: factor from 1 - x to 1 + x on capital, on running costs and on bed days saved. Basis:
#: local assumption, so another seed gives a different but equally plausible business case.
APPRAISAL_ESTIMATE_SPREAD = 0.02
#: Where each option works: its reach in each locality (LVL01 to LVL04), relative to the
#: locality's people aged 65+. Basis: local assumption (fictional): interim places are bought
#: across the partnership; the unit is in Strathmorven Towns (LVL03) and hard to reach from
#: the islands; the reablement team grows most in Corranbridge (LVL01), where care at home
#: is hardest to get; hospital at home covers 30 minutes' drive from Lochanvale Royal
#: Infirmary, so hardly reaches Glen Tarrach and the Isles (LVL04).
APPRAISAL_REACH: dict[str, tuple[float, float, float, float]] = {
    "OPT1": (1.0, 1.0, 1.0, 1.0), "OPT2": (0.9, 0.9, 1.3, 0.4),
    "OPT3": (1.4, 0.8, 1.0, 1.1), "OPT4": (1.1, 1.2, 0.9, 0.2),
}  # fmt: skip
#: The stakeholder panel's agreed weights (out of 100) for the five criteria. Basis: local
#: assumption (fictional panel).
APPRAISAL_WEIGHTS: dict[str, int] = {
    "outcomes": 30, "home_first": 20, "workforce": 20, "equity": 15, "sustainability": 15,
}  # fmt: skip
#: The panel's median score (0 to 10) of each option on each criterion, in the order of
#: ``APPRAISAL_WEIGHTS``. Basis: local assumption (fictional panel): the unit scores best
#: on outcomes and worst on workforce (it needs the most nurses); reablement best on home
#: first, equity and sustainability; hospital at home close behind it.
APPRAISAL_MEDIAN_SCORES: dict[str, tuple[int, int, int, int, int]] = {
    "OPT1": (2, 2, 8, 3, 3), "OPT2": (8, 4, 3, 5, 4),
    "OPT3": (6, 9, 5, 7, 8), "OPT4": (7, 8, 4, 5, 7),
}  # fmt: skip
#: The panel members' roles, P01 to P08, and how each leans towards each option (OPT1 to
#: OPT4): a member with a larger lean tends to score that option higher than the others
#: do. Basis: local assumption (fictional panel).
APPRAISAL_PANEL: dict[str, tuple[float, float, float, float]] = {
    "Carer representative": (-1.0, 0.0, 1.0, 0.5),
    "Person with lived experience": (-1.0, 0.0, 1.0, 0.5),
    "GP": (0.0, 0.5, 0.0, 1.0),
    "Consultant geriatrician": (0.0, 1.0, -0.5, 1.0),
    "Social work manager": (0.0, -0.5, 1.0, 0.0),
    "Finance officer": (1.0, -1.0, 0.5, 0.0),
    "Occupational therapy lead": (-0.5, 0.5, 1.0, 0.0),
    "Third sector representative": (-0.5, -0.5, 1.0, 0.5),
}
#: Standard deviation of a member's score about the panel's median, before rounding to a
#: whole number, and the chance that one member's score is a point further out on one
#: side (so the mean differs a little from the median). Basis: local assumption, a
#: spread of one or two points, as panels give.
APPRAISAL_SCORE_SPREAD = 1.3
#: The chance that one member's score is a point further out on one side; see
#: `APPRAISAL_SCORE_SPREAD`.
APPRAISAL_SCORE_ASYMMETRY = 0.3

# --- Discharge pathway: discharge to assess (module 14) ----------------------------------

#: Months of the discharge team's tracker of people aged 75+ ready to leave an acute bed:
#: April 2021 to March 2026 (five financial years, three before the change and two after).
#: Basis: local assumption (fictional tracker).
PATHWAY_FIRST_MONTH = "2021-04"
#: The tracker's last month; see `PATHWAY_FIRST_MONTH`.
PATHWAY_LAST_MONTH = "2026-03"
#: People aged 75+ declared ready to leave an acute bed in a month, per 1,000 people aged
#: 75+, in an average month: the people the discharge team tracks because they need a
#: care assessment or support to go home. [EST]: about a third of the roughly 30 emergency
#: admissions a month per 1,000 aged 75+ (357 a year, ISD 2012/13, data brief). Each month
#: follows the emergency admissions' seasonal index (`ADMISSION_SEASONALITY`) and the
#: number of people aged 75+ (the cohort-component population, so it grows as people age).
PATHWAY_READY_PER_1000_75PLUS = 10.0
#: Expected days from being declared ready to leaving hospital, per person, across the
#: partnership at mid-2024, in an average month and without discharge to assess. Derived:
#: PHS counted 661,705 delayed bed days in Scotland in 2022/23, 64-70% for people aged 75+
#: (data brief); 67% of that at Lochanvale's 2.64% share of Scotland's people is about 975
#: bed days a month, shared by about 135 people ready a month (10 per 1,000 of about
#: 13,600 aged 75+): about 7 days each. Each locality's wait is this times its delay
#: factor (`LOCALITIES`), as in the delayed discharge table.
PATHWAY_MEAN_WAIT_DAYS = 7.0
#: Gamma shape of one person's expected wait (the waits are gamma-Poisson, that is
#: negative binomial): most people leave within a week and a few wait weeks, so waits
#: scatter far more than Poisson (variance about mean + mean squared / shape). [EST]
PATHWAY_WAIT_SHAPE = 2.0
#: Seasonal index of the expected wait by calendar month, January first (divided by its
#: mean in the generator, so it averages 1): waits are about 13% longer in December to
#: February than in the rest of the year, when hospitals are fullest and care at home is
#: hardest to start. [EST], the size the course asks for (10-15%), peaking with the
#: emergency admissions' seasonal index (`ADMISSION_SEASONALITY`).
PATHWAY_WAIT_SEASONALITY: tuple[float, ...] = (
    1.12, 1.10, 1.02, 0.97, 0.95, 0.94, 0.94, 0.95, 0.96, 0.98, 1.02, 1.12,
)  # fmt: skip
#: Drift in the expected wait, a share a year, the same in every locality: waits lengthen
#: slowly, so a plain before-and-after comparison understates a fall. [EST], gentler than
#: the rise in delayed beds per 100,000 people from 27 in mid-2021 to about 35 in 2024/25
#: (`DELAYED_BEDS_PER_100K_ANCHORS`, PHS), most of which came in 2021/22.
PATHWAY_WAIT_TREND = 0.025
#: Month-to-month persistence and innovation (log scale) of each locality's expected wait:
#: a month of long waits tends to be followed by another. [EST]: persistence 0.45, at the
#: low end of the 0.45 to 0.85 lag-1 autocorrelation of real boards' delayed beds
#: (`DELAY_LOCALITY_PERSISTENCE`); the level's spread is about 12% of the wait.
PATHWAY_WAIT_PERSISTENCE = 0.45
#: The innovation of the expected wait's persistent level; see `PATHWAY_WAIT_PERSISTENCE`.
PATHWAY_WAIT_SD = 0.105
#: Chance that a person is readmitted to hospital as an emergency within 28 days of leaving;
#: the same before and after the change (the balancing measure has no real change). [EST]
#: a little above the 11.9% of people aged 65+ readmitted within 28 days in Scotland in
#: 2010/11 (ISD Scotland, reported by The Scotsman), as these are older people with more
#: complex needs.
PATHWAY_READMISSION_SHARE = 0.13
#: Discharge to assess: Strathmorven Towns (LVL03) starts assessing people for long-term
#: care at home after they leave hospital, not on the ward, from April 2024. Basis: local
#: assumption (fictional service change).
DISCHARGE_TO_ASSESS_LOCALITY = "LVL03"
#: The month the service starts; see `DISCHARGE_TO_ASSESS_LOCALITY`.
DISCHARGE_TO_ASSESS_START = "2024-04"
#: The service's real effect on the expected wait from ready to leaving: a rate ratio of
#: 0.75 (25% shorter), a step from the first month, in LVL03 only. [EST], within the data
#: brief's estimate for discharge to assess (a stay 1 to 5 days shorter, 80% interval; no
#: trial was found): about 2 days of LVL03's 7 to 8. Readmissions do not change.
DISCHARGE_TO_ASSESS_WAIT_RATIO = 0.75

# --- Published figures the generated data are checked against -----------------------------


@dataclass(frozen=True)
class PublishedFigure:
    """A published Scottish figure that one key figure of Lochanvale is set beside.

    :func:`planlab.data.calibration.key_figures` computes Lochanvale's figure of the same
    ``key`` from the generated tables; the dataset README and the book's appendix show
    the two side by side, and the tests check they are within 15% of each other.

    Parameters
    ----------
    key
        Short name, used by :mod:`planlab.data.calibration` to compute Lochanvale's figure.
    figure
        What is measured, as the table shows it.
    published
        The published figure, in ``unit``.
    unit
        Its unit.
    source
        Where it was published (codes S1-S40 are in ``shared/data-brief-2.md``).
    """

    key: str
    figure: str
    published: float
    unit: str
    source: str


# The README shows what follows in its calibration table, not in its list of parameters.

#: Scotland's population at mid-2022 (NRS mid-year estimates), for rates of 2022/23 figures.
SCOTLAND_POPULATION_MID_2022 = 5_447_700
#: Every published figure of the calibration table, in the order it is shown. Where a
#: figure is a rate, the Scottish count is divided by Scotland's population here.
PUBLISHED_FIGURES: tuple[PublishedFigure, ...] = (
    PublishedFigure(
        "share_65_plus",
        "Share of people aged 65+",
        100 * SCOTLAND_SHARE_65_PLUS,
        "%",
        "NRS mid-2023, Scotland",
    ),
    PublishedFigure(
        "share_75_plus",
        "Share of people aged 75+",
        100 * SCOTLAND_SHARE_75_PLUS,
        "%",
        "NRS mid-2023, Scotland",
    ),
    PublishedFigure(
        "share_85_plus",
        "Share of people aged 85+",
        100 * SCOTLAND_SHARE_85_PLUS,
        "%",
        "NRS mid-2023, Scotland",
    ),
    PublishedFigure(
        "population_growth",
        "Population growth a year, principal projection",
        100 * ((1 + 0.044) ** (1 / 10) - 1),
        "% a year",
        "NRS 2022-based projections: +4.4% from 2022 to 2032",
    ),
    PublishedFigure(
        "growth_75_plus",
        "Growth a year of the 75+ population, principal projection",
        100 * ((1 + 0.68) ** (1 / 25) - 1),
        "% a year",
        "NRS 2022-based projections: about +68% from 2022 to 2047",
    ),
    PublishedFigure(
        "emergency_rate",
        "Emergency admissions per 1,000 people, 2019",
        SCOTLAND_EMERGENCY_RATE_PER_1000,
        "per 1,000 a year",
        "PHS: 518,492 emergency stays in 2019",
    ),
    PublishedFigure(
        "emergency_rate_75_plus",
        "Emergency admissions per 1,000 aged 75+, 2019",
        SCOTLAND_EMERGENCY_RATE_75_PLUS_PER_1000,
        "per 1,000 a year",
        "ISD 2012/13, derived",
    ),
    PublishedFigure(
        "simd_ratio",
        "Emergency admission rate, SIMD quintile 1 over quintile 5, 2019 (crude here; "
        "the published ratio is age-standardised)",
        2.2,
        "ratio",
        "SIMD 2020v2 indicator EMERG, standardised (146 / 67)",
    ),
    PublishedFigure(
        "mean_stay",
        "Mean length of an emergency stay, 2019",
        SCOTLAND_MEAN_LOS_DAYS_2019,
        "days",
        "PHS, 2019",
    ),
    PublishedFigure(
        "ae_rate",
        "A&E attendances per 1,000 people, 2019",
        310.0,
        "per 1,000 a year",
        "PHS, all sites, Scotland 2019/20",
    ),
    PublishedFigure(
        "ed_admitted",
        "Share of ED attendances admitted, 2019/20",
        27.5,
        "%",
        "PHS: about 27-28%",
    ),
    PublishedFigure(
        "delayed_bed_days",
        "Delayed discharge bed days per 1,000 people, 2022/23",
        1000 * 661_705 / SCOTLAND_POPULATION_MID_2022,
        "per 1,000 a year",
        "PHS: 661,705 bed days in 2022/23",
    ),
    PublishedFigure(
        "delayed_75_plus",
        "Share of delayed bed days for people aged 75+, 2022/23",
        67.0,
        "%",
        "PHS: 64% to 70%",
    ),
    PublishedFigure(
        "care_at_home_clients",
        "Care at home clients per 1,000 people, 2023/24",
        1000 * 97_585 / SCOTLAND_POPULATION_MID_2023,
        "per 1,000",
        "PHS care at home 2023/24: 97,585",
    ),
    PublishedFigure(
        "care_at_home_hours",
        "Care at home hours per client, 2023/24",
        420.0,
        "hours a year",
        "PHS: 40.9 million hours for 97,585 people",
    ),
    PublishedFigure(
        "care_home_residents",
        "Long-stay care home residents per 1,000 aged 65+, 2023/24",
        25.0,
        "per 1,000",
        "gov.scot free personal and nursing care 2022-23: 28,080",
    ),
    PublishedFigure(
        "care_home_places",
        "Care home places per 1,000 aged 65+",
        36.5,
        "per 1,000",
        "PHS care home census 2021: 40,632 places",
    ),
    PublishedFigure(
        "nursing_wte",
        "Nursing and midwifery WTE per 1,000 people",
        1000 * 67_168 / SCOTLAND_POPULATION_MID_2023,
        "WTE per 1,000",
        "NES, March 2024: 67,168 WTE",
    ),
    PublishedFigure(
        "budget_per_head",
        "Budget per head, 2024/25",
        2_019.0,
        "pounds",
        "Accounts Commission: £11.0bn for all IJBs in 2022/23",
    ),
    PublishedFigure(
        "health_share",
        "Health share of the budget (including set-aside), 2024/25",
        60.0,
        "%",
        "Accounts Commission: 55% to 65% [EST]",
    ),
    PublishedFigure(
        "staff_55_plus",
        "Share of staff in post aged 55+",
        21.0,
        "%",
        "ISD via RCN: 19.7% in 2019; 20-22% now [EST]",
    ),
    PublishedFigure(
        "nursing_students",
        "Nursing students starting a year per 100,000 people",
        1e5 * 3_520 / SCOTLAND_POPULATION_MID_2023,
        "per 100,000 a year",
        "UCAS: 3,520 accepted to nursing in Scotland in 2023",
    ),
    PublishedFigure(
        "nursing_retiring",
        "Nursing staff retiring a year, per 1,000 staff",
        1000 * 0.178 / 10,
        "per 1,000 a year",
        "ISD figures via RCNi 2016: 17.8% to retire within ten years",
    ),
    PublishedFigure(
        "occupancy_2021",
        "Care home occupancy, 31 March 2021",
        82.0,
        "%",
        "PHS care home census 2021",
    ),
    PublishedFigure(
        "occupancy_2024",
        "Care home occupancy, 31 March 2024",
        100 * 34_113 / 40_079,
        "%",
        "PHS care home census 2024: 34,113 residents, 40,079 places",
    ),
    PublishedFigure(
        "earmarked_2021",
        "Share of reserves earmarked, 31 March 2021",
        81.0,
        "%",
        "Accounts Commission, IJB financial analysis 2020/21",
    ),
    PublishedFigure(
        "reserves_per_head",
        "Reserves per head, 31 March 2022",
        1.3e9 / SCOTLAND_POPULATION_MID_2022,
        "pounds",
        "Accounts Commission: IJB reserves over £1.3bn in 2021/22",
    ),
)
