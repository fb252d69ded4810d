"""The data dictionary of the fictional Lochanvale partnership, as a Frictionless Data Package.

Lochanvale Health and Social Care Partnership is fictional. This module describes every
table the generator makes: each column's type, meaning, unit and allowed values, each
table's primary key and the keys that link tables. :func:`datapackage` turns it into a
``datapackage.json`` that follows the Frictionless Data Package and Table Schema
specifications, so any Frictionless tool can read and check the files.

It is over 500 lines because it is the whole data dictionary: one declaration for each
of the 34 tables, kept together so that it reads top to bottom like the README it makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planlab.appraisal import OPTIMISM_BIAS
from planlab.data import parameters as params
from planlab.data.tables.appraisal import CRITERIA as APPRAISAL_CRITERION_LIST
from planlab.data.tables.appraisal import OPTIONS as APPRAISAL_OPTION_LIST
from planlab.data.tables.engagement import CHANNELS as ENGAGEMENT_CHANNELS
from planlab.data.tables.engagement import GROUPS as ENGAGEMENT_GROUPS
from planlab.data.tables.evidence import CERTAINTIES, INTERVENTIONS, OUTCOME_GROUPS
from planlab.data.tables.plan import NO_STATUTORY_CONTENT, STATUTORY_CONTENTS
from planlab.data.tables.risk import CATEGORIES

__all__ = ["SOURCES", "TABLES", "Field", "Table", "datapackage", "table", "table_names"]

MONTH_PATTERN = "^[0-9]{4}(0[1-9]|1[0-2])$"
FINANCIAL_YEAR_PATTERN = "^[0-9]{4}/[0-9]{2}$"
LOCALITY_CODES = [loc.code for loc in params.LOCALITIES]
STAFF_GROUP_NAMES = [group[0] for group in params.STAFF_GROUPS]
PAY_BAND_NAMES = list(
    dict.fromkeys(band[0] for bands in params.PAY_BANDS.values() for band in bands)
)
SITE_CODES = [site[0] for site in params.AE_SITES]
ROUTE_NAMES = [route[1] for route in params.TRAINING_ROUTES]
DEPARTMENT_TYPES = ["Emergency Department", "Minor Injury Unit or Other"]
RATING_NAMES = [name for name, _, _ in params.RISK_RATINGS]
APPRAISAL_OPTION_IDS = [option.option_id for option in APPRAISAL_OPTION_LIST]
APPRAISAL_CRITERIA = [criterion.code for criterion in APPRAISAL_CRITERION_LIST]
APPRAISAL_PROJECT_TYPES = list(OPTIMISM_BIAS)
APPRAISAL_ROLES = list(params.APPRAISAL_PANEL)


@dataclass(frozen=True)
class Field:
    """One column of a table.

    Parameters
    ----------
    name
        The column's name, in PascalCase as Public Health Scotland writes them.
    type
        Table Schema type: ``string``, ``integer``, ``number`` or ``date``.
    description
        What the column holds, with its unit.
    constraints
        Table Schema constraints.
    required
        Whether every row must have a value; true for every column except the few that
        are blank on purpose (a draft plan's missing owners and dates).
    """

    name: str
    type: str
    description: str
    constraints: dict[str, Any] = field(default_factory=dict)
    required: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Return the Table Schema field descriptor."""
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "constraints": {"required": self.required, **self.constraints},
        }


@dataclass(frozen=True)
class Table:
    """One table of the data package.

    Parameters
    ----------
    name
        The table's name; its file is ``<name>.csv``.
    title
        A short human title.
    description
        What one row is, and what the table is for.
    fields
        The columns, in file order.
    primary_key
        Columns that identify a row.
    foreign_keys
        ``(columns, other table, other columns)`` links.
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def path(self) -> str:
        """The file's path inside the data package folder."""
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        """Return the Table Schema of this table."""
        schema: dict[str, Any] = {
            "fields": [column.to_dict() for column in self.fields],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(columns), "reference": {"resource": other, "fields": list(keys)}}
                for columns, other, keys in self.foreign_keys
            ]
        return schema


def _count(name: str, description: str) -> Field:
    return Field(name, "integer", description, {"minimum": 0})


def _share(name: str, description: str) -> Field:
    return Field(name, "number", description, {"minimum": 0, "maximum": 1})


def _locality() -> Field:
    return Field(
        "LocalityCode",
        "string",
        "Made-up locality code, LVL01 to LVL04 (see the localities table).",
        {"enum": LOCALITY_CODES},
    )


def _simd() -> Field:
    return Field(
        "SIMDQuintile",
        "integer",
        "National SIMD 2020v2 quintile of where people live: 1 most deprived, 5 least.",
        {"minimum": 1, "maximum": 5},
    )


def _month(name: str = "Month") -> Field:
    return Field(
        name,
        "string",
        "Month, written YYYYMM as PHS does (201504 is April 2015).",
        {"pattern": MONTH_PATTERN},
    )


def _age(values: tuple[str, ...], description: str) -> Field:
    return Field("AgeGroup", "string", description, {"enum": list(values)})


_TO_LOCALITIES = ((("LocalityCode",), "localities", ("LocalityCode",)),)
_TO_STAFF_GROUPS = ((("StaffGroup",), "staff_groups", ("StaffGroup",)),)


def _sex() -> Field:
    return Field("Sex", "string", "F female, M male.", {"enum": ["F", "M"]})


def _five_year_age() -> Field:
    return _age(params.AGE_BANDS, "Five-year age band, 0-4 to 90plus.")


def _financial_year() -> Field:
    return Field(
        "FinancialYear",
        "string",
        "Financial year, April to March, such as 2019/20.",
        {"pattern": FINANCIAL_YEAR_PATTERN},
    )


def _staff_group() -> Field:
    return Field(
        "StaffGroup", "string", "Staff group (see staff_groups).", {"enum": STAFF_GROUP_NAMES}
    )


def _pounds(name: str, description: str) -> Field:
    return Field(name, "number", description, {"minimum": 0})


#: Every table of the data package, in the order of ``datapackage.json``.
TABLES: tuple[Table, ...] = (
    Table(
        "localities",
        "Localities",
        "The four localities of the fictional partnership: one row per locality.",
        (
            _locality(),
            Field("LocalityName", "string", "Made-up place name."),
            Field("Character", "string", "What sort of place it is."),
            Field(
                "PartnershipCode",
                "string",
                "Made-up partnership code.",
                {"enum": [params.PARTNERSHIP_CODE]},
            ),
            _count("Population", "Mid-2024 population, people."),
            _share("ShareAged65Plus", "Share of residents aged 65 or over, a fraction."),
            _share("ShareInSIMDQuintile1", "Share of residents in SIMD quintile 1, a fraction."),
        ),
        ("LocalityCode",),
    ),
    Table(
        "population",
        "Population, mid-2015 to mid-2024",
        "People living in the partnership at each mid-year: one row per year, locality, SIMD "
        "quintile, sex and five-year age band.",
        (
            Field(
                "Year",
                "integer",
                "Year of the mid-year estimate.",
                {"minimum": params.FIRST_POPULATION_YEAR, "maximum": params.BASE_YEAR},
            ),
            _locality(),
            _simd(),
            _sex(),
            _five_year_age(),
            _count("Population", "People."),
        ),
        ("Year", "LocalityCode", "SIMDQuintile", "Sex", "AgeGroup"),
        _TO_LOCALITIES,
    ),
    Table(
        "population_projections",
        "Population projections, 2024 to 2045",
        "Projected people at mid-year under three variants: one row per variant, year, "
        "locality, sex and five-year age band.",
        (
            Field(
                "Variant",
                "string",
                "Projection variant: principal, high or low growth.",
                {"enum": list(params.MIGRATION_VARIANTS)},
            ),
            Field(
                "Year",
                "integer",
                "Year (mid-year).",
                {"minimum": params.BASE_YEAR, "maximum": params.LAST_PROJECTION_YEAR},
            ),
            _locality(),
            _sex(),
            _five_year_age(),
            _count("Population", "Projected people."),
        ),
        ("Variant", "Year", "LocalityCode", "Sex", "AgeGroup"),
        _TO_LOCALITIES,
    ),
    Table(
        "emergency_admissions",
        "Emergency admissions, monthly",
        "Emergency (unplanned) admissions to acute hospital of residents, April 2015 to "
        "March 2025: one row per month, locality, age group and SIMD quintile.",
        (
            _month(),
            _locality(),
            _age(params.BROAD_AGE_GROUPS, "Age group on admission."),
            _simd(),
            _count("EmergencyAdmissions", "Emergency admissions (stays) that began in the month."),
            _count("BedDays", "Bed days of those stays, days."),
        ),
        ("Month", "LocalityCode", "AgeGroup", "SIMDQuintile"),
        _TO_LOCALITIES,
    ),
    Table(
        "acute_daily",
        "Acute hospital activity, daily",
        "The partnership's residents at hospital each day, 1 April 2015 to 31 March 2025. "
        "Each month's admissions add up to the monthly table's, and its attendances to the "
        "A&E table's.",
        (
            Field("Date", "date", "Calendar day, YYYY-MM-DD."),
            _count("AEAttendances", "A&E attendances at all sites, attendances a day."),
            _count("EmergencyAdmissions", "Emergency admissions, admissions a day."),
            _count("EmergencyBedsOccupied", "Beds occupied at midnight by emergency patients."),
        ),
        ("Date",),
    ),
    Table(
        "ae_sites",
        "A&E sites",
        "The sites where residents attend A&E: one row per site.",
        (
            Field("SiteCode", "string", "Made-up site code, LVH01 to LVH03.", {"enum": SITE_CODES}),
            Field("SiteName", "string", "Made-up site name."),
            Field("DepartmentType", "string", "PHS department type.", {"enum": DEPARTMENT_TYPES}),
        ),
        ("SiteCode",),
    ),
    Table(
        "ae_attendances",
        "A&E attendances, monthly by site",
        "A&E attendances, 4-hour performance and admissions, April 2015 to March 2025: one "
        "row per month and site, with PHS's column names.",
        (
            _month(),
            Field("SiteCode", "string", "Site (see ae_sites).", {"enum": SITE_CODES}),
            Field("DepartmentType", "string", "PHS department type.", {"enum": DEPARTMENT_TYPES}),
            _count("NumberOfAttendancesAll", "Attendances in the month."),
            _count("NumberWithin4HoursAll", "Attendances completed within 4 hours."),
            _count("NumberOver4HoursAll", "Attendances that took more than 4 hours."),
            Field(
                "PercentageWithin4HoursAll",
                "number",
                "Share within 4 hours, per cent.",
                {"minimum": 0, "maximum": 100},
            ),
            _count("NumberAdmitted", "Attendances admitted to hospital (EDs only; 0 at MIUs)."),
        ),
        ("Month", "SiteCode"),
        ((("SiteCode",), "ae_sites", ("SiteCode",)),),
    ),
    Table(
        "delayed_discharges",
        "Delayed discharges, monthly",
        "Bed days occupied by residents who were ready to leave hospital but delayed, July "
        "2016 to March 2025: one row per month, locality, age group and reason, as PHS "
        "publishes them.",
        (
            _month("MonthOfDelay"),
            _locality(),
            _age(params.DELAY_AGE_GROUPS, "Age group: 18-74 or 75plus."),
            Field(
                "ReasonForDelay",
                "string",
                "Reason for the delay, as PHS groups them.",
                {"enum": list(params.DELAY_REASONS)},
            ),
            _count("NumberOfDelayedBedDays", "Delayed bed days in the month, days."),
            _count("AverageDailyNumberOfDelayedBeds", "Bed days divided by days in the month."),
        ),
        ("MonthOfDelay", "LocalityCode", "AgeGroup", "ReasonForDelay"),
        _TO_LOCALITIES,
    ),
    Table(
        "waiting_list",
        "Elective waiting list, weekly",
        "The inpatient and day case waiting list of residents by specialty, each week from "
        "April 2015 to March 2025. Waits assume patients are treated in order of referral.",
        (
            Field("WeekEnding", "date", "Sunday that ends the week, YYYY-MM-DD."),
            Field(
                "Specialty", "string", "Specialty.", {"enum": list(params.WAITING_LIST_SPECIALTIES)}
            ),
            _count("Additions", "Patients added to the list in the week."),
            _count("Removals", "Patients removed from the list (mostly treated) in the week."),
            _count("ListSize", "Patients waiting at the end of the week."),
            _count("WaitingOver12Weeks", "Of those, waiting more than 12 weeks."),
            _count("WaitingOver52Weeks", "Of those, waiting more than 52 weeks."),
            _count("LongestWaitWeeks", "Longest wait of anyone on the list, weeks."),
        ),
        ("WeekEnding", "Specialty"),
    ),
    Table(
        "care_homes",
        "Care homes, yearly",
        "Care homes for older people by financial year and locality, 2015/16 to 2024/25, with "
        "the National Care Home Contract weekly rates.",
        (
            _financial_year(),
            _locality(),
            _count("CareHomes", "Care homes for older people."),
            _count("Places", "Registered places."),
            _count("LongStayResidents65Plus", "Long-stay residents aged 65+ at 31 March."),
            _pounds("WeeklyRateNursingGBP", "Weekly rate for nursing care, pounds a week."),
            _pounds("WeeklyRateResidentialGBP", "Weekly rate for residential care, pounds a week."),
        ),
        ("FinancialYear", "LocalityCode"),
        _TO_LOCALITIES,
    ),
    Table(
        "care_home_occupancy",
        "Care home residents and occupancy, yearly",
        "Everyone living in the care homes of the care_homes table at the census of 31 March "
        "(long-stay residents aged 65+, short stays, respite and younger adults), and "
        "occupancy, by financial year and locality, 2015/16 to 2024/25. care_homes.csv "
        "counts only long-stay residents aged 65+, too few to give occupancy; the rest of "
        "the residents are here.",
        (
            _financial_year(),
            _locality(),
            _count("Residents", "Every resident at 31 March, of any age and length of stay."),
            _share(
                "OccupancyRate",
                "Residents over the care_homes table's registered places, a fraction (3 d.p.).",
            ),
        ),
        ("FinancialYear", "LocalityCode"),
        (
            *_TO_LOCALITIES,
            (
                ("FinancialYear", "LocalityCode"),
                "care_homes",
                ("FinancialYear", "LocalityCode"),
            ),
        ),
    ),
    Table(
        "care_at_home",
        "Care at home, yearly",
        "Care at home by financial year, locality and age group, 2015/16 to 2024/25, with "
        "the cost of an hour.",
        (
            _financial_year(),
            _locality(),
            _age(tuple(params.CARE_AT_HOME_CLIENTS_PER_1000), "Age group: 18-64 or 65plus."),
            _count("CareAtHomeClients", "People receiving care at home in the year."),
            _count("CareAtHomeHours", "Hours of care at home delivered in the year."),
            _count(
                "PeopleWaitingForCareAtHome",
                "People assessed and waiting for care at home at year end.",
            ),
            _pounds("HourlyRateGBP", "Cost of an hour of care at home, pounds."),
        ),
        ("FinancialYear", "LocalityCode", "AgeGroup"),
        _TO_LOCALITIES,
    ),
    Table(
        "segments",
        "Population segments",
        "The eight Bridges to Health segments (Lynn et al., Milbank Quarterly 2007).",
        (
            Field(
                "SegmentCode", "integer", "Segment number, 1 to 8.", {"minimum": 1, "maximum": 8}
            ),
            Field("Segment", "string", "Segment name.", {"enum": list(params.SEGMENTS)}),
        ),
        ("SegmentCode",),
    ),
    Table(
        "people",
        "People and their use of services, 2024/25 (1-in-5 sample)",
        "A random 1-in-5 sample of residents, each with their segment and their use and "
        "cost of services over one year. Each row stands for five people.",
        (
            Field("PersonId", "string", "Made-up person number.", {"pattern": "^P[0-9]{6}$"}),
            _locality(),
            _sex(),
            Field("Age", "integer", "Age in years at mid-2024.", {"minimum": 0, "maximum": 110}),
            _five_year_age(),
            _simd(),
            Field(
                "SegmentCode", "integer", "Segment (see segments).", {"minimum": 1, "maximum": 8}
            ),
            _count("EmergencyAdmissions", "Emergency admissions in the year."),
            _count("EmergencyBedDays", "Bed days of those admissions, days."),
            _count("AEAttendances", "A&E attendances in the year."),
            _count("GPContacts", "GP and practice nurse contacts in the year."),
            _count("CareAtHomeHours", "Hours of care at home in the year."),
            Field(
                "CareHomeResident",
                "integer",
                "1 if a long-stay care home resident, else 0.",
                {"enum": [0, 1]},
            ),
            _count("PrescribingCostGBP", "Community prescribing in the year, pounds."),
            _count("AnnualCostGBP", "Cost of all the above in the year, pounds."),
        ),
        ("PersonId",),
        (
            *_TO_LOCALITIES,
            (("SegmentCode",), "segments", ("SegmentCode",)),
        ),
    ),
    Table(
        "staff_groups",
        "Staff groups",
        "Staff groups that deliver the partnership's services, with their yearly rates.",
        (
            Field("StaffGroup", "string", "Staff group.", {"enum": STAFF_GROUP_NAMES}),
            Field("Sector", "string", "NHS or social care.", {"enum": ["NHS", "Social care"]}),
            _share("VacancyRate", "Vacant posts as a share of establishment, a fraction."),
            _share("TurnoverRate", "Leavers in a year as a share of headcount, a fraction."),
            _share(
                "SicknessAbsenceRate", "Hours lost to sickness as a share of hours, a fraction."
            ),
            _share("EmployerOnCostRate", "Employer on-costs as a share of salary, a fraction."),
        ),
        ("StaffGroup",),
    ),
    Table(
        "pay_bands",
        "Posts by pay band",
        "Funded posts of each staff group and pay band at 31 March 2025, with pay and vacancies.",
        (
            _staff_group(),
            Field("PayBand", "string", "Pay band or grade.", {"enum": PAY_BAND_NAMES}),
            _count("MeanSalaryGBP", "Mean basic salary of a whole-time post, pounds a year."),
            Field(
                "EstablishmentWTE",
                "number",
                "Funded posts, whole-time equivalents.",
                {"minimum": 0},
            ),
            Field("VacantWTE", "number", "Vacant posts, whole-time equivalents.", {"minimum": 0}),
        ),
        ("StaffGroup", "PayBand"),
        _TO_STAFF_GROUPS,
    ),
    Table(
        "workforce",
        "Workforce in post",
        "Staff in post at 31 March 2025: one row per staff group, pay band and age band.",
        (
            _staff_group(),
            Field("PayBand", "string", "Pay band or grade.", {"enum": PAY_BAND_NAMES}),
            Field(
                "AgeBand", "string", "Age band of staff.", {"enum": list(params.STAFF_AGE_BANDS)}
            ),
            _count("Headcount", "People in post."),
            Field("WTE", "number", "Whole-time equivalents in post.", {"minimum": 0}),
            _count("LeaversLastYear", "People who left in the year to 31 March 2025."),
        ),
        ("StaffGroup", "PayBand", "AgeBand"),
        (
            (("StaffGroup", "PayBand"), "pay_bands", ("StaffGroup", "PayBand")),
            *_TO_STAFF_GROUPS,
        ),
    ),
    Table(
        "training_pipeline",
        "Training routes into the workforce",
        "The routes that train new staff for the partnership's staff groups: trainees "
        "starting each year (Lochanvale's population share of Scotland's intake), how long "
        "the route takes, how many complete it and how many of those who qualify take a post "
        "in Lochanvale. Care workers and other NHS staff are recruited and qualify in post, "
        "so they have no route.",
        (
            _staff_group(),
            Field("Route", "string", "Training route.", {"enum": ROUTE_NAMES}),
            Field(
                "PayBand",
                "string",
                "Pay band or grade a qualifier enters (see pay_bands).",
                {"enum": PAY_BAND_NAMES},
            ),
            _count("EntrantsPerYear", "Trainees who start the route a year, people."),
            Field(
                "LeadTimeYears",
                "integer",
                "Years from starting the route to qualifying.",
                {"minimum": 1, "maximum": 15},
            ),
            _share("CompletionRate", "Share of those who start who qualify, a fraction."),
            _share(
                "LocalTakeUpRate",
                "Share of those who qualify who take a post in Lochanvale, a fraction.",
            ),
        ),
        ("StaffGroup", "Route"),
        (
            (("StaffGroup", "PayBand"), "pay_bands", ("StaffGroup", "PayBand")),
            *_TO_STAFF_GROUPS,
        ),
    ),
    Table(
        "retirement",
        "Retirement by age band",
        "The share of each staff group's staff in each age band who retire in a year, for "
        "projecting supply from the workforce table's age profile. Retirement is one reason "
        "for leaving, so it is part of LeaversLastYear in workforce.csv, not added to it.",
        (
            _staff_group(),
            Field(
                "AgeBand", "string", "Age band of staff.", {"enum": list(params.STAFF_AGE_BANDS)}
            ),
            _share("RetirementRate", "Share of the band's staff who retire in a year, a fraction."),
        ),
        ("StaffGroup", "AgeBand"),
        _TO_STAFF_GROUPS,
    ),
    Table(
        "budget",
        "Integrated budget, 2019/20 to 2024/25",
        "The integration joint board's budget and actual spend by year and service area, with "
        "each line's expected cost pressure a year.",
        (
            _financial_year(),
            Field("ServiceArea", "string", "Service area."),
            Field(
                "FundingSource",
                "string",
                "Where the money comes from.",
                {"enum": ["Health delegated", "Health set-aside", "Social care"]},
            ),
            _count("BudgetGBP", "Budget, pounds (to the nearest 1,000)."),
            _count("ActualGBP", "Actual spend, pounds (to the nearest 1,000)."),
            _share(
                "AnnualCostPressure", "Expected cost growth a year at today's service, a fraction."
            ),
        ),
        ("FinancialYear", "ServiceArea"),
    ),
    Table(
        "reserves",
        "Reserves and planned savings, 2019/20 to 2024/25",
        "The integration joint board's reserves at 31 March, general (free to use) and "
        "earmarked (ring-fenced for a purpose), and the savings each year's budget in "
        "budget.csv assumes: one row per financial year of the budget table.",
        (
            _financial_year(),
            _count("GeneralReservesGBP", "General reserve at 31 March, pounds (nearest 1,000)."),
            _count(
                "EarmarkedReservesGBP", "Earmarked reserves at 31 March, pounds (nearest 1,000)."
            ),
            _count(
                "PlannedSavingsGBP",
                "Savings the year's budget assumes, pounds (nearest 1,000).",
            ),
        ),
        ("FinancialYear",),
    ),
    Table(
        "draft_plan_sections",
        "Draft strategic plan: sections",
        "The table of contents of the partnership's draft strategic plan for 2025/26 to "
        "2027/28, written for the course to be audited: one row per section, with the "
        "statutory content it is meant to cover.",
        (
            Field(
                "SectionId", "string", "Section number, S01 onwards.", {"pattern": "^S[0-9]{2}$"}
            ),
            Field("Title", "string", "Section heading, as the draft gives it."),
            Field(
                "StatutoryContent",
                "string",
                "Which item of the statutory guidance's checklist for strategic plans the "
                "section covers, or none.",
                {"enum": [*STATUTORY_CONTENTS, NO_STATUTORY_CONTENT]},
            ),
            Field(
                "Present",
                "string",
                "yes if the draft holds the section's content; no if it is only a heading.",
                {"enum": ["no", "yes"]},
            ),
            _count("Pages", "Length of the section in the draft, pages (0 for a heading only)."),
        ),
        ("SectionId",),
    ),
    Table(
        "draft_plan_commitments",
        "Draft strategic plan: commitments",
        "Every commitment the draft strategic plan makes: one row per commitment, with a "
        "reviewer's judgement of whether it is specific and measurable, its owner and due "
        "date (blank where the draft gives none) and the planning step it serves.",
        (
            Field(
                "CommitmentId",
                "string",
                "Commitment number, C01 onwards.",
                {"pattern": "^C[0-9]{2}$"},
            ),
            Field(
                "SectionId",
                "string",
                "Section the commitment is in (see draft_plan_sections).",
                {"pattern": "^S[0-9]{2}$"},
            ),
            Field("Text", "string", "The commitment, in the draft's words."),
            Field(
                "PlanningStep",
                "integer",
                "Step of the integrated planning cycle it serves: 1 where are we now, 2 where "
                "do we want to be, 3 aligning resources and capacity, 4 identifying gaps and "
                "needs, 5 modelling impacts, 6 scenario modelling, 7 enabling decision-making.",
                {"minimum": 1, "maximum": 7},
            ),
            Field(
                "Specific",
                "string",
                "yes if it says what will change, for whom or where (a reviewer's judgement).",
                {"enum": ["no", "yes"]},
            ),
            Field(
                "Measurable",
                "string",
                "yes if it names how success will be measured (a reviewer's judgement).",
                {"enum": ["no", "yes"]},
            ),
            Field(
                "Indicator",
                "string",
                "The measure of success the draft names; blank where it names none.",
                required=False,
            ),
            Field(
                "Owner",
                "string",
                "The post accountable for it; blank where the draft names none.",
                required=False,
            ),
            Field(
                "DueDate",
                "date",
                "When it is due, YYYY-MM-DD; blank where the draft gives no date.",
                required=False,
            ),
        ),
        ("CommitmentId",),
        ((("SectionId",), "draft_plan_sections", ("SectionId",)),),
    ),
    Table(
        "intervention_evidence",
        "Published effects of frailty and intermediate care services",
        "Not synthetic: pooled effects from Cochrane reviews of inpatient comprehensive "
        "geriatric assessment, admission avoidance hospital at home and early discharge "
        "hospital at home, one row per intervention and outcome, each with its source and "
        "the page it was checked on. The 80% interval is made from the published 95% "
        "interval assuming the log of the risk ratio is normal (its log half-width times "
        "1.2816 / 1.96, centred on the estimate). No review gave a pooled length of stay, "
        "and none found fewer hospital admissions.",
        (
            Field("EffectId", "string", "Effect number, E01 onwards.", {"pattern": "^E[0-9]{2}$"}),
            Field(
                "Intervention",
                "string",
                "The intervention, as the review names it.",
                {"enum": list(INTERVENTIONS)},
            ),
            Field("LocalService", "string", "The service a Scottish partnership would call it."),
            Field("Outcome", "string", "The outcome, in the review's words."),
            Field(
                "OutcomeGroup",
                "string",
                "The kind of outcome, for mapping effects onto activity.",
                {"enum": list(OUTCOME_GROUPS)},
            ),
            Field("FollowUp", "string", "When the outcome was measured."),
            _age(("18plus", "65plus"), "Age group the effect applies to: 18plus or 65plus."),
            Field("Population", "string", "Who the trials recruited."),
            Field("StudyDesign", "string", "Design of the evidence."),
            _count("Trials", "Randomised trials pooled for this outcome."),
            _count("Participants", "People in those trials."),
            Field(
                "Certainty",
                "string",
                "GRADE certainty of the evidence, as the review gives it; not read where the "
                "page read did not show it.",
                {"enum": list(CERTAINTIES)},
            ),
            Field("EffectMeasure", "string", "RR: risk ratio.", {"enum": ["RR"]}),
            Field(
                "Estimate",
                "number",
                "Published risk ratio (intervention over usual care).",
                {"minimum": 0},
            ),
            Field("Lower95", "number", "Lower end of its published 95% interval.", {"minimum": 0}),
            Field("Upper95", "number", "Upper end of its published 95% interval.", {"minimum": 0}),
            Field(
                "RelativeChange",
                "number",
                "Estimate minus 1: -0.2 is 20% fewer, a fraction.",
                {"minimum": -1},
            ),
            Field(
                "RelativeChangeLow80",
                "number",
                "Low end of the 80% interval of the relative change (4 d.p.).",
                {"minimum": -1},
            ),
            Field(
                "RelativeChangeHigh80",
                "number",
                "High end of the 80% interval of the relative change (4 d.p.).",
                {"minimum": -1},
            ),
            Field(
                "SourceCode",
                "string",
                "The source's code in the course's data brief (S33-S35).",
                {"pattern": "^S[0-9]{2}$"},
            ),
            Field("Source", "string", "Short citation, with the part of the review read."),
            Field("SourceUrl", "string", "Address of the review.", {"pattern": "^https://[^ ]+$"}),
            Field(
                "Verified",
                "string",
                "yes if the figures were checked against the source; no if they could not be.",
                {"enum": ["no", "yes"]},
            ),
            Field(
                "VerifiedAgainst",
                "string",
                "Address of the page the figures were checked on.",
                {"pattern": "^https://[^ ]+$"},
            ),
        ),
        ("EffectId",),
    ),
    Table(
        "risk_register",
        "Strategic risk register",
        "The integration joint board's strategic risks: one row per risk, with its owner, "
        "cause and effect, the usual likelihood and impact scores (1 to 5) and their product "
        "and rating, and a quantified view: the chance it happens in a year and a 90% "
        "interval of its financial impact if it does. The scores follow the partnership's "
        "scale (likelihood: under 10%, 10-25%, 25-50%, 50-80%, 80%+ a year; impact: under "
        "£0.1m, £0.1-0.5m, £0.5-2m, £2-5m, £5m+), yet ranking by score and by expected loss "
        "disagree.",
        (
            Field("RiskId", "string", "Risk number, R01 onwards.", {"pattern": "^R[0-9]{2}$"}),
            Field("Category", "string", "Kind of risk.", {"enum": list(CATEGORIES)}),
            Field("Title", "string", "The risk, in a few words."),
            Field("Owner", "string", "The post accountable for managing it."),
            Field("Cause", "string", "What could make it happen."),
            Field("Effect", "string", "What would follow if it did."),
            Field(
                "Likelihood",
                "integer",
                "Likelihood score, 1 rare to 5 almost certain.",
                {"minimum": 1, "maximum": 5},
            ),
            Field(
                "Impact",
                "integer",
                "Impact score, 1 negligible to 5 catastrophic.",
                {"minimum": 1, "maximum": 5},
            ),
            Field(
                "Score",
                "integer",
                "Likelihood times impact, as on a 5x5 heat map.",
                {"minimum": 1, "maximum": 25},
            ),
            Field(
                "Rating",
                "string",
                "Rating of the score: low 1-3, moderate 4-6, high 8-12, extreme 15-25.",
                {"enum": RATING_NAMES},
            ),
            _share("AnnualProbability", "Chance it happens in a year, a fraction (2 d.p.)."),
            _count(
                "ImpactLowGBP",
                "5th percentile of the financial impact if it happens, pounds (nearest 10,000).",
            ),
            _count(
                "ImpactHighGBP",
                "95th percentile of the financial impact if it happens, pounds (nearest 10,000).",
            ),
        ),
        ("RiskId",),
    ),
    Table(
        "engagement_responses",
        "Engagement on the next strategic plan: responses",
        "Fictional free-text responses to the partnership's engagement on its next strategic "
        "plan (question: what matters most to you about health and social care where you "
        "live?), one row per response in the order received. Written by the generator from a "
        "phrase bank, not by anyone: themes are raised more often where the data say the "
        "problem is worse (care at home waits with the locality's people aged 65+ waiting "
        "for care at home per 1,000 aged 65+ in the latest year of care_at_home; leaving "
        "hospital with its delayed discharge bed days per 1,000 aged 65+ in the latest 12 "
        "months of delayed_discharges), transport far more in LVL04 (remote and island), GP "
        "access more in LVL01 (deprived urban), carer support mostly by unpaid carers and "
        "staffing mostly by staff. Some responses are off-topic or only say thanks; some "
        "name a theme only to say it works. The themes each response truly raises are not "
        "published.",
        (
            Field(
                "ResponseId",
                "string",
                "Response number, EN0001 onwards, in the order received.",
                {"pattern": "^EN[0-9]{4}$"},
            ),
            _locality(),
            Field(
                "RespondentGroup",
                "string",
                "Who responded, as they said on the form: Resident, Unpaid carer or Staff "
                "(health and social care staff).",
                {"enum": list(ENGAGEMENT_GROUPS)},
            ),
            Field(
                "Channel",
                "string",
                "How the response came in: Online survey, Drop-in session (written down at "
                "a session) or Paper form.",
                {"enum": list(ENGAGEMENT_CHANNELS)},
            ),
            Field(
                "ResponseText",
                "string",
                "The response as given, spelling, case and punctuation untouched.",
            ),
        ),
        ("ResponseId",),
        _TO_LOCALITIES,
    ),
    Table(
        "engagement_codebook",
        "Engagement on the next strategic plan: codebook",
        "The engagement team's codebook for coding the responses (fictional): one row per "
        "theme, with what counts and what does not, phrases a simple coder can match, and "
        "the data that speak to the same theme. People say things in more ways than the "
        "phrases list, so matching them misses some mentions and wrongly catches a few "
        '(negations such as "no problem getting a GP appointment").',
        (
            Field(
                "ThemeCode",
                "string",
                "Theme identifier, in snake_case.",
                {"pattern": "^[a-z][a-z_]*$"},
            ),
            Field("ThemeName", "string", "The theme's name."),
            Field("Definition", "string", "What counts as the theme, and what does not."),
            Field(
                "ExamplePhrases",
                "string",
                "Lower-case phrases, separated by semicolons, to match on word boundaries.",
            ),
            Field(
                "RelatedData",
                "string",
                "table.Column of the data that speak to the same theme; blank where none.",
                required=False,
            ),
        ),
        ("ThemeCode",),
    ),
    Table(
        "engagement_double_coding",
        "Engagement on the next strategic plan: double coding",
        "Two members of the engagement team (fictional), A and B, each coded the same "
        "random sample of responses by hand against the codebook, without seeing each "
        "other's codes: one row per sampled response and theme. Simulated from each "
        "response's true themes with, for each theme, a chance that a coder misses it and "
        "a chance that a coder adds it wrongly (parameter ENGAGEMENT_CODER_ERRORS), so the "
        "coders agree imperfectly, least on information, whose definition is the fuzziest.",
        (
            Field(
                "ResponseId",
                "string",
                "Response coded (see engagement_responses).",
                {"pattern": "^EN[0-9]{4}$"},
            ),
            Field(
                "ThemeCode",
                "string",
                "Theme (see engagement_codebook).",
                {"pattern": "^[a-z][a-z_]*$"},
            ),
            Field(
                "CoderA",
                "integer",
                "1 if coder A coded the response with the theme, else 0.",
                {"minimum": 0, "maximum": 1},
            ),
            Field(
                "CoderB",
                "integer",
                "1 if coder B coded the response with the theme, else 0.",
                {"minimum": 0, "maximum": 1},
            ),
        ),
        ("ResponseId", "ThemeCode"),
        (
            (("ResponseId",), "engagement_responses", ("ResponseId",)),
            (("ThemeCode",), "engagement_codebook", ("ThemeCode",)),
        ),
    ),
    Table(
        "appraisal_options",
        "Option appraisal: intermediate care options",
        "The four intermediate-care options of the partnership's business case (fictional), "
        "for the economic case of module 12: one row per option. OPT1, the do-minimum, is "
        "the baseline every other option is compared with.",
        (
            Field(
                "OptionId",
                "string",
                "Option identifier, OPT1 to OPT4.",
                {"enum": APPRAISAL_OPTION_IDS},
            ),
            Field("OptionName", "string", "Short name of the option."),
            Field("Description", "string", "What the option is, in one or two sentences."),
            Field(
                "ProjectType",
                "string",
                "The Green Book optimism bias project type its capital falls under, one of: "
                + ", ".join(APPRAISAL_PROJECT_TYPES)
                + " (the keys of planlab.appraisal.OPTIMISM_BIAS); blank when it has no "
                "capital.",
                required=False,
            ),
            Field(
                "FirstYear",
                "string",
                "Financial year of appraisal year 0, whose prices the costs are in.",
                {"pattern": FINANCIAL_YEAR_PATTERN},
            ),
        ),
        ("OptionId",),
    ),
    Table(
        "appraisal_cashflows",
        "Option appraisal: costs and benefits by year",
        "Each option's costs and benefits in each year of the ten-year appraisal, in real terms "
        "at the prices of year 0 (FirstYear of appraisal_options), before discounting and before "
        "optimism bias: one row per option and year. Every option pays for the do-minimum's "
        "interim care home places (they go on under every option); options 2 to 4 add their "
        "service's staff, running costs and capital, ramped up as the service is built and "
        "recruited. Staff costs are Agenda for Change salaries raised to year 0's pay with "
        "employer on-costs; the interim places cost the National Care Home Contract nursing rate."
        " Benefits are counted against the do-minimum. No residual value is counted for the "
        "unit's building after year 9.",
        (
            Field(
                "OptionId",
                "string",
                "Option (see appraisal_options).",
                {"enum": APPRAISAL_OPTION_IDS},
            ),
            Field(
                "Year",
                "integer",
                "Appraisal year, 0 (the first, which is not discounted) to 9.",
                {"minimum": 0, "maximum": params.APPRAISAL_YEARS - 1},
            ),
            _financial_year(),
            Field(
                "CapitalGBP",
                "integer",
                "Capital cost in the year, pounds at year 0's prices (nearest £1,000).",
                {"minimum": 0},
            ),
            Field(
                "RevenueGBP",
                "integer",
                "Revenue (running) cost in the year, pounds at year 0's prices (nearest "
                "£1,000), including the do-minimum's interim places.",
                {"minimum": 0},
            ),
            _count(
                "BedDaysSaved",
                "Acute hospital bed days avoided in the year, against the do-minimum (0 for OPT1).",
            ),
            _count(
                "PeopleAtHomeAt91Days",
                "Extra people still at home 91 days after leaving hospital or the service in "
                "the year, against the do-minimum: the reablement outcome of the core "
                "integration indicators.",
            ),
        ),
        ("OptionId", "Year"),
        ((("OptionId",), "appraisal_options", ("OptionId",)),),
    ),
    Table(
        "appraisal_criteria",
        "Option appraisal: criteria and weights",
        "The criteria of the stakeholder panel's multi-criteria analysis (fictional) and the "
        "weights the panel agreed: one row per criterion.",
        (
            Field(
                "Criterion",
                "string",
                "Criterion identifier, in snake_case.",
                {"enum": APPRAISAL_CRITERIA},
            ),
            Field("CriterionName", "string", "The criterion's name."),
            Field("Description", "string", "What the panel scored under it."),
            Field(
                "Weight",
                "integer",
                "The panel's agreed weight, out of 100 (the weights add up to 100).",
                {"minimum": 0, "maximum": 100},
            ),
        ),
        ("Criterion",),
    ),
    Table(
        "appraisal_scores",
        "Option appraisal: the panel's scores",
        "Each member of the stakeholder panel (fictional, eight people) scored each option "
        "on each criterion from 0 (worst) to 10 (best), on their own before the panel met: "
        "one row per member, option and criterion. Members differ by a point or two, and "
        "each leans a little towards the options their role favours; the median score of "
        "each option and criterion is the panel's.",
        (
            Field(
                "PanelMember",
                "string",
                "Panel member, P01 to P08.",
                {"pattern": "^P[0-9]{2}$"},
            ),
            Field(
                "PanelRole",
                "string",
                "The member's role on the panel.",
                {"enum": APPRAISAL_ROLES},
            ),
            Field(
                "OptionId",
                "string",
                "Option (see appraisal_options).",
                {"enum": APPRAISAL_OPTION_IDS},
            ),
            Field(
                "Criterion",
                "string",
                "Criterion (see appraisal_criteria).",
                {"enum": APPRAISAL_CRITERIA},
            ),
            Field(
                "Score",
                "integer",
                "Score from 0 (worst) to 10 (best).",
                {"minimum": 0, "maximum": 10},
            ),
        ),
        ("PanelMember", "OptionId", "Criterion"),
        (
            (("OptionId",), "appraisal_options", ("OptionId",)),
            (("Criterion",), "appraisal_criteria", ("Criterion",)),
        ),
    ),
    Table(
        "appraisal_equity",
        "Option appraisal: benefit by SIMD quintile",
        "Where each option's benefit would go: the share of its acute bed days saved that "
        "goes to people living in each SIMD quintile (for OPT1, which saves none, the share "
        "of the people it serves). One row per option and quintile; each option's five "
        "shares add up to 1. Shares follow the people aged 65+ in each locality and "
        "quintile (population, 2024), where each option works (the unit is in Strathmorven "
        "Towns, hospital at home hardly reaches Glen Tarrach and the Isles, the reablement "
        "team grows most in Corranbridge) and how much more often people in deprived areas "
        "are admitted as an emergency.",
        (
            Field(
                "OptionId",
                "string",
                "Option (see appraisal_options).",
                {"enum": APPRAISAL_OPTION_IDS},
            ),
            _simd(),
            _share(
                "ShareOfBenefit",
                "Share of the option's bed days saved going to people in the quintile, 0 to 1.",
            ),
        ),
        ("OptionId", "SIMDQuintile"),
        ((("OptionId",), "appraisal_options", ("OptionId",)),),
    ),
    Table(
        "discharge_pathway",
        "Discharge pathway: people aged 75+ ready to leave hospital, monthly",
        "The discharge team's tracker of residents aged 75+ declared ready to leave an acute "
        "bed (medically fit for discharge), in the 60 months of financial years 2021/22 to "
        "2025/26: one row per month and "
        "locality, counting the people declared ready in that month. Strathmorven Towns "
        "(LVL03) starts discharge to assess in April 2024: people are assessed for long-term "
        "care at home after they leave hospital, not on the ward. The other localities carry "
        "on as before. Readmissions within 28 days are the balancing measure.",
        (
            Field(
                "Month",
                "date",
                "First day of the month the people were declared ready, YYYY-MM-DD.",
            ),
            _locality(),
            _count("PeopleReady", "People aged 75+ declared ready to leave in the month."),
            _count(
                "DaysWaited",
                "Days from being declared ready to leaving hospital, added up over those "
                "people, days.",
            ),
            Field(
                "MeanDaysWaited",
                "number",
                "DaysWaited divided by PeopleReady, days per person, to 2 decimal places "
                "(0 in a month with nobody ready).",
                {"minimum": 0},
            ),
            _count(
                "LeftWithin2Days",
                "Of PeopleReady, how many left hospital within 2 days of being ready.",
            ),
            _count(
                "Readmitted28Days",
                "Of PeopleReady, how many were admitted again as an emergency within 28 days "
                "of leaving.",
            ),
            Field(
                "DischargeToAssess",
                "string",
                "Whether discharge to assess ran in the locality that month: Yes or No.",
                {"enum": ["Yes", "No"]},
            ),
        ),
        ("Month", "LocalityCode"),
        _TO_LOCALITIES,
    ),
)

#: The published sources the package's calibration draws on, for ``datapackage.json``.
SOURCES: tuple[dict[str, str], ...] = (
    {
        "title": "Public Health Scotland open data (A&E activity, inpatient and day case activity, "
        "delayed discharges, care at home, care home census)",
        "path": "https://www.opendata.nhs.scot",
    },
    {
        "title": "National Records of Scotland, mid-year population estimates and 2022-based "
        "population projections",
        "path": "https://www.nrscotland.gov.uk",
    },
    {
        "title": "ONS mid-year estimates (MYE2), as packaged in NHS-R NHSRdatasets",
        "path": "https://github.com/nhs-r-community/NHSRdatasets",
    },
    {
        "title": "Scottish Index of Multiple Deprivation 2020v2",
        "path": "https://www.gov.scot/collections/scottish-index-of-multiple-deprivation-2020",
    },
    {
        "title": "NHS Education for Scotland workforce statistics; "
        "Scottish Social Services Council workforce data",
        "path": "https://turasdata.nes.nhs.scot",
    },
    {
        "title": "Accounts Commission, Integration Joint Boards financial analysis",
        "path": "https://www.audit.scot",
    },
    {
        "title": "Scottish Funding Council, intake targets for pre-registration nursing and "
        "midwifery; UCAS acceptances",
        "path": "https://www.sfc.ac.uk",
    },
    {
        "title": "Cochrane Database of Systematic Reviews: Ellis et al. 2017 (CD006211), Edgar "
        "et al. 2024 (CD007491), Gonçalves-Bradley et al. 2017 (CD000356)",
        "path": "https://www.cochranelibrary.com",
    },
)


def table_names() -> list[str]:
    """Return the names of every table, in documented order."""
    return [table.name for table in TABLES]


def table(name: str) -> Table:
    """Return the description of the table called ``name``.

    Raises
    ------
    KeyError
        If there is no such table; callers turn this into an ``UnknownDatasetError``.
    """
    return {described.name: described for described in TABLES}[name]


def datapackage(seed: int = params.DEFAULT_SEED) -> dict[str, Any]:
    """Return the ``datapackage.json`` content of the package made with ``seed``.

    Parameters
    ----------
    seed
        The seed the files were made with; recorded so anyone can make them again.

    Returns
    -------
    dict
        A Frictionless Data Package descriptor.
    """
    return {
        "name": "lochanvale-hscp",
        "title": "Lochanvale Health and Social Care Partnership (fictional): synthetic data",
        "description": params.FICTIONAL_NOTICE
        + " Made by `planlab data generate`; the parameters and their sources are in "
        "planlab.data.parameters and datasets/README.md.",
        "version": "1.0.0",
        "licenses": [
            {
                "name": "CC0-1.0",
                "title": "CC0 1.0 Universal",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
        "sources": list(SOURCES),
        "planlab": {"generator": "planlab.data.generate", "seed": seed},
        "resources": [
            {
                "name": described.name,
                "path": described.path,
                "title": described.title,
                "description": described.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": described.schema(),
            }
            for described in TABLES
        ],
    }
