// Per-thread ICU break iterators over UTF-8 text (not part of the public API).
// Creating a break iterator loads and compiles rules, which costs far more than
// splitting a sentence, so each thread clones one prototype once and reuses it.
#ifndef STORYLINE_TEXT_BREAK_ITERATORS_H_
#define STORYLINE_TEXT_BREAK_ITERATORS_H_

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <string_view>

namespace storyline::text::internal {

// This thread's sentence / word iterator, or nullptr when ICU has no data.
icu::BreakIterator* ThreadSentenceIterator();
icu::BreakIterator* ThreadWordIterator();

// Points `bi` at `text` without copying it; offsets it reports are byte
// offsets into `text`. Keep the UTextHolder alive while iterating.
class UTextHolder {
 public:
  UTextHolder(icu::BreakIterator* bi, std::string_view text) {
    UErrorCode ec = U_ZERO_ERROR;
    utext_openUTF8(&ut_, text.data(), static_cast<int64_t>(text.size()), &ec);
    bi->setText(&ut_, ec);
    ok_ = U_SUCCESS(ec);
  }
  ~UTextHolder() { utext_close(&ut_); }
  UTextHolder(const UTextHolder&) = delete;
  UTextHolder& operator=(const UTextHolder&) = delete;
  bool ok() const { return ok_; }

 private:
  UText ut_ = UTEXT_INITIALIZER;
  bool ok_ = false;
};

}  // namespace storyline::text::internal

#endif  // STORYLINE_TEXT_BREAK_ITERATORS_H_
