#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <unicode/uchar.h>

#include "storyline/text.h"
#include "text/unicode_util.h"

namespace storyline::text {
namespace {

// Fewer letters than this give CLD2 too little to go on.
constexpr size_t kMinLetters = 20;

bool EnoughLetters(std::string_view s) {
  size_t letters = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    char32_t c = internal::DecodeAt(s, i, &len);
    if (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c)) {
      if (++letters >= kMinLetters) return true;
    }
    i += len;
  }
  return false;
}

// CLD2's answer settles long before this many bytes; the rest of a long
// article only costs time.
constexpr size_t kMaxBytes = 4 * 1024;

}  // namespace

std::string DetectLanguage(std::string_view utf8) {
  if (utf8.size() > kMaxBytes) {
    size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;  // a code point's start
    utf8 = utf8.substr(0, cut);
  }
  if (!EnoughLetters(utf8)) return "";
  std::string repaired;
  if (FindInvalidUtf8(utf8)) {  // CLD2 expects valid UTF-8
    repaired = RepairUtf8(utf8);
    utf8 = repaired;
  }
  CLD2::Language language3[3];
  int percent3[3];
  int text_bytes = 0;
  bool is_reliable = false;
  CLD2::Language lang = CLD2::DetectLanguageSummary(utf8.data(), static_cast<int>(utf8.size()),
                                                    /*is_plain_text=*/true, language3, percent3,
                                                    &text_bytes, &is_reliable);
  if (!is_reliable || lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  if (code == "un" || code == "xx" || code.empty()) return "";
  // CLD2 uses legacy or regional codes for a few languages.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "zh-Hant") return "zh";
  if (size_t dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  return code;
}

}  // namespace storyline::text
