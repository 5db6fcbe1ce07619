package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// The demo's further editions: Azerbaijani and Russian, with their own
// menus and section names, and two translation groups so that "Read in"
// links and hreflang alternates show at once: a story written in English
// and translated into both, and one written in Azerbaijani and translated
// into English.

var demoEditions = []news.Edition{
	{Code: "az", Name: "Azərbaycanca", Dir: news.DirLTR, Position: 1,
		Tagline: "Azərbaycan və Cənubi Qafqaz haqqında siyasi və sosial-mədəni icmal",
		About:   "Caspian Digest Azərbaycan mediasından tərcümələr, eksklüziv materiallar və dünya mətbuatından seçilmiş məqalələr dərc edən müstəqil icmaldır."},
	{Code: "ru", Name: "Русский", Dir: news.DirLTR, Position: 2,
		Tagline: "Политический и социокультурный дайджест об Азербайджане и Южном Кавказе",
		About:   "Caspian Digest — независимый дайджест: эксклюзивные материалы, переводы из азербайджанских СМИ и перепечатки статей со всего мира."},
}

// sectionNames are each section's names in Azerbaijani and Russian, by
// the English name.
var sectionNames = map[string][2]string{
	"COP29":               {"COP29", "COP29"},
	"Opinion":             {"Rəy", "Мнения"},
	"News":                {"Xəbərlər", "Новости"},
	"Economy":             {"İqtisadiyyat", "Экономика"},
	"Energy":              {"Enerji", "Энергетика"},
	"Climate and Ecology": {"İqlim və ekologiya", "Климат и экология"},
	"Culture":             {"Mədəniyyət", "Культура"},
	"Diaspora":            {"Diaspor", "Диаспора"},
	"Interview":           {"Müsahibə", "Интервью"},
	"Science":             {"Elm", "Наука"},
	"Logistics-Transport": {"Logistika və nəqliyyat", "Логистика и транспорт"},
	"Gender":              {"Gender", "Гендер"},
	"History":             {"Tarix", "История"},
	"Defense":             {"Müdafiə", "Оборона"},
	"Karabakh":            {"Qarabağ", "Карабах"},
}

func (s *seeder) createEditions(ctx context.Context) error {
	if err := s.st.SetEditions(ctx, demoEditions); err != nil {
		return err
	}
	for path, c := range s.categories {
		names, ok := sectionNames[c.Name]
		if !ok {
			return fmt.Errorf("no translated names for section %q", path)
		}
		err := s.st.SetCategoryNames(ctx, c.ID, []news.CategoryName{{Lang: "az", Name: names[0]}, {Lang: "ru", Name: names[1]}})
		if err != nil {
			return err
		}
	}
	for i, e := range demoEditions {
		for name, items := range map[string][]news.MenuItem{
			news.MenuHeader: editionHeaderMenu(e.Code, i), news.MenuMobile: editionHeaderMenu(e.Code, i),
			news.MenuFooter: editionFooterMenu(e.Code, i),
		} {
			if err := s.st.SetMenu(ctx, name+"@"+e.Code, items); err != nil {
				return fmt.Errorf("%s@%s: %w", name, e.Code, err)
			}
		}
	}
	return s.createTranslations(ctx)
}

// editionHeaderMenu is the header menu of edition i of demoEditions: the
// front page, then every top-level section under its name there.
func editionHeaderMenu(code string, i int) []news.MenuItem {
	home := [2]string{"Ana səhifə", "Главная"}[i]
	items := []news.MenuItem{{Label: home, URL: "/" + code + "/"}}
	for _, sec := range sections {
		items = append(items, news.MenuItem{Label: sectionNames[sec.name][i], URL: "/" + code + categoryURL(news.Slugify(sec.name))})
	}
	return positioned(items)
}

func editionFooterMenu(_ string, i int) []news.MenuItem {
	labels := [][2]string{{"Məxfilik siyasəti", "Политика конфиденциальности"}, {"İstifadə şərtləri", "Условия использования"}}
	return positioned([]news.MenuItem{
		{Label: labels[0][i], URL: "/privacy-policy/"},
		{Label: labels[1][i], URL: "/terms-and-conditions/"},
	})
}

// translated is one language's version of a demo story.
type translated struct {
	lang, title, dek string
	paragraphs       []string // the first is the lede; "## " starts a heading
}

// translationGroup is a story and its translations, the original first.
type translationGroup struct {
	section string
	tags    []string
	by      []string
	pic     string
	age     time.Duration // how long before now the original appeared
	texts   []translated
}

func (s *seeder) createTranslations(ctx context.Context) error {
	for _, g := range translationGroups {
		var group int64
		for i, tx := range g.texts {
			a, err := s.translatedArticle(g, tx)
			if err != nil {
				return err
			}
			// Each translation appeared a few hours after its original.
			a.PublishedAt = s.now.Add(-g.age + time.Duration(i)*3*time.Hour).Truncate(time.Minute)
			a.UpdatedAt = a.PublishedAt
			a.TranslationGroup = group
			if i > 0 {
				a.TranslatedFrom = group
			}
			if err := s.st.CreateArticle(ctx, &a); err != nil {
				return fmt.Errorf("%q: %w", tx.title, err)
			}
			if i == 0 {
				group = a.ID
				a.TranslationGroup, a.Version = group, 0
				if err := s.st.UpdateArticle(ctx, &a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *seeder) translatedArticle(g translationGroup, tx translated) (news.Article, error) {
	var b strings.Builder
	for _, p := range tx.paragraphs {
		if h, ok := strings.CutPrefix(p, "## "); ok {
			b.WriteString("<h2>" + h + "</h2>")
			continue
		}
		b.WriteString("<p>" + p + "</p>")
	}
	body := render.Sanitize(b.String())
	a := news.Article{
		Title: tx.title, Slug: news.Slugify(tx.title), Standfirst: tx.dek, Body: body, WordCount: render.WordCount(body),
		Status: news.StatusPublished, Lang: tx.lang, Image: s.art.features[g.pic],
	}
	if tx.lang == "en" {
		a.Lang = ""
	}
	c, ok := s.categories[g.section]
	if !ok {
		return a, fmt.Errorf("no section %q", g.section)
	}
	a.Categories = []news.Category{c}
	for _, name := range g.tags {
		t, ok := s.tags[news.Slugify(name)]
		if !ok {
			return a, fmt.Errorf("no topic %q", name)
		}
		a.Tags = append(a.Tags, t)
	}
	for _, slug := range g.by {
		au, ok := s.authors[slug]
		if !ok {
			return a, fmt.Errorf("no author %q", slug)
		}
		a.Authors = append(a.Authors, au)
	}
	return a, nil
}

var translationGroups = []translationGroup{
	{
		section: "culture", tags: []string{"South Caucasus"}, by: []string{nigar}, pic: "mountain-ridges", age: 30 * time.Hour,
		texts: []translated{
			{lang: "en", title: "Baku's funicular runs again after a year of repairs",
				dek: "The little railway that climbs from the seafront boulevard to Martyrs' Lane reopened this week with new cars, new rails and the old view.",
				paragraphs: []string{
					"Baku's funicular, the short cable railway that links the seafront boulevard with the hill above it, carried its first passengers this week after more than a year out of service. Two new cars, built to the shape of the old ones, now run on relaid track, and the stations at both ends have been repaired.",
					"The line was opened in 1960 and rebuilt once before, in 2012. It is barely half a kilometre long and the ride lasts about three minutes, yet for many residents it is part of the city's identity: generations of families have used it to reach the park at the top, where the view takes in the whole bay.",
					"## What has changed",
					"According to the city's transport agency, the work replaced the rails, the hauling cable and the electric drive, and added a modern braking system that stops both cars automatically if the cable tension changes. The cars are air-conditioned, have wider doors and can carry a wheelchair or a pram without help from staff.",
					"The fare has not changed: passengers pay with the same transport card they use on buses and the metro. The line runs from ten in the morning until ten at night, and until midnight at weekends during the summer.",
					"## Why it matters",
					"Engineers say the old equipment had reached the end of its life and that repairs had become more frequent each year. The closure was unpopular, particularly with older residents who find the steep streets and stairs to the park difficult to climb.",
					"On the first morning a queue formed long before the opening time. Sevinj, a retired teacher who had come with her grandson, said she had ridden the funicular as a schoolgirl. \"The cars are new, but the view is the same,\" she said. \"That is what we came for.\"",
					"The funicular is one of two in the Caucasus still in regular service; the other climbs to Tbilisi's Mtatsminda park. Baku's line was designed by engineers from Kyiv, and its original cars, painted cream and red, appear in many Soviet films shot in the city. One of them has been kept and will stand at the lower station as a small exhibit, with photographs of the line's construction and of its first passengers.",
					"City officials say the repairs cost about four million manat and were paid for from the municipal budget. Plans for a second line, from the Old City up to Upland Park, have been discussed for years, but no decision has yet been taken.",
					"The agency says it will publish the line's monthly passenger figures and plans to light the track at night, so that the funicular can be seen from the boulevard after dark.",
				}},
			{lang: "az", title: "Bakı funikulyoru bir illik təmirdən sonra yenidən işləyir",
				dek: "Dənizkənarı bulvardan Şəhidlər xiyabanına qalxan kiçik dəmir yolu bu həftə yeni vaqonlar, yeni relslər və həmin köhnə mənzərə ilə yenidən açıldı.",
				paragraphs: []string{
					"Dənizkənarı bulvarı onun üzərindəki təpə ilə birləşdirən qısa kanat yolu olan Bakı funikulyoru bir ildən artıq fasilədən sonra bu həftə ilk sərnişinlərini daşıdı. Köhnə vaqonların formasında hazırlanmış iki yeni vaqon indi yenidən çəkilmiş relslər üzərində hərəkət edir, hər iki başdakı stansiyalar da təmir olunub.",
					"Xətt 1960-cı ildə açılıb və bundan əvvəl bir dəfə, 2012-ci ildə yenidən qurulub. Onun uzunluğu yarım kilometrə belə çatmır, səfər təxminən üç dəqiqə çəkir, lakin bir çox sakin üçün funikulyor şəhərin simasının bir hissəsidir: nəsillər boyu ailələr onunla yuxarıdakı parka qalxıb, oradan isə bütün buxta görünür.",
					"## Nə dəyişib",
					"Şəhərin nəqliyyat agentliyinin məlumatına görə, təmir zamanı relslər, dartıcı kanat və elektrik intiqalı dəyişdirilib, kanatın gərginliyi dəyişdikdə hər iki vaqonu avtomatik saxlayan müasir əyləc sistemi quraşdırılıb. Vaqonlarda kondisioner var, qapıları daha genişdir, əlil arabası və ya uşaq arabası işçilərin köməyi olmadan içəri keçə bilir.",
					"Gediş haqqı dəyişməyib: sərnişinlər avtobusda və metroda istifadə etdikləri həmin nəqliyyat kartı ilə ödəyirlər. Xətt səhər saat ondan gecə saat onadək, yay aylarında isə həftəsonları gecə yarısınadək işləyir.",
					"## Bu niyə vacibdir",
					"Mühəndislərin sözlərinə görə, köhnə avadanlığın istismar müddəti başa çatmışdı və təmirlərə ildən-ilə daha tez-tez ehtiyac yaranırdı. Xəttin bağlanması xüsusilə parka aparan dik küçələri və pilləkənləri qalxmaqda çətinlik çəkən yaşlı sakinlərin narazılığına səbəb olmuşdu.",
					"İlk səhər açılışdan xeyli əvvəl növbə yaranmışdı. Nəvəsi ilə gələn təqaüdçü müəllim Sevinc xanım funikulyora hələ məktəbli ikən mindiyini söylədi. \"Vaqonlar yenidir, amma mənzərə həmin mənzərədir\", dedi. \"Biz də elə onun üçün gəlmişik.\"",
					"Funikulyor Qafqazda müntəzəm işləyən iki belə xətdən biridir; digəri Tbilisidə Mtatsminda parkına qalxır. Bakı xəttini Kiyev mühəndisləri layihələndirib, krem və qırmızı rəngə boyanmış ilk vaqonlarını isə şəhərdə çəkilmiş bir çox sovet filmində görmək olar. Həmin vaqonlardan biri saxlanılıb və xəttin tikintisini və ilk sərnişinlərini əks etdirən fotoşəkillərlə birlikdə aşağı stansiyada kiçik eksponat kimi nümayiş olunacaq.",
					"Rəsmilərin sözlərinə görə, təmir təxminən dörd milyon manata başa gəlib və şəhər büdcəsindən maliyyələşdirilib. İçərişəhərdən Dağüstü parka ikinci xəttin çəkilməsi planı illərdir müzakirə olunur, lakin hələ ki, bu barədə qərar verilməyib.",
					"Agentlik xəttin aylıq sərnişin göstəricilərini dərc edəcəyini və funikulyorun qaranlıqda bulvardan görünməsi üçün yolu gecələr işıqlandırmağı planlaşdırdığını bildirir.",
				}},
			{lang: "ru", title: "Бакинский фуникулёр снова работает после года ремонта",
				dek: "Маленькая железная дорога, поднимающаяся от Приморского бульвара к Аллее шехидов, открылась на этой неделе: новые вагоны, новые рельсы и прежний вид.",
				paragraphs: []string{
					"Бакинский фуникулёр — короткая канатная дорога, соединяющая Приморский бульвар с холмом над ним, — на этой неделе перевёз первых пассажиров после более чем годового перерыва. Два новых вагона, повторяющих форму старых, теперь ходят по заново уложенным путям, а станции на обоих концах линии отремонтированы.",
					"Линию открыли в 1960 году и уже однажды реконструировали — в 2012-м. Её длина едва достигает полукилометра, поездка занимает около трёх минут, но для многих жителей фуникулёр — часть облика города: целые поколения семей поднимались на нём в парк наверху, откуда видна вся бухта.",
					"## Что изменилось",
					"По данным городского транспортного агентства, в ходе работ заменили рельсы, тяговый канат и электропривод, а также установили современную тормозную систему, которая автоматически останавливает оба вагона при изменении натяжения каната. В вагонах есть кондиционеры, двери стали шире, и инвалидная или детская коляска проходит внутрь без помощи персонала.",
					"Стоимость проезда не изменилась: пассажиры платят той же транспортной картой, что и в автобусах и метро. Фуникулёр работает с десяти утра до десяти вечера, а летом по выходным — до полуночи.",
					"## Почему это важно",
					"По словам инженеров, старое оборудование выработало свой ресурс, и ремонтировать его приходилось с каждым годом всё чаще. Закрытие линии вызвало недовольство, особенно у пожилых жителей, которым трудно подниматься к парку по крутым улицам и лестницам.",
					"В первое утро очередь выстроилась задолго до открытия. Пенсионерка, бывшая учительница Севиндж, пришедшая с внуком, рассказала, что каталась на фуникулёре ещё школьницей. «Вагоны новые, а вид всё тот же, — сказала она. — За ним мы и пришли».",
					"Бакинский фуникулёр — одна из двух подобных линий на Кавказе, которые до сих пор работают регулярно; вторая поднимается в тбилисский парк Мтацминда. Бакинскую линию проектировали киевские инженеры, а её первые вагоны, выкрашенные в кремовый и красный цвета, можно увидеть во многих советских фильмах, снятых в городе. Один из них сохранили: он станет небольшим экспонатом на нижней станции вместе с фотографиями строительства линии и её первых пассажиров.",
					"По словам городских чиновников, ремонт обошёлся примерно в четыре миллиона манатов и был оплачен из городского бюджета. Планы строительства второй линии — из Ичеришехер в Нагорный парк — обсуждаются годами, но решение пока не принято.",
					"В агентстве обещают публиковать ежемесячные данные о пассажиропотоке и планируют освещать пути по ночам, чтобы фуникулёр был виден с бульвара и после заката.",
				}},
		},
	},
	{
		section: "history", tags: []string{"South Caucasus"}, by: []string{staff}, pic: "concentric-rings", age: 54 * time.Hour,
		texts: []translated{
			{lang: "az", title: "Şəkidə İpək yolu karvansarası yenidən qonaq qəbul edir",
				dek: "XVIII əsrdə tacirlər üçün tikilmiş Yuxarı karvansarada bərpa işləri başa çatıb; binanın bir hissəsi muzeyə, digəri isə sənətkar emalatxanalarına verilib.",
				paragraphs: []string{
					"Şəkinin mərkəzindəki Yuxarı karvansara iki il davam edən bərpa işlərindən sonra ziyarətçilərin üzünə yenidən açılıb. Vaxtilə İpək yolu ilə gələn tacirlərin gecələdiyi, mallarını saxladığı və satdığı bu bina şəhərin ən tanınmış tarixi abidələrindən biridir.",
					"Karvansara XVIII əsrin sonunda tikilib. İkimərtəbəli binanın geniş həyəti, tağlı qalereyaları və qalın daş divarları var; aşağı mərtəbədə dükanlar və anbarlar, yuxarı mərtəbədə isə tacirlərin otaqları yerləşirdi. Deyilənə görə, o dövrdə darvazalar bağlananda içəridə yüzlərlə adam və heyvan gecələyə bilirdi.",
					"## Bərpa necə aparılıb",
					"Layihənin rəhbəri, memar Elnur Hüseynov bildirib ki, işlərin əsas məqsədi binanın orijinal görkəmini qorumaq olub. Divarların bərpası üçün yerli çay daşı və əhəng məhlulu istifadə edilib, sonrakı illərdə əlavə olunmuş beton hissələr sökülüb. Damın taxta konstruksiyası əvvəlki quruluşu təkrarlayır, yalnız köhnə tirlərin çürümüş hissələri dəyişdirilib.",
					"Həyətdəki hovuz və qədim su kəməri də təmizlənib. Mütəxəssislər işlər zamanı XIX əsrə aid sikkələr, saxsı qab qırıqları və ipək tumurcuqları saxlamaq üçün istifadə edilmiş səbətlərin qalıqlarını aşkar ediblər. Bu tapıntılar indi binanın şərq qanadında yaradılmış kiçik muzeydə nümayiş olunur.",
					"## Sənətkarlar üçün yer",
					"Aşağı mərtəbədəki otaqların bir hissəsi Şəki sənətkarlarına verilib: burada kəlağayı boyayan, şəbəkə düzəldən və halva bişirən ustalar işləyir, ziyarətçilər isə onların işini yaxından izləyə bilirlər. Yuxarı mərtəbədə otel fəaliyyət göstərir.",
					"Yerli sakinlər bərpanı razılıqla qarşılayıblar. Şəbəkə ustası Rəşad Məmmədov deyir ki, ailəsi üç nəsildir bu sənətlə məşğuldur. \"Karvansara həmişə ticarət yeri olub\", deyir. \"İndi də burada əl işlərimizi satırıq, yalnız müştərilər dəvə ilə yox, avtobusla gəlir.\"",
					"Şəki 2019-cu ildə Xan sarayı ilə birlikdə UNESCO-nun Ümumdünya İrs Siyahısına daxil edilib və o vaxtdan şəhərə gələn turistlərin sayı xeyli artıb. Yerli turizm idarəsinin məlumatına görə, ötən il şəhəri iki yüz mindən çox adam ziyarət edib; onların əksəriyyəti məhz Xan sarayını və karvansaranı görmək üçün gəlir.",
					"Bərpa layihəsi dövlət büdcəsi və beynəlxalq mədəni irs fondunun qrantı hesabına həyata keçirilib. Memarlar deyirlər ki, növbəti mərhələdə şəhərin digər karvansarası olan Aşağı karvansaranın da tədqiqinə başlanılacaq; həmin binanın vəziyyəti daha ağırdır və onun bərpası bir neçə il çəkə bilər.",
					"Muzeyə giriş pulsuzdur və o, bazar ertəsindən başqa hər gün açıqdır.",
				}},
			{lang: "en", title: "Sheki's Silk Road caravanserai welcomes guests again",
				dek: "Restoration of the Upper Caravanserai, built for merchants in the eighteenth century, is complete; part of the building has become a museum, the rest workshops for craftsmen.",
				paragraphs: []string{
					"The Upper Caravanserai in the centre of Sheki has reopened to visitors after restoration work that lasted two years. The building, where merchants arriving along the Silk Road once slept, stored their goods and sold them, is one of the town's best-known historic monuments.",
					"The caravanserai was built at the end of the eighteenth century. The two-storey building has a wide courtyard, arched galleries and thick stone walls; shops and storerooms were on the ground floor, and the merchants' rooms on the floor above. It is said that in those days, once the gates were closed, hundreds of people and animals could spend the night inside.",
					"## How the restoration was done",
					"The head of the project, the architect Elnur Huseynov, said the main aim of the work was to preserve the building's original appearance. Local river stone and lime mortar were used to repair the walls, and concrete sections added in later years were removed. The timber structure of the roof repeats the original design; only the rotten parts of the old beams were replaced.",
					"The pool in the courtyard and an old water channel were also cleaned. During the work specialists found nineteenth-century coins, fragments of pottery and the remains of baskets used to keep silkworm cocoons. These finds are now on show in a small museum set up in the building's east wing.",
					"## A place for craftsmen",
					"Some of the rooms on the ground floor have been given to Sheki's craftsmen: masters who dye kelaghayi silk scarves, make shebeke stained-glass lattices and cook halva work there, and visitors can watch them closely. A hotel operates on the upper floor.",
					"Local residents have welcomed the restoration. Rashad Mammadov, a shebeke master, says his family has practised the craft for three generations. \"The caravanserai has always been a place of trade,\" he says. \"We still sell our handiwork here; only now the customers come by bus, not by camel.\"",
					"In 2019 Sheki, together with its Khan's Palace, was added to UNESCO's World Heritage List, and since then the number of tourists coming to the town has grown considerably. According to the local tourism office, more than two hundred thousand people visited last year; most of them come precisely to see the Khan's Palace and the caravanserai.",
					"The restoration was paid for by the state budget and a grant from an international cultural heritage fund. The architects say that the next stage will begin the study of the town's other caravanserai, the Lower Caravanserai; that building is in a much worse state, and restoring it may take several years.",
					"Entry to the museum is free, and it is open every day except Monday.",
				}},
		},
	},
}
