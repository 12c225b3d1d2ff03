/* Adding a risk to a new analysis: choosing "the same risk as in an earlier analysis" fills
   the threat and the other fields from that risk (data from json_script), as a starting
   point the officer then changes. Without JavaScript the links "start from" do the same. */
(function () {
  "use strict";

  function start() {
    var data = document.getElementById("community-earlier-risks");
    var select = document.getElementById("id_key");
    if (!data || !select) {
      return;
    }
    var risks = JSON.parse(data.textContent);
    select.addEventListener("change", function () {
      var risk = risks[select.value];
      if (!risk) {
        return; /* "a new risk": the officer's own words stay */
      }
      Object.keys(risk).forEach(function (name) {
        var field = select.form.elements.namedItem(name);
        if (field) {
          field.value = risk[name];
          field.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
