// Inactivity warning: shows the box a few minutes before the server signs the session out,
// "Stay signed in" tells the server (a request is activity), and at the end the page reloads
// so the server shows the login page with its message. Any htmx request counts as activity.
(function () {
  "use strict";
  var box = document.getElementById("session-timeout");
  if (!box) return;
  var idle = Number(box.dataset.idleSeconds) * 1000;
  var warn = Number(box.dataset.warningSeconds) * 1000;
  var left = box.querySelector(".session-timeout-left");
  var form = box.querySelector("form");
  var deadline = 0, warnTimer = 0, endTimer = 0, ticker = 0;

  function format(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function update() {
    left.textContent = box.dataset.countdown.replace("%(time)s", format(deadline - Date.now()));
  }
  function show() {
    box.hidden = false;
    update();
    ticker = window.setInterval(update, 1000);
    form.querySelector("button").focus();
  }
  function expire() {
    window.location.reload();
  }
  function reset() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    window.clearInterval(ticker);
    box.hidden = true;
    deadline = Date.now() + idle;
    warnTimer = window.setTimeout(show, Math.max(0, idle - warn));
    endTimer = window.setTimeout(expire, idle + 2000);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok && !response.redirected) reset(); else expire();
    }, expire);
  });
  document.body.addEventListener("htmx:afterRequest", reset);
  reset();
})();
