package demo

import "image/color"

// person is a byline of the demo publication. All but one are invented;
// Taras Kuzio is the real author of the piece the reference page shows,
// credited as that page credits him.
type person struct {
	name, slug, email, bio string
	links                  [][2]string // network, URL
	bg, fg                 color.RGBA  // avatar colours
}

var people = []person{
	{name: "Caspian Digest Staff", slug: "caspian-digest-staff", email: "desk@caspiandigest.example",
		bio:   "Reports, briefings and translations prepared by the Caspian Digest news desk in Baku.",
		links: [][2]string{{"x", "https://x.com/caspiandigest_example"}, {"telegram", "https://t.me/caspiandigest_example"}},
		bg:    rgb(20, 40, 80), fg: rgb(120, 200, 210)},
	{name: "Taras Kuzio", slug: "taras-kuzio",
		bio:   "Taras Kuzio is a professor of political science at the National University of Kyiv Mohyla Academy and an associate research fellow at the Henry Jackson Society. He writes on Ukraine, Russia and the politics of the post-Soviet states.",
		links: [][2]string{{"x", "https://x.com/taraskuzio_example"}, {"website", "https://taraskuzio.example/"}},
		bg:    rgb(30, 80, 150), fg: rgb(250, 215, 80)},
	{name: "Zəhra Məmmədova", email: "zahra@caspiandigest.example",
		bio:   "Zəhra Məmmədova covers energy and the Caspian oil and gas industry. She previously reported on commodities for a regional business weekly.",
		links: [][2]string{{"x", "https://x.com/zmammadova_example"}, {"linkedin", "https://www.linkedin.com/in/zmammadova-example"}},
		bg:    rgb(150, 60, 40), fg: rgb(250, 220, 190)},
	{name: "Ilkin Həsənov", email: "ilkin@caspiandigest.example",
		bio:   "Ilkin Həsənov writes about trade, transport and the Middle Corridor. He trained as an economist and spent five years in logistics before turning to journalism.",
		links: [][2]string{{"x", "https://x.com/ilkinh_example"}, {"telegram", "https://t.me/ilkinh_example"}},
		bg:    rgb(40, 110, 90), fg: rgb(220, 240, 225)},
	{name: "Анна Смирнова", email: "anna@caspiandigest.example",
		bio:   "Анна Смирнова (Anna Smirnova) translates from Russian and Azerbaijani and reviews the Russian-language press of the region for the digest.",
		links: [][2]string{{"telegram", "https://t.me/annasmirnova_example"}},
		bg:    rgb(110, 50, 120), fg: rgb(240, 220, 245)},
	{name: "Nigar Qasımova", email: "nigar@caspiandigest.example",
		bio:   "Nigar Qasımova is the digest's culture editor. She writes about music, film, literature and the lives of communities abroad.",
		links: [][2]string{{"x", "https://x.com/nigarq_example"}, {"facebook", "https://www.facebook.com/nigarq.example"}},
		bg:    rgb(180, 120, 30), fg: rgb(255, 245, 220)},
	{name: "Rauf Quliyev", email: "rauf@caspiandigest.example",
		bio:   "Rauf Quliyev is a security analyst who writes on defence policy, demining and the regional balance of power.",
		links: [][2]string{{"x", "https://x.com/raufq_example"}},
		bg:    rgb(60, 70, 60), fg: rgb(200, 215, 190)},
	{name: "Elena Marchetti", email: "elena@caspiandigest.example",
		bio:   "Elena Marchetti is a science and climate journalist based between Rome and Baku. She covered the COP29 negotiations for the digest.",
		links: [][2]string{{"x", "https://x.com/emarchetti_example"}, {"website", "https://elenamarchetti.example/"}},
		bg:    rgb(30, 120, 160), fg: rgb(215, 240, 250)},
	{name: "Sabina Rzayeva", email: "sabina@caspiandigest.example",
		bio:   "Sabina Rzayeva reports on gender, education and social policy, with a focus on the regions outside the capital.",
		links: [][2]string{{"instagram", "https://www.instagram.com/sabinarzayeva.example"}, {"linkedin", "https://www.linkedin.com/in/sabinarzayeva-example"}},
		bg:    rgb(200, 80, 100), fg: rgb(255, 230, 235)},
	{name: "Orxan Bağırov", email: "orkhan@caspiandigest.example",
		bio:   "Orxan Bağırov is a historian of the Caucasus who writes on the twentieth century, archives and memory.",
		links: [][2]string{{"website", "https://orxanbagirov.example/"}},
		bg:    rgb(120, 90, 60), fg: rgb(240, 225, 200)},
}
