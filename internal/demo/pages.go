package demo

// staticPage is one of the publication's fixed pages.
type staticPage struct{ title, slug, body string }

var staticPages = []staticPage{
	{"Privacy Policy", "privacy-policy", privacyPolicy},
	{"Terms and Conditions", "terms-and-conditions", termsAndConditions},
	{"Cookies Policy", "cookies-policy", cookiesPolicy},
	{"Who we are", "who-we-are", whoWeAre},
}

const privacyPolicy = `<p>This policy explains what information Caspian Digest collects when you read our website, why we collect it, and what choices you have. We have written it to be read, not just accepted: if anything is unclear, write to us at <a href="mailto:editor@caspiandigest.example">editor@caspiandigest.example</a>.</p>
<h2>Who is responsible</h2>
<p>Caspian Digest is the controller of the personal data described here. We are a small editorial team, and the same people who edit the digest answer questions about privacy.</p>
<h2>What we collect when you read</h2>
<p>You can read every article on this site without an account and without telling us who you are. Like every website, our server receives the address of your device and the details your browser sends with each request, such as the page asked for and the browser's name. We keep these server logs for no longer than fourteen days, to keep the site secure and working, and we do not use them to build profiles of readers.</p>
<p>We do not run advertising, we do not use third-party analytics or tracking scripts, and we do not sell or share information about our readers.</p>
<h2>Cookies and storage in your browser</h2>
<p>We set a single cookie of our own: the consent cookie, which records whether you accepted or refused the notice at the top of the page, so that it does not appear on every visit. It holds no identifier and expires after one year.</p>
<p>Two reading preferences are kept in your browser's localStorage rather than in a cookie: the font size you choose with the text-size control, and whether you prefer the light or dark theme. They never leave your device and are never sent to our server. You can remove them at any time by clearing the site data in your browser's settings.</p>
<p>Staff who sign in to the newsroom receive a session cookie needed for that purpose only. Readers never receive it. Our <a href="/cookies-policy/">Cookies Policy</a> describes each of these in detail.</p>
<h2>Newsletters and correspondence</h2>
<p>If you subscribe to the daily digest by email, we keep your address and the date you subscribed, and use them only to send the digest. Every message contains a link to unsubscribe. If you write to us, we keep your message and our reply for as long as needed to deal with it, and for up to two years afterwards in case you write again.</p>
<h2>Your rights</h2>
<p>You may ask us for a copy of the personal data we hold about you, ask us to correct or delete it, or object to how we use it. We will answer within one month. You may also complain to the data protection authority where you live.</p>
<h2>Changes to this policy</h2>
<p>When we change this policy, we publish the new version on this page with the date of the change. Significant changes will also be announced in the digest.</p>`

const termsAndConditions = `<p>These terms govern your use of the Caspian Digest website. By reading the site you accept them; if you do not, please do not use it.</p>
<h2>Our content</h2>
<p>Articles, photographs, illustrations and other material on this site are protected by copyright. Unless stated otherwise, the copyright belongs to Caspian Digest or to the authors and publications credited with each piece. Reprints and translations are published with the permission of the original publishers, and the credit at the end of each article names the source.</p>
<p>You may share links to our articles freely and quote short passages with a clear credit and a link to the original. Republishing whole articles requires our written permission; write to <a href="mailto:editor@caspiandigest.example">editor@caspiandigest.example</a>.</p>
<h2>Opinions and accuracy</h2>
<p>Opinion pieces reflect the views of their authors, not necessarily those of the editors. We take care to be accurate and we correct errors promptly; if you believe something we have published is wrong, tell us and we will look into it. Corrections are noted at the foot of the article concerned.</p>
<h2>Links to other sites</h2>
<p>We link to other websites where they help readers understand a story. We are not responsible for their content or their privacy practices, and a link is not an endorsement.</p>
<h2>Availability</h2>
<p>We aim to keep the site available at all times but cannot promise that it will be free of interruptions. We may change or remove content and features without notice.</p>
<h2>Liability</h2>
<p>The site is provided for information. To the extent the law allows, we accept no liability for loss arising from reliance on its content. Nothing in these terms limits rights you have as a consumer that cannot be excluded by agreement.</p>
<h2>Changes</h2>
<p>We may update these terms from time to time. The version published on this page is the one in force.</p>`

const cookiesPolicy = `<p>Cookies are small files a website asks your browser to keep. This page lists every cookie and every item of browser storage this site uses. The list is short because we use no advertising or analytics services.</p>
<h2>The consent cookie</h2>
<p>When you accept or refuse the notice at the top of the page, we set a cookie that remembers your choice for one year. It contains only that choice, and is sent only to this site.</p>
<h2>Reading preferences</h2>
<p>The text-size control and the light or dark theme switch save your choices in your browser's localStorage. This is not a cookie: the values are never sent to our server. Clearing the site data in your browser removes them, and the site returns to its default size and theme.</p>
<h2>Staff sign-in</h2>
<p>Members of the editorial team who sign in to the newsroom receive a session cookie that keeps them signed in and protects their forms against forgery. It is deleted when they sign out or after a period of inactivity. Readers never receive it.</p>
<h2>Managing cookies</h2>
<p>Every modern browser lets you see, block and delete cookies. Blocking the consent cookie means the notice will appear on each visit; the rest of the site works as before.</p>`

const whoWeAre = `<p>Caspian Digest is an independent political and socio-cultural digest about Azerbaijan and the South Caucasus. Every day we publish a selection of news, analysis and commentary: our own reporting, translations from the Azerbaijani and Russian-language press, and reprints of articles about the region from publications around the world.</p>
<h2>What we do</h2>
<p>Much of what is written about the region never reaches readers who do not speak its languages, and much of what is written about it abroad never reaches readers at home. We try to close both gaps. Our translators work from Azerbaijani and Russian; our editors choose pieces that explain rather than merely report, and we credit every source.</p>
<h2>How we work</h2>
<p>We distinguish clearly between news, analysis and opinion. Opinion pieces carry the author's name and reflect the author's views. Reprints and translations name the original publication and, where we have it, link to the original text. When we make a mistake, we correct it and say so.</p>
<h2>Our team</h2>
<p>The digest is edited in Baku by a small team of editors and translators, with contributors in Tbilisi, Istanbul, Rome, Berlin and Kyiv. We welcome proposals from writers and researchers with something to say about the region.</p>
<h2>Contact</h2>
<p>Write to the editors at <a href="mailto:editor@caspiandigest.example">editor@caspiandigest.example</a>. We read every message, and we reply to as many as we can.</p>`
