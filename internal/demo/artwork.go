package demo

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// artwork is every picture the demo draws, with its files stored and its
// record waiting to be saved.
type artwork struct {
	jobs     []*artJob // in the order the records are saved
	features map[string]*news.Image
	avatars  map[string]*news.Image // by author slug
	banners  []*news.Image
	logo     *news.Image
}

// artJob is one picture to draw, encode and store.
type artJob struct {
	name                 string
	draw                 func(r *rand.Rand) image.Image
	png                  bool // for pictures with transparency
	alt, caption, credit string
	img                  news.Image
}

// artSeed fixes the pictures' randomness, so the demo looks the same on
// every machine.
const artSeed = 2021

func planArtwork() *artwork {
	a := &artwork{features: map[string]*news.Image{}, avatars: map[string]*news.Image{}}
	add := func(j *artJob) *news.Image {
		if j.credit == "" {
			j.credit = illustrationCredit
		}
		a.jobs = append(a.jobs, j)
		return &j.img
	}
	for _, p := range features {
		a.features[p.name] = add(&artJob{name: p.name, alt: p.alt, caption: p.caption,
			draw: paintWith(featureWidth, featureHeight, p.paint)})
	}
	for _, p := range people {
		a.avatars[authorSlug(p)] = add(&artJob{name: authorSlug(p) + "-avatar",
			alt: "Illustrated avatar of " + p.name, draw: avatarPainter(p)})
	}
	for _, b := range banners {
		a.banners = append(a.banners, add(&artJob{name: news.Slugify(b.label) + "-banner", alt: b.title,
			draw: bannerPainter(b)}))
	}
	a.logo = add(&artJob{name: "caspian-digest-logo", alt: "Caspian Digest", png: true,
		draw: func(*rand.Rand) image.Image { c := newCanvas(logoWidth, logoHeight); paintLogo(c); return c.img }})
	return a
}

func paintWith(w, h int, paint func(*canvas, *rand.Rand)) func(*rand.Rand) image.Image {
	return func(r *rand.Rand) image.Image {
		c := newCanvas(w, h)
		paint(c, r)
		return c.img
	}
}

func avatarPainter(p person) func(*rand.Rand) image.Image {
	return func(*rand.Rand) image.Image {
		c := newCanvas(avatarSize, avatarSize)
		paintAvatar(c, p.bg, p.fg)
		return c.img
	}
}

func bannerPainter(b banner) func(*rand.Rand) image.Image {
	return func(*rand.Rand) image.Image {
		c := newCanvas(bannerWidth, bannerHeight)
		paintBanner(c, b.label, b.bg, b.accent)
		return c.img
	}
}

// store draws and stores every picture, several at a time: resizing is
// most of the demo's start-up cost, and records are saved afterwards in a
// fixed order so that ids do not depend on which picture finished first.
func (a *artwork) store(ctx context.Context, lib *media.Library) error {
	work := make(chan int)
	errs := make(chan error, len(a.jobs))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				errs <- a.jobs[i].run(ctx, lib, rand.New(rand.NewPCG(artSeed, uint64(i))))
			}
		})
	}
	for i := range a.jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (j *artJob) run(ctx context.Context, lib *media.Library, r *rand.Rand) error {
	var buf bytes.Buffer
	pic := j.draw(r)
	var err error
	if j.png {
		err = png.Encode(&buf, pic)
	} else {
		err = jpeg.Encode(&buf, pic, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		return err
	}
	img, err := lib.StoreFiles(ctx, j.name, buf.Bytes())
	if err != nil {
		return err
	}
	img.Alt, img.Caption, img.Credit = j.alt, j.caption, j.credit
	j.img = img
	return nil
}

// record saves the image records; the pointers handed out by planArtwork
// then carry their ids.
func (a *artwork) record(ctx context.Context, images store.Images) error {
	for _, j := range a.jobs {
		if err := images.CreateImage(ctx, &j.img); err != nil {
			return err
		}
	}
	return nil
}
