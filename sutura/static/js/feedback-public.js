// The public form: show only the contact field of the way chosen (without JavaScript every
// field shows, and the server keeps only the chosen one).
(function () {
  "use strict";
  var form = document.querySelector(".public-form");
  if (!form) { return; }
  var radios = form.querySelectorAll("input[name=contact_method]");
  var details = form.querySelectorAll(".contact-detail");
  function show() {
    var chosen = "none";
    radios.forEach(function (radio) { if (radio.checked) { chosen = radio.value; } });
    details.forEach(function (detail) {
      var way = detail.getAttribute("data-contact");
      detail.hidden = way === "any" ? chosen === "none" : way !== chosen;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
}());
