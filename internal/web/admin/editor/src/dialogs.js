// Small modal forms for what needs more than a key press: a link address,
// an image from the media library, an embed address. They use <dialog>,
// which keeps focus inside, closes on Escape and returns focus on close.
import { h, uid } from './dom.js';
import { parseEmbedURL } from './embed.js';

function field(label, input, hint) {
  const id = input.id || uid('editor-field');
  input.id = id;
  const hintEl = hint ? h('p', { class: 'editor-dialog__hint', id: id + '-hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('p', { class: 'editor-dialog__field' }, h('label', { for: id }, label), input, hintEl);
}

// openDialog shows a modal form. onSubmit returns an error message to show,
// or nothing to close the dialog.
function openDialog({ title, body, submitLabel, onSubmit, extraButtons = [] }) {
  const titleId = uid('editor-dialog-title');
  const error = h('p', { class: 'editor-dialog__error', role: 'alert' });
  const form = h('form', { method: 'dialog', class: 'editor-dialog__form', novalidate: true },
    h('h2', { id: titleId }, title),
    body,
    error,
    h('p', { class: 'editor-dialog__actions' },
      h('button', { type: 'submit', class: 'button' }, submitLabel),
      ...extraButtons,
      h('button', { type: 'button', class: 'button button--ghost', 'data-cancel': true }, 'Cancel')));
  const dialog = h('dialog', { class: 'editor-dialog', 'aria-labelledby': titleId }, form);
  const close = () => {
    dialog.close();
  };
  dialog.addEventListener('close', () => dialog.remove());
  form.querySelector('[data-cancel]').addEventListener('click', close);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const message = onSubmit();
    if (message) {
      error.textContent = message;
      return;
    }
    close();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close, error };
}

// normaliseLinkAddress accepts what the sanitiser keeps: http(s), mailto
// and paths on this site. A bare domain gets https://.
export function normaliseLinkAddress(input) {
  let href = String(input || '').trim();
  if (href === '') return { href: '' };
  if (/^[\w.-]+@[\w-]+\.[\w.-]+$/.test(href)) href = 'mailto:' + href;
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('/') && !href.startsWith('#')) href = 'https://' + href;
  if (href.startsWith('//')) return { error: 'Start the address with https://.' };
  if (!/^(https?:|mailto:|\/|#)/i.test(href)) return { error: 'Links must be web addresses (https://…), email addresses or paths on this site (/…).' };
  if (/^https?:/i.test(href)) {
    try {
      new URL(href);
    } catch {
      return { error: 'That is not a web address.' };
    }
  }
  return { href };
}

export function linkDialog(editor) {
  const current = editor.getAttributes('link').href || '';
  const input = h('input', { type: 'text', inputmode: 'url', autocomplete: 'off', value: current, required: true });
  const extra = [];
  if (current) {
    extra.push(h('button', { type: 'button', class: 'button button--ghost', onclick: () => {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      d.close();
    } }, 'Remove link'));
  }
  const d = openDialog({
    title: current ? 'Edit link' : 'Add link',
    body: field('Address', input, 'A web address, an email address or a path on this site, like /2026/01/02/story/.'),
    submitLabel: current ? 'Update link' : 'Add link',
    extraButtons: extra,
    onSubmit: () => {
      const { href, error } = normaliseLinkAddress(input.value);
      if (error) return error;
      if (!href) return 'Enter the address to link to.';
      const chain = editor.chain().focus().extendMarkRange('link');
      if (editor.state.selection.empty && !editor.isActive('link')) {
        chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
      } else {
        chain.setLink({ href }).run();
      }
      return '';
    },
  });
  input.select();
}

export function embedDialog(editor) {
  const input = h('input', { type: 'text', inputmode: 'url', autocomplete: 'off', required: true });
  openDialog({
    title: 'Embed a video or post',
    body: field('Address of the YouTube video, X post or Instagram post', input, 'Readers see a link card; nothing loads from the service until they follow it.'),
    submitLabel: 'Embed',
    onSubmit: () => {
      const embed = parseEmbedURL(input.value);
      if (embed.error) return embed.error;
      editor.chain().focus().insertEmbed({ kind: embed.kind, url: embed.url, label: embed.label }).run();
      return '';
    },
  });
  input.focus();
}

// captionOf joins an image's caption and credit the way the reader theme
// shows them: "caption — credit".
export function captionOf(image) {
  return [image.caption, image.credit].map((s) => String(s || '').trim()).filter(Boolean).join(' — ');
}

// localImageAddress accepts images on this site only: the site's Content
// Security Policy (img-src 'self') would block any other for readers.
// A full address on this site is shortened to its path.
export function localImageAddress(input, origin = window.location.origin) {
  let src = String(input || '').trim();
  if (!src) return { error: 'Pick an image or enter its address.' };
  if (/^https?:\/\//i.test(src)) {
    let u;
    try {
      u = new URL(src);
    } catch {
      return { error: 'That is not a web address.' };
    }
    if (u.origin !== origin) return { error: 'Images must come from this site (upload them to the media library first): the site does not show images from other sites.' };
    src = u.pathname + u.search;
  }
  if (!src.startsWith('/') || src.startsWith('//')) return { error: 'The image address must be a path on this site, like /media/….' };
  return { src };
}

export function imageDialog(editor, mediaURL) {
  const search = h('input', { type: 'search', autocomplete: 'off' });
  const status = h('p', { class: 'editor-dialog__hint', role: 'status' });
  const results = h('ul', { class: 'editor-media' });
  const url = h('input', { type: 'text', inputmode: 'url', autocomplete: 'off', required: true });
  const alt = h('input', { type: 'text', autocomplete: 'off', required: true });
  const caption = h('input', { type: 'text', autocomplete: 'off' });
  let size = { width: null, height: null };

  const pick = (image, button) => {
    url.value = image.url;
    url.dataset.picked = image.url;
    alt.value = image.alt || '';
    caption.value = captionOf(image);
    size = { width: image.width || null, height: image.height || null };
    results.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    (alt.value ? caption : alt).focus();
  };

  let timer = 0;
  let latest = 0;
  const load = async () => {
    const ask = ++latest;
    status.textContent = 'Searching the media library…';
    try {
      const res = await fetch(mediaURL + '?q=' + encodeURIComponent(search.value.trim()), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error('status ' + res.status);
      const data = await res.json();
      if (ask !== latest) return;
      const images = Array.isArray(data.images) ? data.images : [];
      results.replaceChildren(...images.map((image) => {
        const button = h('button', { type: 'button', class: 'editor-media__pick', 'aria-pressed': 'false' },
          h('img', { src: image.thumb || image.url, alt: '', loading: 'lazy' }),
          h('span', {}, image.alt || image.caption || image.url));
        button.addEventListener('click', () => pick(image, button));
        return h('li', {}, button);
      }));
      status.textContent = images.length === 0 ? 'No images found. You can also enter an image address below.' : images.length + (images.length === 1 ? ' image' : ' images') + ' found.';
    } catch {
      if (ask !== latest) return;
      results.replaceChildren();
      status.textContent = 'The media library could not be reached. Enter the image address and its alt text below.';
    }
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  });
  search.addEventListener('keydown', (event) => {
    // Enter searches at once instead of submitting the dialog.
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      load();
    }
  });

  openDialog({
    title: 'Insert image',
    body: [
      field('Search the media library', search),
      status,
      results,
      field('Image address', url, 'Filled in when you pick an image above; otherwise a path on this site, like /media/….'),
      field('Alt text (required)', alt, 'Describe the image for readers who cannot see it.'),
      field('Caption and credit', caption),
    ],
    submitLabel: 'Insert image',
    onSubmit: () => {
      const { src, error } = localImageAddress(url.value);
      if (error) return error;
      if (!alt.value.trim()) {
        alt.focus();
        return 'Alt text is required: describe the image for readers who cannot see it.';
      }
      // The size belongs to the picked image, not to an address typed over it.
      if (src !== url.dataset.picked) size = { width: null, height: null };
      editor.chain().focus().insertFigure({ src, alt: alt.value.trim(), caption: caption.value.trim(), width: size.width, height: size.height }).run();
      return '';
    },
  });
  search.focus();
  load();
}
