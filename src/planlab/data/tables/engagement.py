"""The engagement tables: responses to the next strategic plan, the codebook, double coding.

Lochanvale Health and Social Care Partnership is fictional, and so is its engagement
exercise: every response was written by this module from a phrase bank. Nothing here is
anyone's real words.

How a response is made:

1. Its locality (Poisson counts around ``ENGAGEMENT_RESPONSES_BY_LOCALITY``), respondent
   group and channel are drawn; responses are then put in a random order, as a survey
   export lists them by time received.
2. A few are off-topic or only say thanks (``ENGAGEMENT_OFF_TOPIC_SHARE``).
3. The others raise themes. Each response's chance of raising a theme is a base chance
   times a locality factor times a group factor (:func:`theme_chances`). For
   ``care_at_home_waits`` and ``hospital_discharge`` the locality factor is the
   locality's own rate, from the generated ``care_at_home`` and ``delayed_discharges``
   tables, over the partnership's, to a power (:func:`locality_rates`). So how many
   responses from each locality raise a theme is its expected number, rounded, and
   which responses raise it is drawn at random in proportion to their chances: the
   pattern across localities is the one built in, not chance.
4. The text is written from the phrase bank: an opener that says who is speaking, one
   to three sentences for each theme raised, now and then a passing mention of a theme
   the response does not raise ("no problem getting a GP appointment"), a general
   comment, an aside about something else, a closing word; then the style of a real
   response: some all lower case or capitals, missing full stops, dropped apostrophes,
   a few misspellings. The bank holds more ways of saying each theme than the
   codebook's phrases catch, so coding by phrase misses some mentions and wrongly
   catches a few.

The true themes are not published. The double coding table gives two coders' codes of a
random sample of 150 responses, simulated from the true themes with each theme's chance
of a miss and of a false addition (``ENGAGEMENT_CODER_ERRORS``).

The phrase bank is plain data, written out below so that it can be read and extended;
that is why the module is over 500 lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import LOCALITY_CODES, stream

__all__ = [
    "CHANNELS",
    "CODEBOOK",
    "GROUPS",
    "THEMES",
    "Theme",
    "draw_responses",
    "locality_rates",
    "make_engagement_codebook",
    "make_engagement_double_coding",
    "make_engagement_responses",
    "theme_chances",
]

#: Respondent groups, in the order of their parameters.
GROUPS: tuple[str, ...] = tuple(params.ENGAGEMENT_GROUP_SHARES)
#: The channels a response can come by, in the order of their parameters.
CHANNELS: tuple[str, ...] = ("Online survey", "Drop-in session", "Paper form")
STYLE = params.ENGAGEMENT_STYLE_CHANCES


@dataclass(frozen=True)
class Theme:
    """One theme of the engagement team's codebook.

    Parameters
    ----------
    code
        Short snake_case identifier.
    name
        The theme's name.
    definition
        What counts as the theme, and what does not.
    phrases
        Lower-case phrases that a simple coder matches on word boundaries.
    related_data
        ``table.Column`` of the data that speaks to the same theme, or ``""``.
    """

    code: str
    name: str
    definition: str
    phrases: tuple[str, ...]
    related_data: str


#: The engagement team's codebook. Its phrases are the ones the team listed; people say
#: things in many more ways (the phrase bank below), so phrase matching is imperfect.
CODEBOOK: tuple[Theme, ...] = (
    Theme(
        "care_at_home_waits",
        "Waiting for care at home",
        "Waiting to be assessed for care at home, or for a care package to start, or being "
        "told there are no carers to do the visits. Does not count: care homes, or the "
        "quality of care once it is in place.",
        ("care package", "care packages", "package of care", "package", "care at home",
         "home care", "help at home", "carers coming in", "waiting for care",
         "waiting for carers"),
        "care_at_home.PeopleWaitingForCareAtHome",
    ),
    Theme(
        "gp_access",
        "Getting a GP appointment",
        "Trouble getting a GP appointment or getting through to the practice by phone, long "
        "waits to see a GP, wanting to see a doctor face to face. Does not count: hospital "
        "appointments, or saying the practice is good.",
        ("gp appointment", "gp appointments", "see a gp", "see my gp", "see a doctor",
         "see the doctor", "doctors appointment", "8am", "8 am", "the surgery",
         "health centre", "face to face", "get through", "more gps", "gp access"),
        "people.GPContacts",
    ),
    Theme(
        "transport",
        "Travel and transport to services",
        "Getting to appointments and services: buses, ferries, distance, the cost and time "
        "of travel, community transport, needing a lift. Does not count: car parking at "
        "the hospital (an estates matter) or the state of the roads.",
        ("bus", "buses", "ferry", "ferries", "boat", "transport", "taxi", "taxis", "lift",
         "lifts", "travel", "travelling", "no car", "dont drive", "don't drive"),
        "localities.Character",
    ),
    Theme(
        "carer_support",
        "Support and breaks for unpaid carers",
        "Unpaid carers needing a break (respite, short breaks), a carer's assessment or "
        "support plan, advice or money, or feeling exhausted and alone in caring. Does not "
        "count: paid care workers (see staffing and care_at_home_waits).",
        ("respite", "a break", "short break", "short breaks", "carers centre",
         "carer support", "support for carers", "carers assessment", "support plan",
         "exhausted"),
        "",
    ),
    Theme(
        "hospital_discharge",
        "Leaving hospital",
        "Delays to leaving hospital, being stuck in hospital waiting for care at home or a "
        "care home, or being sent home too soon or without support. Does not count: "
        "waiting for a hospital appointment or operation.",
        ("discharge", "discharged", "delayed discharge", "stuck in hospital",
         "kept in hospital", "bed blocking", "bed blockers", "leave hospital", "sent home",
         "out of hospital", "home from hospital"),
        "delayed_discharges.NumberOfDelayedBedDays",
    ),
    Theme(
        "staffing",
        "Staff shortages and workload",
        "Too few staff, vacancies, staff leaving, agency staff, workload and burnout, pay "
        "and conditions of health and care staff. Does not count: praise for staff.",
        ("short staffed", "staff shortages", "shortage of staff", "not enough staff",
         "understaffed", "more staff", "agency staff", "agency", "vacancies", "recruit",
         "recruitment",
         "workload", "burnout", "burnt out", "pay", "paid", "run off their feet"),
        "staff_groups.VacancyRate",
    ),
    Theme(
        "mental_health",
        "Mental health support",
        "Getting help for mental health: waits for services, counselling, community "
        "mental health nurses, crisis support, children's and young people's services, "
        "anxiety, depression or loneliness. Does not count: dementia care.",
        ("mental health", "camhs", "anxiety", "anxious", "depression", "depressed",
         "counselling", "counsellor", "cpn", "crisis", "lonely", "loneliness"),
        "",
    ),
    Theme(
        "information",
        "Knowing what is available and who to contact",
        "Not knowing what help exists, who to contact or how to reach it; wanting one point "
        "of contact; information that is hard to find or out of date. Does not count: "
        "comments on this engagement itself, or asking for more of a service.",
        ("information", "who to contact", "who to call", "who to phone", "didnt know",
         "didn't know", "did not know", "no idea", "nobody told", "nobody tells",
         "pillar to post", "single point of contact", "one number", "find out", "website",
         "leaflet", "leaflets"),
        "",
    ),
)  # fmt: skip

#: Theme codes, in codebook order.
THEMES: tuple[str, ...] = tuple(theme.code for theme in CODEBOOK)

# --- The phrase bank ------------------------------------------------------------------------
# Sentences that raise each theme, by who can say them ("any" group, or one group only).
# Braces are filled in from PEOPLE, FILLERS_BY_SLOT or the locality's words (LOCAL_WORDS).
# About a third of each theme's sentences use none of the codebook's phrases.

MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "care_at_home_waits": {
        "any": (
            "{Person} waited {weeks} weeks for a care package after {she} was assessed.",
            "The wait for a package of care is far too long.",
            "People are waiting for care at home for months and families are left to cope.",
            "We were told there were no carers coming in to our area until after Christmas.",
            "Home care is impossible to get round here.",
            "{Person} has been on the list for home care since {month} and still nothing.",
            "There needs to be more care at home so folk can stay in their own houses.",
            "Waiting for carers is the biggest worry for older people I know.",
            "{Person} was assessed as needing help twice a day but nobody has started yet.",
            "They said there was nobody to do the visits in {town}.",
            "{Person} needs help getting up in the morning and has been on a list for ages.",
            "We have been waiting {weeks} weeks for someone to come and help {person} wash "
            "and dress.",
            "Why does it take so long to get help at home once you have been assessed?",
            "I had to give up work because the care package never came.",
            "More help at home for older people please, the waits are shocking.",
            "Care at home should start when people need it, not two months later.",
        ),
        "Unpaid carer": (
            "I am still waiting for care at home for {person} so I do it all myself.",
            "We were promised a package of care {weeks} weeks ago and I'm still doing every visit.",
        ),
        "Staff": (
            "We have a long list of people assessed and waiting for home care in {town}.",
            "Every week I see people waiting on a package that we cannot staff.",
        ),
    },
    "gp_access": {
        "any": (
            "You cannot get a GP appointment for love nor money.",
            "Phoning at 8am and being number 30 in the queue is not acceptable.",
            "It took me {weeks} weeks to see a GP about a lump.",
            "I just want to see a doctor face to face, not a phone call.",
            "Getting an appointment at the surgery is a nightmare.",
            "The health centre phone lines are engaged all morning.",
            "You never see the same doctor twice and you cannot get through on the phone.",
            "GP appointments are like gold dust in {town}.",
            "By the time the receptionist answers all the slots for the day are gone.",
            "I ended up at A&E because I couldn't get seen by my own practice.",
            "Our practice closed its list so new people in {town} have nowhere to go.",
            "The online booking for the surgery never has any slots.",
            "We need more GPs, simple as that.",
            "I gave up trying to get a GP appointment and went to the chemist.",
            "Why can I not book a GP appointment more than a day ahead?",
            "It's easier to get a hospital appointment than to see my GP.",
        ),
        "Staff": ("Patients tell us every day they cannot get a GP appointment.",),
    },
    "transport": {
        "any": (
            "Getting to {hospital} takes {trip} and most of the day.",
            "There is no bus that gets you to an appointment before 10.",
            "Transport to appointments is a real problem if you don't drive.",
            "I have no car so I rely on {trip} and it is never on time.",
            "Taxis cost a fortune and that's the only way to get to {hospital}.",
            "The community transport scheme is great but you have to book weeks ahead.",
            "It's an hour and a half each way for a ten minute appointment.",
            "Appointments should be closer to home, the travel is too much for older people.",
            "{Person} can't manage {trip} anymore so I have to take time off to drive.",
            "Please think about how people without a car get to the new hub.",
            "Getting there and back is the hardest part of any appointment.",
        ),
        "LVL04": (
            "If the ferry is cancelled you miss your appointment and go back to the bottom "
            "of the list.",
            "The last boat back is at 4 so I have to stay over on the mainland.",
            "Island folk spend more time travelling to appointments than at them.",
            "We need more clinics on the island so we don't have to cross every time.",
            "Ferries get cancelled all winter and nobody takes that into account.",
            "Could some appointments be done here instead of a full day on the boat.",
        ),
    },
    "carer_support": {
        "any": (
            "Unpaid carers need more support, they are holding the whole system up.",
            "My neighbour cares for her husband and never gets any respite.",
            "There should be more short breaks for carers.",
            "Carers need a break before they break.",
            "The carers centre is brilliant but it's only open two days a week.",
        ),
        "Unpaid carer": (
            "I haven't had a break in {months} years.",
            "I am exhausted, I care for {person} day and night.",
            "I asked for a carers assessment and heard nothing back.",
            "Respite is impossible to get, the one place in {town} is always full.",
            "Nobody asks how the carer is doing.",
            "I'd just like one night's sleep a week.",
            "Caring for {person} has cost me my job and my health.",
            "Please give us short breaks that we can actually book.",
            "I never got a support plan even though I asked twice.",
            "Carers like me feel invisible.",
            "Some days I don't see another adult apart from {person}.",
            "The carers centre helped me more than anyone else.",
        ),
        "Staff": ("The families we support are exhausted and there is very little respite.",),
    },
    "hospital_discharge": {
        "any": (
            "{Person} was stuck in hospital for {weeks} weeks because there was no care.",
            "{Person} was fit to go home but was kept in hospital because there was no care.",
            "The discharge was a shambles, nobody let us know {she} was coming home.",
            "{Person} was sent home at 10 at night with no support in place.",
            "Delayed discharge is a disgrace, older people lose their strength lying in a ward.",
            "{Person} was discharged too early and was back in {hospital} within a week.",
            "Getting out of hospital took longer than the treatment in {hospital}.",
            "Older people stuck in hospital waiting for a care home place is not right.",
            "{Person} spent a month in a hospital bed after {she} was well enough to leave.",
            "They wanted the bed but there was nothing at home for {her}.",
            "Better planning for coming home after a stay in {hospital} please.",
        ),
        "Unpaid carer": ("When {person} came home from hospital I was left to do everything.",),
        "Staff": (
            "We have patients ready to leave hospital every day with nowhere to go.",
            "Bed blocking is not the patients' fault, there is no care to go home to.",
        ),
    },
    "staffing": {
        "any": (
            "The staff are run off their feet.",
            "There are just not enough staff anywhere.",
            "Carers should be paid properly, they do a hard job.",
            "The carers who come to {person} are lovely but there are never enough of them.",
            "It's a different face every visit because they use agency staff.",
            "Nurses are leaving because they are burnt out.",
            "Care workers get paid less than supermarket staff.",
        ),
        "Staff": (
            "We are short staffed every single shift.",
            "My workload has doubled in {months} years and nobody seems to notice.",
            "Staff are leaving faster than we can recruit.",
            "The vacancies in my team have been open for over a year.",
            "Pay and conditions for care staff need to improve or nobody will stay.",
            "I love my job but we are all burnt out.",
            "We rely on agency staff and it costs a fortune.",
            "Half my team are off with stress.",
            "Nobody wants to do this job on these wages.",
            "We need more staff, not more plans.",
            "Recruitment is almost impossible, rural posts especially.",
            "I do unpaid overtime most weeks just to get the visits done.",
        ),
    },
    "mental_health": {
        "any": (
            "Mental health services for young people are stretched to breaking point.",
            "My son waited over a year for CAMHS.",
            "There is nothing for people with anxiety until they are in crisis.",
            "I was offered counselling after {months} months on a waiting list.",
            "Loneliness is a huge problem for older people in {town}.",
            "More mental health support in the community please.",
            "When my depression was at its worst there was nobody to call.",
            "The CPN was brilliant but only came twice.",
            "Folk are struggling since Covid and there is very little help with their heads.",
            "Young people need somewhere to go to talk about how they are feeling.",
            "You should not have to wait months to talk to someone when you are struggling.",
        ),
        "Unpaid carer": ("Caring has taken a toll on my mental health.",),
    },
    "information": {
        "any": (
            "Nobody tells you what help is out there.",
            "I didn't know who to contact when {person} came home.",
            "It would help to have one number to call for everything.",
            "The information on the website is out of date.",
            "We were passed from pillar to post trying to find out who could help.",
            "I had no idea about the lunch club until a friend told me.",
            "Please make it easier to find out what is available in {town}.",
            "Leaflets in the GP surgery would help older people who are not online.",
            "You only find out about services by word of mouth.",
            "There needs to be one place to go for advice.",
            "So many organisations, so confusing.",
            "I still don't understand what we are entitled to.",
        ),
        "Staff": ("Even staff don't always know which service to refer people to.",),
    },
}

#: Shortest ways of raising a theme, for responses of a few words.
SHORT: dict[str, tuple[str, ...]] = {
    "care_at_home_waits": ("care at home waits", "more home care", "carers for the elderly",
                           "help at home"),
    "gp_access": ("GP appointments", "getting to see a doctor", "more GPs", "GP access"),
    "transport": ("buses", "transport", "better transport links", "bus times"),
    "carer_support": ("respite for carers", "support for carers", "breaks for carers"),
    "hospital_discharge": ("delayed discharge", "getting people out of hospital"),
    "staffing": ("more staff", "pay carers more", "staff shortages"),
    "mental_health": ("mental health", "CAMHS", "mental health support"),
    "information": ("better information", "one point of contact", "who to contact"),
}  # fmt: skip

#: Passing mentions that do not raise the theme: it works, or it is named in passing.
NEGATED: dict[str, tuple[str, ...]] = {
    "care_at_home_waits": (
        "The home care staff who come to {person} are wonderful.",
        "Once the care package started it was fine.",
    ),
    "gp_access": (
        "No problem getting a GP appointment at our practice.",
        "Our surgery is very good, I can't fault them.",
        "I can usually see a doctor the same day.",
    ),
    "transport": (
        "Transport is fine for us, I can still drive.",
        "I get a lift from my daughter so that's not a problem.",
    ),
    "carer_support": (
        "I had a short break last year which was good.",
        "The carers centre has been good to us.",
    ),
    "hospital_discharge": (
        "When {person} was discharged everything was in place, so credit where it's due.",
        "The staff at {hospital} were excellent.",
    ),
    "staffing": (
        "The staff do a fantastic job.",
        "Pay for parking is another matter.",
    ),
    "mental_health": ("Mental health is not something I know much about.",),
    "information": (
        "The information in the draft plan was clear.",
        "I found the leaflet about this survey at the library.",
    ),
}

#: Openers: who is speaking. Staff and carers say so; a few openers use a codebook phrase
#: of a theme they do not raise ("I work in home care").
OPENERS: dict[str, tuple[str, ...]] = {
    "Resident": (
        "I'm {age} and have lived in {town} all my life.",
        "As a pensioner living on my own,",
        "I've had two hip replacements so I use services a fair bit.",
        "Speaking as a mum of three,",
        "I moved to {town} five years ago.",
        "I have COPD and see a lot of the NHS.",
        "My husband and I are both in our eighties.",
    ),
    "Unpaid carer": (
        "I care for {person} who has dementia.",
        "I am an unpaid carer for {person}.",
        "I look after {person} full time.",
        "As a carer for {person},",
        "My husband had a stroke two years ago and I care for him.",
    ),
    "Staff": (
        "I'm a home carer in {town}.",
        "I'm a district nurse.",
        "I have worked for the partnership for {months} years.",
        "I'm a social worker.",
        "I'm a receptionist at a practice.",
        "I work on a ward at {hospital}.",
    ),
}

#: General sentences that raise no theme: feelings, the plan itself, the future.
GENERAL: tuple[str, ...] = (
    "The plan is far too long and full of jargon.",
    "Prevention should come first.",
    "I support the home first approach in principle.",
    "Please actually listen this time.",
    "Nothing ever changes no matter what we say.",
    "Good to see a focus on the localities.",
    "The money should follow the patient.",
    "Keep services local.",
    "I agree with the priorities.",
    "More funding is needed, everyone knows that.",
    "It's all cuts dressed up as a plan.",
    "The priorities seem sensible but where is the money coming from?",
)

#: Sentences that add colour without raising a theme.
FILLERS: tuple[str, ...] = (
    "It's been like this for years.",
    "Nobody seems to listen.",
    "It is not good enough.",
    "Things used to be so much better.",
    "I know everyone is doing their best.",
    "It makes me so angry.",
    "Something has to change.",
    "We are not the only family in this position.",
    "I don't know what the answer is.",
    "Honestly it's a joke.",
)

#: Off-topic responses, and asides about something else within on-topic ones.
OFF_TOPIC: tuple[str, ...] = (
    "Thanks for asking.",
    "Thank you for the opportunity to comment.",
    "The bins have not been emptied for three weeks.",
    "Parking at the hospital is a nightmare and costs a fortune.",
    "Fix the potholes on the Glen road.",
    "Why is the council tax going up again?",
    "No comment.",
    "n/a",
    "Good luck with it.",
    "The leisure centre should open on Sundays.",
    "Dog fouling in the park is terrible.",
    "Can you send me a paper copy of the plan.",
    "The street lights on our road have been out since October.",
    "Too many surveys.",
    "The new housing estate has no shop.",
)

#: Closing words.
CLOSERS: tuple[str, ...] = (
    "Thanks for asking.",
    "Thank you.",
    "Hope this helps.",
    "Thanks for listening.",
    "Please don't just file this away.",
    "Good luck.",
)

#: The person a response is about, with the words for "she" and "her" that go with them.
PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("my mum", "she", "her"), ("my dad", "he", "him"), ("my husband", "he", "him"),
    ("my wife", "she", "her"), ("my gran", "she", "her"), ("my neighbour", "she", "her"),
    ("my father in law", "he", "him"), ("my partner", "he", "him"), ("my aunt", "she", "her"),
    ("my uncle", "he", "him"),
)  # fmt: skip

#: Words filled into the other braces of the bank.
FILLERS_BY_SLOT: dict[str, tuple[str, ...]] = {
    "weeks": ("three", "six", "8", "10", "twelve", "6", "four"),
    "months": ("two", "3", "four", "six", "5"),
    "month": ("March", "the summer", "January", "last year"),
    "age": ("74", "81", "68", "79", "eighty"),
}  # fmt: skip

#: Words that depend on the locality: its town and the trip to hospital.
LOCAL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "LVL01": {"town": ("Corranbridge", "the scheme", "Corranbridge"),
              "trip": ("two buses", "the bus"), "hospital": ("the Royal", "the Infirmary")},
    "LVL02": {"town": ("Ellisfield", "the village"),
              "trip": ("the bus", "a taxi"), "hospital": ("the Royal", "Lochanvale Royal")},
    "LVL03": {"town": ("Strathmorven", "our town", "Strathmorven"),
              "trip": ("the bus from Strathmorven", "the bus"),
              "hospital": ("the Royal", "the Infirmary")},
    "LVL04": {"town": ("Glen Tarrach", "the isles", "the glen"),
              "trip": ("the ferry and a bus", "the boat"),
              "hospital": ("the Royal", "the mainland hospital", "Glen Tarrach hospital")},
}  # fmt: skip

#: Misspellings people make, each chosen now and then for the word on the left.
MISSPELLINGS: dict[str, tuple[str, ...]] = {
    "appointment": ("apointment", "appointmnet"),
    "appointments": ("apointments", "appointmnets"),
    "because": ("becuase", "cos"),
    "really": ("realy",),
    "receive": ("recieve",),
    "definitely": ("definately",),
    "hospital": ("hosptial", "hospitial"),
    "there": ("their",),
    "transport": ("trasnport",),
    "doctor": ("docter",),
    "respite": ("respit",),
    "discharged": ("dischared",),
    "waiting": ("waitng",),
    "package": ("pakage",),
    "carers": ("carer's", "carrers"),
    "information": ("infomation",),
    "staff": ("satff",),
    "anxiety": ("anxiaty",),
    "separate": ("seperate",),
    "nightmare": ("nitemare",),
}


def locality_rates(
    population: pd.DataFrame, care_at_home: pd.DataFrame, delayed_discharges: pd.DataFrame
) -> pd.DataFrame:
    """Return each locality's care at home waiting and delayed discharge rates.

    Parameters
    ----------
    population
        The population table; people aged 65+ in the base year are the denominator.
    care_at_home
        The care at home table; people aged 65+ waiting in its latest financial year.
    delayed_discharges
        The delayed discharge table; bed days (all ages) in its latest 12 months.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``LocalityCode`` (and a last row ``"partnership"``), with columns
        ``WaitingPer1000Aged65Plus`` and ``DelayedBedDaysPer1000Aged65Plus``.
    """
    older_bands = params.AGE_BANDS[params.AGE_BANDS.index("65-69") :]
    latest = population[
        (population["Year"] == params.BASE_YEAR) & population["AgeGroup"].isin(older_bands)
    ]
    older = latest.groupby("LocalityCode")["Population"].sum()
    care = care_at_home[
        (care_at_home["FinancialYear"] == care_at_home["FinancialYear"].max())
        & (care_at_home["AgeGroup"] == "65plus")
    ]
    waiting = care.groupby("LocalityCode")["PeopleWaitingForCareAtHome"].sum()
    last_months = sorted(delayed_discharges["MonthOfDelay"].unique())[-12:]
    delays = delayed_discharges[delayed_discharges["MonthOfDelay"].isin(last_months)]
    bed_days = delays.groupby("LocalityCode")["NumberOfDelayedBedDays"].sum()
    counts = pd.DataFrame({"older": older, "waiting": waiting, "bed_days": bed_days})
    counts = counts.reindex(list(LOCALITY_CODES))
    counts.loc["partnership"] = counts.sum()
    return pd.DataFrame(
        {
            "WaitingPer1000Aged65Plus": 1000 * counts["waiting"] / counts["older"],
            "DelayedBedDaysPer1000Aged65Plus": 1000 * counts["bed_days"] / counts["older"],
        }
    )


def theme_chances(rates: pd.DataFrame, localities: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Return each response's chance of raising each theme [response, theme].

    The base chance of the theme, times its factor for the response's locality and for
    its respondent group; for the themes in ``ENGAGEMENT_RATE_ELASTICITY`` the locality
    factor is the locality's rate over the partnership's, to that power. Capped at 0.9.

    Parameters
    ----------
    rates
        :func:`locality_rates`.
    localities
        Each response's locality code.
    groups
        Each response's respondent group.

    Returns
    -------
    numpy.ndarray
        Chances between 0 and 0.9, one column per theme in codebook order.
    """
    loc_index = np.searchsorted(LOCALITY_CODES, localities)
    group_index = np.array([GROUPS.index(group) for group in groups])
    rate_columns = {
        "care_at_home_waits": "WaitingPer1000Aged65Plus",
        "hospital_discharge": "DelayedBedDaysPer1000Aged65Plus",
    }
    columns = []
    for code in THEMES:  # eight themes
        locality_factor = np.array(params.ENGAGEMENT_THEME_LOCALITY_FACTOR.get(code, (1.0,) * 4))
        if code in params.ENGAGEMENT_RATE_ELASTICITY:
            rate = rates[rate_columns[code]]
            relative = rate.loc[list(LOCALITY_CODES)].to_numpy() / rate.loc["partnership"]
            locality_factor = relative ** params.ENGAGEMENT_RATE_ELASTICITY[code]
        group_factor = np.array(params.ENGAGEMENT_THEME_GROUP_FACTOR.get(code, (1.0,) * 3))
        columns.append(
            params.ENGAGEMENT_THEME_BASE[code]
            * locality_factor[loc_index]
            * group_factor[group_index]
        )
    return np.minimum(np.stack(columns, axis=1), 0.9)


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[rng.integers(len(options))]


def _words(rng: np.random.Generator, locality: str) -> dict[str, str]:
    """Choose the words for the braces of one response: the same person throughout."""
    words = {slot: _pick(rng, options) for slot, options in FILLERS_BY_SLOT.items()}
    words |= {slot: _pick(rng, options) for slot, options in LOCAL_WORDS[locality].items()}
    person, she, her = PEOPLE[rng.integers(len(PEOPLE))]
    words |= {"person": person, "Person": person[0].upper() + person[1:], "she": she, "her": her}
    return words


def _theme_sentences(
    rng: np.random.Generator, code: str, group: str, locality: str, long: bool
) -> list[str]:
    """Return one to four different sentences raising a theme, in the speaker's voice."""
    bank = MENTIONS[code]
    options = bank["any"] + bank.get(group, ()) + bank.get(locality, ())
    if group in bank or locality in bank:  # the speaker's own sentences come up more often
        options += bank.get(group, ()) + bank.get(locality, ())
    count = 1 + (rng.random() < STYLE["second_sentence"]) + (rng.random() < STYLE["third_sentence"])
    count += long
    chosen = rng.choice(len(options), size=min(count, len(options)), replace=False)
    return [options[index] for index in chosen]


def _misspell(rng: np.random.Generator, text: str, chance: float) -> str:
    """Misspell each word of ``MISSPELLINGS`` found in ``text`` with probability ``chance``."""

    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        if rng.random() >= chance:
            return word
        wrong = _pick(rng, MISSPELLINGS[word.lower()])
        return wrong[0].upper() + wrong[1:] if word[0].isupper() else wrong

    pattern = r"\b(" + "|".join(MISSPELLINGS) + r")\b"
    return re.sub(pattern, swap, text, flags=re.IGNORECASE)


def _style(rng: np.random.Generator, text: str, channel: str) -> str:
    """Give a response the look of a real one: case, punctuation, apostrophes, spelling."""
    sloppy = rng.random() < STYLE["misspelt_response"]
    text = _misspell(rng, text, STYLE["misspelt_word"] if sloppy else 0.0)
    if rng.random() < STYLE["no_apostrophes"]:
        text = text.replace("'", "")
    if rng.random() < STYLE["run_on"]:
        text = re.sub(r"\. ([A-Z])(?=[a-z])", lambda found: ", " + found.group(1).lower(), text)
    if rng.random() < STYLE["ellipses"]:
        text = text.replace(". ", "... ")
    if rng.random() < STYLE["no_full_stop"]:
        text = text.rstrip(".")
    elif rng.random() < STYLE["exclamation"]:
        text = text.rstrip(".") + "!!"
    shouting = STYLE["capitals_paper" if channel == "Paper form" else "capitals_other"]
    draw = rng.random()
    if draw < shouting:
        text = text.upper()
    elif draw < shouting + STYLE["lower_case"]:
        text = text.lower()
    return text


def _short_response(rng: np.random.Generator, raised: list[str]) -> str:
    """Return a response of a few words naming the themes raised."""
    parts = [_pick(rng, SHORT[code]) for code in raised]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return joined[0].upper() + joined[1:]


def _compose(
    rng: np.random.Generator,
    raised: list[str],
    negated: list[str],
    off_topic: bool,
    group: str,
    locality: str,
    channel: str,
) -> str:
    """Write one response from the phrase bank."""
    if off_topic:
        asides = [_pick(rng, OFF_TOPIC)]
        if rng.random() < STYLE["second_off_topic"]:
            asides.append(_pick(rng, OFF_TOPIC))
        return _style(rng, " ".join(dict.fromkeys(asides)), channel)
    short_chance = STYLE["short_online" if channel == "Online survey" else "short_other"]
    if raised and len(raised) <= 2 and not negated and rng.random() < short_chance:
        return _style(rng, _short_response(rng, raised), channel)
    sentences: list[str] = []
    if rng.random() < STYLE["opener_resident" if group == "Resident" else "opener_other"]:
        sentences.append(_pick(rng, OPENERS[group]))
    long = bool(rng.random() < STYLE["long"])  # some people write at length
    body: list[str] = []
    for code in raised:
        body += _theme_sentences(rng, code, group, locality, long)
    body += [_pick(rng, NEGATED[code]) for code in negated]
    if not raised or rng.random() < STYLE["general_comment"]:
        body.append(_pick(rng, GENERAL))
    shuffled = rng.random() < STYLE["shuffled"]
    order = rng.permutation(len(body)) if shuffled else np.arange(len(body))
    sentences += [body[index] for index in order]
    fillers = (rng.random() < STYLE["filler"]) + (rng.random() < STYLE["second_filler"])
    for _ in range(fillers + 2 * long):
        sentences.insert(1 + rng.integers(len(sentences)), _pick(rng, FILLERS))
    if rng.random() < STYLE["aside"]:
        sentences.append(_pick(rng, OFF_TOPIC[2:]))
    if rng.random() < STYLE["closer"]:
        sentences.append(_pick(rng, CLOSERS))
    words = _words(rng, locality)
    text = " ".join(sentence.format(**words) for sentence in dict.fromkeys(sentences))
    text = re.sub(r", ([A-Z])(?=[a-z])", lambda found: ", " + found.group(1).lower(), text)
    return _style(rng, text, channel)


def _systematic_sample(rng: np.random.Generator, chances: np.ndarray) -> np.ndarray:
    """Choose responses for each theme [response, theme], each with its own chance.

    Systematic sampling with probability proportional to size (Madow, Ann Math Stat
    1949;20:333-354): put the responses in a random order, lay their chances end to end
    and take every response whose stretch holds a point ``start + k`` for whole ``k``.
    Each response is chosen with exactly its chance, and the number chosen is the sum of
    the chances rounded down or up, so the count varies far less than with independent
    draws: the pattern across localities is the one built in, not chance.
    """
    order = rng.permutation(chances.shape[0])
    start = rng.random(chances.shape[1])
    ends = np.cumsum(chances[order], axis=0) - start
    begins = ends - chances[order]
    chosen = np.zeros(chances.shape, dtype=bool)
    chosen[order] = np.floor(ends) > np.floor(begins)
    return chosen


def draw_responses(seed: int, rates: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw the engagement responses and the themes each truly raises.

    Parameters
    ----------
    seed
        The seed of the whole set of tables; the draws use the stream of
        ``engagement_responses``.
    rates
        :func:`locality_rates` of the generated tables.

    Returns
    -------
    pandas.DataFrame
        The published responses table (see :func:`make_engagement_responses`).
    numpy.ndarray
        True themes [response, theme], booleans in codebook order; not published.
    """
    rng = stream(seed, "engagement_responses")
    expected = np.array([params.ENGAGEMENT_RESPONSES_BY_LOCALITY[code] for code in LOCALITY_CODES])
    counts = rng.poisson(expected)
    localities = np.repeat(LOCALITY_CODES, counts)
    count = len(localities)
    groups = np.array(GROUPS)[
        rng.choice(len(GROUPS), size=count, p=list(params.ENGAGEMENT_GROUP_SHARES.values()))
    ]
    channel_shares = np.array([params.ENGAGEMENT_CHANNEL_SHARES[code] for code in localities])
    channel_draw = (rng.random(count)[:, None] > np.cumsum(channel_shares, axis=1)).sum(axis=1)
    channels = np.array(CHANNELS)[np.minimum(channel_draw, len(CHANNELS) - 1)]
    off_topic = rng.random(count) < params.ENGAGEMENT_OFF_TOPIC_SHARE
    chances = theme_chances(rates, localities, groups) * ~off_topic[:, None]
    raised = np.zeros(chances.shape, dtype=bool)
    for code in LOCALITY_CODES:  # four localities
        rows = np.flatnonzero(localities == code)
        raised[rows] = _systematic_sample(rng, chances[rows])
    negated = (rng.random(chances.shape) < params.ENGAGEMENT_NEGATED_CHANCE) & ~raised
    negated &= ~off_topic[:, None]
    texts = [
        _compose(
            rng,
            [THEMES[theme] for theme in rng.permutation(np.flatnonzero(raised[row]))],
            [THEMES[theme] for theme in np.flatnonzero(negated[row])],
            bool(off_topic[row]),
            str(groups[row]),
            str(localities[row]),
            str(channels[row]),
        )
        for row in range(count)  # one response at a time: the text is written, not computed
    ]
    order = rng.permutation(count)  # the order responses arrived in
    responses = pd.DataFrame(
        {
            "ResponseId": [f"EN{number:04d}" for number in range(1, count + 1)],
            "LocalityCode": localities[order],
            "RespondentGroup": groups[order],
            "Channel": channels[order],
            "ResponseText": np.array(texts, dtype=object)[order],
        }
    )
    return responses, raised[order]


def make_engagement_responses(
    population: pd.DataFrame,
    care_at_home: pd.DataFrame,
    delayed_discharges: pd.DataFrame,
    seed: int = params.DEFAULT_SEED,
) -> pd.DataFrame:
    """Make the responses to the partnership's engagement on its next strategic plan.

    Parameters
    ----------
    population, care_at_home, delayed_discharges
        The generated tables whose rates set how often care at home waits and leaving
        hospital are raised in each locality (:func:`locality_rates`).
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        One row per response, in the order received: ``ResponseId`` (``EN0001`` on),
        ``LocalityCode``, ``RespondentGroup``, ``Channel`` and ``ResponseText``.
    """
    rates = locality_rates(population, care_at_home, delayed_discharges)
    return draw_responses(seed, rates)[0]


def make_engagement_codebook() -> pd.DataFrame:
    """Make the engagement team's codebook, one row per theme.

    Returns
    -------
    pandas.DataFrame
        ``ThemeCode``, ``ThemeName``, ``Definition``, ``ExamplePhrases`` (lower case,
        separated by semicolons) and ``RelatedData`` (``table.Column``, or empty).
    """
    return pd.DataFrame(
        {
            "ThemeCode": [theme.code for theme in CODEBOOK],
            "ThemeName": [theme.name for theme in CODEBOOK],
            "Definition": [theme.definition for theme in CODEBOOK],
            "ExamplePhrases": ["; ".join(theme.phrases) for theme in CODEBOOK],
            "RelatedData": [theme.related_data for theme in CODEBOOK],
        }
    )


def _coded(rng: np.random.Generator, truth: np.ndarray) -> np.ndarray:
    """Return one coder's codes [response, theme] of responses whose true themes are given.

    For each theme, the coder misses the rounded share ``miss`` of the responses that
    raise it and adds it to the rounded share ``false add`` of those that do not, the
    responses chosen at random.
    """
    codes = truth.copy()
    for theme, code in enumerate(THEMES):  # eight themes
        miss, false_add = params.ENGAGEMENT_CODER_ERRORS[code]
        raised = np.flatnonzero(truth[:, theme])
        others = np.flatnonzero(~truth[:, theme])
        missed = rng.choice(raised, size=round(miss * len(raised)), replace=False)
        added = rng.choice(others, size=round(false_add * len(others)), replace=False)
        codes[missed, theme] = False
        codes[added, theme] = True
    return codes


def make_engagement_double_coding(
    population: pd.DataFrame,
    care_at_home: pd.DataFrame,
    delayed_discharges: pd.DataFrame,
    seed: int = params.DEFAULT_SEED,
) -> pd.DataFrame:
    """Make two coders' codes of a random sample of the engagement responses.

    The sample and the coders' slips come from this table's own stream; the responses
    and their true themes are drawn again as :func:`make_engagement_responses` draws them.

    Parameters
    ----------
    population, care_at_home, delayed_discharges
        The generated tables the responses depend on.
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        One row per sampled response and theme, sorted by response and codebook order:
        ``ResponseId``, ``ThemeCode``, ``CoderA`` and ``CoderB`` (1 if the coder coded
        the theme, else 0).
    """
    rates = locality_rates(population, care_at_home, delayed_discharges)
    responses, truth = draw_responses(seed, rates)
    rng = stream(seed, "engagement_double_coding")
    sample = np.sort(rng.choice(len(responses), size=params.ENGAGEMENT_DOUBLE_CODED, replace=False))
    coder_a = _coded(rng, truth[sample])
    coder_b = _coded(rng, truth[sample])
    return pd.DataFrame(
        {
            "ResponseId": np.repeat(responses["ResponseId"].to_numpy()[sample], len(THEMES)),
            "ThemeCode": np.tile(np.array(THEMES), len(sample)),
            "CoderA": coder_a.ravel().astype(np.int64),
            "CoderB": coder_b.ravel().astype(np.int64),
        }
    )
