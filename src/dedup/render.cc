// The dedup report as JSON and as text for people.

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "dedup/report_json.h"
#include "ingest/article_json.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

using Json = nlohmann::ordered_json;

const char* KindName(Pair::Kind kind) {
  switch (kind) {
    case Pair::Kind::kExact: return "exact";
    case Pair::Kind::kNear: return "near";
    case Pair::Kind::kReuse: return "reuse";
  }
  return "reuse";
}

Json SpanJson(text::Span span, const text::CodePointIndex& cp) {
  return Json::array({cp.ToCodePoints(span.begin), cp.ToCodePoints(span.end)});
}

// The span in the input the article was cleaned from, as byte offsets, when
// the article knows its way back (docs/FORMATS.md).
std::optional<Json> InputSpan(const Article& article, text::Span span) {
  if (!article.text_to_input) return std::nullopt;
  text::Span in = article.text_to_input->ToSource(span);
  return Json::array({in.begin, in.end});
}

// Splits `s` into lines of at most `width` code points at spaces.
std::vector<std::string> Wrap(std::string_view s, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t line_cp = 0;
  size_t i = 0;
  auto cp_len = [](std::string_view w) {
    return static_cast<size_t>(std::count_if(w.begin(), w.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n') ++j;
    if (j == i) break;
    std::string_view word = s.substr(i, j - i);
    size_t n = cp_len(word);
    if (line_cp && line_cp + 1 + n > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_cp = 0;
    }
    if (line_cp) {
      line += ' ';
      ++line_cp;
    }
    line += word;
    line_cp += n;
    i = j;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string Pad(const std::string& s, size_t width) {
  size_t n = static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  return n >= width ? s : s + std::string(width - n, ' ');
}

}  // namespace

std::vector<text::CodePointIndex> CodePointIndexes(const std::vector<Article>& articles) {
  std::vector<text::CodePointIndex> out;
  out.reserve(articles.size());
  for (const Article& a : articles) out.emplace_back(a.text);
  return out;
}

Json ClusterJson(const ReuseCluster& c, const std::vector<Article>& articles,
                 const std::vector<text::CodePointIndex>& cp) {
  Json sources = Json::array();
  Json spans = Json::object();
  Json input_spans = Json::object();
  for (size_t k = 0; k < c.articles.size(); ++k) {
    const Article& a = articles[c.articles[k]];
    sources.push_back(a.id);
    spans[a.id] = SpanJson(c.spans[k], cp[c.articles[k]]);
    if (auto in = InputSpan(a, c.spans[k])) input_spans[a.id] = *in;
  }
  return Json{{"text", c.text},
              {"sources", std::move(sources)},
              {"spans", std::move(spans)},
              {"first", c.first ? Json(articles[*c.first].id) : Json(nullptr)},
              {"first_note", c.first_note},
              {"credits", c.credits},
              {"input_spans", std::move(input_spans)}};
}

std::string RenderJson(const Report& report, const std::vector<Article>& articles) {
  auto cp = CodePointIndexes(articles);
  Json pairs = Json::array();
  for (const Pair& p : report.pairs) {
    Json spans = Json::array();
    for (const SharedSpan& s : p.spans) {
      Json span{{"a", SpanJson(s.a, cp[p.a])},
                {"b", SpanJson(s.b, cp[p.b])},
                {"words", s.words},
                {"quotation", s.quotation}};
      if (auto in = InputSpan(articles[p.a], s.a)) span["input_a"] = *in;
      if (auto in = InputSpan(articles[p.b], s.b)) span["input_b"] = *in;
      spans.push_back(std::move(span));
    }
    pairs.push_back(Json{{"a", articles[p.a].id},
                         {"b", articles[p.b].id},
                         {"kind", KindName(p.kind)},
                         {"jaccard_estimate", p.estimated},
                         {"jaccard", p.exact},
                         {"spans", std::move(spans)}});
  }
  Json near_groups = Json::array();
  for (const NearGroup& g : report.near_groups) {
    Json members = Json::array();
    for (size_t k : g.articles) members.push_back(articles[k].id);
    near_groups.push_back(Json{{"first", articles[g.articles.front()].id}, {"members", std::move(members)}});
  }
  Json reuse = Json::array();
  for (const ReuseCluster& c : report.clusters) reuse.push_back(ClusterJson(c, articles, cp));
  Json stats{{"articles", articles.size()},
             {"pairs", report.pairs.size()},
             {"index_bytes", report.index_bytes},
             {"bytes_per_article",
              articles.empty() ? 0.0 : static_cast<double>(report.index_bytes) / static_cast<double>(articles.size())},
             {"seconds", report.seconds}};
  Json out{{"pairs", std::move(pairs)},
           {"near_groups", std::move(near_groups)},
           {"reuse", std::move(reuse)},
           {"stats", std::move(stats)}};
  return ingest::Dump(out, 2) + "\n";
}

std::string RenderText(const Report& report, const std::vector<Article>& articles) {
  constexpr size_t kColumn = 58;
  std::string out;
  for (const Pair& p : report.pairs) {
    const Article& a = articles[p.a];
    const Article& b = articles[p.b];
    out += fmt::format("== {} ~ {}   {}   Jaccard {:.2f} (estimate {:.2f})   {} shared passage{}\n", a.id, b.id,
                       KindName(p.kind), p.exact, p.estimated, p.spans.size(), p.spans.size() == 1 ? "" : "s");
    for (const SharedSpan& s : p.spans) {
      auto left = Wrap(std::string_view(a.text).substr(s.a.begin, s.a.size()), kColumn);
      auto right = Wrap(std::string_view(b.text).substr(s.b.begin, s.b.size()), kColumn);
      out += fmt::format("  {} | {}\n", Pad(fmt::format("{} [{}, {}){}", a.id, s.a.begin, s.a.end,
                                                         s.quotation ? " quotation" : ""), kColumn),
                         fmt::format("{} [{}, {})", b.id, s.b.begin, s.b.end));
      for (size_t i = 0; i < std::max(left.size(), right.size()); ++i)
        out += fmt::format("  {} | {}\n", Pad(i < left.size() ? left[i] : "", kColumn),
                           i < right.size() ? right[i] : "");
      out += "\n";
    }
  }
  for (const NearGroup& g : report.near_groups) {
    std::vector<std::string> ids;
    for (size_t k : g.articles) ids.push_back(articles[k].id);
    out += fmt::format("== near copies of {} ({} articles; every two are near duplicates): {}\n\n",
                       ids.front(), ids.size(), fmt::join(ids, ", "));
  }
  for (const ReuseCluster& c : report.clusters) {
    std::vector<std::string> ids;
    for (size_t k : c.articles) ids.push_back(articles[k].id);
    out += fmt::format("== passage carried by {}: {}\n", c.articles.size(), fmt::join(ids, ", "));
    out += fmt::format("   first: {}{}\n", c.first ? articles[*c.first].id : "unknown",
                       c.first_note.empty() ? "" : " (" + c.first_note + ")");
    if (!c.credits.empty()) out += fmt::format("   credits: {}\n", fmt::join(c.credits, ", "));
    for (const auto& line : Wrap(c.text, 2 * kColumn)) out += "   " + line + "\n";
    out += "\n";
  }
  if (out.empty()) out = "no duplicates or shared passages\n";
  return out;
}

}  // namespace storyline::dedup
