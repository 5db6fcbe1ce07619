import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordCount, readingMinutes, statsText } from '../src/stats.js';

test('words are counted like render.WordCount', () => {
  assert.equal(wordCount('One two three. Four — five six'), 6);
  assert.equal(wordCount('  '), 0);
  assert.equal(wordCount('Azərbaycan 2026 · ığ'), 3);
  assert.equal(wordCount('a\u00a0b'), 2);
});

test('reading time rounds up and is at least one minute', () => {
  assert.equal(readingMinutes(0), 1);
  assert.equal(readingMinutes(230), 1);
  assert.equal(readingMinutes(231), 2);
  assert.equal(statsText(1), '1 word · 1 min read');
  assert.equal(statsText(461), '461 words · 3 min read');
});
