// Package files keeps what people upload from telling more than they meant
// to: every image of every file field of every collection is re-encoded on
// save, which drops its EXIF (GPS position, camera, date), XMP, ICC and
// comment blocks, after turning it upright as its EXIF orientation says.
// Who may download which file is PocketBase's protected-file rule (see
// pb_migrations/1764400000_protected_files.js and docs/SECURITY.md, M5).
package files

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif" // decoders for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"

	"github.com/disintegration/imaging"
	validation "github.com/pocketbase/ozzo-validation/v4"
	_ "golang.org/x/image/webp"
)

// MaxPixels bounds what the server agrees to decode: a 2 MB file can declare
// a 100,000 x 100,000 image (a decompression bomb). 50 megapixels is more
// than any phone camera the families use.
const MaxPixels = 50_000_000

// MaxSide is the longest side of a stored image: the phone shows a cover at
// most 960 px wide; larger pictures cost families data for nothing.
const MaxSide = 2560

// JPEGQuality keeps photos sharp at about a tenth of the raw size.
const JPEGQuality = 85

var errUnreadable = errors.New("not a readable image")

// Clean is an uploaded image, re-encoded.
type Clean struct {
	Data []byte
	// Ext is the file extension of the stored format, with its dot.
	Ext string
}

// Reencode is the rule for an uploaded image: it must decode as JPEG, PNG,
// WebP or GIF within MaxPixels; it comes back upright, at most MaxSide on
// its long side, with nothing but pixels. JPEG stays JPEG; PNG and GIF (first
// frame) become PNG; WebP (Go has no WebP encoder) becomes JPEG, or PNG when
// it has transparency. An opaque PNG too big as PNG for limit bytes becomes
// JPEG. Nothing of the original's metadata is copied: the output is written
// from the decoded pixels only.
func Reencode(data []byte, limit int64) (Clean, error) {
	config, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Clean{}, unreadable()
	}
	if config.Width <= 0 || config.Height <= 0 || int64(config.Width)*int64(config.Height) > MaxPixels {
		return Clean{}, validation.NewError("validation_image_too_large", "The picture is too large: send a smaller photo")
	}
	img, err := decode(data)
	if err != nil {
		return Clean{}, unreadable()
	}
	if b := img.Bounds(); b.Dx() > MaxSide || b.Dy() > MaxSide {
		img = imaging.Fit(img, MaxSide, MaxSide, imaging.Lanczos)
	}
	opaque := isOpaque(img)
	asJPEG := format == "jpeg" || (format == "webp" && opaque)
	if !asJPEG {
		out, err := encode(img, imaging.PNG)
		if err != nil {
			return Clean{}, err
		}
		if int64(len(out)) <= limit || !opaque {
			return Clean{Data: out, Ext: ".png"}, nil
		}
	}
	out, err := encode(img, imaging.JPEG)
	if err != nil {
		return Clean{}, err
	}
	return Clean{Data: out, Ext: ".jpg"}, nil
}

func unreadable() error {
	return validation.NewError("validation_image_unreadable", "The picture cannot be read: use a JPEG, PNG or WebP photo")
}

// decode applies the EXIF orientation (imaging reads it from JPEG), guarding
// against decoder panics on hostile input.
func decode(data []byte) (img image.Image, err error) {
	defer func() {
		if recover() != nil {
			img, err = nil, errUnreadable
		}
	}()
	return imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
}

func encode(img image.Image, format imaging.Format) ([]byte, error) {
	var buf bytes.Buffer
	if err := imaging.Encode(&buf, img, format, imaging.JPEGQuality(JPEGQuality)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
