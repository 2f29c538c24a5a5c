package callback

import (
	"errors"
	"fmt"
	"strings"
)

// The actions that edit and remove a contact.
const (
	editContactAction    = "ce" // EditContact
	contactFieldAction   = "cf" // EditContactField
	removeContactAction  = "cd" // RemoveContact
	removeContactConfirm = "cx" // RemoveContactConfirmed
)

// ContactField is a field of a contact a button edits.
type ContactField string

// The contact fields, as they appear in the data.
const (
	ContactName     ContactField = "name"
	ContactPosition ContactField = "position"
	ContactPhone    ContactField = "phone"
	ContactEmail    ContactField = "email"
	ContactBirthday ContactField = "birthday"
	ContactPrimary  ContactField = "primary"
)

func (f ContactField) valid() bool {
	switch f {
	case ContactName, ContactPosition, ContactPhone, ContactEmail, ContactBirthday, ContactPrimary:
		return true
	}
	return false
}

// EditContact shows one contact with its fields to change: "ce:<contact>".
type EditContact struct{ Contact int64 }

// EditContactField starts changing one field of a contact (primary is set
// at once): "cf:<contact>:<field>".
type EditContactField struct {
	Contact int64
	Field   ContactField
}

// RemoveContact asks to confirm removing a contact: "cd:<contact>".
type RemoveContact struct{ Contact int64 }

// RemoveContactConfirmed removes a contact: "cx:<contact>".
type RemoveContactConfirmed struct{ Contact int64 }

// Data implements Action.
func (a EditContact) Data() string   { return data(a) }
func (a EditContact) check() error   { return checkID("contact", a.Contact) }
func (a EditContact) encode() string { return editContactAction + ":" + itoa(a.Contact) }

// Data implements Action.
func (a EditContactField) Data() string { return data(a) }

func (a EditContactField) check() error {
	if !a.Field.valid() {
		return fmt.Errorf("contact field %q is unknown", string(a.Field))
	}
	return checkID("contact", a.Contact)
}

func (a EditContactField) encode() string {
	return contactFieldAction + ":" + itoa(a.Contact) + ":" + string(a.Field)
}

// Data implements Action.
func (a RemoveContact) Data() string   { return data(a) }
func (a RemoveContact) check() error   { return checkID("contact", a.Contact) }
func (a RemoveContact) encode() string { return removeContactAction + ":" + itoa(a.Contact) }

// Data implements Action.
func (a RemoveContactConfirmed) Data() string   { return data(a) }
func (a RemoveContactConfirmed) check() error   { return checkID("contact", a.Contact) }
func (a RemoveContactConfirmed) encode() string { return removeContactConfirm + ":" + itoa(a.Contact) }

// errField is the reason under ErrMalformed for an unknown contact field.
var errField = errors.New("unknown contact field")

func parseContactField(args string, colon bool) (Action, error) {
	c, f, ok := strings.Cut(args, ":")
	if !colon || !ok {
		return nil, errParts
	}
	id, err := parseID(c)
	if err != nil {
		return nil, err
	}
	field := ContactField(f)
	if !field.valid() {
		return nil, errField
	}
	return EditContactField{Contact: id, Field: field}, nil
}
