// Clustering results as JSON and as text. See storyline/cluster.h.

#include <fmt/format.h>

#include "ingest/article_json.h"
#include "storyline/cluster.h"

namespace storyline::cluster {

using Json = nlohmann::ordered_json;

std::string RenderJson(const Result& result) {
  Json articles = Json::array();
  for (const Assignment& a : result.assignments) {
    const Explanation& e = a.explanation;
    articles.push_back(Json{{"id", a.article_id},
                            {"story", a.story_id},
                            {"score", a.score},
                            {"new_story", a.new_story},
                            {"explanation", Json{{"shared_terms", e.shared_terms},
                                                 {"shared_names", e.shared_names},
                                                 {"hours_from_story", e.hours_from_story},
                                                 {"shared_passage", e.shared_passage},
                                                 {"probability", e.probability}}}});
  }
  Json stories = Json::array();
  for (const Story& s : result.stories)
    stories.push_back(Json{{"id", s.id},
                           {"title", s.title},
                           {"articles", s.article_ids},
                           {"first_published", s.first_published},
                           {"last_published", s.last_published},
                           {"live", s.live}});
  return ingest::Dump(Json{{"articles", std::move(articles)}, {"stories", std::move(stories)}}, 2) + "\n";
}

std::string RenderText(const Result& result) {
  std::string out;
  for (const Story& s : result.stories) {
    out += fmt::format("== {}  {}  ({} article{}", s.id, s.title, s.article_ids.size(),
                       s.article_ids.size() == 1 ? "" : "s");
    if (!s.first_published.empty()) out += fmt::format(", {} .. {}", s.first_published, s.last_published);
    out += ")\n";
    for (const auto& id : s.article_ids) out += "   " + id + "\n";
  }
  out += "\n";
  for (const Assignment& a : result.assignments) {
    const Explanation& e = a.explanation;
    if (a.new_story) {
      out += fmt::format("{} -> {} (new story)\n", a.article_id, a.story_id);
      continue;
    }
    out += fmt::format("{} -> {} p={:.2f}", a.article_id, a.story_id, e.probability);
    if (!e.shared_terms.empty()) out += fmt::format("; terms: {}", fmt::join(e.shared_terms, ", "));
    if (!e.shared_names.empty()) out += fmt::format("; names: {}", fmt::join(e.shared_names, ", "));
    if (e.shared_passage) out += "; shared passage";
    out += fmt::format("; {:.0f} h from story\n", e.hours_from_story);
  }
  return out;
}

}  // namespace storyline::cluster
