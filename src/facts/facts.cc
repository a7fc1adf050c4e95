// STUB: ReadFacts and the JSON line.
#include "storyline/facts.h"
namespace storyline::facts {
ArticleFacts ReadFacts(const Article& article, std::string_view published) {
  ArticleFacts f;
  f.id = article.id;
  f.document_date = std::string(published.empty() ? std::string_view(article.published) : published);
  f.entities = GroupEntities(article.text, TagEntities(article.text));
  f.quotes = FindQuotes(article.text, f.entities);
  f.numbers = FindQuantities(article.text);
  f.dates = FindTimeExpressions(article.text, f.document_date);
  return f;
}
std::string RenderJsonLine(const ArticleFacts&, const Article&) { return "{}"; }
}  // namespace storyline::facts
