// On a phone a block marked data-narrow-closed starts folded, so what matters comes first:
// the task list's and the dashboards' filters (the results first), a commune's indicators
// under each criterion (the criteria first; each opens by its summary, or on the criterion's
// own page). It stays open while it is in use (data-active: a filter set or refused), when the
// address points inside it (#chi-tieu-17.3), and on a wider screen. Without JavaScript it is
// simply open.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 700px)").matches) {
    return;
  }
  var target = null;
  try {
    target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  } catch (e) {
    target = null; // a malformed address: nothing to keep open
  }
  document.querySelectorAll("details[data-narrow-closed]:not([data-active])").forEach(function (box) {
    if (!(target && box.contains(target))) {
      box.open = false;
    }
  });
})();
