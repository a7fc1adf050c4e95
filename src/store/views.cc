#include "store/views.h"

#include <utility>
#include <vector>

#include "ingest/article_json.h"

namespace storyline::store {

std::string DumpJson(const ViewJson& j) { return j.dump(-1, ' ', false, ViewJson::error_handler_t::replace); }

ViewJson StoryJson(const StoryRow& r) {
  return ViewJson{{"id", r.id},
                  {"title", r.title},
                  {"article_count", r.article_count},
                  {"first_published", r.first_published},
                  {"last_published", r.last_published},
                  {"live", r.live},
                  {"version", r.last_seq},
                  {"outlets", r.outlets},
                  {"lead", r.lead}};
}

namespace {
ViewJson SnippetJson(const std::string& s) {
  ViewJson parts = ViewJson::array();
  std::string cur;
  bool match = false;
  auto flush = [&] {
    if (!cur.empty()) parts.push_back(ViewJson{{"text", cur}, {"match", match}});
    cur.clear();
  };
  for (char c : s) {
    if (c == '\x02' || c == '\x03') {
      flush();
      match = c == '\x02';
    } else {
      cur += c;
    }
  }
  flush();
  return parts;
}
}  // namespace

ViewJson SearchHitJson(const SearchHit& h) {
  return ViewJson{{"article_id", h.article_id}, {"story_id", h.story_id}, {"title", h.title},
                  {"outlet", h.outlet},         {"published", h.published}, {"url", h.url},
                  {"snippet", SnippetJson(h.snippet)}};
}

ViewJson StoredArticleJson(const StoredArticle& s) {
  ViewJson j = ingest::ArticleJson(s.article);
  j["story_id"] = s.story_id;
  j["seq"] = s.seq;
  j["content_hash"] = s.content_hash;
  return j;
}

Result<brief::Story> BuildStoryBrief(Store& store, const StoryRow& row, const BriefOptions& options,
                                     size_t* articles_in_story) {
  auto articles = store.StoryArticles(row.id);
  if (!articles.ok()) return articles.status();
  std::vector<Article> list = std::move(articles).value();
  if (articles_in_story) *articles_in_story = list.size();
  if (options.max_articles && list.size() > options.max_articles)
    list.erase(list.begin(), list.end() - static_cast<std::ptrdiff_t>(options.max_articles));
  brief::Story story = brief::BuildBrief(std::move(list), options.brief);
  story.id = row.id;  // one story, one id: the clusterer's
  return story;
}

Result<std::string> StoryBriefJson(Store& store, const StoryRow& row, const BriefOptions& options, bool* built) {
  *built = false;
  auto cached = store.CachedBrief(row.id, row.last_seq);
  if (!cached.ok()) return cached.status();
  if (cached->has_value()) return std::move(**cached);
  size_t total = 0;
  auto story = BuildStoryBrief(store, row, options, &total);
  if (!story.ok()) return story.status();
  ViewJson rendered = ViewJson::parse(brief::RenderJson({*story}), nullptr, false);
  if (rendered.is_discarded() || !rendered.contains("stories") || rendered["stories"].empty())
    return Status::BadInput("the brief of story " + row.id + " could not be rendered");
  ViewJson b = std::move(rendered["stories"][0]);
  b["articles_in_brief"] = b["articles"].size();
  b["articles_in_story"] = total;
  *built = true;
  return DumpJson(b);
}

}  // namespace storyline::store
