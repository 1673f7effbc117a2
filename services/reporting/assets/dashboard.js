// Berdaya dashboard: draws the charts from the page's data block, sorts the drill-down
// table, and prints. Served as a file, never inline (the Content-Security-Policy
// forbids inline script).
(function () {
  "use strict";
  var block = document.getElementById("berdaya-data");
  var data = block ? JSON.parse(block.textContent) : null;
  var locale = (data && data.locale) || document.documentElement.lang || "id-ID";
  var counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  function format(value, money) {
    return (money ? "Rp " : "") + counts.format(value);
  }
  var colours = ["#0b6e4f", "#e07a1f", "#2f6fde", "#c0392b", "#8e44ad", "#16a085",
    "#7f8c8d", "#d4ac0d", "#34495e", "#e84393"];
  if (data && window.Chart) {
    data.charts.forEach(function (c) {
      var el = document.getElementById(c.id);
      if (!el) return;
      new window.Chart(el, {
        type: c.kind,
        data: {
          labels: data.labels,
          datasets: c.datasets.map(function (s, i) {
            return { label: s.label, data: s.data, borderColor: colours[i % 10],
              backgroundColor: colours[i % 10], tension: 0.2, pointRadius: 2 };
          })
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, locale: locale,
          plugins: {
            legend: { display: c.datasets.length > 1 },
            tooltip: { callbacks: { label: function (ctx) {
              return ctx.dataset.label + ": " + format(ctx.parsed.y, c.money);
            } } }
          },
          scales: { y: { beginAtZero: true, ticks: { precision: 0,
            callback: function (value) { return format(value, c.money); } } } }
        }
      });
    });
  }
  // Sortable tables: a click on a heading sorts by that column (numbers by their raw
  // value, text by the locale's collation); a second click reverses.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headings = table.querySelectorAll("th");
    Array.prototype.forEach.call(headings, function (th, column) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "number";
        var ascending = !th.classList.contains("sorted-asc");
        Array.prototype.forEach.call(headings, function (h) {
          h.classList.remove("sorted-asc", "sorted-desc");
        });
        th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var order = numeric
            ? Number(x.getAttribute("data-value")) - Number(y.getAttribute("data-value"))
            : x.textContent.localeCompare(y.textContent, locale);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
