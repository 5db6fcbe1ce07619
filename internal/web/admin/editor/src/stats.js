// Word count and reading time, counted the way the server counts them
// (render.WordCount and news.ReadingMinutes), so the number a journalist
// sees while writing is the number readers are shown.

export const wordsPerMinute = 230;

const wordish = /[\p{L}\p{Nd}]/u;

// wordCount counts whitespace-separated tokens with at least one letter or
// digit: a dash or a bullet on its own is not a word.
export function wordCount(text) {
  let n = 0;
  for (const token of String(text).split(/\s+/)) {
    if (wordish.test(token)) n++;
  }
  return n;
}

// readingMinutes rounds up and never says zero.
export function readingMinutes(words) {
  return Math.max(1, Math.ceil(words / wordsPerMinute));
}

export function statsText(words) {
  return (words === 1 ? '1 word' : words + ' words') + ' · ' + readingMinutes(words) + ' min read';
}
