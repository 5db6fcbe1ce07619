// Turning a pasted address into an embed the sanitiser and the reader
// theme understand. Only three services are known; anything else is refused
// with a message, so a journalist never publishes a silently broken embed.

const youtubeHosts = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);
const xHosts = new Set(['x.com', 'www.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com', 'mobile.x.com']);
const instagramHosts = new Set(['instagram.com', 'www.instagram.com']);

const youtubeID = /^[A-Za-z0-9_-]{11}$/;
const xUser = /^[A-Za-z0-9_]{1,15}$/;
const xStatus = /^[0-9]{1,20}$/;
const instagramCode = /^[A-Za-z0-9_-]{5,40}$/;

export const embedKinds = ['youtube', 'x', 'instagram'];

export const refusal = 'Only YouTube videos, posts on X (Twitter) and Instagram posts or reels can be embedded. Paste the address of the video or post itself.';

// parseEmbedURL returns {kind, url, label} for a YouTube, X/Twitter or
// Instagram address, with the address rewritten to its canonical form, or
// {error} saying why it was refused.
export function parseEmbedURL(input) {
  let raw = String(input || '').trim();
  if (raw === '') return { error: 'Paste the address of a YouTube video, an X post or an Instagram post.' };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) raw = 'https://' + raw;
  let u;
  try {
    u = new URL(raw);
  } catch {
    return { error: 'That is not a web address. ' + refusal };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { error: refusal };
  const host = u.hostname.toLowerCase();
  const parts = u.pathname.split('/').filter(Boolean);

  if (host === 'youtu.be' || youtubeHosts.has(host)) {
    let id = '';
    if (host === 'youtu.be') id = parts[0] || '';
    else if (parts.length === 1 && parts[0] === 'watch') id = u.searchParams.get('v') || '';
    else if (parts.length === 2 && ['shorts', 'embed', 'live'].includes(parts[0])) id = parts[1];
    if (!youtubeID.test(id)) return { error: 'That YouTube address does not point to a video. Use the address of the video page (youtube.com/watch?v=…, youtu.be/… or youtube.com/shorts/…).' };
    return { kind: 'youtube', url: 'https://www.youtube.com/watch?v=' + id, label: 'Watch the video on YouTube' };
  }
  if (xHosts.has(host)) {
    if (parts.length < 3 || !xUser.test(parts[0]) || parts[1] !== 'status' || !xStatus.test(parts[2])) {
      return { error: 'That X (Twitter) address does not point to a post. Use an address like x.com/name/status/123….' };
    }
    return { kind: 'x', url: 'https://x.com/' + parts[0] + '/status/' + parts[2], label: 'See the post by @' + parts[0] + ' on X' };
  }
  if (instagramHosts.has(host)) {
    // Posts are /p/CODE/ or /reel/CODE/, sometimes after the account name.
    const at = parts.findIndex((p) => p === 'p' || p === 'reel' || p === 'reels');
    const code = at >= 0 ? parts[at + 1] || '' : '';
    if (!instagramCode.test(code)) return { error: 'That Instagram address does not point to a post or reel. Use an address like instagram.com/p/… or instagram.com/reel/….' };
    const kind = parts[at] === 'p' ? 'p' : 'reel';
    return { kind: 'instagram', url: 'https://www.instagram.com/' + kind + '/' + code + '/', label: kind === 'p' ? 'See the post on Instagram' : 'Watch the reel on Instagram' };
  }
  return { error: refusal };
}
