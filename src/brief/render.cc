// Renders stories as the JSON of docs/FORMATS.md and as Markdown.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "dedup/report_json.h"
#include "ingest/article_json.h"
#include "storyline/brief.h"

namespace storyline::brief {
namespace {

using Json = nlohmann::ordered_json;

using ingest::ArticleJson;

// Markdown inline text: characters that would start markup are escaped.
std::string MarkdownEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '[' || c == ']' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

Json ValuesJson(const std::vector<StoryValue>& values) {
  Json out = Json::array();
  for (const StoryValue& v : values) out.push_back(Json{{"text", v.text}, {"value", v.value}, {"sources", v.sources}});
  return out;
}

std::string Label(const Article& a) { return a.outlet.empty() ? a.id : a.outlet; }

}  // namespace

std::string RenderJson(const std::vector<Story>& stories) {
  Json out = Json::object();
  Json list = Json::array();
  for (const Story& s : stories) {
    Json articles = Json::array();
    for (const Article& a : s.articles) articles.push_back(ArticleJson(a));
    Json quotes = Json::array();
    for (const StoryQuote& q : s.quotes)
      quotes.push_back(Json{{"text", q.text}, {"speaker", q.speaker}, {"sources", q.sources}});
    Json entities = Json::array();
    for (const StoryEntity& e : s.entities)
      entities.push_back(Json{{"name", e.name},
                              {"type", facts::EntityTypeName(e.type)},
                              {"aliases", e.aliases},
                              {"mentions", e.mentions},
                              {"sources", e.sources}});
    Json timeline = Json::array();
    for (const TimelineEntry& t : s.timeline)
      timeline.push_back(Json{{"date", t.date}, {"text", t.text}, {"sources", t.sources}});
    Json conflicts = Json::array();
    for (const Conflict& c : s.conflicts) {
      Json sides = Json::array();
      for (const ConflictSide& side : c.sides)
        sides.push_back(Json{{"text", side.text}, {"value", side.value}, {"sources", side.sources}});
      conflicts.push_back(Json{{"about", c.about}, {"claims", std::move(sides)}});
    }
    Json reuse = Json::array();
    auto code_points = dedup::CodePointIndexes(s.articles);
    for (const dedup::ReuseCluster& c : s.reuse) reuse.push_back(dedup::ClusterJson(c, s.articles, code_points));
    Json summary = Json::array();
    for (const SummarySentence& sentence : s.summary)
      summary.push_back(Json{{"text", sentence.text}, {"sources", sentence.sources}});
    Json claims = Json::array();
    for (const StoryClaim& c : s.claims)
      claims.push_back(Json{{"text", c.text}, {"sources", c.sources}, {"status", c.status}});
    list.push_back(Json{{"id", s.id},
                        {"headline", s.headline},
                        {"articles", std::move(articles)},
                        {"summary", std::move(summary)},
                        {"claims", std::move(claims)},
                        {"quotes", std::move(quotes)},
                        {"entities", std::move(entities)},
                        {"numbers", ValuesJson(s.numbers)},
                        {"dates", ValuesJson(s.dates)},
                        {"conflicts", std::move(conflicts)},
                        {"reuse", std::move(reuse)},
                        {"timeline", std::move(timeline)}});
  }
  out["stories"] = std::move(list);
  // Invalid UTF-8 cannot reach here (ingest refuses it); replace defensively
  // rather than throw.
  return ingest::Dump(out, 2) + "\n";
}

std::string RenderMarkdown(const std::vector<Story>& stories) {
  std::string md;
  for (const Story& s : stories) {
    std::unordered_map<std::string, const Article*> by_id;
    for (const Article& a : s.articles) by_id[a.id] = &a;
    md += fmt::format("# {}\n\n", MarkdownEscape(s.headline.empty() ? "(untitled story)" : s.headline));
    md += fmt::format("*{} sources · story {}*\n\n", s.articles.size(), s.id);
    for (const SummarySentence& sentence : s.summary) {
      md += "- " + MarkdownEscape(sentence.text);
      for (const std::string& id : sentence.sources) {
        const Article* a = by_id.count(id) ? by_id[id] : nullptr;
        if (!a) continue;
        if (a->url.empty())
          md += fmt::format(" [{}]", MarkdownEscape(Label(*a)));
        else
          md += fmt::format(" [{}]({})", MarkdownEscape(Label(*a)), a->url);
      }
      md += "\n";
    }
    if (!s.conflicts.empty()) {
      md += "\n## Where the sources disagree\n\n";
      for (const Conflict& c : s.conflicts) {
        md += fmt::format("- {}:", MarkdownEscape(c.about));
        for (size_t k = 0; k < c.sides.size(); ++k) {
          std::string carriers;
          for (const std::string& id : c.sides[k].sources) {
            const Article* a = by_id.count(id) ? by_id[id] : nullptr;
            carriers += " [" + MarkdownEscape(a ? Label(*a) : id) + "]";
          }
          md += fmt::format("{} \u201c{}\u201d{}", k ? "; versus" : "", MarkdownEscape(c.sides[k].text), carriers);
        }
        md += "\n";
      }
    }
    if (!s.timeline.empty()) {
      md += "\n## Timeline\n\n";
      for (const TimelineEntry& t : s.timeline) {
        std::string carriers;
        for (const std::string& id : t.sources) {
          const Article* a = by_id.count(id) ? by_id[id] : nullptr;
          carriers += " [" + MarkdownEscape(a ? Label(*a) : id) + "]";
        }
        md += fmt::format("- **{}** {}{}\n", t.date, MarkdownEscape(t.text), carriers);
      }
    }
    if (!s.reuse.empty()) {
      md += "\n## Shared passages\n\n";
      for (const dedup::ReuseCluster& c : s.reuse) {
        std::string carriers;
        for (size_t k : c.articles) carriers += " [" + MarkdownEscape(Label(s.articles[k])) + "]";
        md += fmt::format("- \u201c{}\u201d \u2014 carried by{}", MarkdownEscape(c.text), carriers);
        if (c.first) md += fmt::format("; first: {}", MarkdownEscape(Label(s.articles[*c.first])));
        else if (!c.first_note.empty()) md += fmt::format("; first unknown ({})", MarkdownEscape(c.first_note));
        if (!c.credits.empty()) md += fmt::format("; credited to {}", MarkdownEscape(fmt::format("{}", fmt::join(c.credits, ", "))));
        md += "\n";
      }
    }
    md += "\n## Sources\n\n";
    for (const Article& a : s.articles) {
      md += fmt::format("- **{}**", MarkdownEscape(Label(a)));
      if (!a.title.empty()) md += fmt::format(": {}", MarkdownEscape(a.title));
      if (!a.published.empty()) md += fmt::format(" ({})", a.published);
      if (!a.url.empty()) md += fmt::format(" <{}>", a.url);
      if (!a.outlet.empty()) md += fmt::format(" `{}`", a.id);
      md += "\n";
    }
    md += "\n";
  }
  return md;
}

}  // namespace storyline::brief
