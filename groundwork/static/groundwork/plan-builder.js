/* Plan builder: drag evidence onto an activity to link it.
   A progressive enhancement of the pick forms: without JavaScript (or without a mouse),
   tick the boxes, choose the activity and press the link button, which is what a drop does.
   The pick forms are evidence panels the builder loads in place when asked (htmx): each one
   is made draggable when it arrives, and takes the focus, as the link that asked for it
   is gone. */
(function () {
  "use strict";
  var dragged = null;

  function targets() {
    return document.querySelectorAll("[data-drop-activity]");
  }

  function setUpRows(root) {
    if (!targets().length) return;
    root.querySelectorAll("form[data-pick] .usa-checkbox").forEach(function (row) {
      if (row.getAttribute("draggable") === "true") return;
      row.setAttribute("draggable", "true");
      row.classList.add("gw-draggable");
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        event.dataTransfer.effectAllowed = "link";
        event.dataTransfer.setData("text/plain", row.textContent.trim());
      });
      row.addEventListener("dragend", function () {
        dragged = null;
        targets().forEach(function (t) { t.classList.remove("gw-drop-target"); });
      });
    });
  }

  function setUpTargets() {
    targets().forEach(function (target) {
      target.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "link";
        target.classList.add("gw-drop-target");
      });
      target.addEventListener("dragleave", function () {
        target.classList.remove("gw-drop-target");
      });
      target.addEventListener("drop", function (event) {
        if (!dragged) return;
        event.preventDefault();
        var form = dragged.closest("form[data-pick]");
        var box = dragged.querySelector("input[type=checkbox]");
        var select = form.querySelector("select[name=activity]");
        if (!box || !select) return;
        box.checked = true; /* with any others already ticked in the same list */
        select.value = target.getAttribute("data-drop-activity");
        form.requestSubmit();
      });
    });
  }

  function setUp() {
    setUpTargets();
    setUpRows(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var panel = event.target;
      if (!panel || !panel.hasAttribute || !panel.hasAttribute("data-evidence-panel")) return;
      setUpRows(panel);
      panel.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
