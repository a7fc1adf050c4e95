// The text layer: what every stage needs to read UTF-8 news text. It checks and
// repairs UTF-8, normalises (NFC, typographic folding) while keeping a map back
// to the original byte offsets, splits paragraphs into sentences, splits
// sentences into word tokens, stems words (Snowball) and knows stop words and
// the language of a text (CLD2).
//
// All offsets are byte offsets into UTF-8 strings. A Span is half-open.
//
// Thread safety: every free function here is safe to call from many threads at
// once (ICU break iterators are cached per thread). A Stemmer is not: use one
// per thread.
#ifndef STORYLINE_TEXT_H_
#define STORYLINE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;  // libstemmer's handle, declared globally as libstemmer.h does

namespace storyline::text {

struct Span {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
  bool operator==(const Span&) const = default;
};

// ---- UTF-8 -----------------------------------------------------------------

// Byte offset of the first byte that does not start a well-formed UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are
// ill-formed), or nullopt when `s` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

// `s` with every ill-formed sequence replaced by U+FFFD (one per maximal
// ill-formed subpart, as the Unicode standard recommends). `*replaced`, when
// given, receives how many replacements were made.
std::string RepairUtf8(std::string_view s, size_t* replaced = nullptr);

// True when `s` looks binary rather than text: NUL bytes, or a high share of
// control bytes other than tab, newline, carriage return and form feed.
bool LooksBinary(std::string_view s);

// Converts byte offsets of one UTF-8 text into Unicode code point offsets, the
// unit our JSON outputs use for spans ("character offsets"). Built once per
// text; each conversion is then O(log n).
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view utf8);
  // Code points before byte `offset` (offsets inside a sequence count it whole).
  size_t ToCodePoints(size_t byte_offset) const;

 private:
  std::vector<uint32_t> block_counts_;  // code points before each 64-byte block
  std::string_view text_;
};

// ---- Offset maps -------------------------------------------------------------

// Maps byte offsets of a derived text (the output of a transformation) back to
// byte offsets of the text it was derived from. Built by appending, in output
// order, pieces that were copied unchanged or replaced. Maps compose, so
// cleaned text -> normalised text -> original input is one map.
class OffsetMap {
 public:
  // The identity map over `size` bytes.
  static OffsetMap Identity(size_t size);

  // Output bytes [out, out+len) are input bytes [in, in+len) unchanged.
  void AddCopy(size_t out, size_t in, size_t len);
  // Output bytes [out, out+out_len) replace input bytes [in, in+in_len).
  void AddReplace(size_t out, size_t out_len, size_t in, size_t in_len);

  // Input offset of output offset `out`. Offsets inside a replaced piece map to
  // the piece's start; the end of the output maps to the end of the input.
  // Input removed just before `out` (a deleted zero-width char) is skipped.
  size_t ToSource(size_t out) const;
  // Input offset of `out` taken as the end of a span: the end of the piece it
  // closes (the whole replaced input for a replaced piece).
  size_t ToSourceEnd(size_t out) const;
  // Both ends mapped as above; an empty span maps to an empty span.
  Span ToSource(Span out) const;

  // Composition: `*this` maps C -> B and `inner` maps B -> A; the result maps
  // C -> A.
  OffsetMap Then(const OffsetMap& inner) const;

  size_t output_size() const { return output_size_; }
  size_t input_size() const { return input_size_; }

 private:
  struct Piece {
    size_t out, out_len, in, in_len;
    bool copy;  // byte-for-byte copy (else a replacement)
  };
  std::vector<Piece> pieces_;
  size_t output_size_ = 0;
  size_t input_size_ = 0;
};

// ---- Normalisation -----------------------------------------------------------

struct NormalizeOptions {
  bool nfc = true;              // Unicode NFC
  bool fold_quotes = true;      // ‘ ’ ‚ ‛ ′ → '   “ ” „ ‟ « » ″ → "
  bool fold_dashes = true;      // ‐ ‑ ‒ – — ― − → -
  bool fold_spaces = true;      // no-break and other Unicode spaces → ' '; runs of spaces/tabs → one
  bool drop_invisible = true;   // zero-width space/joiners, BOM, soft hyphen removed
  bool fold_ellipsis = true;    // … → ...
  bool unify_newlines = true;   // \r\n and \r → \n; U+2028/2029 → \n
};

struct Normalized {
  std::string text;
  OffsetMap map;  // text offsets → input offsets
};

// Normalises valid UTF-8 (repair it first). Never fails. Folding happens
// before NFC, so a removed invisible between a letter and its accent lets them
// compose. Tests with the cases: tests/data/text/normalize.txt.
Normalized Normalize(std::string_view utf8, const NormalizeOptions& options = {});

// Lower-cased (full Unicode case folding: "Straße" gives "strasse"),
// quote/dash-folded, NFC form of a word or short string, for comparisons.
std::string FoldCase(std::string_view utf8);

// ---- Paragraphs and sentences -------------------------------------------------

// Paragraph spans of a text: blank lines always separate paragraphs; a single
// newline separates them too unless the text is hard-wrapped there (the line
// does not end a sentence and the next line continues it in lower case). Spans
// exclude surrounding whitespace; empty paragraphs are skipped.
std::vector<Span> SplitParagraphs(std::string_view text);

// Sentence spans of a text (spans exclude surrounding whitespace). Never splits
// after abbreviations ("Mr.", "Dr. Lee", "U.S. officials", "Mar. 20",
// "Feb. 24, 2023", "Jan.", initials "J. R. R."), decimals ("3.5"), before a
// lower-case continuation ("“Why?” she asked."), or inside a quotation (double,
// or British single) that closes within the same paragraph and 600 bytes
// ("“A. B,” he said." is one sentence). Never joins across paragraphs (see
// SplitParagraphs): bullet lines and headings are sentences of their own, the
// bullet marker included. `language` (ISO 639-1) enables a few local rules,
// e.g. German ordinals ("am 3. Oktober"); other languages use the shared rules.
// Tests with the cases: tests/data/text/sentences.txt. Each thread keeps the
// texts it split last (up to 2 MiB of text, the oldest dropped first) with
// their sentences: asked again for one of them, it answers from them.
std::vector<Span> SplitSentences(std::string_view text, std::string_view language = "en");

// Bytes of the dateline a news sentence opens with, up to the first word
// after it; 0 when there is none. A dateline tells where the story was filed:
// a place in capitals ("BEIJING", "NEW YORK"), maybe a region ("NAIROBI,
// Kenya") and the agency in parentheses ("(AP)", "(Meridian Press)"), then a
// colon or a dash ("BEIJING: ", "WESTMERE (Meridian Press) — ", AP's
// "LONDON (AP) _ "). It is no part of what the sentence states.
size_t DatelineLength(std::string_view sentence);

// Words as a reader counts them: runs of bytes that are not white space.
// CountWords gives how many `s` holds; CutWords its first `words` words, with
// the white space after the last of them ("a b c", 2 -> "a b "), or all of
// `s` when it holds no more.
size_t CountWords(std::string_view s);
std::string CutWords(std::string_view s, size_t words);
// `s` when it holds at most `words` words; else at most `words` words of it
// around bytes [begin, end) (whole words, the span's own included, about two
// fifths of the rest before it), with "… " / " …" where it was cut.
std::string WordsAround(std::string_view s, size_t begin, size_t end, size_t words);

// A headline for a text that has no title, from its lead sentence (the
// first sentence of `text`, past an opening dateline): the sentence up to
// its first clause break when that leaves 6 to 16 words ("Gale-force winds
// battered yachts in the race Monday, killing ..." -> "Gale-force winds
// battered yachts in the race Monday"), the whole sentence when it is short,
// else its first 14 words without the function words they end on, and an
// ellipsis. Empty for an empty text.
std::string HeadlineOf(std::string_view text);

// ---- Tokens --------------------------------------------------------------------

struct Token {
  Span span;          // in the text passed to Tokenize
  std::string lower;  // FoldCase of the token text
  enum class Kind : uint8_t { kWord, kNumber } kind = Kind::kWord;
};

// Word and number tokens (ICU word boundaries); punctuation, spaces and symbols
// are skipped. "U.S." and "$190bn" stay one token each (a currency symbol right
// before a number joins it); "don't" stays one token; numbers keep their
// separators ("1,200.5"); "29%" gives the number "29" (the sign is skipped);
// hyphenated words are split ("well-known" gives "well", "known"). A token is
// a kNumber when it starts with a digit or a currency symbol.
std::vector<Token> Tokenize(std::string_view text);

// ---- Stemming and stop words ----------------------------------------------------

// A Snowball stemmer for one language. Not thread-safe: one per thread.
class Stemmer {
 public:
  // `language` is an ISO 639-1 code or a Snowball name; unknown languages give a
  // stemmer that returns words unchanged.
  explicit Stemmer(std::string_view language = "en");
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // Stem of a lower-cased word.
  std::string Stem(std::string_view lower_word);

 private:
  ::sb_stemmer* stemmer_ = nullptr;
};

// True for function words of `language` (ISO 639-1) that carry no topic:
// "the", "of", "and"... Lists (the Snowball project's) cover en, de, fr, es, it, pt, nl; other
// languages have none.
bool IsStopWord(std::string_view lower_word, std::string_view language = "en");

// True when `folded` (FoldCase of a name) is the English name of a country
// or territory or of a city that names a time zone, as ICU's locale data
// (CLDR) spells them: "kyiv", "ukraine", "new zealand". About 600 names, the
// current spellings, known to every machine with ICU; no model to train.
bool IsPlaceName(std::string_view folded);

// ---- Language ----------------------------------------------------------------------

// ISO 639-1 code of the main language of `utf8` (CLD2), or "" when unreliable
// (too little text or no clear winner).
std::string DetectLanguage(std::string_view utf8);

}  // namespace storyline::text

#endif  // STORYLINE_TEXT_H_
