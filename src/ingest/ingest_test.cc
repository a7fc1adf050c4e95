#include "storyline/ingest.h"
#include "testing/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace storyline::ingest {
namespace {

namespace fs = std::filesystem;

class IngestTest : public storyline::testing::TempDirTest {
 protected:
  struct Outcome {
    std::vector<Document> documents;
    std::vector<InputError> errors;
  };

  Outcome Read(const std::vector<std::string>& inputs, const Options& options = {}) {
    Outcome out;
    ReadInputs(
        inputs, options, [&](Document d) { out.documents.push_back(std::move(d)); },
        [&](InputError e) { out.errors.push_back(std::move(e)); });
    return out;
  }
};

TEST_F(IngestTest, PlainTextWithTitleAndHeaderLines) {
  auto path = Write("quake-gazette.txt",
                    "Strong quake hits the coast\n"
                    "Outlet: The Harbour Gazette\n"
                    "Published: 2025-06-12T08:30:00+02:00\n"
                    "URL: https://gazette.example/quake\n"
                    "Authors: Jane Doe, John Roe and Ann Poe\n"
                    "\n"
                    "A strong earthquake struck the coast on Tuesday.\n"
                    "\n"
                    "Officials said 12 people were hurt.\n");
  auto out = Read({path});
  ASSERT_TRUE(out.errors.empty());
  ASSERT_EQ(out.documents.size(), 1u);
  const Document& d = out.documents[0];
  EXPECT_EQ(d.article.id, "quake-gazette");
  EXPECT_EQ(d.article.title, "Strong quake hits the coast");
  EXPECT_EQ(d.article.outlet, "The Harbour Gazette");
  EXPECT_EQ(d.article.published, "2025-06-12T08:30:00+02:00");
  EXPECT_EQ(d.article.url, "https://gazette.example/quake");
  EXPECT_EQ(d.article.authors, (std::vector<std::string>{"Jane Doe", "John Roe", "Ann Poe"}));
  EXPECT_FALSE(d.title_from_first_line);
  EXPECT_EQ(d.article.text.find("Outlet:"), std::string::npos);
  EXPECT_NE(d.article.text.find("A strong earthquake struck"), std::string::npos);
  EXPECT_NE(d.article.text.find("12 people"), std::string::npos);
}

TEST_F(IngestTest, PlainTextWithoutHeaderLeavesTitleToExtract) {
  auto path = Write("raw.txt", "Some headline\nFirst paragraph of the body.\n");
  Options options;
  options.default_outlet = "Flag Outlet";
  options.default_published = "2023-03-17";
  auto out = Read({path}, options);
  ASSERT_EQ(out.documents.size(), 1u);
  const Document& d = out.documents[0];
  EXPECT_TRUE(d.title_from_first_line);
  EXPECT_EQ(d.article.title, "");
  EXPECT_EQ(d.article.outlet, "Flag Outlet");
  EXPECT_EQ(d.article.published, "2023-03-17");
  EXPECT_EQ(d.article.text, "Some headline\nFirst paragraph of the body.\n");
}

TEST_F(IngestTest, HeaderBlockWithTitleKey) {
  auto path = Write("h.txt", "Title: The title\nOutlet: X\n\nBody text here.");
  auto out = Read({path});
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.title, "The title");
  EXPECT_EQ(out.documents[0].article.outlet, "X");
  EXPECT_FALSE(out.documents[0].title_from_first_line);
}

TEST_F(IngestTest, BodyLineWithColonIsNotAHeader) {
  auto path = Write("c.txt", "BEIJING: Chinese officials said on Friday that talks would resume.\nMore.");
  auto out = Read({path});
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_TRUE(out.documents[0].title_from_first_line);
  EXPECT_EQ(out.documents[0].article.outlet, "");
  EXPECT_NE(out.documents[0].article.text.find("BEIJING:"), std::string::npos);
}

TEST_F(IngestTest, SidecarFillsWhatTheFileDoesNotState) {
  auto path = Write("a.txt", "Headline\nOutlet: From Header\n\nBody.");
  Write("a.json", R"({"outlet":"From Sidecar","published":"2024-01-02","url":"https://s.example/a"})");
  auto out = Read({path});
  ASSERT_TRUE(out.errors.empty());
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.outlet, "From Header");
  EXPECT_EQ(out.documents[0].article.published, "2024-01-02");
  EXPECT_EQ(out.documents[0].article.url, "https://s.example/a");
}

TEST_F(IngestTest, JsonLinesRecords) {
  auto path = Write("batch.jsonl",
                    R"({"id":"a1","url":"u","outlet":"O","title":"T","authors":["X Y"],"published":"2023-03-17","language":"en","text":"Body one."})"
                    "\n"
                    R"({"id":7,"authors":"Ann Lee and Bo Chan","text":"Body two.","extra":{"ignored":true}})"
                    "\n\n"
                    R"({"text":"No id here."})"
                    "\n");
  auto out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.errors[0].status.message();
  ASSERT_EQ(out.documents.size(), 3u);
  EXPECT_EQ(out.documents[0].article.id, "a1");
  EXPECT_EQ(out.documents[0].article.title, "T");
  EXPECT_EQ(out.documents[0].article.authors, std::vector<std::string>{"X Y"});
  EXPECT_EQ(out.documents[0].article.text, "Body one.");
  EXPECT_EQ(out.documents[1].article.id, "7");
  EXPECT_EQ(out.documents[1].article.authors, (std::vector<std::string>{"Ann Lee", "Bo Chan"}));
  EXPECT_EQ(out.documents[2].article.id, "batch-4");
  EXPECT_EQ(out.documents[2].article.input, path + ":4");
}

TEST_F(IngestTest, BadJsonLineIsReportedWithLineNumberAndTheRestIsRead) {
  auto path = Write("mixed.jsonl",
                    "{\"id\":\"ok1\",\"text\":\"Fine.\"}\n"
                    "{\"id\":\"broken\",\"text\":\"unterminated}\n"
                    "{\"id\":\"notext\"}\n"
                    "[1,2]\n"
                    "{\"id\":\"ok2\",\"text\":\"Also fine.\"}\n");
  auto out = Read({path});
  ASSERT_EQ(out.documents.size(), 2u);
  EXPECT_EQ(out.documents[0].article.id, "ok1");
  EXPECT_EQ(out.documents[1].article.id, "ok2");
  ASSERT_EQ(out.errors.size(), 3u);
  EXPECT_EQ(out.errors[0].input, path + ":2");
  EXPECT_EQ(out.errors[1].input, path + ":3");
  EXPECT_NE(out.errors[1].status.message().find("no \"text\""), std::string::npos);
  EXPECT_EQ(out.errors[2].input, path + ":4");
}

TEST_F(IngestTest, BadInputsAreNamedAndTheBatchGoesOn) {
  auto empty = Write("empty.txt", "");
  auto blank = Write("blank.txt", "  \n\n \t\n");
  auto binary = Write("binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + std::string(200, '\0'));
  auto good = Write("good.txt", "Headline\nA fine paragraph.");
  std::string missing = (dir_ / "missing.txt").string();
  auto out = Read({empty, blank, binary, missing, good});
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.id, "good");
  ASSERT_EQ(out.errors.size(), 4u);
  EXPECT_EQ(out.errors[0].input, empty);
  EXPECT_NE(out.errors[0].status.message().find("empty"), std::string::npos);
  EXPECT_EQ(out.errors[1].input, blank);
  EXPECT_NE(out.errors[1].status.message().find("empty"), std::string::npos);
  EXPECT_EQ(out.errors[2].input, binary);
  EXPECT_NE(out.errors[2].status.message().find("binary"), std::string::npos);
  EXPECT_EQ(out.errors[3].input, missing);
  EXPECT_EQ(out.errors[3].status.code(), Status::Code::kNotFound);
}

TEST_F(IngestTest, InvalidUtf8TextIsDecodedFromItsCharsetWithAWarningNamingInputAndOffset) {
  auto bad_utf8 = Write("bad.txt", "Headline\nGood text then \xC3\x28 broken.");
  auto out = Read({bad_utf8});
  ASSERT_TRUE(out.errors.empty()) << out.errors[0].status.message();
  ASSERT_EQ(out.documents.size(), 1u);
  const Document& d = out.documents[0];
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_NE(d.article.text.find("then \u00C3( broken"), std::string::npos) << d.article.text;
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0].rfind(bad_utf8 + ": ", 0), 0u) << d.warnings[0];
  EXPECT_NE(d.warnings[0].find("invalid UTF-8 at byte offset 24"), std::string::npos) << d.warnings[0];
  EXPECT_NE(d.warnings[0].find("windows-1252"), std::string::npos) << d.warnings[0];
}

TEST_F(IngestTest, InvalidUtf8InAJsonLineIsStillAnErrorNamingTheLine) {
  auto path = Write("bad.jsonl", "{\"id\":\"a\",\"text\":\"caf\xE9\"}\n");
  auto out = Read({path});
  ASSERT_EQ(out.documents.size(), 0u);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].input, path + ":1");
  EXPECT_NE(out.errors[0].status.message().find("invalid UTF-8 at byte offset 21"), std::string::npos)
      << out.errors[0].status.message();
}

TEST_F(IngestTest, FiftyMegabyteSingleLineIsRefusedClearly) {
  auto huge = Write("huge.txt", std::string(50u << 20, 'a'));
  auto good = Write("good.txt", "Headline\nA fine paragraph.");
  auto out = Read({huge, good});
  ASSERT_EQ(out.documents.size(), 1u);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].input, huge);
  EXPECT_EQ(out.errors[0].status.code(), Status::Code::kTooLarge);
  EXPECT_NE(out.errors[0].status.message().find("52428800 bytes long"), std::string::npos)
      << out.errors[0].status.message();
}

TEST_F(IngestTest, OverTheSizeLimitIsRefused) {
  auto big = Write("big.txt", std::string(5000, 'a'));
  Options options;
  options.max_input_bytes = 1000;
  auto out = Read({big}, options);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].status.code(), Status::Code::kTooLarge);
}

TEST_F(IngestTest, DirectoryIsWalkedInSortedOrderSkippingSidecarsAndHiddenFiles) {
  Write("d/b/two.txt", "Two\nBody two.");
  Write("d/a/one.txt", "One\nBody one.");
  Write("d/a/one.json", R"({"outlet":"Sidecar Outlet"})");
  Write("d/c.jsonl", "{\"id\":\"three\",\"text\":\"Body three.\"}\n");
  Write("d/.hidden/four.txt", "Four\nBody four.");
  Write("d/notes.md", "# not an input");
  auto out = Read({(dir_ / "d").string()});
  ASSERT_TRUE(out.errors.empty());
  ASSERT_EQ(out.documents.size(), 3u);
  EXPECT_EQ(out.documents[0].article.id, "one");
  EXPECT_EQ(out.documents[0].article.outlet, "Sidecar Outlet");
  EXPECT_EQ(out.documents[1].article.id, "two");
  EXPECT_EQ(out.documents[2].article.id, "three");
}

TEST_F(IngestTest, DuplicateIdsAreMadeUnique) {
  auto a = Write("x/same.txt", "A\nBody a.");
  auto b = Write("y/same.txt", "B\nBody b.");
  auto out = Read({a, b});
  ASSERT_EQ(out.documents.size(), 2u);
  EXPECT_EQ(out.documents[0].article.id, "same");
  EXPECT_EQ(out.documents[1].article.id, "same~2");
}

TEST_F(IngestTest, DisplayNormalisationKeepsQuotesButFixesSpacesAndNewlines) {
  auto path = Write("n.txt", "Title\r\nHe said \u201cyes\u201d\u00a0today\u200b.\r\n");
  auto out = Read({path});
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.text, "Title\nHe said \u201cyes\u201d today.\n");
}

TEST_F(IngestTest, SingleJsonObjectFile) {
  auto path = Write("one.json", "{\n  \"title\": \"T\",\n  \"text\": \"Body.\"\n}\n");
  auto out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.errors[0].status.message();
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.id, "one");
  EXPECT_EQ(out.documents[0].article.title, "T");
}

}  // namespace
}  // namespace storyline::ingest
