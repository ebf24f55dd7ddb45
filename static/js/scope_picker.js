// The report scope picker: turns a <select data-scope-picker> into a searchable tree (the WAI-ARIA
// tree pattern, usable with the keyboard). The select stays in the form and carries the value;
// without this script it is a plain select that works alone. No inline script, no CDN.
//
// Each option says where it sits: data-depth (0 province, 1 legacy district or current commune,
// 2 legacy commune), data-parent (the value of its parent in the tree), data-search (its name
// without diacritics). The texts come from the select's data-* attributes (translated by the
// server), so this file holds no words of its own.
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function enhance(select) {
    var options = Array.prototype.filter.call(select.options, function (option) {
      return option.value !== "";
    });
    if (!options.length) return;
    var nodes = [];
    var byId = {};
    options.forEach(function (option) {
      var label = option.textContent.replace(/^(—\s)+/, "").trim();
      var node = {
        id: option.value,
        label: label,
        key: option.dataset.search || fold(label),
        parentId: option.dataset.parent || "",
        children: [],
        parent: null,
        expanded: false,
        match: true
      };
      nodes.push(node);
      byId[node.id] = node;
    });
    var roots = [];
    nodes.forEach(function (node) {
      var parent = byId[node.parentId];
      if (parent) {
        node.parent = parent;
        parent.children.push(node);
      } else {
        roots.push(node);
      }
    });

    var base = select.id || select.name;
    var wrapper = document.createElement("div");
    wrapper.className = "scope-picker";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.id = base + "-search";
    search.autocomplete = "off";
    search.placeholder = select.dataset.searchPlaceholder || "";
    search.setAttribute("aria-label", select.dataset.searchLabel || "");
    search.setAttribute("aria-controls", base + "-tree");
    search.dataset.testid = "scope-search";
    var tree = document.createElement("ul");
    tree.className = "scope-picker-tree list-unstyled mb-0";
    tree.id = base + "-tree";
    tree.setAttribute("role", "tree");
    tree.dataset.testid = "scope-tree";
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      if (!label.id) label.id = base + "-label";
      tree.setAttribute("aria-labelledby", label.id);
    }
    var empty = document.createElement("p");
    empty.className = "small text-muted mb-0 scope-picker-empty";
    empty.textContent = select.dataset.emptyLabel || "";
    empty.hidden = true;

    function render(node, depth, container) {
      var item = document.createElement("li");
      item.setAttribute("role", "treeitem");
      item.setAttribute("aria-level", String(depth + 1));
      item.id = base + "-node-" + node.id;
      item.tabIndex = -1;
      item.dataset.value = node.id;
      var row = document.createElement("span");
      row.className = "scope-picker-row";
      var toggle = document.createElement("span");
      toggle.className = "scope-picker-toggle";
      toggle.setAttribute("aria-hidden", "true");
      row.appendChild(toggle);
      var text = document.createElement("span");
      text.className = "scope-picker-label";
      text.textContent = node.label;
      row.appendChild(text);
      item.appendChild(row);
      node.item = item;
      node.toggle = toggle;
      container.appendChild(item);
      if (node.children.length) {
        var group = document.createElement("ul");
        group.setAttribute("role", "group");
        group.className = "list-unstyled mb-0";
        item.appendChild(group);
        node.group = group;
        node.children.forEach(function (child) { render(child, depth + 1, group); });
      }
    }
    roots.forEach(function (root) { render(root, 0, tree); });

    wrapper.appendChild(search);
    wrapper.appendChild(tree);
    wrapper.appendChild(empty);
    select.insertAdjacentElement("afterend", wrapper);
    select.hidden = true;
    if (label) label.setAttribute("for", search.id);

    function ancestors(node) {
      var list = [];
      for (var up = node.parent; up; up = up.parent) list.push(up);
      return list;
    }

    function show(node) {
      node.item.hidden = !node.match;
      if (node.group) {
        node.item.setAttribute("aria-expanded", node.expanded ? "true" : "false");
        node.group.hidden = !node.expanded;
        node.toggle.textContent = node.expanded ? "▾" : "▸";
      }
      node.children.forEach(show);
    }

    function visible() {
      return nodes.filter(function (node) {
        if (!node.match) return false;
        return ancestors(node).every(function (up) { return up.expanded && up.match; });
      });
    }

    function focus(node) {
      if (!node) return;
      nodes.forEach(function (other) { other.item.tabIndex = -1; });
      node.item.tabIndex = 0;
      node.item.focus();
    }

    function choose(node) {
      select.value = node.id;
      nodes.forEach(function (other) {
        other.item.setAttribute("aria-selected", other === node ? "true" : "false");
      });
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function reset() {
      var chosen = byId[select.value];
      nodes.forEach(function (node) {
        node.match = true;
        node.expanded = !node.parent;  // the provinces open, the legacy districts closed
      });
      if (chosen) ancestors(chosen).forEach(function (up) { up.expanded = true; });
      roots.forEach(show);
      empty.hidden = true;
    }

    function filter(text) {
      var query = fold(text);
      if (!query) { reset(); return; }
      nodes.forEach(function (node) { node.match = false; node.expanded = false; });
      var found = 0;
      nodes.forEach(function (node) {
        if (node.key.indexOf(query) === -1) return;
        found += 1;
        node.match = true;
        ancestors(node).forEach(function (up) { up.match = true; up.expanded = true; });
      });
      // The units inside a unit found stay reachable (open it to see them).
      nodes.forEach(function (node) {
        if (ancestors(node).some(function (up) { return up.key.indexOf(query) !== -1; })) {
          node.match = true;
        }
      });
      roots.forEach(show);
      empty.hidden = found > 0;
    }

    var initial = byId[select.value] || roots[0];
    reset();
    nodes.forEach(function (node) {
      node.item.setAttribute("aria-selected", node === byId[select.value] ? "true" : "false");
    });
    initial.item.tabIndex = 0;

    search.addEventListener("input", function () { filter(search.value); });
    search.addEventListener("keydown", function (event) {
      var shown = visible();
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        focus(shown[0]);
      } else if (event.key === "Enter") {
        event.preventDefault();  // Enter here picks, it does not send the form
        var first = shown.filter(function (node) {
          return node.key.indexOf(fold(search.value)) !== -1;
        })[0];
        if (first) { choose(first); focus(first); }
      } else if (event.key === "Escape" && search.value) {
        event.preventDefault();
        search.value = "";
        reset();
      }
    });

    tree.addEventListener("click", function (event) {
      var item = event.target.closest("[role=treeitem]");
      if (!item) return;
      var node = byId[item.dataset.value];
      if (event.target.closest(".scope-picker-toggle") && node.group) {
        node.expanded = !node.expanded;
        show(node);
        focus(node);
        return;
      }
      choose(node);
      focus(node);
    });

    tree.addEventListener("keydown", function (event) {
      var item = event.target.closest("[role=treeitem]");
      if (!item) return;
      var node = byId[item.dataset.value];
      var shown = visible();
      var at = shown.indexOf(node);
      switch (event.key) {
        case "ArrowDown": focus(shown[at + 1]); break;
        case "ArrowUp":
          if (at > 0) focus(shown[at - 1]); else search.focus();
          break;
        case "Home": focus(shown[0]); break;
        case "End": focus(shown[shown.length - 1]); break;
        case "ArrowRight":
          if (node.group && !node.expanded) { node.expanded = true; show(node); }
          else if (node.group) focus(node.children.filter(function (c) { return c.match; })[0]);
          break;
        case "ArrowLeft":
          if (node.group && node.expanded) { node.expanded = false; show(node); }
          else if (node.parent) focus(node.parent);
          break;
        case "Enter":
        case " ":
          choose(node);
          break;
        default:
          if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
            search.focus();  // typing searches
            return;
          }
          return;
      }
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-scope-picker]").forEach(enhance);
  });
})();
