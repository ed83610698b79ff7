// The running total of a budget ballot, as boxes are ticked. The server adds up the choices
// and refuses a ballot over the budget whether or not this script runs.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  var out = document.getElementById("running-total");
  if (!form || !out) return;
  var budget = Math.round(parseFloat(form.dataset.budget) * 100);
  var template = out.textContent;
  var lang = document.documentElement.lang || "en";
  function money(cents) {
    return "$" + (cents / 100).toLocaleString(lang, {
      minimumFractionDigits: cents % 100 ? 2 : 0,
      maximumFractionDigits: 2,
    });
  }
  function update() {
    var total = 0;
    form.querySelectorAll("input[name=options]:checked").forEach(function (box) {
      total += Math.round(parseFloat(box.dataset.cost) * 100);
    });
    // The sentence keeps its words; only its first amount changes.
    out.textContent = template.replace(/\$[0-9.,\u00a0 ]+/, money(total) + " ");
    out.classList.toggle("text-secondary-dark", total > budget);
  }
  form.addEventListener("change", update);
})();
