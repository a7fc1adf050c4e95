// Normalisation in two passes, each recording an OffsetMap: typographic folding
// (quotes, dashes, spaces, invisibles, newlines), then NFC through ICU with
// icu::Edits. Folding goes first so that removing an invisible character lets
// the characters around it compose.
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include "storyline/text.h"
#include "text/unicode_util.h"

namespace storyline::text {
namespace {

using internal::DecodeAt;
using internal::IsHSpace;
using internal::IsInvisible;

// The ASCII replacement for a quote/dash/ellipsis/newline code point under
// `o`, or nullptr to keep it.
const char* FoldTarget(char32_t c, const NormalizeOptions& o) {
  if (o.fold_quotes) {
    switch (c) {
      case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2039: case 0x203A:
        return "'";
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB: case 0x2033:
        return "\"";
    }
  }
  if (o.fold_dashes) {
    switch (c) {
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return "-";
    }
  }
  if (o.fold_ellipsis && c == 0x2026) return "...";
  if (o.unify_newlines && (c == 0x2028 || c == 0x2029 || c == 0x85)) return "\n";
  return nullptr;
}

Normalized Fold(std::string_view in, const NormalizeOptions& o) {
  Normalized r;
  std::string& out = r.text;
  out.reserve(in.size());
  const size_t n = in.size();
  size_t copy_from = 0;  // start of the pending unchanged run
  auto flush = [&](size_t upto) {
    if (upto > copy_from) {
      r.map.AddCopy(out.size(), copy_from, upto - copy_from);
      out.append(in.data() + copy_from, upto - copy_from);
    }
  };
  auto replace = [&](size_t i, size_t len, std::string_view with) {
    flush(i);
    r.map.AddReplace(out.size(), with.size(), i, len);
    out.append(with);
    copy_from = i + len;
  };
  size_t i = 0;
  while (i < n) {
    unsigned char b = static_cast<unsigned char>(in[i]);
    // A lone ASCII space (the next byte ASCII, not a space or tab) stays as
    // it is under every option: the common case, without decoding.
    if (b == ' ' && (i + 1 == n || (static_cast<unsigned char>(in[i + 1]) < 0x80 && in[i + 1] != ' ' &&
                                    in[i + 1] != '\t'))) {
      ++i;
      continue;
    }
    if (b >= 0x80 || b == ' ' || b == '\t' || b == '\r') {
      size_t len;
      char32_t c = DecodeAt(in, i, &len);
      if (o.fold_spaces && IsHSpace(c)) {
        // A run of spaces (and invisibles inside it) becomes one ASCII space.
        size_t j = i + len;
        while (j < n) {
          size_t l2;
          char32_t c2 = DecodeAt(in, j, &l2);
          if (!IsHSpace(c2) && !(o.drop_invisible && IsInvisible(c2))) break;
          j += l2;
        }
        if (!(c == ' ' && j == i + 1)) replace(i, j - i, " ");
        i = j;
        continue;
      }
      if (c == '\r') {
        if (o.unify_newlines) {
          size_t l = (i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
          replace(i, l, "\n");
          i += l;
        } else {
          ++i;
        }
        continue;
      }
      if (o.drop_invisible && IsInvisible(c)) {
        replace(i, len, "");
      } else if (const char* t = FoldTarget(c, o)) {
        replace(i, len, t);
      }
      i += len;
      continue;
    }
    ++i;
  }
  flush(n);
  return r;
}

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode ec = U_ZERO_ERROR;
    return icu::Normalizer2::getNFCInstance(ec);
  }();
  return nfc;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

Normalized Normalize(std::string_view utf8, const NormalizeOptions& options) {
  Normalized folded = Fold(utf8, options);
  if (!options.nfc || IsAscii(folded.text)) return folded;
  const icu::Normalizer2* nfc = Nfc();
  UErrorCode ec = U_ZERO_ERROR;
  icu::StringPiece sp(folded.text.data(), static_cast<int32_t>(folded.text.size()));
  if (nfc == nullptr || nfc->isNormalizedUTF8(sp, ec) || U_FAILURE(ec)) return folded;

  Normalized r;
  icu::Edits edits;
  icu::StringByteSink<std::string> sink(&r.text, static_cast<int32_t>(folded.text.size()));
  ec = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, sp, sink, &edits, ec);
  if (U_FAILURE(ec)) return folded;
  OffsetMap nfc_map;
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(ec)) {
    if (it.hasChange()) {
      nfc_map.AddReplace(it.destinationIndex(), it.newLength(), it.sourceIndex(), it.oldLength());
    } else {
      nfc_map.AddCopy(it.destinationIndex(), it.sourceIndex(), it.oldLength());
    }
  }
  r.map = nfc_map.Then(folded.map);
  return r;
}

std::string FoldCase(std::string_view utf8) {
  std::string out;
  if (IsAscii(utf8)) {
    out.resize(utf8.size());
    for (size_t i = 0; i < utf8.size(); ++i) {
      char c = utf8[i];
      out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return out;
  }
  UErrorCode ec = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
  icu::CaseMap::utf8Fold(U_FOLD_CASE_DEFAULT,
                         icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), sink,
                         nullptr, ec);
  if (U_FAILURE(ec)) out.assign(utf8);
  NormalizeOptions o;
  o.fold_spaces = o.drop_invisible = o.fold_ellipsis = o.unify_newlines = false;
  return Normalize(out, o).text;
}

}  // namespace storyline::text
