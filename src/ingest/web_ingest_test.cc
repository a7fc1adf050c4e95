// Web ingest: WARC, feeds, gzip, charsets, format detection and bad input.
// Fixtures: tests/data/ingest/ (ours); the shared samples are read at run
// time from STORYLINE_SHARED or STORYLINE_SOURCE_DIR/../shared and the tests
// that need them skip when they are absent.

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "charset.h"
#include "internal.h"
#include "storyline/ingest.h"
#include "storyline/text.h"
#include "testing/temp_dir.h"

namespace storyline::ingest {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STORYLINE_SOURCE_DIR) / "tests/data/ingest";

fs::path SharedSamples() {
  const char* env = std::getenv("STORYLINE_SHARED");
  fs::path base = env ? fs::path(env) : fs::path(STORYLINE_SOURCE_DIR) / ".." / "shared";
  return base / "data/extraction/samples";
}

#define REQUIRE_SAMPLES()                                                                        \
  if (!fs::exists(SharedSamples() / "warc"))                                                     \
  GTEST_SKIP() << "shared samples not found at " << SharedSamples()                              \
               << " (set STORYLINE_SHARED to the directory holding data/extraction/samples)"

struct Outcome {
  std::vector<Document> documents;
  std::vector<InputError> errors;
  std::vector<std::string> warnings;
};

Outcome Read(const std::vector<std::string>& inputs, Options options = {}) {
  Outcome out;
  options.on_warning = [&](const std::string& input, const std::string& m) { out.warnings.push_back(input + ": " + m); };
  ReadInputs(
      inputs, options, [&](Document d) { out.documents.push_back(std::move(d)); },
      [&](InputError e) { out.errors.push_back(std::move(e)); });
  for (const Document& d : out.documents)
    EXPECT_FALSE(text::FindInvalidUtf8(d.article.text)) << d.article.input << " is not valid UTF-8";
  return out;
}

std::string Describe(const Outcome& o) {
  std::string s;
  for (const auto& e : o.errors) s += "error " + e.input + ": " + e.status.message() + "\n";
  return s;
}

using TempDir = storyline::testing::TempDirTest;

std::string Gzip(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = data.size();
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = out.size();
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// ---- WARC samples ------------------------------------------------------------------

struct WarcCase {
  const char* file;
  size_t pages;
  size_t errors;
};

class WarcSampleTest : public ::testing::TestWithParam<WarcCase> {};

TEST_P(WarcSampleTest, EveryHtmlResponseRecordBecomesADocument) {
  REQUIRE_SAMPLES();
  const WarcCase& c = GetParam();
  std::string path = (SharedSamples() / "warc" / c.file).string();
  auto out = Read({path});
  EXPECT_EQ(out.documents.size(), c.pages) << Describe(out);
  EXPECT_EQ(out.errors.size(), c.errors) << Describe(out);
  for (const Document& d : out.documents) {
    EXPECT_EQ(d.format, Document::Format::kHtmlPage);
    EXPECT_EQ(d.article.id.size(), 36u) << d.article.id;  // the bare UUID
    EXPECT_TRUE(d.article.url.starts_with("http")) << d.article.url;
    EXPECT_FALSE(d.fetched.empty());
    EXPECT_TRUE(d.article.published.empty());
    EXPECT_NE(d.article.text.find('<'), std::string::npos);
    EXPECT_TRUE(d.warnings.empty()) << d.warnings[0];
  }
}

INSTANTIATE_TEST_SUITE_P(Samples, WarcSampleTest,
                         ::testing::Values(WarcCase{"warcfile.warc", 16, 0}, WarcCase{"warcfile.warc.gz", 16, 0},
                                           WarcCase{"warcfile.warc.lz4", 16, 0},
                                           WarcCase{"clueweb-quirk.warc.gz", 29, 0},
                                           // Only "unknown" records: nothing to read, said once.
                                           WarcCase{"block-sized-records.warc", 0, 1},
                                           WarcCase{"block-sized-records.warc.gz", 0, 1},
                                           WarcCase{"block-sized-records.warc.lz4", 0, 1},
                                           WarcCase{"clipped.warc.gz", 0, 1}),
                         [](const auto& info) {
                           std::string n = info.param.file;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(WarcSamples, WarcfileRecordsCarryIdUrlDateAndDecodedCharsets) {
  REQUIRE_SAMPLES();
  auto out = Read({(SharedSamples() / "warc/warcfile.warc").string()});
  ASSERT_EQ(out.documents.size(), 16u);
  const Document& first = out.documents[0];
  EXPECT_EQ(first.article.id, "c4c112a5-3503-4483-abf8-51a0dd86dd53");
  EXPECT_EQ(first.article.url, "http://003338.cn/l41/481397.html");
  EXPECT_EQ(first.fetched, "2020-08-08T17:27:41Z");
  EXPECT_EQ(first.article.input, (SharedSamples() / "warc/warcfile.warc").string() + ":record 3");
  std::map<std::string, int> charsets;
  for (const Document& d : out.documents) ++charsets[d.charset];
  EXPECT_EQ(charsets["windows-1251"], 1);  // 01spb.ru, declared in HTTP
  EXPECT_EQ(charsets["gb18030"], 6);       // gb2312 pages
  const Document& ru = out.documents[1];
  EXPECT_EQ(ru.charset, "windows-1251");
  EXPECT_NE(ru.article.text.find("\u041a\u043e\u043c\u043f\u0430\u043d\u0438"), std::string::npos);  // "Компани"
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_NE(out.warnings[0].find("50 WARC records: 16 pages read, 34 skipped"), std::string::npos) << out.warnings[0];
}

TEST(WarcSamples, ClippedGzipYieldsOneClearErrorWithRecordAndOffsets) {
  REQUIRE_SAMPLES();
  std::string path = (SharedSamples() / "warc/clipped.warc.gz").string();
  auto out = Read({path});
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].input, path);
  const std::string& m = out.errors[0].status.message();
  EXPECT_NE(m.find("record 1 at byte 0: truncated"), std::string::npos) << m;
  EXPECT_NE(m.find("truncated gzip stream"), std::string::npos) << m;
  EXPECT_NE(m.find("compressed byte 18184"), std::string::npos) << m;
}

TEST(WarcSamples, ClueWebQuirksAreRead) {
  REQUIRE_SAMPLES();
  // WARC/0.18, LF-only HTTP headers, "Content-Encoding: gzip" on bodies the
  // crawler already decoded, EUC-JP pages.
  auto out = Read({(SharedSamples() / "warc/clueweb-quirk.warc.gz").string()});
  ASSERT_EQ(out.documents.size(), 29u);
  for (const Document& d : out.documents) {
    EXPECT_EQ(d.charset, "euc-jp");
    EXPECT_TRUE(d.article.text.find("<html") != std::string::npos ||
                d.article.text.find("<div") != std::string::npos)
        << d.article.text.substr(0, 80);
  }
  EXPECT_NE(out.documents[0].article.text.find("\u30d8\u30c3\u30c9\u30dd\u30fc\u30bf\u30fc"), std::string::npos);  // ヘッドポーター
}

// ---- WARC fixtures -------------------------------------------------------------------

TEST(WarcFixtures, LyingContentLengthsCostOnlyTheirOwnRecords) {
  std::string path = (kData / "warc/lying-content-length.warc").string();
  auto out = Read({path});
  // Records 1, 3, 5, 7, 9 are good; 2 (too long), 4 (negative), 6 (absurd),
  // 8 (too short) and 10 (beyond the end of the file) lie.
  ASSERT_EQ(out.documents.size(), 5u) << Describe(out);
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(out.documents[i].article.url, "https://news.example/story-" + std::to_string(2 * i + 1));
  ASSERT_EQ(out.errors.size(), 5u) << Describe(out);
  EXPECT_NE(out.errors[0].status.message().find("record 2 at byte 456: no record boundary"), std::string::npos);
  EXPECT_NE(out.errors[1].status.message().find("record 4 at byte 1368: bad Content-Length \"-5\""), std::string::npos);
  EXPECT_NE(out.errors[2].status.message().find("record 6"), std::string::npos);
  EXPECT_NE(out.errors[3].status.message().find("record 8"), std::string::npos);
  EXPECT_NE(out.errors[4].status.message().find("record 10 at byte 4119: truncated"), std::string::npos)
      << out.errors[4].status.message();
}

TEST(WarcFixtures, HttpPayloadsAreDecodedAndNonPagesSkipped) {
  for (const char* file : {"warc/http-payloads.warc", "warc/http-payloads.warc.gz"}) {
    auto out = Read({(kData / file).string()});
    EXPECT_TRUE(out.errors.empty()) << Describe(out);
    ASSERT_EQ(out.documents.size(), 4u) << file;
    // Chunked transfer encoding around a gzip content encoding.
    EXPECT_EQ(out.documents[0].article.url, "https://news.example/chunked");
    EXPECT_NE(out.documents[0].article.text.find("<title>Chunked gzip story</title>"), std::string::npos);
    EXPECT_NE(out.documents[0].article.text.find("More text. More text."), std::string::npos);
    // No Content-Type, but an HTML body; <angle-bracketed> target URI.
    EXPECT_EQ(out.documents[1].article.url, "https://news.example/no-type");
    // A resource record holding a page.
    EXPECT_EQ(out.documents[2].article.id, "10000000-0000-4000-8000-000000000007");
    // HTTP says windows-1252, <meta> says utf-8: the bytes agree with HTTP.
    EXPECT_EQ(out.documents[3].charset, "windows-1252");
    EXPECT_NE(out.documents[3].article.text.find("\u201cQuoted\u201d caf\u00e9"), std::string::npos);
    ASSERT_EQ(out.warnings.size(), 1u);
    EXPECT_NE(out.warnings[0].find("1 non-200 responses"), std::string::npos) << out.warnings[0];
    EXPECT_NE(out.warnings[0].find("1 redirects"), std::string::npos);
    EXPECT_NE(out.warnings[0].find("1 non-HTML responses"), std::string::npos);
    EXPECT_NE(out.warnings[0].find("1 revisit records"), std::string::npos);
  }
}

TEST_F(TempDir, WarcRecordsAreResynchronisedAfterJunkAndTruncatedHeaders) {
  std::string good =
      "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:x1>\r\nContent-Type: text/html\r\n"
      "Content-Length: 20\r\n\r\n<p>Resource one.</p>\r\n\r\n";
  std::string path = Write("junk.warc", "garbage that is no record\nmore garbage\n" + good + good +
                                            "WARC/1.0\r\nWARC-Type: resource\r\nContent-Le");
  auto out = Read({path});
  EXPECT_EQ(out.documents.size(), 2u) << Describe(out);
  ASSERT_EQ(out.errors.size(), 2u) << Describe(out);
  EXPECT_NE(out.errors[0].status.message().find("not a WARC record"), std::string::npos);
  EXPECT_NE(out.errors[1].status.message().find("record 3"), std::string::npos);
  EXPECT_NE(out.errors[1].status.message().find("truncated inside the record header"), std::string::npos);
  EXPECT_EQ(out.documents[1].article.id, "x1~2");  // ids stay unique
}

TEST_F(TempDir, CorruptGzipMemberIsReportedWithItsOffset) {
  std::string member = Gzip(
      "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:a>\r\nContent-Type: text/html\r\n"
      "Content-Length: 14\r\n\r\n<p>Page a.</p>\r\n\r\n");
  std::string bad = member;
  for (size_t i = 12; i < bad.size() - 8; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  std::string path = Write("corrupt.warc.gz", member + bad + member);
  auto out = Read({path});
  EXPECT_EQ(out.documents.size(), 1u);
  ASSERT_EQ(out.errors.size(), 1u) << Describe(out);
  EXPECT_NE(out.errors[0].status.message().find("gzip"), std::string::npos) << out.errors[0].status.message();
  EXPECT_NE(out.errors[0].status.message().find("compressed byte"), std::string::npos);
}

// ---- Feeds ---------------------------------------------------------------------------

TEST(FeedSamples, EverySampleFeedYieldsAllItsItems) {
  REQUIRE_SAMPLES();
  fs::path feeds = SharedSamples() / "feeds";
  auto atom = Read({(feeds / "feed1.atom").string()});
  EXPECT_TRUE(atom.errors.empty()) << Describe(atom);
  ASSERT_EQ(atom.documents.size(), 2u);
  EXPECT_EQ(atom.documents[0].article.title, "Atom-Powered Robots Run Amok");
  EXPECT_EQ(atom.documents[0].article.url, "http://example.org/2003/12/13/atom03");
  EXPECT_EQ(atom.documents[0].article.id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  EXPECT_EQ(atom.documents[0].article.published, "2003-12-13T18:30:02+00:00");
  EXPECT_EQ(atom.documents[0].article.authors, std::vector<std::string>{"John Doe"});  // the feed's author
  EXPECT_EQ(atom.documents[0].article.outlet, "Example Feed");
  EXPECT_EQ(atom.documents[0].article.text, "Some text.");
  EXPECT_EQ(atom.documents[0].format, Document::Format::kText);
  EXPECT_EQ(atom.documents[1].article.url, "http://example.org/1000");  // only a rel="self" link

  auto rss = Read({(feeds / "feed2.rss").string()});
  EXPECT_TRUE(rss.errors.empty()) << Describe(rss);
  ASSERT_EQ(rss.documents.size(), 1u);
  const Article& a = rss.documents[0].article;
  EXPECT_EQ(a.title, "Example entry");
  EXPECT_EQ(a.url, "http://www.example.com/blog/post/1");
  EXPECT_EQ(a.id, "7bd204c6-1655-4c27-aeee-53f933c5395f");
  EXPECT_EQ(a.published, "2009-09-06T16:20:00+00:00");
  EXPECT_EQ(a.outlet, "RSS Title");
  EXPECT_EQ(a.text, "Here is some text containing an interesting description.");
  EXPECT_EQ(rss.documents[0].format, Document::Format::kHtmlFragment);

  auto json = Read({(feeds / "feed.json").string()});
  EXPECT_TRUE(json.errors.empty()) << Describe(json);
  ASSERT_EQ(json.documents.size(), 25u);
  for (const Document& d : json.documents) {
    EXPECT_FALSE(d.article.title.empty());
    EXPECT_TRUE(d.article.url.starts_with("https://www.npr.org/")) << d.article.url;
    EXPECT_TRUE(ParsePublished(d.article.published).has_value()) << d.article.published;
    EXPECT_FALSE(d.article.authors.empty());
    EXPECT_EQ(d.article.outlet, "Technology");
  }
  EXPECT_EQ(json.documents[0].article.id, "1050315385");
  EXPECT_EQ(json.documents[0].article.authors, std::vector<std::string>{"Manoush Zomorodi"});
  EXPECT_EQ(json.documents[0].article.published, "2021-10-29T10:26:00-04:00");
  EXPECT_TRUE(json.documents[0].article.text.starts_with("<p>In rural areas"));

  auto sitemap = Read({(feeds / "sitemap.xml").string()});
  EXPECT_TRUE(sitemap.documents.empty());
  ASSERT_EQ(sitemap.errors.size(), 1u);
  EXPECT_NE(sitemap.errors[0].status.message().find("sitemap: not an article source (84 URLs"), std::string::npos)
      << sitemap.errors[0].status.message();
}

TEST(FeedFixtures, RssContentCreatorsDatesAndEntities) {
  auto out = Read({(kData / "feeds/full.rss").string()});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 4u);
  const Document& d = out.documents[0];
  EXPECT_EQ(d.article.outlet, "The Harbour Gazette & Friends");
  EXPECT_EQ(d.article.language, "en");
  EXPECT_EQ(d.article.title, "Strike closes the port");  // not <media:title>
  EXPECT_EQ(d.article.id, "https://gazette.example/news/strike");
  EXPECT_EQ(d.article.published, "2024-05-02T09:30:00+02:00");
  EXPECT_EQ(d.article.authors, (std::vector<std::string>{"Jane Doe", "John Roe"}));
  EXPECT_EQ(d.article.text, "<p>Dock workers walked out on <b>Thursday</b> &amp; the port closed.</p>");
  EXPECT_EQ(d.format, Document::Format::kHtmlFragment);
  const Document& e = out.documents[1];
  EXPECT_EQ(e.article.title, "Ferry timetable <updated>");
  EXPECT_EQ(e.article.id, "https://gazette.example/news/ferry");  // no guid: the link
  EXPECT_EQ(e.article.published, "2024-05-03T18:05:00-05:00");  // two-digit year, EST, no seconds
  EXPECT_EQ(e.article.authors, std::vector<std::string>{"Ann Poe"});
  EXPECT_EQ(e.article.text, "<p>The ferry now leaves at 7.</p>");
  EXPECT_EQ(out.documents[2].article.id, "full-3");  // no guid, no link
  EXPECT_EQ(out.documents[3].article.published, "");
  ASSERT_EQ(out.documents[3].warnings.size(), 1u);
  EXPECT_NE(out.documents[3].warnings[0].find("unparseable date \"sometime last week\""), std::string::npos);
}

TEST(FeedFixtures, AtomContentTypesBaseUrlsAndAuthors) {
  auto out = Read({(kData / "feeds/full.atom").string()});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 3u);
  const Document& x = out.documents[0];
  EXPECT_EQ(x.article.url, "https://zeitung.example/artikel/1");  // resolved against xml:base
  EXPECT_EQ(x.article.published, "2024-05-02T09:30:00+02:00");    // published, not updated
  EXPECT_EQ(x.article.authors, (std::vector<std::string>{"Max Muster", "Erika Muster"}));
  EXPECT_EQ(x.article.language, "de");
  EXPECT_EQ(x.format, Document::Format::kHtmlFragment);
  EXPECT_NE(x.article.text.find("<p>Erster <em>Absatz</em>.</p>"), std::string::npos) << x.article.text;
  EXPECT_EQ(x.article.text.find("<div"), std::string::npos);
  const Document& h = out.documents[1];
  EXPECT_EQ(h.article.text, "<p>Escaped &amp; HTML.</p>");
  EXPECT_EQ(h.article.published, "2024-05-01T08:00:00+00:00");  // updated, Z
  EXPECT_EQ(h.article.authors, std::vector<std::string>{"Redaktion"});
  const Document& t = out.documents[2];
  EXPECT_EQ(t.format, Document::Format::kText);
  EXPECT_EQ(t.article.text, "Plain text <not a tag>.");
  EXPECT_EQ(t.article.published, "2024-04-30T23:59:59-05:00");
}

TEST(FeedFixtures, JsonFeedOneOneAndRssOneZero) {
  auto out = Read({(kData / "feeds/feed-1.1.json").string(), (kData / "feeds/rss1.rdf").string()});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 4u);
  EXPECT_EQ(out.documents[0].article.authors, (std::vector<std::string>{"Luc Martin", "Ana Silva"}));
  EXPECT_EQ(out.documents[0].article.language, "fr");
  EXPECT_EQ(out.documents[1].article.id, "2");
  EXPECT_EQ(out.documents[1].format, Document::Format::kText);
  EXPECT_EQ(out.documents[1].article.authors, std::vector<std::string>{"Desk"});
  EXPECT_EQ(out.documents[2].article.id, "https://wire.example/a3");
  EXPECT_EQ(out.documents[2].article.text, "Juste un r\u00e9sum\u00e9.");
  const Article& r = out.documents[3].article;
  EXPECT_EQ(r.title, "RSS 1.0 item");
  EXPECT_EQ(r.outlet, "Old Style");
  EXPECT_EQ(r.published, "2004-02-01T12:00:00-05:00");
  EXPECT_EQ(r.authors, std::vector<std::string>{"Old Writer"});
}

TEST(FeedFixtures, BrokenFeedIsAnErrorWithLineAndGoodItemsAreKept) {
  std::string path = (kData / "feeds/broken.rss").string();
  auto out = Read({path});
  ASSERT_GE(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].input, path);
  EXPECT_NE(out.errors[0].status.message().find("broken feed: XML error at line"), std::string::npos)
      << out.errors[0].status.message();
  ASSERT_GE(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.title, "Fine item");
}

TEST(FeedFixtures, XmlBombsAndExternalEntitiesAreHarmless) {
  auto bomb = Read({(kData / "feeds/billion-laughs.rss").string()});  // no expansion: a hang hits ctest's timeout
  ASSERT_GE(bomb.errors.size(), 1u);
  EXPECT_NE(bomb.errors[0].status.message().find("entity"), std::string::npos) << bomb.errors[0].status.message();
  for (const Document& d : bomb.documents) EXPECT_LT(d.article.text.size(), 10000u);

  auto xxe = Read({(kData / "feeds/xxe.rss").string()});
  for (const Document& d : xxe.documents) {
    EXPECT_EQ(d.article.text.find("root:"), std::string::npos);
    EXPECT_NE(d.article.text.find("before"), std::string::npos);
  }
}

TEST_F(TempDir, UndeclaredWindows1252FeedIsDecodedWithAWarning) {
  auto path = Write("cp1252.rss", "<rss version=\"2.0\"><channel><title>Caf\xE9 News</title><item><title>\x93Quoted\x94"
                                  "</title><guid>q1</guid><description>Na\xEFve.</description></item></channel></rss>");
  auto out = Read({path});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.outlet, "Caf\u00e9 News");
  EXPECT_EQ(out.documents[0].article.title, "\u201cQuoted\u201d");
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_NE(out.warnings[0].find("windows-1252"), std::string::npos) << out.warnings[0];
}

TEST_F(TempDir, FeedWithAHundredThousandItems) {
  std::string feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>\n";
  for (int i = 0; i < 100000; ++i)
    feed += "<item><title>Item " + std::to_string(i) + "</title><guid>g" + std::to_string(i) +
            "</guid><description>Text " + std::to_string(i) + ".</description></item>\n";
  feed += "</channel></rss>\n";
  auto out = Read({Write("big.xml", feed)});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 100000u);
  EXPECT_EQ(out.documents.back().article.id, "g99999");
}

TEST(FeedDates, Rfc822AndIso8601BecomeIsoWithOffset) {
  EXPECT_EQ(NormalizeFeedDate("Thu, 02 May 2024 09:30:00 +0200"), "2024-05-02T09:30:00+02:00");
  EXPECT_EQ(NormalizeFeedDate("2 May 2024 09:30:00 GMT"), "2024-05-02T09:30:00+00:00");
  EXPECT_EQ(NormalizeFeedDate("Thu, 02 May 2024 09:30 PDT"), "2024-05-02T09:30:00-07:00");
  EXPECT_EQ(NormalizeFeedDate("Thu, 02 May 2024"), "2024-05-02");
  EXPECT_EQ(NormalizeFeedDate("Thursday, 02 September 2024 23:00:00 -0330"), "2024-09-02T23:00:00-03:30");
  EXPECT_EQ(NormalizeFeedDate("2024-05-02T09:30:00Z"), "2024-05-02T09:30:00+00:00");
  EXPECT_EQ(NormalizeFeedDate("2024-05-02T09:30:00.250+05:30"), "2024-05-02T09:30:00+05:30");
  EXPECT_EQ(NormalizeFeedDate("2024-05-02 09:30"), "2024-05-02T09:30:00");
  EXPECT_EQ(NormalizeFeedDate("2024-05-02"), "2024-05-02");
  EXPECT_EQ(NormalizeFeedDate("2024-13-02"), std::nullopt);
  EXPECT_EQ(NormalizeFeedDate("yesterday"), std::nullopt);
  EXPECT_EQ(NormalizeFeedDate("Thu, 02 May 2024 09:30:00 XYZ"), std::nullopt);
}

// ---- Charsets ------------------------------------------------------------------------

struct CharsetCase {
  const char* file;
  const char* charset;
  const char* must_contain;
  bool warning;
};

class CharsetFixtureTest : public ::testing::TestWithParam<CharsetCase> {};

TEST_P(CharsetFixtureTest, DecodesToUtf8) {
  const CharsetCase& c = GetParam();
  std::string path = (kData / "charset" / c.file).string();
  auto out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 1u);
  const Document& d = out.documents[0];
  EXPECT_EQ(d.format, Document::Format::kHtmlPage);
  EXPECT_EQ(d.charset, c.charset);
  EXPECT_NE(d.article.text.find(c.must_contain), std::string::npos) << d.article.text;
  EXPECT_EQ(d.article.text.find("\uFFFD"), std::string::npos);
  EXPECT_FALSE(d.article.text.starts_with("\uFEFF"));
  EXPECT_EQ(!d.warnings.empty(), c.warning) << (d.warnings.empty() ? "" : d.warnings[0]);
  for (const auto& w : d.warnings) EXPECT_TRUE(w.starts_with(path + ": ")) << w;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, CharsetFixtureTest,
    ::testing::Values(
        CharsetCase{"win1252-declared-utf8.html", "windows-1252", "\u201cprices will rise\u201d \u2014 na\u00efve", true},
        CharsetCase{"latin1-declared-curly-quotes.html", "windows-1252", "He said \u201cyes\u201d and \u2018no\u2019 \u2013 caf\u00e9", false},
        CharsetCase{"shift_jis-meta.html", "windows-31j", "\u6771\u4eac\u3067\u5927\u304d\u306a\u5730\u9707", false},
        CharsetCase{"gbk-meta.html", "gb18030", "\u5317\u4eac\u5e02\u653f\u5e9c", false},
        CharsetCase{"undeclared-windows-1251.html", "windows-1251", "\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e", true},
        CharsetCase{"bom-utf16le.html", "utf-16le", "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u201cHallo\u201d", false},
        CharsetCase{"bom-utf8-declared-latin1.html", "utf-8", "Gr\u00fc\u00dfe aus K\u00f6ln", false}),
    [](const auto& info) {
      std::string n = info.param.file;
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(Charset, DeclarationRules) {
  // WHATWG label mapping.
  EXPECT_EQ(CanonicalCharset("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset(" \"us-ascii\" "), "windows-1252");
  EXPECT_EQ(CanonicalCharset("GB2312"), "gb18030");
  EXPECT_EQ(CanonicalCharset("Shift_JIS"), "windows-31j");
  EXPECT_EQ(CanonicalCharset("koi8-r"), "koi8-r");
  EXPECT_EQ(CanonicalCharset("no-such-charset"), std::nullopt);
  EXPECT_EQ(CharsetParameter("text/html; charset=\"UTF-8\""), "UTF-8");
  EXPECT_EQ(CharsetParameter("text/html"), "");
  EXPECT_EQ(PrescanMetaCharset("<html><head><meta charset='euc-kr'>"), "euc-kr");
  EXPECT_EQ(PrescanMetaCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"), "koi8-r");
  EXPECT_EQ(PrescanMetaCharset("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>"), "ISO-8859-2");
  // HTTP charset beats <meta>.
  std::string bytes = "<meta charset=\"utf-8\"><p>caf\xE9</p>";
  Decoded d = DecodeToUtf8(bytes, "iso-8859-1", true);
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.text, "<meta charset=\"utf-8\"><p>caf\u00e9</p>");
  // Declared legacy, but the bytes are UTF-8: UTF-8 wins, with a warning.
  Decoded u = DecodeToUtf8("<meta charset=\"windows-1252\"><p>caf\u00e9 \u2014 ok</p>", "", true);
  EXPECT_EQ(u.charset, "utf-8");
  ASSERT_EQ(u.warnings.size(), 1u);
  EXPECT_NE(u.warnings[0].find("valid UTF-8"), std::string::npos);
  // Pure ASCII needs no warning whatever is declared.
  EXPECT_TRUE(DecodeToUtf8("<meta charset=\"shift_jis\"><p>plain</p>", "", true).warnings.empty());
  // An unknown label is reported and ignored.
  Decoded x = DecodeToUtf8("<p>caf\u00e9</p>", "x-martian", true);
  EXPECT_EQ(x.charset, "utf-8");
  EXPECT_EQ(x.warnings.size(), 1u);
}

TEST(Charset, DecodingTakenOverBytesGivesTheSameResult) {
  // Handed over (std::string&&), UTF-8 is moved instead of copied; every
  // other case decodes as from a view.
  const std::string inputs[] = {
      "<meta charset=\"utf-8\"><p>caf\u00e9</p>",
      "\xEF\xBB\xBF<p>caf\u00e9 with a BOM</p>",
      "<meta charset=\"windows-1252\"><p>caf\u00e9 \u2014 ok</p>",
      "<meta charset=\"utf-8\"><p>caf\xE9</p>",
      "<p>plain ASCII</p>",
      "",
  };
  for (const std::string& input : inputs) {
    Decoded viewed = DecodeToUtf8(std::string_view(input), "", true);
    Decoded taken = DecodeToUtf8(std::string(input), "", true);
    EXPECT_EQ(taken.text, viewed.text) << input;
    EXPECT_EQ(taken.charset, viewed.charset) << input;
    EXPECT_EQ(taken.warnings, viewed.warnings) << input;
  }
  EXPECT_EQ(DecodeToUtf8(std::string("\xEF\xBB\xBF" "abc"), "", true).text, "abc");
}

TEST_F(TempDir, ShiftJisWithoutDeclarationIsDetected) {
  // "東京で大きな地震がありました。被害の状況を確認しています。" repeated, Shift_JIS.
  std::string sjis =
      "\x93\x8c\x8b\x9e\x82\xc5\x91\xe5\x82\xab\x82\xc8\x92\x6e\x90\x6b\x82\xaa\x82\xa0\x82\xe8\x82\xdc\x82\xb5"
      "\x82\xbd\x81\x42\x94\xed\x8a\x51\x82\xcc\x8f\xf3\x8b\xb5\x82\xf0\x8a\x6d\x94\x46\x82\xb5\x82\xc4\x82\xa2"
      "\x82\xdc\x82\xb7\x81\x42";
  std::string page = "<html><body><p>";
  for (int i = 0; i < 8; ++i) page += sjis;
  page += "</p></body></html>";
  auto out = Read({Write("jp.html", page)});
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].charset, "windows-31j");
  EXPECT_NE(out.documents[0].article.text.find("\u6771\u4eac\u3067\u5927\u304d\u306a\u5730\u9707"), std::string::npos);
  ASSERT_EQ(out.documents[0].warnings.size(), 1u);
  EXPECT_NE(out.documents[0].warnings[0].find("detected"), std::string::npos);
}

// ---- gzip and detection ----------------------------------------------------------------

TEST(Gzip, HtmlGzAndTextGzAreRead) {
  auto out = Read({(kData / "gzip/page.html.gz").string(), (kData / "gzip/notes.txt.gz").string()});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 2u);
  EXPECT_EQ(out.documents[0].article.id, "page");
  EXPECT_EQ(out.documents[0].format, Document::Format::kHtmlPage);
  EXPECT_NE(out.documents[0].article.text.find("Paragraph number 399 of"), std::string::npos);
  EXPECT_EQ(out.documents[1].article.id, "notes");
  EXPECT_EQ(out.documents[1].article.title, "Harbour reopens");
  EXPECT_EQ(out.documents[1].article.outlet, "Gazette");
}

TEST(Gzip, TruncatedGzipKeepsWhatDecodedAndSaysWhere) {
  std::string path = (kData / "gzip/truncated.html.gz").string();
  auto out = Read({path});
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].input, path);
  EXPECT_NE(out.errors[0].status.message().find("truncated gzip stream"), std::string::npos);
  EXPECT_NE(out.errors[0].status.message().find("at compressed byte 625"), std::string::npos)
      << out.errors[0].status.message();
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_NE(out.documents[0].article.text.find("Paragraph number 0 of"), std::string::npos);
}

TEST_F(TempDir, GzipMembersConcatenatedAreReadWhole) {
  // `cat a.gz b.gz` is a valid gzip file: the one-call decoder declines it and
  // the streaming one reads every member.
  std::string path = Write("joined.html.gz", Gzip("<html><body><p>First member of the page.</p>") +
                                                 Gzip("<p>Second member of the page.</p></body></html>"));
  auto out = Read({path});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_NE(out.documents[0].article.text.find("First member"), std::string::npos);
  EXPECT_NE(out.documents[0].article.text.find("Second member"), std::string::npos);
}

TEST_F(TempDir, GzipWithALyingSizeTrailerIsStillReadWhole) {
  // ISIZE (the last 4 bytes) says 10 bytes: the one-call decoder's buffer is
  // too small, and the streaming decoder, which checks the CRC and the size,
  // names the damage and keeps what decoded.
  std::string gz = Gzip("<html><body><p>A page whose gzip trailer lies about its size.</p></body></html>");
  gz[gz.size() - 4] = 10;
  gz[gz.size() - 3] = gz[gz.size() - 2] = gz[gz.size() - 1] = 0;
  std::string path = Write("lying.html.gz", gz);
  auto out = Read({path});
  ASSERT_EQ(out.errors.size(), 1u) << Describe(out);
  EXPECT_EQ(out.errors[0].input, path);
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_NE(out.documents[0].article.text.find("trailer lies about its size"), std::string::npos);
}

TEST_F(TempDir, WarcInsideAGzipNamedOtherwiseIsStillAWarc) {
  std::ifstream f(kData / "warc/http-payloads.warc", std::ios::binary);
  std::string warc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto named = Read({(kData / "warc/http-payloads.warc").string()});
  std::string path = Write("crawl.gz", Gzip(warc));
  auto out = Read({path});
  EXPECT_EQ(out.documents.size(), named.documents.size()) << Describe(out);
  EXPECT_GT(out.documents.size(), 0u);
}

TEST_F(TempDir, GzipBombIsStoppedAtTheSizeLimit) {
  std::string path = Write("bomb.html.gz", Gzip(std::string(size_t{80} << 20, ' ')));
  auto out = Read({path});
  EXPECT_TRUE(out.documents.empty());
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].status.code(), Status::Code::kTooLarge);
}

TEST_F(TempDir, FormatsAreDetectedByContentWhateverTheName) {
  std::string warc =
      "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:r1>\r\nContent-Type: text/html\r\n"
      "Content-Length: 14\r\n\r\n<p>Page r.</p>\r\n\r\n";
  auto a = Write("crawl.data", warc);
  auto b = Write("noext", Gzip("<!DOCTYPE html><html><body><p>Gzipped, no extension.</p></body></html>"));
  auto c = Write("feed", "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>"
                         "<entry><title>E</title><id>e1</id><summary>S.</summary></entry></feed>");
  auto d = Write("items.json", "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"J\",\"items\":"
                               "[{\"id\":\"j1\",\"content_text\":\"Hello.\"}]}");
  auto e = Write("plain.dat", "Just a headline\nAnd a body.");
  auto out = Read({a, b, c, d, e});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 5u);
  EXPECT_EQ(out.documents[0].article.id, "r1");
  EXPECT_EQ(out.documents[1].format, Document::Format::kHtmlPage);
  EXPECT_EQ(out.documents[1].article.id, "noext");
  EXPECT_EQ(out.documents[2].article.id, "e1");
  EXPECT_EQ(out.documents[3].article.id, "j1");
  EXPECT_EQ(out.documents[4].format, Document::Format::kText);
}

TEST_F(TempDir, DirectoriesTakeTheWebExtensions) {
  for (const char* sub : {"d/a", "d/b", "d/c"}) fs::create_directories(dir_ / sub);
  fs::copy(kData / "gzip/page.html.gz", dir_ / "d/a/page.html.gz");
  fs::copy(kData / "feeds/feed-1.1.json", dir_ / "d/b/feed.json");
  fs::copy(kData / "warc/http-payloads.warc.gz", dir_ / "d/c/crawl.warc.gz");
  Write("d/d/page.htm", "<html><body><p>Hi.</p></body></html>");
  Write("d/e/notes.md", "# not read");
  Write("d/e/image.png.gz", Gzip("not read"));
  auto out = Read({(dir_ / "d").string()});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  EXPECT_EQ(out.documents.size(), 1u + 3u + 4u + 1u);
}

// ---- Bad input -----------------------------------------------------------------------

TEST_F(TempDir, BadWebInputsGetClearErrorsNeverCrashes) {
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 251);
  auto bin_html = Write("binary.html", binary);
  auto bin_gz = Write("binary.gz", std::string("\x1f\x8b\x08\x00", 4) + binary);
  auto empty_warc = Write("empty.warc", "");
  auto not_warc = Write("fake.warc", "<html>not a crawl</html>");
  auto lz4_junk = Write("junk.warc.lz4", std::string("\x04\x22\x4d\x18", 4) + binary);
  auto other_xml = Write("config.xml", "<?xml version=\"1.0\"?><config><a/></config>");
  auto bad_json_feed = Write("broken.json", "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":");
  auto out = Read({bin_html, bin_gz, empty_warc, not_warc, lz4_junk, other_xml, bad_json_feed});
  EXPECT_TRUE(out.documents.empty());
  ASSERT_EQ(out.errors.size(), 7u) << Describe(out);
  EXPECT_NE(out.errors[0].status.message().find("binary"), std::string::npos);
  EXPECT_NE(out.errors[1].status.message().find("gzip"), std::string::npos) << out.errors[1].status.message();
  EXPECT_NE(out.errors[2].status.message().find("empty"), std::string::npos);
  EXPECT_NE(out.errors[3].status.message().find("not a WARC file"), std::string::npos);
  EXPECT_NE(out.errors[4].status.message().find("lz4"), std::string::npos) << out.errors[4].status.message();
  EXPECT_NE(out.errors[5].status.message().find("not a feed"), std::string::npos);
  EXPECT_NE(out.errors[6].status.message().find("broken JSON Feed"), std::string::npos);
}

TEST_F(TempDir, FiftyMegabyteLineInHtmlAndWarcIsHandled) {
  std::string line(size_t{50} << 20, 'x');
  auto html = Write("long.html", "<html><body><p>" + line + "</p></body></html>");
  std::string block = "<html><body><p>" + line + "</p></body></html>";
  auto warc = Write("long.warc", "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:l>\r\n"
                                 "Content-Type: text/html\r\nContent-Length: " +
                                     std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n");
  auto out = Read({html, warc});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  EXPECT_EQ(out.documents.size(), 2u);
}

TEST_F(TempDir, StdinIsDetectedByContent) {
  // ReadInputs reads "-" from std::cin; feed it a gzipped page through a file.
  std::string path = Write("in.gz", Gzip("<html><body><p>From stdin.</p></body></html>"));
  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  auto out = Read({"-"});
  EXPECT_TRUE(out.errors.empty()) << Describe(out);
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].article.id, "stdin");
  EXPECT_EQ(out.documents[0].format, Document::Format::kHtmlPage);
}

}  // namespace
}  // namespace storyline::ingest
