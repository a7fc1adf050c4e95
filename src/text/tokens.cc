// Tokenisation over ICU word boundaries with three repairs ICU does not make:
// a currency symbol joins the number after it ("$190bn"), a dotted abbreviation
// keeps its final dot ("U.S."), and percent signs are dropped ("29%" gives the
// number token "29").
#include <unicode/uchar.h>

#include <memory>

#include "storyline/text.h"
#include "text/break_iterators.h"
#include "text/unicode_util.h"

namespace storyline::text {
namespace internal {
namespace {

std::unique_ptr<icu::BreakIterator> MakePrototype(bool sentence) {
  UErrorCode ec = U_ZERO_ERROR;
  // Plain "en": no CLDR abbreviation suppressions; our own rules decide those.
  std::unique_ptr<icu::BreakIterator> bi(
      sentence ? icu::BreakIterator::createSentenceInstance(icu::Locale("en"), ec)
               : icu::BreakIterator::createWordInstance(icu::Locale("en"), ec));
  if (U_FAILURE(ec)) bi.reset();
  return bi;
}

icu::BreakIterator* ThreadClone(bool sentence) {
  static const std::unique_ptr<icu::BreakIterator> sentence_proto = MakePrototype(true);
  static const std::unique_ptr<icu::BreakIterator> word_proto = MakePrototype(false);
  const auto& proto = sentence ? sentence_proto : word_proto;
  if (!proto) return nullptr;
  return proto->clone();
}

}  // namespace

icu::BreakIterator* ThreadSentenceIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> bi(ThreadClone(true));
  return bi.get();
}

icu::BreakIterator* ThreadWordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> bi(ThreadClone(false));
  return bi.get();
}

}  // namespace internal

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  icu::BreakIterator* bi = internal::ThreadWordIterator();
  if (bi == nullptr || text.empty()) return tokens;
  internal::UTextHolder holder(bi, text);
  if (!holder.ok()) return tokens;
  size_t prev_end = 0;  // tokens never overlap after the merges below
  for (int32_t start = bi->first(), end = bi->next(); end != icu::BreakIterator::DONE;
       start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    size_t b = static_cast<size_t>(start), e = static_cast<size_t>(end);
    if (b < prev_end) continue;
    Token t;
    t.kind = IsAsciiDigit(text[b]) ? Token::Kind::kNumber : Token::Kind::kWord;
    if (t.kind == Token::Kind::kNumber && b > prev_end) {
      size_t p = internal::PrevStart(text, b), len;
      if (u_charType(internal::DecodeAt(text, p, &len)) == U_CURRENCY_SYMBOL) b = p;
    }
    if (e < text.size() && text[e] == '.' && internal::IsDottedAbbreviation(text.substr(b, e - b))) ++e;
    t.span = {b, e};
    t.lower = FoldCase(text.substr(b, e - b));
    prev_end = e;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace storyline::text
