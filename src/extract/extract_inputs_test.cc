// ExtractInputs: the same sequence of documents, errors and warnings for any
// number of threads, on the repository's inputs (good and bad: charsets,
// feeds, truncated gzip, WARC with a lying Content-Length) and, when present,
// ../shared's extraction samples and seed articles.
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <filesystem>
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

// A sink that throws stops the run: the exception reaches the caller, the
// reading thread is let finish, nothing hangs.
TEST(ExtractInputs, ASinkThatThrowsStopsTheRun) {
  size_t seen = 0;
  EXPECT_THROW(ExtractInputs(Inputs(), {}, 4, true,
                             [&](ExtractedDocument) {
                               if (++seen == 3) throw std::runtime_error("stop");
                             },
                             nullptr),
               std::runtime_error);
  EXPECT_EQ(seen, 3u);
}

}  // namespace
}  // namespace storyline::extract
