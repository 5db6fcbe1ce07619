// Writing the document as HTML in exactly the form the server's sanitiser
// (bluemonday, through Go's html package) writes it back: text and
// attribute values escape & < > " ' as &amp; &lt; &gt; &#34; &#39;, and
// nothing else. The browser's innerHTML writes quotes raw and U+00A0 as
// &nbsp;, so an unchanged article would otherwise come back from the
// server different, byte for byte, from what the editor sent.
import { DOMSerializer } from '@tiptap/pm/model';

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeHTML(s) {
  return s.replace(/[&<>"']/g, (c) => escapes[c]);
}

// serializeNodes writes DOM nodes (elements and text) as HTML.
export function serializeNodes(nodes) {
  let out = '';
  for (const node of nodes) {
    if (node.nodeType === 3) {
      out += escapeHTML(node.data);
    } else if (node.nodeType === 1) {
      const name = node.tagName.toLowerCase();
      out += '<' + name;
      for (const attr of node.attributes) out += ' ' + attr.name + '="' + escapeHTML(attr.value) + '"';
      out += '>';
      if (voidElements.has(name)) continue;
      out += serializeNodes(node.childNodes) + '</' + name + '>';
    }
  }
  return out;
}

// documentHTML writes a ProseMirror document as HTML.
export function documentHTML(doc, schema) {
  const fragment = DOMSerializer.fromSchema(schema).serializeFragment(doc.content, { document });
  return serializeNodes(fragment.childNodes);
}
