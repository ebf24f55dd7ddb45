// Draws the dashboard's charts from the JSON the page carries (no inline script: CSP-friendly).
// A suppressed count ("<5") is not drawn; the table beside the chart shows it.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var number = function (value) { return typeof value === "number" ? value : null; };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var key = canvas.dataset.chart;
    if (key === "per_month") {
      var years = Object.keys(data.per_month).sort().reverse();
      new Chart(canvas, {
        type: "line",
        data: {
          labels: canvas.dataset.labelMonths.split(","),
          datasets: years.map(function (year) {
            return { label: year, data: data.per_month[year].map(number), spanGaps: false };
          })
        },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      return;
    }
    var rows = data[key] || [];
    if (!rows.length) { canvas.remove(); return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [{ data: rows.map(function (row) { return number(row.value); }) }]
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
});
