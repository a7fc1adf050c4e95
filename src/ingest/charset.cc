// Charset detection and conversion to UTF-8 (ICU ucnv and ucsdet).

#include "charset.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "internal.h"
#include "storyline/text.h"

namespace storyline::ingest {
namespace {



bool IsUtf8(std::string_view name) { return name == "utf-8"; }

// Stateful 7-bit encodings: pure ASCII bytes may still need converting.
bool IsSevenBitEncoding(std::string_view name) {
  return name.starts_with("iso-2022") || name == "utf-7" || name == "hz-gb-2312";
}

struct ConvertResult {
  std::string utf8;
  size_t errors = 0;
  size_t first_error = 0;
  bool opened = false;
};

struct ErrorCounter {
  const char* base;
  size_t errors = 0;
  size_t first = 0;
};

void CountingToUCallback(const void* context, UConverterToUnicodeArgs* args, const char* code_units,
                         int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    auto* counter = static_cast<ErrorCounter*>(const_cast<void*>(context));
    if (counter->errors++ == 0) {
      ptrdiff_t at = args->source - counter->base - length;
      counter->first = at < 0 ? 0 : static_cast<size_t>(at);
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
  }
}

// Converts `bytes` from charset `name` to UTF-8, replacing undecodable bytes
// with U+FFFD and counting them.
ConvertResult Convert(std::string_view bytes, const std::string& name) {
  ConvertResult r;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(name.c_str(), &err), ucnv_close);
  if (U_FAILURE(err) || !cnv) return r;
  r.opened = true;
  ErrorCounter counter{bytes.data()};
  ucnv_setToUCallBack(cnv.get(), CountingToUCallback, &counter, nullptr, nullptr, &err);
  std::u16string u16;
  u16.resize(bytes.size() + 16);
  const char* source = bytes.data();
  const char* source_limit = bytes.data() + bytes.size();
  size_t written = 0;
  for (;;) {
    UChar* target = reinterpret_cast<UChar*>(u16.data()) + written;
    UChar* target_limit = reinterpret_cast<UChar*>(u16.data()) + u16.size();
    err = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, target_limit, &source, source_limit, nullptr, true, &err);
    written = target - reinterpret_cast<UChar*>(u16.data());
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      u16.resize(u16.size() * 2);
      continue;
    }
    break;
  }
  if (U_FAILURE(err)) {
    r.opened = false;
    return r;
  }
  u16.resize(written);
  int32_t needed = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &needed, reinterpret_cast<const UChar*>(u16.data()),
                     static_cast<int32_t>(u16.size()), 0xFFFD, nullptr, &err);
  r.utf8.resize(needed);
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(r.utf8.data(), needed, &needed, reinterpret_cast<const UChar*>(u16.data()),
                     static_cast<int32_t>(u16.size()), 0xFFFD, nullptr, &err);
  r.errors = counter.errors;
  r.first_error = counter.first;
  return r;
}

struct Bom {
  std::string_view bytes;
  const char* charset;
};

// Longest first: the UTF-32LE BOM begins with the UTF-16LE one.
constexpr Bom kBoms[] = {
    {std::string_view("\x00\x00\xFE\xFF", 4), "utf-32be"},
    {std::string_view("\xFF\xFE\x00\x00", 4), "utf-32le"},
    {std::string_view("\xEF\xBB\xBF", 3), "utf-8"},
    {std::string_view("\xFE\xFF", 2), "utf-16be"},
    {std::string_view("\xFF\xFE", 2), "utf-16le"},
};

// "invalid UTF-8 at byte offset 24, no charset declared", "<meta> declares utf-8, ..."
std::string DescribeReason(const std::string& http, const std::string& meta, std::optional<size_t> bad_utf8) {
  std::string reason;
  if (bad_utf8) reason = fmt::format("invalid UTF-8 at byte offset {}", *bad_utf8);
  auto add = [&](const std::string& part) { reason += (reason.empty() ? "" : ", ") + part; };
  if (!http.empty()) add(fmt::format("HTTP declares {}", http));
  if (!meta.empty() && meta != http) add(fmt::format("<meta> declares {}", meta));
  if (http.empty() && meta.empty()) add("no charset declared");
  return reason;
}

}  // namespace

std::optional<std::string> CanonicalCharset(std::string_view label_in) {
  std::string label = LowerAscii(TrimSpace(label_in));
  while (!label.empty() && (label.front() == '"' || label.front() == '\'')) label.erase(0, 1);
  while (!label.empty() && (label.back() == '"' || label.back() == '\'')) label.pop_back();
  if (label.empty()) return std::nullopt;
  struct Alias {
    std::initializer_list<const char*> labels;
    const char* name;
  };
  static const Alias kAliases[] = {
      {{"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"}, "utf-8"},
      {{"iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "iso_8859-1:1987", "latin1", "l1", "us-ascii",
        "ascii", "ansi_x3.4-1968", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819", "csisolatin1",
        "iso-ir-100"},
       "windows-1252"},
      {{"iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "windows-1254", "cp1254", "x-cp1254"},
       "windows-1254"},
      {{"iso-8859-11", "tis-620", "windows-874", "dos-874", "iso8859-11"}, "windows-874"},
      {{"gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312", "gb_2312-80", "iso-ir-58", "cp936",
        "windows-936", "gb18030"},
       "gb18030"},
      {{"shift_jis", "shift-jis", "sjis", "ms_kanji", "x-sjis", "windows-31j", "csshiftjis", "ms932", "cp932"},
       "windows-31j"},
      {{"euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cp949",
        "korean", "csksc56011987", "iso-ir-149"},
       "windows-949"},
      {{"big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"}, "big5-hkscs"},
      {{"utf-16", "utf-16le"}, "utf-16le"},
      {{"utf-16be"}, "utf-16be"},
  };
  for (const Alias& a : kAliases)
    for (const char* l : a.labels)
      if (label == l) return std::string(a.name);
  // Anything else ICU knows (koi8-r, windows-1251, iso-8859-2, euc-jp, ...).
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(label.c_str(), &err);
  if (U_FAILURE(err) || !cnv) return std::nullopt;
  ucnv_close(cnv);
  return label;
}

std::string CharsetParameter(std::string_view content_type) {
  std::string lower = LowerAscii(content_type);
  size_t at = lower.find("charset");
  while (at != std::string::npos) {
    size_t i = at + 7;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t' || lower[i] == '"' || lower[i] == '\''))
        ++i;
      size_t end = i;
      while (end < lower.size() && lower[end] != ';' && lower[end] != '"' && lower[end] != '\'' &&
             lower[end] != ' ' && lower[end] != ',' && lower[end] != '>' && lower[end] != '/')
        ++end;
      return std::string(content_type.substr(i, end - i));
    }
    at = lower.find("charset", at + 7);
  }
  return {};
}

std::string PrescanMetaCharset(std::string_view bytes) {
  std::string head = LowerAscii(bytes.substr(0, 4096));
  // An XML declaration (XHTML, feeds).
  if (head.starts_with("<?xml")) {
    size_t end = head.find("?>");
    size_t enc = head.find("encoding", 0);
    if (enc != std::string::npos && (end == std::string::npos || enc < end)) {
      size_t q = head.find_first_of("\"'", enc);
      if (q != std::string::npos) {
        size_t q2 = head.find(head[q], q + 1);
        if (q2 != std::string::npos) return std::string(bytes.substr(q + 1, q2 - q - 1));
      }
    }
  }
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view tag = std::string_view(head).substr(pos, end - pos);
    std::string value = CharsetParameter(tag);
    if (!value.empty()) return value;
    pos = end;
  }
  return {};
}

namespace {

// Whether any byte is >= 0x80, eight bytes at a time (pages are scanned whole).
bool HasNonAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ull) return true;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return true;
  return false;
}

// DecodeToUtf8 for both overloads: `owned`, when given, holds `bytes`, and
// text that is already UTF-8 is moved out of it instead of copied (a page is
// a few hundred KB, and most are UTF-8).
Decoded Decode(std::string_view bytes, std::string_view http_charset, bool html, std::string* owned) {
  Decoded out;
  auto take_as_is = [&](size_t skip) {
    if (owned) {
      owned->erase(0, skip);
      out.text = std::move(*owned);
    } else {
      out.text.assign(bytes.substr(skip));
    }
  };
  auto undecodable = [&](const ConvertResult& r, const std::string& name) {
    if (r.errors)
      out.warnings.push_back(fmt::format("{} undecodable byte sequence(s) in {} replaced by U+FFFD, the first at "
                                         "byte offset {}",
                                         r.errors, name, r.first_error));
  };

  // 1. A byte order mark settles it.
  for (const Bom& bom : kBoms) {
    if (bytes.starts_with(bom.bytes)) {
      std::string_view rest = bytes.substr(bom.bytes.size());
      out.charset = bom.charset;
      if (IsUtf8(bom.charset) && !text::FindInvalidUtf8(rest)) {
        take_as_is(bom.bytes.size());
        return out;
      }
      ConvertResult r = Convert(rest, bom.charset);
      undecodable(r, bom.charset);
      out.text = std::move(r.utf8);
      return out;
    }
  }

  // 2. Declarations: HTTP, then <meta>.
  std::string http, meta;
  if (!http_charset.empty()) {
    if (auto c = CanonicalCharset(http_charset)) http = *c;
    else out.warnings.push_back(fmt::format("unknown charset \"{}\" in the HTTP Content-Type ignored", http_charset));
  }
  if (html) {
    std::string label = PrescanMetaCharset(bytes);
    if (!label.empty()) {
      if (auto c = CanonicalCharset(label)) {
        meta = *c;
        // WHATWG: a UTF-16 <meta> in ASCII-compatible bytes means UTF-8.
        if (meta.starts_with("utf-16")) meta = "utf-8";
      } else {
        out.warnings.push_back(fmt::format("unknown charset \"{}\" in <meta> ignored", label));
      }
    }
  }
  if (http.starts_with("utf-16") || http.starts_with("utf-32")) {
    // Without a BOM: trust it only if the bytes have the NULs UTF-16 text has.
    ConvertResult r = Convert(bytes, http);
    if (r.opened && r.errors == 0 && bytes.find('\0') != std::string_view::npos) {
      out.charset = http;
      out.text = std::move(r.utf8);
      return out;
    }
    out.warnings.push_back(fmt::format("HTTP declares {} but the bytes are not: ignored", http));
    http.clear();
  }
  std::vector<std::string> declared;
  if (!http.empty()) declared.push_back(http);
  if (!meta.empty() && meta != http) declared.push_back(meta);

  std::optional<size_t> bad_utf8 = text::FindInvalidUtf8(bytes);

  // 3. Valid UTF-8 with non-ASCII text is UTF-8, whatever the declaration
  // says: legacy text is almost never valid UTF-8 by accident. (Whether
  // there is non-ASCII text matters only under a declaration other than
  // UTF-8, so only then are the bytes scanned for it.)
  if (!bad_utf8) {
    const bool non_ascii = !declared.empty() && !IsUtf8(declared.front()) && HasNonAscii(bytes);
    if (!non_ascii && !declared.empty() && IsSevenBitEncoding(declared.front())) {
      ConvertResult r = Convert(bytes, declared.front());
      if (r.opened && r.errors == 0) {
        out.charset = declared.front();
        out.text = std::move(r.utf8);
        return out;
      }
    }
    out.charset = "utf-8";
    if (non_ascii && !declared.empty() && !IsUtf8(declared.front()))
      out.warnings.push_back(fmt::format("{}, but the bytes are valid UTF-8: read as UTF-8",
                                         DescribeReason(http, meta, std::nullopt)));
    take_as_is(0);
    return out;
  }

  // 4. A declared legacy charset that decodes every byte is taken.
  std::optional<ConvertResult> best;
  std::string best_name;
  for (const std::string& d : declared) {
    if (IsUtf8(d)) continue;  // invalid UTF-8: the declaration is wrong
    ConvertResult r = Convert(bytes, d);
    if (!r.opened) continue;
    if (r.errors == 0) {
      out.charset = d;
      out.text = std::move(r.utf8);
      if (d != declared.front())
        out.warnings.push_back(fmt::format("{}: read as {}", DescribeReason(http, meta, std::nullopt), d));
      return out;
    }
    if (!best || r.errors < best->errors) {
      best = std::move(r);
      best_name = d;
    }
  }

  // 5. Detection (ICU), when nothing is declared or the declaration is wrong.
  std::string reason = DescribeReason(http, meta, bad_utf8);
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> det(ucsdet_open(&err), ucsdet_close);
  if (U_SUCCESS(err)) {
    std::string_view sample = bytes.substr(0, size_t{1} << 16);
    ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &err);
    ucsdet_enableInputFilter(det.get(), html);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &count, &err);
    for (int32_t i = 0; U_SUCCESS(err) && i < count && i < 6; ++i) {
      UErrorCode e = U_ZERO_ERROR;
      const char* name = ucsdet_getName(matches[i], &e);
      int32_t confidence = ucsdet_getConfidence(matches[i], &e);
      if (U_FAILURE(e) || !name) continue;
      std::string lname = LowerAscii(name);
      // UTF-8 is known bad; UTF-16/32 without a BOM and EBCDIC are not web text.
      if (lname.starts_with("utf") || lname.starts_with("ibm4")) continue;
      if (confidence < 10) break;
      auto canonical = CanonicalCharset(lname);
      if (!canonical) continue;
      // A wrong but declared legacy charset with few errors beats a weak guess.
      if (best && confidence < 50) continue;
      ConvertResult r = Convert(bytes, *canonical);
      if (!r.opened || r.errors != 0) continue;
      out.charset = *canonical;
      out.text = std::move(r.utf8);
      out.warnings.push_back(fmt::format("{}: decoded as {} (detected, confidence {})", reason, *canonical, confidence));
      return out;
    }
  }

  // 6. The least bad declared charset, else windows-1252 (decodes any byte).
  if (best) {
    out.charset = best_name;
    undecodable(*best, best_name);
    out.text = std::move(best->utf8);
    return out;
  }
  ConvertResult r = Convert(bytes, "windows-1252");
  out.charset = "windows-1252";
  out.warnings.push_back(fmt::format("{}: decoded as windows-1252 (fallback)", reason));
  undecodable(r, "windows-1252");
  out.text = std::move(r.utf8);
  return out;
}

}  // namespace

Decoded DecodeToUtf8(std::string_view bytes, std::string_view http_charset, bool html) {
  return Decode(bytes, http_charset, html, nullptr);
}

Decoded DecodeToUtf8(std::string&& bytes, std::string_view http_charset, bool html) {
  return Decode(bytes, http_charset, html, &bytes);
}

}  // namespace storyline::ingest
