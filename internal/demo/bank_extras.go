package demo

// headings are section titles for longer pieces, by theme; genericHeadings
// fill in when a long article needs more.
var headings = [numThemes][]string{
	energy:    {"Where the gas goes", "The contracts question", "Renewables enter the mix", "What European buyers want", "Infrastructure and its limits", "The price of transition"},
	climate:   {"The finance goal", "A producer as host", "What adaptation costs", "Water, heat and the Caspian", "Inside the negotiating rooms", "Measuring what matters"},
	logistics: {"The Caspian crossing", "Rails, ports and paperwork", "What shippers say", "Bottlenecks", "Who pays for it", "The road to Europe"},
	economy:   {"Beyond oil", "Prices and the currency", "Small business, big hurdles", "Households and incomes", "Investment in the regions", "The numbers"},
	culture:   {"A living tradition", "New audiences", "From archive to screen", "The work of translation", "Festivals and places", "What comes next for the scene"},
	diaspora:  {"Keeping the language", "Coming home", "Networks and business", "Between two cultures", "Community media", "A new generation"},
	history:   {"The first republic", "An oil city", "What the archives show", "Memory and record", "Stones and streets", "Lessons for today"},
	defence:   {"Doctrine after two wars", "Partners and suppliers", "Clearing the land", "Training and reform", "The regional balance", "What the budget buys"},
	science:   {"Funding and priorities", "Data from above", "The Caspian as laboratory", "Universities and industry", "Ancient clues", "Open questions"},
	gender:    {"Education and work", "In the regions", "Breaking into engineering", "Support and protection", "Policy and practice", "Role models"},
	karabakh:  {"Rebuilding from scratch", "The first returns", "Land, mines and farming", "Shusha's restoration", "Border talks", "Connectivity and peace"},
	diplomacy: {"Balancing acts", "The European dimension", "Eastward ties", "Paris and Baku", "Neighbours to the south", "Reading the signals"},
}

var genericHeadings = []string{"Background", "Why it matters", "What critics say", "The wider picture", "Looking ahead", "What happens next", "The view from Baku", "Reactions"}

// quote is a blockquote with its attribution. Sources are described, not
// named: the demo invents no words for real people.
type quote struct{ text, source string }

var quotes = [numThemes][]quote{
	energy: {
		{"We are not choosing between gas and renewables. We are choosing how to use one to pay for the other.", "a senior manager at a state energy company"},
		{"Buyers want flexibility, sellers want certainty. Every contract is a negotiation between those two instincts.", "a gas trader based in Istanbul"},
	},
	climate: {
		{"The number on the page matters, but so does what counts towards it. That is where the real argument was.", "a negotiator from a small island state"},
		{"You can see the change in the rivers. The spring flood comes earlier, and by August there is almost nothing left.", "a farmer in the Kura valley"},
	},
	logistics: {
		{"Customers forgive a slow route if it is predictable. What they cannot forgive is not knowing when the container will arrive.", "a freight forwarder in Aktau"},
		{"The railway is ready for more trains. The question is whether the ships and the border posts are ready for them too.", "a railway operations manager"},
	},
	economy: {
		{"Diversification is not a slogan here any more. Our customers in the Gulf do not care where the oil price is; they care whether the apricots arrive on time.", "the owner of a fruit export company"},
		{"Credit is the problem. I have orders, I have workers, but the bank wants collateral I do not have.", "a furniture maker in Ganja"},
	},
	culture: {
		{"Mugham teaches you to listen before you play. That is a lesson for more than music.", "a tar player who teaches at the conservatoire"},
		{"Every carpet is a map of where it was made. You just have to learn how to read it.", "a curator at the carpet museum"},
	},
	diaspora: {
		{"My children dream in German and argue with their grandmother in Azerbaijani. I think that is a good outcome.", "a parent at a weekend school in Berlin"},
		{"I came back because the opportunities are here now. Ten years ago I would not have said that.", "a software engineer who studied in the Netherlands"},
	},
	history: {
		{"The archive tells you what the state wanted to record. The family album tells you what people wanted to remember.", "a historian at the national academy"},
		{"Those eighteen months of independence shaped everything that came after, even when it could not be spoken about.", "a historian of the 1918 republic"},
	},
	defence: {
		{"A mine does not know the war is over. That is why this work cannot be rushed.", "a team leader with the national demining agency"},
		{"Every army in the region is rewriting its manuals. The ones that do it honestly will be ready for the next crisis.", "a retired staff officer"},
	},
	science: {
		{"Good data is the cheapest investment a country can make. Everything else depends on it.", "a seismologist in Baku"},
		{"The Caspian is a natural laboratory. It shows, faster than the ocean does, what happens when a climate shifts.", "an oceanographer who studies the Caspian"},
	},
	gender: {
		{"The first time I went offshore, they had to find me a cabin. Now there is a women's block.", "a process engineer on a Caspian platform"},
		{"When a woman earns her own money, the conversation at home changes. Slowly, but it changes.", "the chair of a rural women's cooperative"},
	},
	karabakh: {
		{"I was eleven when we left. I am forty-two now, and my children are seeing this place for the first time.", "a returnee in Fuzuli"},
		{"We are not just rebuilding houses. We are rebuilding the reasons for people to live here.", "an urban planner working on the reconstruction"},
	},
	diplomacy: {
		{"Small countries do not have the luxury of permanent friends. They have interests, and they have memories.", "a former diplomat"},
		{"The statements are harsh, but the channels are open. In diplomacy that is not nothing.", "a European official familiar with the talks"},
	},
}

// list is a titled bulleted or numbered list, the "key points" box of a
// news story.
type list struct {
	intro   string
	ordered bool
	items   []string
}

var lists = [numThemes][]list{
	energy: {
		{"The main elements of the gas export system:", false, []string{"the South Caucasus Pipeline across Azerbaijan and Georgia", "the Trans-Anatolian Pipeline (TANAP) across Türkiye", "the Trans-Adriatic Pipeline (TAP) through Greece and Albania to Italy", "interconnectors linking onward to the Balkans"}},
		{"What would have to happen for deliveries to double:", true, []string{"long-term contracts with European buyers", "new compression on the existing pipelines", "investment in upstream production", "agreement on methane reporting rules"}},
	},
	climate: {
		{"What the conference had to settle:", false, []string{"a new collective goal for climate finance", "rules for international carbon markets", "the next round of national emission targets", "support for adaptation and for loss and damage"}},
		{"Steps cities in the region are taking to cope with heat:", true, []string{"planting shade trees along main streets", "cool and reflective roofing on public buildings", "early warnings for heatwaves", "longer opening hours for parks and public water points"}},
	},
	logistics: {
		{"The Middle Corridor, west to east:", true, []string{"Black Sea ports in Georgia and Türkiye", "rail across Georgia and Azerbaijan", "ferry or feeder ship across the Caspian", "rail across Kazakhstan to the Chinese border"}},
		{"What freight forwarders say slows them down:", false, []string{"too few vessels on the Caspian", "paper documents at some borders", "different tariffs on each national railway", "limited warehouse space at the ports"}},
	},
	economy: {
		{"Leading non-oil exports:", false, []string{"fresh fruit and vegetables", "chemicals and plastics", "aluminium", "cotton yarn and textiles", "tea and hazelnuts"}},
		{"What business owners want from the government:", true, []string{"cheaper and faster access to credit", "fewer inspections", "simpler export procedures", "training for skilled workers"}},
	},
	culture: {
		{"Main schools of carpet weaving:", false, []string{"Guba", "Shirvan", "Ganja", "Gazakh", "Karabakh", "Tabriz"}},
		{"Events to look out for this season:", false, []string{"a mugham festival in Shusha", "jazz evenings in Baku's old city", "a festival of documentary film", "craft fairs in Sheki and Lahij"}},
	},
	diaspora: {
		{"Where the largest communities live:", false, []string{"Türkiye", "Russia", "Georgia", "Germany", "the United States", "Ukraine"}},
		{"What weekend schools teach:", false, []string{"reading and writing in Azerbaijani", "history and geography", "music and dance", "traditional cooking"}},
	},
	history: {
		{"Milestones of the 1918–1920 republic:", true, []string{"independence proclaimed in Tiflis in May 1918", "the government moves to Baku in September 1918", "a parliament elected with seats for minorities", "Baku State University founded in 1919", "the Red Army enters Baku in April 1920"}},
		{"Landmarks of the old city:", false, []string{"the Maiden Tower", "the Palace of the Shirvanshahs", "the Multani and Bukhara caravanserais", "the Juma Mosque"}},
	},
	defence: {
		{"What deminers must clear:", false, []string{"anti-personnel and anti-tank mines", "unexploded artillery shells and rockets", "cluster munition remnants", "booby traps in abandoned buildings"}},
		{"Lessons drawn from recent wars:", true, []string{"drones change the value of armour in the open", "electronic warfare is needed at every level", "air defence must be layered", "logistics decide how long a force can fight"}},
	},
	science: {
		{"Research priorities named in the national strategy:", false, []string{"energy and materials", "seismology and geology", "agriculture and water", "information technology", "medicine and public health"}},
		{"What satellite data are used for:", false, []string{"mapping irrigated fields", "tracking the Caspian shoreline", "monitoring construction", "measuring snow cover in the mountains"}},
	},
	gender: {
		{"Where women's share of the workforce is highest:", false, []string{"education", "health care", "textiles and crafts", "banking"}},
		{"What support organisations ask for:", true, []string{"more shelters outside the capital", "training for police and courts", "protection orders that are enforced", "school programmes on respect and consent"}},
	},
	karabakh: {
		{"What a returning family receives:", false, []string{"a new house or flat", "connection to water, gas and electricity", "a one-off payment for furniture", "help finding work or starting a business"}},
		{"Stages of the reconstruction programme:", true, []string{"demining and surveys", "roads, power and water", "housing, schools and clinics", "return of residents", "investment in farming and industry"}},
	},
	diplomacy: {
		{"Baku's main diplomatic partners:", false, []string{"Türkiye", "the European Union", "the Central Asian states", "Russia", "the Gulf states", "the United States"}},
		{"Points still open in the peace process:", true, []string{"signature and ratification of the treaty", "delimitation of the remaining border", "reopening of transport links", "the fate of people missing since the 1990s"}},
	},
}
