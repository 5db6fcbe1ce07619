// Entry point of editor.js: every [data-editor] on the page becomes a rich
// editor. The script is loaded with defer, so the document is parsed.
import { mount } from './editor.js';
import { cleanPastedHTML } from './paste.js';

const editors = Array.from(document.querySelectorAll('[data-editor]')).map(mount).filter(Boolean);

// Exposed for the browser tests and for other newsroom scripts (autosave
// may want to flush before leaving).
window.mastheadEditor = { editors, cleanPastedHTML };
