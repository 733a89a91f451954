// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var group = target.closest("fieldset") || target.closest(".form-group");
      var legend = group && group.querySelector("legend, label");
      (legend || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A question that applies only after another answer: hidden until then,
  // unless something is already typed in it (the server would refuse that
  // answer, so the patient must see it).
  document.querySelectorAll("[data-shown-when]").forEach(function (box) {
    var form = box.closest("form");
    var inputs = form.querySelectorAll("[name='" + box.dataset.shownWhen + "']");
    var typed = box.querySelector("textarea, input");
    function update() {
      var chosen = Array.prototype.some.call(inputs, function (input) {
        return input.checked && input.value === box.dataset.shownValue;
      });
      box.hidden = !chosen && !(typed && typed.value.trim());
    }
    inputs.forEach(function (input) { input.addEventListener("change", update); });
    update();
  });

  // A second click while the first POST is under way would only resend it.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting) { event.preventDefault(); return; }
      form.dataset.submitting = "true";
    });
  });
})();
