package search

// Suggestion is a word of the query that matches little or nothing in a
// language, with a word of that language's texts it was most likely
// meant to be ("terorism" → "terrorism").
type Suggestion struct {
	// Lang is the language whose texts suggest it.
	Lang string
	// Word is the word as typed; Instead the word suggested, as the texts
	// write it.
	Word, Instead string
	// Rows is how many rows hold Instead in Lang; WordRows how many hold
	// Word.
	Rows, WordRows int
	// Query is the whole query with Word replaced by Instead.
	Query string
}

// Rendering is how the rows that match a short query render it in one
// other language: the words or short phrases of that language's text of
// those rows most strongly associated with them, against the rest of the
// archive ("NATO" → "OTAN").
type Rendering struct {
	Lang  string
	Terms []RenderedTerm
}

// RenderedTerm is one word or short phrase of a Rendering.
type RenderedTerm struct {
	// Text is the word or phrase as the texts write it most often.
	Text string
	// Rows is how many of the matching rows hold it in the rendering's
	// language; Archive how many rows of the whole archive do.
	Rows, Archive int
	// Score is its log-likelihood ratio (G²) of association with the
	// matching rows (Dunning, 1993): higher is stronger.
	Score float64
}
