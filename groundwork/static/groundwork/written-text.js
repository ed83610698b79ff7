// A live character count under every box with a limit (textarea[data-maxlength]). The count
// under the box changes as people type; screen readers hear it through a polite live region
// only once typing pauses, and only near or past the limit, never on every keystroke. The
// server checks the limit too, so the form works the same without this script.
(function () {
  "use strict";
  // Each box's count includes this script: set the boxes up once, however many tags load it.
  if (window.gwWrittenText) {
    return;
  }
  window.gwWrittenText = true;
  var PAUSE_MS = 1200;
  var NEAR = 0.9; // announce from 90% of the limit on

  function characters(text) {
    // What the server counts: code points, without the space around the text.
    return Array.from(text.trim()).length;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function setUp(box) {
    var hint = document.getElementById(box.id + "_count");
    var status = document.getElementById(box.id + "_status");
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    if (!hint || !status || !limit) {
      return;
    }
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var invalidFromServer = box.getAttribute("aria-invalid") === "true";
    var timer = null;
    var announced = "";

    function message(count) {
      if (count > limit) {
        return fill(hint.getAttribute("data-text-over"), {
          over: numbers.format(count - limit),
          limit: numbers.format(limit),
        });
      }
      return fill(hint.getAttribute("data-text-count"), {
        count: numbers.format(count),
        limit: numbers.format(limit),
      });
    }

    function update() {
      var count = characters(box.value);
      var over = count > limit;
      var text = message(count);
      hint.textContent = text;
      hint.classList.toggle("gw-count--over", over);
      if (over) {
        box.setAttribute("aria-invalid", "true");
      } else if (!invalidFromServer) {
        box.removeAttribute("aria-invalid");
      }
      return { count: count, text: text };
    }

    function announce() {
      var state = update();
      if (state.count >= limit * NEAR && state.text !== announced) {
        status.textContent = state.text;
        announced = state.text;
      }
    }

    box.addEventListener("input", function () {
      update();
      window.clearTimeout(timer);
      timer = window.setTimeout(announce, PAUSE_MS);
    });
    update();
  }

  function start() {
    var boxes = document.querySelectorAll("textarea[data-maxlength]");
    for (var i = 0; i < boxes.length; i++) {
      setUp(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
