// The activity forms: the record's id is made on the device when it can (the server made one
// when it served the form: either way a form sent twice is one record); the fields that only
// matter after a choice appear with it.
(function () {
  "use strict";
  var form = document.querySelector("form.activity-form");
  if (!form) { return; }
  var id = form.querySelector("input[name=id]");
  if (id && !id.value && window.crypto && window.crypto.randomUUID) {
    id.value = window.crypto.randomUUID();
  }
  function field(name) {
    var input = form.querySelector("[name=" + name + "]");
    return input ? input.closest(".field") : null;
  }
  function toggle(names, shown) {
    names.forEach(function (name) {
      var box = field(name);
      if (box && !box.classList.contains("has-error")) { box.hidden = !shown; }
    });
  }
  function follow(controlName, names, test) {
    var control = form.querySelector("[name=" + controlName + "]");
    if (!control) { return; }
    var update = function () { toggle(names, test(control)); };
    control.addEventListener("change", update);
    update();
  }
  follow("returnee", ["sex", "age_group"], function (c) { return c.value === "other"; });
  follow("follow_up_needed", ["follow_up"], function (c) { return c.checked; });
  follow("distress", ["distress_reason"], function (c) { return c.checked; });
})();
