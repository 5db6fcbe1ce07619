import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmbedURL } from '../src/embed.js';

test('known addresses become canonical embeds', () => {
  const cases = [
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['youtube.com/watch?feature=share&v=dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://m.youtube.com/shorts/aBcDeFgHiJk', 'youtube', 'https://www.youtube.com/watch?v=aBcDeFgHiJk'],
    ['https://twitter.com/NASA/status/1234567890123456789?s=20', 'x', 'https://x.com/NASA/status/1234567890123456789'],
    ['https://x.com/jack/status/20', 'x', 'https://x.com/jack/status/20'],
    ['https://mobile.twitter.com/jack/status/20/photo/1', 'x', 'https://x.com/jack/status/20'],
    ['https://www.instagram.com/p/CxYz_12-ab/?igsh=xyz', 'instagram', 'https://www.instagram.com/p/CxYz_12-ab/'],
    ['instagram.com/reel/C1a2b3c4d5/', 'instagram', 'https://www.instagram.com/reel/C1a2b3c4d5/'],
    ['https://www.instagram.com/natgeo/p/CxYz_12-ab/', 'instagram', 'https://www.instagram.com/p/CxYz_12-ab/'],
  ];
  for (const [input, kind, url] of cases) {
    const got = parseEmbedURL(input);
    assert.equal(got.error, undefined, input);
    assert.equal(got.kind, kind, input);
    assert.equal(got.url, url, input);
    assert.ok(got.label.length > 0);
  }
});

test('the label names the account on X', () => {
  assert.equal(parseEmbedURL('https://x.com/jack/status/20').label, 'See the post by @jack on X');
});

test('unknown or malformed addresses are refused with a message', () => {
  const refused = [
    '',
    'not a url at all',
    'https://vimeo.com/123456',
    'https://www.youtube.com/channel/UC123',
    'https://www.youtube.com/watch?v=short',
    'https://x.com/jack',
    'https://x.com/jack/status/abc',
    'https://www.instagram.com/natgeo/',
    'javascript:alert(1)',
    'https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
  ];
  for (const input of refused) {
    const got = parseEmbedURL(input);
    assert.ok(got.error && got.error.length > 10, `${JSON.stringify(input)} accepted: ${JSON.stringify(got)}`);
    assert.equal(got.url, undefined);
  }
});
