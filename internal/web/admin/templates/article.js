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
      .then(function () { busy = false; });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(autosave, AUTOSAVE_MS);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("editor:change", changed);
  form.addEventListener("submit", function () { submitting = true; clearTimeout(timer); });
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
