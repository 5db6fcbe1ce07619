// Mounting the rich editor over a server-rendered textarea. The textarea
// stays in the form and always holds the editor's HTML, so the form submits
// as it would without JavaScript.
import { Editor, Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Figure, Embed, PullQuote } from './nodes.js';
import { cleanPastedHTML } from './paste.js';
import { statsText, wordCount } from './stats.js';
import { embedDialog, imageDialog, linkDialog } from './dialogs.js';
import { h, uid } from './dom.js';
import { documentHTML } from './serialize.js';

export const mediaURL = '/admin/media.json';
const changeDelay = 1000;

const allowedLink = /^(https?:|mailto:|\/|#)/i;

// The toolbar: real buttons with names; toggles carry aria-pressed. Each
// name contains the button's visible text, so that speech users can say what
// they see (WCAG 2.5.3).
const tools = [
  { name: 'H2 heading', text: 'H2', keys: 'Control+Alt+2', active: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { name: 'H3 subheading', text: 'H3', keys: 'Control+Alt+3', active: (e) => e.isActive('heading', { level: 3 }), run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
  { name: 'H4 minor heading', text: 'H4', keys: 'Control+Alt+4', active: (e) => e.isActive('heading', { level: 4 }), run: (e) => e.chain().focus().toggleHeading({ level: 4 }).run() },
  { name: 'Bold', text: 'B', keys: 'Control+B', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { name: 'Italic', text: 'I', keys: 'Control+I', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { name: 'Link', text: 'Link', keys: 'Control+K', active: (e) => e.isActive('link'), run: (e) => linkDialog(e) },
  { name: 'Quote', text: '“ ”', keys: 'Control+Shift+B', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  { name: 'Pull quote', text: 'Pull quote', keys: 'Control+Alt+P', active: (e) => e.isActive('pullquote'), run: (e) => e.chain().focus().togglePullQuote().run() },
  { name: 'Bulleted list', text: '• List', keys: 'Control+Shift+8', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { name: '1. List, numbered', text: '1. List', keys: 'Control+Shift+7', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { name: 'Image', text: 'Image', run: (e) => imageDialog(e, mediaURL) },
  { name: 'Embed', text: 'Embed', run: (e) => embedDialog(e) },
  { name: 'Divider', text: '—', run: (e) => e.chain().focus().setHorizontalRule().run() },
  { name: 'Undo', text: '↶', keys: 'Control+Z', enabled: (e) => e.can().undo(), run: (e) => e.chain().focus().undo().run() },
  { name: 'Redo', text: '↷', keys: 'Control+Shift+Z', enabled: (e) => e.can().redo(), run: (e) => e.chain().focus().redo().run() },
];

// Shortcuts that open dialogs or leave the text: Mod-k for a link, Alt-F10
// to reach the toolbar from the text (the convention screen-reader users
// know from other editors).
function newsroomKeys(toolbar) {
  return Extension.create({
    name: 'newsroomKeys',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          linkDialog(this.editor);
          return true;
        },
        'Alt-F10': () => {
          const current = toolbar.querySelector('[tabindex="0"]') || toolbar.querySelector('button');
          current.focus();
          return true;
        },
      };
    },
  });
}

const apple = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function buildToolbar(label) {
  const toolbar = h('div', { class: 'editor__toolbar', role: 'toolbar', 'aria-label': label + ' formatting' });
  const buttons = tools.map((tool, i) => {
    // Tiptap's "Mod" is Command on Apple devices and Control elsewhere.
    const keys = tool.keys && (apple ? tool.keys.replace('Control', 'Meta') : tool.keys);
    const shown = keys && keys.replace('Control', 'Ctrl').replace('Meta', '⌘');
    const attrs = { type: 'button', class: 'editor__tool', 'aria-label': tool.name, title: keys ? `${tool.name} (${shown})` : tool.name, tabindex: i === 0 ? '0' : '-1' };
    if (tool.active) attrs['aria-pressed'] = 'false';
    if (keys) attrs['aria-keyshortcuts'] = keys;
    return h('button', attrs, h('span', { 'aria-hidden': 'true' }, tool.text));
  });
  toolbar.append(...buttons);
  // One tab stop for the whole toolbar; arrow keys move within it.
  toolbar.addEventListener('keydown', (event) => {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    let next = -1;
    if (event.key === 'ArrowRight') next = (at + 1) % buttons.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    if (next < 0) return;
    event.preventDefault();
    buttons[at].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  });
  toolbar.addEventListener('focusin', (event) => {
    const at = buttons.indexOf(event.target);
    if (at < 0) return;
    buttons.forEach((b, i) => (b.tabIndex = i === at ? 0 : -1));
  });
  return { toolbar, buttons };
}

function refreshToolbar(editor, buttons) {
  tools.forEach((tool, i) => {
    if (tool.active) buttons[i].setAttribute('aria-pressed', String(tool.active(editor)));
    if (tool.enabled) buttons[i].disabled = !tool.enabled(editor);
  });
}

// isEmptyDocument is true for the one empty paragraph of a new document.
// (Tiptap's isEmpty also calls a document holding only an uncaptioned
// image empty.)
function isEmptyDocument(doc) {
  return doc.childCount === 0 || (doc.childCount === 1 && doc.firstChild.type.name === 'paragraph' && doc.firstChild.content.size === 0);
}

// bodyHTML is what the textarea holds: empty for an empty document, so a
// required-body check on the server sees nothing rather than <p></p>;
// otherwise the document in the sanitiser's own spelling.
export function bodyHTML(editor) {
  if (isEmptyDocument(editor.state.doc)) return '';
  // The editor keeps an empty paragraph after a last figure or list so the
  // cursor can get below it; it is not part of the article.
  return documentHTML(editor.state.doc, editor.schema).replace(/(<p><\/p>)+$/, '');
}

// Elements the sanitiser allows (older and imported articles have them)
// but the editor has no block or mark for: opening such a body in the
// editor would silently drop their structure on the next save.
const unsupported = 'table, pre, code, dl, sub, sup, s, del, ins, u, mark, q, cite, abbr, small, kbd, h5, h6';

// unsupportedIn names the kinds of content in html the editor cannot keep.
export function unsupportedIn(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const names = new Set(Array.from(doc.body.querySelectorAll(unsupported), (el) => el.tagName.toLowerCase()));
  return Array.from(names).sort();
}

// plainTextOf returns the text of an HTML fragment with blocks separated,
// for counting words where the rich editor is not mounted.
function plainTextOf(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.body.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, blockquote, figcaption, td, th, div, br').forEach((el) => el.append(' '));
  doc.body.querySelectorAll('script, style').forEach((el) => el.remove());
  return doc.body.textContent;
}

// keepAsHTML leaves the textarea as it is, says why, and still counts
// words and announces changes for autosave.
function keepAsHTML(host, textarea, form, stats, kinds) {
  const note = h('p', { class: 'editor__note', role: 'note' },
    'This text contains formatting the editor cannot show (' + kinds.join(', ') + '), so it is shown as HTML to keep it intact.');
  host.insertBefore(note, textarea);
  let timer = 0;
  const update = () => {
    if (stats) stats.textContent = statsText(wordCount(plainTextOf(textarea.value)));
  };
  textarea.addEventListener('input', () => {
    update();
    clearTimeout(timer);
    timer = setTimeout(() => (form || host).dispatchEvent(new CustomEvent('editor:change', { bubbles: true, detail: { name: textarea.name } })), changeDelay);
  });
  update();
  return null;
}

// mount turns one [data-editor] element into a rich editor and returns
// the Tiptap editor, or null where the textarea is kept.
export function mount(host) {
  const textarea = host.querySelector('textarea');
  if (!textarea || host.dataset.editorMounted) return null;
  host.dataset.editorMounted = 'true';
  const form = host.closest('form');
  const stats = host.querySelector('[data-editor-stats]') || form?.querySelector('[data-editor-stats]') || null;
  const kinds = unsupportedIn(textarea.value);
  if (kinds.length > 0) return keepAsHTML(host, textarea, form, stats, kinds);
  const label = host.querySelector(`label[for="${CSS.escape(textarea.id)}"]`) || host.querySelector('label');
  if (label && !label.id) label.id = uid('editor-label');
  const labelText = label ? label.textContent.trim() : 'Text';

  const { toolbar, buttons } = buildToolbar(labelText);
  const surface = h('div', { class: 'editor__surface' });
  host.append(toolbar, surface);
  textarea.hidden = true;
  // A hidden control cannot show the browser's "required" bubble; the
  // server checks the body instead.
  textarea.required = false;

  const editor = new Editor({
    element: surface,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          HTMLAttributes: { target: null, rel: null, class: null },
          isAllowedUri: (url) => allowedLink.test(url.trim()),
        },
      }),
      Figure,
      Embed,
      PullQuote,
      newsroomKeys(toolbar),
    ],
    editorProps: {
      attributes: {
        class: 'editor__content',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': labelText }),
        ...(stats ? { 'aria-describedby': stats.id || (stats.id = uid('editor-stats')) } : {}),
      },
      transformPastedHTML: cleanPastedHTML,
    },
  });

  if (label) {
    // The label points at the hidden textarea; send its clicks to the editor.
    label.addEventListener('click', (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    const at = buttons.indexOf(button);
    if (at >= 0) tools[at].run(editor);
  });

  const sync = () => {
    textarea.value = bodyHTML(editor);
  };
  let statsFrame = 0;
  const showStats = () => {
    if (!stats) return;
    cancelAnimationFrame(statsFrame);
    statsFrame = requestAnimationFrame(() => {
      stats.textContent = statsText(wordCount(editor.getText({ blockSeparator: ' ' })));
    });
  };
  let changeTimer = 0;
  const announceChange = () => {
    clearTimeout(changeTimer);
    changeTimer = setTimeout(() => {
      (form || host).dispatchEvent(new CustomEvent('editor:change', { bubbles: true, detail: { name: textarea.name } }));
    }, changeDelay);
  };

  editor.on('update', () => {
    sync();
    showStats();
    announceChange();
  });
  editor.on('transaction', () => refreshToolbar(editor, buttons));
  form?.addEventListener('submit', sync, true);

  // Normalise what the server sent to the editor's form at once, so an
  // unchanged article submits the same HTML it will save on the first edit.
  sync();
  showStats();
  refreshToolbar(editor, buttons);
  return editor;
}
