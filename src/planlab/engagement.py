"""Themes from what people said: a codebook applied by code, agreement, "you said, we did".

Module 6 of the course turns free-text engagement responses into evidence a plan can use:

1. **Code** each response against a codebook (:func:`code_responses`). A theme is given to
   a response when one of the theme's example phrases appears in it, ignoring case, as
   whole words. Nothing is hidden: :func:`matched_phrases` and :func:`explain_coding` show
   which phrase gave each theme, so a reader can check any response by eye.
2. **Check the coding** against people (:func:`coder_agreement`): for each theme, how often
   two coders (or the code and a person) agree, how often they would agree by chance, and
   Cohen's (1960) kappa, the agreement beyond chance, with the strength word of Landis and
   Koch (1977). Kappa comes from scikit-learn's ``cohen_kappa_score``.
3. **Count** how many responses mention each theme by locality or respondent group
   (:func:`theme_frequencies`), hiding small counts with the course's one rule
   (:mod:`planlab.suppression`).
4. **Compare** what people said with what the data show (:func:`compare_with_data`), and
   build the "you said, we did" table (:func:`you_said_we_did`), which flags themes raised
   often that have no action yet.
5. Optionally, let an unsupervised topic model (non-negative matrix factorisation, NMF)
   suggest groups of words (:func:`topic_terms`), to set beside the codebook. It is a
   prompt for reading the responses, never a replacement for it.

Phrase matching is deliberately simple: it misses mentions written in other words or
misspelt, and it counts negated ones ("no problem getting a GP appointment"). That is why
the coding is checked against people before its counts are used.

References
----------
Cohen J. A coefficient of agreement for nominal scales. Educational and Psychological
Measurement 1960;20(1):37-46.

Landis JR, Koch GG. The measurement of observer agreement for categorical data.
Biometrics 1977;33(1):159-174.

McGinn T, Wyer PC, Newman TB, Keitz S, Leipzig R, Guyatt G. Tips for learners of
evidence-based medicine: 3. Measures of observer variability (kappa statistic). CMAJ
2004;171(11):1369-1373.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab import checks
from planlab.errors import InputValueError
from planlab.suppression import SYMBOL, THRESHOLD, suppression_mask

__all__ = [
    "STRENGTH_BANDS",
    "UNDEFINED",
    "Comparison",
    "ThemeFrequencies",
    "code_responses",
    "coder_agreement",
    "coder_table",
    "compare_with_data",
    "explain_coding",
    "kappa_strength",
    "matched_phrases",
    "theme_frequencies",
    "topic_terms",
    "you_said_we_did",
]

#: Landis and Koch's (1977) words for the strength of agreement, as ``(upper limit, word)``:
#: a kappa up to and including the limit gets the word (below 0 is "Poor").
STRENGTH_BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "Slight"),
    (0.40, "Fair"),
    (0.60, "Moderate"),
    (0.80, "Substantial"),
    (1.00, "Almost perfect"),
)

#: What :func:`coder_agreement` says when kappa cannot be worked out.
UNDEFINED = "Undefined: both gave every response the same code"

_RESPONSE_COLUMNS = ("ResponseId", "ResponseText")
_CODEBOOK_COLUMNS = ("ThemeCode", "ExamplePhrases")


# --------------------------------------------------------------------------- coding


def _phrases(codebook: pd.DataFrame) -> dict[str, list[str]]:
    """Return each theme's example phrases, checked, in the codebook's order."""
    if not isinstance(codebook, pd.DataFrame) or codebook.empty:
        raise InputValueError(
            "codebook", type(codebook).__name__, "a table (DataFrame) with one row per theme"
        )
    checks.require_columns(codebook, "codebook", _CODEBOOK_COLUMNS)
    codes = codebook["ThemeCode"]
    if codes.isna().any() or not codes.map(lambda code: isinstance(code, str) and code).all():
        raise InputValueError("codebook", "a row with no ThemeCode", "a ThemeCode in every row")
    repeated = codes[codes.duplicated()].tolist()
    if repeated:
        raise InputValueError(
            "codebook", f"a table with {repeated[0]!r} twice", "each ThemeCode in one row only"
        )
    phrases: dict[str, list[str]] = {}
    for code, text in zip(codes, codebook["ExamplePhrases"], strict=True):
        items = [p.strip() for p in text.split(";")] if isinstance(text, str) else []
        items = [p for p in items if p]
        if not items:
            raise InputValueError(
                f"codebook row {code!r}",
                text,
                'at least one example phrase, separated by semicolons, such as "gp; doctor"',
            )
        phrases[code] = items
    return phrases


def _pattern(phrase: str) -> re.Pattern[str]:
    """Return a pattern that finds ``phrase`` as whole words, any case, any spacing."""
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _texts(responses: pd.DataFrame) -> pd.Series:
    """Return the response texts indexed by ResponseId, after checking them."""
    if not isinstance(responses, pd.DataFrame) or responses.empty:
        raise InputValueError(
            "responses", type(responses).__name__, "a table (DataFrame) with one row per response"
        )
    checks.require_columns(responses, "responses", _RESPONSE_COLUMNS)
    ids = responses["ResponseId"]
    if ids.isna().any():
        raise InputValueError("responses", "a row with no ResponseId", "a ResponseId in every row")
    repeated = ids[ids.duplicated()].tolist()
    if repeated:
        raise InputValueError(
            "responses", f"a table with {repeated[0]!r} twice", "each ResponseId in one row only"
        )
    texts = responses["ResponseText"]
    bad = ~texts.map(lambda text: isinstance(text, str))
    if bad.any():
        where = ids[bad].iloc[0]
        raise InputValueError(
            f"responses (ResponseId {where!r})",
            texts[bad].iloc[0],
            "text in ResponseText (an empty response can be written as '')",
        )
    return pd.Series(texts.to_numpy(), index=pd.Index(ids.to_numpy(), name="ResponseId"))


def matched_phrases(text: str, codebook: pd.DataFrame) -> dict[str, list[str]]:
    """Return, for each theme a text is given, the codebook phrases found in it.

    Parameters
    ----------
    text
        One response.
    codebook
        The codebook: one row per theme, with ``ThemeCode`` and ``ExamplePhrases``
        (phrases separated by semicolons).

    Returns
    -------
    dict
        ``{ThemeCode: [phrases found]}`` for the themes found, in the codebook's order.
        An empty dict means the response was given no theme.

    Raises
    ------
    InputValueError
        If ``text`` is not text, or the codebook lacks a column, repeats a theme or has a
        theme with no phrases.

    Examples
    --------
    >>> book = pd.DataFrame({"ThemeCode": ["gp_access"], "ExamplePhrases": ["gp; see a doctor"]})
    >>> matched_phrases("Couldn't SEE A  doctor for weeks.", book)
    {'gp_access': ['see a doctor']}
    """
    if not isinstance(text, str):
        raise InputValueError("text", text, "one response, as text")
    found: dict[str, list[str]] = {}
    for code, phrases in _phrases(codebook).items():
        hits = [phrase for phrase in phrases if _pattern(phrase).search(text)]
        if hits:
            found[code] = hits
    return found


def _matches(texts: pd.Series, phrases: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """Return, for each theme, a table of responses x phrases: True where the phrase is found."""
    return {
        code: pd.DataFrame(
            {phrase: texts.str.contains(_pattern(phrase), regex=True) for phrase in items},
            index=texts.index,
        )
        for code, items in phrases.items()
    }


def code_responses(responses: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Give each response the themes whose example phrases it contains.

    A phrase is found when its words appear in the response as whole words, in that order,
    whatever the case and however many spaces lie between them: "GP appointment" finds
    "gp  appointment" but not "gpappointment", and "gp" does not find "gps". Use
    :func:`explain_coding` to see which phrase gave each theme.

    Parameters
    ----------
    responses
        One row per response, with ``ResponseId`` (unique) and ``ResponseText``.
    codebook
        One row per theme, with ``ThemeCode`` and ``ExamplePhrases`` (separated by
        semicolons).

    Returns
    -------
    pandas.DataFrame
        True or False for each response (index ``ResponseId``, in the order given) and
        theme (one column per ``ThemeCode``, in the codebook's order).

    Raises
    ------
    InputValueError
        If a column is missing, an id is missing or repeated, a response is not text, or
        the codebook repeats a theme or has a theme with no phrases.

    Examples
    --------
    >>> book = pd.DataFrame(
    ...     {"ThemeCode": ["gp_access", "transport"], "ExamplePhrases": ["gp", "bus; ferry"]}
    ... )
    >>> said = pd.DataFrame(
    ...     {"ResponseId": ["EN1", "EN2"], "ResponseText": ["No GP near us.", "The ferry!"]}
    ... )
    >>> code_responses(said, book).to_dict("index")
    {'EN1': {'gp_access': True, 'transport': False}, 'EN2': {'gp_access': False, 'transport': True}}
    """
    texts = _texts(responses)
    matches = _matches(texts, _phrases(codebook))
    coded = pd.DataFrame(
        {code: table.any(axis=1) for code, table in matches.items()}, index=texts.index
    )
    coded.columns.name = None
    return coded.astype(bool)


def explain_coding(responses: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """List why each response got each of its themes: one row per phrase found.

    Parameters
    ----------
    responses, codebook
        As for :func:`code_responses`.

    Returns
    -------
    pandas.DataFrame
        Columns ``ResponseId``, ``ThemeCode`` and ``Phrase``: one row for each phrase found
        in each response, in the order of the responses, then the codebook. Responses
        with no theme do not appear.

    Raises
    ------
    InputValueError
        As for :func:`code_responses`.
    """
    texts = _texts(responses)
    rows = []
    for code, table in _matches(texts, _phrases(codebook)).items():
        found = table.stack()
        found = found[found]
        for (response, phrase), _ in found.items():
            rows.append((response, code, phrase))
    order = {response: place for place, response in enumerate(texts.index)}
    codes = {code: place for place, code in enumerate(_phrases(codebook))}
    rows.sort(key=lambda row: (order[row[0]], codes[row[1]]))
    return pd.DataFrame(rows, columns=["ResponseId", "ThemeCode", "Phrase"])


# ------------------------------------------------------------------------ agreement


def coder_table(double_coding: pd.DataFrame, coder: str) -> pd.DataFrame:
    """Turn the long double-coding table into one coder's responses x themes table.

    Parameters
    ----------
    double_coding
        One row per response and theme, with ``ResponseId``, ``ThemeCode`` and a column
        of 0 or 1 for each coder (such as ``CoderA`` and ``CoderB``).
    coder
        Which coder's column to use.

    Returns
    -------
    pandas.DataFrame
        True or False, index ``ResponseId`` and one column per ``ThemeCode``, in the order
        they first appear: the same shape as :func:`code_responses` gives.

    Raises
    ------
    InputValueError
        If a column is missing, a response and theme appear twice or not at all, or a
        code is not 0 or 1.
    """
    if not isinstance(double_coding, pd.DataFrame) or double_coding.empty:
        raise InputValueError(
            "double_coding", type(double_coding).__name__, "a table (DataFrame) of codes"
        )
    checks.require_columns(double_coding, "double_coding", ["ResponseId", "ThemeCode", coder])
    if double_coding.duplicated(["ResponseId", "ThemeCode"]).any():
        raise InputValueError(
            "double_coding",
            "a table with a response and theme in two rows",
            "one row for each response and theme",
        )
    wide = double_coding.pivot(index="ResponseId", columns="ThemeCode", values=coder)
    wide = wide.reindex(
        index=pd.unique(double_coding["ResponseId"]), columns=pd.unique(double_coding["ThemeCode"])
    )
    wide.index.name = "ResponseId"
    wide.columns.name = None
    return _binary(wide, coder)


def _binary(table: object, name: str) -> pd.DataFrame:
    """Return a table of codes as True/False after checking each is 0, 1, False or True."""
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise InputValueError(
            name, type(table).__name__, "a table (DataFrame) of responses x themes, 0 or 1"
        )
    if not table.index.is_unique:
        raise InputValueError(name, "a table with a response twice", "each response in one row")
    values = table.to_numpy(dtype=object)
    ok = np.vectorize(
        lambda v: isinstance(v, bool | np.bool_) or (checks.is_number(v) and v in (0, 1)),
        otypes=[bool],
    )(values)
    if not ok.all():
        row, column = (int(i) for i in np.argwhere(~ok)[0])
        raise InputValueError(
            f"{name} (response {table.index[row]!r}, theme {table.columns[column]!r})",
            values[row, column],
            "0 or 1 (or False or True) in every cell, none missing",
        )
    return table.astype(bool)


def kappa_strength(kappa: float) -> str:
    """Return Landis and Koch's (1977) word for the strength of agreement a kappa shows.

    Parameters
    ----------
    kappa
        Cohen's kappa, from -1 to 1; NaN when it is undefined.

    Returns
    -------
    str
        "Poor" (below 0), "Slight" (0 to 0.20), "Fair" (to 0.40), "Moderate" (to
        0.60), "Substantial" (to 0.80) or "Almost perfect" (to 1); for NaN, a sentence
        saying kappa is undefined.

    Raises
    ------
    InputValueError
        If ``kappa`` is not a number from -1 to 1.

    Examples
    --------
    >>> kappa_strength(0.72)
    'Substantial'
    """
    value = checks.number("kappa", kappa, "0.72")
    if math.isnan(value):
        return UNDEFINED
    if not -1 <= value <= 1:
        raise InputValueError("kappa", kappa, "a kappa from -1 to 1, such as 0.72")
    if value < 0:
        return "Poor"
    return next(word for limit, word in STRENGTH_BANDS if value <= limit)


def coder_agreement(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Measure, theme by theme, how far two codings of the same responses agree.

    For each theme the responses are set out in a two-by-two table (both yes, first only,
    second only, both no). The **observed agreement** is the share where the two agree;
    the **expected agreement** is the share they would agree on by chance, given how often
    each said yes: ``p1 * p2 + (1 - p1) * (1 - p2)``. **Cohen's kappa** is the agreement
    beyond chance as a share of the most there could be: ``(observed - expected) /
    (1 - expected)``; it is worked out by scikit-learn's ``cohen_kappa_score``.

    When both codings give every response the same code (for example, both say "no" to a
    theme nobody raised), chance alone explains the agreement, so kappa is undefined: it
    is reported as NaN with a sentence saying why, not an error.

    Parameters
    ----------
    first, second
        Responses x themes tables of 0/1 or False/True, indexed by ``ResponseId``: the
        output of :func:`code_responses` or :func:`coder_table`. Only the responses in
        both are compared; both must have the same themes.

    Returns
    -------
    pandas.DataFrame
        One row per theme (index ``ThemeCode``, in ``first``'s order), with columns
        ``Responses``, ``BothYes``, ``FirstOnly``, ``SecondOnly``, ``BothNo``,
        ``ObservedAgreement`` and ``ExpectedAgreement`` (fractions), ``Kappa`` and
        ``Strength`` (Landis and Koch's word, from :func:`kappa_strength`).

    Raises
    ------
    InputValueError
        If a table is empty, holds a code other than 0 or 1, the two have different
        themes, or they have no response in common.

    Examples
    --------
    >>> a = pd.DataFrame({"gp_access": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> b = pd.DataFrame({"gp_access": [1, 0, 0, 0, 1, 1, 0, 0]})
    >>> coder_agreement(a, b).loc["gp_access", ["ObservedAgreement", "Kappa"]].tolist()
    [0.75, 0.4666666666666667]
    """
    from sklearn.metrics import cohen_kappa_score

    one = _binary(first, "first")
    two = _binary(second, "second")
    if set(one.columns) != set(two.columns):
        only = sorted(set(one.columns) ^ set(two.columns), key=str)
        raise InputValueError(
            "second",
            f"a table whose themes differ from first's ({', '.join(map(str, only))})",
            "the same themes as first: code both with the same codebook",
        )
    common = one.index.intersection(two.index, sort=False)
    if common.empty:
        raise InputValueError(
            "second",
            "a table with no ResponseId in common with first",
            "codes for some of the same responses, indexed by ResponseId",
        )
    rows = []
    for theme in one.columns:
        a = one.loc[common, theme].to_numpy(dtype=int)
        b = two.loc[common, theme].to_numpy(dtype=int)
        n = len(a)
        both_yes = int(((a == 1) & (b == 1)).sum())
        both_no = int(((a == 0) & (b == 0)).sum())
        observed = (both_yes + both_no) / n
        p1, p2 = a.mean(), b.mean()
        expected = float(p1 * p2 + (1 - p1) * (1 - p2))
        if math.isclose(expected, 1.0):
            kappa = math.nan
        else:
            kappa = float(cohen_kappa_score(a, b, labels=[0, 1]))
        rows.append(
            {
                "ThemeCode": theme,
                "Responses": n,
                "BothYes": both_yes,
                "FirstOnly": int(((a == 1) & (b == 0)).sum()),
                "SecondOnly": int(((a == 0) & (b == 1)).sum()),
                "BothNo": both_no,
                "ObservedAgreement": observed,
                "ExpectedAgreement": expected,
                "Kappa": kappa,
                "Strength": kappa_strength(kappa),
            }
        )
    return pd.DataFrame(rows).set_index("ThemeCode")


# ---------------------------------------------------------------------- frequencies


@dataclass(frozen=True)
class ThemeFrequencies:
    """How many responses mention each theme, by group, with small counts marked to hide.

    Made by :func:`theme_frequencies`; the tables share one index (the groups) and one set
    of columns (the themes).

    Parameters
    ----------
    responses
        The number of responses in each group (the denominator).
    mentions
        The true number of responses in each group that mention each theme.
    share
        ``mentions`` divided by ``responses``: the fraction of the group's responses that
        mention the theme (0.25 means a quarter).
    hidden
        True where a count must be hidden before publishing, under the course's rule
        (:func:`planlab.suppression.suppression_mask`, primary and secondary).
    """

    responses: pd.Series
    mentions: pd.DataFrame
    share: pd.DataFrame
    hidden: pd.DataFrame

    def published(self, decimals: int = 1) -> pd.DataFrame:
        """Return the table to publish: "count (percent%)" per cell, hidden cells as "c".

        Parameters
        ----------
        decimals
            Decimal places for the percentages.

        Returns
        -------
        pandas.DataFrame
            Text, with a first column ``Responses`` (the group sizes) and one column per
            theme. A hidden cell shows :data:`planlab.suppression.SYMBOL` for both its count
            and its percentage, since the percentage and the group size would give the
            count away.
        """
        places = checks.whole_number(
            "decimals", decimals, minimum=0, expected="a whole number of decimal places, 0 or more"
        )
        text = (
            self.mentions.astype(int).astype(str)
            + " ("
            + ((100 * self.share).round(places).map(lambda v: f"{v:.{places}f}") + "%)")
        )
        text = text.mask(self.hidden, SYMBOL)
        text.insert(0, "Responses", self.responses.astype(int).astype(str))
        return text

    def published_share(self) -> pd.DataFrame:
        """Return the shares with hidden cells as NaN: safe to chart or publish.

        Returns
        -------
        pandas.DataFrame
            ``share`` with NaN where ``hidden`` is True.
        """
        return self.share.mask(self.hidden)


def _by_columns(by: object) -> list[str]:
    columns = [by] if isinstance(by, str) else list(by) if isinstance(by, Sequence) else None
    if not columns or not all(isinstance(column, str) for column in columns):
        raise InputValueError(
            "by", by, 'a column name, such as "LocalityCode", or a list of column names'
        )
    return columns


def theme_frequencies(
    responses: pd.DataFrame,
    coded: pd.DataFrame,
    by: str | Sequence[str] = "LocalityCode",
) -> ThemeFrequencies:
    """Count the responses that mention each theme in each group, and their share.

    Parameters
    ----------
    responses
        One row per response, with ``ResponseId`` and the column(s) named in ``by``.
    coded
        Responses x themes, True where a response mentions a theme, indexed by
        ``ResponseId``: the output of :func:`code_responses`. Every response in
        ``responses`` must be in it.
    by
        The column to group by, such as ``"LocalityCode"``, or a list of columns, such as
        ``["LocalityCode", "RespondentGroup"]``.

    Returns
    -------
    ThemeFrequencies
        Group sizes, true counts and shares (fractions), and which counts to hide under
        the course's suppression rule (counts of 1 to 4, and the cells that would give
        them away). Use ``.published()`` for the table to publish.

    Raises
    ------
    InputValueError
        If a column is missing, a group is missing, a response has no codes, or the
        codes are not 0 or 1.

    Examples
    --------
    >>> said = pd.DataFrame({"ResponseId": list("abcdefg"), "LocalityCode": list("XXXXYYY")})
    >>> coded = pd.DataFrame({"gp": [1, 1, 0, 0, 1, 1, 1]}, index=list("abcdefg"))
    >>> theme_frequencies(said, coded).share["gp"].round(2).tolist()
    [0.5, 1.0]
    """
    columns = _by_columns(by)
    if not isinstance(responses, pd.DataFrame) or responses.empty:
        raise InputValueError(
            "responses", type(responses).__name__, "a table (DataFrame) with one row per response"
        )
    checks.require_columns(responses, "responses", ["ResponseId", *columns])
    codes = _binary(coded, "coded")
    ids = pd.Index(responses["ResponseId"])
    if not ids.is_unique:
        raise InputValueError("responses", "a table with a ResponseId twice", "each once only")
    missing = ids.difference(codes.index, sort=False)
    if len(missing):
        raise InputValueError(
            "coded",
            f"a table without response {missing[0]!r}",
            "a row for every response: code all the responses first",
        )
    groups = responses[columns]
    if groups.isna().any().any():
        raise InputValueError(
            "responses", f"a table with a blank {columns[0]}", f"a value of {by} in every row"
        )
    joined = codes.loc[ids].reset_index(drop=True).astype(int)
    keys = [groups[column].reset_index(drop=True) for column in columns]
    mentions = joined.groupby(keys, sort=True).sum()
    size = joined.groupby(keys, sort=True).size()
    size.name = "Responses"
    share = mentions.div(size, axis=0)
    hidden = suppression_mask(mentions)
    return ThemeFrequencies(responses=size, mentions=mentions, share=share, hidden=hidden)


# ------------------------------------------------------------------ compare, report


@dataclass(frozen=True)
class Comparison:
    """What people said beside what the data show, locality by locality.

    Made by :func:`compare_with_data`.

    Parameters
    ----------
    table
        One row per locality: ``Share`` (of responses mentioning the theme), the
        ``Indicator``, and each one's rank (1 = highest), ``ShareRank`` and
        ``IndicatorRank``.
    rank_correlation
        Spearman's rank correlation of the two: 1 when the order is the same, -1 when
        it is reversed.
    same_top
        Whether the locality that mentions the theme most is also highest on the
        indicator.
    statement
        A plain-English sentence saying whether the two point the same way.
    """

    table: pd.DataFrame
    rank_correlation: float
    same_top: bool
    statement: str


def _series(name: str, value: object) -> pd.Series:
    if not isinstance(value, pd.Series) or value.empty:
        raise InputValueError(name, type(value).__name__, "a Series with one value per locality")
    if not value.index.is_unique:
        raise InputValueError(name, "a Series with a locality twice", "each locality once")
    numbers = pd.to_numeric(value, errors="coerce")
    bad = numbers.isna() | ~np.isfinite(numbers.astype(float))
    if bad.any():
        where = value.index[bad.to_numpy()][0]
        raise InputValueError(
            f"{name} (locality {where!r})",
            value[where],
            "a number for every locality (a hidden share cannot be compared: use the true "
            "shares, and publish only the suppressed table)",
        )
    return numbers.astype(float)


def compare_with_data(
    share: pd.Series,
    indicator: pd.Series,
    theme: str = "the theme",
    indicator_name: str = "the indicator",
) -> Comparison:
    """Set the share of responses raising a theme beside a locality indicator, with ranks.

    Parameters
    ----------
    share
        The fraction of each locality's responses that mention the theme, indexed by
        locality, such as ``theme_frequencies(...).share["care_at_home_waits"]``.
    indicator
        What the data show for the same localities, such as people waiting for care at
        home per 1,000 aged 65 and over.
    theme, indicator_name
        Words for the statement, such as ``"waiting for care at home"`` and ``"people
        waiting per 1,000 aged 65+"``.

    Returns
    -------
    Comparison
        The table with ranks, Spearman's rank correlation, whether the top localities
        match, and a plain statement. With a handful of localities this is a pointer to
        look closer, not a test.

    Raises
    ------
    InputValueError
        If either is not a Series of numbers, a value is missing, or the two do not have
        the same localities.

    Examples
    --------
    >>> share = pd.Series({"A": 0.10, "B": 0.30, "C": 0.20})
    >>> waiting = pd.Series({"A": 2.0, "B": 5.5, "C": 3.1})
    >>> compare_with_data(share, waiting).rank_correlation
    1.0
    """
    said = _series("share", share)
    data = _series("indicator", indicator)
    if set(said.index) != set(data.index):
        differ = sorted(set(said.index) ^ set(data.index), key=str)
        raise InputValueError(
            "indicator",
            f"a Series whose localities differ from share's ({', '.join(map(str, differ))})",
            "the same localities as share",
        )
    for name, words in (("theme", theme), ("indicator_name", indicator_name)):
        if not isinstance(words, str) or not words.strip():
            raise InputValueError(name, words, "a few words for the statement")
    data = data.reindex(said.index)
    table = pd.DataFrame(
        {
            "Share": said,
            "Indicator": data,
            "ShareRank": said.rank(ascending=False, method="min").astype(int),
            "IndicatorRank": data.rank(ascending=False, method="min").astype(int),
        }
    )
    table.index.name = share.index.name or "LocalityCode"
    if said.nunique() < 2 or data.nunique() < 2:
        correlation = math.nan
    else:
        correlation = float(said.rank().corr(data.rank()))
    top_said = [str(place) for place in said.index[said == said.max()]]
    top_data = [str(place) for place in data.index[data == data.max()]]
    same_top = bool(set(top_said) & set(top_data))
    if math.isnan(correlation):
        statement = (
            f"What people said about {theme} and {indicator_name} cannot be compared: one of "
            "them is the same in every locality, so neither puts the localities in an order."
        )
        return Comparison(table, correlation, same_top, statement)
    if correlation >= 0.8:
        direction = "point the same way"
    elif correlation > 0:
        direction = "point partly the same way"
    elif correlation == 0:
        direction = "show no common order"
    else:
        direction = "point in opposite directions"
    said_most = " and ".join(top_said)
    data_most = " and ".join(top_data)
    top = (
        f"{said_most} {'mentions' if len(top_said) == 1 else 'mention'} {theme} most "
        f"({said.max():.0%} of responses) and "
        + (
            f"{'is' if len(top_said) == 1 else 'are'} also highest on {indicator_name}."
            if same_top
            else f"{data_most} {'is' if len(top_data) == 1 else 'are'} highest on {indicator_name}."
        )
    )
    statement = (
        f"What people said about {theme} and {indicator_name} {direction} "
        f"(Spearman's rank correlation {correlation:.2f} across {len(said)} localities). "
        f"{top} With so few localities, treat this as a reason to look closer, not as proof."
    )
    return Comparison(table, correlation, same_top, statement)


def you_said_we_did(
    frequencies: ThemeFrequencies,
    actions: pd.DataFrame,
    codebook: pd.DataFrame,
    often: float = 0.10,
) -> pd.DataFrame:
    """Build the "you said, we did" table, flagging themes raised often with no action.

    Parameters
    ----------
    frequencies
        From :func:`theme_frequencies`; its groups are added up, so the table speaks for
        every response.
    actions
        The planned actions: columns ``ThemeCode`` and ``Action``, one row per action
        (a theme may have several, or none).
    codebook
        The codebook, for each theme's ``ThemeName``.
    often
        The share of all responses (a fraction: 0.10 is 10%) at or above which a theme
        counts as raised often.

    Returns
    -------
    pandas.DataFrame
        One row per theme, most mentioned first, with ``ThemeName``, ``Mentions``,
        ``Share`` (fraction), ``YouSaid`` (the theme, its count and percentage),
        ``WeDid`` (the actions, joined by "; ", or "No action yet") and ``Flag``
        ("Raised often, no action" or "").
        A count of 1 to 4 is shown as :data:`planlab.suppression.SYMBOL` in ``YouSaid``
        (there is no total to give it away, so no second cell is hidden).

    Raises
    ------
    InputValueError
        If ``frequencies`` is not from :func:`theme_frequencies`, a column is missing, an
        action names a theme the codebook does not have, or ``often`` is not between 0 and 1.
    """
    if not isinstance(frequencies, ThemeFrequencies):
        raise InputValueError(
            "frequencies", type(frequencies).__name__, "the result of theme_frequencies(...)"
        )
    threshold = checks.share("often", often, "a share between 0 and 1, such as 0.10 for 10%")
    if not isinstance(actions, pd.DataFrame):
        raise InputValueError("actions", type(actions).__name__, "a table of ThemeCode, Action")
    checks.require_columns(actions, "actions", ["ThemeCode", "Action"])
    if not isinstance(codebook, pd.DataFrame):
        raise InputValueError("codebook", type(codebook).__name__, "the codebook table")
    checks.require_columns(codebook, "codebook", ["ThemeCode", "ThemeName"])
    names = codebook.set_index("ThemeCode")["ThemeName"]
    unknown = sorted(set(actions["ThemeCode"]) - set(names.index), key=str)
    if unknown:
        raise InputValueError(
            "actions",
            f"a table with the theme {unknown[0]!r}",
            "themes from the codebook's ThemeCode column",
        )
    mentions = frequencies.mentions.sum(axis=0).astype(int)
    total = int(frequencies.responses.sum())
    share = mentions / total
    small = (mentions >= 1) & (mentions < THRESHOLD)
    done = (
        actions.dropna(subset=["Action"])
        .groupby("ThemeCode", sort=False)["Action"]
        .agg(lambda items: "; ".join(str(item) for item in items))
    )
    flag = "Raised often, no action"
    rows = []
    for theme in share.sort_values(ascending=False, kind="stable").index:
        name = names.get(theme, theme)
        count = SYMBOL if small[theme] else f"{mentions[theme]:,}"
        percent = SYMBOL if small[theme] else f"{share[theme]:.0%}"
        action = done.get(theme, "")
        rows.append(
            {
                "ThemeCode": theme,
                "ThemeName": name,
                "Mentions": int(mentions[theme]),
                "Share": float(share[theme]),
                "YouSaid": f"{name} ({count} of {total:,} responses, {percent})",
                "WeDid": action or "No action yet",
                "Flag": flag if share[theme] >= threshold and not action else "",
            }
        )
    return pd.DataFrame(rows).set_index("ThemeCode")


# ------------------------------------------------------------------------- topics


def topic_terms(
    texts: Sequence[str] | pd.Series, n_topics: int, seed: int = 0, n_terms: int = 8
) -> pd.DataFrame:
    """Let a topic model suggest groups of words that go together (for contrast only).

    The texts are turned into TF-IDF word weights (common English words left out) and
    split into ``n_topics`` parts by scikit-learn's non-negative matrix factorisation
    (NMF). Each topic is listed by its heaviest words. The topics have no names and no
    definitions: a person must read them, and the responses, to say what they mean.

    Parameters
    ----------
    texts
        The responses.
    n_topics
        How many topics to find, 2 or more.
    seed
        The random seed for NMF's start, so that the result can be repeated.
    n_terms
        How many words to list per topic.

    Returns
    -------
    pandas.DataFrame
        One row per topic (index ``Topic``, 1 upwards), with ``Terms`` (the words,
        heaviest first, joined by ", ") and ``Responses`` (how many responses have that
        topic as their heaviest).

    Raises
    ------
    InputValueError
        If a text is not text, there are fewer texts than topics, or a number is out of
        range.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = list(texts) if isinstance(texts, Sequence | pd.Series) else None
    if not items or not all(isinstance(text, str) for text in items):
        raise InputValueError("texts", type(texts).__name__, "a list or Series of responses")
    topics = checks.whole_number("n_topics", n_topics, minimum=2, expected="2 or more, such as 6")
    if topics > len(items):
        raise InputValueError("n_topics", n_topics, f"no more than the {len(items)} texts")
    terms = checks.whole_number("n_terms", n_terms, minimum=1, expected="1 or more, such as 8")
    state = checks.whole_number("seed", seed, minimum=0, expected="a whole number, such as 0")
    vectoriser = TfidfVectorizer(stop_words="english", min_df=2 if len(items) >= 20 else 1)
    try:
        weights = vectoriser.fit_transform(items)
    except ValueError as error:  # every word was a stop word, or there were no words
        raise InputValueError("texts", "texts with no usable words", "real responses") from error
    model = NMF(n_components=topics, init="nndsvda", random_state=state, max_iter=1000)
    documents = model.fit_transform(weights)
    words = vectoriser.get_feature_names_out()
    rows = []
    for number, component in enumerate(model.components_, start=1):
        heaviest = np.argsort(component)[::-1][:terms]
        rows.append(
            {
                "Topic": number,
                "Terms": ", ".join(str(words[i]) for i in heaviest),
                "Responses": int((documents.argmax(axis=1) == number - 1).sum()),
            }
        )
    return pd.DataFrame(rows).set_index("Topic")
