// ReadFacts: every fact of one article, and its JSON line. See storyline/facts.h.

#include <nlohmann/json.hpp>

#include <algorithm>

#include "ingest/article_json.h"
#include "storyline/facts.h"

namespace storyline::facts {
namespace {

using Json = nlohmann::ordered_json;

const char* QuoteKindName(Quote::Kind kind) {
  switch (kind) {
    case Quote::Kind::kDirect: return "direct";
    case Quote::Kind::kPartial: return "partial";
    case Quote::Kind::kIndirect: return "indirect";
  }
  return "direct";
}

}  // namespace

bool ReadsAsEnglish(std::string_view language) {
  return language.empty() || language.substr(0, language.find_first_of("-_")) == "en";
}

ArticleFacts ReadFacts(const Article& article, std::string_view published) {
  ArticleFacts f;
  f.id = article.id;
  std::string_view date = published.empty() ? std::string_view(article.published) : published;
  // Dates resolve against the calendar day of publication; an article that
  // states none is dated from its own text ("Friday (Mar 17)"), and says so.
  f.document_date = std::string(date.substr(0, std::min<size_t>(date.size(), 10)));
  if (f.document_date.empty()) {
    f.document_date = InferDocumentDate(article.text);
    f.document_date_inferred = !f.document_date.empty();
  }
  f.entities = GroupEntities(article.text, TagEntities(article.text));
  // The quote finder's cues and speaker rules are English ("said", "told",
  // "according to"): in an article in another language it would take a
  // sentence's first capitalised word for a speaker ("Desde", "El"). An
  // article of unknown language is read as English.
  if (ReadsAsEnglish(article.language)) f.quotes = FindQuotes(article.text, f.entities);
  f.numbers = FindQuantities(article.text, article.language);
  f.dates = FindTimeExpressions(article.text, f.document_date);
  // A bare number inside a date or a clock time ("at 6 a.m.") is part of
  // that date, not a figure of its own. (One sweep over both, by start: a
  // long text has many of each.)
  std::vector<text::Span> date_spans;
  for (const TimeExpression& d : f.dates)
    if (d.type == "DATE" || d.type == "TIME") date_spans.push_back(d.span);
  std::sort(date_spans.begin(), date_spans.end(),
            [](const text::Span& a, const text::Span& b) { return a.begin < b.begin; });
  std::stable_sort(f.numbers.begin(), f.numbers.end(),
                   [](const Quantity& a, const Quantity& b) { return a.span.begin < b.span.begin; });
  size_t next_date = 0;
  size_t reach = 0;  // the furthest end of the dates that start at or before the number
  size_t kept = 0;
  for (size_t k = 0; k < f.numbers.size(); ++k) {
    const Quantity& n = f.numbers[k];
    while (next_date < date_spans.size() && date_spans[next_date].begin <= n.span.begin)
      reach = std::max(reach, date_spans[next_date++].end);
    if (n.unit.empty() && next_date > 0 && reach >= n.span.end) continue;
    if (kept != k) f.numbers[kept] = std::move(f.numbers[k]);
    ++kept;
  }
  f.numbers.resize(kept);
  return f;
}

std::string RenderJsonLine(const ArticleFacts& f, const Article& article) {
  text::CodePointIndex cp(article.text);
  auto span = [&](text::Span s) { return Json::array({cp.ToCodePoints(s.begin), cp.ToCodePoints(s.end)}); };
  Json entities = Json::array();
  for (const Entity& e : f.entities) {
    Json mentions = Json::array();
    for (text::Span m : e.mentions) mentions.push_back(span(m));
    entities.push_back(Json{{"name", e.name},
                            {"type", EntityTypeName(e.type)},
                            {"aliases", e.aliases},
                            {"role", e.role},
                            {"mentions", std::move(mentions)}});
  }
  Json quotes = Json::array();
  for (const Quote& q : f.quotes)
    quotes.push_back(Json{{"text", q.text},
                          {"speaker", q.speaker},
                          {"cue", q.cue},
                          {"kind", QuoteKindName(q.kind)},
                          {"span", span(q.span)},
                          {"speaker_span", q.speaker_span.size() ? span(q.speaker_span) : Json(nullptr)}});
  Json numbers = Json::array();
  for (const Quantity& n : f.numbers)
    numbers.push_back(Json{{"text", n.text}, {"value", n.value}, {"unit", n.unit}, {"span", span(n.span)}});
  Json dates = Json::array();
  for (const TimeExpression& d : f.dates)
    dates.push_back(Json{{"text", d.text},
                         {"type", d.type},
                         {"value", d.value},
                         {"start", d.start},
                         {"end", d.end},
                         {"span", span(d.span)}});
  Json out{{"id", f.id},
           {"document_date", f.document_date},
           {"document_date_inferred", f.document_date_inferred},
           {"entities", std::move(entities)},
           {"quotes", std::move(quotes)},
           {"numbers", std::move(numbers)},
           {"dates", std::move(dates)}};
  return ingest::Dump(out);
}

}  // namespace storyline::facts
