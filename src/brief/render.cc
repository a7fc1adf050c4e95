// Renders stories as the JSON of docs/FORMATS.md and as Markdown.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "dedup/report_json.h"
#include "ingest/article_json.h"
#include "storyline/brief.h"

namespace storyline::brief {
namespace {

using Json = nlohmann::ordered_json;

using ingest::ArticleJson;

// Wire copy writes double quotation marks as two ASCII characters
// (``like this''); Markdown and HTML show them as a reader expects
// (“like this”). The JSON keeps every text as its source wrote it. Returns
// the mark starting at s[i] and its length, or nothing.
std::pair<std::string_view, size_t> WireQuoteAt(std::string_view s, size_t i) {
  if (i + 1 < s.size() && s[i] == '`' && s[i + 1] == '`') return {"\u201c", 2};
  if (i + 1 < s.size() && s[i] == '\'' && s[i + 1] == '\'') return {"\u201d", 2};
  return {{}, 0};
}

// Markdown inline text: characters that would start markup are escaped,
// wire quotes read as typographic ones.
std::string MarkdownEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (auto [mark, len] = WireQuoteAt(s, i); len) {
      out += mark;
      i += len - 1;
      continue;
    }
    const char c = s[i];
    if (c == '[' || c == ']' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '\\')
      out += '\\';
    out += c;
  }
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

// A quote as a reader sees it: without the comma a quotation ending the
// words keeps from the sentence that ran on ('could occur "if ... situation,"
// spokesman X told the agency' shows '... situation"'). The JSON keeps the
// words as the sources give them.
std::string QuoteForReaders(std::string_view text) {
  std::string out(text);
  for (std::string_view mark : {"\u201d", "\"", "''", "\u2019"})
    if (out.size() > mark.size() && std::string_view(out).ends_with(mark) && out[out.size() - mark.size() - 1] == ',') {
      out.erase(out.size() - mark.size() - 1, 1);
      return out;
    }
  if (!out.empty() && out.back() == ',') out.pop_back();
  return out;
}

// A shared passage as a reader sees it: from the first whole sentence to the
// last (the alignment that found it starts and ends at words: "race. The
// Australian Maritime Safety Authority ... (djp"), at most kPassageWords
// words, the rest counted; a passage that starts or ends inside a sentence
// it does not hold whole says so with an ellipsis. The JSON keeps the exact
// span.
constexpr size_t kPassageWords = 60;
std::string PassageForReaders(const dedup::ReuseCluster& c, const std::vector<Article>& articles) {
  std::string_view text = c.text;
  std::string_view stop;  // the sentence's own end when the passage stops just before it
  bool starts_inside = false;  // it starts inside a sentence
  std::string_view open_mark;  // the quotation mark right before it
  auto ends_sentence = [](char ch) { return ch == '.' || ch == '!' || ch == '?' || ch == '"' || ch == '\''; };
  // The text is the first carrier's, or the first article's when no carrier is first.
  const size_t source = c.first ? *c.first : (c.articles.empty() ? SIZE_MAX : c.articles.front());
  const size_t slot = std::find(c.articles.begin(), c.articles.end(), source) - c.articles.begin();
  if (slot < c.spans.size() && source < articles.size()) {
    std::string_view body = articles[source].text;
    const text::Span span = c.spans[slot];
    size_t at = std::min(span.begin, body.size());
    // A quotation the passage starts in keeps its opening mark.
    for (std::string_view mark : {std::string_view("\u201c"), std::string_view("\"")})
      if (body.substr(0, at).ends_with(mark)) {
        open_mark = mark;
        at -= mark.size();
        break;
      }
    while (at > 0 && (body[at - 1] == ' ' || body[at - 1] == '\t')) --at;
    // (After a dateline, "BEIJING: Chinese President ..." or "LONDON, June 5
    // (Reuters) - Dockworkers ...", a sentence starts.)
    const std::string_view before = body.substr(0, at);
    const bool after_dateline = (before.ends_with(":") || before.ends_with("-") || before.ends_with("\u2013") ||
                                 before.ends_with("\u2014")) &&
                                !text.empty() && std::isupper(static_cast<unsigned char>(text[0]));
    const bool starts_whole = at == 0 || body[at - 1] == '\n' || ends_sentence(body[at - 1]) ||
                              before.ends_with("\u201d") || after_dateline;
    const size_t end = span.end;
    if (end < body.size() && (body[end] == '.' || body[end] == '!' || body[end] == '?') && !text.empty() &&
        !ends_sentence(text.back()))
      stop = body.substr(end, 1);
    // Past the tail of the sentence before (a short run of words ending a
    // sentence), when whole sentences follow.
    if (!starts_whole) {
      starts_inside = true;
      for (size_t i = 0; i + 1 < text.size() && i < 200; ++i)
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') {
          if (i + 2 < text.size() && std::isupper(static_cast<unsigned char>(text[i + 2]))) {
            text.remove_prefix(i + 2);
            starts_inside = false;
          }
          break;
        }
    }
  }
  // Back to the last sentence end when the passage stops inside one.
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && stop.empty() && !ends_sentence(text.back()) && !text.ends_with("\u201d")) {
    size_t end = std::string_view::npos;
    for (size_t i = text.size(); i-- > 1;)
      if ((text[i - 1] == '.' || text[i - 1] == '!' || text[i - 1] == '?') && text[i] == ' ') {
        end = i;
        break;
      }
    if (end != std::string_view::npos && end * 2 >= text.size()) text = text.substr(0, end);
  }
  const bool ends_inside = !text.empty() && stop.empty() && !ends_sentence(text.back()) && !text.ends_with("\u201d");
  const std::string lead = starts_inside ? "\u2026" : std::string(open_mark);
  // At most kPassageWords words.
  const size_t words = text::CountWords(text);
  if (words <= kPassageWords) return lead + std::string(text) + std::string(stop) + (ends_inside ? "\u2026" : "");
  std::string head = text::CutWords(text, kPassageWords);
  while (!head.empty() && head.back() == ' ') head.pop_back();
  return fmt::format("{}{}\u2026 ({} words)", lead, head, words);
}

// What the Markdown and HTML pages show of a story's facts. The JSON carries
// every quote, entity, number and claim; a page a person reads shows the ones
// worth reading and says how many more the JSON has.
struct ReaderView {
  static constexpr size_t kMaxQuotes = 12;
  static constexpr size_t kMaxEntitiesPerKind = 12;
  static constexpr size_t kMaxFigures = 12;
  static constexpr size_t kMaxSinglesPerSource = 3;

  // Quotes carried by the most sources first, quoted words before reported
  // speech (a stable order otherwise).
  std::vector<const StoryQuote*> quotes;
  size_t more_quotes = 0;
  // People, organisations and places, most widely named first; nationalities
  // and other names are left to the JSON.
  struct EntityKind {
    const char* heading;
    std::vector<const StoryEntity*> entities;
    size_t more = 0;
  };
  std::vector<EntityKind> entity_kinds;
  // Figures written with digits and with a unit ("$190bn", "29 percent",
  // "14 hours"): counts spelled as words ("two leaders") and bare numbers
  // ("a crew of 11" gives "11") rarely tell a reader anything on their own.
  std::vector<const StoryValue*> figures;
  size_t more_figures = 0;
  // What only one source reports, by source in story order, its first few.
  struct SourceClaims {
    const Article* article;
    std::vector<const StoryClaim*> claims;
    size_t more = 0;
  };
  std::vector<SourceClaims> single_claims;
  // The timeline: each publication, and of each day's events the
  // kMaxEventsPerDay most widely stated (in calendar order), with how many
  // more that day the JSON has.
  static constexpr size_t kMaxEventsPerDay = 2;
  struct TimelineLine {
    const TimelineEntry* entry;
    size_t more_that_day = 0;
  };
  std::vector<TimelineLine> timeline;

  explicit ReaderView(const Story& s) {
    for (const StoryQuote& q : s.quotes) quotes.push_back(&q);
    // Quoted words before reported speech: the finder is surest of those.
    std::stable_sort(quotes.begin(), quotes.end(), [](const StoryQuote* a, const StoryQuote* b) {
      return a->sources.size() != b->sources.size() ? a->sources.size() > b->sources.size() : a->direct > b->direct;
    });
    if (quotes.size() > kMaxQuotes) {
      more_quotes = quotes.size() - kMaxQuotes;
      quotes.resize(kMaxQuotes);
    }

    constexpr std::pair<facts::EntityType, const char*> kKinds[] = {
        {facts::EntityType::kPerson, "People"},
        {facts::EntityType::kOrganization, "Organisations"},
        {facts::EntityType::kLocation, "Places"}};
    for (const auto& [type, heading] : kKinds) {
      EntityKind kind{heading, {}, 0};
      for (const StoryEntity& e : s.entities)
        if (e.type == type) kind.entities.push_back(&e);
      std::stable_sort(kind.entities.begin(), kind.entities.end(), [](const StoryEntity* a, const StoryEntity* b) {
        return a->sources.size() != b->sources.size() ? a->sources.size() > b->sources.size()
                                                      : a->mentions > b->mentions;
      });
      if (kind.entities.size() > kMaxEntitiesPerKind) {
        kind.more = kind.entities.size() - kMaxEntitiesPerKind;
        kind.entities.resize(kMaxEntitiesPerKind);
      }
      if (!kind.entities.empty()) entity_kinds.push_back(std::move(kind));
    }

    for (const StoryValue& v : s.numbers) {
      if (v.text.find_first_of("0123456789") == std::string::npos) continue;
      if (v.value.find(' ') == std::string::npos) continue;  // no unit: "3100000"
      if (figures.size() < kMaxFigures) figures.push_back(&v);
      else ++more_figures;
    }

    if (s.articles.size() > 1) {
      for (const Article& a : s.articles) {
        SourceClaims own{&a, {}, 0};
        for (const StoryClaim& c : s.claims) {
          if (c.status != "single" || c.sources.size() != 1 || c.sources[0] != a.id) continue;
          if (own.claims.size() < kMaxSinglesPerSource) own.claims.push_back(&c);
          else ++own.more;
        }
        if (!own.claims.empty()) single_claims.push_back(std::move(own));
      }
    }

    for (size_t b = 0, e = 0; b < s.timeline.size(); b = e) {
      const std::string_view day = std::string_view(s.timeline[b].date).substr(0, 10);
      std::vector<size_t> events;
      for (e = b; e < s.timeline.size() && std::string_view(s.timeline[e].date).substr(0, 10) == day; ++e)
        if (!s.timeline[e].publication) events.push_back(e);
      std::stable_sort(events.begin(), events.end(), [&](size_t x, size_t y) {
        return s.timeline[x].sources.size() > s.timeline[y].sources.size();
      });
      const size_t more = events.size() > kMaxEventsPerDay ? events.size() - kMaxEventsPerDay : 0;
      events.resize(std::min(events.size(), kMaxEventsPerDay));
      const size_t first = timeline.size();
      size_t last_event = SIZE_MAX;
      for (size_t k = b; k < e; ++k)
        if (s.timeline[k].publication || std::find(events.begin(), events.end(), k) != events.end()) {
          if (!s.timeline[k].publication) last_event = timeline.size();
          timeline.push_back({&s.timeline[k], 0});
        }
      if (more) timeline[last_event != SIZE_MAX ? last_event : first].more_that_day = more;
    }
  }
};

}  // namespace

namespace {

// Writes JSON exactly as nlohmann's dump(2, ' ', false, replace) writes it
// (two-space indents, "key": value, empty containers as {} and []), straight
// into one string: a story of hundreds of articles renders to megabytes, and
// a tree of nodes built, printed and freed cost more than reading the story.
// Strings that are not valid UTF-8 and floating-point numbers are printed by
// nlohmann itself, so every byte is the same.
class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Element();
    String(key);
    out_ += ": ";
    after_key_ = true;
  }
  void Value(std::string_view s) {
    Element();
    String(s);
  }
  // "key": value, in one call.
  template <typename T>
  void Field(std::string_view key, const T& value) {
    Key(key);
    Value(value);
  }
  void Value(const char* s) { Value(std::string_view(s)); }
  void Value(const std::string& s) { Value(std::string_view(s)); }
  void Value(size_t n) {
    Element();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n);
    out_.append(buf, end);
  }
  void Value(const std::vector<std::string>& strings) {
    BeginArray();
    for (const std::string& s : strings) Value(s);
    EndArray();
  }
  // A tree of nlohmann's, written in place.
  void Value(const Json& j) {
    switch (j.type()) {
      case Json::value_t::object:
        BeginObject();
        for (const auto& [k, v] : j.items()) {
          Key(k);
          Value(v);
        }
        EndObject();
        return;
      case Json::value_t::array:
        BeginArray();
        for (const Json& v : j) Value(v);
        EndArray();
        return;
      case Json::value_t::string:
        Value(std::string_view(j.get_ref<const std::string&>()));
        return;
      case Json::value_t::number_unsigned:
        Value(static_cast<size_t>(j.get<uint64_t>()));
        return;
      default:  // null, booleans, signed and floating-point numbers
        Element();
        out_ += ingest::Dump(j);
        return;
    }
  }
  std::string Take() { return std::move(out_); }
  void Newline() { out_ += '\n'; }

 private:
  struct Level {
    char close;
    bool empty = true;
  };
  void Open(char c) {
    Element();
    out_ += c;
    levels_.push_back({c == '{' ? '}' : ']'});
  }
  void Close(char c) {
    bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) {
      out_ += '\n';
      out_.append(2 * levels_.size(), ' ');
    }
    out_ += c;
  }
  // Before a value or a key: its separator and indent (a key's value has them).
  void Element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    out_ += level.empty ? "\n" : ",\n";
    level.empty = false;
    out_.append(2 * levels_.size(), ' ');
  }
  void String(std::string_view s) {
    if (!ValidUtf8(s)) {
      out_ += ingest::Dump(Json(std::string(s)));
      return;
    }
    out_ += '"';
    size_t plain = 0;  // start of the bytes not yet written
    for (size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 15];
        }
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
    out_ += '"';
  }
  // Well-formed UTF-8 (no overlong forms, surrogates or code points past
  // U+10FFFF), as nlohmann accepts it.
  static bool ValidUtf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        ++i;
        continue;
      }
      size_t len;
      unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
      if (c >= 0xC2 && c <= 0xDF) len = 2;
      else if (c == 0xE0) { len = 3; lo = 0xA0; }
      else if (c >= 0xE1 && c <= 0xEC) len = 3;
      else if (c == 0xED) { len = 3; hi = 0x9F; }
      else if (c >= 0xEE && c <= 0xEF) len = 3;
      else if (c == 0xF0) { len = 4; lo = 0x90; }
      else if (c >= 0xF1 && c <= 0xF3) len = 4;
      else if (c == 0xF4) { len = 4; hi = 0x8F; }
      else return false;
      if (i + len > n) return false;
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 < lo || c1 > hi) return false;
      for (size_t k = 2; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
      i += len;
    }
    return true;
  }

  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace

std::string RenderJson(const std::vector<Story>& stories) {
  JsonWriter w;
  w.BeginObject();
  w.Key("stories");
  w.BeginArray();
  for (const Story& s : stories) {
    w.BeginObject();
    w.Field("id", s.id);
    w.Field("headline", s.headline);
    w.Key("articles");
    w.BeginArray();
    for (const Article& a : s.articles) w.Value(ArticleJson(a));
    w.EndArray();
    auto code_points = dedup::CodePointIndexes(s.articles);
    // Where each source states a statement, in code points of its text (as
    // the reuse spans): {"<article id>": [start, end]}; a source named twice
    // keeps its first place and its last span, as a JSON object's key would.
    std::unordered_map<std::string, size_t> index_of;
    for (size_t i = 0; i < s.articles.size(); ++i) index_of.emplace(s.articles[i].id, i);
    std::vector<std::pair<std::string_view, std::pair<size_t, size_t>>> members;
    std::unordered_map<std::string_view, size_t> member_of;
    auto spans_json = [&](const std::vector<std::string>& sources, const std::vector<text::Span>& spans) {
      members.clear();
      member_of.clear();
      for (size_t k = 0; k < sources.size() && k < spans.size(); ++k) {
        auto it = index_of.find(sources[k]);
        if (it == index_of.end()) continue;
        const text::CodePointIndex& cp = code_points[it->second];
        std::pair<size_t, size_t> span{cp.ToCodePoints(spans[k].begin), cp.ToCodePoints(spans[k].end)};
        auto [m, fresh] = member_of.emplace(sources[k], members.size());
        if (fresh) members.push_back({sources[k], span});
        else members[m->second].second = span;
      }
      w.BeginObject();
      for (const auto& [id, span] : members) {
        w.Key(id);
        w.BeginArray();
        w.Value(span.first);
        w.Value(span.second);
        w.EndArray();
      }
      w.EndObject();
    };
    w.Key("summary");
    w.BeginArray();
    for (const SummarySentence& sentence : s.summary) {
      w.BeginObject();
      w.Field("text", sentence.text);
      w.Field("sources", sentence.sources);
      w.Key("spans");
      spans_json(sentence.sources, sentence.spans);
      w.EndObject();
    }
    w.EndArray();
    w.Key("claims");
    w.BeginArray();
    for (const StoryClaim& c : s.claims) {
      w.BeginObject();
      w.Field("text", c.text);
      w.Field("sources", c.sources);
      w.Key("spans");
      spans_json(c.sources, c.spans);
      w.Field("status", c.status);
      w.EndObject();
    }
    w.EndArray();
    w.Key("quotes");
    w.BeginArray();
    for (const StoryQuote& q : s.quotes) {
      w.BeginObject();
      w.Field("text", q.text);
      w.Field("speaker", q.speaker);
      w.Field("sources", q.sources);
      w.Field("direct", Json(q.direct));
      w.EndObject();
    }
    w.EndArray();
    w.Key("entities");
    w.BeginArray();
    for (const StoryEntity& e : s.entities) {
      w.BeginObject();
      w.Field("name", e.name);
      w.Field("type", facts::EntityTypeName(e.type));
      w.Field("aliases", e.aliases);
      w.Field("mentions", e.mentions);
      w.Field("sources", e.sources);
      w.EndObject();
    }
    w.EndArray();
    for (const auto& [key, values] : {std::pair{"numbers", &s.numbers}, std::pair{"dates", &s.dates}}) {
      w.Key(key);
      w.BeginArray();
      for (const StoryValue& v : *values) {
        w.BeginObject();
        w.Field("text", v.text);
        w.Field("value", v.value);
        w.Field("sources", v.sources);
        w.EndObject();
      }
      w.EndArray();
    }
    w.Key("conflicts");
    w.BeginArray();
    for (const Conflict& c : s.conflicts) {
      w.BeginObject();
      w.Field("about", c.about);
      w.Key("claims");
      w.BeginArray();
      for (const ConflictSide& side : c.sides) {
        w.BeginObject();
        w.Field("text", side.text);
        w.Field("value", side.value);
        w.Field("sources", side.sources);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("reuse");
    w.BeginArray();
    for (const dedup::ReuseCluster& c : s.reuse) w.Value(dedup::ClusterJson(c, s.articles, code_points));
    w.EndArray();
    w.Key("timeline");
    w.BeginArray();
    for (const TimelineEntry& t : s.timeline) {
      w.BeginObject();
      w.Field("date", t.date);
      w.Field("text", t.text);
      w.Field("sources", t.sources);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Newline();
  return w.Take();
}

std::string RenderMarkdown(const std::vector<Story>& stories) {
  std::string md;
  for (const Story& s : stories) {
    std::unordered_map<std::string, const Article*> by_id;
    for (const Article& a : s.articles) by_id[a.id] = &a;
    // " [outlet] [outlet]": the citations of a statement.
    auto cite = [&](const std::vector<std::string>& ids) {
      std::string out;
      for (const std::string& id : ids) {
        auto it = by_id.find(id);
        out += " [" + MarkdownEscape(it == by_id.end() ? id : Label(*it->second)) + "]";
      }
      return out;
    };
    const ReaderView view(s);
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
        for (size_t k = 0; k < c.sides.size(); ++k)
          md += fmt::format("{} \u201c{}\u201d{}", k ? "; versus" : "", MarkdownEscape(c.sides[k].text),
                            cite(c.sides[k].sources));
        md += "\n";
      }
    }
    if (!view.single_claims.empty()) {
      md += "\n## Only one source reports\n\n";
      for (const ReaderView::SourceClaims& own : view.single_claims) {
        md += fmt::format("- **{}**\n", MarkdownEscape(Label(*own.article)));
        for (const StoryClaim* c : own.claims) md += "  - " + MarkdownEscape(c->text) + "\n";
        if (own.more) md += fmt::format("  - *({} more)*\n", own.more);
      }
    }
    if (!view.quotes.empty()) {
      md += "\n## Quotes\n\n";
      for (const StoryQuote* q : view.quotes) {
        // Quotation marks only around a speaker's own words: reported
        // speech is the writer's wording ("hackers had stolen ...").
        if (q->direct) md += fmt::format("- \u201c{}\u201d", MarkdownEscape(QuoteForReaders(q->text)));
        else md += "- " + MarkdownEscape(QuoteForReaders(q->text));
        if (!q->speaker.empty()) md += " \u2014 " + MarkdownEscape(q->speaker);
        if (!q->direct) md += " (reported)";
        md += cite(q->sources) + "\n";
      }
      if (view.more_quotes) md += fmt::format("- *({} more quotes in `--json`)*\n", view.more_quotes);
    }
    if (!view.entity_kinds.empty()) {
      md += "\n## Who and where\n\n";
      for (const ReaderView::EntityKind& kind : view.entity_kinds) {
        md += fmt::format("- **{}:**", kind.heading);
        for (size_t k = 0; k < kind.entities.size(); ++k) {
          const StoryEntity& e = *kind.entities[k];
          md += fmt::format("{} {}", k ? ";" : "", MarkdownEscape(e.name));
          if (!e.aliases.empty())
            md += fmt::format(" (also {})", MarkdownEscape(fmt::format("{}", fmt::join(e.aliases, ", "))));
          md += fmt::format(" \u00b7 {} source{}", e.sources.size(), e.sources.size() == 1 ? "" : "s");
        }
        if (kind.more) md += fmt::format("; *{} more*", kind.more);
        md += "\n";
      }
    }
    if (!view.figures.empty()) {
      md += "\n## Figures\n\n";
      for (const StoryValue* v : view.figures) {
        md += "- " + MarkdownEscape(v->text);
        if (v->value != v->text) md += fmt::format(" (`{}`)", v->value);
        md += cite(v->sources) + "\n";
      }
      if (view.more_figures) md += fmt::format("- *({} more in `--json`)*\n", view.more_figures);
    }
    if (!s.timeline.empty()) {
      md += "\n## Timeline\n\n";
      for (const ReaderView::TimelineLine& line : view.timeline) {
        const TimelineEntry& t = *line.entry;
        md += fmt::format("- **{}** {}{}\n", DisplayDate(t.date), MarkdownEscape(t.text), cite(t.sources));
        if (line.more_that_day) md += fmt::format("- *({} more that day in `--json`)*\n", line.more_that_day);
      }
    }
    if (!s.reuse.empty()) {
      md += "\n## Shared passages\n\n";
      for (const dedup::ReuseCluster& c : s.reuse) {
        std::vector<std::string> ids;
        for (size_t k : c.articles) ids.push_back(s.articles[k].id);
        // In italics, not quotation marks: a passage often holds a quotation of its own.
        md += fmt::format("- *{}* \u2014 carried by{}", MarkdownEscape(PassageForReaders(c, s.articles)), cite(ids));
        if (c.first) md += fmt::format("; first: {}", MarkdownEscape(Label(s.articles[*c.first])));
        else if (std::all_of(c.articles.begin(), c.articles.end(),
                             [&](size_t k) { return s.articles[k].published.empty(); }))
          md += "; first unknown (none of them is dated)";  // not every carrier's name again
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
// could open markup or end an attribute is escaped; `reader_quotes` shows
// wire copy's ``quotes'' as typographic ones (WireQuoteAt), for text, not
// for URLs.
std::string HtmlEscape(std::string_view s, bool reader_quotes = true) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size(); ++i) {
    if (auto [mark, len] = WireQuoteAt(s, i); reader_quotes && len) {
      out += mark;
      i += len - 1;
      continue;
    }
    const char c = s[i];
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
    return "<a class=\"src\" href=\"" + HtmlEscape(a->url, /*reader_quotes=*/false) + "\" title=\"" + HtmlEscape(a->title) + "\">" + label + "</a>";
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
    const ReaderView view(s);
    if (!s.timeline.empty()) {
      h += "<h2>Timeline</h2>\n<ul class=\"timeline\">\n";
      for (const ReaderView::TimelineLine& line : view.timeline) {
        const TimelineEntry& t = *line.entry;
        h += "<li><span class=\"date\">" + HtmlEscape(DisplayDate(t.date)) + "</span> " + HtmlEscape(t.text) +
             sources(t.sources) + "</li>\n";
        if (line.more_that_day) h += fmt::format("<li class=\"more\">{} more that day in the JSON</li>\n", line.more_that_day);
      }
      h += "</ul>\n";
    }
    if (!view.quotes.empty()) {
      h += "<h2>Quotes</h2>\n<ul class=\"quotes\">\n";
      for (const StoryQuote* q : view.quotes)
        h += (q->direct ? "<li><blockquote>&ldquo;" + HtmlEscape(QuoteForReaders(q->text)) + "&rdquo;</blockquote>"
                        : "<li><blockquote class=\"reported\">" + HtmlEscape(QuoteForReaders(q->text)) + "</blockquote>") +
             (q->speaker.empty() ? "" : "&mdash; " + HtmlEscape(q->speaker)) + (q->direct ? "" : " (reported)") +
             sources(q->sources) + "</li>\n";
      if (view.more_quotes) h += fmt::format("<li class=\"meta\">{} more quotes in the JSON brief</li>\n", view.more_quotes);
      h += "</ul>\n";
    }
    if (!view.entity_kinds.empty()) {
      h += "<h2>Who and where</h2>\n<ul class=\"entities\">\n";
      for (const ReaderView::EntityKind& kind : view.entity_kinds) {
        h += fmt::format("<li><strong>{}:</strong>", kind.heading);
        for (size_t k = 0; k < kind.entities.size(); ++k) {
          const StoryEntity& e = *kind.entities[k];
          h += (k ? "; " : " ") + HtmlEscape(e.name);
          if (!e.aliases.empty()) h += " (also " + HtmlEscape(fmt::format("{}", fmt::join(e.aliases, ", "))) + ")";
          h += fmt::format(" <span class=\"meta\">&middot; {} source{}</span>", e.sources.size(),
                           e.sources.size() == 1 ? "" : "s");
        }
        if (kind.more) h += fmt::format("; {} more", kind.more);
        h += "</li>\n";
      }
      h += "</ul>\n";
    }
    if (!view.figures.empty()) {
      h += "<h2>Figures</h2>\n<ul class=\"figures\">\n";
      for (const StoryValue* v : view.figures) {
        h += "<li>" + HtmlEscape(v->text);
        if (v->value != v->text) h += " <span class=\"meta\">(" + HtmlEscape(v->value) + ")</span>";
        h += sources(v->sources) + "</li>\n";
      }
      if (view.more_figures) h += fmt::format("<li class=\"meta\">{} more in the JSON brief</li>\n", view.more_figures);
      h += "</ul>\n";
    }
    if (!s.reuse.empty()) {
      h += "<h2>Shared passages</h2>\n<ul class=\"reuse\">\n";
      for (const dedup::ReuseCluster& c : s.reuse) {
        std::vector<std::string> ids;
        for (size_t k : c.articles) ids.push_back(s.articles[k].id);
        h += "<li><blockquote class=\"passage\">" + HtmlEscape(PassageForReaders(c, s.articles)) +
             "</blockquote> &mdash; carried by" + sources(ids);
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
