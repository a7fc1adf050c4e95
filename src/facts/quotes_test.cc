// Tests of FindQuotes: data-driven cases (tests/data/facts/quotes/cases.txt,
// format documented there) and the real seed articles in ../shared/seeds.
#include <gtest/gtest.h>

#include <cctype>

#include "testing/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "storyline/extract.h"
#include "storyline/facts.h"
#include "storyline/ingest.h"

namespace storyline::facts {
namespace {

namespace fs = std::filesystem;

const char* KindName(Quote::Kind k) {
  switch (k) {
    case Quote::Kind::kDirect: return "direct";
    case Quote::Kind::kPartial: return "partial";
    case Quote::Kind::kIndirect: return "indirect";
  }
  return "?";
}

using ::storyline::testing::SplitFields;

std::string Describe(const std::vector<Quote>& quotes) {
  std::string out;
  for (const auto& q : quotes)
    out += std::string("  ") + KindName(q.kind) + " | " + q.speaker + " | " + q.cue + " | " + q.text + "\n";
  return out;
}

struct Case {
  int line = 0;
  std::string text;
  std::vector<Entity> entities;
  std::vector<std::vector<std::string>> quotes;  // kind, speaker, cue, content
  std::vector<std::string> none;
  std::vector<std::vector<std::string>> mentions;  // content, speaker mention as written
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  for (const auto& block :
       ::storyline::testing::ReadKeyValueBlocks(fs::path(STORYLINE_SOURCE_DIR) / "tests/data/facts/quotes/cases.txt")) {
    Case cur;
    for (auto [n, key, value] : block) {
      if (key == "text") {
        cur.line = n;
        size_t pos;
        while ((pos = value.find("\\n")) != std::string::npos) value.replace(pos, 2, "\n");
        cur.text = value;
      } else if (key == "entity") {
        auto parts = SplitFields(value);
        Entity e{parts[0], EntityType::kPerson, {}, {}, {}};
        for (size_t i = 1; i < parts.size(); ++i) e.aliases.push_back(parts[i]);
        cur.entities.push_back(e);
      } else if (key == "quote") {
        auto parts = SplitFields(value);
        if (parts.size() == 4) cur.quotes.push_back(parts);
        else ADD_FAILURE() << "cases.txt:" << n << ": a quote line needs 4 fields";
      } else if (key == "mention") {
        auto parts = SplitFields(value);
        if (parts.size() == 2) cur.mentions.push_back(parts);
        else ADD_FAILURE() << "cases.txt:" << n << ": a mention line needs 2 fields";
      } else if (key == "none") {
        cur.none.push_back(value);
      }
    }
    // An entity's mentions: where its name or an alias stands, as a word.
    for (Entity& e : cur.entities) {
      std::vector<std::string> forms = e.aliases;
      forms.push_back(e.name);
      for (const std::string& f : forms)
        for (size_t at = cur.text.find(f); at != std::string::npos; at = cur.text.find(f, at + 1)) {
          const size_t end = at + f.size();
          auto letter = [&](size_t i) { return std::isalnum(static_cast<unsigned char>(cur.text[i])) != 0; };
          if ((at == 0 || !letter(at - 1)) && (end == cur.text.size() || !letter(end))) e.mentions.push_back({at, end});
        }
    }
    if (!cur.text.empty()) cases.push_back(std::move(cur));
  }
  return cases;
}

TEST(QuotesTest, Cases) {
  auto cases = LoadCases();
  ASSERT_GE(cases.size(), 15u);
  for (const auto& c : cases) {
    auto quotes = FindQuotes(c.text, c.entities);
    for (const auto& want : c.quotes) {
      bool found = false;
      for (const auto& q : quotes) {
        if (q.text != want[3]) continue;
        found = true;
        EXPECT_EQ(KindName(q.kind), want[0]) << "cases.txt:" << c.line << ": " << want[3];
        EXPECT_EQ(q.speaker, want[1] == "-" ? "" : want[1]) << "cases.txt:" << c.line << ": " << want[3];
        EXPECT_EQ(q.cue, want[2]) << "cases.txt:" << c.line << ": " << want[3];
        // Spans point at the text.
        EXPECT_EQ(c.text.substr(q.span.begin, q.span.size()), q.text);
        if (!q.speaker.empty() && q.speaker_span.size() == 0) ADD_FAILURE() << "no speaker span: " << q.text;
      }
      EXPECT_TRUE(found) << "cases.txt:" << c.line << ": missing " << want[0] << " quote \"" << want[3]
                         << "\"; found:\n" << Describe(quotes);
    }
    for (const auto& m : c.mentions) {
      bool found = false;
      for (const auto& q : quotes) {
        if (q.text != m[0]) continue;
        found = true;
        EXPECT_EQ(c.text.substr(q.speaker_span.begin, q.speaker_span.size()), m[1])
            << "cases.txt:" << c.line << ": speaker mention of " << m[0];
        EXPECT_GT(q.cue_span.size(), 0u) << "cases.txt:" << c.line << ": no cue span for " << m[0];
      }
      EXPECT_TRUE(found) << "cases.txt:" << c.line << ": missing quote \"" << m[0] << "\"";
    }
    for (const auto& bad : c.none)
      for (const auto& q : quotes)
        EXPECT_EQ(q.text.find(bad), std::string::npos)
            << "cases.txt:" << c.line << ": unexpected quote " << q.text;
  }
}

// Speaker mentions as PolNeAR marks them: a coordinated phrase whole, the
// subject after an opening adjunct for a participle, and a quotation closed by
// a second opening mark glued to its last word.
TEST(QuotesTest, MentionBoundaries) {
  struct Want {
    std::string text, content, mention;
  };
  const Want wants[] = {
      {"Sanders and his supporters say the primary was unfair.", "the primary was unfair",
       "Sanders and his supporters"},
      {"Amid the outcry, Ada Lund flew home, saying the bill would pass.", "the bill would pass", "Ada Lund"},
      {"On Tuesday, Ada Lund flew home, saying the bill would pass.", "the bill would pass", "Ada Lund"},
      {"\u201CIt is unusual,\u201C said Ada Lund. \u201CWe never do this.\u201D", "It is unusual", "Ada Lund"},
  };
  for (const Want& w : wants) {
    bool found = false;
    for (const auto& q : FindQuotes(w.text, {}))
      if (q.text == w.content) {
        found = true;
        EXPECT_EQ(w.text.substr(q.speaker_span.begin, q.speaker_span.size()), w.mention) << w.text;
      }
    EXPECT_TRUE(found) << w.text << "\n" << Describe(FindQuotes(w.text, {}));
  }
}

TEST(QuotesTest, EmptyAndOddInput) {
  EXPECT_TRUE(FindQuotes("", {}).empty());
  EXPECT_TRUE(FindQuotes("\"", {}).empty());
  EXPECT_TRUE(FindQuotes("said", {}).empty());
  // Unbalanced marks and stray bytes must not crash.
  FindQuotes("“ ” „ « » `` '' \xE2\x80 said the , \" he said \"", {});
  FindQuotes("The, said: \n\n, he said. “", {});
}

TEST(QuotesTest, ThousandsOfAttributionsInOneSentence) {
  // Linear, not quadratic (a hang hits ctest's timeout): a "sentence" of
  // 100,000 attributions is read in pieces, and looking back for who "X" is
  // stops after a bounded number of speakers and mentions.
  std::string text = "The council met. ";
  for (int i = 0; i < 100000; ++i) text += "X said, ";
  text += "the end.";
  std::vector<Quote> quotes = FindQuotes(text, {});
  EXPECT_FALSE(quotes.empty());
  for (const Quote& q : quotes) EXPECT_LT(q.text.size(), 4000u);
}

// ---- The seeds ----

using ::storyline::testing::SeedsDir;

class QuotesSeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::path dir = SeedsDir();
    if (!fs::exists(dir)) GTEST_SKIP() << "../shared/seeds is absent: the seed articles are not in this checkout";
    std::vector<std::string> errors;
    ingest::ReadInputs({dir.string()}, {}, [&](ingest::Document d) {
          Article a = extract::ExtractArticle(std::move(d));
          std::string id = a.id.substr(0, 3);
          quotes_[id] = FindQuotes(a.text, {});
        },
        [&](ingest::InputError e) { errors.push_back(e.input + ": " + e.status.message()); });
    ASSERT_TRUE(errors.empty()) << errors[0];
  }
  // The quote of article `id` whose text contains `words`.
  const Quote* Find(const std::string& id, const std::string& words, Quote::Kind* kind = nullptr) {
    const Quote* best = nullptr;  // the shortest: a partial quote rather than the indirect around it
    for (const auto& q : quotes_[id])
      if (q.text.find(words) != std::string::npos && (!kind || q.kind == *kind) &&
          (!best || q.text.size() < best->text.size()))
        best = &q;
    return best;
  }
  std::map<std::string, std::vector<Quote>> quotes_;
};

TEST_F(QuotesSeedsTest, KremlinDocuments) {
  for (const char* id : {"000", "001", "002", "003"}) {
    const Quote* q = Find(id, "important bilateral documents will be signed");
    ASSERT_NE(q, nullptr) << id << ":\n" << Describe(quotes_[id]);
    EXPECT_EQ(q->speaker, "the Kremlin") << id;
  }
  EXPECT_EQ(Find("000", "important bilateral documents")->cue, "added");
  EXPECT_EQ(Find("001", "important bilateral documents")->cue, "added");
  EXPECT_EQ(Find("003", "important bilateral documents")->cue, "added");
  EXPECT_EQ(Find("002", "important bilateral documents")->cue, "announced");
}

TEST_F(QuotesSeedsTest, HuaFriendshipAndPeace) {
  for (const char* id : {"002", "003"}) {
    const Quote* q = Find(id, "friendship and peace");
    ASSERT_NE(q, nullptr) << id << ":\n" << Describe(quotes_[id]);
    EXPECT_EQ(q->speaker, "Hua Chunying") << id;
  }
  auto partial = Quote::Kind::kPartial;
  const Quote* p = Find("002", "friendship and peace", &partial);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->speaker, "Hua Chunying");
}

TEST_F(QuotesSeedsTest, PeskovAndBiden) {
  const Quote* peskov = Find("003", "For now, we don't see any of the conditions");
  ASSERT_NE(peskov, nullptr) << Describe(quotes_["003"]);
  EXPECT_EQ(peskov->speaker, "Dmitry Peskov");
  EXPECT_EQ(peskov->kind, Quote::Kind::kDirect);
  const Quote* biden = Find("003", "The idea that China is gonna be negotiating");
  ASSERT_NE(biden, nullptr) << Describe(quotes_["003"]);
  EXPECT_EQ(biden->speaker, "Joe Biden");
  EXPECT_EQ(biden->cue, "said");
}

TEST_F(QuotesSeedsTest, WangWenbinIndirect) {
  const Quote* q = Find("000", "further deepen bilateral trust");
  ASSERT_NE(q, nullptr) << Describe(quotes_["000"]);
  EXPECT_EQ(q->speaker, "Wang Wenbin");
  EXPECT_EQ(q->kind, Quote::Kind::kIndirect);
}

}  // namespace
}  // namespace storyline::facts
