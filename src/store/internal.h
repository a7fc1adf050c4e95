// Shared between the store's reader (store.cc) and writer (ingester.cc). Internal.
#ifndef STORYLINE_STORE_INTERNAL_H_
#define STORYLINE_STORE_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sqlite.h"
#include "storyline/store.h"

namespace storyline::store {

struct Store::Impl {
  ~Impl();
  std::string path;
  Options options;
  sqlite3* db = nullptr;
  // Prepared statements by their SQL, prepared on first use.
  std::unordered_map<std::string, Stmt> stmts;
  Stmt unprepared;  // what Prepare returns for a statement that failed to prepare


  // A failure is in *status (which must be ok on entry to hear it).
  Stmt& Prepare(const std::string& sql, Status* status);
  Status Error(int rc) const;  // the connection's last error, named
  Status Exec(const char* sql);
  // A story's outlets (most articles first, at most 8) and lead, from its
  // articles: what its row keeps for lists (schema 2).
  Status StoryDetails(const std::string& story_id, std::vector<std::string>* outlets, std::string* lead);
  // Fills them in for every story of a database migrated from schema 1.
  Status BackfillStoryDetails();
};

extern const char* const kArticleColumns;
StoredArticle ReadArticleRow(const Stmt& q);
int64_t HashToInt(const std::string& hex);
std::string IntToHash(int64_t v);
std::string AuthorsToJson(const std::vector<std::string>& authors);
std::vector<std::string> AuthorsFromJson(const std::string& s);
// A user's search (docs/API.md): words and "phrases", all required, taken
// literally; outlet:NAME and title:WORDS limit a term to that field;
// from:DATE and to:DATE bound the publication day (inclusive).
struct ParsedQuery {
  std::string fts;  // an FTS5 MATCH expression: the phrases, all required
  std::vector<std::string> phrases;  // each phrase alone, as an FTS5 expression
  // The words and phrases to mark in a snippet of the body (those not
  // limited to the title or outlet), as folded tokens.
  std::vector<std::vector<std::string>> highlight;
  std::optional<int64_t> from_time, to_time;
};
Result<ParsedQuery> ParseQuery(const std::string& text);

// Registers storyline_rank(articles_fts, IDF blob), the FTS5 auxiliary
// function Search ranks with, on a connection.
Status RegisterSearchFunctions(sqlite3* db);
// `text` as search tokens: split and folded (case, Latin-1 diacritics) as
// FTS5's unicode61 tokenizer does, approximately.
std::vector<std::string> SearchTokens(std::string_view text);
// About `window_tokens` tokens of `text` from a little before the first
// match of any of `phrases` (token sequences, as SearchTokens gives), every
// match in it between \x02 and \x03, "…" where the text goes on; the
// opening of the text when nothing matches.
std::string MakeSnippet(std::string_view text, const std::vector<std::vector<std::string>>& phrases,
                        size_t window_tokens);

}  // namespace storyline::store

#endif  // STORYLINE_STORE_INTERNAL_H_
