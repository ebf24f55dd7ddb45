// The managing unit of a case: a case received on or after 01/07/2025 is managed by a current
// unit, so the legacy units (districts and communes abolished that day) are disabled once such a
// reception date is typed. The server checks the same rule (victims.services.check_managing_unit).
(function () {
  "use strict";
  var REFORM = new Date(2025, 6, 1);

  function parse(text) {
    var match = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (match) return new Date(+match[3], +match[2] - 1, +match[1]);
    match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text || "");
    return match ? new Date(+match[1], +match[2] - 1, +match[3]) : null;
  }

  function apply(select, dateInput) {
    var day = parse(dateInput.value);
    var afterReform = day !== null && day >= REFORM;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.dataset.legacy === "1") option.disabled = afterReform && !option.selected;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-managing-unit]").forEach(function (select) {
      var form = select.form;
      var dateInput = form && form.querySelector("input[name$='received_on']");
      if (!dateInput) return;
      ["input", "change"].forEach(function (event) {
        dateInput.addEventListener(event, function () { apply(select, dateInput); });
      });
      apply(select, dateInput);
    });
  });
})();
