// Pages kept for use without network (sw.js): a signed-in person's browser installs the
// worker; signing out, and the sign-in page (a session over, or the next person on the same
// device), delete the kept pages; a commune's page offers to copy all its criterion pages at
// once. Without service workers (an old browser, a page not served over https) nothing
// changes, and that offer stays hidden.
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

  // «Lưu các trang tiêu chí để dùng khi mất mạng» on a commune's page, before a trip where
  // the signal is weak: this page and every criterion page it links to are copied (sw.js),
  // one after the other, not to choke a slow link. Offered once the worker serves the page.
  var box = document.getElementById("keep-offline");
  if (!box || !("serviceWorker" in navigator)) {
    return;
  }
  var said = box.querySelector("[role=status]");
  var CRITERION = /^\/xa\/\d+\/tieu-chi\/\d+\/$/;
  function pages() {
    var seen = {};
    var found = [location.href.split("#")[0]];
    Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
      var url = new URL(a.href);
      url.hash = "";
      if (url.origin === location.origin && CRITERION.test(url.pathname) && !seen[url.href]) {
        seen[url.href] = true;
        found.push(url.href);
      }
    });
    return found;
  }
  function copyAll() {
    var urls = pages();
    var kept = 0;
    var button = box.querySelector("button");
    button.disabled = true;
    function next(i) {
      if (i === urls.length) {
        var left = urls.length - kept;
        said.textContent = left
          ? "Đã lưu " + kept + "/" + urls.length + " trang; " + left + " trang chưa lưu được (mạng yếu hoặc phiên đăng nhập đã hết): bấm lại khi có mạng."
          : "Đã lưu trang của xã và " + (kept - 1) + " trang tiêu chí lúc " + new Date().toTimeString().slice(0, 5) + ": mở được khi mất mạng.";
        button.disabled = false;
        return;
      }
      said.textContent = "Đang lưu " + (i + 1) + "/" + urls.length + " trang…";
      fetch(urls[i], { headers: { "X-Ntm-Luu-Truoc": "1" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 204) {
            kept += 1;
          }
        })
        .catch(function () {})
        .then(function () {
          next(i + 1);
        });
    }
    next(0);
  }
  function offer() {
    if (navigator.serviceWorker.controller) {
      box.hidden = false;
    }
  }
  box.querySelector("button").addEventListener("click", copyAll);
  offer();
  navigator.serviceWorker.addEventListener("controllerchange", offer);
  // a page loaded while the worker was first starting (or reloaded past it) is not served by
  // it, and the copies it asks for would not reach it: the worker is asked to take it over
  navigator.serviceWorker.ready.then(function (registration) {
    if (!navigator.serviceWorker.controller && registration.active) {
      registration.active.postMessage("claim");
    }
  });
})();
