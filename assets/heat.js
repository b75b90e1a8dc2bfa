// The heatmap on a phone: a list per county drawn from the figure itself (names, cell
// texts, each cell's status in customdata, the status words in layout.meta), so that
// the ranking's answer carries the cells once.
window.dash_clientside = Object.assign({}, window.dash_clientside);
window.dash_clientside.kaohe = Object.assign({}, window.dash_clientside.kaohe, {
  heatList: function (figure) {
    if (!figure || !figure.data || !figure.data.length || !figure.data[0].x) {
      return null;
    }
    var trace = figure.data[0];
    var meta = (figure.layout && figure.layout.meta) || {};
    var words = meta.words || {};
    var plain = meta.plain || {};
    function node(type, props) {
      return { type: type, namespace: "dash_html_components", props: props };
    }
    return trace.x.map(function (unit, i) {
      var lines = trace.y.map(function (indicator, j) {
        var status = trace.customdata[j][i];
        var text = trace.text[j][i];
        var badge = node("Span", {
          className: "status-badge status-badge-" + status,
          children: words[status] || status,
        });
        var value = text === plain[status] ? [badge] : [text, " ", badge];
        return node("Li", {
          className: "heat-line",
          children: [
            node("Span", { className: "heat-indicator", children: indicator }),
            node("Span", { className: "heat-value", children: value }),
          ],
        });
      });
      return node("Div", {
        className: "heat-card",
        children: [
          node("Div", { className: "heat-unit", children: unit }),
          node("Ul", { className: "list-unstyled mb-0", children: lines }),
        ],
      });
    });
  },
});
