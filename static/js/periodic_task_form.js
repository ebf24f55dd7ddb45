// The periodic task form of the admin (django-celery-beat): shows the chosen crontab schedule in
// words under the field, as the package's own inline script did (moved here for our CSP).
(function () {
  "use strict";
  function json(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }
  function ready() {
    var readable = json("readable-crontabs") || {};
    var help = json("crontab-help") || "";
    var label = json("crontab-label") || "";
    var select = document.getElementById("id_crontab");
    var translation = document.querySelector(".field-crontab_translation");
    if (translation) translation.style.display = "none";
    if (!select) return;
    var helpBox = document.querySelector(".field-crontab .help");
    select.addEventListener("change", function () {
      if (!helpBox) return;
      helpBox.textContent = help;
      var words = readable[select.value];
      if (words) {
        helpBox.appendChild(document.createElement("br"));
        helpBox.appendChild(document.createTextNode(label + ": " + words));
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
