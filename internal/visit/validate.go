package visit

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// clean checks d against today and returns it trimmed, with the follow-up
// reduced to its day. Every refusal wraps ErrInvalid; a follow-up before
// today also wraps dates.ErrPastDate.
func clean(d Draft, today time.Time) (Draft, error) {
	if !d.Kind.Valid() {
		return d, fmt.Errorf("kind %q: %w", d.Kind, ErrInvalid)
	}
	var err error
	if d.Notes, err = CheckNotes(d.Notes); err != nil {
		return d, err
	}
	if d.Outcome, err = CheckOutcome(d.Outcome); err != nil {
		return d, err
	}
	d.VoiceFileID = strings.TrimSpace(d.VoiceFileID)
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
	if d.Satisfaction != 0 {
		if err := CheckScore(d.Satisfaction); err != nil {
			return d, err
		}
	}
	if d.FollowUpOn != nil {
		due, err := CheckFollowUp(*d.FollowUpOn, today)
		if err != nil {
			return d, err
		}
		d.FollowUpOn = &due
	}
	return d, nil
}

// CheckNotes checks a visit's notes as typed, the rule Log applies: text a
// person can have meant (client.CleanText, several lines allowed), at most
// MaxNotes characters. Empty notes pass: a voice note or a photo may stand
// for them. Refusals wrap ErrInvalid and client.ErrControlChar or
// client.ErrTooLong.
func CheckNotes(s string) (string, error) { return checkText("notes", s, MaxNotes) }

// CheckOutcome is CheckNotes for the outcome, at most MaxOutcome characters.
func CheckOutcome(s string) (string, error) { return checkText("outcome", s, MaxOutcome) }

func checkText(field, s string, max int) (string, error) {
	s, err := client.CleanText(s, true)
	if err != nil {
		return "", fmt.Errorf("%s: %w: %w", field, ErrInvalid, err)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", fmt.Errorf("%s have %d characters, at most %d: %w: %w", field, n, max, ErrInvalid, client.ErrTooLong)
	}
	return s, nil
}

// CheckFollowUp checks a follow-up day against today, the rule Log applies:
// from today to five years ahead. It returns the day at 00:00 UTC. A day
// before today wraps ErrInvalid and dates.ErrPastDate, a day further ahead
// ErrInvalid and ErrTooFar.
func CheckFollowUp(d, today time.Time) (time.Time, error) {
	due, today := dates.Day(d), dates.Day(today)
	if due.Before(today) {
		return time.Time{}, fmt.Errorf("follow-up %s: %w: %w", due.Format(time.DateOnly), ErrInvalid, dates.ErrPastDate)
	}
	if due.After(today.AddDate(maxFollowUpYears, 0, 0)) {
		return time.Time{}, fmt.Errorf("follow-up %s: %w: %w", due.Format(time.DateOnly), ErrInvalid, ErrTooFar)
	}
	return due, nil
}

// maxFollowUpYears bounds how far ahead a follow-up may be promised.
const maxFollowUpYears = 5

// ErrTooFar is wrapped by the refusal of a follow-up more than five years
// ahead: a promise no one will keep.
var ErrTooFar = errors.New("follow-up more than five years ahead")

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
