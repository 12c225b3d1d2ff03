// A form sent back with errors: bring the first one into view and put the cursor in its field,
// so that on a phone the user is not left at the top of a long page wondering what went wrong.
// Loaded only by forms that have errors (templates/includes/form.html); runs once per page.
(function () {
  "use strict";
  if (window.suturaFormErrorsShown) return;
  window.suturaFormErrorsShown = true;
  document.addEventListener("DOMContentLoaded", function () {
    if (window.location.hash) return; // the page asked for a place of its own
    var first = document.querySelector(".form-errors[role=alert], .field.has-error");
    if (!first) return;
    first.scrollIntoView({ block: "center" });
    var input = first.matches(".field")
      ? first.querySelector("input:not([type=hidden]), select, textarea")
      : null;
    if (input) input.focus({ preventScroll: true });
  });
})();
