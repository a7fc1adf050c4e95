// What readers of a store see, in one shape for every front-end: the JSON of a
// story row, a search hit and a stored article (the server's API and the CLI's
// `stories`, `search`, `show` and `export` print the same objects), and the
// brief of a stored story. Internal to the engine's front-ends; the shapes are
// specified in docs/API.md.
//
// Thread safety: the functions keep no state; each call uses the Store it is
// given, which is not thread-safe (one per thread).
#ifndef STORYLINE_STORE_VIEWS_H_
#define STORYLINE_STORE_VIEWS_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "storyline/brief.h"
#include "storyline/store.h"

namespace storyline::store {

using ViewJson = nlohmann::ordered_json;

// Serialises without throwing: invalid UTF-8 (never stored, but a database is
// input too) becomes U+FFFD.
std::string DumpJson(const ViewJson& j);

ViewJson StoryJson(const StoryRow& row);
// The snippet's \x02...\x03 markers become [{"text","match"}] segments, so
// clients never parse markup out of article text.
ViewJson SearchHitJson(const SearchHit& hit);
// The article fields of `storyline extract --json` plus story_id, seq and
// content_hash; `storyline ingest` reads it back as an article.
ViewJson StoredArticleJson(const StoredArticle& stored);

struct BriefOptions {
  // A story's brief is built from its latest this-many articles: a story of
  // thousands of articles would otherwise take seconds to brief.
  size_t max_articles = 100;
  brief::Options brief;
};

// The brief of a stored story from its latest `options.max_articles` articles,
// named with the story's id; `articles_in_story` (when not null) gets how
// many articles the story has in all.
Result<brief::Story> BuildStoryBrief(Store& store, const StoryRow& row, const BriefOptions& options,
                                     size_t* articles_in_story = nullptr);

// The brief as the API serves it: the `brief --json` story object plus
// "articles_in_brief" and "articles_in_story". Taken from the store's cache
// when it holds this story version; else built, and `*built` set so the
// caller can cache it (Store::PutBrief) under its own write discipline.
Result<std::string> StoryBriefJson(Store& store, const StoryRow& row, const BriefOptions& options, bool* built);

}  // namespace storyline::store

#endif  // STORYLINE_STORE_VIEWS_H_
