// Every drawn chart gets a text alternative: its panel's title and the one-line summary
// the server put in the figure (layout.meta.summary, presenters/charts.py). Screen
// readers read no SVG; they read the chart as a figure with this name (a figure, not an
// image: the chart's own buttons stay reachable inside it).
(function () {
  var pending = null;

  function name(graph) {
    var meta = graph.layout && graph.layout.meta;
    var summary = meta && meta.summary;
    if (!summary) {
      return null;
    }
    var panel = graph.closest(".card");
    var title = panel && panel.querySelector(".section-title");
    return (title ? title.textContent.trim() + ": " : "") + summary;
  }

  function label() {
    pending = null;
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      var text = name(graph);
      if (text && graph.getAttribute("aria-label") !== text) {
        graph.setAttribute("role", "figure");
        graph.setAttribute("aria-label", text);
      }
    });
  }

  new MutationObserver(function () {
    if (pending === null) {
      pending = setTimeout(label, 250);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
