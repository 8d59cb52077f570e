// Pages kept for use without network (sw.js): a signed-in person's browser installs the
// worker; signing out, and the sign-in page (a session over, or the next person on the same
// device), delete the kept pages. Without service workers (an old browser, a page not served
// over https) nothing changes.
(function () {
  "use strict";
  var PAGES = "ntm-trang-v1";
  var signedIn = document.body.hasAttribute("data-signed-in");
  function forget() {
    if (window.caches) {
      window.caches.delete(PAGES);
    }
  }
  if (!signedIn) {
    forget();
    return;
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {
      // not allowed here (http on another host than localhost…): the app works as before
    });
  }
  var out = document.querySelector("form[action$='/dang-xuat/']");
  if (out) {
    out.addEventListener("submit", forget);
  }
})();
