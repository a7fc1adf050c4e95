#include <libstemmer.h>

#include <cstring>

#include "storyline/text.h"

namespace storyline::text {
namespace {

// Snowball algorithm name for an ISO 639-1 code; other strings pass through so
// Snowball names ("english") work too.
std::string AlgorithmName(std::string_view language) {
  static constexpr std::pair<std::string_view, const char*> kNames[] = {
      {"ar", "arabic"},    {"da", "danish"},    {"de", "german"},   {"el", "greek"},
      {"en", "english"},   {"es", "spanish"},   {"fi", "finnish"},  {"fr", "french"},
      {"hu", "hungarian"}, {"id", "indonesian"}, {"it", "italian"}, {"lt", "lithuanian"},
      {"nb", "norwegian"}, {"ne", "nepali"},    {"nl", "dutch"},    {"nn", "norwegian"},
      {"no", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"}, {"ru", "russian"},
      {"sv", "swedish"},   {"ta", "tamil"},     {"tr", "turkish"},  {"ga", "irish"},
      {"hy", "armenian"},  {"ca", "catalan"},   {"eu", "basque"},   {"sr", "serbian"},
      {"yi", "yiddish"},
  };
  for (const auto& [code, name] : kNames)
    if (code == language) return name;
  return std::string(language);
}

}  // namespace

Stemmer::Stemmer(std::string_view language) {
  if (language.empty()) return;
  std::string name = AlgorithmName(language);
  // sb_stemmer_new returns null for unknown algorithms: the identity stemmer.
  stemmer_ = sb_stemmer_new(name.c_str(), "UTF_8");
}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string Stemmer::Stem(std::string_view lower_word) {
  if (stemmer_ == nullptr || lower_word.empty()) return std::string(lower_word);
  const sb_symbol* s = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(lower_word.data()), static_cast<int>(lower_word.size()));
  if (s == nullptr) return std::string(lower_word);  // out of memory
  return std::string(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer_));
}

}  // namespace storyline::text
