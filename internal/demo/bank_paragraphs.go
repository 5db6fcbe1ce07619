package demo

// theme is a subject the demo writes about; every article draws most of
// its paragraphs, headings, quotes and lists from its own theme and the
// rest from related ones, so that a piece reads as being about something.
type theme int

const (
	energy theme = iota
	climate
	logistics
	economy
	culture
	diaspora
	history
	defence
	science
	gender
	karabakh
	diplomacy
	numThemes
)

// related lists, for each theme, the themes an article on it may borrow
// from once its own paragraphs are used up.
var related = [numThemes][]theme{
	energy:    {economy, climate, diplomacy},
	climate:   {science, energy, economy},
	logistics: {economy, diplomacy, energy},
	economy:   {logistics, energy, diaspora},
	culture:   {history, diaspora, gender},
	diaspora:  {culture, economy, history},
	history:   {culture, karabakh, diplomacy},
	defence:   {diplomacy, karabakh, science},
	science:   {climate, energy, gender},
	gender:    {economy, culture, science},
	karabakh:  {history, economy, defence},
	diplomacy: {logistics, energy, defence},
}

// paragraphs is the bank of body text. Each paragraph stands on its own,
// written in the measured register of a digest, and makes no claim that
// depends on the headline it ends up under.
var paragraphs = [numThemes][]string{
	energy: {
		"Oil and gas still account for the bulk of export earnings, but the composition of that income is changing. Crude output from the mature offshore fields has been declining slowly for more than a decade, while gas production has grown, and gas is now the commodity on which the country's relationship with European buyers increasingly rests.",
		"The Southern Gas Corridor, a chain of pipelines running some 3,500 kilometres from the Caspian shelf to southern Italy, was designed for an initial capacity of about ten billion cubic metres a year to Europe. Expanding it is technically straightforward; the harder question is who will sign the long-term contracts that make new compressor stations worth building.",
		"European utilities are cautious about committing to gas for twenty years when their own governments have pledged to cut emissions sharply within that time. Producers, for their part, are reluctant to invest without firm demand. The resulting standoff is typical of the energy transition: everyone agrees the fuel is needed for now, and nobody wants to be left holding it later.",
		"Renewable power is the newest part of the picture. Large solar and wind plants built with Gulf investors have begun to supply the grid, and planners talk openly of freeing up domestic gas for export by burning less of it in power stations. Every cubic metre saved at home is a cubic metre that can be sold abroad at European prices.",
		"Engineers point out that integrating variable renewable output into a grid designed around gas turbines is not trivial. Storage, flexible generation and better interconnections with neighbouring systems will all be required, and each of those costs money that tariff payers have so far not been asked to provide.",
		"A proposed undersea electricity cable beneath the Black Sea would, if built, link Caspian wind farms to consumers in south-eastern Europe. Feasibility work has been commissioned and the governments involved have signed declarations of intent, but financing for a project of this length and depth has yet to be arranged.",
		"Energy security has become a phrase that means different things in different capitals. For importers it means having more than one supplier; for exporters it means having more than one buyer and more than one route. The Caspian's producers have spent three decades trying to secure the second kind.",
		"Refining and petrochemicals offer a way to keep more of the value of crude at home. Upgrades at the main refinery are meant to bring fuel quality up to European standards, which would open export markets for diesel and petrol that are currently closed to lower-grade products.",
		"Methane leakage is an increasingly important part of the conversation with European buyers, who are preparing rules that will require importers to report the emissions intensity of the gas they purchase. Operators in the region say they have begun measurement programmes, though independent verification remains limited.",
		"Analysts caution against reading too much into any single month's export figures. Maintenance at offshore platforms, weather in the Caspian and pipeline outages elsewhere can all move the numbers sharply, and the trend only becomes clear over a year or more.",
		"Transit states matter as much as producers. Georgia and Türkiye earn fees and secure supplies from the pipelines that cross their territory, which gives them a stake in keeping the infrastructure running and a voice in any decision to expand it.",
	},
	climate: {
		"Hosting a UN climate conference is a logistical undertaking on the scale of a small Olympics. Tens of thousands of delegates, observers and journalists need accommodation, transport and security for two weeks, and the host government is judged as much on the smoothness of the arrangements as on the outcome of the negotiations.",
		"The central task at the Baku talks was agreement on a new collective goal for climate finance, replacing the long-standing pledge of 100 billion dollars a year from developed to developing countries. Poorer countries argued for a far larger figure; richer ones stressed the role of private investment and multilateral banks.",
		"For a petroleum exporter, the role of climate host carries obvious tensions. Supporters of the choice argued that the transition has to be negotiated with producers rather than around them; critics questioned whether any oil and gas economy could be a neutral broker on fossil fuels.",
		"Climate change is not an abstraction in the South Caucasus. Summers have become noticeably hotter, rainfall more erratic, and the rivers that feed irrigation in the lowlands depend on mountain snowpack that is arriving later and melting earlier.",
		"The Caspian Sea, which has no outlet to the ocean, is particularly sensitive to changes in the balance between river inflow and evaporation. Its level has fallen steadily in recent years, exposing new shoreline in the shallow northern basin and worrying port operators in the south.",
		"Adaptation rarely makes headlines, but it is where much of the money will eventually be spent: on drip irrigation, on reservoirs, on early-warning systems for floods and mudslides, and on building codes that keep homes cooler without relying on air conditioning.",
		"Negotiators describe the final hours of a climate summit as an exercise in controlled exhaustion. Texts are rewritten overnight, brackets around disputed words are removed one by one, and the presidency's skill lies in judging when a compromise is as good as it is going to get.",
		"Environmental groups in the region have pushed for more public data on air quality, industrial emissions and water use. Monitoring stations have been added in the capital and several industrial towns, and some of their readings are now published online in near real time.",
		"Reforestation is one of the more visible responses. Seedlings are planted each autumn along river valleys and on degraded hillsides, though foresters note that survival rates depend heavily on aftercare, and that a tree planted is not yet a forest.",
		"Small island states and the least developed countries arrived with a clear message: adaptation finance must grow, and it must be easier to access. Many of their delegations are small, and the complexity of the funds on offer can absorb more staff time than the projects themselves.",
		"Carbon markets returned to the agenda after years of stalled talks. Rules for trading emission reductions between countries were finalised, which supporters say will channel investment to cheap abatement and sceptics fear will allow buyers to claim progress they have not made.",
	},
	logistics: {
		"The Middle Corridor, the trade route that runs from China through Kazakhstan, across the Caspian by ship, and on through the South Caucasus to Türkiye and Europe, attracted sudden attention after 2022 when shippers began looking for alternatives to routes through Russia.",
		"Volumes have grown quickly from a low base, but the corridor still carries only a fraction of what moves between Asia and Europe by sea. Its advocates argue that reliability, not raw capacity, is what will win customers: a predictable twelve-day transit is worth more than a theoretical ten-day one that sometimes takes twenty.",
		"The Caspian crossing is the bottleneck most often mentioned by freight forwarders. Ferries and feeder ships are limited in number, storms can halt sailings for days, and falling water levels have reduced the draught available at some terminals, forcing vessels to sail partly loaded.",
		"Railways on both sides of the sea are being upgraded. New sidings, electrification and signalling are intended to raise the number of trains each line can handle, while agreements on through tariffs aim to spare shippers from negotiating separately with each national operator.",
		"Digital paperwork may prove as important as steel. A single container crossing five borders can generate dozens of documents, and harmonising electronic customs declarations has the potential to cut days from journey times at far lower cost than new infrastructure.",
		"Ports have expanded in step. The new port at Alat, south of Baku, was built with room to grow, and its operators describe ambitions to become a regional hub that handles not only transit cargo but also processing and distribution for the surrounding markets.",
		"Georgia's Black Sea ports are the western gateway of the route, and plans for a deep-water port have been revived several times over the past decade. Without it, larger container ships cannot call, and cargo must be transhipped through other ports in the region.",
		"The Baku–Tbilisi–Kars railway, opened in 2017, created a direct rail link between the Caspian and Türkiye. Its early years were marked by modest traffic, but the line has since been modernised to carry more freight, and operators report steady growth in block trains.",
		"Logistics companies stress that the corridor competes on the whole journey, not on any single segment. A fast railway is of little use if containers wait a week for a ship, and a new port earns nothing if the road leading to it is jammed with lorries.",
		"Trucking remains essential for the final leg. Drivers describe long queues at some border crossings, especially before holidays, and transport associations have lobbied for more lanes, longer opening hours and mutual recognition of inspections.",
		"Financing has come from a mix of national budgets, development banks and the European Union's connectivity programmes. Lenders increasingly attach conditions on transparency and environmental standards, which governments in the region have broadly accepted as the price of cheaper money.",
	},
	economy: {
		"Economic growth has slowed from the boom years of high oil prices, and the government's stated priority is diversification: expanding agriculture, tourism, manufacturing and services so that the budget is less exposed to swings in the price of crude.",
		"Non-oil exports have risen for several consecutive years, led by fruit and vegetables, chemicals, aluminium and textiles. The base is still small, but exporters say new trade agreements and simpler customs procedures have helped them reach markets in the Gulf and Central Asia.",
		"The central bank has kept the national currency stable against the dollar since the devaluations of 2015, a policy that has anchored inflation expectations but has also drawn on reserves when oil revenues dipped. Economists debate how long the arrangement can be sustained without more flexibility.",
		"Small and medium-sized businesses account for a smaller share of output than in most European economies. Owners cite access to credit as their main constraint; banks, in turn, point to weak collateral and thin credit histories. A state guarantee fund has tried to bridge the gap, with mixed results.",
		"Card payments and mobile banking have spread quickly, especially since the pandemic. Retailers that once dealt almost entirely in cash now accept contactless payments, and the share of wages paid into bank accounts has grown, bringing more economic activity into the formal sector.",
		"Tourism has recovered strongly, helped by new direct flights from the Gulf, Central Asia and Europe. Visitors are drawn to the capital's old city and seafront, to the mountain resorts in the north and, increasingly, to wine and food routes in the regions.",
		"Remittances from workers abroad remain an important source of income for many households in the South Caucasus, though their weight varies considerably from country to country. Sudden shifts in exchange rates in the countries where migrants work can change family budgets overnight.",
		"The sovereign wealth fund, built up from oil and gas revenues, holds assets several times larger than the annual state budget. Its transfers finance a large share of public spending, and its investment strategy has gradually shifted from bank deposits towards equities, bonds and real estate abroad.",
		"Agriculture employs more than a third of the workforce but produces a much smaller share of output, a gap that reflects small plots, ageing equipment and limited irrigation. Consolidation, cooperatives and better access to seed and credit are the remedies most often proposed.",
		"Business surveys point to cautious optimism. Companies report rising orders and plan modest hiring, though many remain concerned about the cost of imported inputs and about competition from neighbouring markets with lower wages.",
		"Public investment has shifted decisively towards the regions in recent years. Roads, power lines and water networks are being built in districts that were long neglected, and the government argues that this spending will lay the ground for private investment to follow.",
	},
	culture: {
		"Mugham, the classical modal music of the region, is built on improvisation within strict frameworks. A singer accompanied by the long-necked tar and the bowed kamancha moves through a sequence of modes, each with its own mood, and a performance can last from a few minutes to well over an hour.",
		"Carpet weaving is among the oldest crafts in the country, and regional schools such as those of Guba, Shirvan, Ganja and Karabakh have their own motifs and colour palettes. Collectors can often identify a carpet's origin from its border patterns alone.",
		"The national literary canon stretches from the twelfth-century poet Nizami Ganjavi, whose five long poems were copied and illustrated across the Persian-speaking world, to twentieth-century novelists and playwrights writing under Soviet censorship.",
		"Contemporary art has found new spaces in the capital, from state-funded museums to small independent galleries in converted industrial buildings. Younger artists mix traditional motifs with video, installation and digital work, and several have begun exhibiting regularly in Europe.",
		"Jazz took root in Baku in the mid-twentieth century, when musicians began blending American harmony with the modes of mugham. The result, sometimes called mugham jazz, produced a generation of celebrated pianists and still shapes the city's club scene.",
		"Film production has revived after a difficult period in the 1990s. Independent directors working on small budgets have made documentaries and feature films that have travelled to international festivals, often telling stories of displacement, family and memory.",
		"Festivals have become a central part of cultural life outside the capital. Summer events in mountain towns combine music, crafts and food, and organisers say they are increasingly attracting visitors from abroad as well as families returning to their home villages.",
		"Translation is a quieter but essential part of the cultural economy. Publishers have begun commissioning new English versions of classic works, and translators describe the difficulty of carrying rhythm and wordplay from one language into another without flattening them.",
		"Museums are digitising their collections, photographing carpets, manuscripts and costumes in high resolution and publishing catalogues online. Curators say the projects have brought enquiries from researchers who would never have travelled to see the objects in person.",
		"Cuisine is culture too. Plov, dolma and the many variations of flatbread baked in a clay tandir are shared, with local differences, across the region, and arguments over who invented which dish are a reliable source of friendly dispute.",
	},
	diaspora: {
		"Communities of Azerbaijani origin live in Türkiye, Russia, Georgia, Iran, Germany, the United States and many other countries. Their histories differ widely: some descend from nineteenth-century migrants, others left in the 1990s, and many more are recent students and workers.",
		"Diaspora organisations run weekend schools, cultural centres and online media, often with a handful of volunteers. Their main concern, organisers say, is keeping the language alive among children who speak it at home but read and write mostly in the language of the country where they live.",
		"In Georgia, ethnic Azerbaijanis form one of the largest minority communities, concentrated in the south-east of the country. Schools teaching in Azerbaijani, local newspapers and cross-border trade tie the community to both countries.",
		"Graduates who studied abroad on state scholarships are returning in growing numbers, drawn by jobs in the energy sector, banking, technology and public administration. Recruiters say their language skills and experience of foreign workplaces are in high demand.",
		"Family ties across borders are sustained through weddings, holidays and, increasingly, messaging apps. Grandparents in one country watch grandchildren grow up in another on video calls, and recipes, jokes and music travel in both directions.",
		"Diaspora business networks have become a channel for trade and investment. Entrepreneurs who know both markets set up import businesses, advise investors and, in some cases, open branches of their companies in the country of their parents.",
		"Not every emigrant's relationship with home is simple. Some left for political or economic reasons and maintain a critical distance; others visit every summer. Community leaders say the diversity of views is a sign of a mature diaspora rather than a problem to be solved.",
		"Diaspora media range from long-established newspapers to YouTube channels and Telegram groups. They serve as community noticeboards, sources of news from home and, sometimes, platforms for debate that would be more difficult to hold elsewhere.",
		"Second-generation writers and artists have begun to tell their own stories of growing up between cultures. Their novels, films and exhibitions explore questions of belonging that are familiar to migrant communities everywhere.",
	},
	history: {
		"The Azerbaijan Democratic Republic, proclaimed in May 1918, lasted less than two years before the Red Army arrived in 1920. In that short time it established a parliament, a university and a diplomatic service, and it extended the vote to women, one of the first states in the Muslim world to do so.",
		"Baku's first oil boom began in the 1870s, when the imperial government opened the fields to private investors. Within a few decades the city was producing around half of the world's oil, attracting capital from the Nobel brothers and the Rothschilds along with workers from across the empire.",
		"The oil wealth transformed the city's architecture. Merchants commissioned mansions in a mix of European styles, many of which survive along the streets beyond the old city walls, while the industrial districts known as the Black City grew up around the refineries to the east.",
		"The walled old city, with the Maiden Tower and the Palace of the Shirvanshahs, was inscribed on UNESCO's World Heritage list in 2000. Its narrow lanes, mosques and caravanserais reflect centuries of history as a trading town on the Caspian shore.",
		"Caravanserais, fortified inns where merchants and their animals rested overnight, once lined the trade routes that crossed the region. Several have been restored as restaurants and hotels, and historians have begun mapping the network of roads they served.",
		"The Soviet period brought industrialisation, mass literacy and repression in roughly equal measure. The purges of the 1930s removed much of the intellectual elite, and archives opened since independence have allowed families to learn what happened to relatives who disappeared.",
		"Historians working on the twentieth century caution that memory and archive do not always agree. Oral testimony, family photographs and official documents each capture part of the story, and reconstructing events requires reading them against one another.",
		"Archaeological work in the region has uncovered settlements dating back thousands of years, from the rock carvings at Gobustan, south of Baku, to Bronze Age burial mounds in the western lowlands. Many sites remain only partially excavated.",
		"The collapse of the Soviet Union in 1991 left the newly independent states of the South Caucasus with weak institutions, broken economies and unresolved territorial conflicts. The decade that followed shaped politics in the region for a generation.",
		"Photographs and films from the early twentieth century are being gathered from family collections and foreign archives. Researchers say they are invaluable for reconstructing streets, buildings and ways of life that have since disappeared.",
	},
	defence: {
		"Defence spending has risen substantially over the past decade, reflecting both the unresolved conflict with Armenia and a wider rearmament across the region. Procurement has shifted towards drones, precision munitions and air defence, the systems that proved decisive in recent wars.",
		"Military cooperation with Türkiye is the closest of the country's defence relationships, formalised in a 2021 declaration of alliance. Joint exercises are held several times a year, and officers train in each other's academies.",
		"Demining is the most urgent security task in the territories that returned to Azerbaijani control in 2020 and 2023. Estimates of the area contaminated by mines and unexploded ordnance run into thousands of square kilometres, and civilian casualties have continued since the fighting stopped.",
		"Mine clearance is slow by necessity. Teams work in lines, probing the ground centimetre by centimetre, and machines can only be used on suitable terrain. International partners have provided equipment and training, and the national agency has expanded its staff several times.",
		"The lessons of the wars in Karabakh and Ukraine are studied closely by general staffs across the region. Cheap drones, electronic warfare and the vulnerability of armoured vehicles in the open have forced a rethink of doctrines inherited from the Soviet army.",
		"Military education has been reformed along lines closer to NATO practice, with English-language training, revised curricula and exchanges with partner academies. The country participates in NATO's Partnership for Peace programme, though it has no plans to seek membership.",
		"A domestic defence industry produces ammunition, small arms and, increasingly, drones and armoured vehicles in partnership with foreign firms. Officials argue that local production reduces dependence on suppliers whose priorities may change.",
		"Security analysts note that the region's alignments are unusually fluid. Armenia has frozen much of its participation in the Russian-led Collective Security Treaty Organisation while buying weapons from France and India, and each move prompts responses from neighbours.",
		"Border security on the Caspian involves coastguards, navies and agreements among the five littoral states, which have committed not to allow foreign military forces on the sea. Patrol vessels and radar stations have been modernised in recent years.",
		"Defence diplomacy extends beyond traditional partners. Cooperation agreements with Israel, Pakistan, Serbia and several Central Asian states cover training, procurement and intelligence sharing, and visits by defence ministers have become frequent.",
	},
	science: {
		"Research funding remains modest by European standards, but priorities have shifted towards applied fields: petroleum engineering, chemistry, materials science, seismology and information technology, where results can be linked to industry and public services.",
		"The region sits on an active seismic zone, and monitoring networks have been expanded to track earthquakes and the movement of faults. Seismologists share data with neighbouring countries, since tremors do not respect borders.",
		"Mud volcanoes, of which the Absheron peninsula and its surroundings have some of the largest concentrations in the world, are studied both as geological curiosities and as natural sources of methane. Measuring their emissions accurately is part of building a credible national greenhouse gas inventory.",
		"Satellite data have become a routine tool for agriculture, water management and urban planning. Earth-observation images help map irrigated land, track the shrinking shoreline of the Caspian and monitor construction in the regions.",
		"Universities have opened joint programmes with European and Turkish institutions, allowing students to earn degrees recognised abroad. Faculty say the exchanges bring new methods and contacts, though retaining the best graduates remains difficult.",
		"Archaeogenetics, the study of ancient DNA, has begun to reshape understanding of the region's prehistory. Samples from burial sites suggest complex patterns of migration and mixing between farmers, herders and hunter-gatherers over thousands of years.",
		"Scientists studying the Caspian Sea track its level, salinity, temperature and biology. Endemic species, including the Caspian seal and several species of sturgeon, are under pressure from habitat loss, pollution and, in the case of sturgeon, illegal fishing.",
		"Technology start-ups are a small but growing part of the economy, concentrated in fintech, logistics software and education. Incubators attached to universities and state agencies offer office space and seed funding, and a handful of firms have raised money abroad.",
		"Public interest in science is visible in the popularity of science festivals, museum lectures and popular science channels online. Organisers say audiences are young and curious, and that questions about climate, space and medicine are the most frequent.",
		"Open data policies are still developing. Researchers say access to government statistics has improved, but that detailed datasets on health, the environment and the economy are often available only on request, which slows independent analysis.",
	},
	gender: {
		"Women make up roughly half of university students and a majority in some fields, including medicine and education. Their share falls sharply at senior levels of business and government, a pattern familiar from many countries but pronounced in the region.",
		"Women's cooperatives in rural districts produce carpets, preserves, cheese and dried fruit, and several have begun selling online and through hotel shops. Members say the income gives them financial independence and a voice in family decisions.",
		"Engineering and the energy sector have traditionally been male domains, but companies now run scholarship and mentoring programmes for young women. Graduates of those programmes are starting to appear on offshore platforms and in control rooms.",
		"Domestic violence remains under-reported. Support organisations have expanded hotlines and shelters, and training for police and judges has been introduced, but activists say social pressure still discourages many women from seeking help.",
		"Women journalists working in the regions describe particular challenges: access to male-dominated institutions, questions about their family life and online harassment. Several have formed informal networks to share advice and support.",
		"Demographers note that the sex ratio at birth, which was skewed for years, has begun to normalise. They attribute the change to public awareness campaigns, economic development and a gradual shift in attitudes towards daughters.",
		"The history of women's rights in the country is often traced to the early twentieth century, when philanthropists opened the first secular girls' school in the Muslim East in Baku in 1901 and women gained the vote under the short-lived republic.",
		"Parental leave rules and childcare provision shape women's participation in the labour market. Employers' associations and women's groups have called for more kindergarten places and for more flexible working arrangements, particularly in the private sector.",
		"Young women entrepreneurs are visible in design, food, tourism and technology. Several told us that social media allowed them to reach customers without the capital needed for a shop, and that online communities of women founders had been an important source of advice.",
	},
	karabakh: {
		"Reconstruction in Karabakh and the surrounding districts is one of the largest building programmes in the country's history. New roads, airports, power lines and water networks are being laid across territory that was largely depopulated for nearly three decades.",
		"The first former residents began returning to rebuilt villages and towns in 2022. Families who had lived as internally displaced people since the early 1990s received new homes, and officials say tens of thousands more will follow as housing, schools and clinics are completed.",
		"Planners describe the pilot smart villages as test beds for solar power, efficient irrigation and digital public services. Whether the model can be scaled up affordably is a question the coming years will answer.",
		"Agriculture is expected to be the backbone of the local economy. The region's valleys were known for vineyards, orchards and livestock, and investors have been offered incentives to restore farms, though the presence of mines has limited how much land can yet be used.",
		"Shusha, the historic town in the mountains, has been declared the country's cultural capital. Restoration of its mosques, mansions and public buildings has been accompanied by festivals intended to restore the town's reputation as a centre of music and poetry.",
		"Returnees speak of mixed emotions: joy at coming back, grief at finding little left of what they remembered, and uncertainty about how they will earn a living. Many older residents say they want to spend their remaining years where they were born.",
		"Aghdam, once a busy market town, was almost entirely destroyed during the years of occupation. Its new master plan envisages a modern city built around the surviving mosque, with parks along the river and an industrial zone on the outskirts.",
		"The peace process between Azerbaijan and Armenia has moved from ceasefire to negotiation over a comprehensive treaty. The two sides have agreed the text of an agreement, though its signature and ratification depend on further conditions still under discussion.",
		"Border delimitation commissions from the two countries have met regularly, working section by section along a frontier that was never formally drawn in Soviet times. Progress has been slow but steady, and a first stretch of the border was agreed in 2024.",
		"The reopening of transport links across the region, frozen since the early 1990s, is a central element of any settlement. Rail and road connections through southern Armenia and Nakhchivan would shorten routes between the Caspian and Türkiye considerably.",
	},
	diplomacy: {
		"Foreign policy in Baku has long been described as balancing: maintaining working relations with Russia, the West, Türkiye, Iran and the Gulf states without joining any bloc. Officials prefer the term multi-vector; critics call it opportunism. Either way, it has given the country room to manoeuvre.",
		"Relations with the European Union are built around energy, transport and trade. A memorandum of understanding signed in 2022 committed both sides to doubling gas deliveries by 2027, and talks continue on a new comprehensive agreement to replace the framework dating from the 1990s.",
		"France's relations with Baku have deteriorated sharply since 2020, with disputes over Karabakh, arms sales to Armenia and mutual accusations of interference. Diplomatic contacts continue, but the tone of official statements on both sides has rarely been so harsh.",
		"Central Asia has become a diplomatic priority. Regular summits with Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan and Tajikistan have produced agreements on transport, energy and trade, and some commentators speak of an emerging Caspian-Central Asian space.",
		"The Organisation of Turkic States gives institutional form to ties of language and culture with Türkiye and Central Asia. Its summits have moved from symbolic declarations towards practical cooperation on customs, transport and investment.",
		"Relations with Iran, the large southern neighbour with a substantial ethnic Azerbaijani population, have swung between cooperation and tension. Trade, transit and energy swaps coexist with disagreements over regional alignments.",
		"The United States remains an important partner in energy and security, though its attention to the South Caucasus has fluctuated with changes of administration. American mediation played a role in recent stages of the peace process.",
		"Small and medium-sized states tend to judge their partners by reliability rather than rhetoric. Diplomats in the region say that consistent engagement, even at a modest level, counts for more than high-profile visits followed by years of silence.",
		"Multilateral forums have given Baku a platform beyond its size. It chaired the Non-Aligned Movement from 2019 into 2024, hosted COP29 in 2024, and has sought a more active role in mediation and in voicing the concerns of the Global South.",
		"The OSCE Minsk Group, co-chaired by France, Russia and the United States, was created in the early 1990s to mediate the Karabakh conflict. It produced several peace plans over three decades but no settlement, and both Baku and Yerevan have since agreed that its work is over.",
		"Analysts warn against assuming that regional realignments are permanent. Alliances in the South Caucasus have shifted several times since independence, and governments hedge precisely because they have seen how quickly great-power attention can move elsewhere.",
	},
}

// general paragraphs fit any article; they are the last resort of a long
// piece, after its theme and the related themes have been drawn on.
var general = []string{
	"The South Caucasus sits at a junction of routes and interests: between Russia and the Middle East, between Europe and Central Asia, and between the Black Sea and the Caspian. That position has brought trade and attention, and also pressure from larger neighbours.",
	"Statistics in the region should be read with care. Methodologies change, some figures are revised long after publication, and independent verification is often difficult. Where possible, we cite the source and note when numbers come from a single official body.",
	"Public debate on these questions takes place increasingly online, on Telegram channels, YouTube and Facebook groups that reach audiences far larger than traditional newspapers. The quality of that debate varies as widely as the platforms themselves.",
	"Officials we spoke to were generally optimistic about the direction of travel, while independent experts pointed to the distance between announcements and implementation. Both views contain some truth, and the coming year should show which was closer to the mark.",
	"International partners are watching closely. Development banks, European institutions and neighbouring governments all have stakes in the outcome, and their willingness to commit money and political capital will shape what is possible.",
	"What happens next depends in part on decisions taken elsewhere: in Brussels, Ankara, Moscow, Beijing and Washington. The region's governments have limited influence over those capitals, and their strategies are built around keeping options open.",
	"As ever, the details will matter more than the headlines. Agreements in principle have a long history in this part of the world of being signed with ceremony and implemented slowly, if at all.",
}
