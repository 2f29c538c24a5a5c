package importer

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// Errors the chat turns into sentences; file errors are sheet's sentinels
// (sheet.ErrXLS, sheet.ErrTooLarge ...), returned wrapped by Begin and DryRun.
var (
	// ErrNotFound is an import that does not exist or that the actor may not see.
	ErrNotFound = errors.New("import not found")
	// ErrState is an action the import's status does not allow (a mapping
	// change after the commit started, a confirm before the dry run ...).
	ErrState = errors.New("import is not in a state that allows this")
	// ErrNothingToImport is a confirm of a dry run that found no row to apply.
	ErrNothingToImport = errors.New("nothing to import")
	// ErrTeam is an admin's import without a team, or into a team that does not exist.
	ErrTeam = errors.New("import needs an existing team")
	// ErrInvalid is a mapping change or a policy that makes no sense
	// (a sheet or column out of range, a field the sheet's kind cannot hold).
	ErrInvalid = errors.New("invalid import change")
)

// Status is where an import stands.
type Status string

// The statuses, in the order an import goes through them.
const (
	Mapping    Status = "mapping"    // file stored, mapping guessed; the user may change it
	Checked    Status = "checked"    // dry run done; Report holds its result
	Committing Status = "committing" // confirmed; a runner applies its rows
	Done       Status = "done"       // every row applied
	Failed     Status = "failed"     // the runner gave up (the reason in Import.Error)
	Undone     Status = "undone"     // undone after it was done
	Cancelled  Status = "cancelled"  // the user dropped it before the commit
)

// Unfinished reports whether the import still waits for the user or the runner.
func (s Status) Unfinished() bool { return s == Mapping || s == Checked || s == Committing }

// DupPolicy says what a row that matches an existing client does.
type DupPolicy string

// The duplicate policies.
const (
	DupSkip      DupPolicy = "skip"      // leave the existing client and the row alone (rows of the contacts, deals and visits sheets still attach to it)
	DupFill      DupPolicy = "fill"      // fill the existing client's empty fields
	DupOverwrite DupPolicy = "overwrite" // replace the existing client's fields with the file's non-empty values
	DupCreate    DupPolicy = "create"    // create a new client anyway
)

// Valid reports whether p is one of the policies.
func (p DupPolicy) Valid() bool {
	return p == DupSkip || p == DupFill || p == DupOverwrite || p == DupCreate
}

// OwnerPolicy says what an owner name that is no active member of the team does.
type OwnerPolicy string

// The owner policies.
const (
	OwnersError    OwnerPolicy = "error"    // the row is an error
	OwnersImporter OwnerPolicy = "importer" // the importer becomes the owner
)

// Import is one file on its way into the ledger.
type Import struct {
	ID, TeamID, ActorID, ChatID int64
	Lang                        i18n.Lang
	FileName                    string
	Format                      sheet.Format
	Encoding                    string
	Size                        int // bytes
	Sheets                      []SheetPlan
	Status                      Status
	Dup                         DupPolicy
	Owners                      OwnerPolicy
	Total, Done                 int // rows to apply / applied
	Report                      Report
	Summary                     Summary // what the commit did (done, undone)
	Error                       string  // why the runner failed (failed)
	ProgressMsgID               int64
	CreatedAt, UpdatedAt        time.Time
	CommittedAt, FinishedAt     time.Time // zero until confirmed / finished
}

// SheetPlan is one sheet of the file: what it holds and how its columns map.
// Columns[i] is the target of the header Headers[i]; Column{} ignores it.
type SheetPlan struct {
	Name    string
	Kind    sheet.Kind
	Use     bool
	Headers []string
	Columns []sheet.Column
	// HeaderRow is the row number of the header (the first non-blank row);
	// data rows follow it.
	HeaderRow int
	Rows      int // data rows, known after the dry run (0 before)
}

// Report is the dry run's result. Row counts are of data rows of used sheets.
type Report struct {
	Rows   int // data rows read (blank rows left out)
	Create int // clients rows that create a client
	Update int // clients rows matching an existing client (by 客户编号, name or phone): the dup policy applies
	Skip   int // clients rows repeating an earlier row without adding anything
	Errors int // rows with at least one error; they are left out

	DupLedger  int // clients rows matching an existing client: = ByID + ByName + ByPhone
	ByID       int // ... by 客户编号
	ByName     int // ... by the same normalised name
	ByPhone    int // ... by a contact's phone
	DupSimilar int // rows whose name is similar to an existing client's (created, flagged)
	DupFile    int // clients rows repeating an earlier row's client with other values
	Merged     int // clients rows repeating an earlier row's client only to add contacts

	// UpdateFill and UpdateOverwrite are the Update rows that would really
	// change their client under the fill / the overwrite policy (a field to
	// fill or replace, a contact to add); the other Update rows hold what the
	// ledger holds already (a date the same day as the ledger's time counts
	// as the same) and the commit would skip them.
	UpdateFill, UpdateOverwrite int

	// Contacts, deals and visits the commit would add: only those neither
	// the ledger nor an earlier row holds (a contact by phone, or by name
	// where one has no phone; a deal by day, amount and description; a visit
	// by day, kind and notes). Contacts of rows matching an existing client
	// count as fill and overwrite add them (skip adds none, create all).
	Contacts, Deals, Visits int
	// Of those deals, the ones with a due date (a receivable the card and
	// the credit standing follow) and the ones with a paid amount (a
	// payment recorded with the deal).
	Receivables, Payments int

	UnknownOwners []string  // owner names not found in the team, at most 20
	Problems      []Problem // the first row errors, at most 20
	Similar       []Similar // the first similar-name pairs, at most 20
}

// Problem is one error of one row.
type Problem struct {
	Sheet  string
	Row    int    // the row number as the spreadsheet shows it
	Column string // the column's header ("" when the row as a whole is wrong)
	Value  string
	Why    string // in the import's language
}

// Similar is a row whose name resembles an existing client's.
type Similar struct {
	Sheet    string
	Row      int
	Name     string
	ClientID int64
	Client   string
}

// Summary is what the commit did, and what undo did.
type Summary struct {
	Created, Updated, Skipped int // clients
	Contacts, Deals, Visits   int // added
	Payments                  int // payments added with the deals
	Failed                    int // rows that could not be applied (a value the ledger refused)
}

// UndoReport is what Undo did and what it left.
type UndoReport struct {
	Removed  int // clients removed
	Restored int // clients whose overwritten fields were restored
	Contacts int // contacts removed
	Deals    int // deals removed
	Payments int // payments removed (those the import recorded with its deals)
	Visits   int // visits removed
	Kept     []KeptClient
}

// KeptClient is a client Undo left in place, and why.
type KeptClient struct {
	ClientID int64
	Name     string
	Why      string // in the import's language
}

// Progress hears from the runner.
type Progress interface {
	// Progress is called between batches: imp.Done rows of imp.Total applied.
	Progress(ctx context.Context, imp Import)
	// Finished is called once the import is done (or failed).
	Finished(ctx context.Context, imp Import)
}

// Store runs imports.
type Store struct {
	db      *pgxpool.Pool
	clients *client.Store
	now     func() time.Time
	log     *slog.Logger
	batch   int // rows applied per transaction
	rows    RowObserver
}

// RowObserver counts the rows a commit applied, by outcome (created,
// updated, added, skipped or failed), once their batch has committed: the
// operator's metrics. A nil *metrics.Metrics is a valid observer.
type RowObserver interface {
	ImportRows(result string, n int)
}

// noRows observes nothing.
type noRows struct{}

func (noRows) ImportRows(string, int) {}

// WithRows makes the store report the rows its commits apply to o.
func (s *Store) WithRows(o RowObserver) *Store {
	if o != nil {
		s.rows = o
	}
	return s
}

// New returns a Store on db; clients is the ledger's client store (its time
// zone dates the review days of new clients).
func New(db *pgxpool.Pool, clients *client.Store, now func() time.Time, log *slog.Logger) *Store {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{db: db, clients: clients, now: now, log: log, batch: defaultBatch, rows: noRows{}}
}

// defaultBatch is how many rows one commit transaction applies: big enough
// to amortise the round trips, small enough to keep locks and a lost batch short.
const defaultBatch = 500
