// The JSON form of an Article, shared by every writer of article JSON
// (extract --json, the brief, the dedup report). Internal to the engine.
#ifndef STORYLINE_INGEST_ARTICLE_JSON_H_
#define STORYLINE_INGEST_ARTICLE_JSON_H_

#include <nlohmann/json.hpp>

#include "storyline/article.h"

namespace storyline::ingest {

// {"id","url","outlet","title","authors","published","language","text",
// "modified","canonical_url","is_article"}, in that order (docs/FORMATS.md).
inline nlohmann::ordered_json ArticleJson(const Article& a) {
  return {{"id", a.id},           {"url", a.url},         {"outlet", a.outlet},
          {"title", a.title},     {"authors", a.authors}, {"published", a.published},
          {"language", a.language}, {"text", a.text},
          {"modified", a.modified}, {"canonical_url", a.canonical_url}, {"is_article", a.is_article}};
}

// Serialises without throwing: invalid UTF-8 (which ingest refuses anyway)
// becomes U+FFFD.
inline std::string Dump(const nlohmann::ordered_json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace storyline::ingest

#endif  // STORYLINE_INGEST_ARTICLE_JSON_H_
