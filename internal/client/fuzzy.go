package client

// Typos are corrected against a dictionary of the words in client names
// (table search_words) by the symmetric-deletion method: the dictionary
// stores each word with every one-letter deletion of it, a query word is
// looked up with its own deletions, and any two words one edit apart
// (insertion, deletion, substitution, swap of neighbours) share a key. Every
// lookup is an exact B-tree probe, so it costs the same at any size.

// WordVariants returns word followed by each distinct string made by
// deleting one of its characters: the dictionary keys of word.
func WordVariants(word string) []string {
	rs := []rune(word)
	out := []string{word}
	seen := map[string]bool{word: true}
	for i := range rs {
		v := string(rs[:i]) + string(rs[i+1:])
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// maxEdits is how many typos a query word of n characters may carry.
func maxEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows suffice: the current one, the one before and the one before
	// that (for swaps).
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
