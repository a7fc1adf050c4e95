// Quantities: data-driven cases (tests/data/facts/quantities/cases.txt) and
// the seed articles (../shared/seeds).
#include <gtest/gtest.h>

#include "testing/shared_data.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storyline/facts.h"

namespace storyline::facts {
namespace {

namespace fs = std::filesystem;

using ::storyline::testing::SeedText;
using ::storyline::testing::SplitFields;
using ::storyline::testing::Trim;

std::string Describe(const std::vector<Quantity>& found) {
  std::string s;
  for (const auto& q : found) s += "  [" + q.text + "] " + std::to_string(q.value) + " " + q.unit + "\n";
  return s;
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

TEST(QuantityCases, DataFile) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/data/facts/quantities/cases.txt");
  ASSERT_TRUE(in) << "tests/data/facts/quantities/cases.txt missing";
  std::string line, text;
  std::vector<Quantity> found;
  size_t next = 0, cases = 0;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::string rest = Trim(line.substr(1));
    if (line[0] == '>') {
      text = rest;
      found = FindQuantities(text);
      next = 0;
      ++cases;
    } else if (line[0] == '=') {
      auto f = SplitFields(rest);
      ASSERT_GE(f.size(), 2u) << "line " << lineno;
      std::string unit = f.size() >= 3 ? f[2] : "";
      bool ok = false;
      for (size_t k = next; k < found.size(); ++k) {
        if (found[k].text != f[0]) continue;
        EXPECT_TRUE(Near(found[k].value, std::stod(f[1]))) << "line " << lineno << ": " << found[k].value;
        EXPECT_EQ(found[k].unit, unit) << "line " << lineno << ": " << text;
        EXPECT_EQ(text.substr(found[k].span.begin, found[k].span.size()), found[k].text);
        next = k + 1;
        ok = true;
        break;
      }
      EXPECT_TRUE(ok) << "line " << lineno << ": no quantity [" << f[0] << "] in: " << text << "\nfound:\n"
                      << Describe(found);
    } else if (line[0] == '!') {
      size_t at = text.find(rest);
      ASSERT_NE(at, std::string::npos) << "line " << lineno;
      for (const auto& q : found)
        EXPECT_FALSE(q.span.begin < at + rest.size() && at < q.span.end)
            << "line " << lineno << ": [" << rest << "] is inside [" << q.text << "]";
    }
  }
  EXPECT_GT(cases, 8u);
}

TEST(Quantities, EmptyAndOddInput) {
  EXPECT_TRUE(FindQuantities("").empty());
  EXPECT_TRUE(FindQuantities("$").empty());
  EXPECT_TRUE(FindQuantities("\xff 5").size() == 1);
}

// A written decimal times a multiplier is the number written, exactly:
// "4.1 million" is 4100000 (binary 4.1 x 1e6 is 4099999.9999999995, which
// the brief would print).
TEST(Quantities, ScaledDecimalsAreExact) {
  auto q = FindQuantities("The port handles about 4.1 million containers and $0.3bn of grain, up 2.3 million tonnes.");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].value, 4100000.0);
  EXPECT_EQ(q[1].value, 300000000.0);
  EXPECT_EQ(q[2].value, 2300000.0);
}

// Numbers as the article's language writes them: a decimal comma and dots
// between thousands in Spanish or German, the other way round in English;
// a number that fits neither way of its language is no figure.
TEST(Quantities, DecimalCommaLanguages) {
  auto es = FindQuantities("El sismo de magnitud 6,4 dejó 12 muertos y 1.900 viviendas dañadas; 1.234,5 toneladas.",
                           "es");
  ASSERT_EQ(es.size(), 4u);
  EXPECT_EQ(es[0].value, 6.4);
  EXPECT_EQ(es[1].value, 12);
  EXPECT_EQ(es[2].value, 1900);
  EXPECT_EQ(es[3].value, 1234.5);
  auto de = FindQuantities("Rund 2.500 Menschen, 3,5 Prozent.", "de-AT");
  ASSERT_EQ(de.size(), 2u);
  EXPECT_EQ(de[0].value, 2500);
  EXPECT_EQ(de[1].value, 3.5);
  auto en = FindQuantities("About 2,500 people, 3.5 percent.");
  ASSERT_EQ(en.size(), 2u);
  EXPECT_EQ(en[0].value, 2500);
  EXPECT_EQ(en[1].value, 3.5);
  EXPECT_TRUE(FindQuantities("Una cifra de 12.34 unidades.", "es").empty());
}

using ::storyline::testing::SeedsDir;


const Quantity* FindText(const std::vector<Quantity>& v, std::string_view text) {
  for (const auto& q : v)
    if (q.text == text) return &q;
  return nullptr;
}

TEST(QuantitySeeds, TradeFigureIsOneQuantity) {
  if (!fs::is_directory(SeedsDir())) GTEST_SKIP() << "seed articles not found at " << SeedsDir();
  auto s001 = FindQuantities(SeedText("001"));
  auto s003 = FindQuantities(SeedText("003"));
  const Quantity* a = FindText(s001, "$190bn");
  const Quantity* b = FindText(s003, "$190 billion");
  ASSERT_NE(a, nullptr) << Describe(s001);
  ASSERT_NE(b, nullptr) << Describe(s003);
  EXPECT_EQ(a->value, 190e9);
  EXPECT_EQ(a->value, b->value);
  EXPECT_EQ(a->unit, "USD");
  EXPECT_EQ(b->unit, "USD");
  const Quantity* pct = FindText(s001, "29 percent");
  ASSERT_NE(pct, nullptr) << Describe(s001);
  EXPECT_EQ(pct->value, 29);
  EXPECT_EQ(pct->unit, "percent");
  // "a 12-point position paper": a count of 12, not money.
  for (const char* id : {"001", "002", "003"}) {
    auto v = FindQuantities(SeedText(id));
    const Quantity* p = FindText(v, "12-point");
    ASSERT_NE(p, nullptr) << id << "\n" << Describe(v);
    EXPECT_EQ(p->value, 12);
    EXPECT_EQ(p->unit, "point");
  }
  // Dates are not quantities: "Mar 20 to 22", "2019".
  for (const auto& q : FindQuantities(SeedText("000"))) {
    EXPECT_NE(q.text, "20") << Describe(FindQuantities(SeedText("000")));
    EXPECT_NE(q.text, "2019");
  }
}

}  // namespace
}  // namespace storyline::facts
