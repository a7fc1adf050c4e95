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

// A timeline value as a reader writes it: TimeML's parts of the day spelled
// out ("2025-07-20TNI" -> "2025-07-20 night"), a clock time after a space
// ("2025-07-21T08:05:00+01:00" -> "2025-07-21 08:05 +01:00"), a range with
// "to". JSON keeps the values as they are.
std::string DisplayDate(std::string_view v) {
  if (size_t slash = v.find('/'); slash != std::string_view::npos)
    return DisplayDate(v.substr(0, slash)) + " to " + DisplayDate(v.substr(slash + 1));
  size_t t = v.find('T');
  if (t == std::string_view::npos || t + 1 >= v.size()) return std::string(v);
  std::string day(v.substr(0, t));
  std::string_view rest = v.substr(t + 1);
  static constexpr std::pair<std::string_view, std::string_view> kParts[] = {
      {"MO", "morning"}, {"MI", "midday"}, {"AF", "afternoon"}, {"EV", "evening"}, {"NI", "night"}, {"DT", "daytime"}};
  for (const auto& [code, word] : kParts)
    if (rest == code) return day + " " + std::string(word);
  if (rest.size() >= 5 && rest[2] == ':') {
    std::string out = day + " " + std::string(rest.substr(0, 5));
    size_t zone = rest.find_first_of("+-Z", 5);
    if (zone != std::string_view::npos) out += " " + std::string(rest.substr(zone) == "Z" ? "UTC" : rest.substr(zone));
    return out;
  }
  return std::string(v);
}

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
    auto code_points = dedup::CodePointIndexes(s.articles);
    Json reuse = Json::array();
    for (const dedup::ReuseCluster& c : s.reuse) reuse.push_back(dedup::ClusterJson(c, s.articles, code_points));
    // Where each source states a statement, in code points of its text (as
    // the reuse spans): {"<article id>": [start, end]}.
    std::unordered_map<std::string, size_t> index_of;
    for (size_t i = 0; i < s.articles.size(); ++i) index_of.emplace(s.articles[i].id, i);
    auto spans_json = [&](const std::vector<std::string>& sources, const std::vector<text::Span>& spans) {
      Json out = Json::object();
      for (size_t k = 0; k < sources.size() && k < spans.size(); ++k) {
        auto it = index_of.find(sources[k]);
        if (it == index_of.end()) continue;
        const text::CodePointIndex& cp = code_points[it->second];
        out[sources[k]] = Json::array({cp.ToCodePoints(spans[k].begin), cp.ToCodePoints(spans[k].end)});
      }
      return out;
    };
    Json summary = Json::array();
    for (const SummarySentence& sentence : s.summary)
      summary.push_back(Json{{"text", sentence.text},
                             {"sources", sentence.sources},
                             {"spans", spans_json(sentence.sources, sentence.spans)}});
    Json claims = Json::array();
    for (const StoryClaim& c : s.claims)
      claims.push_back(
          Json{{"text", c.text}, {"sources", c.sources}, {"spans", spans_json(c.sources, c.spans)}, {"status", c.status}});
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
        md += fmt::format("- **{}** {}{}\n", DisplayDate(t.date), MarkdownEscape(t.text), carriers);
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


namespace {

// Text for HTML element content and attribute values: every character that
// could open markup or end an attribute is escaped.
std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Only http(s) links are made links: a `javascript:` or `data:` URL stays text.
bool SafeUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.starts_with("https://") || lower.starts_with("http://");
}

std::string HtmlSource(const Article* a, const std::string& id) {
  if (!a) return "<span class=\"src\">" + HtmlEscape(id) + "</span>";
  std::string label = HtmlEscape(Label(*a));
  if (!a->url.empty() && SafeUrl(a->url))
    return "<a class=\"src\" href=\"" + HtmlEscape(a->url) + "\" title=\"" + HtmlEscape(a->title) + "\">" + label + "</a>";
  return "<span class=\"src\" title=\"" + HtmlEscape(a->title) + "\">" + label + "</span>";
}

constexpr const char* kHtmlStyle =
    "body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}"
    "h1{font-size:1.6em;line-height:1.25}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}"
    ".meta{color:#666;font-size:.9em}.src{font:.8em sans-serif;background:#eef;border-radius:3px;"
    "padding:0 .3em;margin-left:.3em;color:#225;text-decoration:none;white-space:nowrap}"
    ".status{font:.75em sans-serif;text-transform:uppercase;color:#666;margin-right:.4em}"
    ".contested .status{color:#a30}.consensus .status{color:#070}li{margin:.4em 0}"
    ".date{font-weight:bold}.side{display:block;margin-left:1em}blockquote{margin:.3em 0 .3em 1em;color:#444}";

}  // namespace

std::string RenderHtml(const std::vector<Story>& stories) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  std::string title = stories.size() == 1 && !stories[0].headline.empty() ? stories[0].headline : "Storyline briefs";
  h += "<title>" + HtmlEscape(title) + "</title>\n<style>" + kHtmlStyle + "</style>\n</head>\n<body>\n";
  for (const Story& s : stories) {
    std::unordered_map<std::string, const Article*> by_id;
    for (const Article& a : s.articles) by_id[a.id] = &a;
    auto sources = [&](const std::vector<std::string>& ids) {
      std::string out;
      for (const std::string& id : ids) out += HtmlSource(by_id.count(id) ? by_id[id] : nullptr, id);
      return out;
    };
    h += "<article id=\"" + HtmlEscape(s.id) + "\">\n";
    h += "<h1>" + HtmlEscape(s.headline.empty() ? "(untitled story)" : s.headline) + "</h1>\n";
    h += fmt::format("<p class=\"meta\">{} sources &middot; story {}</p>\n", s.articles.size(), HtmlEscape(s.id));
    if (!s.summary.empty()) {
      h += "<ul class=\"summary\">\n";
      for (const SummarySentence& sentence : s.summary)
        h += "<li>" + HtmlEscape(sentence.text) + sources(sentence.sources) + "</li>\n";
      h += "</ul>\n";
    }
    if (!s.conflicts.empty()) {
      h += "<h2>Where the sources disagree</h2>\n<ul class=\"conflicts\">\n";
      for (const Conflict& c : s.conflicts) {
        h += "<li>" + HtmlEscape(c.about);
        for (const ConflictSide& side : c.sides)
          h += "<span class=\"side\">&ldquo;" + HtmlEscape(side.text) + "&rdquo;" + sources(side.sources) + "</span>";
        h += "</li>\n";
      }
      h += "</ul>\n";
    }
    if (!s.claims.empty()) {
      h += "<h2>What each source says</h2>\n<ul class=\"claims\">\n";
      for (const StoryClaim& c : s.claims)
        h += "<li class=\"" + HtmlEscape(c.status) + "\"><span class=\"status\">" + HtmlEscape(c.status) + "</span>" +
             HtmlEscape(c.text) + sources(c.sources) + "</li>\n";
      h += "</ul>\n";
    }
    if (!s.timeline.empty()) {
      h += "<h2>Timeline</h2>\n<ul class=\"timeline\">\n";
      for (const TimelineEntry& t : s.timeline)
        h += "<li><span class=\"date\">" + HtmlEscape(DisplayDate(t.date)) + "</span> " + HtmlEscape(t.text) +
             sources(t.sources) + "</li>\n";
      h += "</ul>\n";
    }
    if (!s.quotes.empty()) {
      h += "<h2>Quotes</h2>\n<ul class=\"quotes\">\n";
      for (const StoryQuote& q : s.quotes) {
        if (q.sources.size() < 2) continue;
        h += "<li><blockquote>&ldquo;" + HtmlEscape(q.text) + "&rdquo;</blockquote>" +
             (q.speaker.empty() ? "" : "&mdash; " + HtmlEscape(q.speaker)) + sources(q.sources) + "</li>\n";
      }
      h += "</ul>\n";
    }
    if (!s.reuse.empty()) {
      h += "<h2>Shared passages</h2>\n<ul class=\"reuse\">\n";
      for (const dedup::ReuseCluster& c : s.reuse) {
        std::vector<std::string> ids;
        for (size_t k : c.articles) ids.push_back(s.articles[k].id);
        h += "<li>&ldquo;" + HtmlEscape(c.text) + "&rdquo; &mdash; carried by" + sources(ids);
        if (c.first) h += "; first: " + HtmlEscape(Label(s.articles[*c.first]));
        if (!c.credits.empty()) h += "; credited to " + HtmlEscape(fmt::format("{}", fmt::join(c.credits, ", ")));
        h += "</li>\n";
      }
      h += "</ul>\n";
    }
    h += "<h2>Sources</h2>\n<ul class=\"sources\">\n";
    for (const Article& a : s.articles) {
      h += "<li>" + HtmlSource(&a, a.id);
      if (!a.title.empty()) h += " " + HtmlEscape(a.title);
      if (!a.published.empty()) h += " <span class=\"meta\">" + HtmlEscape(a.published) + "</span>";
      h += "</li>\n";
    }
    h += "</ul>\n</article>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace storyline::brief
