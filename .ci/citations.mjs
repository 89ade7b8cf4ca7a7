// Checks the archive's citations with an independent processor, citation.js:
// it parses the archive's BibTeX (as BibTeX and as biblatex) and RIS back,
// and renders its CSL-JSON in APA, then compares what it reads with what the
// archive knows of the row (title, issuer, date, URLs, pinpoint, language)
// and citation.js's APA with the archive's own APA.
//
//   node .ci/citations.mjs NPM_PREFIX FIXTURES_DIR
//
// NPM_PREFIX is where `npm install --prefix` put @citation-js/core and its
// bibtex, ris and csl plugins. FIXTURES_DIR holds the answers of
// GET /api/statements/{id}/{ref}/cite (every format, as JSON), one file a
// row, written by `go test ./internal/server -run TestCitationFixtures` with
// CITEJS_OUT set. Exits 1 on any mismatch.
//
// Deliberate differences, normalised before comparing the APA text:
//   - whitespace is collapsed and no-break spaces read as spaces;
//   - dates in French and German: CSL's APA style puts the month before the
//     day in every locale ("(2021, juillet 19)"); the archive writes the
//     day first, as French and German APA adaptations do ("(2021, 19
//     juillet)", "(2021, 19. Juli)", "1er" for the first of the month);
//   - plain text carries no italics: both sides are compared as text;
//   - citeproc turns straight quotation marks into curly ones; the archive
//     keeps a title as published, so ' and ’ (and " and “ ”) compare equal;
//   - parentheses inside parentheses: APA (7th ed., 6.10) writes them as
//     brackets, "(Press Release [2006] 150)", and the archive does; CSL's
//     APA style prints the reference as the CSL item holds it, "(Press
//     Release (2006) 150)" (the item keeps the reference as published), so
//     brackets and parentheses compare equal;
//   - CSL's APA style writes "Retrieved" before the URL of an undated work,
//     expecting an access date; the archive gives none (its copy does not
//     change), so that word is dropped from citation.js's text.
// APA's in-text citation is compared for paragraphs and footnotes; CSL has
// no locator term for a preamble or a heading.

import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const [prefix, dir] = process.argv.slice(2)
if (!prefix || !dir) {
  console.error('usage: node .ci/citations.mjs NPM_PREFIX FIXTURES_DIR')
  process.exit(2)
}
const require = createRequire(path.resolve(prefix, 'node_modules') + '/')
const { Cite, plugins } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

// The CSL locale of each language the archive has its own words in.
const cslLocales = { en: 'en-US', fr: 'fr-FR', de: 'de-DE' }
// biblatex's localisation keys, as the biblatex manual names them.
const biblatexKeys = { en: 'english', fr: 'french', de: 'german' }

let passed = 0
let failed = 0

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
if (files.length === 0) {
  console.error(`no fixtures in ${dir}`)
  process.exit(1)
}

for (const file of files) {
  const row = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  const name = `${row.statement}/${row.ref} [${row.lang}]`
  const url = row.source || row.permalink
  const [year, month, day] = row.date ? row.date.split('-').map(Number) : []

  check(name, 'BibTeX read as biblatex', () => bibtex(row, '@biblatex/text', '@biblatex/entries+list'))
  check(name, 'BibTeX read as BibTeX', () => bibtex(row, '@bibtex/text', '@bibtex/entries+list'))
  check(name, 'RIS', () => ris(row))
  check(name, 'CSL-JSON rendered in APA', () => apa(row))

  // bibtex parses the entry twice: its fields as written (the syntax:
  // entry type, macros, braces; each text field then decoded from LaTeX
  // by decode), and the CSL item citation.js maps them to.
  function bibtex (row, type, entries) {
    const text = row.formats.bibtex
    const raw = plugins.input.chain(text, { forceType: type, target: entries, generateGraph: false })
    expect(raw.length, 1, 'entries')
    const e = raw[0]
    expect(e.type, 'misc', 'entry type')
    // biblatex requires author or editor, title and date or year of a
    // @misc (citation.js's strict mode knows no @misc, so it is done here).
    for (const need of [['author', 'editor'], ['title'], ['date', 'year']]) {
      if (need[0] === 'author' && !row.issuer) continue
      // an undated statement has no date to give; biber warns of it
      if (need[0] === 'date' && !row.date) continue
      if (!need.some((f) => f in e.properties)) throw new Error(`no ${need.join(' or ')} field`)
    }
    const f = e.properties
    expect(decode(f.title, type), row.title, 'title')
    expect(decode(f.author, type), row.issuer || undefined, 'author')
    expect(decode(f.howpublished, type), row.reference || undefined, 'howpublished (the reference)')
    expect(f.date, row.date || undefined, 'date')
    expect(f.year, year ? String(year) : undefined, 'year')
    // month = jul, the macro, reads as 07; month = {jul} would read as "jul".
    expect(f.month, month ? String(month).padStart(2, '0') : undefined, 'month (a macro)')
    expect(f.url, url, 'url')
    const addendum = decode(f.addendum, type)
    if (row.source ? !addendum?.endsWith(' ' + row.permalink) : addendum !== undefined) {
      throw new Error(`addendum ${JSON.stringify(addendum)}: want the permalink after the official URL, none without one`)
    }
    expect(decode(f.note, type), row.pinpoint, 'note (the pinpoint)')
    // (a language without a biblatex key is written by name, not checked)
    expect(f.language, biblatexKeys[row.lang] || f.language, 'language (a biblatex key)')

    const csl = new Cite(text, { forceType: type, generateGraph: false }).data[0]
    expect(csl.title, row.title, 'CSL title')
    expect(name1(csl.author), row.issuer, 'CSL author')
    // BibTeX knows a year and a month only; biblatex reads the day from date.
    const parts = type === '@bibtex/text' ? [year, month] : [year, month, day]
    expect(JSON.stringify(csl.issued?.['date-parts']), row.date ? JSON.stringify([parts]) : undefined, 'CSL issued')
    expect(csl.URL, url, 'CSL URL')
    expect(csl.note, row.pinpoint, 'CSL note')
    return 'title, author, howpublished, date, year, month, url, addendum, note, language'
  }

  function ris (row) {
    const text = row.formats.ris
    if (!text.endsWith('ER  - \r\n')) throw new Error('the record does not end with "ER  - " and CRLF')
    const records = plugins.input.chainLink(text)
    expect(records.length, 1, 'records')
    const r = records[0]
    expect(r.TY, 'GOVDOC', 'TY')
    expect(r.DA, row.date ? row.date.replaceAll('-', '/') + '/' : undefined, 'DA')

    const csl = new Cite(text, { generateGraph: false }).data[0]
    expect(csl.title, row.title, 'title')
    expect(name1(csl.author), row.issuer, 'author')
    // The RIS specification gives a GOVDOC its year (PY) as its date:
    // citation.js reads the year there, the day from DA above.
    expect(csl.issued?.['date-parts']?.[0]?.[0], year, 'issued year')
    expect(csl.issue ?? csl.number, row.reference || undefined, 'M1 (the reference)')
    expect(csl.URL, url, 'URL')
    expect(csl.archive_location, row.source ? row.permalink : undefined, 'AV (the permalink)')
    expect(csl.source, row.source ? 'Statement archive' : undefined, 'DB (the archive)')
    expect(csl.note, row.pinpoint, 'note (the pinpoint)')
    expect(csl.language, row.lang, 'language')
    return 'TY, title, author, DA, year, M1, URL, AV, DB, note, language'
  }

  function apa (row) {
    const items = JSON.parse(row.formats['csl-json'])
    expect(items.length, 1, 'items')
    const item = items[0]
    expect(item.title, row.title, 'title')
    expect(name1(item.author), row.issuer, 'author')
    expect(item.URL, url, 'URL')
    expect(item.note, row.pinpoint, 'note')
    expect(item.language, row.lang, 'language')

    const lang = cslLocales[row.lang] || 'en-US'
    const cite = new Cite(items, { generateGraph: false })
    const [archiveEntry, archiveInText] = row.formats.apa.split('\n')
    let entry = dayFirst(cite.format('bibliography', { format: 'text', template: 'apa', lang }), row.lang)
    if (!row.date) entry = entry.replace(/ Retrieved (https?:)/u, ' $1')
    expect(normalise(entry), normalise(archiveEntry), 'APA reference entry')

    const locator = apaLocator(row)
    if (!locator) return 'fields, APA reference entry (no CSL locator for a ' + row.kind + ')'
    const inText = cite.format('citation', { format: 'text', template: 'apa', lang, entry: [{ id: item.id, ...locator }] })
    expect(normalise(inText), normalise(archiveInText), 'APA in-text citation')
    return 'fields, APA reference entry, APA in-text citation'
  }
}

console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)

function check (name, what, fn) {
  try {
    const compared = fn()
    passed++
    console.log(`ok    ${name} ${what}: ${compared}`)
  } catch (err) {
    failed++
    console.log(`FAIL  ${name} ${what}: ${err.message}`)
  }
}

function expect (got, want, what) {
  if (got !== want) throw new Error(`${what}: citation.js read ${JSON.stringify(got)}, the archive has ${JSON.stringify(want)}`)
}

// decode reads a raw BibTeX field value as citation.js reads a note: its
// LaTeX commands and escapes undone, and the braces that protect a
// corporate name or a title's case dropped.
function decode (raw, type) {
  if (raw === undefined) return undefined
  const entry = `@misc{decode, note = {${raw}}}`
  return new Cite(entry, { forceType: type, generateGraph: false }).data[0].note
}

// name1 returns the one author's name as a string: a literal, or a name
// citation.js did not split (family alone).
function name1 (names) {
  if (!names || names.length === 0) return ''
  if (names.length !== 1) throw new Error(`${names.length} authors, want one: ${JSON.stringify(names)}`)
  const n = names[0]
  if (n.given) throw new Error(`the corporate author was split into given and family names: ${JSON.stringify(n)}`)
  return n.literal ?? n.family
}

// apaLocator is the CSL locator of the row: a paragraph, or a note. The
// archive's "unnumbered in the original" follows as a suffix (in the
// locator itself, its comma would make CSL read a list: "paras.").
function apaLocator (row) {
  if (row.kind === 'paragraph') {
    const locator = { label: 'paragraph', locator: String(row.paragraph) }
    if (!row.numbered) locator.suffix = row.pinpoint.slice(row.pinpoint.indexOf(', '))
    return locator
  }
  if (row.kind === 'footnote') return { label: 'note', locator: row.ref.slice(1) }
  return null
}

// dayFirst rewrites CSL's "(2021, juillet 19)" as French and German APA
// write it: "(2021, 19 juillet)", "(2021, 19. Juli)".
function dayFirst (text, lang) {
  if (lang !== 'fr' && lang !== 'de') return text
  return text.replace(/\((\d{4}), (\p{L}+) (\d{1,2})\)/u, (_, y, m, d) => `(${y}, ${d}${lang === 'de' ? '.' : ''} ${m})`)
}

function normalise (s) {
  return (s || '')
    .replace(/\(\d{4}, 1er /u, (m) => m.replace('1er', '1'))
    .replace(/[\u2018\u2019]/gu, "'").replace(/[\u201c\u201d]/gu, '"')
    .replace(/\[/gu, '(').replace(/\]/gu, ')')
    .replace(/[\s\u00a0\u202f]+/gu, ' ').trim()
}
