import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHTML } from '../src/serialize.js';

test('text is escaped the way Go html.EscapeString escapes it', () => {
  assert.equal(escapeHTML(`He said "no" & it's <b>`), 'He said &#34;no&#34; &amp; it&#39;s &lt;b&gt;');
  assert.equal(escapeHTML('a\u00a0b — ü'), 'a\u00a0b — ü');
});
