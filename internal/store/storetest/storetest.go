// Package storetest is the conformance suite for store.Store: the
// behaviour every backend must show, written once and run against each of
// them, so that SQLite and PostgreSQL cannot drift apart. Backends call Run
// from their own tests.
package storetest

import (
	"testing"

	"github.com/mastheadhq/masthead/internal/store"
)

// Opener returns a fresh, empty store and arranges for it to be closed
// when tb ends.
type Opener = func(tb testing.TB) store.Store

// RunRelated checks the related stories' part of the contract alone, for
// a backend that can rank them another way.
func RunRelated(t *testing.T, open Opener) {
	t.Run("RelatedArticles", func(t *testing.T) { testRelatedArticles(t, open) })
	t.Run("KeptRelatedArticles", func(t *testing.T) { testKeptRelatedArticles(t, open, keptRelated) })
	t.Run("ArticleWithRelated", func(t *testing.T) {
		t.Run("kept lists", func(t *testing.T) { testKeptRelatedArticles(t, open, pageRelated) })
		t.Run("what readers cannot see", func(t *testing.T) { testArticleWithRelated(t, open) })
	})
}

// Run checks the store that open returns against the whole store.Store
// contract. Every subtest opens its own store, so they share no state.
//
// Times are compared to the second: backends are free to drop finer
// precision, and the suite uses whole seconds throughout.
func Run(t *testing.T, open Opener) {
	t.Run("Articles", func(t *testing.T) { testArticles(t, open) })
	t.Run("ArticleLists", func(t *testing.T) { testArticleLists(t, open) })
	RunRelated(t, open)
	t.Run("Categories", func(t *testing.T) { testCategories(t, open) })
	t.Run("Tags", func(t *testing.T) { testTags(t, open) })
	t.Run("Authors", func(t *testing.T) { testAuthors(t, open) })
	t.Run("Pages", func(t *testing.T) { testPages(t, open) })
	t.Run("Images", func(t *testing.T) { testImages(t, open) })
	t.Run("Menus", func(t *testing.T) { testMenus(t, open) })
	t.Run("Banners", func(t *testing.T) { testBanners(t, open) })
	t.Run("Settings", func(t *testing.T) { testSettings(t, open) })
	t.Run("Sitemaps", func(t *testing.T) { testSitemaps(t, open) })
	t.Run("Schedule", func(t *testing.T) { testSchedule(t, open) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, open) })
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open) })
	t.Run("ExplicitIDs", func(t *testing.T) { testExplicitIDs(t, open) })
	t.Run("Walks", func(t *testing.T) { testWalks(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Versions", func(t *testing.T) { testVersions(t, open) })
	t.Run("Revisions", func(t *testing.T) { testRevisions(t, open) })
	t.Run("DraftsAndPresence", func(t *testing.T) { testDraftsAndPresence(t, open) })
	t.Run("Redirects", func(t *testing.T) { testRedirects(t, open) })
	t.Run("Secrets", func(t *testing.T) { testSecrets(t, open) })
	t.Run("TitleSearch", func(t *testing.T) { testTitleSearch(t, open) })
	t.Run("Changes", func(t *testing.T) { testChanges(t, open) })
	t.Run("ChangeKeys", func(t *testing.T) { testChangeKeys(t, open) })
	t.Run("Throttles", func(t *testing.T) { testThrottles(t, open) })
	t.Run("Jobs", func(t *testing.T) { testJobs(t, open) })
	t.Run("TagMerge", func(t *testing.T) { testTagMerge(t, open) })
	t.Run("ImageLibrary", func(t *testing.T) { testImageLibrary(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Staff", func(t *testing.T) { testStaff(t, open) })
	t.Run("TwoFactor", func(t *testing.T) { testTwoFactor(t, open) })
	t.Run("Listings", func(t *testing.T) { testListings(t, open) })
	t.Run("Readers", func(t *testing.T) { testReaders(t, open) })
	t.Run("Subscribers", func(t *testing.T) { testSubscribers(t, open) })
	t.Run("ReaderWalks", func(t *testing.T) { testReaderWalks(t, open) })
	t.Run("APIKeys", func(t *testing.T) { testAPIKeys(t, open) })
	t.Run("Webhooks", func(t *testing.T) { testWebhooks(t, open) })
	t.Run("Imports", func(t *testing.T) { testImports(t, open) })
	t.Run("IntegrationIDs", func(t *testing.T) { testIntegrationIDs(t, open) })
	t.Run("Wire", func(t *testing.T) { testWire(t, open) })
	t.Run("Editions", func(t *testing.T) { testEditions(t, open) })
}
