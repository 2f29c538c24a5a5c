// Package chart draws the bar charts the bot sends as photos: the weekly
// digest's visits per salesperson and the 考核 report's figures.
//
// Bars are horizontal, one row per salesperson with the name on the left,
// because a phone shows 15 to 20 Chinese names side by side only by
// shrinking or slanting them; stacked vertically they stay readable and the
// chart grows in height instead. A row carries one value per series: one
// series is a simple chart, several are drawn side by side (Grouped) or end
// to end (Stacked) with a legend. Every bar has its value written after it,
// and a zero still draws a short stub and a "0", so a salesperson without
// visits is not mistaken for one left out.
//
// Text is drawn with an embedded subset of Noto Sans SC (font/, SIL Open
// Font License 1.1; font/subset.sh says how it was made): the GB2312 and
// common Big5 hanzi, common name characters beyond them, Latin and the
// full-width punctuation. Drawing uses only image/draw and golang.org/x/image
// (font, sfnt, vector), with integer geometry and no maps, so the same input
// gives the same PNG bytes on the same platform.
package chart
