/* Plan builder: drag evidence onto an activity to link it.
   A progressive enhancement of the pick forms: without JavaScript (or without a mouse),
   tick the boxes, choose the activity and press the link button, which is what a drop does. */
(function () {
  "use strict";
  var dragged = null;

  function rowsOf(form) {
    return form.querySelectorAll(".usa-checkbox");
  }

  function setUp() {
    var forms = document.querySelectorAll("form[data-pick]");
    var targets = document.querySelectorAll("[data-drop-activity]");
    if (!forms.length || !targets.length) return;
    forms.forEach(function (form) {
      rowsOf(form).forEach(function (row) {
        row.setAttribute("draggable", "true");
        row.classList.add("gw-draggable");
        row.addEventListener("dragstart", function (event) {
          dragged = row;
          event.dataTransfer.effectAllowed = "link";
          event.dataTransfer.setData("text/plain", row.textContent.trim());
        });
        row.addEventListener("dragend", function () {
          dragged = null;
          targets.forEach(function (t) { t.classList.remove("gw-drop-target"); });
        });
      });
    });
    targets.forEach(function (target) {
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
