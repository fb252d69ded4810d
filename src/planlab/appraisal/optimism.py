r"""Optimism bias: the uplift the Green Book asks for on capital costs and works duration.

Appraisers are reliably too hopeful: projects cost more and take longer than first estimated.
HM Treasury's supplementary Green Book guidance on optimism bias asks appraisers to raise
their estimates by a percentage for the type of project, taken from a study of past projects
(Mott MacDonald, *Review of Large Public Procurement in the UK*, 2002, Table 2;
:data:`OPTIMISM_BIAS`). The appraisal starts from the *upper bound* and lowers it only as the
risks behind overruns are identified and managed. That reduction is the *mitigation factor*
:math:`m`, from 0 (nothing done yet) to 1 (every contributory risk managed):

.. math::

   \text{optimism bias} = (1 - m) \times \text{upper bound}, \qquad
   \text{adjusted cost} = \text{cost} \times (1 + \text{optimism bias})

A project with parts of different types (say 70% standard building and 30% non-standard by
capital value) takes the average of their upper bounds weighted by those shares, as the
Mott MacDonald report's worked example does. The *lower bound* in the table is what the
report expects effective risk management to reach by the time the contract is awarded.
For outsourcing projects the percentages apply to operating, not capital, expenditure, and
there is no figure for works duration.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Literal

import numpy as np

from planlab.checks import ArrayLike, first_bad, number_array, scalar_or_array, share
from planlab.errors import InputValueError

__all__ = ["OPTIMISM_BIAS", "apply_optimism_bias", "optimism_bias"]

#: Upper and lower bounds of optimism bias by project type, as fractions: the percentages
#: of Table 2, "Optimism Bias Guidelines", of Mott MacDonald (2002), *Review of Large Public
#: Procurement in the UK*, which HM Treasury's supplementary Green Book guidance on optimism
#: bias adopts. ``None`` where the table has no figure (outsourcing has no works duration; its
#: capital figures are for operating expenditure). Last checked 3 December 2026.
OPTIMISM_BIAS: dict[str, dict[str, float | None]] = {
    "standard buildings": {
        "DurationUpper": 0.04,
        "DurationLower": 0.01,
        "CapitalUpper": 0.24,
        "CapitalLower": 0.02,
    },
    "non-standard buildings": {
        "DurationUpper": 0.39,
        "DurationLower": 0.02,
        "CapitalUpper": 0.51,
        "CapitalLower": 0.04,
    },
    "standard civil engineering": {
        "DurationUpper": 0.20,
        "DurationLower": 0.01,
        "CapitalUpper": 0.44,
        "CapitalLower": 0.03,
    },
    "non-standard civil engineering": {
        "DurationUpper": 0.25,
        "DurationLower": 0.03,
        "CapitalUpper": 0.66,
        "CapitalLower": 0.06,
    },
    "equipment/development": {
        "DurationUpper": 0.54,
        "DurationLower": 0.10,
        "CapitalUpper": 2.00,
        "CapitalLower": 0.10,
    },
    "outsourcing": {
        "DurationUpper": None,
        "DurationLower": None,
        "CapitalUpper": 0.41,
        "CapitalLower": 0.00,
    },
}

Measure = Literal["capital", "duration"]


def _project_type(name: object, where: str) -> str:
    if not isinstance(name, str):
        raise InputValueError(where, name, f"a project type: one of {', '.join(OPTIMISM_BIAS)}")
    key = " ".join(name.strip().lower().replace("_", " ").split())
    if key not in OPTIMISM_BIAS:
        close = difflib.get_close_matches(key, list(OPTIMISM_BIAS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputValueError(
            where, name, f"a project type: one of {', '.join(OPTIMISM_BIAS)}{hint}"
        )
    return key


def _upper_bound(project: object, measure: str) -> float:
    column = {"capital": "CapitalUpper", "duration": "DurationUpper"}.get(str(measure))
    if column is None or not isinstance(measure, str):
        raise InputValueError("measure", measure, '"capital" or "duration"')
    if isinstance(project, Mapping):
        if not project:
            raise InputValueError(
                "project", project, "a project type, or a mapping of types to shares"
            )
        total = 0.0
        shares = 0.0
        for name, part in project.items():
            key = _project_type(name, "project")
            weight = share(f"project[{name!r}]", part, "a share of the project from 0 to 1")
            bound = OPTIMISM_BIAS[key][column]
            if bound is None and weight > 0:
                raise InputValueError(
                    "measure",
                    measure,
                    f'"capital": the guidance gives no {measure} figure for {key}',
                )
            total += weight * (bound or 0.0)
            shares += weight
        if not np.isclose(shares, 1.0, atol=1e-9):
            raise InputValueError(
                "project", dict(project), f"shares that add up to 1 (these add up to {shares:g})"
            )
        return total
    key = _project_type(project, "project")
    bound = OPTIMISM_BIAS[key][column]
    if bound is None:
        raise InputValueError(
            "measure", measure, f'"capital": the guidance gives no {measure} figure for {key}'
        )
    return bound


def optimism_bias(
    project: str | Mapping[str, float], measure: Measure = "capital", mitigation: float = 0.0
) -> float:
    r"""Return the optimism bias to apply, as a fraction: the upper bound less mitigation.

    Parameters
    ----------
    project
        A project type of :data:`OPTIMISM_BIAS`, such as ``"standard buildings"``; or a
        mapping of types to their shares of the project, adding up to 1, for a project with
        parts of more than one type.
    measure
        ``"capital"`` for capital expenditure (operating expenditure for outsourcing), or
        ``"duration"`` for works duration.
    mitigation
        The share of the upper bound removed by managing its causes, from 0 (none, the
        default: use the upper bound) to 1.

    Returns
    -------
    float
        :math:`(1 - m) \times` the upper bound, such as 0.24 for 24%.

    Raises
    ------
    InputValueError
        If the project type is unknown (the message suggests the nearest), the shares do not
        add up to 1, the measure is not one of the two, there is no figure for it, or the
        mitigation is not from 0 to 1.

    Examples
    --------
    >>> optimism_bias("standard buildings")
    0.24
    >>> round(optimism_bias({"non-standard buildings": 0.3, "standard buildings": 0.7}), 3)
    0.321
    """
    bound = _upper_bound(project, measure)
    factor = share("mitigation", mitigation, "a mitigation factor from 0 (none) to 1 (all)")
    return (1.0 - factor) * bound


def apply_optimism_bias(
    values: ArrayLike,
    project: str | Mapping[str, float],
    measure: Measure = "capital",
    mitigation: float = 0.0,
) -> float | np.ndarray:
    """Return costs (or durations) raised by the optimism bias for the project type.

    Parameters
    ----------
    values
        Capital costs by year, or a works duration (any units), 0 or more.
    project, measure, mitigation
        As for :func:`optimism_bias`.

    Returns
    -------
    float or numpy.ndarray
        ``values * (1 + optimism_bias(project, measure, mitigation))``.

    Raises
    ------
    InputValueError
        As :func:`optimism_bias` does, or if a value is negative or not a finite number.

    Examples
    --------
    >>> apply_optimism_bias([1000.0, 500.0], "standard buildings").tolist()
    [1240.0, 620.0]
    >>> apply_optimism_bias(24, "standard buildings", "duration")  # months
    24.96
    """
    amounts = number_array("values", values)
    if (amounts < 0).any():
        where, first = first_bad("values", amounts, amounts < 0)
        raise InputValueError(where, first, "a cost or duration of 0 or more")
    uplift = optimism_bias(project, measure, mitigation)
    return scalar_or_array(amounts * (1.0 + uplift))
