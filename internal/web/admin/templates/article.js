// The article editor's own behaviour: autosave, who else is editing, and
// confirmations. Everything here is an enhancement: without it the form
// saves with its buttons.
(function () {
  "use strict";
  var form = document.querySelector("[data-article-form]");
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
  if (!form || !window.fetch) return;

  var status = form.querySelector("[data-autosave]");
  var version = form.querySelector("[data-version]");
  var presence = document.querySelector("[data-presence]");
  var id = form.getAttribute("data-id");
  var dirty = false, timer = 0, busy = false, submitting = false;
  var AUTOSAVE_MS = 4000, PRESENCE_MS = 30000;

  function say(text) { if (status) status.textContent = text; }

  function autosave() {
    if (busy || !dirty) return;
    busy = true; dirty = false;
    var url = id && id !== "0" ? "/admin/articles/" + id + "/autosave" : "/admin/articles/autosave";
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (res) { return res.json().then(function (a) { return { ok: res.ok, a: a }; }); })
      .then(function (r) {
        say(r.a.message || "");
        if (!r.ok) return;
        if (r.a.saved) version.value = r.a.version;
        if ((!id || id === "0") && r.a.id) {
          id = String(r.a.id);
          form.setAttribute("data-id", id);
          form.action = r.a.edit;
          history.replaceState(null, "", r.a.edit);
        }
      })
      .catch(function () { dirty = true; say("Offline: your changes are still on this page and will be saved when the connection returns."); })
      .then(function () {
        busy = false;
        if (pending) {
          var by = pending;
          pending = null;
          form.requestSubmit(by === form ? undefined : by);
        }
      });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(autosave, AUTOSAVE_MS);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("editor:change", changed);
  // A first autosave in flight is creating the article: a save pressed
  // now waits for it, then goes to the new article, so it makes no twin.
  var pending = null;
  form.addEventListener("submit", function (e) {
    if (busy && (!id || id === "0")) {
      e.preventDefault();
      pending = e.submitter || form;
      return;
    }
    submitting = true;
    clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) { e.preventDefault(); e.returnValue = ""; }
  });

  function heartbeat() {
    if (!id || id === "0" || !presence) return;
    fetch("/admin/articles/" + id + "/presence", { method: "POST", credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (p) {
        if (!p) return;
        presence.textContent = p.others.length ? "Also editing now: " + p.others.join(", ") + ". Saves are checked, so nobody's text is overwritten." : "";
        if (String(p.version) !== version.value && !dirty) {
          say("Someone saved a newer version. Reload to see it before you edit further.");
        }
      })
      .catch(function () {});
  }
  setInterval(heartbeat, PRESENCE_MS);
})();

// Topic type-ahead: the suggestions complete the last name typed, keeping
// the ones before it, so a plain <datalist> serves a comma-separated field.
(function () {
  "use strict";
  var input = document.querySelector("[data-tags]");
  var list = document.getElementById("tag-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var parts = input.value.split(",");
      var last = parts.pop().trim();
      if (last.length < 2) return;
      var head = parts.map(function (p) { return p.trim(); }).filter(Boolean);
      fetch("/admin/tags.json?q=" + encodeURIComponent(last), { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : { tags: [] }; })
        .then(function (r) {
          list.textContent = "";
          (r.tags || []).slice(0, 10).forEach(function (t) {
            var o = document.createElement("option");
            o.value = head.concat([t.name]).join(", ");
            list.appendChild(o);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();

// Featured image picker: search the media library and pick a picture,
// which fills its number and its words.
(function () {
  "use strict";
  var picker = document.querySelector("[data-image-picker]");
  var id = document.querySelector("[data-image-id]");
  if (!picker || !id || !window.fetch) return;
  var search = picker.querySelector("[data-image-search]");
  var results = picker.querySelector("[data-image-results]");
  var preview = document.querySelector("[data-image-preview]");
  var wordsFor = document.querySelector("[data-image-words-for]");
  var words = {
    alt: document.querySelector("[data-image-alt]"),
    caption: document.querySelector("[data-image-caption]"),
    credit: document.querySelector("[data-image-credit]")
  };
  picker.hidden = false;
  var timer = 0;
  function find() {
    fetch("/admin/media.json?q=" + encodeURIComponent(search.value.trim()), { credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : { images: [] }; })
      .then(function (r) {
        results.textContent = "";
        (r.images || []).slice(0, 12).forEach(function (img) {
          var li = document.createElement("li");
          var b = document.createElement("button");
          b.type = "button";
          b.className = "picker__item";
          var t = document.createElement("img");
          t.src = img.thumb; t.alt = ""; t.width = 96; t.height = Math.round(96 * img.height / Math.max(img.width, 1));
          b.appendChild(t);
          b.appendChild(document.createTextNode(img.alt || ("Picture " + img.id)));
          b.addEventListener("click", function () {
            id.value = img.id;
            wordsFor.value = img.id;
            words.alt.value = img.alt || "";
            words.caption.value = img.caption || "";
            words.credit.value = img.credit || "";
            if (preview) {
              preview.textContent = "";
              var p = document.createElement("img");
              p.className = "thumb"; p.src = img.url; p.alt = "";
              preview.appendChild(p);
            }
            id.dispatchEvent(new Event("change", { bubbles: true }));
            words.alt.focus();
          });
          li.appendChild(b);
          results.appendChild(li);
        });
      })
      .catch(function () {});
  }
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(find, 250); });
  search.addEventListener("focus", function () { if (!results.children.length) find(); }, { once: true });
})();
