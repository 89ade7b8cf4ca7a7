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
	// Rows is how many of the matching rows read have text in Lang: the
	// evidence the rendering rests on (at least index.MinRenderingRows).
	Rows int
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

// Related is the other forms a word of the query takes in one language's
// texts, which the language's stemmer does not join to it ("terrorism" →
// "terrorist"): words of the same field sharing a long prefix with it.
type Related struct {
	// Lang is the language whose texts hold the forms; Word the word as
	// typed.
	Lang, Word string
	// Forms are the related words, most rows first.
	Forms []RelatedForm
}

// RelatedForm is one form of a Related word.
type RelatedForm struct {
	// Text is the form as the texts write it.
	Text string
	// Rows is how many rows hold it in the Related's language.
	Rows int
	// Query is the whole query with the word replaced by Text.
	Query string
}
