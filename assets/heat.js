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
    // One Markdown component holding the list's markup (components/static.py says
    // why: a thousand small components took seconds to draw); every text escaped.
    var escapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                    "{": "&#123;", "}": "&#125;", "\n": "&#10;" };
    function esc(text) {
      return String(text).replace(/[&<>"'{}\n]/g, function (c) { return escapes[c]; });
    }
    function el(tag, className, inner) {
      return "<" + tag + ' className="' + esc(className) + '">' + inner + "</" + tag + ">";
    }
    var cards = trace.x.map(function (unit, i) {
      var lines = trace.y.map(function (indicator, j) {
        var status = trace.customdata[j][i];
        var text = trace.text[j][i];
        var badge = el("span", "status-badge status-badge-" + status, esc(words[status] || status));
        var value = text === plain[status] ? badge : esc(text) + " " + badge;
        return el("li", "heat-line",
                  el("span", "heat-indicator", esc(indicator)) + el("span", "heat-value", value));
      });
      return el("div", "heat-card",
                el("div", "heat-unit", esc(unit)) + el("ul", "list-unstyled mb-0", lines.join("")));
    });
    return {
      type: "Markdown", namespace: "dash_core_components",
      props: { children: "<div>" + cards.join("") + "</div>", dangerously_allow_html: true,
               className: "static-markup" },
    };
  },
});
