package push

import "testing"

// webpush-go puts "mailto:" before a subscriber that is not an https URL;
// one given with it must lose it, or Apple's service gets "mailto:mailto:"
// and refuses every message (the double refuses it too).
func TestVAPIDSubscriberHasNoMailtoPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"mailto:centro@example.org":        "centro@example.org",
		"MAILTO:mailto:centro@example.org": "centro@example.org",
		"centro@example.org":               "centro@example.org",
		"https://hug.example.org/contact":  "https://hug.example.org/contact",
	} {
		if got := subscriberOf(nil, Options{Subscriber: in}); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
