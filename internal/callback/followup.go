package callback

// The actions of the reminders: on a feedback record, a visit's follow-up
// and a client's review.
const (
	viewFeedbackAction    = "fv"
	startHandlingAction   = "fs"
	resolveFeedbackAction = "fr"
	followUpDoneAction    = "fu"
	reviewedAction        = "rv"
	snoozeReviewAction    = "rz"
)

// ViewFeedback shows a feedback record: "fv:<feedback>".
type ViewFeedback struct{ Feedback int64 }

// StartHandling moves a feedback record to in progress: "fs:<feedback>".
type StartHandling struct{ Feedback int64 }

// ResolveFeedback starts resolving a feedback record: "fr:<feedback>".
type ResolveFeedback struct{ Feedback int64 }

// FollowUpDone marks a visit's follow-up done: "fu:<visit>".
type FollowUpDone struct{ Visit int64 }

// Reviewed marks a client reviewed: "rv:<client>".
type Reviewed struct{ Client int64 }

// SnoozeReview puts a client's review off by the configured days:
// "rz:<client>".
type SnoozeReview struct{ Client int64 }

// Data implements Action.
func (a ViewFeedback) Data() string   { return data(a) }
func (a ViewFeedback) check() error   { return checkID("feedback", a.Feedback) }
func (a ViewFeedback) encode() string { return viewFeedbackAction + ":" + itoa(a.Feedback) }

// Data implements Action.
func (a StartHandling) Data() string   { return data(a) }
func (a StartHandling) check() error   { return checkID("feedback", a.Feedback) }
func (a StartHandling) encode() string { return startHandlingAction + ":" + itoa(a.Feedback) }

// Data implements Action.
func (a ResolveFeedback) Data() string   { return data(a) }
func (a ResolveFeedback) check() error   { return checkID("feedback", a.Feedback) }
func (a ResolveFeedback) encode() string { return resolveFeedbackAction + ":" + itoa(a.Feedback) }

// Data implements Action.
func (a FollowUpDone) Data() string   { return data(a) }
func (a FollowUpDone) check() error   { return checkID("visit", a.Visit) }
func (a FollowUpDone) encode() string { return followUpDoneAction + ":" + itoa(a.Visit) }

// Data implements Action.
func (a Reviewed) Data() string   { return data(a) }
func (a Reviewed) check() error   { return checkID("client", a.Client) }
func (a Reviewed) encode() string { return reviewedAction + ":" + itoa(a.Client) }

// Data implements Action.
func (a SnoozeReview) Data() string   { return data(a) }
func (a SnoozeReview) check() error   { return checkID("client", a.Client) }
func (a SnoozeReview) encode() string { return snoozeReviewAction + ":" + itoa(a.Client) }
