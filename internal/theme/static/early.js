// Applies the reader's saved theme and text size before the first paint,
// so the page does not flash. Runs in <head>; keep it tiny.
(function () {
  try {
    var d = document.documentElement, s = window.localStorage;
    var t = s.getItem("theme"), f = s.getItem("fontSize");
    if (t === "dark" || t === "light") d.setAttribute("data-theme", t);
    if (f && /^[1-5]$/.test(f)) d.setAttribute("data-font-size", f);
  } catch (e) { /* storage disabled: defaults apply */ }
})();
