// Search: FTS5 finds the matches; ranking and snippets are ours, so that a
// query costs about the same whatever its words.
//
// Why not FTS5's bm25() and snippet(): bm25() computes each term's inverse
// document frequency by walking the term's whole match list on every query
// (every article, for "the": ~100 ms at a million articles), and snippet()
// tokenizes each hit's whole text again. Instead the newest kRankedMatches
// matches are scored by the same BM25 formula in an FTS5 auxiliary function
// (storyline_rank) whose term frequencies are estimated from the newest
// 1,000 matches of each term, and a page's snippets are cut from the stored
// text around the first matched term.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "store/internal.h"

namespace storyline::store {

namespace {

// The part of SQLite's FTS5 extension interface (https://sqlite.org/fts5.html,
// "Custom Auxiliary Functions", version 3 of the API) this file calls; Debian's
// libsqlite3-dev ships no fts5.h. Only pointers to these structs are passed,
// and the members are declared in the documented order up to the last one used.
struct Fts5Context;
struct Fts5ExtensionApi;
struct Fts5Tokenizer;
using Fts5AuxFunction = void (*)(const Fts5ExtensionApi*, Fts5Context*, sqlite3_context*, int, sqlite3_value**);
struct Fts5ExtensionApi {
  int iVersion;
  void* (*xUserData)(Fts5Context*);
  int (*xColumnCount)(Fts5Context*);
  int (*xRowCount)(Fts5Context*, sqlite3_int64*);
  int (*xColumnTotalSize)(Fts5Context*, int, sqlite3_int64*);
  int (*xTokenize)(Fts5Context*, const char*, int, void*, int (*)(void*, int, const char*, int, int, int));
  int (*xPhraseCount)(Fts5Context*);
  int (*xPhraseSize)(Fts5Context*, int);
  int (*xInstCount)(Fts5Context*, int*);
  int (*xInst)(Fts5Context*, int, int*, int*, int*);
  sqlite3_int64 (*xRowid)(Fts5Context*);
  int (*xColumnText)(Fts5Context*, int, const char**, int*);
  int (*xColumnSize)(Fts5Context*, int, int*);
};
struct Fts5Api {
  int iVersion;
  void* xCreateTokenizer;
  void* xFindTokenizer;
  int (*xCreateFunction)(Fts5Api*, const char*, void*, Fts5AuxFunction, void (*)(void*));
};

// BM25 as FTS5's bm25() computes it (k1 1.2, b 0.75, column weights title 8,
// outlet 2, body 1; lower is better), with each phrase's IDF passed in (a
// blob of doubles, one per phrase) instead of counted from its match list.
constexpr double kColumnWeights[] = {8.0, 2.0, 1.0};
constexpr double kK1 = 1.2, kB = 0.75;

void StorylineRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args,
                   sqlite3_value** args) {
  if (n_args != 1 || sqlite3_value_type(args[0]) != SQLITE_BLOB) {
    sqlite3_result_error(ctx, "storyline_rank(fts, idf blob) needs the IDF blob", -1);
    return;
  }
  const int phrases = api->xPhraseCount(fts);
  const auto* idf = static_cast<const double*>(sqlite3_value_blob(args[0]));
  if (sqlite3_value_bytes(args[0]) != static_cast<int>(sizeof(double)) * phrases) {
    sqlite3_result_error(ctx, "storyline_rank: one IDF per phrase", -1);
    return;
  }
  // The average row length: FTS5 reads its totals once per statement.
  sqlite3_int64 rows = 0, tokens = 0;
  api->xRowCount(fts, &rows);
  api->xColumnTotalSize(fts, -1, &tokens);
  const double average_tokens = rows > 0 && tokens > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  double freq_stack[16];
  std::vector<double> freq_heap;
  double* freq = freq_stack;
  if (phrases > 16) {
    freq_heap.assign(static_cast<size_t>(phrases), 0.0);
    freq = freq_heap.data();
  } else {
    std::fill(freq, freq + phrases, 0.0);
  }
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(ctx, "storyline_rank: cannot read the match", -1);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
    if (phrase >= 0 && phrase < phrases && column >= 0 && column < 3) freq[phrase] += kColumnWeights[column];
  }
  int row_tokens = 0;
  api->xColumnSize(fts, -1, &row_tokens);
  const double norm = kK1 * (1 - kB + kB * row_tokens / average_tokens);
  double score = 0;
  for (int p = 0; p < phrases; ++p) score += idf[p] * freq[p] * (kK1 + 1) / (freq[p] + norm);
  sqlite3_result_double(ctx, -score);
}

}  // namespace

Status RegisterSearchFunctions(sqlite3* db) {
  Fts5Api* api = nullptr;
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("this SQLite has no FTS5: ") + sqlite3_errmsg(db));
  sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(q);
  sqlite3_finalize(q);
  if (!api || api->iVersion < 2) return Status::IoError("this SQLite's FTS5 is too old (API version < 2)");
  if (api->xCreateFunction(api, "storyline_rank", nullptr, StorylineRank, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("cannot register storyline_rank: ") + sqlite3_errmsg(db));
  return Status();
}

// ---------------------------------------------------------------------------
// Snippets.

namespace {

// FTS5's unicode61 tokenizer (remove_diacritics 2) approximated on UTF-8
// bytes: ASCII letters and digits and every non-ASCII character are token
// characters, except the Latin-1 punctuation block (U+0080-U+00BF, and
// U+00D7, U+00F7) and general punctuation (U+2000-U+207F: quotes, dashes,
// ellipsis). Returns the length of the character at `i` and whether it
// belongs to a token.
inline std::pair<size_t, bool> CharAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {1, (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')};
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) return {s.size() - i, false};
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if (c == 0xC2) return {len, false};                                    // U+0080-U+00BF
  if (c == 0xC3 && (c1 == 0x97 || c1 == 0xB7)) return {len, false};      // × ÷
  if (c == 0xE2 && (c1 == 0x80 || c1 == 0x81)) return {len, false};      // U+2000-U+207F
  return {len, c >= 0xC0};
}

// The folded form of the character at `i` of a token (lower case, Latin-1
// diacritics removed, as the tokenizer folds; other characters as they are)
// appended to `out`; returns the bytes read.
inline size_t FoldChar(std::string_view token, size_t i, std::string* out) {
  // U+00C0-U+00DF (and U+00E0-U+00FF, their lower case): the base letter of
  // each letter with a diacritic; 0 for the others (Æ, Ð, ×, Ø, Þ, ß).
  static const char kBase[33] = "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0";
  unsigned char c = static_cast<unsigned char>(token[i]);
  if (c < 0x80) {
    *out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return 1;
  }
  if (c == 0xC3 && i + 1 < token.size()) {
    unsigned char c1 = static_cast<unsigned char>(token[i + 1]);
    if (c1 >= 0x80 && c1 <= 0xBF) {
      unsigned cp = 0xC0u + (c1 - 0x80u);
      char base = cp == 0xFF ? 'y' : kBase[cp & 0x1F];
      if (base) {
        *out += base;
      } else {
        *out += static_cast<char>(c);
        *out += static_cast<char>(cp <= 0xDE && cp != 0xD7 ? c1 + 0x20 : c1);
      }
      return 2;
    }
  }
  *out += static_cast<char>(c);
  return 1;
}

std::string Fold(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size();) i += FoldChar(token, i, &out);
  return out;
}

// Whether `token` folds to `folded`.
bool FoldsTo(std::string_view token, const std::string& folded, std::string* scratch) {
  // Folding never lengthens ASCII and shortens Latin-1 letters: a cheap reject.
  if (token.size() < folded.size()) return false;
  unsigned char c0 = static_cast<unsigned char>(token[0]);
  if (c0 < 0x80 && static_cast<char>(c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0) != folded[0]) return false;
  scratch->clear();
  for (size_t i = 0; i < token.size() && scratch->size() <= folded.size();) i += FoldChar(token, i, scratch);
  return *scratch == folded;
}

struct Token {
  size_t begin, end;
};

// The tokens of a text, read as far as they are asked for.
class TokenReader {
 public:
  explicit TokenReader(std::string_view text) : text_(text) {}
  // Whether token `i` exists (reading up to it).
  bool Has(size_t i) {
    while (tokens_.size() <= i && ReadOne()) {
    }
    return i < tokens_.size();
  }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  std::string_view Word(size_t i) const { return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin); }

 private:
  bool ReadOne() {
    while (pos_ < text_.size()) {
      auto [len, word] = CharAt(text_, pos_);
      if (word) break;
      pos_ += len;
    }
    if (pos_ >= text_.size()) return false;
    size_t begin = pos_;
    while (pos_ < text_.size()) {
      auto [len, word] = CharAt(text_, pos_);
      if (!word) break;
      pos_ += len;
    }
    tokens_.push_back({begin, pos_});
    return true;
  }
  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<std::string> SearchTokens(std::string_view text) {
  std::vector<std::string> out;
  TokenReader tokens(text);
  for (size_t i = 0; tokens.Has(i); ++i) out.push_back(Fold(tokens.Word(i)));
  return out;
}

std::string MakeSnippet(std::string_view text, const std::vector<std::vector<std::string>>& phrases,
                        size_t window_tokens) {
  TokenReader tokens(text);
  if (!tokens.Has(0) || window_tokens == 0) return "";
  std::string scratch;
  // The length of the phrase matching at token `i`, 0 when none does.
  auto match_at = [&](size_t i) -> size_t {
    for (const auto& phrase : phrases) {
      if (phrase.empty() || !tokens.Has(i + phrase.size() - 1)) continue;
      size_t k = 0;
      while (k < phrase.size() && FoldsTo(tokens.Word(i + k), phrase[k], &scratch)) ++k;
      if (k == phrase.size()) return k;
    }
    return 0;
  };
  size_t first = 0;
  bool found = false;
  for (size_t i = 0; !found && tokens.Has(i); ++i)
    if (match_at(i)) {
      first = i;
      found = true;
    }
  // The window: a quarter of it before the first match (the opening of the
  // text when the match was in the title or outlet only), moved back when
  // the text ends sooner.
  size_t start = found ? first - std::min(first, window_tokens / 4) : 0;
  tokens.Has(start + window_tokens);  // one past the window: does the text go on?
  size_t stop = start;
  while (stop < start + window_tokens && tokens.Has(stop)) ++stop;
  if (stop - start < window_tokens) start = stop - std::min(stop, window_tokens);
  const bool more = tokens.Has(stop);
  std::vector<char> marked(stop - start, 0);
  for (size_t i = start; i < stop; ++i)
    for (size_t n = match_at(i), k = 0; k < n && i + k < stop; ++k) marked[i + k - start] = 1;
  std::string out;
  // Markers never come from the text itself.
  auto append = [&out](std::string_view piece) {
    for (char c : piece)
      if (c != '\x02' && c != '\x03') out += c;
  };
  if (start > 0) out += "\u2026";
  size_t pos = tokens[start].begin;
  for (size_t i = start; i < stop; ++i) {
    append(text.substr(pos, tokens[i].begin - pos));
    if (marked[i - start]) out += '\x02';
    append(tokens.Word(i));
    if (marked[i - start]) out += '\x03';
    pos = tokens[i].end;
  }
  if (more) {
    out += "\u2026";
  } else {
    append(text.substr(pos));  // the closing punctuation
  }
  return out;
}

// ---------------------------------------------------------------------------
// The query.

Result<std::vector<SearchHit>> Store::Search(const std::string& query, size_t offset, size_t limit,
                                             int64_t* total) {
  auto parsed = ParseQuery(query);
  if (!parsed.ok()) return parsed.status();
  const std::string& fts = parsed->fts;
  const bool dated = parsed->from_time || parsed->to_time;
  const int64_t from = parsed->from_time.value_or(std::numeric_limits<int64_t>::min());
  const int64_t to = parsed->to_time.value_or(std::numeric_limits<int64_t>::max());
  Status s;
  auto bad_query = [&](int rc) -> Status {
    if (rc == SQLITE_ERROR)
      return Status::InvalidArgument(fmt::format("bad search query: {}", sqlite3_errmsg(impl_->db)));
    return impl_->Error(rc);
  };
  // How many match (up to 10,000): a walk of the match list.
  int64_t matches = 0;
  {
    Stmt& c = impl_->Prepare(
        dated ? "SELECT count(*) FROM (SELECT 1 FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
                "WHERE articles_fts MATCH ?1 AND a.published_time BETWEEN ?2 AND ?3 LIMIT 10000)"
              : "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 10000)",
        &s);
    if (!s.ok()) return s;
    c.Bind(1, fts);
    if (dated) c.Bind(2, from).Bind(3, to);
    int rc = c.Step();
    if (rc == SQLITE_ROW) matches = c.Int(0);
    c.Reset();
    if (rc != SQLITE_ROW) return bad_query(rc);
  }
  if (total) *total = matches;
  std::vector<SearchHit> out;
  if (matches == 0 || offset >= static_cast<size_t>(matches)) return out;

  // Each phrase's IDF (as bm25() computes it, floored at 1e-6), from its
  // matches among all articles: counted when under 1,000, else estimated
  // from how far back its newest 1,000 matches reach. One phrase alone needs
  // none (a constant factor does not change the order).
  auto counts = Count();
  if (!counts.ok()) return counts.status();
  const double rows = static_cast<double>(std::max<int64_t>(1, counts->articles));
  std::vector<double> idf(parsed->phrases.size(), 1.0);
  if (parsed->phrases.size() > 1) {
    Stmt& df = impl_->Prepare(
        "SELECT count(*), min(r) FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ?1 "
        "ORDER BY rowid DESC LIMIT 1000)",
        &s);
    if (!s.ok()) return s;
    for (size_t p = 0; p < parsed->phrases.size(); ++p) {
      df.Bind(1, parsed->phrases[p]);
      int rc = df.Step();
      double n = 0;
      if (rc == SQLITE_ROW) {
        n = static_cast<double>(df.Int(0));
        if (n >= 1000) n = std::min(rows, 1000.0 * rows / std::max(1.0, rows - static_cast<double>(df.Int(1)) + 1));
      }
      df.Reset();
      if (rc != SQLITE_ROW) return bad_query(rc);
      idf[p] = std::max(1e-6, std::log((rows - n + 0.5) / (n + 0.5)));
    }
  }

  // BM25 over the newest kRankedMatches matches (or as many as the page
  // needs): all of them for a rare word; the recent coverage for a common one.
  constexpr size_t kRankedMatches = 200;
  const size_t ranked = std::max(kRankedMatches, offset + limit);
  Stmt& q = impl_->Prepare(
      dated ? "SELECT f.rowid, storyline_rank(articles_fts, ?2) FROM articles_fts f "
              "JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ?1 "
              "AND a.published_time BETWEEN ?4 AND ?5 ORDER BY f.rowid DESC LIMIT ?3"
            : "SELECT rowid, storyline_rank(articles_fts, ?2) FROM articles_fts "
              "WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3",
      &s);
  if (!s.ok()) return s;
  q.Bind(1, fts).Bind(3, static_cast<int64_t>(ranked));
  sqlite3_bind_blob(q.get(), 2, idf.data(), static_cast<int>(idf.size() * sizeof(double)), SQLITE_TRANSIENT);
  if (dated) q.Bind(4, from).Bind(5, to);
  std::vector<std::pair<double, int64_t>> scored;  // rank, seq
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) scored.emplace_back(q.Double(1), q.Int(0));
  q.Reset();
  if (rc != SQLITE_DONE) return bad_query(rc);
  if (offset >= scored.size()) return out;
  const size_t end = std::min(scored.size(), offset + limit);
  // Best first; ties newest first.
  auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; };
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(end), scored.end(), better);

  Stmt& row = impl_->Prepare("SELECT id, story_id, title, outlet, published, url, text FROM articles WHERE seq = ?1",
                             &s);
  if (!s.ok()) return s;
  for (size_t i = offset; i < end; ++i) {
    row.Bind(1, scored[i].second);
    rc = row.Step();
    if (rc == SQLITE_ROW) {
      SearchHit h;
      h.article_id = row.Text(0);
      h.story_id = row.Text(1);
      h.title = row.Text(2);
      h.outlet = row.Text(3);
      h.published = row.Text(4);
      h.url = row.Text(5);
      const char* text = reinterpret_cast<const char*>(sqlite3_column_text(row.get(), 6));
      h.snippet = MakeSnippet(text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(row.get(), 6)))
                                   : std::string_view(),
                              parsed->highlight, 16);
      h.rank = scored[i].first;
      out.push_back(std::move(h));
    }
    row.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Error(rc);
  }
  return out;
}

}  // namespace storyline::store
