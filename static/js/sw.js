// The service worker (served at /sw.js by ntm.views.service_worker, so that it may answer for
// the whole site). A commune official who loses the network can still open the commune's page
// and the criterion pages they opened before, and type into them (keep.js keeps it, entry.js
// sends it when the network returns):
// - a page is always asked of the server first; only a commune's page and a criterion's page,
//   answered 200 without a redirect, are copied on the device, with the time of the copy; a
//   save on a criterion's page replaces its copy with the page the save lands on; before a
//   trip, «Lưu các trang tiêu chí…» on the commune's page copies all its criterion pages;
// - without network, that copy is shown under a notice saying it is a copy and of when; a page
//   never copied says so;
// - static files (CSS, scripts, icons) are asked of the server too, their copies serving only
//   without network;
// - nothing else is kept (no other page, no file, no answer to a form), and the copies are
//   deleted on signing out and on the sign-in page (offline.js), so the next person on the
//   device finds none.
"use strict";
var PAGES = "ntm-trang-v1";
var STATIC = "ntm-tinh-v1";
var KEPT = [/^\/xa\/\d+\/$/, /^\/xa\/\d+\/tieu-chi\/\d+\/$/];
var MARK = "<!--ngoai-tuyen-->";
var AHEAD = "X-Ntm-Luu-Truoc"; // a page asked for only to be copied (offline.js)
// where static files are served, and the style sheet under the name the pages use (the hashed
// one in production), so its copy in STATIC styles the page below without network: both as the
// settings say (ntm.views.service_worker writes them in)
var STATIC_PATH = "/static/";
var STYLE = "/static/css/app.css";

function two(n) {
  return (n < 10 ? "0" : "") + n;
}
function when(ms) {
  var d = new Date(ms);
  return two(d.getHours()) + ":" + two(d.getMinutes()) + " ngày " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
}
function html(body, status) {
  return new Response(body, { status: status || 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
function neverKept() {
  return html(
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Không có mạng – NTM</title><link rel="stylesheet" href="' + STYLE + '"></head>' +
      '<body><main id="main"><h1>Không có mạng</h1><p>Trang này chưa được lưu trên máy: chỉ ' +
      "trang của xã và các trang tiêu chí đã mở khi có mạng mới xem được lúc mất mạng. Bấm " +
      "nút quay lại của trình duyệt để về trang trước.</p></main></body></html>",
    503
  );
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (n) {
              return n.indexOf("ntm-") === 0 && n !== PAGES && n !== STATIC;
            })
            .map(function (n) {
              return caches.delete(n);
            })
        );
      })
      .then(function () {
        // the page is asked of the server while the worker starts, not after (a slow phone
        // would otherwise pay the worker's start on every page)
        return self.registration.navigationPreload && self.registration.navigationPreload.enable();
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

// a page the worker does not serve (loaded while it was first starting, or reloaded bypassing
// it) asks to be taken over, so that what it offers (offline.js) works from it too
self.addEventListener("message", function (event) {
  if (event.data === "claim") {
    event.waitUntil(self.clients.claim());
  }
});

function keep(request, response) {
  return response
    .clone()
    .blob()
    .then(function (body) {
      var headers = new Headers(response.headers);
      headers.set("X-Ntm-Luu-Luc", String(Date.now()));
      headers.delete("Vary"); // one copy per address, whichever request made it
      return caches.open(PAGES).then(function (cache) {
        return cache.put(request, new Response(body, { status: 200, headers: headers }));
      });
    });
}

function copyOf(request) {
  return caches.match(request, { cacheName: PAGES }).then(function (hit) {
    if (!hit) {
      return neverKept();
    }
    var at = Number(hit.headers.get("X-Ntm-Luu-Luc")) || Date.now();
    return hit.text().then(function (text) {
      var notice =
        '<p class="notice warning offline-copy" role="alert"><strong>Không có mạng.</strong> ' +
        "Đây là bản lưu trên máy lúc " + when(at) + ", có thể đã cũ. Những gì bạn nhập được giữ " +
        "trên máy và gửi đi khi có mạng (trang mở sẵn tự gửi).</p>";
      return html(text.replace(MARK, notice));
    });
  });
}

function isKept(url) {
  return (
    url.origin === self.location.origin &&
    KEPT.some(function (re) {
      return re.test(url.pathname);
    })
  );
}

function isPage(response) {
  return response.status === 200 && (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && request.headers.get("X-Requested-With") === "fetch") {
    // a save on a criterion's page (entry.js): the page it lands on is the page as it now
    // is, kept instead of the older copy (a refused save answers 400 and is not kept)
    event.respondWith(
      fetch(request).then(function (response) {
        var landed = new URL(response.url);
        landed.hash = "";
        if (response.redirected && isKept(landed) && isPage(response)) {
          event.waitUntil(keep(new Request(landed.href), response));
        }
        return response;
      })
    );
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.headers.get(AHEAD) && isKept(url)) {
    // «Lưu các trang tiêu chí…» (offline.js): the page is copied as if it had been opened, and
    // the answer is only "kept" (204) – or the server's own when it is not a page to keep (a
    // session over sends the sign-in page)
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.redirected || !isPage(response)) {
          return response;
        }
        return keep(new Request(url.href), response).then(function () {
          return new Response(null, { status: 204 });
        });
      })
    );
    return;
  }
  if (url.pathname.indexOf(STATIC_PATH) === 0) {
    // asked of the server (or the browser's own cache) first, as without this worker; the
    // copy serves only without network
    event.respondWith(
      fetch(request)
        .then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            event.waitUntil(
              caches.open(STATIC).then(function (cache) {
                return cache.put(request, copy);
              })
            );
          }
          return response;
        })
        .catch(function () {
          return caches.match(request, { cacheName: STATIC }).then(function (hit) {
            return hit || Response.error();
          });
        })
    );
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  event.respondWith(
    Promise.resolve(event.preloadResponse)
      .then(function (preloaded) {
        return preloaded || fetch(request);
      })
      .then(function (response) {
        if (isKept(url) && !response.redirected && isPage(response)) {
          event.waitUntil(keep(request, response));
        }
        return response;
      })
      .catch(function () {
        return copyOf(request);
      })
  );
});
