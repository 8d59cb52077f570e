// The print view's "In văn bản" button (templates/plans/plan_print.html). Without JavaScript
// the button stays hidden and Ctrl+P does the same; no inline handler, so the page keeps a
// Content-Security-Policy without 'unsafe-inline'.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
