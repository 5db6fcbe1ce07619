// Progressive enhancements for the reader site. Every page works without
// this file; each feature below only improves what the HTML already does.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function store(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) { return null; }
  }

  // Consent bar: accept without a page load. The server-side form sets the
  // same cookie for readers without JavaScript.
  function consent() {
    var bar = doc.getElementById("consent");
    if (!bar) return;
    bar.querySelector("form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var secure = location.protocol === "https:" ? "; Secure" : "";
      doc.cookie = "consent=1; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
      bar.hidden = true;
    });
  }

  // Font resizer: five steps, remembered across visits.
  function fontResizer() {
    var box = doc.querySelector("[data-font-resizer]");
    if (!box || !doc.querySelector("[data-article-body]")) return;
    box.hidden = false;
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-font-step]");
      if (!b) return;
      var size = parseInt(root.getAttribute("data-font-size") || "2", 10) + parseInt(b.getAttribute("data-font-step"), 10);
      size = Math.max(1, Math.min(5, size));
      root.setAttribute("data-font-size", String(size));
      store("fontSize", String(size));
    });
  }

  // Dark mode: follows the system until the reader chooses.
  function themeToggle() {
    var b = doc.querySelector("[data-theme-toggle]");
    if (!b) return;
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    function dark() {
      var t = root.getAttribute("data-theme");
      return t ? t === "dark" : media.matches;
    }
    function show() { b.setAttribute("aria-pressed", String(dark())); }
    b.hidden = false;
    show();
    media.addEventListener("change", show);
    b.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      store("theme", next);
      show();
    });
  }

  // Reading progress along the header's bottom edge on article pages.
  function progress() {
    var bar = doc.querySelector("[data-progress]"), body = doc.querySelector("[data-article-body]");
    if (!bar || !body) return;
    var ticking = false;
    function update() {
      ticking = false;
      var rect = body.getBoundingClientRect();
      var total = rect.height - window.innerHeight;
      var done = total > 0 ? Math.min(1, Math.max(0, -rect.top / total)) : 1;
      bar.style.transform = "scaleX(" + done.toFixed(3) + ")";
    }
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }

  // Sub-menus open on hover and focus with CSS alone; the toggle buttons
  // add a tap target for touch screens and announce the state.
  function subMenus() {
    doc.querySelectorAll(".sub-toggle").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var item = b.parentElement, open = !item.classList.contains("is-open");
        item.classList.toggle("is-open", open);
        b.setAttribute("aria-expanded", String(open));
      });
    });
    doc.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      doc.querySelectorAll(".has-sub.is-open").forEach(function (item) {
        item.classList.remove("is-open");
        item.querySelector(".sub-toggle").setAttribute("aria-expanded", "false");
      });
    });
  }

  // Sign-in popup: focus to its first field; Escape or Close shuts it.
  function signIn() {
    var d = doc.getElementById("signin-dialog"), a = doc.querySelector("[data-signin]");
    if (!d || !a || !d.showModal) return;
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      d.showModal();
      d.querySelector("input[type=email]").focus();
    });
    d.querySelector("[data-dialog-close]").addEventListener("click", function () { d.close(); });
    d.addEventListener("close", function () { a.focus(); });
    d.querySelectorAll("[data-copy-email]").forEach(function (i) {
      i.form.addEventListener("submit", function () { i.value = doc.getElementById(i.getAttribute("data-copy-email")).value; });
    });
  }

  // Save buttons post without a page load.
  function bookmarks() {
    doc.addEventListener("submit", function (ev) {
      var f = ev.target;
      if (!f.matches("[data-bookmark]") || !window.fetch) return;
      ev.preventDefault();
      var b = f.querySelector("button"), body = new URLSearchParams(new FormData(f));
      body.set("action", b.value);
      fetch(f.getAttribute("action"), { method: "POST", body: body, headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw r; return r.json(); })
        .then(function (j) {
          var on = j.saved;
          b.value = on ? "unsave" : "save";
          b.setAttribute("aria-pressed", String(on));
          b.querySelector("[data-bookmark-label]").textContent = on ? "Saved" : "Save";
          b.firstChild.textContent = on ? "★" : "☆";
        })
        .catch(function () { f.submit(); });
    });
  }

  consent();
  fontResizer();
  themeToggle();
  progress();
  subMenus();
  signIn();
  bookmarks();
})();
