// The moderation queue from the keyboard: j / k move between statements, a accepts, r goes to
// the reason for rejecting (Enter there rejects), t opens the translation, x selects for a
// decision on several, Escape goes back to the statement. Every action is an ordinary form,
// so the page works the same without this script.
(function () {
  "use strict";
  const items = Array.from(document.querySelectorAll("[data-queue-item]"));
  if (!items.length) return;
  let current = 0;

  function show(index, focus) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      item.classList.toggle("is-current", i === current);
    });
    if (focus) {
      items[current].focus();
      items[current].scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("focusin", function (event) {
    const item = event.target.closest && event.target.closest("[data-queue-item]");
    if (item) show(items.indexOf(item), false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const typing = target.matches && target.matches("input:not([type=checkbox]), textarea, select");
    if (typing) {
      if (event.key === "Escape") {
        event.preventDefault();
        items[current].focus();
      }
      return;
    }
    const item = items[current];
    switch (event.key) {
      case "j":
        show(current + 1, true);
        break;
      case "k":
        show(current - 1, true);
        break;
      case "a":
        item.querySelector("[data-queue-key=a]").click();
        break;
      case "r":
        item.querySelector("[data-queue-reason]").focus();
        break;
      case "t": {
        const details = item.querySelector("details");
        details.open = true;
        details.querySelector("textarea").focus();
        break;
      }
      case "x": {
        const box = item.querySelector("[data-queue-select]");
        box.checked = !box.checked;
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  });

  show(0, document.activeElement === document.body);
})();
