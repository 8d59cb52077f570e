// What is typed into a form marked data-keep="<person>:<what>" is kept on this device (the
// browser's localStorage) until the server has it, so a lost connection, a closed tab or a
// session that ran out (the sign-in page, then back) loses nothing:
// - reopening the form fills the typing back in, saying so, with a button to drop it;
// - if what the form edits changed on the server since (its hidden fields – versions, ids –
//   differ), nothing is filled in over it: the kept typing is listed as text instead (saying
//   so differently when it had been sent: it may have landed and been changed since);
// - a draft equal to what the server holds (as it keeps text: trimmed) is forgotten – the
//   usual end of a save that landed.
// A chosen file cannot be kept by a browser: the note names it, to be chosen again.
// A form marked data-keep-title also notes its name, address and unit (data-keep-unit, named
// by data-keep-where), so that the pages that gather what is still waiting on this device can
// list it (partials/_drafts_waiting.html, data-drafts-of: the person): a commune's page what
// was typed for that commune (data-drafts-unit), «Việc của tôi» all of it.
// Used by the criterion's page (entry.js), the plan's text, the review and the tasks.
// Without JavaScript or storage (private mode) the forms work as before, nothing is kept.
window.ntmKeep = (function () {
  "use strict";
  var KEEP_DAYS = 30;
  var store = (function () {
    try {
      window.localStorage.setItem("ntm:thu", "1");
      window.localStorage.removeItem("ntm:thu");
      return window.localStorage;
    } catch (e) {
      return null;
    }
  })();

  function key(form) {
    return store && form.dataset.keep ? "ntm:giu:" + form.dataset.keep : null;
  }
  function identity(form) {
    // what the form edits, as the server served it: its hidden fields (the token aside)
    return Array.prototype.filter
      .call(form.elements, function (el) {
        return el.type === "hidden" && el.name && el.name !== "csrfmiddlewaretoken";
      })
      .map(function (el) {
        return el.name + "=" + el.value;
      })
      .join("&");
  }
  function typed(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && ["hidden", "file", "submit", "button", "reset"].indexOf(el.type) < 0;
    });
  }
  function ticked(el) {
    return el.type === "checkbox" || el.type === "radio";
  }
  function chosen(select) {
    return Array.prototype.filter.call(select.options, function (o) {
      return o.selected;
    });
  }
  function fieldKey(el) {
    return ticked(el) ? el.name + "=" + el.value : el.name;
  }
  function valueOf(el) {
    if (ticked(el)) {
      return el.checked ? "1" : "";
    }
    if (el.type === "select-multiple") {
      return chosen(el)
        .map(function (o) {
          return o.value;
        })
        .join("\n");
    }
    return el.value;
  }
  function setValue(el, value) {
    if (ticked(el)) {
      el.checked = value === "1";
    } else if (el.type === "select-multiple") {
      var values = value.split("\n");
      Array.prototype.forEach.call(el.options, function (o) {
        o.selected = values.indexOf(o.value) >= 0;
      });
    } else {
      el.value = value;
    }
  }
  function asServed(el) {
    if (ticked(el)) {
      return el.checked === el.defaultChecked;
    }
    if (el.type === "select-one") {
      // with no option marked selected, the browser shows (and sends) the first one
      var served = 0;
      Array.prototype.forEach.call(el.options, function (o, i) {
        if (o.defaultSelected) {
          served = i;
        }
      });
      return el.selectedIndex === served;
    }
    if (el.type === "select-multiple") {
      return Array.prototype.every.call(el.options, function (o) {
        return o.selected === o.defaultSelected;
      });
    }
    return el.value === el.defaultValue;
  }
  function labelOf(el) {
    var label = el.labels && el.labels[0];
    var text = (label ? label.textContent : el.name).replace(/\s+/g, " ").replace(/\s*\*$/, "").trim();
    var where = el.closest("[data-keep-label]");
    return where ? where.dataset.keepLabel + " – " + text : text;
  }
  function shown(el) {
    if (ticked(el)) {
      return el.checked ? "có đánh dấu" : "không đánh dấu";
    }
    if (el.tagName === "SELECT") {
      return chosen(el)
        .map(function (o) {
          return o.textContent.trim();
        })
        .join(", ");
    }
    return el.value;
  }
  function plain(text) {
    return String(text).replace(/\r\n?/g, "\n").trim();
  }
  function fileName(form) {
    var names = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (f) {
        names.push(f.name);
      });
    });
    return names.join(", ");
  }
  function refused(form) {
    // a form the server sent back refused shows the typing as its own values
    return !!form.querySelector(".errors, .field-error");
  }
  function load(form) {
    var k = key(form);
    if (!k) {
      return null;
    }
    try {
      var draft = JSON.parse(store.getItem(k));
      if (draft && draft.fields && Date.now() - draft.at <= KEEP_DAYS * 864e5) {
        return draft;
      }
    } catch (e) {
      // unreadable: forgotten below
    }
    store.removeItem(k);
    return null;
  }

  function keep(form, sent) {
    var k = key(form);
    if (!k) {
      return;
    }
    var whole = refused(form);
    var fields = typed(form).filter(function (el) {
      return whole || !asServed(el);
    });
    var file = fileName(form);
    if (!fields.length && !file) {
      store.removeItem(k);
      return;
    }
    var draft = { at: Date.now(), sent: !!sent, id: identity(form), file: file, fields: {} };
    if (form.dataset.keepTitle) {
      // listed by name on the pages that gather what is waiting (waiting() below)
      // the attribute, not form.action: a button named "action" (the review's) shadows it
      var to = new URL(form.getAttribute("action") || "", location.href);
      draft.title = form.dataset.keepTitle;
      draft.href = to.pathname + to.search + to.hash;
      draft.unit = form.dataset.keepUnit || "";
      draft.where = form.dataset.keepWhere || "";
    }
    fields.forEach(function (el) {
      draft.fields[fieldKey(el)] = { v: valueOf(el), label: labelOf(el), shown: shown(el) };
    });
    try {
      store.setItem(k, JSON.stringify(draft));
    } catch (e) {
      // storage full: the page still holds the typing
    }
  }
  function drop(form) {
    var k = key(form);
    if (k) {
      store.removeItem(k);
    }
  }

  function say(form, text, kind) {
    var note = form.querySelector(".draft-note");
    if (!text) {
      if (note) {
        note.remove();
      }
      return null;
    }
    if (!note) {
      note = document.createElement("div");
      note.setAttribute("role", "note");
      form.insertBefore(note, form.firstChild);
    }
    note.className = "notice draft-note " + kind;
    note.textContent = text;
    return note;
  }
  function when(ms) {
    var d = new Date(ms);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " ngày " + two(d.getDate()) + "/" + two(d.getMonth() + 1);
  }

  function restore(form) {
    if (refused(form)) {
      keep(form);
      return;
    }
    var draft = load(form);
    if (!draft) {
      keep(form); // what was typed before this script ran (a slow phone) is kept too
      return;
    }
    var byKey = {};
    typed(form).forEach(function (el) {
      byKey[fieldKey(el)] = el;
    });
    // compared as the server keeps text: line ends and the spaces around it do not count
    var differing = Object.keys(draft.fields).filter(function (k) {
      return byKey[k] && plain(valueOf(byKey[k])) !== plain(draft.fields[k].v);
    });
    if (!differing.length && !draft.file) {
      drop(form);
      return;
    }
    var again = draft.file ? " Tệp «" + draft.file + "» cần chọn lại." : "";
    var note;
    if (draft.id === identity(form)) {
      differing.forEach(function (k) {
        setValue(byKey[k], draft.fields[k].v);
      });
      note = say(form, "Đã điền lại phần bạn nhập lúc " + when(draft.at) + " nhưng chưa lưu. Bấm Lưu để lưu." + again, "kept");
    } else {
      // changed on the server since, and not to what was typed: shown, never filled in over it
      var said = draft.sent
        ? "Phần bạn nhập lúc " + when(draft.at) + " (đã bấm Lưu) khác nội dung hiện có: có thể " +
          "chưa lưu được, hoặc đã lưu rồi bị sửa sau đó. Không điền lại."
        : "Phần bạn nhập lúc " + when(draft.at) + " chưa được lưu, nhưng đã được cập nhật sau " +
          "đó nên không điền lại.";
      note = say(form, said + " Xem nội dung mới rồi nhập lại nếu vẫn cần sửa." + again, "kept stale");
      var list = document.createElement("ul");
      differing.forEach(function (k) {
        var li = document.createElement("li");
        li.textContent = draft.fields[k].label + ": «" + draft.fields[k].shown + "»";
        list.appendChild(li);
      });
      note.appendChild(list);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Bỏ phần nhập này";
    button.addEventListener("click", function () {
      drop(form);
      if (draft.id === identity(form)) {
        form.reset(); // back to what the server holds
      }
      say(form, "");
      var live = document.querySelector("[role=status][aria-live]");
      if (live) {
        live.textContent = "Đã bỏ phần nhập chưa lưu.";
      }
      var first = typed(form)[0];
      if (first) {
        first.focus();
      }
    });
    note.appendChild(document.createTextNode(" "));
    note.appendChild(button);
  }

  function watch(form) {
    var later = function () {
      keep(form);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () {
      keep(form, true);
    });
  }

  function sweep() {
    // drafts of forms not opened again (a year verified since, a plan issued…) go after 30 days
    if (!store) {
      return;
    }
    for (var i = store.length - 1; i >= 0; i--) {
      var k = store.key(i);
      if (k && k.indexOf("ntm:giu:") === 0) {
        try {
          var draft = JSON.parse(store.getItem(k));
          if (!draft || Date.now() - draft.at > KEEP_DAYS * 864e5) {
            store.removeItem(k);
          }
        } catch (e) {
          store.removeItem(k);
        }
      }
    }
  }

  function unitOf(draft) {
    // kept before drafts noted their unit: a criterion page's address names its commune
    var commune = /^\/xa\/(\d+)\//.exec(draft.href);
    return draft.unit || (commune ? commune[1] : "");
  }

  function waiting() {
    // this person's typing not yet saved (a page closed while offline, say) – a commune's page
    // lists that commune's, «Việc của tôi» all – each a link to the page where it is filled
    // back in and sent
    var box = document.querySelector("[data-drafts-of]");
    if (!box || !store) {
      return;
    }
    var prefix = "ntm:giu:" + box.dataset.draftsOf + ":";
    var unit = box.dataset.draftsUnit;
    var found = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) {
        try {
          var draft = JSON.parse(store.getItem(k));
          if (draft && draft.title && draft.href && (!unit || unitOf(draft) === unit)) {
            found.push(draft);
          }
        } catch (e) {
          // unreadable: swept
        }
      }
    }
    if (!found.length) {
      return;
    }
    found.sort(function (a, b) {
      return a.at - b.at;
    });
    var list = box.querySelector("ul");
    found.forEach(function (draft) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = draft.href;
      a.textContent = draft.title + (!unit && draft.where ? " – " + draft.where : "");
      li.appendChild(a);
      li.appendChild(
        document.createTextNode(
          " – nhập lúc " + when(draft.at) + (draft.sent ? " (đã bấm Lưu nhưng chưa chắc đã lưu được)" : " (chưa bấm Lưu)")
        )
      );
      list.appendChild(li);
    });
    box.hidden = false;
  }

  function settled() {
    // a save that left its form's page (a review returned or verified) names the draft it
    // settles in its message: it landed, nothing waits
    if (!store) {
      return;
    }
    document.querySelectorAll("[data-keep-saved]").forEach(function (el) {
      store.removeItem("ntm:giu:" + el.dataset.keepSaved);
    });
  }

  sweep();
  settled();
  waiting();
  document.querySelectorAll("form[data-keep]").forEach(function (form) {
    restore(form);
    watch(form);
  });

  return { keep: keep, drop: drop, say: say, watch: watch };
})();
