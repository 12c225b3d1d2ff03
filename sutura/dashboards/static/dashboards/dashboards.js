// The dashboards page (sutura/dashboards) while its figures are being counted: htmx polls them
// (views.figures_part). A poll refused (the figures' row gone: the account's rights changed, or
// the dashboard is no longer its own) reloads the page, which says what stands now, rather than
// leaving it waiting for ever.
document.addEventListener("htmx:responseError", function (event) {
  var element = event.detail.elt;
  var status = event.detail.xhr ? event.detail.xhr.status : 0;
  if (element && element.hasAttribute("data-dash-poll") && (status === 403 || status === 404)) {
    window.location.reload();
  }
});
