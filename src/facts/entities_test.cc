// Entity tagging and grouping: fictional sentences for the tricky cases
// (sentence-initial capitals, "U.S.", possessives, hyphenated names, all-caps
// headlines, titles, curly quotes), the model itself, and the real seed
// articles in ../shared/seeds.
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "facts/ner_features.h"
#include "facts/ner_tagger.h"
#include "storyline/extract.h"
#include "storyline/facts.h"
#include "storyline/ingest.h"
#include "storyline/text.h"

namespace storyline::facts {
namespace {

namespace fs = std::filesystem;

using Found = std::multimap<std::string, EntityType>;

Found Tag(std::string_view text) {
  Found out;
  for (const Mention& m : TagEntities(text)) out.emplace(std::string(text.substr(m.span.begin, m.span.size())), m.type);
  return out;
}

bool Has(const Found& f, const std::string& name, EntityType type) {
  auto [b, e] = f.equal_range(name);
  for (auto it = b; it != e; ++it)
    if (it->second == type) return true;
  return false;
}

std::string Dump(const Found& f) {
  std::string s;
  for (const auto& [name, type] : f) s += name + "/" + EntityTypeName(type) + "; ";
  return s;
}

const Entity* FindEntity(const std::vector<Entity>& es, std::string_view name) {
  for (const Entity& e : es)
    if (e.name == name) return &e;
  return nullptr;
}

std::string DumpEntities(const std::vector<Entity>& es) {
  std::string s;
  for (const Entity& e : es) {
    s += e.name + " [" + EntityTypeName(e.type) + "]";
    if (!e.role.empty()) s += " role=" + e.role;
    for (const auto& a : e.aliases) s += " | " + a;
    s += " x" + std::to_string(e.mentions.size()) + "\n";
  }
  return s;
}

// ---- Tokens ------------------------------------------------------------------------

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<text::Span> spans;
  ner::TokenizeConll(text, {0, text.size()}, &spans);
  std::vector<std::string> out;
  for (auto s : spans) out.emplace_back(text.substr(s.begin, s.size()));
  return out;
}

TEST(NerTokensTest, ConllStyle) {
  EXPECT_EQ(Tokens("The U.S. envoy's visit, Mr. Lee said."),
            (std::vector<std::string>{"The", "U.S.", "envoy", "'s", "visit", ",", "Mr.", "Lee", "said", "."}));
  EXPECT_EQ(Tokens("\u201cWe don\u2019t know,\u201d Xi\u2019s aide said (Mar. 17)."),
            (std::vector<std::string>{"\u201c", "We", "do", "n\u2019t", "know", ",", "\u201d", "Xi", "\u2019s", "aide",
                                      "said", "(", "Mar.", "17", ")", "."}));
  EXPECT_EQ(Tokens("Anglo-Dutch firm\u2014and others..."),
            (std::vector<std::string>{"Anglo-Dutch", "firm", "\u2014", "and", "others", "..."}));
  EXPECT_EQ(Tokens("the ministers' talks"), (std::vector<std::string>{"the", "ministers", "'", "talks"}));
}

// ---- The model ---------------------------------------------------------------------------

TEST(NerModelTest, LoadsAndTagsAKnownSentence) {
  const ner::Model& model = ner::DefaultModel();
  EXPECT_GT(model.num_features(), 10000u);
  EXPECT_GT(model.lexicon().size(), 1000u);
  ner::Document doc;
  doc.tokens = {"Peter", "Blackburn", "flew", "to", "Brussels", "for", "talks", "with", "the", "European",
                "Commission", "."};
  doc.sentence_starts = {0};
  std::vector<uint8_t> tags;
  ner::TagDocument(doc, &tags);
  std::vector<std::string> names;
  for (uint8_t t : tags) names.push_back(ner::TagName(t));
  EXPECT_EQ(names, (std::vector<std::string>{"B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O", "O", "B-ORG",
                                             "I-ORG", "O"}));
}

TEST(NerModelTest, Base64RoundTrip) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i * 7);
  for (size_t n : {0, 1, 2, 3, 299}) EXPECT_EQ(ner::DecodeBase64(ner::EncodeBase64(bytes.substr(0, n))), bytes.substr(0, n));
}

// ---- Tagging article text ------------------------------------------------------------------

TEST(TagEntitiesTest, PeoplePlacesOrganisations) {
  Found f = Tag("Foreign Minister Anna Kowalczyk met her Norwegian counterpart Lars Eriksen in Oslo on Tuesday, "
                "the Norwegian Ministry of Foreign Affairs said.");
  EXPECT_TRUE(Has(f, "Anna Kowalczyk", EntityType::kPerson)) << Dump(f);
  EXPECT_TRUE(Has(f, "Lars Eriksen", EntityType::kPerson)) << Dump(f);
  EXPECT_TRUE(Has(f, "Oslo", EntityType::kLocation)) << Dump(f);
  EXPECT_TRUE(Has(f, "Norwegian", EntityType::kOther)) << Dump(f);
}

// Data-driven cases (tests/data/facts/entities/cases.txt): names the
// tagger has never seen, typed by the words around them.
TEST(TagEntitiesTest, CasesFile) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/data/facts/entities/cases.txt");
  ASSERT_TRUE(in) << "tests/data/facts/entities/cases.txt missing";
  std::string line, text;
  Found found;
  size_t cases = 0;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    const std::string rest = ::storyline::testing::Trim(line.substr(1));
    if (line[0] == '>') {
      text = rest;
      found = Tag(text);
      ++cases;
    } else if (line[0] == '=') {
      const std::vector<std::string> f = ::storyline::testing::SplitFields(rest);
      ASSERT_EQ(f.size(), 2u) << "line " << lineno;
      bool ok = false;
      for (EntityType t : {EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation, EntityType::kOther})
        if (f[1] == EntityTypeName(t)) ok = Has(found, f[0], t);
      EXPECT_TRUE(ok) << "line " << lineno << ": no " << f[1] << " [" << f[0] << "] in: " << text << "\nfound: "
                      << Dump(found);
    } else if (line[0] == '!') {
      EXPECT_FALSE(found.count(rest)) << "line " << lineno << ": [" << rest << "] is a mention in: " << text;
    }
  }
  EXPECT_GE(cases, 9u);
}

// An institution named across "of" is one organisation, never its last
// words; after a role ("Minister of Foreign Affairs") it is part of the role.
TEST(TagEntitiesTest, InstitutionsNamedAcrossOf) {
  Found f = Tag("The spokesman for the Chinese Ministry of Foreign Affairs, Wang Wenbin, said the visit would go "
                "ahead. The Bank of England kept rates on hold.");
  EXPECT_TRUE(Has(f, "Chinese Ministry of Foreign Affairs", EntityType::kOrganization)) << Dump(f);
  EXPECT_TRUE(Has(f, "Bank of England", EntityType::kOrganization)) << Dump(f);
  EXPECT_FALSE(f.count("Foreign Affairs")) << Dump(f);
  EXPECT_FALSE(f.count("England")) << Dump(f);
  Found g = Tag("In January 2021, then-Chinese Minister of Foreign Affairs, Wang Yi, said the cooperation was boundless.");
  EXPECT_FALSE(g.count("Foreign Affairs")) << Dump(g);
  EXPECT_TRUE(Has(g, "Wang Yi", EntityType::kPerson)) << Dump(g);
}

// A role and a name tagged as one organisation ("US Secretary of State
// Antony Blinken") is the person; the institution words stay the role.
TEST(TagEntitiesTest, RoleAndNameTaggedAsOneOrganisationIsThePerson) {
  Found f = Tag("\"We discussed the grain deal,\" wrote Kuleba, who spoke the same day with US Secretary of State "
                "Antony Blinken. Vice President Marta Lindqvist of Norrland Bank said rates would stay.");
  EXPECT_TRUE(Has(f, "Antony Blinken", EntityType::kPerson)) << Dump(f);
  EXPECT_FALSE(f.count("US Secretary of State Antony Blinken")) << Dump(f);
  EXPECT_TRUE(Has(f, "Marta Lindqvist", EntityType::kPerson)) << Dump(f);
}

TEST(TagEntitiesTest, SpansAreByteOffsetsIntoTheText) {
  std::string text = "\u201cWe will win,\u201d said Zelenskyy\u2019s aide in Kyiv.";
  auto ms = TagEntities(text);
  ASSERT_FALSE(ms.empty());
  for (const Mention& m : ms) {
    ASSERT_LE(m.span.end, text.size());
    EXPECT_LT(m.span.begin, m.span.end);
  }
  Found f = Tag(text);
  EXPECT_TRUE(Has(f, "Kyiv", EntityType::kLocation)) << Dump(f);
  EXPECT_TRUE(Has(f, "Zelenskyy", EntityType::kPerson)) << Dump(f);  // no "’s"
}

TEST(TagEntitiesTest, USAndPossessives) {
  Found f = Tag("The U.S. Treasury said on Monday that Germany's central bank had sold bonds.");
  EXPECT_TRUE(Has(f, "U.S. Treasury", EntityType::kOrganization) || Has(f, "U.S.", EntityType::kLocation)) << Dump(f);
  EXPECT_TRUE(Has(f, "Germany", EntityType::kLocation)) << Dump(f);
}

TEST(TagEntitiesTest, SentenceInitialCapitalsAreNotNames) {
  Found f = Tag("Yesterday the council voted. However, Mayor Petra Novak of Brno said nothing. Meanwhile prices rose.");
  EXPECT_FALSE(f.count("Yesterday")) << Dump(f);
  EXPECT_FALSE(f.count("However")) << Dump(f);
  EXPECT_FALSE(f.count("Meanwhile")) << Dump(f);
  EXPECT_TRUE(Has(f, "Petra Novak", EntityType::kPerson)) << Dump(f);
  EXPECT_TRUE(Has(f, "Brno", EntityType::kLocation)) << Dump(f);
}

TEST(TagEntitiesTest, HyphenatedNames) {
  Found f = Tag("Jean-Pierre Martin-Lopez, a lawyer from Aix-en-Provence, joined the firm.");
  EXPECT_TRUE(Has(f, "Jean-Pierre Martin-Lopez", EntityType::kPerson)) << Dump(f);
  EXPECT_TRUE(Has(f, "Aix-en-Provence", EntityType::kLocation)) << Dump(f);
}

TEST(TagEntitiesTest, AllCapsHeadline) {
  Found f = Tag("MORAVIAN FLOODS FORCE THOUSANDS FROM HOMES IN OSTRAVA\n\nHeavy rain fell in Ostrava on Sunday.");
  EXPECT_TRUE(Has(f, "Ostrava", EntityType::kLocation)) << Dump(f);
  EXPECT_FALSE(f.count("FORCE")) << Dump(f);
  EXPECT_FALSE(f.count("HOMES")) << Dump(f);
}

// ---- Grouping ------------------------------------------------------------------------------

TEST(GroupEntitiesTest, AliasesRolesAcronyms) {
  std::string text =
      "Zembian President Tomas Varga arrived in Lindor on Monday. President Varga met Prime Minister Ilse Brandt, "
      "and Varga later addressed the United Nations.\n\n"
      "Varga told the UN that Lindor was safe. Brandt's office said Zembian Foreign Minister Karel Holub would follow. "
      "\u201cWe welcome him,\u201d the Kremlin said.";
  auto mentions = TagEntities(text);
  auto es = GroupEntities(text, mentions);
  const Entity* varga = FindEntity(es, "Tomas Varga");
  ASSERT_NE(varga, nullptr) << DumpEntities(es);
  EXPECT_EQ(varga->type, EntityType::kPerson);
  EXPECT_EQ(varga->aliases, std::vector<std::string>{"Varga"}) << DumpEntities(es);
  EXPECT_EQ(varga->mentions.size(), 4u) << DumpEntities(es);
  EXPECT_EQ(varga->role, "Zembian President");
  const Entity* holub = FindEntity(es, "Karel Holub");
  ASSERT_NE(holub, nullptr) << DumpEntities(es);
  EXPECT_EQ(holub->role, "Zembian Foreign Minister");
  const Entity* brandt = FindEntity(es, "Ilse Brandt");
  ASSERT_NE(brandt, nullptr) << DumpEntities(es);
  EXPECT_EQ(brandt->role, "Prime Minister");
  EXPECT_EQ(brandt->mentions.size(), 2u) << DumpEntities(es);
  const Entity* un = FindEntity(es, "United Nations");
  ASSERT_NE(un, nullptr) << DumpEntities(es);
  EXPECT_EQ(un->aliases, std::vector<std::string>{"UN"}) << DumpEntities(es);
  const Entity* kremlin = FindEntity(es, "the Kremlin");
  ASSERT_NE(kremlin, nullptr) << DumpEntities(es);
  EXPECT_EQ(kremlin->type, EntityType::kOrganization);
}

TEST(GroupEntitiesTest, GivenMentionsAreGrouped) {
  // Grouping does not depend on the tagger: hand-made mentions.
  std::string text = "Spokesman Ivo Marek spoke. Marek left. Ivo Marek returned to Ostrava.";
  auto at = [&](std::string_view s, size_t from = 0) {
    size_t b = text.find(s, from);
    return text::Span{b, b + s.size()};
  };
  std::vector<Mention> ms = {{at("Ivo Marek"), EntityType::kPerson},
                             {at("Marek", 20), EntityType::kPerson},
                             {at("Ivo Marek", 30), EntityType::kPerson},
                             {at("Ostrava"), EntityType::kLocation}};
  auto es = GroupEntities(text, ms);
  ASSERT_EQ(es.size(), 2u) << DumpEntities(es);
  EXPECT_EQ(es[0].name, "Ivo Marek");
  EXPECT_EQ(es[0].aliases, std::vector<std::string>{"Marek"});
  EXPECT_EQ(es[0].role, "Spokesman");
  EXPECT_EQ(es[0].mentions.size(), 3u);
  EXPECT_EQ(es[1].name, "Ostrava");
  EXPECT_TRUE(GroupEntities(text, {}).empty());
}

TEST(GroupEntitiesTest, ShortNameJoinsTheMostMentionedFullName) {
  // "Novak" begins one full name and ends two: it joins the one mentioned
  // most ("Jan Novak", twice); "Petra" begins only "Petra Novak"; the
  // acronym joins the organisation whose initials it is, not a person's.
  std::string text =
      "Novak Djokovic spoke. Jan Novak spoke. Petra Novak spoke. Jan Novak left. Novak stayed. Petra left. "
      "The Czech Rail Authority met. CRA agreed. Carla Rosa Alves did not.";
  auto at = [&](std::string_view s, size_t nth = 0) {
    size_t b = text.find(s);
    while (nth-- > 0) b = text.find(s, b + 1);
    return text::Span{b, b + s.size()};
  };
  std::vector<Mention> ms = {{at("Novak Djokovic"), EntityType::kPerson},
                             {at("Jan Novak"), EntityType::kPerson},
                             {at("Petra Novak"), EntityType::kPerson},
                             {at("Jan Novak", 1), EntityType::kPerson},
                             {at("Novak", 4), EntityType::kPerson},
                             {at("Petra", 1), EntityType::kPerson},
                             {at("Czech Rail Authority"), EntityType::kOrganization},
                             {at("CRA"), EntityType::kOrganization},
                             {at("Carla Rosa Alves"), EntityType::kPerson}};
  auto es = GroupEntities(text, ms);
  const Entity* jan = FindEntity(es, "Jan Novak");
  ASSERT_NE(jan, nullptr) << DumpEntities(es);
  EXPECT_EQ(jan->aliases, std::vector<std::string>{"Novak"}) << DumpEntities(es);
  EXPECT_EQ(jan->mentions.size(), 3u) << DumpEntities(es);
  const Entity* petra = FindEntity(es, "Petra Novak");
  ASSERT_NE(petra, nullptr) << DumpEntities(es);
  EXPECT_EQ(petra->aliases, std::vector<std::string>{"Petra"}) << DumpEntities(es);
  const Entity* djokovic = FindEntity(es, "Novak Djokovic");
  ASSERT_NE(djokovic, nullptr) << DumpEntities(es);
  EXPECT_EQ(djokovic->mentions.size(), 1u) << DumpEntities(es);
  const Entity* cra = FindEntity(es, "Czech Rail Authority");
  ASSERT_NE(cra, nullptr) << DumpEntities(es);
  EXPECT_EQ(cra->aliases, std::vector<std::string>{"CRA"}) << DumpEntities(es);
  const Entity* alves = FindEntity(es, "Carla Rosa Alves");
  ASSERT_NE(alves, nullptr) << DumpEntities(es);
  EXPECT_TRUE(alves->aliases.empty()) << DumpEntities(es);
}

TEST(GroupEntitiesTest, EntityTypeNames) {
  EXPECT_STREQ(EntityTypeName(EntityType::kPerson), "person");
  EXPECT_STREQ(EntityTypeName(EntityType::kOrganization), "organization");
  EXPECT_STREQ(EntityTypeName(EntityType::kLocation), "location");
  EXPECT_STREQ(EntityTypeName(EntityType::kOther), "other");
}

// ---- The seeds ---------------------------------------------------------------------------------

using ::storyline::testing::SeedsDir;

std::vector<Article> Seeds() {
  std::vector<Article> articles;
  ingest::ReadInputs({SeedsDir().string()}, {}, [&](ingest::Document d) {
        Article a = extract::ExtractArticle(std::move(d));
        a.id = a.id.substr(0, 3);
        articles.push_back(std::move(a));
      },
      [&](ingest::InputError) {});
  std::sort(articles.begin(), articles.end(), [](const Article& a, const Article& b) { return a.id < b.id; });
  return articles;
}

TEST(EntitySeedsTest, PeoplePlacesAndTheKremlin) {
  if (!fs::exists(SeedsDir())) GTEST_SKIP() << "../shared/seeds is absent: the seed articles are not in this checkout";
  auto articles = Seeds();
  ASSERT_EQ(articles.size(), 5u);
  // Per article, then over the story: what every source together says.
  std::map<std::string, std::set<std::string>> persons_aliases;  // canonical -> aliases
  std::map<std::string, std::string> roles;
  std::set<std::string> persons, orgs, locations;
  std::string dump;
  for (const Article& a : articles) {
    auto es = GroupEntities(a.text, TagEntities(a.text));
    dump += "== " + a.id + "\n" + DumpEntities(es);
    for (const Entity& e : es) {
      if (e.type == EntityType::kPerson) {
        persons.insert(e.name);
        persons_aliases[e.name].insert(e.aliases.begin(), e.aliases.end());
        if (!e.role.empty()) roles[e.name] += e.role + ";";
      }
      if (e.type == EntityType::kOrganization) orgs.insert(e.name);
      if (e.type == EntityType::kLocation) locations.insert(e.name);
    }
    if (a.id == "000") {
      // Xi Jinping is one person entity in the first article, with "Xi" as an alias.
      int xi = 0;
      for (const Entity& e : es)
        if (e.name.find("Xi") != std::string::npos && e.type == EntityType::kPerson) ++xi;
      EXPECT_EQ(xi, 1) << DumpEntities(es);
    }
  }
  EXPECT_TRUE(persons_aliases["Xi Jinping"].count("Xi")) << dump;
  EXPECT_TRUE(persons_aliases["Vladimir Putin"].count("Putin")) << dump;
  EXPECT_TRUE(orgs.count("the Kremlin")) << dump;
  EXPECT_NE(roles["Qin Gang"].find("Foreign Minister"), std::string::npos) << dump;
  for (const char* p : {"Wang Wenbin", "Hua Chunying", "Dmytro Kuleba", "Volodymyr Zelenskyy", "Qin Gang"})
    EXPECT_TRUE(persons.count(p)) << p << "\n" << dump;
  for (const char* l : {"Russia", "China", "Ukraine", "Beijing", "Moscow"}) EXPECT_TRUE(locations.count(l)) << l << "\n" << dump;
  // No sentence-initial common word becomes a person.
  for (const char* w : {"The", "This", "During"}) EXPECT_FALSE(persons.count(w)) << w;
}

// TagDocument keeps the tags of sentences it has seen; every document must
// still get exactly the tags of a fresh run: the seeds, then each seed again
// without its odd sentences, then each sentence as a document of its own (the
// same sentences in other documents, whose words are capitalised elsewhere
// differently: some get other tags), then each seed again.
TEST(EntitySeedsTest, KnownSentencesGetTheTagsOfAFreshRun) {
  if (!fs::exists(SeedsDir())) GTEST_SKIP() << "../shared/seeds is absent: the seed articles are not in this checkout";
  struct Tokenized {
    std::string text;
    std::vector<std::vector<text::Span>> sentences;
  };
  std::vector<Tokenized> docs;
  for (const Article& a : Seeds()) {
    Tokenized t{a.text, {}};
    for (const text::Span& s : text::SplitSentences(a.text)) {
      std::vector<text::Span> tokens;
      ner::TokenizeConll(a.text, s, &tokens);
      if (!tokens.empty()) t.sentences.push_back(std::move(tokens));
    }
    docs.push_back(std::move(t));
  }
  ASSERT_EQ(docs.size(), 5u);
  // Sentences [begin, end) of `t`, every other one unless `odd_sentences`.
  auto view = [](const Tokenized& t, bool odd_sentences, size_t begin, size_t end) {
    ner::Document d;
    for (size_t k = begin; k < end && k < t.sentences.size(); ++k) {
      if (!odd_sentences && k % 2 == 1) continue;
      d.sentence_starts.push_back(static_cast<uint32_t>(d.tokens.size()));
      for (const text::Span& s : t.sentences[k]) d.tokens.push_back(std::string_view(t.text).substr(s.begin, s.size()));
    }
    return d;
  };
  const ner::Model& model = ner::DefaultModel();
  ner::FeatureExtractor extractor;
  ner::FeatureBuffer features;
  size_t tagged = 0;
  std::map<std::string, std::vector<uint8_t>> whole;  // sentence text -> its tags in its whole seed
  size_t tagged_otherwise = 0;  // sentences that alone get other tags than in their seed
  auto check = [&](const Tokenized& t, const ner::Document& d, bool whole_seed) {
    std::vector<uint8_t> fresh, kept;
    extractor.Extract(d, model.lexicon(), &features);
    model.Tag(features, d.sentence_starts, &fresh);
    ner::TagDocument(d, &kept);
    EXPECT_EQ(kept, fresh);
    tagged += std::count_if(fresh.begin(), fresh.end(), [](uint8_t tag) { return tag != 0; });
    for (size_t k = 0; k < d.sentence_starts.size(); ++k) {
      size_t b = d.sentence_starts[k], e = k + 1 < d.sentence_starts.size() ? d.sentence_starts[k + 1] : d.tokens.size();
      std::string sentence(t.text.data() + (d.tokens[b].data() - t.text.data()), d.tokens[e - 1].data() + d.tokens[e - 1].size());
      std::vector<uint8_t> tags(fresh.begin() + b, fresh.begin() + e);
      if (whole_seed) whole.emplace(sentence, tags);
      else if (d.sentence_starts.size() == 1 && whole.count(sentence) && whole[sentence] != tags) ++tagged_otherwise;
    }
  };
  for (const Tokenized& t : docs) check(t, view(t, true, 0, SIZE_MAX), true);
  for (const Tokenized& t : docs) check(t, view(t, false, 0, SIZE_MAX), false);
  for (const Tokenized& t : docs)
    for (size_t k = 0; k < t.sentences.size(); ++k) check(t, view(t, true, k, k + 1), false);
  for (const Tokenized& t : docs) check(t, view(t, true, 0, SIZE_MAX), false);
  EXPECT_GT(tagged, 100u);
  EXPECT_GT(tagged_otherwise, 0u);  // the documents do test the key's document context
}

}  // namespace
}  // namespace storyline::facts
