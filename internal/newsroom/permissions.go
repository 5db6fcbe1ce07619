// Package newsroom holds the use cases of the people who make the
// publication: writing, reviewing, scheduling and publishing, and the
// permission checks that decide who may do each. Every write, from the
// admin, an import or the API, passes through here.
package newsroom

import "github.com/mastheadhq/masthead/internal/news"

// Action is something a staff member asks to do.
type Action string

// The actions the newsroom checks. "Own" content is content the staff
// member is a byline of.
const (
	WriteArticle       Action = "article.write"          // create a draft
	EditArticle        Action = "article.edit"           // change an article's text and fields
	SubmitArticle      Action = "article.submit"         // send a draft for review
	PublishArticle     Action = "article.publish"        // publish, schedule or unpublish
	DeleteArticle      Action = "article.delete"         // remove an article
	EditPublished      Action = "article.edit-published" // change an article readers can see
	UploadMedia        Action = "media.upload"
	EditMedia          Action = "media.edit" // alt text, caption, credit
	CreateTag          Action = "tag.create" // while writing, by type-ahead
	ManageTags         Action = "tag.manage" // rename, merge, delete
	ManageCategories   Action = "category.manage"
	ManagePages        Action = "page.manage"
	ManageMenus        Action = "menu.manage"
	ManageBanners      Action = "banner.manage"
	ManageAuthors      Action = "author.manage" // other people's profiles
	EditOwnProfile     Action = "author.edit-own"
	ManageSettings     Action = "settings.manage"
	ManageUsers        Action = "user.manage"
	ManageAPIKeys      Action = "apikey.manage"
	ManageWebhooks     Action = "webhook.manage" // register addresses, read deliveries, re-send
	ViewAuditLog       Action = "audit.view"
	ViewSubscribers    Action = "subscriber.view"   // the newsletter's figures
	ExportSubscribers  Action = "subscriber.export" // the list of addresses, and its CSV
	ViewDashboard      Action = "dashboard.view"
	PreviewUnpublished Action = "article.preview"
	ReadWire           Action = "wire.read"   // the wire inbox, and reprinting or translating from it
	ManageWireSources  Action = "wire.manage" // add, change and remove the feeds the wire follows
)

// Actions lists every action, for tests and for documentation.
var Actions = []Action{
	WriteArticle, EditArticle, SubmitArticle, PublishArticle, DeleteArticle, EditPublished,
	UploadMedia, EditMedia, CreateTag, ManageTags, ManageCategories, ManagePages, ManageMenus,
	ManageBanners, ManageAuthors, EditOwnProfile, ManageSettings, ManageUsers, ManageAPIKeys,
	ManageWebhooks, ViewAuditLog, ViewSubscribers, ExportSubscribers, ViewDashboard, PreviewUnpublished,
	ReadWire, ManageWireSources,
}

// grant says whether a role may act on content it owns and on anyone's.
type grant struct{ own, any bool }

var (
	everything = grant{own: true, any: true}
	ownOnly    = grant{own: true}
)

// capabilities is the whole permission matrix, written out so that it can
// be read, reviewed and tested in one place. A missing entry is a refusal.
var capabilities = map[news.Role]map[Action]grant{
	news.RoleAdministrator: allOf(Actions),
	news.RoleEditor: {
		WriteArticle: everything, EditArticle: everything, SubmitArticle: everything,
		PublishArticle: everything, DeleteArticle: everything, EditPublished: everything,
		UploadMedia: everything, EditMedia: everything, CreateTag: everything, ManageTags: everything,
		ManageCategories: everything, ManagePages: everything, ManageMenus: everything,
		ManageBanners: everything, ManageAuthors: everything, EditOwnProfile: everything,
		ViewSubscribers: everything, ViewDashboard: everything, PreviewUnpublished: everything,
		ReadWire: everything, ManageWireSources: everything,
	},
	news.RoleAuthor: {
		WriteArticle: everything, EditArticle: ownOnly, SubmitArticle: ownOnly,
		PublishArticle: ownOnly, DeleteArticle: ownOnly, EditPublished: ownOnly,
		UploadMedia: everything, EditMedia: ownOnly, CreateTag: everything,
		EditOwnProfile: everything, ViewDashboard: everything, PreviewUnpublished: ownOnly,
		ReadWire: everything,
	},
	// Contributors write but never publish. They may upload pictures for
	// their drafts: the media library takes only raster images (JPEG, PNG,
	// WebP, GIF), re-encoded, so no upload can carry a script.
	news.RoleContributor: {
		WriteArticle: everything, EditArticle: ownOnly, SubmitArticle: ownOnly,
		DeleteArticle: ownOnly, UploadMedia: everything, EditMedia: ownOnly,
		CreateTag: everything, EditOwnProfile: everything,
		ViewDashboard: everything, PreviewUnpublished: ownOnly,
		ReadWire: everything,
	},
}

func allOf(actions []Action) map[Action]grant {
	m := make(map[Action]grant, len(actions))
	for _, a := range actions {
		m[a] = everything
	}
	return m
}

// Allowed reports whether a staff member with role may do action, on
// content they own (own) or someone else's. Unknown roles and actions are
// refused.
func Allowed(role news.Role, action Action, own bool) bool {
	g := capabilities[role][action]
	if own {
		return g.own
	}
	return g.any
}
