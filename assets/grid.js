/* dash-ag-grid's bundle (1.3 MB) is fetched when a page first draws a grid (data
   entry, targets, the office's lists) instead of being compiled at every page's first
   load. app.py leaves its script tag out and puts its address in #kaohe-grid-bundle;
   until the bundle has come, the renderer waits for it as for Dash's own lazy pieces
   (_dashprivate_isLazyComponentReady), so no callback writes to a grid not there yet.
   The bundle then replaces window.dash_ag_grid with the real components. */
(function () {
  'use strict';
  if (window.dash_ag_grid || !window.React) { return; }
  var React = window.React;
  var loading = null;
  var loaded = false;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var address = document.getElementById('kaohe-grid-bundle');
        var script = document.createElement('script');
        script.src = JSON.parse(address.textContent).src;
        script.onload = function () { loaded = true; resolve(window.dash_ag_grid); };
        script.onerror = function () { loading = null; reject(new Error(script.src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function lazy(name) {
    function Grid(props) {
      var state = React.useState(null);
      var real = state[0];
      var setReal = state[1];
      React.useEffect(function () {
        var live = true;
        load().then(function (grids) {
          if (live) { setReal(function () { return grids[name]; }); }
        });
        return function () { live = false; };
      }, []);
      return real ? React.createElement(real, props) : null;
    }
    Object.defineProperty(Grid, '_dashprivate_isLazyComponentReady', {
      get: function () {
        if (loaded) { return window.dash_ag_grid[name]._dashprivate_isLazyComponentReady || true; }
        return load().then(function (grids) {
          return grids[name]._dashprivate_isLazyComponentReady || true;
        });
      }
    });
    return Grid;
  }

  window.dash_ag_grid = {AgGrid: lazy('AgGrid')};
}());
