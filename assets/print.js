/* Printing: redraw every chart to the paper's width while the page is printed (the
   print stylesheet narrows the page; Plotly keeps the width it was drawn at unless it
   is asked to resize), lay AG Grids out whole, and put them back afterwards. Runs on
   the browser's print (beforeprint/afterprint) and when print media is emulated. */
(function () {
  function grids(layout) {
    var agGrid = window.dash_ag_grid;
    if (!agGrid || !agGrid.getApi) { return; }
    document.querySelectorAll("div[id].ag-theme-alpine, .ag-theme-alpine[id]").forEach(function (el) {
      try {
        var api = agGrid.getApi(el.id);
        if (api && api.setGridOption) { api.setGridOption("domLayout", layout); }
      } catch (e) { /* a grid not ready yet */ }
    });
  }
  function charts(on) {
    // To the paper's width at the height it was drawn (a responsive resize would take
    // the height of a container that has none), and back afterwards.
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (!gd._fullLayout) { return; }
      try {
        if (on) {
          if (gd.dataset.screenLayout === undefined) {
            gd.dataset.screenLayout = JSON.stringify({
              width: gd.layout.width === undefined ? null : gd.layout.width,
              height: gd.layout.height === undefined ? null : gd.layout.height });
          }
          var room = gd.parentElement.getBoundingClientRect().width;
          var height = gd._fullLayout.height;
          if (room > 0) { window.Plotly.relayout(gd, { width: Math.floor(room), height: height }); }
        } else if (gd.dataset.screenLayout !== undefined) {
          var before = JSON.parse(gd.dataset.screenLayout);
          delete gd.dataset.screenLayout;
          window.Plotly.relayout(gd, before);
        }
      } catch (e) { /* drawn later */ }
    });
  }
  function fitGrids(on) {
    // A grid laid out whole is as wide as its columns: scale it to the paper.
    document.querySelectorAll(".ag-root-wrapper").forEach(function (grid) {
      grid.style.zoom = "";
      if (!on) { return; }
      var room = grid.parentElement.getBoundingClientRect().width;
      var wide = grid.scrollWidth;
      if (wide > room && room > 0) { grid.style.zoom = String(Math.max(0.4, room / wide)); }
    });
  }
  // A grid relays itself out in its own time after switching to print: fit it again
  // whenever its size changes while printing (fitting once, 150 ms in, could measure
  // it before it had widened, and it then printed past the paper's edge).
  // (In the next frame, not inside the observer's callback: resizing an observed element
  // there is a "ResizeObserver loop" error. A refit to the same zoom changes no size,
  // so it settles.)
  var watcher = window.ResizeObserver ? new ResizeObserver(function () {
    window.requestAnimationFrame(function () {
      if (window.matchMedia && window.matchMedia("print").matches) { fitGrids(true); }
    });
  }) : null;
  function watch(on) {
    if (!watcher) { return; }
    watcher.disconnect();
    if (on) { document.querySelectorAll(".ag-root-wrapper").forEach(function (grid) {
      watcher.observe(grid);
    }); }
  }
  function printing(on) {
    grids(on ? "print" : "normal");
    charts(on);
    window.setTimeout(function () { fitGrids(on); charts(on); watch(on); }, 150);
  }
  window.addEventListener("beforeprint", function () { printing(true); });
  window.addEventListener("resize", function () {
    if (window.matchMedia && window.matchMedia("print").matches) { printing(true); }
  });
  window.addEventListener("afterprint", function () { printing(false); });
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    var onChange = function (event) { printing(event.matches); };
    if (media.addEventListener) { media.addEventListener("change", onChange); }
    else if (media.addListener) { media.addListener(onChange); }
  }
})();
