// On a phone the tables that explain a result are one card per row (assets/app.css,
// .card-rows). Each cell shows its column's header before it (data-label, copied here
// from the table's head, so the server sends no label per cell); a row's 详情 button
// opens the rest of its cells.
(function () {
  var UNLABELLED = ["cell-head", "cell-status", "cell-why", "cell-rank", "cell-toggle"];
  var pending = null;

  function label() {
    pending = null;
    document.querySelectorAll("table.card-rows").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) {
        return;
      }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var skip = UNLABELLED.some(function (name) {
            return cell.classList.contains(name);
          });
          var text = heads[index] && heads[index].textContent.trim();
          if (!skip && text && cell.colSpan === 1 && cell.getAttribute("data-label") !== text) {
            cell.setAttribute("data-label", text);
          }
        });
      });
    });
  }

  new MutationObserver(function () {
    if (pending === null) {
      pending = setTimeout(label, 100);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".row-more");
    if (!button) {
      return;
    }
    var row = button.closest("tr");
    var open = row.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
