// Instant results under the header's search box: an ARIA 1.2 combobox
// whose listbox fills from /search.json as the reader types. Without it
// the box is a plain form that opens the results page.
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input || !window.fetch) return;
  var list = el("ul", "suggest"), status = el("p", "visually-hidden");
  var items = [], active = -1, timer, seq = 0, ctrl;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function set(e, a) { for (var k in a) e.setAttribute(k, a[k]); }
  set(list, { id: "q-list", role: "listbox", "aria-label": input.getAttribute("data-suggestions") || "Suggestions" });
  set(status, { role: "status" });
  set(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": "q-list", "aria-expanded": false });
  list.hidden = true;
  input.form.append(list, status);

  function open(show) {
    list.hidden = !show;
    input.setAttribute("aria-expanded", show);
    if (!show) select(-1);
  }
  function select(i) {
    if (items[active]) items[active].setAttribute("aria-selected", false);
    active = i;
    if (!items[i]) return input.removeAttribute("aria-activedescendant");
    items[i].setAttribute("aria-selected", true);
    input.setAttribute("aria-activedescendant", items[i].id);
    items[i].scrollIntoView({ block: "nearest" });
  }
  function add(url, title, meta, image) {
    var li = el("li", "suggest__item"), text = el("span"), img = el("img");
    set(li, { id: "q-opt" + items.length, role: "option", "aria-selected": false, "data-url": url });
    if (image) set(img, { src: image, alt: "", width: 48, height: 48 }), li.append(img);
    text.append(el("span", "suggest__title", title));
    if (meta) text.append(el("span", "meta", meta));
    li.append(text);
    list.append(li);
    items.push(li);
  }
  function show(data) {
    var n = data.results.length;
    list.textContent = "";
    items = [];
    active = -1;
    data.results.forEach(function (r) { add(r.url, r.title, [r.section, r.date].filter(Boolean).join(" · "), r.image); });
    // The server words both in the edition's language.
    if (n) add(data.more, data.more_label);
    status.textContent = data.status;
    open(n > 0);
  }
  function lookup() {
    var mine = ++seq;
    if (ctrl) ctrl.abort();
    if (input.value.trim().length < 3) return open(false);
    ctrl = new AbortController();
    // The form's own address, so that an edition's box (/az/search)
    // searches that edition (/az/search.json).
    fetch(input.form.getAttribute("action") + ".json?q=" + encodeURIComponent(input.value), { signal: ctrl.signal })
      .then(function (r) { return r.ok && r.json(); })
      .then(function (data) { if (data && mine == seq) show(data); }, function () {});
  }
  function go(li) { location.href = li.getAttribute("data-url"); }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 200); });
  input.addEventListener("keydown", function (ev) {
    var n = items.length, k = ev.key, down = k == "ArrowDown";
    if ((down || k == "ArrowUp") && n) {
      ev.preventDefault();
      open(true);
      select(active < 0 ? (down ? 0 : n - 1) : (active + (down ? 1 : n - 1)) % n);
    } else if (k == "Enter" && items[active]) {
      ev.preventDefault();
      go(items[active]);
    } else if (k == "Escape") {
      if (list.hidden) input.value = "";
      else ev.preventDefault(), open(false);
    }
  });
  // A submit that still comes (a key's character sent on its own) opens
  // the chosen suggestion too.
  input.form.addEventListener("submit", function (ev) {
    if (!list.hidden && items[active]) ev.preventDefault(), go(items[active]);
  });
  // Keep the focus in the box, which a mousedown on the list would take.
  list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  list.addEventListener("click", function (ev) {
    var li = ev.target.closest("[role=option]");
    if (li) go(li);
  });
  input.addEventListener("blur", function () { open(false); });
  input.addEventListener("focus", function () { if (items.length && input.value.trim().length > 2) open(true); });
})();
