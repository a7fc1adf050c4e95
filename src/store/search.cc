// Search: FTS5 finds the matches; ranking and snippets are ours, so that a
// query costs about the same whatever its words.
//
// Why not FTS5's bm25() and snippet(): bm25() computes each term's inverse
// document frequency by walking the term's whole match list on every query
// (every article, for "the": ~100 ms at a million articles), and snippet()
// tokenizes each hit's whole text again. Instead a walk of the matches,
// newest first, scores the newest kRankedMatches by the same BM25 formula in
// an FTS5 auxiliary function (storyline_rank) whose document frequencies are
// estimated from the newest 1,000 matches of each term; when that walk
// stops short it has seen every match, else a second walk counts them (up to
// 10,000). A page's snippets are cut from the stored text around the first
// matched term.
//
// Terms in at least half of the articles weigh nothing in BM25 (their IDF is
// floored), yet FTS5 walks their whole match list to intersect it with a
// rarer term's ("fugoream a": 4.3 ms at a million articles, against 0.3 ms
// for "fugoream" alone). With a SearchCache such terms are bitmaps of the
// articles they are in, and the walk covers the other terms' matches only,
// each tested against the bitmaps.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "store/internal.h"

namespace storyline::store {

namespace {

// The articles (by seq) a search term matches, among seqs 1..covered.
struct Bitmap {
  int64_t covered = 0;
  int64_t count = 0;  // how many of them match
  std::vector<uint64_t> words;
  bool Has(int64_t seq) const {
    return seq >= 1 && seq <= covered && (words[static_cast<size_t>(seq >> 6)] >> (seq & 63) & 1) != 0;
  }
  void Set(int64_t seq) {
    if (seq < 1 || seq > covered) return;
    uint64_t& word = words[static_cast<size_t>(seq >> 6)];
    const uint64_t bit = uint64_t{1} << (seq & 63);
    if (!(word & bit)) ++count;
    word |= bit;
  }
};
constexpr char kBitmapType[] = "storyline_bitmap";

// The bitmaps a match must be in: storyline_in(rowid, filters).
struct Filters {
  std::vector<const Bitmap*> bitmaps;
  bool Admit(int64_t seq) const {
    for (const Bitmap* b : bitmaps)
      if (!b->Has(seq)) return false;
    return true;
  }
};
constexpr char kFiltersType[] = "storyline_filters";

// Every article's length in tokens (its columns together, as FTS5's
// %_docsize holds them), by seq, for seqs 1..covered: BM25's length
// normalisation reads it here instead of a B-tree lookup per ranked match.
struct Lengths {
  int64_t covered = 0;
  std::vector<uint32_t> tokens;  // [seq]
};
constexpr char kLengthsType[] = "storyline_lengths";

// One SQLite varint (the encoding of %_docsize's sizes) from p, moved past.
uint64_t ReadVarint(const unsigned char*& p, const unsigned char* end) {
  uint64_t v = 0;
  for (int i = 0; i < 9 && p < end; ++i) {
    const unsigned char b = *p++;
    if (i == 8) return (v << 8) | b;
    v = (v << 7) | (b & 0x7f);
    if (!(b & 0x80)) return v;
  }
  return v;
}

void StorylineIn(sqlite3_context* ctx, int n_args, sqlite3_value** args) {
  const auto* filters = n_args == 2 ? static_cast<const Filters*>(sqlite3_value_pointer(args[1], kFiltersType)) : nullptr;
  if (!filters) {
    sqlite3_result_error(ctx, "storyline_in(rowid, filters) needs the filters", -1);
    return;
  }
  sqlite3_result_int(ctx, filters->Admit(sqlite3_value_int64(args[0])) ? 1 : 0);
}

}  // namespace

struct SearchCache::Impl {
  struct Entry {
    std::mutex build;  // held while the bitmap is built or extended
    std::mutex mutex;  // guards `bits`
    std::shared_ptr<const Bitmap> bits;
    std::shared_ptr<const Bitmap> Bits() {
      std::lock_guard<std::mutex> lock(mutex);
      return bits;
    }
  };
  // Common terms are few (a language's function words); a bound keeps
  // unusual query streams from growing it without end.
  static constexpr size_t kMaxTerms = 256;
  std::mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries;  // by the phrase's FTS5 expression

  // The bitmap of `phrase` covering seqs 1..articles, read with `extend`
  // (kExtendSql prepared on a connection whose read snapshot holds
  // `articles` articles; `error` names its failures) where it falls short.
  // Null when it is not kept and `create` is false or the cache is full,
  // and while another search builds or extends it (that search walks the
  // index meanwhile instead of waiting: a build is a walk of the term's
  // every match).
  static constexpr char kExtendSql[] =
      "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid > ?2 AND rowid <= ?3";
  // Builds a bitmap whole: storyline_collect walks the phrase's matches
  // inside FTS5, without a step of the statement per match (~3x faster).
  static constexpr char kCollectSql[] =
      "SELECT storyline_collect(articles_fts, ?2) FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1";
  Result<std::shared_ptr<const Bitmap>> Get(const std::string& phrase, int64_t articles, bool create,
                                            const std::function<Stmt*(const char*)>& prepare,
                                            const std::function<Status(int)>& error) {
    const std::string key = KeyOf(phrase);
    Entry* entry = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = entries.find(key);
      if (it == entries.end()) {
        if (!create || entries.size() >= kMaxTerms) return std::shared_ptr<const Bitmap>();
        it = entries.emplace(key, std::make_unique<Entry>()).first;
      }
      entry = it->second.get();
    }
    std::shared_ptr<const Bitmap> current = entry->Bits();
    if (current && current->covered >= articles) return current;
    std::unique_lock<std::mutex> building(entry->build, std::try_to_lock);
    if (!building.owns_lock()) return std::shared_ptr<const Bitmap>();
    current = entry->Bits();  // another search may have finished it
    if (current && current->covered >= articles) return current;
    // A few new articles: their matches added; else built whole.
    const bool whole = !current || articles - current->covered > 100000;
    auto next = std::make_shared<Bitmap>(whole ? Bitmap() : *current);
    const int64_t after = next->covered;
    next->covered = articles;
    next->words.resize(static_cast<size_t>(articles >> 6) + 1, 0);
    Stmt* q = prepare(whole ? kCollectSql : kExtendSql);
    if (!q) return error(SQLITE_ERROR);
    q->Bind(1, phrase);
    if (whole) {
      sqlite3_bind_pointer(q->get(), 2, next.get(), kBitmapType, nullptr);
    } else {
      q->Bind(2, after).Bind(3, articles);
    }
    int rc;
    while ((rc = q->Step()) == SQLITE_ROW)
      if (!whole) next->Set(q->Int(0));
    q->Reset();
    if (rc != SQLITE_DONE) return error(rc);
    std::lock_guard<std::mutex> lock(entry->mutex);
    entry->bits = next;
    return entry->bits;
  }

  // The articles' lengths (seqs 1..articles at best; a search ranks the rows
  // past them with FTS5's own lookup, so they may lag): read once, then
  // extended when 4,096 or more articles are missing (a copy of the whole,
  // 4 bytes an article). Null or short while another search extends them.
  std::mutex lengths_mutex;  // guards `lengths`
  std::mutex lengths_build;  // held while they are extended
  std::shared_ptr<const Lengths> lengths;
  static constexpr char kLengthsSql[] = "SELECT id, sz FROM articles_fts_docsize WHERE id > ?1 AND id <= ?2";
  Result<std::shared_ptr<const Lengths>> GetLengths(int64_t articles, const std::function<Stmt*(const char*)>& prepare,
                                                    const std::function<Status(int)>& error) {
    std::shared_ptr<const Lengths> current;
    {
      std::lock_guard<std::mutex> lock(lengths_mutex);
      current = lengths;
    }
    constexpr int64_t kLag = 4096;
    if (current && articles - current->covered < kLag) return current;
    std::unique_lock<std::mutex> building(lengths_build, std::try_to_lock);
    if (!building.owns_lock()) return current;
    auto next = std::make_shared<Lengths>(current ? *current : Lengths());
    const int64_t after = next->covered;
    next->tokens.resize(static_cast<size_t>(articles) + 1, 0);
    next->covered = articles;
    Stmt* q = prepare(kLengthsSql);
    if (!q) return error(SQLITE_ERROR);
    q->Bind(1, after).Bind(2, articles);
    int rc;
    while ((rc = q->Step()) == SQLITE_ROW) {
      const int64_t seq = q->Int(0);
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(q->get(), 1));
      const auto* end = p + sqlite3_column_bytes(q->get(), 1);
      uint64_t total = 0;
      while (p && p < end) total += ReadVarint(p, end);
      if (seq >= 1 && seq <= articles) next->tokens[static_cast<size_t>(seq)] = static_cast<uint32_t>(total);
    }
    q->Reset();
    if (rc != SQLITE_DONE) return error(rc);
    std::lock_guard<std::mutex> lock(lengths_mutex);
    lengths = next;
    return lengths;
  }

  // One entry per term: a plain ASCII word is one term whatever its case
  // (the tokenizer folds ASCII case); anything else by its expression.
  static std::string KeyOf(const std::string& phrase) {
    if (phrase.size() < 3 || phrase.front() != '"' || phrase.back() != '"') return phrase;
    std::string key;
    for (size_t i = 1; i + 1 < phrase.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(phrase[i]);
      if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) return phrase;
      key += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return "\"" + key + "\"";
  }
};

SearchCache::SearchCache() : impl_(std::make_unique<Impl>()) {}
SearchCache::~SearchCache() = default;
size_t SearchCache::Terms() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->entries.size();
}

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
  int (*xQueryPhrase)(Fts5Context*, int, void*, int (*)(const Fts5ExtensionApi*, Fts5Context*, void*));
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
  if (n_args < 1 || n_args > 2 || sqlite3_value_type(args[0]) != SQLITE_BLOB) {
    sqlite3_result_error(ctx, "storyline_rank(fts, idf blob[, lengths]) needs the IDF blob", -1);
    return;
  }
  const auto* lengths = n_args == 2 ? static_cast<const Lengths*>(sqlite3_value_pointer(args[1], kLengthsType)) : nullptr;
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
  const int64_t seq = api->xRowid(fts);
  if (lengths && seq >= 1 && seq <= lengths->covered) {
    row_tokens = static_cast<int>(lengths->tokens[static_cast<size_t>(seq)]);
  } else {
    api->xColumnSize(fts, -1, &row_tokens);
  }
  const double norm = kK1 * (1 - kB + kB * row_tokens / average_tokens);
  double score = 0;
  for (int p = 0; p < phrases; ++p) score += idf[p] * freq[p] * (kK1 + 1) / (freq[p] + norm);
  sqlite3_result_double(ctx, -score);
}

// storyline_collect(articles_fts, bitmap): sets the bit of every match of
// the query's first phrase in the bitmap (a Bitmap pointer, sized); the
// number of matches.
void StorylineCollect(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args,
                      sqlite3_value** args) {
  auto* bits = n_args == 1 ? static_cast<Bitmap*>(sqlite3_value_pointer(args[0], kBitmapType)) : nullptr;
  if (!bits) {
    sqlite3_result_error(ctx, "storyline_collect(fts, bitmap) needs the bitmap", -1);
    return;
  }
  int rc = api->xQueryPhrase(fts, 0, bits, [](const Fts5ExtensionApi* a, Fts5Context* f, void* user) {
    static_cast<Bitmap*>(user)->Set(a->xRowid(f));
    return SQLITE_OK;
  });
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_int64(ctx, bits->count);
}

// storyline_count(articles_fts, filters, cap): how many matches of the
// query's first phrase are in every bitmap of `filters` (a Filters pointer),
// up to `cap`: the walk of storyline_collect, counting.
void StorylineCount(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args,
                    sqlite3_value** args) {
  const auto* filters = n_args == 2 ? static_cast<const Filters*>(sqlite3_value_pointer(args[0], kFiltersType)) : nullptr;
  if (!filters) {
    sqlite3_result_error(ctx, "storyline_count(fts, filters, cap) needs the filters", -1);
    return;
  }
  struct Walk {
    const Filters* filters;
    int64_t cap, count = 0;
  } walk{filters, sqlite3_value_int64(args[1])};
  int rc = api->xQueryPhrase(fts, 0, &walk, [](const Fts5ExtensionApi* a, Fts5Context* f, void* user) {
    auto* w = static_cast<Walk*>(user);
    if (!w->filters->Admit(a->xRowid(f))) return SQLITE_OK;
    return ++w->count >= w->cap ? SQLITE_DONE : SQLITE_OK;  // DONE ends the walk, not an error
  });
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_int64(ctx, walk.count);
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
  if (api->xCreateFunction(api, "storyline_collect", nullptr, StorylineCollect, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("cannot register storyline_collect: ") + sqlite3_errmsg(db));
  if (api->xCreateFunction(api, "storyline_count", nullptr, StorylineCount, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("cannot register storyline_count: ") + sqlite3_errmsg(db));
  if (sqlite3_create_function_v2(db, "storyline_in", 2, SQLITE_UTF8, nullptr, StorylineIn, nullptr, nullptr,
                                 nullptr) != SQLITE_OK)
    return Status::IoError(std::string("cannot register storyline_in: ") + sqlite3_errmsg(db));
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

namespace {

// One read snapshot for a whole search, so that the article count, the
// bitmaps and the walks see the same articles (unless the caller is in a
// transaction already). Ended however the search ends: a pooled connection
// must not keep an old snapshot.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(sqlite3* db) : db_(db) {
    if (sqlite3_get_autocommit(db_)) began_ = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~ReadSnapshot() {
    if (began_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  sqlite3* db_;
  bool began_ = false;
};

// How many seqs in 1..articles are in every bitmap (each covering them), up
// to `cap`.
int64_t CountInAll(const std::vector<const Bitmap*>& bitmaps, int64_t articles, int64_t cap) {
  int64_t n = 0;
  const size_t last = static_cast<size_t>(articles >> 6);
  for (size_t w = 0; w <= last && n < cap; ++w) {
    uint64_t word = ~uint64_t{0};
    for (const Bitmap* b : bitmaps) word &= b->words[w];
    if (w == last) word &= (articles & 63) == 63 ? ~uint64_t{0} : (uint64_t{1} << ((articles & 63) + 1)) - 1;
    n += __builtin_popcountll(word);
  }
  return std::min(n, cap);
}

// How many articles `phrase` matches (as bm25() counts it for its IDF),
// among `rows`: counted up to 1,000, estimated beyond from how far back its
// newest 1,000 matches reach.
Result<double> EstimateMatches(const std::string& phrase, double rows,
                               const std::function<Stmt*(const char*)>& prepare,
                               const std::function<Status(int)>& error) {
  Stmt* df = prepare(
      "SELECT count(*), min(r) FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ?1 "
      "ORDER BY rowid DESC LIMIT 1000)");
  if (!df) return error(SQLITE_ERROR);
  df->Bind(1, phrase);
  double n = 0;
  int rc = df->Step();
  if (rc == SQLITE_ROW) {
    n = static_cast<double>(df->Int(0));
    if (n >= 1000) n = std::min(rows, 1000.0 * rows / std::max(1.0, rows - static_cast<double>(df->Int(1)) + 1));
  }
  df->Reset();
  if (rc != SQLITE_ROW) return error(rc);
  return n;
}

}  // namespace

Result<size_t> Store::FillSearchCache(size_t sample_articles) {
  if (!impl_->options.search_cache) return size_t{0};
  SearchCache::Impl& cache = impl_->options.search_cache->impl();
  Status s;
  ReadSnapshot snapshot(impl_->db);
  auto counts = Count();
  if (!counts.ok()) return counts.status();
  const int64_t articles = counts->articles;
  if (articles == 0 || sample_articles == 0) return impl_->options.search_cache->Terms();
  // Candidates: the plain ASCII words (the cache keeps one entry per such
  // word; tokens as the snippets read them, folded) in at least a third of
  // a sample of articles spread evenly over arrival order; a word in half of
  // all articles is in fewer than a third of 256 sampled ones with a chance
  // of about 1 in 10^7.
  const int64_t step = std::max<int64_t>(1, articles / static_cast<int64_t>(sample_articles));
  std::unordered_map<std::string, int64_t> sampled_in;
  int64_t sampled = 0;
  {
    Stmt& row = impl_->Prepare("SELECT title, outlet, text FROM articles WHERE seq = ?1", &s);
    if (!s.ok()) return s;
    std::unordered_set<std::string> words;
    for (int64_t seq = 1; seq <= articles; seq += step) {
      row.Bind(1, seq);
      int rc = row.Step();
      if (rc == SQLITE_ROW) {
        words.clear();
        for (int c = 0; c < 3; ++c) {  // the indexed columns
          const char* text = reinterpret_cast<const char*>(sqlite3_column_text(row.get(), c));
          const size_t bytes = static_cast<size_t>(sqlite3_column_bytes(row.get(), c));
          TokenReader tokens(text ? std::string_view(text, bytes) : std::string_view());
          for (size_t i = 0; tokens.Has(i); ++i) {
            const std::string_view word = tokens.Word(i);
            if (std::all_of(word.begin(), word.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }))
              words.insert(Fold(word));
          }
        }
        for (const std::string& w : words) ++sampled_in[w];
        ++sampled;
      }
      row.Reset();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Error(rc);
    }
  }
  std::vector<std::string> candidates;
  for (const auto& [word, n] : sampled_in)
    if (3 * n >= sampled) candidates.push_back(word);
  std::sort(candidates.begin(), candidates.end());
  // Each kept when the index finds it in half the articles or more (as a
  // search would estimate it: from how far back its newest 1,000 matches
  // reach).
  const double rows = static_cast<double>(articles);
  auto prepare = [&](const char* sql) -> Stmt* {
    Stmt& q = impl_->Prepare(sql, &s);
    return s.ok() ? &q : nullptr;
  };
  auto error = [&](int rc) { return impl_->Error(rc); };
  for (const std::string& word : candidates) {
    const std::string phrase = "\"" + word + "\"";
    auto n = EstimateMatches(phrase, rows, prepare, error);
    if (!s.ok()) return s;
    if (!n.ok()) return n.status();
    if (2 * *n < rows) continue;
    auto b = cache.Get(phrase, articles, true, prepare, error);
    if (!s.ok()) return s;
    if (!b.ok()) return b.status();
  }
  auto lengths = cache.GetLengths(articles, prepare, error);
  if (!s.ok()) return s;
  if (!lengths.ok()) return lengths.status();
  return impl_->options.search_cache->Terms();
}

Result<std::vector<SearchHit>> Store::Search(const std::string& query, size_t offset, size_t limit,
                                             int64_t* total) {
  auto parsed = ParseQuery(query);
  if (!parsed.ok()) return parsed.status();
  const bool dated = parsed->from_time || parsed->to_time;
  const int64_t from = parsed->from_time.value_or(std::numeric_limits<int64_t>::min());
  const int64_t to = parsed->to_time.value_or(std::numeric_limits<int64_t>::max());
  Status s;
  auto bad_query = [&](int rc) -> Status {
    if (rc == SQLITE_ERROR)
      return Status::InvalidArgument(fmt::format("bad search query: {}", sqlite3_errmsg(impl_->db)));
    return impl_->Error(rc);
  };
  ReadSnapshot snapshot(impl_->db);
  auto counts = Count();
  if (!counts.ok()) return counts.status();
  const int64_t articles = counts->articles;
  const double rows = static_cast<double>(std::max<int64_t>(1, articles));
  const size_t phrases = parsed->phrases.size();
  constexpr int64_t kCountCap = 10000;  // `total` counts at most this many

  // The bitmaps kept of the query's common terms (a date range needs the
  // article rows, so a dated search walks the index alone).
  SearchCache::Impl* cache =
      dated || !impl_->options.search_cache ? nullptr : &impl_->options.search_cache->impl();
  std::vector<std::shared_ptr<const Bitmap>> bits(phrases);
  auto prepare = [&](const char* sql) -> Stmt* {
    Stmt& q = impl_->Prepare(sql, &s);
    return s.ok() ? &q : nullptr;
  };
  auto bitmap = [&](size_t p, bool create) -> Result<std::shared_ptr<const Bitmap>> {
    auto b = cache->Get(parsed->phrases[p], articles, create, prepare, bad_query);
    if (!s.ok()) return s;
    return b;
  };
  std::shared_ptr<const Lengths> lengths;
  if (cache) {
    for (size_t p = 0; p < phrases; ++p) {
      auto b = bitmap(p, false);
      if (!b.ok()) return b.status();
      bits[p] = std::move(b).value();
    }
    auto l = cache->GetLengths(articles, prepare, bad_query);
    if (!s.ok()) return s;
    if (!l.ok()) return l.status();
    lengths = std::move(l).value();
  }

  // Each phrase's IDF (as bm25() computes it, floored at 1e-6), from its
  // matches among all articles: from its bitmap; else counted when under
  // 1,000, or estimated from how far back its newest 1,000 matches reach.
  // One phrase alone needs none (a constant factor does not change the
  // order). A phrase found in half the articles or more gets a bitmap.
  std::vector<double> idf(phrases, 1.0);
  if (phrases > 1) {
    for (size_t p = 0; p < phrases; ++p) {
      double n = 0;
      if (bits[p]) {
        n = static_cast<double>(bits[p]->count);
      } else {
        auto estimate = EstimateMatches(parsed->phrases[p], rows, prepare, bad_query);
        if (!s.ok()) return s;
        if (!estimate.ok()) return estimate.status();
        n = *estimate;
        if (cache && 2 * n >= rows) {
          auto b = bitmap(p, true);
          if (!b.ok()) return b.status();
          bits[p] = std::move(b).value();
          if (bits[p]) n = static_cast<double>(bits[p]->count);
        }
      }
      idf[p] = std::max(1e-6, std::log((rows - n + 0.5) / (n + 0.5)));
    }
  }
  // Common phrases filter; the others are walked in the index.
  std::vector<const Bitmap*> filters;
  std::vector<size_t> walked;
  for (size_t p = 0; p < phrases; ++p) {
    if (bits[p] && 2 * static_cast<double>(bits[p]->count) >= rows) {
      filters.push_back(bits[p].get());
    } else {
      walked.push_back(p);
    }
  }

  // BM25 over the newest kRankedMatches matches (or as many as the page
  // needs): all of them for a rare word; the recent coverage for a common one.
  constexpr size_t kRankedMatches = 200;
  const size_t ranked = std::max(kRankedMatches, offset + limit);
  int64_t matches = 0;
  std::vector<std::pair<double, int64_t>> scored;  // rank, seq
  const bool counted = !dated && walked.empty();
  if (counted) {
    // Every phrase is common: counted in the bitmaps; the newest matches are
    // dense, so ranking them walks little of the index.
    matches = CountInAll(filters, articles, kCountCap);
    walked.resize(phrases);
    for (size_t p = 0; p < phrases; ++p) walked[p] = p;
    filters.clear();
  }
  // The walked phrases' matches, in every common phrase's bitmap.
  std::string expression;
  std::vector<double> walked_idf;
  for (size_t p : walked) {
    if (!expression.empty()) expression += ' ';
    expression += parsed->phrases[p];
    walked_idf.push_back(idf[p]);
  }
  Filters in_common{filters};
  const bool filtered = !filters.empty();
  if (counted && (matches == 0 || offset >= static_cast<size_t>(matches))) {
    if (total) *total = matches;
    return std::vector<SearchHit>();
  }
  // The newest `ranked` matches, scored.
  {
    Stmt& q = impl_->Prepare(
        dated ? "SELECT f.rowid, storyline_rank(articles_fts, ?2, ?7) FROM articles_fts f "
                "JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ?1 "
                "AND a.published_time BETWEEN ?4 AND ?5 ORDER BY f.rowid DESC LIMIT ?3"
        : filtered ? "SELECT rowid, storyline_rank(articles_fts, ?2, ?7) FROM articles_fts "
                     "WHERE articles_fts MATCH ?1 AND storyline_in(rowid, ?6) ORDER BY rowid DESC LIMIT ?3"
                   : "SELECT rowid, storyline_rank(articles_fts, ?2, ?7) FROM articles_fts "
                     "WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3",
        &s);
    if (!s.ok()) return s;
    q.Bind(1, expression).Bind(3, static_cast<int64_t>(ranked));
    sqlite3_bind_blob(q.get(), 2, walked_idf.data(), static_cast<int>(walked_idf.size() * sizeof(double)),
                      SQLITE_TRANSIENT);
    if (dated) q.Bind(4, from).Bind(5, to);
    if (filtered) sqlite3_bind_pointer(q.get(), 6, &in_common, kFiltersType, nullptr);
    // Unbound (no cache): FTS5 looks each length up.
    if (lengths) sqlite3_bind_pointer(q.get(), 7, const_cast<Lengths*>(lengths.get()), kLengthsType, nullptr);
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) scored.emplace_back(q.Double(1), q.Int(0));
    q.Reset();
    if (rc != SQLITE_DONE) return bad_query(rc);
  }
  // How many match (up to 10,000): when the ranking walk above ended before
  // its limit it saw them all; else a walk of the match list, inside FTS5
  // when one phrase is walked (no statement step per match, ~3x cheaper).
  if (!counted && scored.size() < ranked) {
    matches = std::min<int64_t>(static_cast<int64_t>(scored.size()), kCountCap);
  } else if (!counted && !dated && walked.size() == 1) {
    Stmt& c = impl_->Prepare(
        "SELECT storyline_count(articles_fts, ?2, ?3) FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1", &s);
    if (!s.ok()) return s;
    c.Bind(1, expression).Bind(3, kCountCap);
    sqlite3_bind_pointer(c.get(), 2, &in_common, kFiltersType, nullptr);
    int rc = c.Step();
    if (rc == SQLITE_ROW) matches = c.Int(0);
    c.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return bad_query(rc);
  } else if (!counted) {
    Stmt& c = impl_->Prepare(
        dated ? "SELECT count(*) FROM (SELECT 1 FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
                "WHERE articles_fts MATCH ?1 AND a.published_time BETWEEN ?2 AND ?3 LIMIT 10000)"
        : filtered ? "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 "
                     "AND storyline_in(rowid, ?4) LIMIT 10000)"
                   : "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 10000)",
        &s);
    if (!s.ok()) return s;
    c.Bind(1, expression);
    if (dated) c.Bind(2, from).Bind(3, to);
    if (filtered) sqlite3_bind_pointer(c.get(), 4, &in_common, kFiltersType, nullptr);
    int rc = c.Step();
    if (rc == SQLITE_ROW) matches = c.Int(0);
    c.Reset();
    if (rc != SQLITE_ROW) return bad_query(rc);
  }
  if (matches == 0 || offset >= static_cast<size_t>(matches)) {
    if (total) *total = matches;
    return std::vector<SearchHit>();
  }
  // A lone phrase seen to be in half the articles (its 10,000 matches, or
  // its newest `ranked` ones, within twice as many articles): its bitmap,
  // for the searches to come.
  if (cache && phrases == 1 && !bits[0] && matches >= kCountCap && !scored.empty()) {
    const double oldest = static_cast<double>(scored.back().second);
    if (scored.size() == ranked && 2.0 * static_cast<double>(ranked) >= rows - oldest + 1)
      if (auto b = bitmap(0, true); !b.ok()) return b.status();
  }
  if (total) *total = matches;
  std::vector<SearchHit> out;
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
    int rc = row.Step();
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
