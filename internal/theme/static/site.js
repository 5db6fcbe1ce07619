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

  // Consent bar: answer without a page load. The form sets the same
  // cookie for readers without JavaScript (1 Accept, 0 Refuse).
  function consent() {
    var bar = doc.getElementById("consent");
    if (!bar) return;
    bar.querySelector("form").addEventListener("submit", function (ev) {
      var v = { accept: "1", refuse: "0" }[ev.submitter && ev.submitter.value];
      if (!v) return; // let the form post
      ev.preventDefault();
      doc.cookie = "consent=" + v + "; Path=/; Max-Age=31536000; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
      bar.hidden = true;
    });
  }

  // Font resizer: five steps, remembered across visits, each announced.
  function fontResizer() {
    var box = doc.querySelector("[data-font-resizer]");
    if (!box || !doc.querySelector("[data-article-body]")) return;
    var status = box.querySelector("[data-font-status]");
    box.hidden = false;
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-font-step]");
      if (!b) return;
      var size = parseInt(root.getAttribute("data-font-size") || "2", 10) + parseInt(b.getAttribute("data-font-step"), 10);
      size = Math.max(1, Math.min(5, size));
      root.setAttribute("data-font-size", String(size));
      store("fontSize", String(size));
      // The page's words, with "#" where the size goes.
      status.textContent = (status.getAttribute("data-label") || "Text size # of 5").replace("#", size);
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

  // Reading progress along the top of the window on article pages.
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
  // add a tap target for touch screens and announce the state. Closed by
  // its button or Escape (WCAG 1.4.13), a sub-menu stays closed while
  // hovered or focused (is-dismissed) until pointer and focus leave.
  function subMenus() {
    doc.querySelectorAll(".has-sub").forEach(function (item) {
      var b = item.querySelector(".sub-toggle");
      function setOpen(open) {
        item.classList.toggle("is-open", open);
        item.classList.toggle("is-dismissed", !open);
        b.setAttribute("aria-expanded", String(open));
      }
      b.hidden = false;
      b.addEventListener("click", function () { setOpen(!item.classList.contains("is-open")); });
      item.addEventListener("mouseleave", function () { item.classList.remove("is-dismissed"); });
      item.addEventListener("focusout", function (ev) {
        if (item.contains(ev.relatedTarget)) return;
        item.classList.remove("is-open", "is-dismissed");
        b.setAttribute("aria-expanded", "false");
      });
      item.addEventListener("keydown", function (ev) {
        if (ev.key !== "Escape") return;
        setOpen(false);
        item.querySelector("a").focus();
      });
    });
  }

  // The phone menu is a <details>; Escape or a tap outside closes it too.
  function phoneMenu() {
    var menu = doc.querySelector(".mobile-menu");
    if (!menu) return;
    function close(focus) {
      if (!menu.open) return;
      menu.open = false;
      if (focus) menu.querySelector("summary").focus();
    }
    menu.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(true); });
    doc.addEventListener("click", function (ev) { if (!menu.contains(ev.target)) close(false); });
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
  phoneMenu();
  signIn();
  bookmarks();
})();
