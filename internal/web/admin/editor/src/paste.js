// Cleaning what Word and Google Docs put on the clipboard: keep the
// structure a journalist made (headings, lists, bold and italic, links) and
// drop everything else (styles, classes, spans, Office tags, Google's
// wrapper, empty paragraphs), before the editor parses it by its schema.

const dropElements = 'script, style, meta, link, title, xml, template, iframe, object, embed, noscript';
const keepClasses = new Set(['pullquote', 'embed']);

// cleanPastedHTML returns html cleaned for the editor. It needs a DOM
// (the browser's DOMParser).
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(defuseStyles(html), 'text/html');
  const body = doc.body;
  body.querySelectorAll(dropElements).forEach((el) => el.remove());
  convertWordLists(body);
  removeComments(body);
  removeOfficeElements(body);
  unwrapGoogleWrapper(body);
  styledSpansToMarks(body);
  nestStrayLists(body);
  clampHeadings(body);
  fixLinks(body);
  dropUnusableImages(body);
  stripAttributes(body);
  unwrapAll(body, 'span, font, div, section, article, header, footer, main, center, ins, u');
  removeStrayBreaks(body);
  removeEmptyBlocks(body);
  return body.innerHTML;
}

// The admin's Content Security Policy applies even to a document made by
// DOMParser: the browser reports every style and event-handler attribute
// as a violation (they never run, but the reports are noise) and leaves
// el.style empty. So style elements are cut out, and style and on…
// attributes renamed to data-paste-… before parsing; styles are then read
// back as plain text. In clipboard HTML a "<" in text is always escaped,
// so "<…>" is a tag.
function defuseStyles(html) {
  return String(html)
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/<[a-z][^<>]*>/gi, (tag) => tag.replace(/(\s)(style|on[a-z]+)(\s*=)/gi, (m, space, name, eq) => space + 'data-paste-' + name.toLowerCase() + eq));
}

// styleOf reads a renamed style attribute into a map of lower-case
// property names to values.
function styleOf(el) {
  const style = {};
  for (const decl of (el.getAttribute('data-paste-style') || '').split(';')) {
    const at = decl.indexOf(':');
    if (at > 0) style[decl.slice(0, at).trim().toLowerCase()] = decl.slice(at + 1).trim().toLowerCase();
  }
  return style;
}

function unwrap(el) {
  el.replaceWith(...el.childNodes);
}

function unwrapAll(root, selector) {
  // Innermost first, so unwrapping never moves a node still to be visited.
  Array.from(root.querySelectorAll(selector)).reverse().forEach(unwrap);
}

function walkComments(root, fn) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach(fn);
}

function removeComments(root) {
  walkComments(root, (c) => c.remove());
}

// Office namespaced tags (<o:p>, <w:sdt>, <v:shape>…) parse as elements
// whose names contain a colon; they hold nothing worth keeping but text.
function removeOfficeElements(root) {
  const office = Array.from(root.querySelectorAll('*')).filter((el) => el.tagName.includes(':'));
  office.reverse().forEach((el) => {
    const name = el.tagName.toLowerCase();
    if (name === 'o:p' || name.startsWith('v:')) el.remove();
    else unwrap(el);
  });
}

// Google Docs wraps the whole selection in <b style="font-weight:normal"
// id="docs-internal-guid-…">, which is not bold at all.
function unwrapGoogleWrapper(root) {
  root.querySelectorAll('b[id^="docs-internal-guid"]').forEach(unwrap);
}

// Google Docs marks bold and italic with styles on spans, not with tags.
function styledSpansToMarks(root) {
  Array.from(root.querySelectorAll('span[data-paste-style]')).reverse().forEach((span) => {
    const style = styleOf(span);
    const weight = style['font-weight'] || '';
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    const italic = style['font-style'] === 'italic';
    let inner = Array.from(span.childNodes);
    for (const [on, tag] of [[italic, 'em'], [bold, 'strong']]) {
      if (!on) continue;
      const mark = span.ownerDocument.createElement(tag);
      mark.append(...inner);
      inner = [mark];
    }
    span.replaceChildren(...inner);
  });
  // <b style="font-weight:normal"> is Google's way of saying "not bold".
  root.querySelectorAll('b[data-paste-style]').forEach((b) => {
    const weight = styleOf(b)['font-weight'];
    if (weight === 'normal' || weight === '400') unwrap(b);
  });
}

// Google Docs nests a list as a sibling of the item it belongs to
// (<ul><li>…</li><ul>…</ul></ul>); move it into that item.
function nestStrayLists(root) {
  root.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol').forEach((list) => {
    const prev = list.previousElementSibling;
    if (prev && prev.tagName === 'LI') prev.append(list);
    else {
      const li = list.ownerDocument.createElement('li');
      list.replaceWith(li);
      li.append(list);
    }
  });
}

// The article's title is its only h1, and the body uses h2–h4.
function clampHeadings(root) {
  root.querySelectorAll('h1, h5, h6').forEach((h) => {
    const level = h.tagName === 'H1' ? 'h2' : 'h4';
    const next = h.ownerDocument.createElement(level);
    next.append(...h.childNodes);
    h.replaceWith(next);
  });
}

// Links: Google's redirect wrapper is undone; anchors without an address
// (Word's bookmarks) and unsafe addresses become plain text.
function fixLinks(root) {
  root.querySelectorAll('a').forEach((a) => {
    let href = (a.getAttribute('href') || '').trim();
    try {
      const u = new URL(href);
      if (u.hostname === 'www.google.com' && u.pathname === '/url' && u.searchParams.get('q')) href = u.searchParams.get('q');
    } catch {
      // Relative or malformed: judged below.
    }
    if (!/^(https?:|mailto:|\/|#)/i.test(href) || href.startsWith('//') || href === '#') {
      unwrap(a);
      return;
    }
    a.setAttribute('href', href);
  });
}

// Images pasted from Word point at files on the writer's computer
// (file:///…), Google Docs' at short-lived googleusercontent addresses, and
// other sites' would be blocked by the site's CSP (img-src 'self'): none of
// them would show for readers. Only images on this site are kept (as
// paths); others come in through the media library.
function dropUnusableImages(root) {
  root.querySelectorAll('img').forEach((img) => {
    const src = img.getAttribute('src') || '';
    let path = null;
    try {
      const u = new URL(src, window.location.href);
      if (u.origin === window.location.origin && /^(https?:\/\/|\/(?!\/))/i.test(src)) path = u.pathname + u.search;
    } catch {
      // Not an address at all.
    }
    if (path === null) img.remove();
    else img.setAttribute('src', path);
  });
}

const keepAttrs = {
  A: ['href'],
  IMG: ['src', 'alt', 'width', 'height'],
  FIGURE: ['data-embed'],
};

function stripAttributes(root) {
  root.querySelectorAll('*').forEach((el) => {
    const keep = keepAttrs[el.tagName] || [];
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name;
      if (keep.includes(name) || name === 'data-pm-slice') continue;
      if (name === 'class') {
        const kept = Array.from(el.classList).filter((c) => keepClasses.has(c));
        if (kept.length > 0) {
          el.setAttribute('class', kept.join(' '));
          continue;
        }
      }
      el.removeAttribute(name);
    }
  });
}

// Google Docs puts a <br> between blocks where the document had an empty
// line; between blocks it means nothing.
function removeStrayBreaks(root) {
  root.querySelectorAll('br').forEach((br) => {
    const parent = br.parentElement;
    if (parent === root || parent.tagName === 'LI' || parent.tagName === 'BLOCKQUOTE') {
      const prev = br.previousSibling;
      const next = br.nextSibling;
      const blockish = (n) => !n || (n.nodeType === 1 && /^(P|H[1-6]|UL|OL|BLOCKQUOTE|FIGURE|TABLE|HR|ASIDE)$/.test(n.tagName));
      if (blockish(prev) || blockish(next)) br.remove();
    }
  });
}

function removeEmptyBlocks(root) {
  root.querySelectorAll('p, h2, h3, h4, li, blockquote').forEach((el) => {
    const text = el.textContent.replace(/[\s\u00a0\u200b]+/g, '');
    if (text === '' && !el.querySelector('img, hr')) el.remove();
  });
  root.querySelectorAll('ul, ol').forEach((list) => {
    if (!list.querySelector('li')) list.remove();
  });
}

// Word does not write lists as lists: each item is a paragraph styled
// "mso-list:l0 level1 lfo1" whose marker ("·", "o", "1.") sits inside a
// conditional comment or a span styled mso-list:Ignore. Runs of such
// paragraphs become nested <ul>/<ol>.
function convertWordLists(root) {
  const doc = root.ownerDocument;
  const paragraphs = Array.from(root.querySelectorAll('p[data-paste-style*="mso-list"]'));
  const done = new Set();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    const run = [first];
    let next = nextElement(first);
    while (next && next.tagName === 'P' && /mso-list:\s*l\d/.test(next.getAttribute('data-paste-style') || '')) {
      run.push(next);
      next = nextElement(next);
    }
    run.forEach((p) => done.add(p));
    const items = run.map((p) => {
      const style = p.getAttribute('data-paste-style') || '';
      const level = parseInt((/level(\d+)/.exec(style) || [])[1] || '1', 10);
      const marker = takeWordMarker(p);
      return { p, level, ordered: /^\(?([0-9]+|[a-z]|[ivxlcdm]+)[.)]/i.test(marker) };
    });
    const top = doc.createElement(items[0].ordered ? 'ol' : 'ul');
    first.before(top);
    const stack = [{ list: top, level: items[0].level }];
    for (const item of items) {
      while (stack.length > 1 && item.level < stack[stack.length - 1].level) stack.pop();
      let current = stack[stack.length - 1];
      if (item.level > current.level) {
        const parentItem = current.list.lastElementChild || current.list.appendChild(doc.createElement('li'));
        const nested = doc.createElement(item.ordered ? 'ol' : 'ul');
        parentItem.append(nested);
        current = { list: nested, level: item.level };
        stack.push(current);
      }
      const li = doc.createElement('li');
      li.append(...item.p.childNodes);
      current.list.append(li);
      item.p.remove();
    }
  }
}

function nextElement(el) {
  let n = el.nextSibling;
  while (n && (n.nodeType === 3 ? n.textContent.trim() === '' : n.nodeType === 8)) n = n.nextSibling;
  return n && n.nodeType === 1 ? n : null;
}

// takeWordMarker removes the list marker Word wrote into the paragraph and
// returns its text.
function takeWordMarker(p) {
  let marker = '';
  const ignored = p.querySelector('span[data-paste-style*="mso-list:Ignore"], span[data-paste-style*="mso-list: Ignore"]');
  if (ignored) {
    marker = ignored.textContent;
    // The marker's font span (often Symbol) wraps the ignored span.
    let outer = ignored;
    while (outer.parentElement && outer.parentElement !== p && outer.parentElement.textContent === ignored.textContent) outer = outer.parentElement;
    outer.remove();
  }
  // Between <![if !supportLists]> and <![endif]> (both parse as comments).
  const nodes = Array.from(p.childNodes);
  const start = nodes.findIndex((n) => n.nodeType === 8 && /if\s+!supportLists/.test(n.data));
  if (start >= 0) {
    const end = nodes.findIndex((n, i) => i > start && n.nodeType === 8 && /endif/.test(n.data));
    const between = nodes.slice(start + 1, end < 0 ? nodes.length : end);
    if (!marker) marker = between.map((n) => n.textContent).join('');
    between.forEach((n) => n.remove());
  }
  return marker.replace(/[\s\u00a0]+/g, ' ').trim();
}
