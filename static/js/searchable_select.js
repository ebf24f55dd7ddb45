// Long selects become searchable: every <select data-searchable="N"> with more than N options
// (core.forms.FormRenderer marks the selects of every form) is turned into a Tom Select box
// (static/vendor/tom-select). Typing searches without regard to diacritics ("ha trung" finds
// "Hà Trung", "dong" finds "Đông"); arrows, Enter and Escape work as in a select. The select
// stays in the form and carries the value: without this script it is the plain select.
// Selects that htmx brings in (the unit picker) are enhanced as they arrive. No inline
// script, no CDN; the words come from the select's data-searchable-empty (translated).
(function () {
  "use strict";

  function enhance(select) {
    if (select.tomselect || select.hasAttribute("data-scope-picker")) return;
    var min = parseInt(select.dataset.searchable, 10);
    if (isNaN(min) || select.options.length <= min) return;
    var empty = select.dataset.searchableEmpty || "";
    var control = new TomSelect(select, {
      create: false,
      allowEmptyOption: true,
      maxOptions: null,
      diacritics: true,
      searchField: ["text"],
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = empty;
          return div;
        }
      }
    });
    // Typing in the box is no change of the form: only the select's own change is.
    control.control_input.addEventListener("change", function (event) {
      event.stopPropagation();
    });
  }

  function enhanceWithin(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("select[data-searchable]")) enhance(root);
    root.querySelectorAll("select[data-searchable]").forEach(enhance);
  }

  if (typeof TomSelect === "undefined") return;  // the plain selects work alone
  document.addEventListener("DOMContentLoaded", function () { enhanceWithin(document); });
  document.addEventListener("htmx:load", function (event) { enhanceWithin(event.target); });
})();
