// The article's own blocks: an image with its caption, an embed by address
// and a pull quote. Each renders exactly the markup that render.Sanitize
// keeps unchanged and that the reader theme styles.
import { Node, mergeAttributes } from '@tiptap/core';
import { NodeSelection, TextSelection } from '@tiptap/pm/state';
import { embedKinds } from './embed.js';

function intAttr(value) {
  const n = parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

// imageOf is the image of a figure element, or the element itself when a
// bare <img> is parsed as a figure.
function imageOf(el) {
  return el.tagName === 'IMG' ? el : el.querySelector('img');
}

// Figure is <figure><img …><figcaption>caption — credit</figcaption></figure>.
// The caption is editable text in the document; the image is not.
export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  content: 'inline*',
  marks: 'bold italic link',
  draggable: true,
  isolating: true,
  defining: true,

  addAttributes() {
    return {
      src: { default: null, parseHTML: (el) => imageOf(el)?.getAttribute('src') || null, renderHTML: () => ({}) },
      alt: { default: '', parseHTML: (el) => imageOf(el)?.getAttribute('alt') || '', renderHTML: () => ({}) },
      width: { default: null, parseHTML: (el) => intAttr(imageOf(el)?.getAttribute('width')), renderHTML: () => ({}) },
      height: { default: null, parseHTML: (el) => intAttr(imageOf(el)?.getAttribute('height')), renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    return [
      { tag: 'figure', contentElement: 'figcaption', getAttrs: (el) => (el.querySelector('img[src]') && !el.classList.contains('embed') ? null : false) },
      // A bare image (pasted, or from older articles) becomes a figure with
      // an empty caption, so every image can be captioned.
      { tag: 'img[src]' },
    ];
  },

  renderHTML({ node }) {
    const img = { src: node.attrs.src, alt: node.attrs.alt || '' };
    if (node.attrs.width) img.width = String(node.attrs.width);
    if (node.attrs.height) img.height = String(node.attrs.height);
    return ['figure', ['img', img], ['figcaption', 0]];
  },

  // The caption is a text block, so the default keys would split a figure
  // in two (Enter) or merge its caption into the paragraph before and lose
  // the image (Backspace). Here Enter leaves the caption for a new
  // paragraph, and Backspace at the start of an empty caption selects the
  // figure, so that a second Backspace deletes it.
  addKeyboardShortcuts() {
    const inFigure = () => {
      const { $from, empty } = this.editor.state.selection;
      return empty && $from.parent.type.name === this.name ? $from : null;
    };
    return {
      Enter: () => {
        const $from = inFigure();
        if (!$from) return false;
        const after = $from.after();
        return this.editor.commands.command(({ tr, dispatch }) => {
          if (dispatch) {
            tr.insert(after, this.editor.schema.nodes.paragraph.create());
            tr.setSelection(TextSelection.create(tr.doc, after + 1));
          }
          return true;
        });
      },
      Backspace: () => {
        const $from = inFigure();
        if (!$from || $from.parentOffset > 0) return false;
        if ($from.parent.content.size > 0) return true;
        return this.editor.commands.command(({ tr, dispatch }) => {
          if (dispatch) tr.setSelection(NodeSelection.create(tr.doc, $from.before()));
          return true;
        });
      },
    };
  },

  addCommands() {
    return {
      insertFigure: (attrs) => ({ commands }) => {
        const content = attrs.caption ? [{ type: 'text', text: attrs.caption }] : [];
        return commands.insertContent({ type: this.name, attrs: { src: attrs.src, alt: attrs.alt, width: attrs.width, height: attrs.height }, content });
      },
    };
  },
});

// Embed is <figure class="embed" data-embed="KIND"><a href="URL">LABEL</a></figure>:
// a link that works without JavaScript and loads nothing from the service
// until the reader follows it.
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      kind: { default: null, parseHTML: (el) => el.getAttribute('data-embed'), renderHTML: () => ({}) },
      url: { default: null, parseHTML: (el) => el.querySelector('a[href]')?.getAttribute('href') || null, renderHTML: () => ({}) },
      label: { default: '', parseHTML: (el) => (el.querySelector('a')?.textContent || '').trim(), renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    return [{
      tag: 'figure.embed',
      priority: 60,
      getAttrs: (el) => (embedKinds.includes(el.getAttribute('data-embed')) && el.querySelector('a[href]') ? null : false),
    }];
  },

  renderHTML({ node }) {
    return ['figure', { class: 'embed', 'data-embed': node.attrs.kind }, ['a', { href: node.attrs.url }, node.attrs.label || node.attrs.url]];
  },

  renderText({ node }) {
    return node.attrs.label || '';
  },

  addCommands() {
    return {
      insertEmbed: (attrs) => ({ commands }) => commands.insertContent({ type: this.name, attrs }),
    };
  },
});

// PullQuote is <aside class="pullquote"><p>…</p></aside>. Older articles
// marked pull quotes as <blockquote class="pullquote">; they open as the
// same block and are saved in the new form.
export const PullQuote = Node.create({
  name: 'pullquote',
  group: 'block',
  content: 'paragraph+',
  defining: true,

  parseHTML() {
    return [
      { tag: 'aside.pullquote', priority: 60 },
      { tag: 'blockquote.pullquote', priority: 60 },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['aside', mergeAttributes(HTMLAttributes, { class: 'pullquote' }), 0];
  },

  addCommands() {
    return {
      togglePullQuote: () => ({ commands }) => commands.toggleWrap(this.name),
    };
  },

  addKeyboardShortcuts() {
    // Not Mod-Shift-p: Firefox keeps that for a private window.
    return { 'Mod-Alt-p': () => this.editor.commands.togglePullQuote() };
  },
});
