// storyline: the command-line front-end. Each subcommand is one pipeline stage
// (or the pipeline up to a stage) reading files, directories or stdin and
// writing JSON/JSONL or Markdown to stdout; messages go to stderr.
//
// Exit codes (docs/CLI.md):
//   0  every input was read and the output written
//   1  some inputs failed (each named on stderr); the output covers the rest
//   2  usage error
//   3  no input could be read, or the output could not be written

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <map>
#include <cmath>
#include <chrono>
#include <unistd.h>
#include <fstream>
#include <sstream>
#include <cstdio>
#include <algorithm>
#include <iostream>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "ingest/article_json.h"
#include "storyline/brief.h"
#include "storyline/cluster.h"
#include "storyline/dedup.h"
#include "storyline/facts.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "storyline/serve.h"
#include "storyline/store.h"
#include "storyline/watch.h"
#include "store/views.h"

namespace {

using namespace storyline;

constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNothing = 3;

struct CommonFlags {
  std::vector<std::string> inputs;
  ingest::Options ingest;
  unsigned threads = 0;  // documents extracted at a time (0: one per core)
};

void AddCommonFlags(CLI::App* cmd, CommonFlags& flags) {
  cmd->add_option("inputs", flags.inputs, "Files, directories (walked recursively) or - for stdin")
      ->required();
  cmd->add_option("--outlet", flags.ingest.default_outlet, "Outlet of inputs that do not state one");
  cmd->add_option("--published", flags.ingest.default_published,
                  "Publication date (ISO 8601) of inputs that do not state one");
  cmd->add_option("--url", flags.ingest.default_url, "URL of inputs that do not state one");
  cmd->add_option("--language", flags.ingest.default_language,
                  "Language (ISO 639-1) of inputs that do not state one; detected otherwise");
  cmd->add_option("--threads", flags.threads,
                  "Documents extracted at a time (0: one per core); the output is the same for any value")
      ->capture_default_str();
}

// Reads and extracts every input; reports failures on stderr.
struct Extracted {
  std::vector<Article> articles;
  size_t failures = 0;
};

// With `clean` unset the texts are taken as given (no junk removal), so spans
// refer to the input text itself.
Extracted ReadAndExtract(const CommonFlags& flags, bool clean = true) {
  Extracted out;
  // Warnings (a guessed charset, skipped WARC records) name their input and
  // go to stderr; they do not make an input fail.
  ingest::Options options = flags.ingest;
  options.on_warning = [](const std::string& input, const std::string& message) {
    std::cerr << fmt::format("storyline: warning: {}: {}\n", input, message);
  };
  extract::ExtractInputs(
      flags.inputs, options, flags.threads, clean,
      [&](extract::ExtractedDocument doc) {
        for (const std::string& warning : doc.warnings) std::cerr << "storyline: warning: " << warning << "\n";
        out.articles.push_back(std::move(doc.article));
      },
      [&](ingest::InputError error) {
        ++out.failures;
        std::cerr << fmt::format("storyline: {}: {}\n", error.input, error.status.message());
      });
  return out;
}

int ExitCode(const Extracted& e) {
  if (e.articles.empty()) {
    std::cerr << "storyline: no article could be read\n";
    return kExitNothing;
  }
  return e.failures ? kExitSomeFailed : kExitOk;
}

bool Write(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::cerr << "storyline: cannot write the output\n";
    return false;
  }
  return true;
}

int RunExtract(const CommonFlags& flags, bool json) {
  Extracted e = ReadAndExtract(flags);
  std::string out;
  for (const Article& a : e.articles) {
    if (json) {
      out += ingest::Dump(ingest::ArticleJson(a));
      out += '\n';
    } else {
      out += fmt::format("=== {}\n", a.id);
      if (!a.title.empty()) out += fmt::format("title:     {}\n", a.title);
      if (!a.outlet.empty()) out += fmt::format("outlet:    {}\n", a.outlet);
      if (!a.authors.empty()) out += fmt::format("authors:   {}\n", fmt::join(a.authors, ", "));
      if (!a.published.empty()) out += fmt::format("published: {}\n", a.published);
      if (!a.language.empty()) out += fmt::format("language:  {}\n", a.language);
      if (!a.url.empty()) out += fmt::format("url:       {}\n", a.url);
      out += "\n" + a.text + "\n\n";
    }
  }
  if (!Write(out)) return kExitNothing;
  return ExitCode(e);
}

// The articles grouped by story (clustering), with the story's id, largest
// story first, ties in order of the stories' first article.
std::vector<std::pair<std::string, std::vector<Article>>> GroupByStory(std::vector<Article> articles,
                                                                       const cluster::Options& options) {
  cluster::Result result = cluster::ClusterArticles(articles, options);
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<Article>> groups;
  for (size_t i = 0; i < articles.size(); ++i) {
    const std::string& story = result.assignments[i].story_id;
    if (!groups.count(story)) order.push_back(story);
    groups[story].push_back(std::move(articles[i]));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return groups[a].size() > groups[b].size(); });
  std::vector<std::pair<std::string, std::vector<Article>>> out;
  for (const auto& story : order) out.emplace_back(story, std::move(groups[story]));
  return out;
}

// A story none of whose pages is an article (a crawl's home pages, listings,
// error pages, spam) gets no brief unless `all_pages`: a WARC of a news site
// is half such pages. A page that is no article but joins a story of
// articles (a short item taken for a stub) stays in it.
int RunBrief(const CommonFlags& flags, bool json, bool html, const brief::Options& options, bool one_story,
             bool all_pages) {
  Extracted e = ReadAndExtract(flags);
  int code = ExitCode(e);
  if (e.articles.empty()) return code;
  std::vector<brief::Story> stories;
  auto no_article = [&](const std::vector<Article>& pages) {
    return !all_pages && std::none_of(pages.begin(), pages.end(), [](const Article& a) { return a.is_article; });
  };
  size_t left_out = 0;
  if (one_story) {
    if (no_article(e.articles)) left_out = 1;
    else stories.push_back(brief::BuildBrief(std::move(e.articles), options));
  } else {
    for (auto& [story_id, group] : GroupByStory(std::move(e.articles), {})) {
      if (no_article(group)) {
        ++left_out;
        continue;
      }
      stories.push_back(brief::BuildBrief(std::move(group), options));
      stories.back().id = story_id;  // one story, one id: the one `storyline cluster` gives
    }
  }
  if (left_out)
    std::cerr << fmt::format("storyline: {} stor{} of pages that are not articles left out (--all-pages keeps them)\n",
                             left_out, left_out == 1 ? "y" : "ies");
  if (stories.empty()) {
    std::cerr << "storyline: no article page among the inputs: no brief written\n";
    return kExitNothing;
  }
  if (!Write(json ? brief::RenderJson(stories) : html ? brief::RenderHtml(stories) : brief::RenderMarkdown(stories)))
    return kExitNothing;
  return code;
}

int RunCluster(const CommonFlags& flags, bool json, const cluster::Options& options) {
  Extracted e = ReadAndExtract(flags);
  int code = ExitCode(e);
  if (e.articles.empty()) return code;
  cluster::Result result = cluster::ClusterArticles(e.articles, options);
  if (!Write(json ? cluster::RenderJson(result) : cluster::RenderText(result))) return kExitNothing;
  return code;
}

// Dates resolve against each article's publication date (--published gives
// one to inputs that state none).
int RunFacts(const CommonFlags& flags, bool json) {
  Extracted e = ReadAndExtract(flags);
  int code = ExitCode(e);
  std::string out;
  for (const Article& a : e.articles) {
    facts::ArticleFacts f = facts::ReadFacts(a);
    if (json) {
      out += facts::RenderJsonLine(f, a) + "\n";
      continue;
    }
    out += fmt::format("=== {} (dates against {}{})\n", a.id, f.document_date.empty() ? "unknown" : f.document_date,
                       f.document_date_inferred ? ", inferred" : "");
    for (const auto& en : f.entities)
      out += fmt::format("entity  {:<13} {} ({} mention{}){}\n", facts::EntityTypeName(en.type), en.name,
                         en.mentions.size(), en.mentions.size() == 1 ? "" : "s",
                         en.aliases.empty() ? "" : fmt::format(" aka {}", fmt::join(en.aliases, ", ")));
    // A quote without a cue ("Katrina Yu, reporting from Beijing:") reads
    // "Katrina Yu: ...", not "Katrina Yu : ...".
    for (const auto& q : f.quotes)
      out += fmt::format("quote   {}{}{}: \u201c{}\u201d\n", q.speaker.empty() ? "(unknown)" : q.speaker,
                         q.cue.empty() ? "" : " ", q.cue, q.text);
    for (const auto& n : f.numbers) out += fmt::format("number  {} = {} {}\n", n.text, n.value, n.unit);
    // A range ("Mar 20 to 22") shows both days: its value alone is the first.
    for (const auto& d : f.dates)
      out += fmt::format("date    {} = {} {}\n", d.text, d.type,
                         d.start.empty() ? d.value : fmt::format("{} to {}", d.start, d.end));
  }
  if (!Write(out)) return kExitNothing;
  return code;
}

int RunDedup(const CommonFlags& flags, bool json, bool clean, const dedup::Options& options,
             const std::string& index_path) {
  if (Status s = options.Check(); !s.ok()) {
    std::cerr << "storyline: " << s.message() << "\n";
    return kExitUsage;
  }
  Extracted e = ReadAndExtract(flags, clean);
  int code = ExitCode(e);
  if (e.articles.empty()) return code;
  dedup::Report report = dedup::FindReuse(e.articles, options);
  if (!index_path.empty()) {
    // The articles' signatures, saved for later runs and other tools.
    dedup::Index index(options);
    for (const Article& a : e.articles) {
      auto fp = dedup::MakeFingerprint(a.text, options);
      index.Add(a.id, fp, dedup::MakeSignature(fp, options));
    }
    if (Status s = index.Save(index_path); !s.ok()) {
      std::cerr << "storyline: " << s.message() << "\n";
      return kExitNothing;
    }
  }
  if (!Write(json ? dedup::RenderJson(report, e.articles) : dedup::RenderText(report, e.articles)))
    return kExitNothing;
  return code;
}

// Reads, extracts and stores every input as it is read (never holding the
// whole stream), then prints a summary line on stderr.
// Progress of a long ingest on stderr: a bar redrawn in place on a terminal,
// else a JSON object a line every few seconds (for logs and other programs);
// nothing for runs shorter than the first interval.
enum class Progress { kAuto, kBar, kJson, kNone };

class ProgressReporter {
 public:
  explicit ProgressReporter(Progress mode) : start_(Clock::now()), last_(start_) {
    if (mode == Progress::kAuto) mode = ::isatty(STDERR_FILENO) ? Progress::kBar : Progress::kJson;
    mode_ = mode;
    interval_ = mode_ == Progress::kBar ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
    if (const char* ms = std::getenv("STORYLINE_PROGRESS_MS"))  // for tests
      interval_ = std::chrono::milliseconds(std::atoi(ms));
  }
  void Update(size_t read, const store::IngestStats& st, const std::string& input) {
    if (mode_ == Progress::kNone) return;
    auto now = Clock::now();
    if (now - last_ < interval_) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? read / seconds : 0;
    if (mode_ == Progress::kBar) {
      std::string name = input.size() > 40 ? "…" + input.substr(input.size() - 39) : input;
      std::cerr << fmt::format("\r\x1b[2K{} read · {} stored · {} duplicates · {:.0f} articles/s · {:.0f} s · {}",
                               read, st.stored, st.duplicates, rate, seconds, name)
                << std::flush;
      drawn_ = true;
    } else {
      nlohmann::json j{{"progress", "ingest"}, {"read", read},        {"stored", st.stored},
                       {"duplicates", st.duplicates}, {"conflicts", st.conflicts},
                       {"elapsed_s", std::round(seconds * 10) / 10}, {"articles_per_s", std::round(rate)},
                       {"input", input}};
      std::cerr << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  }
  // Clears the bar before the summary line.
  void Finish() {
    if (drawn_) std::cerr << "\r\x1b[2K" << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  Progress mode_;
  Clock::time_point start_, last_;
  Clock::duration interval_;
  bool drawn_ = false;
};

int RunIngest(const CommonFlags& flags, const std::string& db_path, size_t batch, size_t snapshot_every,
              Progress progress_mode) {
  auto store = store::Store::Open(db_path);
  if (!store.ok()) {
    std::cerr << "storyline: " << store.status().message() << "\n";
    return kExitNothing;
  }
  store::IngestOptions options;
  options.batch_articles = batch;
  options.snapshot_articles = snapshot_every;
  options.extract_threads = flags.threads;
  auto ingester = store::Ingester::Open(store->get(), options);
  if (!ingester.ok()) {
    std::cerr << "storyline: " << ingester.status().message() << "\n";
    return kExitNothing;
  }
  if (!(*ingester)->stats().snapshot_note.empty())
    std::cerr << "storyline: warning: " << (*ingester)->stats().snapshot_note << "\n";
  store::Ingester& in = **ingester;
  ingest::Options ingest_options = flags.ingest;
  ingest_options.on_warning = [](const std::string& input, const std::string& message) {
    std::cerr << fmt::format("storyline: warning: {}: {}\n", input, message);
  };
  size_t failures = 0;
  ProgressReporter progress(progress_mode);
  size_t seen = 0;
  store::InputsIngested run = store::IngestInputs(
      in, flags.inputs, ingest_options,
      [&](const Article& article, store::AddOutcome outcome) {
        progress.Update(++seen, in.stats(), article.input);
        if (outcome == store::AddOutcome::kConflict)
          std::cerr << fmt::format("storyline: warning: {}: article {} is stored with other content; kept the "
                                   "stored version\n",
                                   article.input, article.id);
      },
      [&](const ingest::InputError& error) {
        ++failures;
        std::cerr << fmt::format("storyline: {}: {}\n", error.input, error.status.message());
      },
      [](const std::string& warning) { std::cerr << "storyline: warning: " << warning << "\n"; });
  const int64_t read = run.read;
  Status write_error = run.write_error;
  if (write_error.ok()) write_error = in.Commit();
  progress.Finish();
  if (!write_error.ok()) {
    std::cerr << "storyline: " << write_error.message() << "\n";
    return kExitNothing;
  }
  const store::IngestStats& st = in.stats();
  auto counts = (*store)->Count();
  std::cerr << fmt::format(
      "storyline: {}: {} read, {} stored, {} duplicates, {} conflicts, {} merges, {} restored, {} replayed; {} "
      "articles in {} stories\n",
      db_path, read, st.stored, st.duplicates, st.conflicts, st.merges, st.restored, st.replayed,
      counts.ok() ? counts->articles : -1, counts.ok() ? counts->stories : -1);
  if (st.reassigned)
    std::cerr << fmt::format("storyline: warning: {}: the clustering changed since the articles were stored: {} "
                             "articles moved to other stories\n",
                             db_path, st.reassigned);
  if (read == 0) {
    std::cerr << "storyline: no article could be read\n";
    return kExitNothing;
  }
  return failures ? kExitSomeFailed : kExitOk;
}

// The readers of a database: stories, show, search, export. Each opens the
// database read-only (it must exist) and writes to stdout.
Result<std::unique_ptr<store::Store>> OpenForReading(const std::string& db_path) {
  store::Options o;
  o.create_if_missing = false;
  o.read_only = true;
  return store::Store::Open(db_path, o);
}

int Fail(const Status& s) {
  std::cerr << "storyline: " << s.message() << "\n";
  return kExitNothing;
}

std::string DateOf(const std::string& iso) { return iso.substr(0, std::min<size_t>(iso.size(), 16)); }

int RunStories(const std::string& db_path, size_t offset, size_t limit, bool json) {
  auto st = OpenForReading(db_path);
  if (!st.ok()) return Fail(st.status());
  auto rows = (*st)->ListStories(offset, limit);
  if (!rows.ok()) return Fail(rows.status());
  std::string out;
  for (const store::StoryRow& r : *rows) {
    if (json) {
      out += store::DumpJson(store::StoryJson(r)) + "\n";
    } else {
      out += fmt::format("{}  {:>5}  {:<16}  {}\n", r.id, r.article_count,
                         r.last_published.empty() ? "-" : DateOf(r.last_published), r.title);
    }
  }
  return Write(out) ? kExitOk : kExitNothing;
}

enum class ShowFormat { kMarkdown, kJson, kHtml };

int RunShow(const std::string& db_path, const std::string& story_id, ShowFormat format,
            const store::BriefOptions& options) {
  auto st = OpenForReading(db_path);
  if (!st.ok()) return Fail(st.status());
  auto row = (*st)->GetStory(story_id);
  if (!row.ok()) return Fail(row.status());
  if (!row->has_value()) {
    std::cerr << fmt::format("storyline: {}: no story {}\n", db_path, story_id);
    return kExitNothing;
  }
  if (format == ShowFormat::kJson) {
    bool built = false;
    auto brief = store::StoryBriefJson(**st, **row, options, &built);
    if (!brief.ok()) return Fail(brief.status());
    return Write("{\"story\":" + store::DumpJson(store::StoryJson(**row)) + ",\"brief\":" + *brief + "}\n")
               ? kExitOk
               : kExitNothing;
  }
  size_t total = 0;
  auto story = store::BuildStoryBrief(**st, **row, options, &total);
  if (!story.ok()) return Fail(story.status());
  if (total > story->articles.size())
    std::cerr << fmt::format("storyline: note: the brief covers the latest {} of the story's {} articles\n",
                             story->articles.size(), total);
  std::string out = format == ShowFormat::kHtml ? brief::RenderHtml({*story}) : brief::RenderMarkdown({*story});
  return Write(out) ? kExitOk : kExitNothing;
}

int RunSearch(const std::string& db_path, const std::vector<std::string>& words, size_t offset, size_t limit,
              bool json) {
  std::string query;
  for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
  auto st = OpenForReading(db_path);
  if (!st.ok()) return Fail(st.status());
  int64_t total = 0;
  auto hits = (*st)->Search(query, offset, limit, &total);
  if (!hits.ok()) return Fail(hits.status());
  std::string out;
  for (const store::SearchHit& h : *hits) {
    if (json) {
      out += store::DumpJson(store::SearchHitJson(h)) + "\n";
      continue;
    }
    std::string snippet;
    for (char c : h.snippet) {
      if (c == '\x02' || c == '\x03') snippet += "**";
      else snippet += c == '\n' ? ' ' : c;
    }
    out += fmt::format("{}  {}  {}  {}\n    {}\n", h.story_id, h.article_id,
                       h.published.empty() ? "-" : DateOf(h.published), h.title, snippet);
  }
  if (!json) std::cerr << fmt::format("storyline: {} matches{}\n", total, total >= 10000 ? " or more" : "");
  return Write(out) ? kExitOk : kExitNothing;
}

// Every stored article, in arrival order, as JSONL that `ingest` reads back.
int RunExport(const std::string& db_path, int64_t after) {
  auto st = OpenForReading(db_path);
  if (!st.ok()) return Fail(st.status());
  for (;;) {
    auto page = (*st)->ArticlesAfter(after, 1000);
    if (!page.ok()) return Fail(page.status());
    if (page->empty()) return kExitOk;
    std::string out;
    for (const store::StoredArticle& a : *page) {
      out += store::DumpJson(store::StoredArticleJson(a)) + "\n";
      after = a.seq;
    }
    if (!Write(out)) return kExitNothing;
  }
}

// The write token of `serve`, from a file (its first line): never on the
// command line, where other users see it in the process list.
Status ReadToken(const std::string& path, std::string* token) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(fmt::format("{}: cannot read the token file", path));
  std::getline(in, *token);
  while (!token->empty() && (token->back() == '\r' || token->back() == ' ')) token->pop_back();
  if (token->size() < 16)
    return Status::InvalidArgument(fmt::format("{}: the token must be at least 16 characters", path));
  return Status();
}

// Watches sources in rounds until SIGINT or SIGTERM (or after one round with
// --once), storing what is new; one line per source with news and one summary
// line per round on stderr.
int RunWatch(const CommonFlags& flags, const std::string& db_path, watch::Options options, double interval,
             bool once) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // a signal ends the loop between rounds
  auto st = store::Store::Open(db_path);
  if (!st.ok()) return Fail(st.status());
  options.sources = flags.inputs;
  options.read = flags.ingest;
  options.on_message = [](const std::string& line) { std::cerr << "storyline: watch: " << line << "\n"; };
  auto watcher = watch::Watcher::Open(st->get(), options);
  if (!watcher.ok()) return Fail(watcher.status());
  bool any_failed = false;
  for (int round = 1;; ++round) {
    auto stats = (*watcher)->RunRound();
    if (!stats.ok()) return Fail(stats.status());
    any_failed |= stats->sources_failed > 0;
    auto counts = (*st)->Count();
    std::cerr << fmt::format(
        "storyline: watch: round {}: {} sources changed, {} unchanged, {} failed; {} read, {} stored, {} "
        "duplicates; {} articles in {} stories\n",
        round, stats->sources_changed, stats->sources_unchanged, stats->sources_failed, stats->articles_read,
        stats->stored, stats->duplicates, counts.ok() ? counts->articles : -1, counts.ok() ? counts->stories : -1);
    if (once) return any_failed ? kExitSomeFailed : kExitOk;
    timespec wait{static_cast<time_t>(interval), static_cast<long>((interval - static_cast<time_t>(interval)) * 1e9)};
    if (sigtimedwait(&signals, nullptr, &wait) > 0) return kExitOk;
  }
}

// Serves the API and web UI until SIGINT or SIGTERM; prints the URL on stdout.
int RunServe(const serve::Options& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server's threads inherit the mask
  auto server = serve::Server::Start(options);
  if (!server.ok()) {
    std::cerr << "storyline: " << server.status().message() << "\n";
    return kExitNothing;
  }
  std::cout << "storyline: serving " << options.db_path << " at " << (*server)->url() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  (*server)->Stop();
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Storyline: news articles in, stories with cited multi-source briefs out."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "storyline 0.1.0");

  CommonFlags extract_flags;
  bool extract_json = false;
  auto* extract_cmd = app.add_subcommand("extract", "Extract articles: title, metadata, clean body");
  AddCommonFlags(extract_cmd, extract_flags);
  extract_cmd->add_flag("--json", extract_json, "One JSON object per article (JSONL)");

  CommonFlags brief_flags;
  bool brief_json = false;
  brief::Options brief_options;
  auto* brief_cmd = app.add_subcommand("brief", "Group the inputs into stories and write a cited brief of each");
  AddCommonFlags(brief_cmd, brief_flags);
  auto* brief_json_flag = brief_cmd->add_flag("--json", brief_json, "JSON output (docs/FORMATS.md) instead of Markdown");
  bool brief_html = false;
  brief_cmd->add_flag("--html", brief_html, "One self-contained HTML page instead of Markdown")->excludes(brief_json_flag);
  bool brief_one_story = false;
  brief_cmd->add_flag("--one-story", brief_one_story, "Take all inputs as one story (no clustering)");
  bool brief_all_pages = false;
  brief_cmd->add_flag("--all-pages", brief_all_pages,
                      "Also brief stories made only of pages that are not articles (home pages, listings)");
  brief_cmd->add_option("--min-sentences", brief_options.min_sentences, "Fewest summary sentences")
      ->check(CLI::Range(1, 50));
  brief_cmd->add_option("--max-sentences", brief_options.max_sentences, "Most summary sentences")
      ->check(CLI::Range(1, 50));
  brief_cmd->add_option("--summary-words", brief_options.summary_words,
                        "Cut the summary at this many words (0: no cut)");

  CommonFlags cluster_flags;
  bool cluster_json = false;
  cluster::Options cluster_options;
  auto* cluster_cmd = app.add_subcommand("cluster", "Group articles into stories, in input order, online");
  AddCommonFlags(cluster_cmd, cluster_flags);
  cluster_cmd->add_flag("--json", cluster_json, "JSON (docs/FORMATS.md) instead of text");
  cluster_cmd->add_option("--join-threshold", cluster_options.join_threshold,
                          "Join probability needed to join a story")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cluster_cmd->add_option("--window-hours", cluster_options.window_hours,
                          "Stories idle longer than this retire")
      ->capture_default_str();

  CommonFlags facts_flags;
  bool facts_json = false;
  auto* facts_cmd = app.add_subcommand("facts", "Entities, quotes, numbers and dates of each article");
  AddCommonFlags(facts_cmd, facts_flags);
  facts_cmd->add_flag("--json", facts_json, "One JSON object per article (docs/FORMATS.md)");

  CommonFlags dedup_flags;
  bool dedup_json = false, dedup_no_clean = false;
  dedup::Options dedup_options;
  std::string dedup_index;
  auto* dedup_cmd = app.add_subcommand("dedup", "Find duplicates, near-duplicates and shared passages");
  AddCommonFlags(dedup_cmd, dedup_flags);
  dedup_cmd->add_flag("--json", dedup_json, "JSON report (docs/FORMATS.md) instead of text");
  dedup_cmd->add_flag("--no-clean", dedup_no_clean, "Take texts as given: no junk removal");
  dedup_cmd->add_option("--shingle", dedup_options.shingle_words, "Words per shingle")->capture_default_str();
  dedup_cmd->add_option("--bands", dedup_options.bands, "LSH bands")->capture_default_str();
  dedup_cmd->add_option("--rows", dedup_options.rows, "LSH rows per band")->capture_default_str();
  dedup_cmd->add_option("--threshold", dedup_options.near_threshold, "Jaccard for a near-duplicate")
      ->capture_default_str();
  dedup_cmd->add_option("--min-span", dedup_options.min_span_words, "Shortest shared passage, in words")
      ->capture_default_str();
  dedup_cmd->add_option("--min-quote", dedup_options.min_quote_words, "Shortest shared quotation, in words")
      ->capture_default_str();
  dedup_cmd->add_option("--anchor-window", dedup_options.anchor_window,
                        "Winnowing window of the passage index (0: off)")
      ->capture_default_str();
  dedup_cmd->add_option("--save-index", dedup_index, "Also save the articles' signature index to this file");

  CommonFlags ingest_flags;
  // Storing and clustering are sequential and dominate ingest: more
  // extraction threads mostly wait (and spin), so ingest extracts in one
  // thread unless told otherwise (store::IngestOptions::extract_threads).
  ingest_flags.threads = 1;
  std::string ingest_db;
  size_t ingest_batch = store::IngestOptions{}.batch_articles;
  auto* ingest_cmd = app.add_subcommand("ingest", "Store articles and their stories in a database (exactly once)");
  AddCommonFlags(ingest_cmd, ingest_flags);
  ingest_cmd->add_option("--db", ingest_db, "The SQLite database file (created when missing)")->required();
  Progress ingest_progress = Progress::kAuto;
  ingest_cmd
      ->add_option("--progress", ingest_progress,
                   "auto: a bar on a terminal, else JSON lines every 2 s; bar; json; none")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Progress>{
              {"auto", Progress::kAuto}, {"bar", Progress::kBar}, {"json", Progress::kJson}, {"none", Progress::kNone}},
          CLI::ignore_case));
  ingest_cmd->add_option("--batch", ingest_batch, "Articles per transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  size_t ingest_snapshot_every = store::IngestOptions{}.snapshot_articles;
  ingest_cmd
      ->add_option("--snapshot-every", ingest_snapshot_every,
                   "Save the clusterer's state with the articles every N stored articles (and on exit), so the "
                   "next run replays only what came after it; 0: on exit only")
      ->capture_default_str();

  serve::Options serve_options;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the JSON API and the web UI over a database");
  serve_cmd->add_option("--db", serve_options.db_path, "The SQLite database file (from storyline ingest)")
      ->required();
  serve_cmd->add_option("--port", serve_options.port, "TCP port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--host", serve_options.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--threads", serve_options.threads, "Worker threads (each keeps one client connection)")
      ->capture_default_str()
      ->check(CLI::Range(2, 1024));
  serve_cmd->add_option("--active", serve_options.active_requests,
                        "Requests worked on at once, the rest waiting in arrival order (0: one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));

  serve_cmd->add_option("--warm-stories", serve_options.warm_stories,
                        "Keep the briefs of this many newest stories built ahead, in the background (0: none; "
                        "default: all)");

  std::string token_file;
  serve_cmd->add_option("--token-file", token_file,
                        "File whose first line is the token that POST /api/articles needs (writes off without it)");
  serve_cmd->add_option("--rate-limit", serve_options.rate_limit, "Requests per second per client address (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  serve_cmd->add_option("--max-upload", serve_options.max_upload_bytes, "Largest request body, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));

  CommonFlags watch_flags;
  std::string watch_db;
  watch::Options watch_options;
  double watch_interval = 300;
  bool watch_once = false;
  auto* watch_cmd = app.add_subcommand("watch", "Poll folders, files and feed URLs; store what is new");
  AddCommonFlags(watch_cmd, watch_flags);
  watch_cmd->add_option("--db", watch_db, "The SQLite database file (created when missing)")->required();
  watch_cmd->add_option("--interval", watch_interval, "Seconds between rounds")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0 * 7));
  watch_cmd->add_flag("--once", watch_once, "One round, then exit");
  watch_cmd->add_option("--host-delay", watch_options.host_delay_seconds, "Seconds between two requests to one host")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  watch_cmd->add_option("--retries", watch_options.retries, "Retries of a failed request (back-off doubles)")
      ->capture_default_str()
      ->check(CLI::Range(0, 20));
  watch_cmd->add_option("--timeout", watch_options.timeout_seconds, "Seconds per request")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));

  std::string read_db;
  size_t read_offset = 0, read_limit = 20;
  bool read_json = false;
  auto add_db = [&](CLI::App* cmd) {
    cmd->add_option("--db", read_db, "The SQLite database file (from storyline ingest)")->required();
  };
  auto add_paging = [&](CLI::App* cmd) {
    cmd->add_option("--offset", read_offset, "Skip this many")->capture_default_str();
    cmd->add_option("--limit", read_limit, "Print at most this many")->capture_default_str()->check(CLI::Range(1, 100000));
    cmd->add_flag("--json", read_json, "One JSON object per line (docs/API.md shapes)");
  };
  auto* stories_cmd = app.add_subcommand("stories", "List a database's stories, newest first");
  add_db(stories_cmd);
  add_paging(stories_cmd);

  std::string show_story;
  bool show_json = false, show_html = false;
  store::BriefOptions show_options;
  auto* show_cmd = app.add_subcommand("show", "Write the brief of one stored story");
  add_db(show_cmd);
  show_cmd->add_option("story", show_story, "The story id (from storyline stories)")->required();
  auto* show_json_flag = show_cmd->add_flag("--json", show_json, "The story and its brief as the API serves them");
  show_cmd->add_flag("--html", show_html, "One self-contained HTML page")->excludes(show_json_flag);
  show_cmd->add_option("--max-articles", show_options.max_articles, "Brief the story's latest this-many articles")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));

  std::vector<std::string> search_words;
  auto* search_cmd = app.add_subcommand("search", "Full-text search of a database's articles");
  add_db(search_cmd);
  search_cmd->add_option("query", search_words, "Words (all required); \"quoted words\" make a phrase")->required();
  add_paging(search_cmd);

  int64_t export_after = 0;
  auto* export_cmd = app.add_subcommand("export", "Write every stored article as JSONL, in arrival order");
  add_db(export_cmd);
  export_cmd->add_option("--after", export_after, "Only articles that arrived after this seq")->capture_default_str();

  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      std::cerr << fmt::format("storyline: {} is not a command; the commands are {}\n", argv[1], fmt::join(commands, ", "));
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e) == 0 ? kExitOk : kExitUsage;  // --help
    // Usage errors read like every other message of the tool.
    std::cerr << "storyline: " << e.what() << " (storyline --help, or storyline COMMAND --help)\n";
    return kExitUsage;
  }
  if (brief_options.min_sentences > brief_options.max_sentences) {
    std::cerr << "storyline: --min-sentences is larger than --max-sentences\n";
    return kExitUsage;
  }
  if (*extract_cmd) return RunExtract(extract_flags, extract_json);
  if (*brief_cmd) return RunBrief(brief_flags, brief_json, brief_html, brief_options, brief_one_story, brief_all_pages);
  if (*cluster_cmd) return RunCluster(cluster_flags, cluster_json, cluster_options);
  if (*facts_cmd) return RunFacts(facts_flags, facts_json);
  if (*serve_cmd) {
    if (!token_file.empty()) {
      if (Status s = ReadToken(token_file, &serve_options.write_token); !s.ok()) {
        std::cerr << "storyline: " << s.message() << "\n";
        return kExitUsage;
      }
    }
    return RunServe(serve_options);
  }
  if (*watch_cmd) return RunWatch(watch_flags, watch_db, watch_options, watch_interval, watch_once);
  if (*stories_cmd) return RunStories(read_db, read_offset, read_limit, read_json);
  if (*show_cmd)
    return RunShow(read_db, show_story, show_json ? ShowFormat::kJson : show_html ? ShowFormat::kHtml : ShowFormat::kMarkdown,
                   show_options);
  if (*search_cmd) return RunSearch(read_db, search_words, read_offset, read_limit, read_json);
  if (*export_cmd) return RunExport(read_db, export_after);
  if (*ingest_cmd) return RunIngest(ingest_flags, ingest_db, ingest_batch, ingest_snapshot_every, ingest_progress);
  if (*dedup_cmd) return RunDedup(dedup_flags, dedup_json, !dedup_no_clean, dedup_options, dedup_index);
  return kExitUsage;
}
