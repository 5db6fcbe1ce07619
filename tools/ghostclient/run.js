// Runs every call of the official Ghost Content API client against a
// Masthead server and prints what each returned, as one JSON object, for
// internal/app/ghost_client_test.go to check against the store.
//
// Usage: node run.js URL KEY '{"postSlug": "...", ...}'
'use strict';
const GhostContentAPI = require('@tryghost/content-api');

async function main() {
    const [url, key, given] = process.argv.slice(2);
    const ids = JSON.parse(given);
    const api = new GhostContentAPI({url, key, version: 'v6.0'});
    const calls = {
        postsBrowse: () => api.posts.browse(),
        postsBrowseAll: () => api.posts.browse({limit: 'all', fields: 'id,slug,published_at'}),
        postsPage2: () => api.posts.browse({limit: 2, page: 2, fields: 'slug'}),
        postsIncluded: () => api.posts.browse({limit: 3, include: 'tags,authors', formats: 'html,plaintext'}),
        postsFiltered: () => api.posts.browse({filter: `tag:${ids.tagSlug}`, fields: 'slug', limit: 'all', include: 'tags'}),
        postsFilteredOr: () => api.posts.browse({filter: `tag:${ids.tagSlug},author:${ids.authorSlug}`, fields: 'slug', limit: 'all'}),
        postsOrdered: () => api.posts.browse({order: 'title asc', fields: 'title', limit: 5}),
        postsRecent: () => api.posts.browse({filter: 'published_at:>now-30d', fields: 'slug,published_at', limit: 'all'}),
        postsPlaintext: () => api.posts.browse({limit: 1, formats: 'plaintext', fields: 'slug,plaintext,html'}),
        postRead: () => api.posts.read({id: ids.postId}, {include: 'tags,authors'}),
        postReadSlug: () => api.posts.read({slug: ids.postSlug}, {fields: 'id,title,url'}),
        postMissing: () => api.posts.read({slug: 'no-such-post'}),
        postBadFilter: () => api.posts.browse({filter: 'tag:(news'}),
        pagesBrowse: () => api.pages.browse({limit: 'all'}),
        pageRead: () => api.pages.read({id: ids.pageId}),
        pageReadSlug: () => api.pages.read({slug: ids.pageSlug}, {formats: 'plaintext'}),
        tagsBrowse: () => api.tags.browse({limit: 'all', include: 'count.posts'}),
        tagsFiltered: () => api.tags.browse({filter: `slug:[${ids.tagSlug},${ids.sectionSlug}]`}),
        tagRead: () => api.tags.read({id: ids.tagId}, {include: 'count.posts'}),
        tagReadSlug: () => api.tags.read({slug: ids.sectionSlug}),
        authorsBrowse: () => api.authors.browse({limit: 'all', include: 'count.posts'}),
        authorsOrdered: () => api.authors.browse({order: 'name desc', fields: 'name', limit: 2}),
        authorRead: () => api.authors.read({id: ids.authorId}),
        authorReadSlug: () => api.authors.read({slug: ids.authorSlug}, {include: 'count.posts'}),
        tiersBrowse: () => api.tiers.browse(),
        newslettersBrowse: () => api.newsletters.browse(),
        offerRead: () => api.offers.read({id: '000000000000000000000000'}),
        settingsBrowse: () => api.settings.browse(),
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
        try {
            const res = await call();
            out[name] = {result: res, meta: res && res.meta ? res.meta : null};
        } catch (err) {
            out[name] = {error: {name: err.name, message: err.message, type: err.type, context: err.context}};
        }
    }
    // Clients set up for older Ghost versions build versioned paths.
    out.versioned = {};
    for (const version of ['v2', 'v3', 'v4', 'v4.0', 'canary']) {
        const old = new GhostContentAPI({url, key, version});
        try {
            const res = await old.posts.browse({limit: 3, fields: 'slug'});
            out.versioned[version] = res.map((p) => p.slug);
        } catch (err) {
            out.versioned[version] = {error: err.message};
        }
    }
    const badKey = new GhostContentAPI({url, key: 'ffffffffffffffffffffffffff', version: 'v6.0'});
    try {
        await badKey.posts.browse();
        out.unknownKey = {result: 'accepted'};
    } catch (err) {
        out.unknownKey = {error: {name: err.name, message: err.message, type: err.type}};
    }
    process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
    process.stderr.write(String(err && err.stack || err));
    process.exit(1);
});
