r"""Evaluation basics: whether a service change worked, and by how much.

Three methods, each answering a slightly different question.

**Interrupted time series** (:func:`interrupted_time_series`). One monthly (or weekly)
series, a change at a known point. Segmented regression fits the trend before the change
and asks how the level and the slope moved after it:

.. math::

    y_t = \beta_0 + \beta_1 t + \beta_2 P_t + \beta_3 (t - t_0) P_t + \text{season}_t

where :math:`P_t` is 0 before the change and 1 from the first period after it
(:math:`t_0`), so :math:`\beta_2` is the *level change* (the gap in the first period after
the change) and :math:`\beta_3` the *slope change* (how much faster or slower the series
moves each period afterwards). The *counterfactual* is the fitted series with
:math:`\beta_2 = \beta_3 = 0`: what the pre-change trend says would have happened. For
counts (admissions, delayed discharges) use ``family="quasipoisson"``: the model is then
for the log of the rate, with the population as an *offset*, and the effects are *rate
ratios* (0.885 means 11.5% fewer than expected), as in the tutorial of Lopez Bernal,
Cummins and Gasparrini (International Journal of Epidemiology 2017; 46: 348-355).

Three things about time series that a plain regression ignores, and what this module does:

- **Seasonality**: winter is busier than summer every year. ``seasonality="fourier"``
  adds pairs of sine and cosine terms (a smooth yearly wave, ``harmonics`` pairs);
  ``seasonality="months"`` adds a term for each calendar month (more flexible, costs 11
  degrees of freedom). Without it, a change in autumn can look like a seasonal rise.
- **Overdispersion**: counts usually vary more than a Poisson model allows. The
  quasi-Poisson model estimates a *dispersion* factor from the data and widens every
  interval by its square root.
- **Autocorrelation**: a busy month tends to follow a busy month, so the months are not 12
  independent pieces of evidence a year and ordinary intervals are too narrow.
  ``hac_lags`` replaces the model's standard errors by Newey-West
  (heteroskedasticity and autocorrelation consistent) ones, which allow the errors of
  up to ``hac_lags`` neighbouring periods to be correlated. Whether or not you use it,
  the result reports two checks on the residuals: the *Durbin-Watson* statistic (about 2
  when neighbouring residuals are unrelated; well below 2, such as under 1.5, when they
  move together) and the *Ljung-Box* test's p-value over a season of lags (a small
  p-value, below 0.05, says the residuals are still correlated).

**Difference in differences** (:func:`difference_in_differences`). A treated locality
and a comparison locality, before and after. The change in the treated locality minus the
change in the comparison locality is the effect, if the two would otherwise have moved in
parallel; the pre-period check of slopes tests that assumption where it can be tested.

**A sustained shift on an SPC chart** (:func:`phase_limits`). Module 2's XmR chart
(:func:`planlab.spc.xmr`) with limits from before the change; the first run of
``run_length`` points on one side of the old mean after the change confirms a shift, and
the limits are worked out again from the start of that run (a new *phase*).

What none of them can tell you on their own: that the change, and not something else that
happened at the same time, caused the difference (Bardsley and others, Nuffield Trust,
2013, discuss the traps).

The package is in three parts, :mod:`planlab.evaluation.its`,
:mod:`planlab.evaluation.did` and :mod:`planlab.evaluation.phases`; every public name is
importable from ``planlab.evaluation`` itself.
"""

from planlab.evaluation.did import DiDResult, difference_in_differences
from planlab.evaluation.its import ITSResult, fourier_terms, interrupted_time_series
from planlab.evaluation.phases import PhaseResult, phase_limits

__all__ = [
    "DiDResult",
    "ITSResult",
    "PhaseResult",
    "difference_in_differences",
    "fourier_terms",
    "interrupted_time_series",
    "phase_limits",
]
