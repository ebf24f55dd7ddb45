/* The case page's tabs (templates/victims/case_detail.html, victims/case_page.py).
   Bootstrap shows a tab's panel (and moves between tabs with the arrow keys); htmx loads the
   panel the first time it is shown (hx-trigger="shown.bs.tab once"). This script adds deep
   links: "#supports" or "?tab=supports" opens that tab, and the address follows the open tab
   (so reloading or sharing the address opens the same tab). Links to "?tab=…" elsewhere on the
   page (the summary) open the tab in place. The last tab opened on a case is remembered for the
   browser tab's session, so that coming back from a step's page (propose a support, send the
   dossier…) shows the tab the step was taken from. */
(function () {
  "use strict";

  function tabLink(name) {
    if (!name) return null;
    return document.querySelector('[data-testid="case-tabs"] [data-tab="' + CSS.escape(name) + '"]');
  }

  function show(name) {
    var link = tabLink(name);
    if (link && window.bootstrap) {
      window.bootstrap.Tab.getOrCreateInstance(link).show();
      return true;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tabs = document.querySelector('[data-testid="case-tabs"]');
    if (!tabs) return;

    var key = "case-tab:" + window.location.pathname;
    var remember = function (name) {
      try { window.sessionStorage.setItem(key, name); } catch (e) { /* storage refused */ }
    };
    var remembered = function () {
      try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
    };

    var hash = window.location.hash.replace(/^#(panel-)?/, "");
    var asked = new URLSearchParams(window.location.search).get("tab");
    if (hash) {
      show(hash);
    } else if (asked) {
      remember(asked);
    } else if (remembered()) {
      show(remembered());
    }

    tabs.addEventListener("shown.bs.tab", function (event) {
      var name = event.target.getAttribute("data-tab");
      remember(name);
      var url = new URL(window.location.href);
      url.searchParams.set("tab", name);
      url.hash = "";
      window.history.replaceState(null, "", url.toString());
    });

    document.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="?tab="]');
      if (!link || tabs.contains(link)) return;
      var name = new URLSearchParams(link.getAttribute("href").slice(1)).get("tab");
      if (show(name)) {
        event.preventDefault();
        tabLink(name).focus();
      }
    });
  });
})();
