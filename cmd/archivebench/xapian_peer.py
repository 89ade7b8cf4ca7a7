"""Xapian beside the archive in archivebench.

archivebench (xapian.go) writes this script into its work folder and runs it
with a Python that can import Debian's python3-xapian: Debian packages
Xapian's Python bindings, not its Go ones, and a search engineer picking
Xapian for speed would drive it through one of its bindings anyway.

    python3 xapian_peer.py DATABASE [--exact-total]

The conversation is JSON, one object a line, on stdin and stdout:

1. The script prints {"ready": ...} once the database is open for writing;
   archivebench starts its ingest clock then.
2. archivebench sends the corpus, one paragraph row a line:
   {"statement", "key", "lang", "text", "date"}, then an empty line.
   Each row becomes one document: its text indexed with the language's
   stemmer and positions (for phrases), a boolean term XLANG<lang> for the
   language filter, the text as document data and the statement, key,
   language and date as values, which is what a result row needs.
3. The script commits, compacts the database (as xapian-compact would:
   what one does with a database built once and then only searched, and
   the counterpart of the archive merging its segments at the end of
   ingest) and prints {"built": ...} with its own build time, the
   database's size before and after compaction and its peak memory.
4. archivebench sends queries, {"text", "lang", "class"}, one a line, and
   reads one answer a line, {"ns", "estimated", "returned"} or {"error"}:
   "ns" is measured here, around parsing the query, get_mset(0, 10),
   reading the ten documents' data and values and the estimated total, so
   neither Python's start-up nor the pipe is counted. The total is
   Xapian's estimate, as a Xapian search page shows ("about N results");
   with --exact-total, get_mset is asked to check every match, so the
   total is exact, as the archive's and FTS5's are. The script keeps no
   result cache; warming up is archivebench's choice, made alike for every
   engine (it sends the mix once untimed first, or not at all).
"""

import json
import os
import resource
import shutil
import sys
import time

import xapian

# Languages of the corpus, each with Xapian's stemmer for it.
STEMMERS = {"en": "english", "fr": "french"}

# The language filter's boolean term: XLANG plus the language code.
LANG_PREFIX = "XLANG"

# Value slots: what a result row shows besides the text.
SLOT_STATEMENT, SLOT_KEY, SLOT_LANG, SLOT_DATE = 0, 1, 2, 3

# STEM_ALL indexes and queries every word by its stem, with positions, as
# the archive's Bleve analyzers do: a phrase then matches stems, as the
# archive's phrases do, and each word is one term rather than Xapian's
# default two (the word with positions and its Z-prefixed stem without).
STEMMING = xapian.TermGenerator.STEM_ALL
QUERY_STEMMING = xapian.QueryParser.STEM_ALL

# Quoted phrases, AND/OR and +/-: QueryParser's default flags, named.
QUERY_FLAGS = (xapian.QueryParser.FLAG_PHRASE
               | xapian.QueryParser.FLAG_BOOLEAN
               | xapian.QueryParser.FLAG_LOVEHATE)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def build(path, lines):
    """Index the corpus rows read from lines up to an empty line."""
    staging = path + ".build"
    db = xapian.WritableDatabase(staging, xapian.DB_CREATE_OR_OVERWRITE)
    emit({"ready": True, "version": xapian.version_string()})
    start = time.perf_counter()
    generators = {}
    for lang, name in STEMMERS.items():
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem(name))
        tg.set_stemming_strategy(STEMMING)
        generators[lang] = tg
    docs = 0
    for line in lines:
        if not line.strip():
            break
        row = json.loads(line)
        lang = row["lang"]
        tg = generators[lang]
        doc = xapian.Document()
        tg.set_document(doc)
        # index_text records positions, which phrase queries need.
        tg.index_text(row["text"])
        doc.add_boolean_term(LANG_PREFIX + lang)
        doc.set_data(row["text"])
        doc.add_value(SLOT_STATEMENT, row["statement"])
        doc.add_value(SLOT_KEY, str(row["key"]))
        doc.add_value(SLOT_LANG, lang)
        doc.add_value(SLOT_DATE, row["date"])
        db.add_document(doc)
        docs += 1
    # Documents are flushed every 10,000 by Xapian's default; the last
    # batch is committed here and counted in the build.
    db.commit()
    db.close()
    built = time.perf_counter() - start
    staged = dir_size(staging)
    xapian.Database(staging).compact(path)
    shutil.rmtree(staging)
    seconds = time.perf_counter() - start
    emit({
        "built": docs,
        "seconds": seconds,
        "compact_seconds": seconds - built,
        "docs_per_second": docs / seconds if seconds > 0 else 0,
        "bytes": dir_size(path),
        "bytes_before_compaction": staged,
        # Linux reports ru_maxrss in KiB.
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    })


class Searcher:
    """Answers the mix as a search page would: top 10 and a total."""

    def __init__(self, path, exact_total=False):
        self.db = xapian.Database(path)
        # check_at_least: 0 lets Xapian stop once the top 10 are sure and
        # estimate the rest; the document count makes it count them all.
        self.check_at_least = self.db.get_doccount() if exact_total else 0
        self.parsers = {}
        for lang, name in STEMMERS.items():
            qp = xapian.QueryParser()
            qp.set_database(self.db)
            qp.set_stemmer(xapian.Stem(name))
            qp.set_stemming_strategy(QUERY_STEMMING)
            # The mix's AND class reaches us as plain words ("a b", see
            # xapianText in xapian.go): every word must match, as the
            # archive's "+a +b" asks. Single words and phrases are alike
            # under either default operator.
            qp.set_default_op(xapian.Query.OP_AND)
            self.parsers[lang] = qp

    def parse(self, lang, text):
        qp = self.parsers[lang]
        return qp.parse_query(text, QUERY_FLAGS)

    def query(self, text, lang):
        """The query for text, filtered to lang, or in every language.

        With a language filter, the text is parsed with that language's
        stemmer and the language's boolean term filters it (OP_FILTER: it
        restricts without weighting). Without one, the archive searches
        each language's field with that language's analyzer, so Xapian
        does the same: each language's parse, filtered to its language,
        OR'ed. When both stemmers give the same query, that OR is the
        unfiltered query itself (every document is English or French), and
        the unfiltered query is what a Xapian user would run, so it is used.
        """
        term = lambda l: xapian.Query(LANG_PREFIX + l)
        if lang:
            return xapian.Query(xapian.Query.OP_FILTER,
                                self.parse(lang, text), term(lang))
        parsed = {l: self.parse(l, text) for l in STEMMERS}
        descriptions = {str(q) for q in parsed.values()}
        if len(descriptions) == 1:
            return next(iter(parsed.values()))
        return xapian.Query(xapian.Query.OP_OR, [
            xapian.Query(xapian.Query.OP_FILTER, q, term(l))
            for l, q in parsed.items()
        ])

    def answer(self, text, lang):
        start = time.perf_counter_ns()
        enquire = xapian.Enquire(self.db)
        enquire.set_query(self.query(text, lang))
        mset = enquire.get_mset(0, 10, self.check_at_least)
        returned = 0
        for match in mset:
            doc = match.document
            doc.get_data()
            doc.get_value(SLOT_STATEMENT)
            doc.get_value(SLOT_KEY)
            doc.get_value(SLOT_LANG)
            returned += 1
        estimated = mset.get_matches_estimated()
        elapsed = time.perf_counter_ns() - start
        return {"ns": elapsed, "estimated": estimated, "returned": returned}


def main():
    args = sys.argv[1:]
    exact_total = "--exact-total" in args
    reuse = "--reuse" in args
    args = [a for a in args if a not in ("--exact-total", "--reuse")]
    if len(args) != 1:
        sys.exit("usage: xapian_peer.py DATABASE [--exact-total] [--reuse]")
    path = args[0]
    lines = iter(sys.stdin.buffer.readline, b"")
    if reuse:
        # The database a previous run built: nothing is read before the
        # queries, and the build's figures are left out.
        emit({"ready": True, "version": xapian.version_string()})
        emit({"built": xapian.Database(path).get_doccount(), "bytes": dir_size(path)})
    else:
        build(path, lines)
    searcher = Searcher(path, exact_total)
    for line in lines:
        if not line.strip():
            continue
        q = json.loads(line)
        try:
            emit(searcher.answer(q["text"], q.get("lang", "")))
        except xapian.Error as e:
            emit({"error": "%s: %s" % (q["text"], e)})


if __name__ == "__main__":
    main()
