// Charset handling for ingest: finds the charset of a document (BOM, HTTP
// Content-Type, <meta>, then ICU detection when the declaration is missing or
// wrong) and converts it to UTF-8. Internal to the ingest stage.
#ifndef STORYLINE_INGEST_CHARSET_H_
#define STORYLINE_INGEST_CHARSET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::ingest {

struct Decoded {
  std::string text;                   // valid UTF-8, BOM removed
  std::string charset;                // the charset the bytes were read as (ICU name)
  std::vector<std::string> warnings;  // what was wrong or guessed
};

// Decodes `bytes`. `http_charset` is the charset parameter of an HTTP
// Content-Type (may be empty); `html` enables the <meta> prescan of the first
// 4096 bytes and makes detection skip markup.
Decoded DecodeToUtf8(std::string_view bytes, std::string_view http_charset, bool html);
// The same, taking over `bytes`: text that is UTF-8 already is moved, not
// copied (`bytes` is left unspecified).
Decoded DecodeToUtf8(std::string&& bytes, std::string_view http_charset, bool html);
// (A string literal would fit both of the above.)
inline Decoded DecodeToUtf8(const char* bytes, std::string_view http_charset, bool html) {
  return DecodeToUtf8(std::string_view(bytes), http_charset, html);
}

// The charset parameter of a Content-Type value ("text/html; charset=UTF-8"
// -> "UTF-8"); empty when absent.
std::string CharsetParameter(std::string_view content_type);

// The ICU converter name for a charset label, with the WHATWG encoding
// standard's remappings (iso-8859-1, us-ascii -> windows-1252; gb2312 -> GBK
// superset gb18030; ...). nullopt for labels nobody knows.
std::optional<std::string> CanonicalCharset(std::string_view label);

// The charset a <meta charset> / <meta http-equiv content-type> (or an XML
// declaration) in the first 4096 bytes declares; empty when none.
std::string PrescanMetaCharset(std::string_view bytes);

}  // namespace storyline::ingest

#endif  // STORYLINE_INGEST_CHARSET_H_
