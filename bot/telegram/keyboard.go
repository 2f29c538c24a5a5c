package telegram

import "github.com/go-telegram/bot/models"

// Keyboard builds an inline keyboard row by row.
type Keyboard struct {
	rows [][]models.InlineKeyboardButton
}

// NewKeyboard starts an empty keyboard.
func NewKeyboard() *Keyboard { return &Keyboard{} }

// Row adds buttons as (text, data) pairs on one row; an empty row is left out.
func (k *Keyboard) Row(textData ...string) *Keyboard {
	var row []models.InlineKeyboardButton
	for i := 0; i+1 < len(textData); i += 2 {
		row = append(row, models.InlineKeyboardButton{Text: textData[i], CallbackData: textData[i+1]})
	}
	if len(row) > 0 {
		k.rows = append(k.rows, row)
	}
	return k
}

// Grid lays out (text, data) pairs, perRow to a row.
func (k *Keyboard) Grid(perRow int, textData ...string) *Keyboard {
	for i := 0; i < len(textData); i += 2 * perRow {
		end := min(i+2*perRow, len(textData))
		k.Row(textData[i:end]...)
	}
	return k
}

// Len is the number of rows.
func (k *Keyboard) Len() int { return len(k.rows) }

// Markup is the keyboard as Telegram takes it; nil for a nil keyboard, and
// an empty keyboard (which removes the buttons of an edited message) for
// one without rows.
func (k *Keyboard) Markup() *models.InlineKeyboardMarkup {
	if k == nil {
		return nil
	}
	rows := k.rows
	if rows == nil {
		rows = [][]models.InlineKeyboardButton{}
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}
