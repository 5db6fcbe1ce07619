package demo

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// canvas is a minimal painter for the demo's pictures. It writes straight
// into the pixel slice because image/draw's per-shape masks would make
// drawing a few dozen pictures slower than resizing them.
type canvas struct {
	img  *image.RGBA
	w, h int
}

func newCanvas(w, h int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: w, h: h}
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// withAlpha returns c at opacity a (0–255), for glows and overlaps.
func withAlpha(c color.RGBA, a uint8) color.RGBA { c.A = a; return c }

func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	lerp := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B), lerp(a.A, b.A)}
}

// blend paints one pixel with c over what is there.
func (c *canvas) blend(x, y int, col color.RGBA) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || col.A == 0 {
		return
	}
	i := y*c.img.Stride + x*4
	p := c.img.Pix[i : i+4 : i+4]
	if col.A == 255 {
		p[0], p[1], p[2], p[3] = col.R, col.G, col.B, 255
		return
	}
	a := uint32(col.A)
	p[0] = uint8((uint32(col.R)*a + uint32(p[0])*(255-a)) / 255)
	p[1] = uint8((uint32(col.G)*a + uint32(p[1])*(255-a)) / 255)
	p[2] = uint8((uint32(col.B)*a + uint32(p[2])*(255-a)) / 255)
	p[3] = 255
}

// span paints the pixels x0 ≤ x < x1 of row y.
func (c *canvas) span(y, x0, x1 int, col color.RGBA) {
	x0, x1 = max(x0, 0), min(x1, c.w)
	for x := x0; x < x1; x++ {
		c.blend(x, y, col)
	}
}

// gradient fills the area between rows y0 and y1 from top to bottom.
func (c *canvas) gradient(y0, y1 int, top, bottom color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.h); y++ {
		c.span(y, 0, c.w, mix(top, bottom, float64(y-y0)/float64(max(y1-y0-1, 1))))
	}
}

func (c *canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.h); y++ {
		c.span(y, x0, x1, col)
	}
}

func (c *canvas) circle(cx, cy, r float64, col color.RGBA) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		dy := float64(y) + 0.5 - cy
		if d := r*r - dy*dy; d >= 0 {
			half := math.Sqrt(d)
			c.span(y, int(cx-half+0.5), int(cx+half+0.5), col)
		}
	}
}

// ring paints the band between radius r-width/2 and r+width/2 of an
// ellipse with radii r and r*squash turned by angle, which covers plain
// circles, orbits and lines of latitude.
func (c *canvas) ring(cx, cy, r, squash, angle, width float64, col color.RGBA) {
	sin, cos := math.Sincos(angle)
	reach := int(r + width)
	for y := int(cy) - reach; y <= int(cy)+reach; y++ {
		for x := int(cx) - reach; x <= int(cx)+reach; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			u, v := dx*cos+dy*sin, (-dx*sin+dy*cos)/squash
			if d := math.Hypot(u, v) - r; d > -width/2 && d < width/2 {
				c.blend(x, y, col)
			}
		}
	}
}

type pt struct{ x, y float64 }

// polygon fills a closed shape by the even-odd rule, one row at a time.
func (c *canvas) polygon(pts []pt, col color.RGBA) {
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
	}
	xs := make([]float64, 0, 8)
	for y := int(minY); y <= int(maxY); y++ {
		sy := float64(y) + 0.5
		xs = xs[:0]
		for i, a := range pts {
			b := pts[(i+1)%len(pts)]
			if (a.y <= sy) != (b.y <= sy) {
				xs = append(xs, a.x+(sy-a.y)*(b.x-a.x)/(b.y-a.y))
			}
		}
		sortFloats(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			c.span(y, int(xs[i]+0.5), int(xs[i+1]+0.5), col)
		}
	}
}

// sortFloats is an insertion sort: rows cross a handful of edges at most.
func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// line paints a thick straight stroke as a thin rectangle.
func (c *canvas) line(x0, y0, x1, y1, width float64, col color.RGBA) {
	dx, dy := x1-x0, y1-y0
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	ox, oy := -dy/n*width/2, dx/n*width/2
	c.polygon([]pt{{x0 + ox, y0 + oy}, {x1 + ox, y1 + oy}, {x1 - ox, y1 - oy}, {x0 - ox, y0 - oy}}, col)
}

// text writes s in the basic bitmap font enlarged scale times, with its
// top-left corner at x, y. Blocky letters suit the demo's poster style and
// need no font files.
func (c *canvas) text(x, y, scale int, s string, col color.RGBA) {
	face := basicfont.Face7x13
	width := font.MeasureString(face, s).Ceil()
	mask := image.NewAlpha(image.Rect(0, 0, width, 13))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face, Dot: fixed.P(0, 11)}
	d.DrawString(s)
	for my := 0; my < 13; my++ {
		for mx := 0; mx < width; mx++ {
			if mask.AlphaAt(mx, my).A > 127 {
				c.rect(x+mx*scale, y+my*scale, x+(mx+1)*scale, y+(my+1)*scale, col)
			}
		}
	}
}

// textWidth is how wide text(…, scale, s, …) paints.
func textWidth(scale int, s string) int {
	return font.MeasureString(basicfont.Face7x13, s).Ceil() * scale
}
