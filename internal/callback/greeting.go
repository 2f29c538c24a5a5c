package callback

// The actions of greetings: a contact's subscription link and the admin's
// custom dates and templates.
const (
	greetingLinkAction     = "gl"
	deleteCustomDateAction = "gd"
	showTemplateAction     = "gt"
	resetTemplateAction    = "gr"
	addCustomDateAction    = "ga" // the only form without a colon
)

// GreetingLink shows a contact's greeting subscription link: "gl:<contact>".
type GreetingLink struct{ Contact int64 }

// DeleteCustomDate deletes a custom greeting date: "gd:<date>".
type DeleteCustomDate struct{ Date int64 }

// ShowTemplate shows a greeting template: "gt:<template>", where template
// is the occasion's position (from 1) on the templates screen.
type ShowTemplate struct{ Template int64 }

// ResetTemplate puts a greeting template back to its default:
// "gr:<template>", numbered as in ShowTemplate.
type ResetTemplate struct{ Template int64 }

// AddCustomDate starts adding a custom greeting date: "ga".
type AddCustomDate struct{}

// Data implements Action.
func (a GreetingLink) Data() string   { return data(a) }
func (a GreetingLink) check() error   { return checkID("contact", a.Contact) }
func (a GreetingLink) encode() string { return greetingLinkAction + ":" + itoa(a.Contact) }

// Data implements Action.
func (a DeleteCustomDate) Data() string   { return data(a) }
func (a DeleteCustomDate) check() error   { return checkID("custom date", a.Date) }
func (a DeleteCustomDate) encode() string { return deleteCustomDateAction + ":" + itoa(a.Date) }

// Data implements Action.
func (a ShowTemplate) Data() string   { return data(a) }
func (a ShowTemplate) check() error   { return checkID("template", a.Template) }
func (a ShowTemplate) encode() string { return showTemplateAction + ":" + itoa(a.Template) }

// Data implements Action.
func (a ResetTemplate) Data() string   { return data(a) }
func (a ResetTemplate) check() error   { return checkID("template", a.Template) }
func (a ResetTemplate) encode() string { return resetTemplateAction + ":" + itoa(a.Template) }

// Data implements Action.
func (a AddCustomDate) Data() string   { return data(a) }
func (a AddCustomDate) check() error   { return nil }
func (a AddCustomDate) encode() string { return addCustomDateAction }
