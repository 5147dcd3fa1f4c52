// rectify: the few behaviours pages share. No inline scripts anywhere (the
// content security policy refuses them): pages mark elements with data-
// attributes and this file wires them.
//
//   <form data-confirm="确定撤销？">   asks before submitting
//   <button data-copy="#secret">     copies the value or text of the target
//   <p data-announce>                 in content htmx swaps in: its text is
//                                     read out by screen readers through the
//                                     layout's one live region (#live-status),
//                                     which is never swapped itself
//   <input type="checkbox" data-check-all="g">  ticks every data-bulk="g"
(function () {
  "use strict";

  // The menu of a phone: without this script the navigation shows in
  // full, wrapped; with it, narrow screens fold it behind the 菜单 button.
  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    document.documentElement.classList.add("js-nav");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      document.documentElement.classList.toggle("nav-open", open);
    });
  }

  // A table wider than a phone scrolls within its own box; a keyboard
  // reaches it (tabindex) to scroll it, and a screen reader names it.
  function scrollableTables() {
    var tables = document.querySelectorAll("table.table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
      } else if (t.getAttribute("tabindex") === "0") {
        t.removeAttribute("tabindex");
      }
    }
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);

  // A leader or owner field picks from the people list (<datalist>); the
  // names typed that the list does not hold are marked as new as they are
  // typed: saved, they become proposals for an admin to confirm.
  function bareNames(value) {
    var out = [], depth = 0, cur = "";
    var push = function () { cur = cur.replace(/\s+/g, ""); if (cur) { out.push(cur); } cur = ""; };
    for (var i = 0; i < value.length; i++) {
      var c = value.charAt(i);
      if ("（([【〔［".indexOf(c) >= 0) { depth++; continue; }
      if ("）)]】〕］".indexOf(c) >= 0) { if (depth > 0) { depth--; } continue; }
      if (depth > 0) { continue; }
      if ("、，,；;/／| \t\u3000".indexOf(c) >= 0) { push(); continue; }
      cur += c;
    }
    push();
    return out;
  }
  document.addEventListener("input", function (e) {
    var field = e.target;
    var markID = field.getAttribute && field.getAttribute("data-propose");
    var list = field.list;
    var mark = markID && document.getElementById(markID);
    if (!mark || !list) {
      return;
    }
    var known = {};
    for (var i = 0; i < list.options.length; i++) {
      known[list.options[i].value] = true;
    }
    var fresh = bareNames(field.value).filter(function (n) { return !known[n]; });
    mark.textContent = fresh.length ? "新姓名：" + fresh.join("、") + "（名单中没有，保存后作为新提议，由管理员确认）" : "";
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    var live = document.getElementById("live-status");
    var root = e.detail && e.detail.target;
    if (!live || !root || !root.isConnected) {
      root = document;
    }
    var said = [];
    var nodes = (root.matches && root.matches("[data-announce]")) ? [root] : root.querySelectorAll("[data-announce]");
    for (var i = 0; i < nodes.length; i++) {
      said.push(nodes[i].textContent.replace(/\s+/g, " ").trim());
    }
    if (live && said.length) {
      live.textContent = said.join("；");
    }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-copy]");
    if (!btn) {
      return;
    }
    var target = document.querySelector(btn.getAttribute("data-copy"));
    if (!target) {
      return;
    }
    var text = target.value !== undefined ? target.value : target.textContent;
    var done = function () {
      var old = btn.textContent;
      btn.textContent = "已复制";
      window.setTimeout(function () { btn.textContent = old; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else if (target.select) {
      target.select();
      document.execCommand("copy");
      done();
    }
  });
  // A "select all" checkbox of a list: ticks or clears every checkbox of
  // its group on the page, and follows them when they are ticked by hand.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || t.type !== "checkbox") {
      return;
    }
    var group = t.getAttribute("data-check-all");
    if (group) {
      document.querySelectorAll('input[data-bulk="' + group + '"]').forEach(function (c) {
        c.checked = t.checked;
      });
      return;
    }
    group = t.getAttribute("data-bulk");
    if (group) {
      var all = document.querySelector('input[data-check-all="' + group + '"]');
      if (all) {
        var boxes = document.querySelectorAll('input[data-bulk="' + group + '"]');
        var on = document.querySelectorAll('input[data-bulk="' + group + '"]:checked');
        all.checked = boxes.length > 0 && on.length === boxes.length;
        all.indeterminate = on.length > 0 && on.length < boxes.length;
      }
    }
  });
})();
