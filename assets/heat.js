// The heatmap on a phone: a list per county drawn from the figure itself (names, cell
// texts, each cell's status in customdata, the status words in layout.meta), so that
// the ranking's answer carries the cells once. On a wider screen the heatmap shows and
// the list is hidden: it is built only when the screen narrows (a tablet or phone
// turned upright), not on every desktop's load (a national ranking: 300 lines of
// markup parsed for nothing).
(function () {
  var PHONE = "(max-width: 575.98px)";
  var escapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                  "{": "&#123;", "}": "&#125;", "\n": "&#10;" };
  var waiting = null;  // the listener for the newest figure shown on a wide screen

  function esc(text) {
    return String(text).replace(/[&<>"'{}\n]/g, function (c) { return escapes[c]; });
  }
  function el(tag, className, inner) {
    return "<" + tag + ' className="' + esc(className) + '">' + inner + "</" + tag + ">";
  }
  // One Markdown component holding the list's markup (components/static.py says why: a
  // thousand small components took seconds to draw); every text escaped.
  function build(figure) {
    var trace = figure.data[0];
    var meta = (figure.layout && figure.layout.meta) || {};
    var words = meta.words || {};
    var plain = meta.plain || {};
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
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kaohe = Object.assign({}, window.dash_clientside.kaohe, {
    heatList: function (figure, listId) {
      var phone = window.matchMedia(PHONE);
      if (waiting) {
        phone.removeEventListener("change", waiting);
        waiting = null;
      }
      if (!figure || !figure.data || !figure.data.length || !figure.data[0].x) {
        return null;
      }
      if (phone.matches) {
        return build(figure);
      }
      waiting = function (change) {
        if (change.matches) {
          phone.removeEventListener("change", waiting);
          waiting = null;
          window.dash_clientside.set_props(listId, { children: build(figure) });
        }
      };
      phone.addEventListener("change", waiting);
      return null;
    },
  });
}());
