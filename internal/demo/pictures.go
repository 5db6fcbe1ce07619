package demo

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// picture is one generated illustration with the words that describe it.
// Alt text says what is drawn, for readers who cannot see it; the caption
// says why it is there.
type picture struct {
	name    string // the file name the library derives its key from
	alt     string
	caption string
	paint   func(c *canvas, r *rand.Rand)
}

// Sizes of the generated pictures, matching what the theme lays out.
const (
	featureWidth, featureHeight = 1600, 900
	avatarSize                  = 400
	bannerWidth, bannerHeight   = 600, 300
	logoWidth, logoHeight       = 480, 96
)

const illustrationCredit = "Illustration: Caspian Digest"

// features are the feature pictures, reused across articles on the same
// subject as a real picture desk reuses its library shots.
var features = []picture{
	{"baku-skyline-at-dusk", "Illustration of a city skyline in silhouette against an orange and violet evening sky, with lit windows in the towers.",
		"Evening over Baku: two decades of construction have reshaped the skyline along the Caspian shore.", paintSkyline},
	{"three-towers-at-night", "Illustration of three tall flame-shaped towers glowing against a dark blue night sky.",
		"The flame-shaped towers above the bay have become the city's best-known silhouette.", paintFlameTowers},
	{"offshore-platform", "Illustration of an offshore oil platform standing on stilts in a calm grey-blue sea, a small flare burning at its tip.",
		"Offshore fields in the Caspian still provide most of the country's export revenue.", paintPlatform},
	{"wind-turbines-on-hills", "Illustration of white wind turbines on rolling green hills under a pale blue sky.",
		"Wind projects on the Absheron peninsula are the first test of large-scale renewable power.", paintWindFarm},
	{"solar-field", "Illustration of rows of dark blue solar panels on sandy ground beneath a bright sun.",
		"Solar parks are being built on land unsuited to farming.", paintSolarField},
	{"mountain-ridges", "Illustration of layered mountain ridges fading from dark green to pale blue, with snow on the highest peaks.",
		"The ridges of the Lesser Caucasus frame the valleys of Karabakh.", paintRidges},
	{"sunrise-over-the-sea", "Illustration of the sun rising over a calm sea, its reflection broken into horizontal bands on the water.",
		"The Caspian at dawn. The world's largest inland body of water is also one of its most closely watched.", paintSeaSunrise},
	{"railway-to-the-horizon", "Illustration of railway tracks running straight towards a vanishing point on a flat steppe horizon.",
		"Rail links across the steppe carry a growing share of freight between China and Europe.", paintRailway},
	{"container-stacks", "Illustration of stacked shipping containers in red, blue, orange and green beside a harbour crane.",
		"Container yards at the new port of Alat handle cargo bound for Georgia and Türkiye.", paintContainers},
	{"cargo-ship", "Illustration of a cargo ship loaded with containers crossing open water under a grey sky.",
		"Ferries and feeder ships connect the eastern and western shores of the Caspian.", paintShip},
	{"two-flags", "Illustration of two flags side by side: a vertical blue, white and red tricolour and a horizontal blue, red and green tricolour.",
		"Relations between Paris and Baku have cooled markedly since 2020.", paintTwoFlags},
	{"carpet-pattern", "Illustration of a geometric carpet pattern of nested diamonds in crimson, navy and ivory within a patterned border.",
		"Carpet weaving, inscribed by UNESCO as intangible heritage, draws on regional schools of pattern.", paintCarpet},
	{"concentric-rings", "Abstract illustration of concentric rings in ochre, crimson and deep blue on a dark background.",
		"Mugham's improvised modes move outward from a tonal centre, like rings on water.", paintRings},
	{"globe-with-cities", "Illustration of a globe drawn in thin lines of latitude and longitude, with bright dots marking cities.",
		"Communities abroad keep family, business and cultural ties across several continents.", paintGlobe},
	{"rising-bar-chart", "Illustration of a bar chart with rising teal columns and one highlighted orange column.",
		"Non-oil sectors account for a growing share of output.", paintBarChart},
	{"line-chart-on-grid", "Illustration of a line chart on a pale grid, the line rising unevenly from left to right.",
		"Prices and volumes rarely move in straight lines.", paintLineChart},
	{"atom-and-orbits", "Illustration of an atom: three elliptical orbits around a glowing nucleus on a navy background.",
		"Research funding is shifting towards applied science and engineering.", paintAtom},
	{"studio-microphone", "Illustration of a studio microphone in front of soft, out-of-focus circles of light.",
		"In conversation: the Caspian Digest interview series.", paintMicrophone},
	{"old-city-walls", "Illustration of an old stone city wall with battlements and a tall round tower in sandstone colours.",
		"The walls of Baku's Old City, a UNESCO World Heritage site since 2000.", paintFortress},
	{"radar-screen", "Illustration of a green radar screen with concentric range rings, a sweep line and several bright blips.",
		"Air defence has become a priority for every army in the region.", paintRadar},
	{"rows-of-conifers", "Illustration of rows of stylised green conifers on a hillside under a pale sky.",
		"Forests cover little more than a tenth of the country, mostly in the mountains.", paintForest},
	{"conference-hall", "Illustration of a conference hall seen from the back, rows of seats facing a brightly lit stage.",
		"Plenary sessions draw delegations from nearly every country in the world.", paintConferenceHall},
	{"row-of-people", "Illustration of a row of stylised people of different heights in alternating coral and teal.",
		"Women make up a growing share of graduates in science and engineering.", paintPeople},
	{"overlapping-circles", "Illustration of two overlapping translucent circles, one blue and one gold, on a dark background.",
		"Negotiations turn on the ground two sides can share.", paintOverlap},
}

func paintSkyline(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(52, 31, 94), rgb(250, 150, 70))
	c.circle(1150, 640, 110, rgb(255, 205, 120))
	for x := 0; x < c.w; {
		w := 50 + r.IntN(90)
		top := 260 + r.IntN(420)
		c.rect(x, top, x+w-6, c.h, rgb(28, 22, 44))
		for wy := top + 20; wy < c.h-20; wy += 28 {
			for wx := x + 10; wx < x+w-20; wx += 22 {
				if r.IntN(3) == 0 {
					c.rect(wx, wy, wx+8, wy+12, rgb(255, 214, 120))
				}
			}
		}
		x += w
	}
}

func paintFlameTowers(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(8, 14, 48), rgb(30, 60, 120))
	for i := 0; i < 120; i++ {
		c.circle(r.Float64()*1600, r.Float64()*450, 1.5, rgb(230, 230, 255))
	}
	for i, x := range []float64{520, 800, 1080} {
		top := 150 + float64(i%2)*90
		flame := []pt{{x - 110, 900}, {x - 120, 600}, {x - 80, top + 200}, {x - 10, top}, {x + 40, top + 120}, {x + 110, 520}, {x + 120, 900}}
		c.polygon(flame, rgb(255, 120, 30))
		inner := []pt{{x - 60, 900}, {x - 70, 620}, {x - 40, top + 260}, {x, top + 120}, {x + 30, top + 220}, {x + 70, 560}, {x + 60, 900}}
		c.polygon(inner, rgb(255, 200, 80))
	}
	c.rect(0, 820, c.w, c.h, rgb(10, 10, 24))
}

func paintPlatform(c *canvas, r *rand.Rand) {
	c.gradient(0, 520, rgb(170, 190, 205), rgb(225, 230, 232))
	c.gradient(520, c.h, rgb(70, 100, 120), rgb(30, 50, 70))
	for y := 540; y < c.h; y += 14 + r.IntN(10) {
		x := r.IntN(1600)
		c.rect(x, y, x+120+r.IntN(200), y+3, rgb(120, 150, 170))
	}
	for _, x := range []float64{600, 700, 900, 1000} {
		c.line(x, 420, x, 700, 14, rgb(40, 40, 45))
	}
	c.rect(560, 380, 1040, 430, rgb(60, 60, 66))
	c.rect(620, 300, 820, 380, rgb(200, 70, 50))
	c.rect(860, 330, 1000, 380, rgb(230, 230, 220))
	for y := 100.0; y < 300; y += 40 {
		c.line(900-(300-y)/4, y, 900+(300-y)/4, y+40, 4, rgb(40, 40, 45))
		c.line(900+(300-y)/4, y, 900-(300-y)/4, y+40, 4, rgb(40, 40, 45))
	}
	c.line(1040, 400, 1180, 260, 10, rgb(60, 60, 66))
	c.circle(1185, 245, 22, rgb(255, 150, 40))
	c.circle(1185, 238, 11, rgb(255, 230, 120))
}

func paintWindFarm(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(150, 200, 235), rgb(225, 240, 250))
	hills(c, r, 620, 80, rgb(110, 170, 90))
	hills(c, r, 720, 60, rgb(80, 140, 70))
	for i, x := range []float64{250, 560, 860, 1180, 1450} {
		base, height := 700.0-float64(i%2)*40, 380.0-float64(i%3)*50
		hub := pt{x, base - height}
		c.line(x, base, x, hub.y, 10, rgb(245, 245, 245))
		turn := r.Float64() * math.Pi
		for b := 0; b < 3; b++ {
			a := turn + float64(b)*2*math.Pi/3
			c.line(hub.x, hub.y, hub.x+math.Cos(a)*150, hub.y+math.Sin(a)*150, 9, rgb(250, 250, 250))
		}
		c.circle(hub.x, hub.y, 10, rgb(220, 220, 220))
	}
}

// hills paints a band of rolling ground whose skyline sits around y.
func hills(c *canvas, r *rand.Rand, y, amp float64, col color.RGBA) {
	p1, p2 := r.Float64()*6, r.Float64()*6
	pts := []pt{{0, float64(c.h)}}
	for x := 0.0; x <= float64(c.w); x += 20 {
		pts = append(pts, pt{x, y - amp*(0.6*math.Sin(x/260+p1)+0.4*math.Sin(x/97+p2))})
	}
	c.polygon(append(pts, pt{float64(c.w), float64(c.h)}), col)
}

func paintSolarField(c *canvas, _ *rand.Rand) {
	c.gradient(0, 380, rgb(80, 150, 220), rgb(200, 225, 245))
	c.circle(1300, 140, 80, rgb(255, 240, 180))
	c.gradient(380, c.h, rgb(225, 200, 150), rgb(200, 165, 110))
	for row := 0; row < 8; row++ {
		y := 400 + float64(row*row)*9 + float64(row)*12
		h := 10 + float64(row)*7
		inset := 300 - float64(row)*38
		c.polygon([]pt{{inset, y}, {1600 - inset, y}, {1620 - inset, y + h}, {-20 + inset, y + h}}, rgb(30, 50, 110))
		for x := inset; x < 1600-inset; x += 60 + float64(row)*8 {
			c.line(x, y, x+10, y+h, 2, rgb(120, 150, 200))
		}
	}
}

func paintRidges(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(190, 210, 230), rgb(240, 235, 225))
	cols := []color.RGBA{rgb(160, 180, 200), rgb(120, 150, 160), rgb(80, 120, 110), rgb(50, 90, 70), rgb(30, 60, 45)}
	for i, col := range cols {
		base := 330 + float64(i)*110
		p1, p2, p3 := r.Float64()*6, r.Float64()*6, r.Float64()*6
		pts := []pt{{0, 900}}
		for x := 0.0; x <= 1600; x += 10 {
			y := base - 90*math.Abs(math.Sin(x/210+p1)) - 40*math.Sin(x/77+p2) - 20*math.Sin(x/31+p3)
			pts = append(pts, pt{x, y})
			if i == 0 && y < base-110 {
				c.rect(int(x), int(y), int(x)+10, int(y)+18, rgb(250, 250, 252))
			}
		}
		c.polygon(append(pts, pt{1600, 900}), col)
	}
}

func paintSeaSunrise(c *canvas, r *rand.Rand) {
	c.gradient(0, 500, rgb(250, 190, 140), rgb(255, 225, 180))
	c.circle(800, 500, 120, rgb(255, 240, 200))
	c.gradient(500, c.h, rgb(70, 110, 150), rgb(25, 45, 80))
	for y := 510; y < c.h; y += 12 {
		spread := 60 + (y-500)/2
		w := spread + r.IntN(80)
		c.rect(800-w, y, 800+w, y+5, withAlpha(rgb(255, 220, 170), uint8(200-(y-500)/3)))
	}
}

func paintRailway(c *canvas, r *rand.Rand) {
	c.gradient(0, 420, rgb(120, 170, 215), rgb(230, 230, 215))
	c.gradient(420, c.h, rgb(190, 170, 120), rgb(140, 120, 80))
	vx, vy := 800.0, 420.0
	for i := 1; i < 40; i++ {
		t := math.Pow(float64(i)/40, 2)
		y := vy + t*480
		half := 40 + t*700
		c.line(vx-half, y, vx+half, y, 3+t*16, rgb(90, 60, 40))
	}
	for _, side := range []float64{-1, 1} {
		c.line(vx+side*4, vy, vx+side*560, 900, 12, rgb(80, 80, 90))
	}
	for i := 0; i < 8; i++ {
		x := float64(r.IntN(1600))
		c.line(x, 420, x+4, 400, 3, rgb(100, 100, 100))
	}
}

func paintContainers(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(180, 200, 215), rgb(235, 235, 230))
	c.rect(0, 780, c.w, c.h, rgb(90, 90, 95))
	palette := []color.RGBA{rgb(190, 50, 40), rgb(40, 80, 160), rgb(230, 130, 40), rgb(50, 130, 80), rgb(200, 190, 60)}
	for stack := 0; stack < 9; stack++ {
		x := 60 + stack*160
		for level := 0; level < 2+r.IntN(4); level++ {
			y := 780 - (level+1)*80
			col := palette[r.IntN(len(palette))]
			c.rect(x, y, x+150, y+76, col)
			for rib := x + 8; rib < x+150; rib += 12 {
				c.rect(rib, y+6, rib+3, y+70, mix(col, rgb(0, 0, 0), 0.25))
			}
		}
	}
	c.line(1500, 780, 1500, 150, 24, rgb(230, 180, 40))
	c.line(1100, 170, 1590, 170, 20, rgb(230, 180, 40))
	c.line(1200, 170, 1200, 330, 4, rgb(60, 60, 60))
}

func paintShip(c *canvas, r *rand.Rand) {
	c.gradient(0, 560, rgb(160, 170, 180), rgb(210, 215, 220))
	c.gradient(560, c.h, rgb(60, 85, 105), rgb(30, 45, 60))
	c.polygon([]pt{{250, 520}, {1350, 520}, {1250, 680}, {330, 680}}, rgb(40, 40, 50))
	c.rect(330, 640, 1260, 660, rgb(170, 40, 40))
	c.rect(1100, 380, 1220, 520, rgb(235, 235, 235))
	c.rect(1120, 400, 1200, 420, rgb(60, 80, 110))
	palette := []color.RGBA{rgb(190, 50, 40), rgb(40, 80, 160), rgb(230, 130, 40), rgb(50, 130, 80)}
	for x := 320; x < 1080; x += 64 {
		for level := 0; level < 1+r.IntN(3); level++ {
			y := 520 - (level+1)*40
			c.rect(x, y, x+60, y+38, palette[r.IntN(len(palette))])
		}
	}
	for y := 700; y < c.h; y += 18 {
		x := r.IntN(1600)
		c.rect(x, y, x+200, y+3, rgb(110, 135, 155))
	}
}

func paintTwoFlags(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(225, 228, 235), rgb(190, 195, 205))
	wave := r.Float64() * 6
	flag := func(x0, y0 int, stripe func(x, y int) color.RGBA) {
		for y := 0; y < 380; y++ {
			for x := 0; x < 560; x++ {
				dy := int(14 * math.Sin(float64(x)/90+wave))
				c.blend(x0+x, y0+y+dy, stripe(x, y))
			}
		}
		c.rect(x0-16, y0-20, x0-4, 860, rgb(90, 80, 70))
	}
	flag(180, 220, func(x, _ int) color.RGBA {
		return []color.RGBA{rgb(0, 38, 120), rgb(250, 250, 250), rgb(206, 17, 38)}[x*3/560]
	})
	flag(900, 220, func(_, y int) color.RGBA {
		return []color.RGBA{rgb(0, 150, 210), rgb(230, 40, 50), rgb(0, 160, 90)}[y*3/380]
	})
}

func paintCarpet(c *canvas, _ *rand.Rand) {
	crimson, navy, ivory, gold := rgb(150, 25, 35), rgb(25, 35, 80), rgb(240, 230, 205), rgb(210, 160, 60)
	c.rect(0, 0, c.w, c.h, navy)
	c.rect(60, 60, c.w-60, c.h-60, ivory)
	c.rect(100, 100, c.w-100, c.h-100, crimson)
	for x := 60; x < c.w-60; x += 40 {
		c.polygon([]pt{{float64(x + 20), 62}, {float64(x + 38), 80}, {float64(x + 20), 98}, {float64(x + 2), 80}}, navy)
		c.polygon([]pt{{float64(x + 20), 802}, {float64(x + 38), 820}, {float64(x + 20), 838}, {float64(x + 2), 820}}, navy)
	}
	for i, cx := range []float64{400, 800, 1200} {
		for k, size := range []float64{260, 200, 140, 80, 30} {
			col := []color.RGBA{navy, ivory, gold, crimson, ivory}[(k+i)%5]
			c.polygon([]pt{{cx, 450 - size}, {cx + size*0.8, 450}, {cx, 450 + size}, {cx - size*0.8, 450}}, col)
		}
	}
}

func paintRings(c *canvas, _ *rand.Rand) {
	c.rect(0, 0, c.w, c.h, rgb(20, 16, 30))
	cols := []color.RGBA{rgb(200, 140, 50), rgb(160, 30, 45), rgb(30, 50, 120)}
	for i := 18; i > 0; i-- {
		c.circle(800, 450, float64(i)*26, cols[i%3])
	}
	c.circle(800, 450, 14, rgb(245, 230, 200))
}

func paintGlobe(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(10, 20, 45), rgb(20, 40, 80))
	line := rgb(110, 170, 220)
	c.circle(800, 450, 340, rgb(20, 50, 90))
	c.ring(800, 450, 340, 1, 0, 4, line)
	for lat := -60.0; lat <= 60; lat += 30 {
		rad := lat * math.Pi / 180
		y := 450 + 340*math.Sin(rad)
		half := 340 * math.Cos(rad)
		c.line(800-half, y, 800+half, y, 2, line)
	}
	for _, squash := range []float64{0.25, 0.6, 0.9} {
		c.ring(800, 450, 340, squash, math.Pi/2, 2, line)
	}
	for i := 0; i < 24; i++ {
		a, d := r.Float64()*2*math.Pi, r.Float64()*300
		c.circle(800+math.Cos(a)*d, 450+math.Sin(a)*d, 7, rgb(255, 200, 90))
	}
}

func paintBarChart(c *canvas, r *rand.Rand) {
	c.rect(0, 0, c.w, c.h, rgb(245, 243, 238))
	for y := 150; y <= 750; y += 100 {
		c.rect(150, y, 1450, y+2, rgb(210, 210, 205))
	}
	h := 120.0
	for i := 0; i < 10; i++ {
		h += 20 + r.Float64()*50
		col := rgb(30, 140, 140)
		if i == 7 {
			col = rgb(240, 130, 40)
		}
		x := 190 + i*125
		c.rect(x, 750-int(h), x+85, 750, col)
	}
	c.rect(150, 750, 1450, 756, rgb(60, 60, 60))
}

func paintLineChart(c *canvas, r *rand.Rand) {
	c.rect(0, 0, c.w, c.h, rgb(250, 250, 252))
	for x := 100; x <= 1500; x += 100 {
		c.rect(x, 100, x+2, 800, rgb(220, 225, 235))
	}
	for y := 100; y <= 800; y += 100 {
		c.rect(100, y, 1500, y+2, rgb(220, 225, 235))
	}
	prev := pt{100, 720}
	for x := 140.0; x <= 1500; x += 40 {
		next := pt{x, math.Max(140, math.Min(780, prev.y-13+(r.Float64()-0.5)*70))}
		c.polygon([]pt{prev, next, {next.x, 800}, {prev.x, 800}}, withAlpha(rgb(200, 50, 60), 40))
		c.line(prev.x, prev.y, next.x, next.y, 9, rgb(200, 50, 60))
		c.circle(next.x, next.y, 4.5, rgb(200, 50, 60))
		prev = next
	}
}

func paintAtom(c *canvas, _ *rand.Rand) {
	c.gradient(0, c.h, rgb(10, 20, 60), rgb(20, 30, 90))
	for i := 0; i < 3; i++ {
		c.ring(800, 450, 330, 0.33, float64(i)*math.Pi/3, 6, rgb(120, 200, 255))
	}
	for i := 6; i > 0; i-- {
		c.circle(800, 450, float64(i)*12, withAlpha(rgb(255, 200, 120), 60))
	}
	c.circle(800, 450, 36, rgb(255, 220, 150))
}

func paintMicrophone(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(30, 40, 90), rgb(70, 30, 80))
	for i := 0; i < 40; i++ {
		c.circle(r.Float64()*1600, r.Float64()*900, 20+r.Float64()*70, withAlpha(rgb(255, 200, 150), uint8(20+r.IntN(40))))
	}
	c.rect(770, 520, 830, 800, rgb(40, 40, 45))
	c.rect(680, 790, 920, 830, rgb(40, 40, 45))
	c.circle(800, 300, 150, rgb(70, 70, 78))
	c.rect(650, 300, 950, 480, rgb(70, 70, 78))
	c.circle(800, 480, 150, rgb(70, 70, 78))
	for y := 200; y < 560; y += 18 {
		c.rect(680, y, 920, y+4, rgb(110, 110, 120))
	}
}

func paintFortress(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(235, 215, 180), rgb(250, 240, 220))
	stone, shade := rgb(190, 150, 100), rgb(160, 120, 80)
	c.rect(0, 500, c.w, c.h, stone)
	for x := 0; x < c.w; x += 80 {
		c.rect(x, 460, x+48, 500, stone)
	}
	c.rect(1000, 160, 1240, c.h, stone)
	c.rect(1200, 160, 1240, c.h, shade)
	for x := 1000; x < 1240; x += 48 {
		c.rect(x, 130, x+30, 160, stone)
	}
	c.circle(600, 700, 90, rgb(90, 60, 40))
	c.rect(510, 700, 690, c.h, rgb(90, 60, 40))
	for i := 0; i < 200; i++ {
		x, y := r.IntN(1600), 520+r.IntN(380)
		c.rect(x, y, x+40, y+2, shade)
	}
}

func paintRadar(c *canvas, r *rand.Rand) {
	c.rect(0, 0, c.w, c.h, rgb(5, 20, 10))
	green := rgb(60, 230, 110)
	for i := 1; i <= 4; i++ {
		c.ring(800, 450, float64(i)*95, 1, 0, 3, withAlpha(green, 150))
	}
	c.line(420, 450, 1180, 450, 2, withAlpha(green, 120))
	c.line(800, 70, 800, 830, 2, withAlpha(green, 120))
	for k := 0; k < 30; k++ {
		a := -0.6 + float64(k)*0.02
		c.line(800, 450, 800+math.Cos(a)*380, 450+math.Sin(a)*380, 8, withAlpha(green, uint8(4*k)))
	}
	for i := 0; i < 6; i++ {
		a, d := r.Float64()*2*math.Pi, 60+r.Float64()*300
		c.circle(800+math.Cos(a)*d, 450+math.Sin(a)*d, 8, rgb(200, 255, 200))
	}
}

func paintForest(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(200, 220, 230), rgb(235, 240, 235))
	greens := []color.RGBA{rgb(90, 140, 100), rgb(60, 115, 75), rgb(35, 85, 55), rgb(20, 60, 40)}
	for row, col := range greens {
		base := 420 + float64(row)*140
		for x := -40.0; x < 1660; x += 60 + r.Float64()*40 {
			h := 160 + r.Float64()*120 + float64(row)*30
			c.polygon([]pt{{x, base - h}, {x + h*0.28, base}, {x - h*0.28, base}}, col)
		}
		c.rect(0, int(base), c.w, int(base)+140, col)
	}
}

func paintConferenceHall(c *canvas, _ *rand.Rand) {
	c.rect(0, 0, c.w, c.h, rgb(30, 30, 40))
	c.gradient(80, 380, rgb(80, 170, 120), rgb(40, 110, 160))
	c.rect(200, 380, 1400, 430, rgb(200, 200, 205))
	for i := 0; i < 5; i++ {
		c.circle(560+float64(i)*120, 360, 14, rgb(30, 30, 40))
	}
	for row := 0; row < 6; row++ {
		y := 470 + row*72
		w := 44 + row*6
		for x := 120 - row*30; x < 1500+row*30; x += w + 14 {
			c.rect(x, y, x+w, y+40+row*4, rgb(110, 35, 45))
		}
	}
}

func paintPeople(c *canvas, r *rand.Rand) {
	c.gradient(0, c.h, rgb(250, 240, 228), rgb(240, 225, 210))
	cols := []color.RGBA{rgb(235, 110, 90), rgb(30, 140, 140)}
	for i := 0; i < 9; i++ {
		x := 150 + float64(i)*160
		h := 380 + r.Float64()*180
		col := cols[i%2]
		c.circle(x, 820-h-50, 45, col)
		c.polygon([]pt{{x - 60, 820}, {x - 55, 820 - h + 30}, {x + 55, 820 - h + 30}, {x + 60, 820}}, col)
	}
	c.rect(0, 820, c.w, c.h, rgb(200, 180, 160))
}

func paintOverlap(c *canvas, _ *rand.Rand) {
	c.gradient(0, c.h, rgb(15, 20, 35), rgb(30, 35, 55))
	c.circle(640, 450, 300, withAlpha(rgb(60, 120, 220), 190))
	c.circle(960, 450, 300, withAlpha(rgb(240, 180, 50), 150))
}

// paintAvatar draws a head-and-shoulders placeholder on the author's own
// colours, so that bylines are told apart at a glance.
func paintAvatar(c *canvas, bg, fg color.RGBA) {
	c.gradient(0, c.h, bg, mix(bg, rgb(0, 0, 0), 0.35))
	s := float64(c.w) / 400
	c.circle(200*s, 165*s, 78*s, fg)
	c.circle(200*s, 420*s, 150*s, fg)
}

// paintBanner draws a "Useful links" tile: a striped ground with the
// link's name across it.
func paintBanner(c *canvas, title string, bg, accent color.RGBA) {
	c.gradient(0, c.h, bg, mix(bg, rgb(0, 0, 0), 0.4))
	for x := -float64(c.h); x < float64(c.w); x += 46 {
		c.line(x, float64(c.h), x+float64(c.h), 0, 14, withAlpha(accent, 60))
	}
	c.rect(0, c.h-70, c.w, c.h, withAlpha(rgb(0, 0, 0), 110))
	scale := 3
	for scale > 1 && textWidth(scale, title) > c.w-40 {
		scale--
	}
	c.text((c.w-textWidth(scale, title))/2, c.h-35-13*scale/2, scale, title, rgb(255, 255, 255))
}

// paintLogo draws the masthead: a wave emblem and the name.
func paintLogo(c *canvas) {
	navy, teal := rgb(20, 40, 80), rgb(20, 150, 160)
	c.circle(48, 48, 40, navy)
	for i := 0; i < 3; i++ {
		y := 38.0 + float64(i)*12
		for x := 18.0; x < 78; x += 2 {
			c.circle(x, y+4*math.Sin(x/6), 2.2, teal)
		}
	}
	c.text(104, 12, 3, "CASPIAN DIGEST", navy)
	c.text(106, 60, 2, "DAILY DIGEST", teal)
}
