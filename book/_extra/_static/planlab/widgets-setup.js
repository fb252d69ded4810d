/*
 * Set-up for interactive controls (ipywidgets) on the course's book pages.
 *
 * Loaded only on pages that hold widgets, after require.js and before the widget
 * bundle (see nb_ipywidgets_js in _config.yml). It does three things:
 *  1. points require.js at the widget bundle's own folder on this site, so the
 *     bundle's fonts load from here rather than from a path beside each page.
 *     The bundle's modules (base, controls, ...) each work out where the fonts
 *     are from their own module address, so every "@jupyter-widgets/..." name
 *     is mapped there, not only the bundle's loader;
 *  2. gives the bundle the one MathJax 2 call it makes (MathJax.Hub.Queue) on top
 *     of the MathJax 3 that the book loads, so labels are typeset without errors;
 *  3. gives each slider handle the accessible name of its visible label, and a
 *     value text that matches what is shown, which the bundle leaves out.
 */
(function () {
  "use strict";

  var vendor = new URL("../vendor/", document.currentScript.src).href;
  window.require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": vendor + "html-manager",
      "@jupyter-widgets": vendor + "html-manager",
    },
  });

  function addMathJaxHub() {
    var mathjax = window.MathJax;
    if (!mathjax || mathjax.Hub) {
      return;
    }
    mathjax.Hub = {
      Queue: function (command) {
        var element = command[2];
        if (mathjax.typesetPromise && element) {
          mathjax.typesetPromise([element]).catch(function () {});
        }
      },
    };
  }
  addMathJaxHub();
  document.addEventListener("DOMContentLoaded", addMathJaxHub);

  var labelCount = 0;

  function nameSlider(container) {
    var handle = container.querySelector(".noUi-handle[role='slider']");
    var label = container.querySelector(".widget-label");
    var readout = container.querySelector(".widget-readout");
    if (!handle) {
      return;
    }
    if (label && label.textContent.trim()) {
      if (!label.id) {
        labelCount += 1;
        label.id = "planlab-slider-label-" + labelCount;
      }
      if (handle.getAttribute("aria-labelledby") !== label.id) {
        handle.setAttribute("aria-labelledby", label.id);
      }
    }
    var shown = readout ? readout.textContent.trim() : "";
    if (shown && handle.getAttribute("aria-valuetext") !== shown) {
      handle.setAttribute("aria-valuetext", shown);
    }
  }

  function nameAllSliders() {
    document.querySelectorAll(".widget-slider, .jupyter-widget-slider").forEach(nameSlider);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAllSliders();
    new MutationObserver(nameAllSliders).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
  });
})();
