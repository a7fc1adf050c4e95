// End-to-end tests of the storyline binary: exit codes, messages, output shape.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/temp_dir.h"

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `storyline ARGS` through the shell; stdout and stderr are captured.
CliRun Storyline(const std::string& args, const std::string& stdin_file = "", const std::string& env = "") {
  fs::path err_file = fs::temp_directory_path() / ("storyline_cli_err_" + std::to_string(::getpid()));
  std::string cmd = (env.empty() ? "" : env + " ") + std::string(STORYLINE_BINARY) + " " + args + " 2>" + err_file.string();
  if (!stdin_file.empty()) cmd += " <" + stdin_file;
  CliRun run{};
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return {-1, "", "popen failed"};
  std::array<char, 65536> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::stringstream ss;
  ss << err.rdbuf();
  run.err = ss.str();
  fs::remove(err_file);
  return run;
}

using CliTest = storyline::testing::TempDirTest;

const char* kArticle =
    "Port workers begin a three-day strike\n"
    "Outlet: Test Gazette\n"
    "Published: 2025-06-12\n"
    "\n"
    "Dock workers at the port of Calder walked out on Monday in a dispute over pay, the union said.\n"
    "\n"
    "The strike is expected to last three days and has halted container traffic at the port.\n";

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Storyline("").exit_code, 2);
  EXPECT_EQ(Storyline("no-such-command").exit_code, 2);
  EXPECT_EQ(Storyline("brief").exit_code, 2);  // no input
  EXPECT_EQ(Storyline("brief --max-sentences 2 --min-sentences 5 x").exit_code, 2);
  // Named like every other message, with where help is.
  CliRun unknown = Storyline("no-such-command");
  EXPECT_EQ(unknown.err.rfind("storyline: no-such-command is not a command; the commands are extract, brief", 0), 0u)
      << unknown.err;
  CliRun missing = Storyline("brief");
  EXPECT_EQ(missing.err.rfind("storyline: ", 0), 0u) << missing.err;
  EXPECT_NE(missing.err.find("--help"), std::string::npos) << missing.err;
  EXPECT_EQ(Storyline("--help").exit_code, 0);
}

TEST_F(CliTest, ExtractWritesOneJsonLinePerArticle) {
  auto a = Write("strike.txt", kArticle);
  CliRun run = Storyline("extract --json " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["id"], "strike");
  EXPECT_EQ(j["title"], "Port workers begin a three-day strike");
  EXPECT_EQ(j["outlet"], "Test Gazette");
  EXPECT_EQ(j["published"], "2025-06-12");
  EXPECT_EQ(j["language"], "en");
  for (const char* key : {"id", "url", "outlet", "title", "authors", "published", "language", "text"})
    EXPECT_TRUE(j.contains(key)) << key;
}

// The facts listing shows a date range's both days (its value is the first
// day alone) and a quote without a cue as "Speaker: ...".
TEST_F(CliTest, FactsListingShowsRangesWhole) {
  auto a = Write("visit.txt",
                 "Leader to visit Calder\nPublished: 2023-03-17\n\n"
                 "The president will be in Calder from Mar 20 to 22 for a state visit, the palace said on Friday.\n\n"
                 "Calder Radio\u2019s Ana Ruiz, reporting from the capital, on the visit:\n\n"
                 "\u201cThis trip is about trade between the two countries and nothing else.\n");
  CliRun run = Storyline("facts " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("date    Mar 20 to 22 = DATE 2023-03-20 to 2023-03-22\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("quote   Ana Ruiz: \u201cThis trip is about trade"), std::string::npos) << run.out;
}

TEST_F(CliTest, SomeBadInputsExitWithOneAndNameEachInput) {
  auto good = Write("good.txt", kArticle);
  auto empty = Write("empty.txt", "");
  auto binary = Write("bin.txt", std::string("\0\1\2\3\0\0\0binary", 13));
  auto bad = Write("bad.txt", "Title\nbad \xff byte");
  std::string missing = (dir_ / "missing.txt").string();
  CliRun run = Storyline("extract --json " + empty + " " + binary + " " + good + " " + bad + " " + missing);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(empty + ": empty"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(binary + ": binary"), std::string::npos) << run.err;
  // Invalid UTF-8 in a text file is decoded from its likely charset, with a
  // warning naming the input and the first bad byte.
  EXPECT_NE(run.err.find("warning: " + bad + ": invalid UTF-8 at byte offset 10"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(missing + ": no such file"), std::string::npos) << run.err;
  // The good input (and the decoded one) are still extracted.
  std::vector<std::string> ids;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) ids.push_back(nlohmann::json::parse(line)["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"good", "bad"}));
}

TEST_F(CliTest, NothingReadableExitsWithThree) {
  auto empty = Write("empty.txt", "");
  CliRun run = Storyline("brief " + empty);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("no article could be read"), std::string::npos);
}

TEST_F(CliTest, ReadsStdin) {
  auto a = Write("in.jsonl", "{\"id\":\"from-stdin\",\"title\":\"T\",\"text\":\"A body sentence here.\"}\n");
  CliRun run = Storyline("extract --json -", a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["id"], "from-stdin");
}

TEST_F(CliTest, BriefJsonHasEveryKey) {
  auto a = Write("strike.txt", kArticle);
  CliRun run = Storyline("brief --json " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["stories"].size(), 1u);
  const auto& story = j["stories"][0];
  for (const char* key : {"id", "headline", "articles", "summary", "claims", "quotes", "entities", "numbers", "dates",
                          "conflicts", "reuse", "timeline"})
    EXPECT_TRUE(story.contains(key)) << key;
  EXPECT_EQ(story["headline"], "Port workers begin a three-day strike");
  ASSERT_FALSE(story["summary"].empty());
  EXPECT_EQ(story["summary"][0]["sources"][0], "strike");
}

// A story made only of pages that are not articles (a crawl's listing pages)
// gets no brief unless --all-pages, and stderr says how many were left out.
TEST_F(CliTest, BriefLeavesOutStoriesOfPagesThatAreNotArticles) {
  auto a = Write("strike.txt", kArticle);
  auto listing = Write("latest.html",
                       "<!doctype html><html><head><title>Latest news | Test Gazette</title></head><body><ul>"
                       "<li><a href=\"/one\">Port strike enters second day</a></li>"
                       "<li><a href=\"/two\">Council approves new bridge</a></li></ul></body></html>");
  CliRun run = Storyline("brief --json " + a + " " + listing);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["stories"].size(), 1u);
  EXPECT_EQ(j["stories"][0]["headline"], "Port workers begin a three-day strike");
  EXPECT_NE(run.err.find("1 story of pages that are not articles left out"), std::string::npos) << run.err;
  CliRun all = Storyline("brief --json --all-pages " + a + " " + listing);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(nlohmann::json::parse(all.out)["stories"].size(), 2u);
  // Nothing but such pages: no brief, and the exit code says so.
  CliRun none = Storyline("brief " + listing);
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_TRUE(none.out.empty()) << none.out;
  EXPECT_NE(none.err.find("no article page among the inputs"), std::string::npos) << none.err;
}

// `brief --html`: one self-contained page; markup in an article's title,
// outlet or body comes out as text; a javascript: URL is not made a link.
TEST_F(CliTest, BriefHtmlEscapesEverything) {
  auto a = Write("evil.txt",
                 "Strike <script>alert(1)</script> at the port\n"
                 "Outlet: Gazette <b>&</b> Co\n"
                 "URL: javascript:alert(2)\n"
                 "Published: 2025-06-12\n"
                 "\n"
                 "Dock workers at the port of Calder <script>alert(3)</script> walked out on Monday in a dispute over "
                 "pay, the union said.\n"
                 "\n"
                 "The strike is expected to last three days and has halted container traffic at the port.\n");
  CliRun run = Storyline("brief --html " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("<!DOCTYPE html>")) << run.out.substr(0, 100);
  EXPECT_EQ(run.out.find("<script"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("<b>"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("href=\"javascript"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(run.out.find("&lt;script&gt;alert(3)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(run.out.find("Gazette &lt;b&gt;&amp;&lt;/b&gt; Co"), std::string::npos);
  // Nothing is fetched: no external resource.
  EXPECT_EQ(run.out.find("src="), std::string::npos);
  EXPECT_EQ(run.out.find("<link"), std::string::npos);
  EXPECT_EQ(Storyline("brief --html --json " + a).exit_code, 2);  // one output format
}

TEST_F(CliTest, BriefOnTheBundledSampleCorpus) {
  fs::path corpus = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  if (!fs::exists(corpus / "corpus")) GTEST_SKIP() << "examples/corpus is missing";
  CliRun run = Storyline("brief --json " + (corpus / "corpus").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_FALSE(j["stories"].empty());
  EXPECT_GE(j["stories"][0]["summary"].size(), 3u);
}

TEST_F(CliTest, BriefStoriesCarryTheClusterStoryIds) {
  // One story, one id: `brief` names each story as `cluster` does.
  fs::path corpus = fs::path(STORYLINE_SOURCE_DIR) / "examples" / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "examples/corpus is missing";
  CliRun brief = Storyline("brief --json " + corpus.string());
  CliRun cluster = Storyline("cluster --json " + corpus.string());
  ASSERT_EQ(brief.exit_code, 0) << brief.err;
  ASSERT_EQ(cluster.exit_code, 0) << cluster.err;
  std::map<std::string, std::set<std::string>> cluster_stories;
  const auto clustered = nlohmann::json::parse(cluster.out);
  for (const auto& s : clustered["stories"])
    cluster_stories[s["id"].get<std::string>()] = s["articles"].get<std::set<std::string>>();
  const auto stories = nlohmann::json::parse(brief.out)["stories"];
  EXPECT_EQ(stories.size(), cluster_stories.size());  // a brief for every story
  for (const auto& s : stories) {
    ASSERT_TRUE(cluster_stories.count(s["id"].get<std::string>())) << s["id"];
    std::set<std::string> ids;
    for (const auto& a : s["articles"]) ids.insert(a["id"].get<std::string>());
    EXPECT_EQ(ids, cluster_stories[s["id"].get<std::string>()]) << s["id"];
  }
}

TEST_F(CliTest, MarkdownBriefCitesOutlets) {
  auto a = Write("a.txt", kArticle);
  CliRun run = Storyline("brief " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("# Port workers begin a three-day strike", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("[Test Gazette]"), std::string::npos) << run.out;
}

const char* kWire =
    "Dockworkers at the Port of Calder will walk off the job on Monday after contract talks with terminal "
    "operators collapsed late on Wednesday, the dock workers\u2019 union said on Thursday in a statement.";

TEST_F(CliTest, DedupExplainsEachPairSideBySide) {
  auto a = Write("calder-a.txt", std::string("Calder strike\nOutlet: A\n\n") + kWire +
                                     "\n\nThe port handles a third of the country's container trade.\n");
  auto b = Write("calder-b.txt", std::string("Dock strike looms\nOutlet: B\n\nShipping lines are already diverting "
                                             "vessels.\n\n") + kWire + "\n");
  CliRun run = Storyline("dedup " + a + " " + b);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("== calder-a ~ calder-b"), std::string::npos) << run.out;
  // Both sides of the shared passage, in two columns.
  EXPECT_NE(run.out.find("Dockworkers at the Port of Calder will walk off the job on | Dockworkers at the Port of Calder will walk off the job on"),
            std::string::npos) << run.out;

  CliRun json = Storyline("dedup --json " + a + " " + b);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["pairs"].size(), 1u);
  const auto& pair = j["pairs"][0];
  EXPECT_EQ(pair["a"], "calder-a");
  EXPECT_EQ(pair["b"], "calder-b");
  ASSERT_EQ(pair["spans"].size(), 1u);
  // Code point offsets: the passage starts the body of a and follows one
  // 45-character paragraph and a blank line in b.
  EXPECT_EQ(pair["spans"][0]["a"][0], 0);
  EXPECT_EQ(pair["spans"][0]["b"][0], 47);
  // Mapped back to the input files: after the title and header lines.
  EXPECT_EQ(pair["spans"][0]["input_a"][0], 25);  // "Calder strike\nOutlet: A\n\n"
  EXPECT_EQ(pair["spans"][0]["input_b"][0], 29 + 47);  // "Dock strike looms\nOutlet: B\n\n" is 29 bytes
  EXPECT_EQ(j["reuse"][0]["input_spans"]["calder-a"][0], 25);
  ASSERT_EQ(j["reuse"].size(), 1u);
  EXPECT_EQ(j["reuse"][0]["sources"], nlohmann::json::array({"calder-a", "calder-b"}));
  EXPECT_TRUE(j["stats"].contains("bytes_per_article"));
}

TEST_F(CliTest, DedupRefusesImpossibleOptions) {
  auto a = Write("a.txt", kArticle);
  EXPECT_EQ(Storyline("dedup --bands 0 " + a).exit_code, 2);
  EXPECT_EQ(Storyline("dedup --shingle 0 " + a).exit_code, 2);
}

TEST_F(CliTest, DedupSavesAnIndex) {
  auto a = Write("a.txt", kArticle);
  std::string index = (dir_ / "index.sldx").string();
  CliRun run = Storyline("dedup --save-index " + index + " " + a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(index));
}

}  // namespace

namespace storyline_cli_store_tests {

std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST_F(CliTest, StoreReadersListShowSearchAndExport) {
  fs::path corpus = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  if (!fs::exists(corpus / "corpus")) GTEST_SKIP() << "examples/corpus is missing";
  std::string db = (dir_ / "s.db").string();
  CliRun ingest = Storyline("ingest --db " + db + " " + (corpus / "corpus").string() + " " +
                            (corpus / "corpus.jsonl").string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;

  CliRun stories = Storyline("stories --db " + db + " --json --limit 100");
  ASSERT_EQ(stories.exit_code, 0) << stories.err;
  auto rows = JsonLines(stories.out);
  ASSERT_GE(rows.size(), 5u);
  int sum = 0;
  for (const auto& r : rows) sum += r["article_count"].get<int>();
  EXPECT_EQ(sum, 25);
  CliRun listing = Storyline("stories --db " + db + " --limit 2");
  EXPECT_EQ(std::count(listing.out.begin(), listing.out.end(), '\n'), 2) << listing.out;
  EXPECT_EQ(listing.out.rfind(rows[0]["id"].get<std::string>(), 0), 0u) << listing.out;

  // show: the brief of one story, named with the story's id, in all three forms.
  std::string id = rows[0]["id"];
  CliRun md = Storyline("show --db " + db + " " + id);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("# ", 0), 0u);
  EXPECT_NE(md.out.find("story " + id), std::string::npos) << md.out;
  CliRun js = Storyline("show --json --db " + db + " " + id);
  ASSERT_EQ(js.exit_code, 0) << js.err;
  auto shown = nlohmann::json::parse(js.out);
  EXPECT_EQ(shown["story"]["id"], id);
  EXPECT_EQ(shown["brief"]["id"], id);
  EXPECT_EQ(shown["brief"]["articles_in_story"], rows[0]["article_count"]);
  CliRun html = Storyline("show --html --db " + db + " " + id);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_NE(html.out.find("<!DOCTYPE html>"), std::string::npos);
  CliRun missing = Storyline("show --db " + db + " c0000000000000000");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("no story c0000000000000000"), std::string::npos) << missing.err;

  // search: hits name their story; words are all required.
  CliRun search = Storyline("search --db " + db + " --json earthquake");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  auto hits = JsonLines(search.out);
  ASSERT_FALSE(hits.empty());
  for (const auto& h : hits) EXPECT_EQ(h["story_id"].get<std::string>().size(), 17u);
  EXPECT_TRUE(Storyline("search --db " + db + " --json earthquake zzzyxq").out.empty());

  // export: every article once, in arrival order, readable by ingest; a new
  // database ingested from it has the same stories with the same ids.
  CliRun exported = Storyline("export --db " + db);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto articles = JsonLines(exported.out);
  ASSERT_EQ(articles.size(), 25u);
  for (size_t i = 0; i < articles.size(); ++i) EXPECT_EQ(articles[i]["seq"], static_cast<int>(i + 1));
  std::string copy = Write("export.jsonl", exported.out);
  std::string db2 = (dir_ / "copy.db").string();
  ASSERT_EQ(Storyline("ingest --db " + db2 + " " + copy).exit_code, 0);
  EXPECT_EQ(Storyline("stories --db " + db2 + " --json --limit 100").out, stories.out);
  EXPECT_EQ(Storyline("export --db " + db + " --after 24").out, exported.out.substr(exported.out.rfind('{')));

  // Readers never create a database.
  CliRun none = Storyline("stories --db " + (dir_ / "none.db").string());
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_FALSE(fs::exists(dir_ / "none.db"));
}

TEST_F(CliTest, ServeRefusesAShortTokenFile) {
  std::string token = Write("token", "short\n");
  CliRun run = Storyline("serve --db x.db --port 0 --token-file " + token);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("at least 16 characters"), std::string::npos) << run.err;
}

}  // namespace storyline_cli_store_tests

TEST_F(CliTest, WatchOnceStoresWhatIsNewInAFolder) {
  std::string folder = (dir_ / "in").string();
  fs::create_directories(folder);
  Write("in/a.txt", kArticle);
  std::string db = (dir_ / "w.db").string();
  CliRun first = Storyline("watch --once --db " + db + " " + folder);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("round 1: 1 sources changed, 0 unchanged, 0 failed; 1 read, 1 stored"), std::string::npos)
      << first.err;
  CliRun again = Storyline("watch --once --db " + db + " " + folder + " " + (dir_ / "missing").string());
  EXPECT_EQ(again.exit_code, 1) << again.err;  // a source failed
  EXPECT_NE(again.err.find("missing: no such file or directory"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("1 articles in 1 stories"), std::string::npos) << again.err;
}

TEST_F(CliTest, IngestProgressIsJsonLinesWhenNotATerminal) {
  fs::path corpus = fs::path(STORYLINE_SOURCE_DIR) / "examples" / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "examples/corpus is missing";
  std::string db = (dir_ / "p.db").string();
  CliRun run = Storyline("ingest --db " + db + " " + corpus.string(), "", "STORYLINE_PROGRESS_MS=0");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  int progress = 0;
  std::istringstream lines(run.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("{", 0) != 0) continue;
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["progress"], "ingest");
    EXPECT_GE(j["read"].get<int>(), 1);
    ++progress;
  }
  EXPECT_GE(progress, 10) << run.err;
  EXPECT_NE(run.err.find(" read, 16 stored"), std::string::npos) << run.err;  // the summary line stays
  CliRun quiet = Storyline("ingest --progress none --db " + (dir_ / "q.db").string() + " " + corpus.string(), "",
                           "STORYLINE_PROGRESS_MS=0");
  EXPECT_EQ(quiet.err.find("{"), std::string::npos) << quiet.err;
}
