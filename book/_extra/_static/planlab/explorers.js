/*
 * What-if explorers on the course's book pages (src/planlab/book_explorers.py writes them).
 *
 * Loaded only on pages that hold an explorer, after Vega, Vega-Lite and vega-embed (all
 * served by the book itself). Each explorer is a form of labelled controls, a sentence in
 * an aria-live region and a chart. When a control moves, this script
 *  1. shows the slider's value beside it and gives the slider the same value text;
 *  2. rewrites the sentence with the same words and numbers as the Python functions
 *     scenario_statement and risk_statement (the browser tests compare the two);
 *  3. passes the new values to the chart's Vega-Lite parameters, which redraws itself.
 * The numbers the model needs (bed days by year, the risk register) are in the page, put
 * there by the toolkit when the book was built.
 */
(function () {
  "use strict";

  var MINUS = "\u2212";

  function financialYear(year) {
    return year + "/" + String((year + 1) % 100).padStart(2, "0");
  }

  function ordinal(rank) {
    var tens = rank % 100;
    var suffix = "th";
    if (tens < 10 || tens > 20) {
      suffix = { 1: "st", 2: "nd", 3: "rd" }[rank % 10] || "th";
    }
    return rank + suffix;
  }

  function money(pounds) {
    return "£" + String(Math.round(pounds)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function shownValue(input) {
    var places = Number(input.dataset.places || 0);
    return (Number(input.value).toFixed(places) + (input.dataset.unit || "")).replace("-", MINUS);
  }

  /* The model of planlab.scenarios.beds_by_year, with planlab.capacity.beds_needed's rounding. */
  function bedsByYear(model, v) {
    var first = model.years[0];
    return model.years.map(function (year, i) {
      var days =
        model.demographic[i] *
        Math.pow(1 + v.growth, year - first) *
        (1 + v.stay_change) *
        (1 - v.effect);
      var exact = days / (model.daysInYear * v.occupancy);
      return Math.ceil(Math.round(exact * 1e9) / 1e9);
    });
  }

  /* The sentence of planlab.book_explorers.scenario_statement; slider values in percent. */
  function scenarioStatement(model, percent) {
    var v = {
      growth: percent.growth / 100,
      stay_change: percent.stay_change / 100,
      occupancy: percent.occupancy / 100,
      effect: percent.effect / 100,
    };
    var beds = bedsByYear(model, v);
    var today = model.today;
    var withWard = today + model.wardBeds;
    var target = financialYear(model.targetYear);
    var growing;
    if (v.growth > 0) {
      growing = "growth of " + Math.abs(percent.growth).toFixed(2) + "% a year beyond population change";
    } else if (v.growth < 0) {
      growing = "a fall of " + Math.abs(percent.growth).toFixed(2) + "% a year beyond population change";
    } else {
      growing = "no growth beyond population change";
    }
    var stays =
      v.stay_change === 0
        ? "stays as now"
        : "stays " + Math.abs(percent.stay_change).toFixed(0) + "% " + (v.stay_change < 0 ? "shorter" : "longer");
    var saving =
      v.effect === 0 ? "no intervention" : "an intervention saving " + percent.effect.toFixed(0) + "% of bed days";
    var last = beds[beds.length - 1];
    var difference = last - today;
    var compared =
      difference > 0
        ? difference + " more than"
        : difference < 0
          ? -difference + " fewer than"
          : "the same as";
    var sentence =
      "With " + growing + ", " + stays + ", " + percent.occupancy.toFixed(0) + "% occupancy and " +
      saving + ", Lochanvale needs " + last + " beds in " + target + ": " + compared +
      " today's " + today + ". ";
    var overToday = model.years.filter(function (year, i) { return beds[i] > today; });
    var overWard = model.years.filter(function (year, i) { return beds[i] > withWard; });
    if (!overToday.length) {
      return sentence + "Today's beds are enough every year to " + target + ": no new ward is needed.";
    }
    sentence += "A new ward of " + model.wardBeds + " beds is needed from " + financialYear(overToday[0]);
    if (!overWard.length) {
      return sentence + ", and is enough to " + target + ".";
    }
    return sentence + ", and more than one from " + financialYear(overWard[0]) + " (over " + withWard + " beds).";
  }

  /* planlab.risk.expected_loss: the probability times the mean of the lognormal whose 90%
     interval is [low, high]. */
  function expectedLoss(probability, low, high, z) {
    var mu = (Math.log(low) + Math.log(high)) / 2;
    var sigma = (Math.log(high) - Math.log(low)) / (2 * z);
    return probability * Math.exp(mu + (sigma * sigma) / 2);
  }

  /* A band score 1, 2, ...: one more for each cut point the value reaches. */
  function bandScore(value, cuts) {
    return 1 + cuts.filter(function (cut) { return value >= cut; }).length;
  }

  /* The rank of values[at], largest first, tied values sharing the better rank. */
  function place(values, at) {
    var rank = 1 + values.filter(function (x) { return x > values[at]; }).length;
    var shared = values.filter(function (x) { return x === values[at]; }).length > 1;
    return (shared ? "joint " : "") + ordinal(rank) + " of " + values.length;
  }

  /* The sentence of planlab.book_explorers.risk_statement; probability in percent, impacts
     in pounds thousand. */
  function riskStatement(model, values) {
    var low = values.low * 1000;
    var high = values.high * 1000;
    if (!(low > 0 && low <= high)) {
      return (
        "The low end of the impact must be above £0 and no more than the high end: " +
        "change one of them to see the expected loss."
      );
    }
    var at = -1;
    var scored = model.risks.map(function (r, i) {
      var moved = r.id === values.risk;
      if (moved) {
        at = i;
      }
      var p = moved ? values.probability / 100 : r.probability;
      var lo = moved ? low : r.low;
      var hi = moved ? high : r.high;
      var likelihood = bandScore(p, model.likelihoodCuts);
      var impact = bandScore(Math.sqrt(lo * hi), model.impactCuts);
      return { loss: expectedLoss(p, lo, hi, model.z), likelihood: likelihood, impact: impact, score: likelihood * impact };
    });
    var risk = model.risks[at];
    var row = scored[at];
    var losses = scored.map(function (s) { return s.loss; });
    var scores = scored.map(function (s) { return s.score; });
    return (
      risk.id + " " + risk.title + ": with a chance of " + Number(values.probability).toFixed(0) +
      "% a year and an impact of " + money(low) + " to " + money(high) +
      " if it happens, its expected loss is " + money(Math.round(row.loss / 1000) * 1000) +
      " a year. That ranks it " + place(losses, at) + " by expected loss, and " + place(scores, at) +
      " by its 5x5 score of " + row.score + " (likelihood " + row.likelihood + " \u00d7 impact " +
      row.impact + ")."
    );
  }

  function start(root) {
    var config = JSON.parse(root.querySelector("script.planlab-explorer-config").textContent);
    var result = root.querySelector(".planlab-explorer-result");
    var chart = root.querySelector(".planlab-explorer-chart");
    var inputs = Array.prototype.slice.call(root.querySelectorAll("[data-param]"));
    var view = null;

    function values() {
      var found = {};
      inputs.forEach(function (input) {
        found[input.dataset.param] = input.tagName === "SELECT" ? input.value : Number(input.value);
      });
      return found;
    }

    function signals(v) {
      if (config.kind === "scenario") {
        return {
          growth: v.growth / 100,
          stay_change: v.stay_change / 100,
          occupancy: v.occupancy / 100,
          effect: v.effect / 100,
        };
      }
      return { risk: v.risk, probability: v.probability / 100, low: v.low * 1000, high: v.high * 1000 };
    }

    function update() {
      inputs.forEach(function (input) {
        if (input.type === "range") {
          var shown = shownValue(input);
          input.setAttribute("aria-valuetext", shown);
          var output = root.querySelector('output[for="' + input.id + '"]');
          if (output) {
            output.textContent = shown;
          }
        }
      });
      var v = values();
      var text = config.kind === "scenario" ? scenarioStatement(config.model, v) : riskStatement(config.model, v);
      if (result.textContent !== text) {
        result.textContent = text;
      }
      if (view) {
        var s = signals(v);
        Object.keys(s).forEach(function (name) {
          if (Number.isFinite(s[name]) || typeof s[name] === "string") {
            view.signal(name, s[name]);
          }
        });
        view.runAsync();
      }
    }

    /* Choosing another risk puts its figures from the register into the other controls. */
    function chooseRisk() {
      var chosen = values().risk;
      var risk = config.model.risks.filter(function (r) { return r.id === chosen; })[0];
      if (!risk) {
        return;
      }
      root.querySelector('[data-param="probability"]').value = String(Math.round(risk.probability * 100));
      root.querySelector('[data-param="low"]').value = String(Math.round(risk.low / 1000));
      root.querySelector('[data-param="high"]').value = String(Math.round(risk.high / 1000));
      update();
    }

    inputs.forEach(function (input) {
      if (input.tagName === "SELECT") {
        input.addEventListener("change", chooseRisk);
      } else {
        input.addEventListener("input", update);
        input.addEventListener("change", update);
      }
    });
    update();

    window
      .vegaEmbed(chart, config.spec, { actions: false, renderer: "svg" })
      .then(function (embedded) {
        view = embedded.view;
        /* For the browser tests, which read the chart's numbers: the view, and the compiled
           Vega spec that names its data sets (both public parts of vega-embed's result). */
        root.planlabView = view;
        root.planlabVegaSpec = embedded.vgSpec;
        update();
        root.dataset.ready = "true";
      })
      .catch(function (error) {
        chart.textContent = "The chart could not be drawn: " + error.message;
        root.dataset.ready = "error";
      });
  }

  function startAll() {
    document.querySelectorAll(".planlab-explorer").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
