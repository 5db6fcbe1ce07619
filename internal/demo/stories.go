package demo

import "github.com/mastheadhq/masthead/internal/news"

// length is how long a composed article runs.
type length int

const (
	short  length = iota // 300–550 words: a news item
	medium               // 600–1,100 words: a report
	long                 // 1,500–2,500 words: a feature, with a table of contents
)

// origin is another outlet whose piece the digest republishes. The outlets
// are invented, and their addresses use the reserved .example domain.
type origin struct {
	kind        news.AttributionKind
	publication string
	domain      string
	language    string // of the original, for translations
	translator  string
	author      string // the original's byline, for translations
}

var (
	blackSeaReview  = &origin{kind: news.Reprint, publication: "Black Sea Review", domain: "blacksea-review.example"}
	eurasianObs     = &origin{kind: news.Reprint, publication: "Eurasian Observer", domain: "eurasian-observer.example"}
	steppeQuarterly = &origin{kind: news.Reprint, publication: "The Steppe Quarterly", domain: "steppe-quarterly.example"}
	caucasusPolicy  = &origin{kind: news.Reprint, publication: "Caucasus Policy Journal", domain: "caucasus-policy.example"}
	nordicEnergy    = &origin{kind: news.Reprint, publication: "Nordic Energy Monitor", domain: "nordic-energy-monitor.example"}
	bakiBulleteni   = &origin{kind: news.Translation, publication: "Bakı Bülleteni", domain: "baki-bulleteni.example", language: "az", translator: "Nigar Qasımova", author: "Rəşad Əhmədli"}
	xezerSeheri     = &origin{kind: news.Translation, publication: "Xəzər Səhəri", domain: "xezer-seheri.example", language: "az", translator: "Ilkin Həsənov", author: "Günay Səfərova"}
	kaspiyObozr     = &origin{kind: news.Translation, publication: "Каспийский обозреватель", domain: "kaspiy-obozrevatel.example", language: "ru", translator: "Анна Смирнова", author: "Дмитрий Орлов"}
	kavkazVestnik   = &origin{kind: news.Translation, publication: "Кавказский вестник", domain: "kavkaz-vestnik.example", language: "ru", translator: "Анна Смирнова", author: "Марина Белова"}
)

// story is one article of the demo before its body is composed.
type story struct {
	title, dek string
	section    string // category path, e.g. "news/economy"
	also       string // an extra category path, or empty
	tags       []string
	by         []string // author slugs
	theme      theme
	pic        string // feature picture name
	size       length
	via        *origin
	guest      *guest // for interviews
}

// guest is the person an interview is with. Guests are invented.
type guest struct {
	name, intro string
	talk        []exchange
}

const (
	staff    = "caspian-digest-staff"
	kuzio    = "taras-kuzio"
	zahra    = "zehra-memmedova"
	ilkin    = "ilkin-hesenov"
	anna     = "anna-smirnova"
	nigar    = "nigar-qasimova"
	rauf     = "rauf-quliyev"
	elena    = "elena-marchetti"
	sabina   = "sabina-rzayeva"
	orxan    = "orxan-bagirov"
	econ     = "news/economy"
	energyS  = "news/energy"
	climateS = "news/climate-and-ecology"
)

// stories are the published articles, newest first. The French opinion
// piece sits among them like any other.
var stories = []story{
	{title: "Central bank holds rates steady, citing stable inflation", dek: "The decision was widely expected; the bank's statement hinted at cuts later in the year if price growth stays subdued.", section: econ, tags: []string{"South Caucasus"}, by: []string{staff}, theme: economy, pic: "line-chart-on-grid", size: short},
	{title: "Middle Corridor freight: rail volumes up, bottlenecks remain", dek: "Container traffic on the trans-Caspian route keeps growing, but shippers say the sea crossing and the paperwork still cost them days.", section: "logistics-transport", tags: []string{"Middle Corridor", "Central Asia", "Caspian Sea"}, by: []string{ilkin}, theme: logistics, pic: "railway-to-the-horizon", size: long},
	{title: "Return to Fuzuli: the first families move into new homes", dek: "After nearly thirty years of displacement, residents are back in a town rebuilt almost from nothing.", section: "karabakh", tags: []string{"Karabakh"}, by: []string{staff}, theme: karabakh, pic: "mountain-ridges", size: medium, via: bakiBulleteni},
	{title: "Southern Gas Corridor volumes to Europe hit a new high", dek: "Deliveries rose again last year, but doubling them by 2027 depends on contracts European buyers have yet to sign.", section: energyS, tags: []string{"Energy Security", "EU Relations"}, by: []string{zahra}, theme: energy, pic: "offshore-platform", size: medium},
	{title: "Mugham festival returns to Shusha with a new generation of performers", dek: "Young singers and instrumentalists shared the stage with masters of the form in the mountain town once known as the conservatoire of the Caucasus.", section: "culture", tags: []string{"Karabakh"}, by: []string{nigar}, theme: culture, pic: "concentric-rings", size: medium, via: xezerSeheri},
	{title: "Demining the liberated territories: slow, dangerous, essential", dek: "Clearing the land of mines will take years. We spent a week with the teams doing it.", section: "defense", also: "karabakh", tags: []string{"Demining", "Karabakh"}, by: []string{rauf}, theme: defence, pic: "radar-screen", size: long},
	{title: "The Middle Corridor needs fewer summits and more timetables", dek: "Declarations of intent are easy. What shippers need is a route they can plan around.", section: "opinion", tags: []string{"Middle Corridor", "Central Asia"}, by: []string{ilkin}, theme: logistics, pic: "container-stacks", size: medium},
	{title: "Women in engineering: a new generation in the energy sector", dek: "Scholarships and mentoring are bringing more women onto platforms and into control rooms, but the top jobs remain overwhelmingly male.", section: "gender", also: energyS, tags: []string{"Green Energy"}, by: []string{sabina}, theme: gender, pic: "row-of-people", size: medium},
	{title: "The Caspian Sea is shrinking. Scientists disagree on how fast", dek: "Falling water levels are already visible in the north. Forecasts for the rest of the century range from worrying to alarming.", section: climateS, also: "science", tags: []string{"Caspian Sea"}, by: []string{elena}, theme: climate, pic: "sunrise-over-the-sea", size: long, via: nordicEnergy},
	{title: "Baku and Tashkent agree to expand direct flights and freight links", dek: "New routes and a joint logistics company are part of a package signed during the Uzbek president's visit.", section: "news", tags: []string{"Central Asia", "Middle Corridor"}, by: []string{staff}, theme: diplomacy, pic: "globe-with-cities", size: short, via: kaspiyObozr},
	{title: "Interview: a port director on the Middle Corridor's bottlenecks", dek: "The head of a Caspian terminal on ships, sidings and why predictability matters more than speed.", section: "interview", also: "logistics-transport", tags: []string{"Middle Corridor", "Caspian Sea"}, by: []string{ilkin}, theme: logistics, pic: "studio-microphone", size: medium, guest: portDirector},
	{title: "Non-oil exports grow as manufacturers look beyond the region", dek: "Fruit, chemicals and textiles lead a modest but steady rise in sales abroad.", section: econ, tags: []string{"Central Asia"}, by: []string{staff}, theme: economy, pic: "rising-bar-chart", size: short},
	{title: "Europe's gas diversification has a Caspian address", dek: "If the EU means what it says about supply security, it will have to sign long-term contracts it would rather avoid.", section: "opinion", also: energyS, tags: []string{"Energy Security", "EU Relations"}, by: []string{zahra}, theme: energy, pic: "offshore-platform", size: medium, via: blackSeaReview},
	{title: "Rebuilding Shusha: restoration versus reconstruction", dek: "Architects disagree on how much of the old town to recreate and how much to build anew.", section: "karabakh", also: "culture", tags: []string{"Karabakh"}, by: []string{orxan}, theme: karabakh, pic: "old-city-walls", size: long},
	{title: "Offshore wind study maps the Caspian's potential", dek: "A new assessment finds strong, steady winds in shallow water near the coast, with a caveat about the grid.", section: energyS, tags: []string{"Green Energy", "Caspian Sea"}, by: []string{zahra}, theme: energy, pic: "wind-turbines-on-hills", size: short},
	{title: "Students abroad: why more graduates are coming home", dek: "Jobs in energy, banking and technology are drawing back young people who studied in Europe and Türkiye.", section: "diaspora", tags: []string{"EU Relations"}, by: []string{nigar}, theme: diaspora, pic: "globe-with-cities", size: medium},
	{title: "Border commissions hold new round of delimitation talks", dek: "Experts from Baku and Yerevan reviewed maps for the northern section of the frontier.", section: "news", also: "karabakh", tags: []string{"Peace Process", "South Caucasus"}, by: []string{staff}, theme: karabakh, pic: "overlapping-circles", size: short, via: kavkazVestnik},
	{title: "After COP29: what was agreed, and what was left for Belém", dek: "A new finance goal, rules for carbon markets and a long list of unfinished business.", section: "cop29", also: climateS, tags: []string{"COP29", "Green Energy"}, by: []string{elena}, theme: climate, pic: "conference-hall", size: long},
	{title: "Seismologists expand the monitoring network along the Kura fault", dek: "Dozens of new stations will give earlier warning and better maps of where the ground is moving.", section: "science", tags: []string{"South Caucasus"}, by: []string{elena}, theme: science, pic: "atom-and-orbits", size: short},
	{title: "Defence cooperation with Türkiye: exercises and industry", dek: "Joint drills are now routine. The next step is building weapons together.", section: "defense", tags: []string{"Türkiye"}, by: []string{rauf}, theme: defence, pic: "radar-screen", size: medium},
	{title: "Agriculture in the liberated districts: first harvests and hard questions", dek: "Vineyards and orchards are being replanted, but mines, water and labour shortages slow the return to farming.", section: econ, also: "karabakh", tags: []string{"Karabakh", "Demining"}, by: []string{ilkin}, theme: karabakh, pic: "rows-of-conifers", size: medium},
	{title: frenchTitle, dek: frenchStandfirst, section: "opinion", tags: []string{"South Caucasus", "EU Relations", "Peace Process"}, by: []string{kuzio}, theme: diplomacy, pic: "two-flags"},
	{title: "The 1918 republic and the first vote for women in the Muslim East", dek: "A short-lived state left a long legacy, not least in the rights it gave to women.", section: "history", also: "gender", tags: []string{"South Caucasus"}, by: []string{orxan}, theme: history, pic: "old-city-walls", size: long},
	{title: "Solar plant near Baku begins feeding the grid", dek: "The country's largest solar installation so far will save gas that can be exported instead.", section: energyS, tags: []string{"Green Energy"}, by: []string{staff}, theme: energy, pic: "solar-field", size: short},
	{title: "Tourism numbers rebound with new routes from the Gulf", dek: "Hotels report their busiest season in years as airlines add flights from the region and from Central Asia.", section: econ, also: "culture", tags: []string{"Central Asia"}, by: []string{staff}, theme: economy, pic: "baku-skyline-at-dusk", size: short, via: bakiBulleteni},
	{title: "A carpet museum's digital archive opens to researchers", dek: "Thousands of carpets, some too fragile to display, can now be studied online in fine detail.", section: "culture", tags: []string{"Media Freedom"}, by: []string{nigar}, theme: culture, pic: "carpet-pattern", size: short},
	{title: "Why the peace treaty matters more than the border markers", dek: "Delimitation is technical. Reconciliation is political, and it cannot wait for the surveyors.", section: "opinion", also: "karabakh", tags: []string{"Peace Process", "Karabakh"}, by: []string{rauf}, theme: karabakh, pic: "overlapping-circles", size: medium, via: caucasusPolicy},
	{title: "Trans-Caspian shipping: new vessels, old constraints", dek: "Shipyards are building ferries and tankers for the route, but low water at some ports limits how much they can carry.", section: "logistics-transport", tags: []string{"Middle Corridor", "Caspian Sea"}, by: []string{ilkin}, theme: logistics, pic: "cargo-ship", size: medium, via: steppeQuarterly},
	{title: "Interview: climate scientist on what the Caspian's data can tell us", dek: "An oceanographer on sea levels, seals and the numbers we still lack.", section: "interview", also: "science", tags: []string{"Caspian Sea", "COP29"}, by: []string{elena}, theme: science, pic: "studio-microphone", size: medium, guest: oceanographer},
	{title: "Urban heat: Baku plans more shade and fewer car parks", dek: "City planners are turning to trees, fountains and lighter roofs as summers grow hotter.", section: climateS, tags: []string{"COP29"}, by: []string{elena}, theme: climate, pic: "baku-skyline-at-dusk", size: short},
	{title: "Rural women's cooperatives find new markets online", dek: "From cheese to carpets, village producers are selling to customers they will never meet.", section: "gender", also: econ, tags: []string{"South Caucasus"}, by: []string{sabina}, theme: gender, pic: "row-of-people", size: short, via: xezerSeheri},
	{title: "Small states, big corridors: the case for patient diplomacy", dek: "The South Caucasus has learned that great-power attention is fickle. Its best defence is to be useful to many.", section: "opinion", tags: []string{"South Caucasus", "Central Asia"}, by: []string{kuzio}, theme: diplomacy, pic: "globe-with-cities", size: long, via: eurasianObs},
	{title: "Green hydrogen plans move from memoranda to feasibility studies", dek: "Developers say the economics depend on cheap renewable power and a buyer willing to pay a premium.", section: energyS, tags: []string{"Green Energy", "EU Relations"}, by: []string{zahra}, theme: energy, pic: "wind-turbines-on-hills", size: medium},
	{title: "Archive photographs restore the lost streets of Aghdam", dek: "Family albums and foreign archives are helping planners and historians picture a town that no longer stands.", section: "history", also: "karabakh", tags: []string{"Karabakh"}, by: []string{orxan}, theme: history, pic: "old-city-walls", size: medium},
	{title: "Baku's COP29 presidency sets out priorities for climate finance", dek: "Negotiators arrive with a long agenda, but the new collective finance goal is the question on which the conference will be judged.", section: "cop29", tags: []string{"COP29"}, by: []string{elena}, theme: climate, pic: "conference-hall", size: medium},
	{title: "Drones, air defence and the lessons of recent wars", dek: "General staffs across the region are rewriting doctrine inherited from the Soviet army.", section: "defense", tags: []string{"South Caucasus"}, by: []string{rauf}, theme: defence, pic: "radar-screen", size: long, via: caucasusPolicy},
	{title: "Azerbaijani communities in Georgia: schools, trade and language", dek: "The largest minority in Georgia keeps close ties to both countries. Its young people want better schools in both languages.", section: "diaspora", tags: []string{"South Caucasus"}, by: []string{staff}, theme: diaspora, pic: "globe-with-cities", size: medium, via: kaspiyObozr},
	{title: "Refinery upgrade aims to meet Euro-5 fuel standards", dek: "Cleaner fuel at home, and a chance to sell diesel and petrol in markets now closed to it.", section: energyS, tags: []string{"Energy Security"}, by: []string{staff}, theme: energy, pic: "line-chart-on-grid", size: short},
	{title: "Translating Nizami: a new English edition and its choices", dek: "A translator on rhyme, rhythm and the impossibility of carrying a twelfth-century poet whole into English.", section: "culture", also: "history", tags: []string{"South Caucasus"}, by: []string{nigar}, theme: culture, pic: "carpet-pattern", size: long},
	{title: "Host cities and the logistics of a two-week climate summit", dek: "Hotels, shuttle buses and security for tens of thousands: the work behind the negotiations.", section: "cop29", tags: []string{"COP29"}, by: []string{staff}, theme: climate, pic: "conference-hall", size: short},
	{title: "Ancient DNA sheds light on early farmers of the South Caucasus", dek: "Genetic studies of burial sites suggest more movement and mixing than archaeologists had assumed.", section: "science", also: "history", tags: []string{"South Caucasus"}, by: []string{elena}, theme: science, pic: "atom-and-orbits", size: medium},
	{title: "EU and Azerbaijan review energy partnership at annual meeting", dek: "Officials discussed gas volumes, renewable power and the undersea cable, and agreed to meet again next year.", section: "news", also: energyS, tags: []string{"EU Relations", "Energy Security"}, by: []string{staff}, theme: energy, pic: "two-flags", size: short},
	{title: "Interview: the conductor bringing mugham to European concert halls", dek: "On improvisation, orchestras and what audiences in Vienna hear in music from the Caspian shore.", section: "interview", also: "culture", tags: []string{"EU Relations"}, by: []string{nigar}, theme: culture, pic: "studio-microphone", size: medium, guest: conductor},
	{title: "Smart villages: what the pilot projects have taught planners", dek: "Solar roofs, drip irrigation and online services work. The question is the cost.", section: "karabakh", tags: []string{"Karabakh", "Green Energy"}, by: []string{ilkin}, theme: karabakh, pic: "solar-field", size: medium},
	{title: "Reforestation drive targets a million trees in the Kura valley", dek: "Volunteers and foresters planted seedlings along the river this autumn. Keeping them alive is the harder part.", section: climateS, tags: []string{"Green Energy"}, by: []string{staff}, theme: climate, pic: "rows-of-conifers", size: short, via: bakiBulleteni},
	{title: "How remittances shape household budgets across the South Caucasus", dek: "Money sent home by workers abroad keeps many families afloat and makes them vulnerable to distant exchange rates.", section: econ, also: "diaspora", tags: []string{"South Caucasus"}, by: []string{ilkin}, theme: economy, pic: "rising-bar-chart", size: medium},
	{title: "Female journalists on reporting from the regions", dek: "Five reporters describe the obstacles, and the advantages, of being a woman with a notebook outside the capital.", section: "gender", tags: []string{"Media Freedom"}, by: []string{sabina}, theme: gender, pic: "studio-microphone", size: medium},
	{title: "The Baku–Tbilisi–Kars railway after modernisation", dek: "The line that links the Caspian to Türkiye can now carry several times its original freight. Will the cargo come?", section: "logistics-transport", tags: []string{"Middle Corridor", "Türkiye"}, by: []string{ilkin}, theme: logistics, pic: "railway-to-the-horizon", size: medium},
	{title: "Youth delegates bring a sharper tone to the climate talks", dek: "Young negotiators and activists pressed for faster action and more money for adaptation.", section: "cop29", also: "gender", tags: []string{"COP29"}, by: []string{sabina}, theme: climate, pic: "row-of-people", size: short},
	{title: "Mud volcanoes, methane and the data gap", dek: "The Absheron peninsula has hundreds of mud volcanoes. Nobody knows precisely how much gas they release.", section: climateS, also: "science", tags: []string{"Caspian Sea"}, by: []string{elena}, theme: science, pic: "sunrise-over-the-sea", size: medium},
	{title: "Baku's jazz scene, from Soviet basements to summer festivals", dek: "How a city on the Caspian became one of the unlikely capitals of jazz.", section: "culture", tags: []string{"South Caucasus"}, by: []string{nigar}, theme: culture, pic: "three-towers-at-night", size: long},
	{title: "Military education reform focuses on NATO-compatible standards", dek: "English-language courses and exchanges with partner academies are changing how officers are trained.", section: "defense", tags: []string{"EU Relations"}, by: []string{rauf}, theme: defence, pic: "radar-screen", size: short},
	{title: "Regional journalism needs better data, not louder headlines", dek: "Readers are drowning in opinion and starved of verifiable facts. Newsrooms can change that.", section: "opinion", tags: []string{"Media Freedom"}, by: []string{anna}, theme: diplomacy, pic: "line-chart-on-grid", size: medium},
	{title: "The oil boom of the 1870s and the making of modern Baku", dek: "Within a generation, a provincial town became one of the richest cities of the Russian Empire.", section: "history", also: energyS, tags: []string{"Energy Security"}, by: []string{orxan}, theme: history, pic: "offshore-platform", size: long},
	{title: "Central Asian leaders back joint water management plan", dek: "Upstream and downstream states agreed to share data on river flows and reservoir releases.", section: "news", also: climateS, tags: []string{"Central Asia"}, by: []string{staff}, theme: climate, pic: "mountain-ridges", size: short},
	{title: "Digital customs promise faster crossings on the Georgia border", dek: "Electronic declarations and shared inspections are meant to cut waiting times for lorries.", section: "logistics-transport", tags: []string{"Middle Corridor"}, by: []string{staff}, theme: logistics, pic: "container-stacks", size: short},
	{title: "Cinema from the Caucasus finds audiences at European festivals", dek: "Small budgets, big themes: a new wave of directors is travelling well.", section: "culture", tags: []string{"EU Relations"}, by: []string{nigar}, theme: culture, pic: "concentric-rings", size: medium},
	{title: "A hotline for survivors of domestic violence extends its hours", dek: "Counsellors will now answer calls around the clock, and a new regional office is opening in Ganja.", section: "gender", tags: []string{"South Caucasus"}, by: []string{sabina}, theme: gender, pic: "row-of-people", size: short},
	{title: "The Caspian-Black Sea power cable: what is planned", dek: "An undersea link could carry wind power to south-eastern Europe. The engineering is hard; the financing is harder.", section: energyS, tags: []string{"Green Energy", "EU Relations"}, by: []string{zahra}, theme: energy, pic: "wind-turbines-on-hills", size: long},
	{title: "Interview: an economist on diversification after oil", dek: "On the currency peg, small business and whether the non-oil economy can carry the budget.", section: "interview", also: econ, tags: []string{"South Caucasus"}, by: []string{ilkin}, theme: economy, pic: "studio-microphone", size: medium, guest: economist},
	{title: "Family recipes and new kitchens: food as memory in exile", dek: "For families who left, a dish cooked the old way is a way of going home.", section: "diaspora", also: "culture", tags: []string{"Karabakh"}, by: []string{nigar}, theme: diaspora, pic: "carpet-pattern", size: short},
	{title: "Mountain villages adapt as glaciers retreat in the Greater Caucasus", dek: "Less snow means less water in summer. Farmers are changing what they grow and when.", section: climateS, tags: []string{"COP29"}, by: []string{elena}, theme: climate, pic: "mountain-ridges", size: medium},
	{title: "University labs bet on materials science for the energy transition", dek: "Catalysts, membranes and battery chemistry are the new focus for researchers trained in petroleum engineering.", section: "science", also: energyS, tags: []string{"Green Energy"}, by: []string{elena}, theme: science, pic: "atom-and-orbits", size: short},
	{title: "Caravanserais of the Silk Road, then and now", dek: "The inns that sheltered merchants for centuries are finding new lives as hotels, restaurants and museums.", section: "history", also: "logistics-transport", tags: []string{"Middle Corridor"}, by: []string{orxan}, theme: history, pic: "old-city-walls", size: medium},
	{title: "A diaspora newspaper in Berlin marks thirty years", dek: "Started on a typewriter in a kitchen, it now reaches readers on three continents.", section: "diaspora", tags: []string{"Media Freedom", "EU Relations"}, by: []string{staff}, theme: diaspora, pic: "globe-with-cities", size: short, via: kavkazVestnik},
	{title: "Connectivity through Nakhchivan: the route under discussion", dek: "A rail and road link across southern Armenia would shorten journeys to Türkiye. The politics are more complicated than the engineering.", section: "logistics-transport", also: "karabakh", tags: []string{"Peace Process", "Middle Corridor", "Türkiye"}, by: []string{rauf}, theme: karabakh, pic: "railway-to-the-horizon", size: medium},
	{title: "The Caucasus in a multipolar world: hedging is not neutrality", dek: "Governments in the region keep their options open. That is a strategy, not a lack of one.", section: "opinion", tags: []string{"South Caucasus", "Central Asia"}, by: []string{kuzio}, theme: diplomacy, pic: "overlapping-circles", size: medium},
	{title: "Regional foreign ministers meet in Baku to discuss transport links", dek: "The meeting produced a joint statement on rail tariffs and border procedures.", section: "news", also: "logistics-transport", tags: []string{"Middle Corridor", "South Caucasus"}, by: []string{staff}, theme: diplomacy, pic: "conference-hall", size: short},
	{title: "Small businesses turn to e-commerce as card payments spread", dek: "Online shops and delivery apps are bringing customers to firms that could never afford a high-street rent.", section: econ, tags: []string{"South Caucasus"}, by: []string{ilkin}, theme: economy, pic: "baku-skyline-at-dusk", size: short},
	{title: "A new Earth-observation satellite programme and its uses", dek: "Images from orbit will help farmers, water managers and planners. Scientists want the data to be open.", section: "science", tags: []string{"Caspian Sea"}, by: []string{elena}, theme: science, pic: "globe-with-cities", size: medium},
	{title: "What the new climate finance goal means for the South Caucasus", dek: "The region is both a contributor and a recipient. How the money flows will shape its energy transition.", section: "cop29", also: climateS, tags: []string{"COP29", "South Caucasus"}, by: []string{elena}, theme: climate, pic: "sunrise-over-the-sea", size: medium},
}

// hidden are articles readers must not see yet: two drafts, one scheduled
// and one published with a date in the future.
var (
	drafts = []story{
		{title: "Gas talks enter a decisive round", dek: "Notes for a piece on the next stage of contract negotiations with European buyers.", section: energyS, tags: []string{"Energy Security"}, by: []string{zahra}, theme: energy, pic: "offshore-platform", size: short},
		{title: "Profile of a Ganja bookshop that survived everything", dek: "Draft profile: three generations of booksellers.", section: "culture", tags: []string{"South Caucasus"}, by: []string{nigar}, theme: culture, pic: "carpet-pattern", size: short},
	}
	scheduled   = story{title: "What to expect from Baku Energy Week", dek: "Producers, buyers and financiers gather in the capital. These are the questions to watch.", section: energyS, tags: []string{"Energy Security", "Green Energy"}, by: []string{zahra}, theme: energy, pic: "wind-turbines-on-hills", size: short}
	futureDated = story{title: "Preview: the new season at the Opera and Ballet Theatre", dek: "Premieres, revivals and a festival of contemporary dance.", section: "culture", tags: []string{"South Caucasus"}, by: []string{nigar}, theme: culture, pic: "concentric-rings", size: short}
)
