package visit

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// clean checks d against today and returns it trimmed, with the follow-up
// reduced to its day. Every refusal wraps ErrInvalid; a follow-up before
// today also wraps dates.ErrPastDate.
func clean(d Draft, today time.Time) (Draft, error) {
	if !d.Kind.Valid() {
		return d, fmt.Errorf("kind %q: %w", d.Kind, ErrInvalid)
	}
	d.Notes = strings.TrimSpace(d.Notes)
	d.Outcome = strings.TrimSpace(d.Outcome)
	d.VoiceFileID = strings.TrimSpace(d.VoiceFileID)
	if n := utf8.RuneCountInString(d.Notes); n > MaxNotes {
		return d, fmt.Errorf("notes have %d characters, at most %d: %w", n, MaxNotes, ErrInvalid)
	}
	if n := utf8.RuneCountInString(d.Outcome); n > MaxOutcome {
		return d, fmt.Errorf("outcome has %d characters, at most %d: %w", n, MaxOutcome, ErrInvalid)
	}
	if len(d.PhotoFileIDs) > MaxPhotos {
		return d, fmt.Errorf("%d photos, at most %d: %w", len(d.PhotoFileIDs), MaxPhotos, ErrInvalid)
	}
	photos := make([]string, 0, len(d.PhotoFileIDs))
	for _, p := range d.PhotoFileIDs {
		if p = strings.TrimSpace(p); p == "" {
			return d, fmt.Errorf("empty photo file id: %w", ErrInvalid)
		}
		photos = append(photos, p)
	}
	d.PhotoFileIDs = photos
	if d.Notes == "" && d.VoiceFileID == "" && len(photos) == 0 {
		return d, fmt.Errorf("nothing recorded (no notes, voice or photo): %w", ErrInvalid)
	}
	if err := checkLocation(d.Latitude, d.Longitude); err != nil {
		return d, err
	}
	if d.FollowUpOn != nil {
		due := dates.Day(*d.FollowUpOn)
		if due.Before(today) {
			return d, fmt.Errorf("follow-up %s: %w: %w", due.Format(time.DateOnly), ErrInvalid, dates.ErrPastDate)
		}
		if due.After(today.AddDate(5, 0, 0)) {
			return d, fmt.Errorf("follow-up %s is more than 5 years away: %w", due.Format(time.DateOnly), ErrInvalid)
		}
		d.FollowUpOn = &due
	}
	return d, nil
}

func checkLocation(lat, lon *float64) error {
	if (lat == nil) != (lon == nil) {
		return fmt.Errorf("location needs both latitude and longitude: %w", ErrInvalid)
	}
	if lat == nil {
		return nil
	}
	if math.IsNaN(*lat) || *lat < -90 || *lat > 90 {
		return fmt.Errorf("latitude %v out of range: %w", *lat, ErrInvalid)
	}
	if math.IsNaN(*lon) || *lon < -180 || *lon > 180 {
		return fmt.Errorf("longitude %v out of range: %w", *lon, ErrInvalid)
	}
	return nil
}
