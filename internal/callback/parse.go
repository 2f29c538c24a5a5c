package callback

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Parse reads callback data back into its action. It accepts exactly the
// strings some action's Data writes, so Parse(s) succeeding means
// a.Data() == s. Anything else returns an error wrapping ErrUnknown (no
// such action) or ErrMalformed (a known action with bad arguments); the
// error names the action but never quotes the data, which a presser can
// forge.
func Parse(data string) (Action, error) {
	if len(data) > MaxLen {
		return nil, fmt.Errorf("parse callback: %w: longer than %d bytes", ErrMalformed, MaxLen)
	}
	name, args, colon := strings.Cut(data, ":")
	parse, ok := parsers[name]
	if !ok {
		return nil, fmt.Errorf("parse callback: %w", ErrUnknown)
	}
	a, err := parse(args, colon)
	if err != nil {
		return nil, fmt.Errorf("parse callback %q: %w: %w", name, ErrMalformed, err)
	}
	return a, nil
}

// parser reads one action's arguments: what follows "<action>:", and
// whether there was a colon at all.
type parser func(args string, colon bool) (Action, error)

// parsers maps each action name to its parser.
var parsers = map[string]parser{
	cardAction:             byID(func(id int64) Action { return Card{id} }),
	startVisitAction:       byID(func(id int64) Action { return StartVisit{id} }),
	startFeedbackAction:    byID(func(id int64) Action { return StartFeedback{id} }),
	contactsAction:         byID(func(id int64) Action { return Contacts{id} }),
	newContactAction:       byID(func(id int64) Action { return NewContact{id} }),
	newDealAction:          byID(func(id int64) Action { return NewDeal{id} }),
	editClientAction:       byID(func(id int64) Action { return EditClient{id} }),
	historyAction:          parseHistory,
	viewFeedbackAction:     byID(func(id int64) Action { return ViewFeedback{id} }),
	startHandlingAction:    byID(func(id int64) Action { return StartHandling{id} }),
	resolveFeedbackAction:  byID(func(id int64) Action { return ResolveFeedback{id} }),
	followUpDoneAction:     byID(func(id int64) Action { return FollowUpDone{id} }),
	reviewedAction:         byID(func(id int64) Action { return Reviewed{id} }),
	snoozeReviewAction:     byID(func(id int64) Action { return SnoozeReview{id} }),
	ackChurnAction:         byID(func(id int64) Action { return AckChurn{id} }),
	showChurnAction:        byID(func(id int64) Action { return ShowChurn{id} }),
	winbackAction:          parseWinback,
	riskPageAction:         parseRiskPage,
	retryMessageAction:     byID(func(id int64) Action { return RetryMessage{id} }),
	greetingLinkAction:     byID(func(id int64) Action { return GreetingLink{id} }),
	deleteCustomDateAction: byID(func(id int64) Action { return DeleteCustomDate{id} }),
	showTemplateAction:     byID(func(id int64) Action { return ShowTemplate{id} }),
	resetTemplateAction:    byID(func(id int64) Action { return ResetTemplate{id} }),
	addCustomDateAction:    bare(AddCustomDate{}, false),
	jobsListAction:         bare(JobsList{}, true),
	runJobAction:           parseRunJob,
	setLangAction:          parseSetLang,
	flowAction:             parseFlow,
	mergeAction:            parseMerge,
	archiveAction:          parseArchive,
	restoreAction:          byID(func(id int64) Action { return Restore{id} }),
	duplicatesAction:       parseDuplicates,
	notDuplicateAction:     parseNotDuplicate,
	membersAction:          byID(func(id int64) Action { return Members{id} }),
	memberAction:           byID(func(id int64) Action { return Member{id} }),
	deactivateAction:       byID(func(id int64) Action { return Deactivate{id} }),
	handOverAction:         byID(func(id int64) Action { return HandOver{id} }),
	handOverPickAction:     parseHandOverPick,
	handOverChooseAction:   parseHandOverChoose,
	handOverConfirmAction:  parseHandOverTarget(false),
	handOverRunAction:      parseHandOverTarget(true),
	editContactAction:      byID(func(id int64) Action { return EditContact{id} }),
	contactFieldAction:     parseContactField,
	removeContactAction:    byID(func(id int64) Action { return RemoveContact{id} }),
	removeContactConfirm:   byID(func(id int64) Action { return RemoveContactConfirmed{id} }),
	changesAction:          parseIDPage(func(id int64, p int) Action { return Changes{id, p} }),
	staffChangesAction:     parseIDPage(func(id int64, p int) Action { return StaffChanges{id, p} }),
	importShowAction:       parseImportShow,
	importPickAction:       parseImportPick,
	importSetAction:        parseImportSet,
	importUseAction:        parseImportUse,
	importKindAction:       parseImportKind,
	importDryRunAction:     parseImportDryRun,
	importReportAction:     parseImportReport,
	importConfirmAction:    parseImportConfirm,
	importCancelAction:     byID(func(id int64) Action { return ImportCancel{id} }),
	importUndoAction:       parseImportUndo,
	exportAction:           parseExport,
	surveyAnswerAction:     parseSurveyAnswer,
	receivablesAction:      byID(func(id int64) Action { return Receivables{id} }),
	dealReceivableAction:   byID(func(id int64) Action { return DealReceivable{id} }),
	dealTermsAction:        byID(func(id int64) Action { return DealTerms{id} }),
	dealPaymentAction:      byID(func(id int64) Action { return DealPayment{id} }),
	reportAction:           parseReportFile,
	tiersAction:            parseTiers,
	tierChangeAction:       byID(func(id int64) Action { return TierChange{id} }),
	tierKeepAction:         byID(func(id int64) Action { return TierKeep{id} }),
}

// Reasons under ErrMalformed.
var (
	errNoArgs   = errors.New("arguments missing")
	errArgs     = errors.New("unexpected arguments")
	errParts    = errors.New("wrong number of parts")
	errKind     = errors.New("unknown history kind")
	errJobName  = errors.New("not a job name")
	errLanguage = errors.New("not zh or en")
	errNonce    = errors.New("not a flow nonce")
	errChoice   = errors.New("not a flow choice")
)

// byID parses "<action>:<id>".
func byID(build func(int64) Action) parser {
	return func(args string, colon bool) (Action, error) {
		if !colon {
			return nil, errNoArgs
		}
		id, err := parseID(args)
		if err != nil {
			return nil, err
		}
		return build(id), nil
	}
}

// bare parses an action without arguments, written with or without its
// trailing colon, exactly as it has always been sent.
func bare(a Action, colon bool) parser {
	return func(args string, c bool) (Action, error) {
		if c != colon || args != "" {
			return nil, errArgs
		}
		return a, nil
	}
}

func parseHistory(args string, colon bool) (Action, error) {
	parts := strings.Split(args, ":")
	if !colon || len(parts) != 3 {
		return nil, errParts
	}
	client, err := parseID(parts[0])
	if err != nil {
		return nil, err
	}
	kind := HistoryKind(parts[1])
	if !kind.valid() {
		return nil, errKind
	}
	page, err := parseNumber(parts[2], MaxHistoryPage)
	if err != nil {
		return nil, err
	}
	return History{Client: client, Of: kind, Page: int(page)}, nil
}

func parseWinback(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	ep, staff, two := strings.Cut(args, ":")
	episode, err := parseID(ep)
	if err != nil {
		return nil, err
	}
	if !two {
		return ChooseWinback{Episode: episode}, nil
	}
	s, err := parseID(staff)
	if err != nil {
		return nil, err
	}
	return AssignWinback{Episode: episode, Staff: s}, nil
}

func parseRiskPage(args string, colon bool) (Action, error) {
	if !colon {
		return nil, errNoArgs
	}
	page, err := parseNumber(args, MaxRiskPage)
	if err != nil {
		return nil, err
	}
	return RiskPage{Page: int(page)}, nil
}

func parseRunJob(args string, colon bool) (Action, error) {
	if !colon || !validJobName(args) {
		return nil, errJobName
	}
	return RunJob{Job: args}, nil
}

func parseSetLang(args string, colon bool) (Action, error) {
	l := i18n.Lang(args)
	if !colon || (l != i18n.ZH && l != i18n.EN) {
		return nil, errLanguage
	}
	return SetLang{Lang: l}, nil
}

func parseFlow(args string, colon bool) (Action, error) {
	nonce, choice, ok := strings.Cut(args, ":")
	if !colon || !ok || !validNonce(nonce) {
		return nil, errNonce
	}
	if !validChoice(choice) {
		return nil, errChoice
	}
	return Flow{Nonce: nonce, Choice: choice}, nil
}
