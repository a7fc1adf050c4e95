// ExtractInputs: the same sequence of documents, errors and warnings for any
// number of threads, on the repository's inputs (good and bad: charsets,
// feeds, truncated gzip, WARC with a lying Content-Length) and, when present,
// ../shared's extraction samples and seed articles.
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include "ingest/article_json.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"

namespace storyline::extract {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Inputs() {
  const fs::path root(STORYLINE_SOURCE_DIR);
  std::vector<std::string> inputs = {(root / "examples" / "corpus").string(),
                                     (root / "tests" / "data" / "ingest").string(),
                                     (root / "tests" / "data" / "ingest" / "missing-file.html").string()};
  for (const fs::path& p : {testing::SharedDir() / "data" / "extraction" / "samples", testing::SeedsDir()})
    if (fs::is_directory(p)) inputs.push_back(p.string());
  return inputs;
}

// Everything the sinks heard, in order, one line each.
std::string Transcript(unsigned threads) {
  std::string out;
  ingest::Options options;
  options.on_warning = [&](const std::string& input, const std::string& message) {
    out += "warning " + input + ": " + message + "\n";
  };
  ExtractInputs(
      Inputs(), options, threads, /*clean=*/true,
      [&](ExtractedDocument d) {
        for (const std::string& w : d.warnings) out += "document warning " + w + "\n";
        out += "article " + ingest::Dump(ingest::ArticleJson(d.article)) + "\n";
      },
      [&](ingest::InputError e) { out += "error " + e.input + ": " + e.status.message() + "\n"; });
  return out;
}

TEST(ExtractInputs, SameSequenceForAnyNumberOfThreads) {
  const std::string one = Transcript(1);
  ASSERT_NE(one.find("article "), std::string::npos);
  ASSERT_NE(one.find("error "), std::string::npos);  // the missing file, the truncated gzip
  EXPECT_EQ(Transcript(2), one);
  EXPECT_EQ(Transcript(8), one);
  EXPECT_EQ(Transcript(0), one);
}

TEST(ExtractInputs, UncleanTakesTheTextAsRead) {
  std::vector<std::string> clean_texts, raw_texts;
  const std::string corpus = (fs::path(STORYLINE_SOURCE_DIR) / "examples" / "corpus").string();
  for (bool clean : {true, false})
    ExtractInputs({corpus}, {}, 2, clean, [&](ExtractedDocument d) {
      (clean ? clean_texts : raw_texts).push_back(d.article.text);
    }, nullptr);
  ASSERT_EQ(clean_texts.size(), raw_texts.size());
  ASSERT_FALSE(raw_texts.empty());
  size_t differ = 0;
  for (size_t i = 0; i < raw_texts.size(); ++i) differ += clean_texts[i] != raw_texts[i];
  EXPECT_GT(differ, 0u);  // junk was removed from some
}

TEST(ExtractInputs, TranscriptHasWarningsOfBothKinds) {
  const std::string one = Transcript(1);
  EXPECT_NE(one.find("\nwarning "), std::string::npos);           // about a whole input (WARC records skipped)
  EXPECT_NE(one.find("\ndocument warning "), std::string::npos);  // about one document (a guessed charset)
}

// A sink that throws stops the run: the exception reaches the caller, the
// reading thread is let finish, nothing hangs; early in a long run, and on
// the last document, when the reading thread has already ended.
TEST(ExtractInputs, ASinkThatThrowsStopsTheRun) {
  size_t total = 0;
  ExtractInputs(Inputs(), {}, 1, true, [&](ExtractedDocument) { ++total; }, nullptr);
  ASSERT_GT(total, 3u);
  for (size_t throw_at : {size_t{3}, total}) {
    for (unsigned threads : {1u, 4u}) {
      size_t seen = 0;
      EXPECT_THROW(ExtractInputs(Inputs(), {}, threads, true,
                                 [&](ExtractedDocument) {
                                   if (++seen == throw_at) throw std::runtime_error("stop");
                                 },
                                 nullptr),
                   std::runtime_error);
      EXPECT_EQ(seen, throw_at) << threads << " threads";
    }
  }
}

// The sinks are never called at the same time.
TEST(ExtractInputs, SinksAreCalledOneAtATime) {
  std::atomic<int> inside{0};
  int most = 0;
  auto enter = [&] {
    most = std::max(most, ++inside);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    --inside;
  };
  ingest::Options options;
  options.on_warning = [&](const std::string&, const std::string&) { enter(); };
  ExtractInputs(Inputs(), options, 8, true, [&](ExtractedDocument) { enter(); },
                [&](ingest::InputError) { enter(); });
  EXPECT_EQ(most, 1);
}

TEST(ExtractInputs, FewOrNoInputs) {
  size_t documents = 0;
  ExtractInputs({}, {}, 4, true, [&](ExtractedDocument) { ++documents; }, nullptr);
  EXPECT_EQ(documents, 0u);
  const std::string one_file =
      (fs::path(STORYLINE_SOURCE_DIR) / "tests" / "data" / "ingest" / "gzip" / "page.html.gz").string();
  ExtractInputs({one_file}, {}, 16, true, [&](ExtractedDocument) { ++documents; }, nullptr);
  EXPECT_EQ(documents, 1u);
  // A missing input with no error sink: nothing heard, nothing thrown.
  for (unsigned threads : {1u, 3u})
    EXPECT_NO_THROW(ExtractInputs({one_file + ".missing"}, {}, threads, true, [&](ExtractedDocument) {}, nullptr));
}

}  // namespace
}  // namespace storyline::extract
