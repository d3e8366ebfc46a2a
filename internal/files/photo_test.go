package files_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// gpsLatitude is the GPS latitude the test photo carries (45° 8' 12.34"
// N, Cremona), as the EXIF rationals are written: it must not survive.
var gpsLatitude = []byte{0, 0, 0, 45, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 4, 210, 0, 0, 0, 100}

// exifSegment is a hand-built APP1 segment: big-endian TIFF with IFD0 =
// {Orientation: 6 (turn 90° clockwise to display), GPSInfo -> GPS IFD} and a
// GPS IFD = {GPSLatitudeRef: "N", GPSLatitude: 45/1, 8/1, 1234/100}.
func exifSegment() []byte {
	var tiff bytes.Buffer
	be := func(v any) { binary.Write(&tiff, binary.BigEndian, v) }
	tiff.WriteString("MM")
	be(uint16(42))
	be(uint32(8)) // IFD0 offset
	// IFD0 at 8: 2 entries, then the next-IFD offset
	be(uint16(2))
	be([]uint16{0x0112, 3}) // Orientation, SHORT
	be(uint32(1))
	be([]uint16{6, 0})
	const gpsIFD = 8 + 2 + 2*12 + 4
	be([]uint16{0x8825, 4}) // GPSInfo, LONG
	be(uint32(1))
	be(uint32(gpsIFD))
	be(uint32(0))
	// GPS IFD
	be(uint16(2))
	be([]uint16{0x0001, 2}) // GPSLatitudeRef, ASCII
	be(uint32(2))
	tiff.Write([]byte{'N', 0, 0, 0})
	be([]uint16{0x0002, 5}) // GPSLatitude, 3 RATIONAL
	be(uint32(3))
	be(uint32(gpsIFD + 2 + 2*12 + 4))
	be(uint32(0))
	tiff.Write(gpsLatitude)

	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	segment := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(segment[2:], uint16(len(payload)+2))
	return append(segment, payload...)
}

// photoWithGPS is a 64x32 JPEG, white with a red 16x16 top-left corner,
// carrying exifSegment right after its start marker, as a phone writes it.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 64; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if x < 16 && y < 16 {
				c = color.RGBA{220, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	out := append([]byte{}, raw[:2]...) // SOI
	out = append(out, exifSegment()...)
	return append(out, raw[2:]...)
}

// pngWithText is a small PNG with a tEXt chunk naming where it was taken.
func pngWithText(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	// after the signature (8) and IHDR (8 + 13 + 4)
	at := 8 + 25
	chunk := pngChunk("tEXt", []byte("Location\x00via Bonomelli 81, Cremona"))
	return append(append(append([]byte{}, raw[:at]...), chunk...), raw[at:]...)
}

// pngBomb is a PNG header declaring 20000 x 20000 pixels (400 megapixels)
// with no real pixel data: it must be refused before anything is decoded.
func pngBomb() []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 20000)
	binary.BigEndian.PutUint32(ihdr[4:], 20000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00})...)
	return append(out, pngChunk("IEND", nil)...)
}

func pngChunk(kind string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, kind...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(kind), data...)))
}

// metadataIn names the metadata an image still carries: APPn segments of a
// JPEG (EXIF, XMP, ICC, ...), ancillary text or EXIF chunks of a PNG, the
// test's GPS bytes anywhere.
func metadataIn(data []byte) []string {
	var found []string
	if bytes.Contains(data, gpsLatitude) {
		found = append(found, "GPS latitude")
	}
	if bytes.Contains(data, []byte("Exif")) {
		found = append(found, "Exif")
	}
	for _, chunk := range []string{"tEXt", "zTXt", "iTXt", "eXIf"} {
		if bytes.HasPrefix(data, []byte("\x89PNG")) && bytes.Contains(data, []byte(chunk)) {
			found = append(found, chunk)
		}
	}
	if len(data) > 2 && data[0] == 0xFF && data[1] == 0xD8 {
		for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
			marker := data[i+1]
			if marker == 0xDA { // start of scan: no more headers
				break
			}
			if marker >= 0xE1 && marker <= 0xEF {
				found = append(found, "JPEG APP segment")
			}
			i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
		}
	}
	return found
}
