package demo

// The opinion piece the reference page shows, rewritten in our own words
// along the same line of argument, so that the demo's article page can be
// compared with the real one section by section.
const (
	frenchTitle      = "French foreign policy breaks with its Western allies"
	frenchStandfirst = "For three decades the Minsk Group produced no breakthrough, and from around 2010 it drifted into stagnation as Paris and Washington lost interest in the conflict it was meant to resolve."
	frenchBody       = `<p>When France and the United States stepped back from mediation, they left a vacuum in the South Caucasus, and Russia filled it. During and after the Second Karabakh War in 2020, Moscow cast itself as the indispensable negotiator and sent troops it described as peacekeepers.</p>
<p>In the ten years before that war, frustration in Baku with French policy grew steadily. Azerbaijani officials saw Paris as openly partial to Armenia, and they identified two causes. France, like the United States, is home to one of the largest Armenian communities outside the former Soviet Union. And French diplomacy has a long habit of siding with Greece against Turkey, and with Armenia against Azerbaijan.</p>
<p>Washington's record was not much better. For years Congress restricted military assistance to Azerbaijan, a policy that implied Baku bore the blame for the conflict even though a fifth of its internationally recognised territory was under Armenian occupation. Strained relations between the United States and Turkey gave the Armenian lobby further room to shape policy.</p>
<h2>A parliament that took sides</h2>
<p>The limits of French even-handedness became plain after the 2020 war. Both chambers of the French parliament passed resolutions calling for recognition of the separatist entity in Karabakh. The Senate vote in November 2020 was almost unanimous, and the National Assembly followed a month later by a similarly lopsided margin.</p>
<p>The National Assembly went further and urged the European Union to halt accession talks with Turkey. In the French debate, Azerbaijan often appears to be collateral damage of a broader hostility towards Ankara.</p>
<blockquote class="pullquote"><p>Support for Armenia may be the only foreign-policy position that unites the whole of the French political spectrum.</p></blockquote>
<p>President Emmanuel Macron has made no secret of where his sympathies lie, speaking repeatedly of France's historic and cultural bonds with the Armenian people and of standing at Armenia's side.</p>
<h2>Weapons for Yerevan, not Kyiv</h2>
<p>France has since agreed to supply Armenia with an air-defence radar of the same type it had delivered to Ukraine. Armenia remains a military ally and an economic partner of Russia, and Russian forces have long been part of its air-defence system. There is a real risk that French technology will be examined by Russian specialists, or worse.</p>
<p>Armoured vehicles tell a similar story. A first batch of French-made Bastion personnel carriers went to Armenia while Ukraine, which had been discussing the same vehicles for months, was still waiting.</p>
<p>The contrast is hard to defend. Ukraine is fighting for its survival as a state. Armenia is not at war, and its claims that Azerbaijan threatens its territory are not borne out by events.</p>
<h2>An ally of Moscow in all but name</h2>
<p>Armenia was a founding member of the Russian-led Collective Security Treaty Organisation. Its prime minister has stayed away from recent summits and criticised the bloc as ineffective, but Yerevan has been careful to say that leaving the organisation is not under discussion.</p>
<p>France's growing security relationship with Armenia therefore sits awkwardly with the policies of NATO and the European Union towards Russia and Iran, both of which have deep and long-standing security ties with Armenia. Yerevan has not said which side it is on. If it wishes to align with the West, it will have to unwind those relationships.</p>
<p>Many European governments, France among them, would welcome Armenia's closer integration with Europe. But policy has to start from realities. Three decades of integration with Russia cannot be undone quickly: Armenia depends on Russia for remittances from its migrant workers, for trade through the Eurasian Economic Union, and, together with Iran, for its energy.</p>
<h2>Contradictory goals</h2>
<p>Arming Armenia now gets ahead of those realities. The Kremlin welcomed Britain's departure from the European Union, but there is no sign that it would allow Armenia to walk out of the CSTO or the Eurasian Economic Union.</p>
<p>By backing separatism in Azerbaijan, France undermines its own credibility when it insists on the restoration of Ukraine's territorial integrity. And by sending military equipment to Armenia at a critical moment in Russia's war, it has weakened the help it can give Ukraine's air defence.</p>
<p>French policy thus pursues two aims that cannot both be met: defending Ukraine's borders while encouraging separatism in the South Caucasus. Along the way, it risks handing Russia and Iran access to Western equipment that threatens the security of Ukraine and of other Western partners.</p>
<p><em>Taras Kuzio is a professor of political science at the National University of Kyiv Mohyla Academy and an associate research fellow at the Henry Jackson Society.</em></p>`
)
