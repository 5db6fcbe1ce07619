package demo

import (
	"fmt"
	"image/color"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func settings(now time.Time, logo *news.Image) news.Settings {
	return news.Settings{
		Name:    "Caspian Digest",
		Tagline: "Daily Digest",
		About: "We are a political and socio-cultural digest offering exclusive materials, translations from Azerbaijani media, " +
			"and reprints of articles from around the world about the South Caucasus.",
		ContactEmail: "editor@caspiandigest.example",
		Copyright:    fmt.Sprintf("© 2021–%d Caspian Digest – Daily Digest", now.Year()),
		BaseURL:      "", // taken from the request, so the demo links to wherever it runs
		Language:     "en",
		TimeZone:     "Asia/Baku",
		Social: []news.SocialLink{
			{Network: "x", URL: "https://x.com/caspiandigest_example"},
			{Network: "facebook", URL: "https://www.facebook.com/caspiandigest.example"},
			{Network: "telegram", URL: "https://t.me/caspiandigest_example"},
			{Network: "youtube", URL: "https://www.youtube.com/@caspiandigest-example"},
			{Network: "linkedin", URL: "https://www.linkedin.com/company/caspiandigest-example"},
		},
		Logo:        logo,
		ConsentText: "By using this site, you agree to the Privacy Policy and Terms of Use.",
	}
}

// section is a category with its sub-categories, in menu order.
type section struct {
	name, description string
	children          []section
}

// sections is the reference digest's section tree.
var sections = []section{
	{name: "COP29", description: "The UN climate conference in Baku: negotiations, finance and what followed."},
	{name: "Opinion", description: "Commentary and analysis from our contributors. Views are the authors' own."},
	{name: "News", description: "The day's news from Azerbaijan and the South Caucasus.", children: []section{
		{name: "Economy", description: "Growth, trade, business and the public purse."},
		{name: "Energy", description: "Oil, gas, renewables and the routes that carry them."},
		{name: "Climate and Ecology", description: "Climate change, the Caspian, water, air and land."},
	}},
	{name: "Culture", description: "Music, literature, film, art and heritage."},
	{name: "Diaspora", description: "Communities abroad and their ties with home."},
	{name: "Interview", description: "Conversations with the people shaping the region."},
	{name: "Science", description: "Research, universities and technology."},
	{name: "Logistics-Transport", description: "The Middle Corridor, ports, railways and roads."},
	{name: "Gender", description: "Women's rights, work, education and family policy."},
	{name: "History", description: "The past of the region and how it is remembered."},
	{name: "Defense", description: "Armed forces, security policy and demining."},
	{name: "Karabakh", description: "Reconstruction, return and the peace process."},
}

// topics are the tags that cut across sections.
var topics = []news.Tag{
	{Name: "COP29", Description: "Coverage of the 29th UN climate change conference, held in Baku in November 2024."},
	{Name: "Karabakh", Description: "The region, its reconstruction and the people returning to it."},
	{Name: "Middle Corridor", Description: "The trans-Caspian trade route between China and Europe."},
	{Name: "Energy Security", Description: "Supplies, routes and the politics of gas."},
	{Name: "Peace Process", Description: "Negotiations between Azerbaijan and Armenia."},
	{Name: "Green Energy", Description: "Wind, solar, hydrogen and the grid that connects them."},
	{Name: "South Caucasus", Description: "Azerbaijan, Armenia and Georgia and their neighbourhood."},
	{Name: "EU Relations", Description: "Ties between the European Union and the region."},
	{Name: "Central Asia", Description: "Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan and Tajikistan."},
	{Name: "Media Freedom", Description: "Journalism, the press and the public's right to know."},
	{Name: "Türkiye", Description: "Azerbaijan's closest ally and its neighbourhood policy."},
	{Name: "Caspian Sea", Description: "The sea, its shores, its resources and its health."},
	{Name: "Demining", Description: "Clearing mines and unexploded ordnance."},
}

// categoryURL is where the site serves a category, given its slug path.
func categoryURL(path string) string { return "/category/" + path + "/" }

// headerMenu follows the reference: Home, the COP29 topic, then every
// section with News's sub-sections nested under it.
func headerMenu() []news.MenuItem {
	items := []news.MenuItem{
		{Label: "Home", URL: "/"},
		{Label: "COP29", URL: "/tag/" + news.Slugify("COP29") + "/"},
	}
	for _, s := range sections {
		if s.name == "COP29" {
			continue
		}
		items = append(items, news.MenuItem{Label: s.name, URL: categoryURL(news.Slugify(s.name))})
		parent := int64(len(items)) // SetMenu refers to parents by 1-based index
		for _, c := range s.children {
			items = append(items, news.MenuItem{ParentID: parent, Label: c.name,
				URL: categoryURL(news.Slugify(s.name) + "/" + news.Slugify(c.name))})
		}
	}
	return positioned(items)
}

// mobileMenu is the reference's flat list for small screens, which puts
// the busiest sections first.
func mobileMenu() []news.MenuItem {
	sub := func(name string) string { return categoryURL("news/" + news.Slugify(name)) }
	top := func(name string) string { return categoryURL(news.Slugify(name)) }
	return positioned([]news.MenuItem{
		{Label: "News", URL: top("News")},
		{Label: "Economy", URL: sub("Economy")},
		{Label: "Climate and Ecology", URL: sub("Climate and Ecology")},
		{Label: "Energy", URL: sub("Energy")},
		{Label: "Opinion", URL: top("Opinion")},
		{Label: "Culture", URL: top("Culture")},
		{Label: "Gender", URL: top("Gender")},
		{Label: "Interview", URL: top("Interview")},
		{Label: "Science", URL: top("Science")},
		{Label: "Logistics-Transport", URL: top("Logistics-Transport")},
		{Label: "History", URL: top("History")},
		{Label: "Defense", URL: top("Defense")},
		{Label: "Karabakh", URL: top("Karabakh")},
		{Label: "Diaspora", URL: top("Diaspora")},
		{Label: "Who we are", URL: "/who-we-are/"},
	})
}

func footerMenu() []news.MenuItem {
	return positioned([]news.MenuItem{
		{Label: "Privacy Policy", URL: "/privacy-policy/"},
		{Label: "Terms and Conditions", URL: "/terms-and-conditions/"},
		{Label: "Cookies Policy", URL: "/cookies-policy/"},
	})
}

// positioned numbers items among their siblings in the order given.
func positioned(items []news.MenuItem) []news.MenuItem {
	next := map[int64]int{}
	for i := range items {
		items[i].Position = next[items[i].ParentID]
		next[items[i].ParentID]++
	}
	return items
}

// banner is a "Useful links" tile before its picture is made.
type banner struct {
	title, label, url string
	bg, accent        color.RGBA
}

var banners = []banner{
	{"COP29 resources: documents and decisions", "COP29 RESOURCES", "https://cop29-resources.example/", rgb(20, 110, 120), rgb(255, 255, 255)},
	{"Middle Corridor freight tracker", "CORRIDOR TRACKER", "https://middle-corridor-tracker.example/", rgb(40, 60, 130), rgb(250, 200, 80)},
	{"Caspian photo archive", "PHOTO ARCHIVE", "https://caspian-archive.example/", rgb(120, 60, 40), rgb(250, 230, 200)},
	{"Baku cultural calendar", "CULTURE CALENDAR", "https://baku-calendar.example/", rgb(110, 30, 70), rgb(255, 210, 230)},
}
