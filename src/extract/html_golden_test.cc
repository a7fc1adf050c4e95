// Data-driven golden tests of HTML extraction: every tests/data/extract/html/*.test
// file is one page and the fields expected from it (format in that folder's
// README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/extract.h"

namespace storyline::extract {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name, html, url;
  bool fragment = false;
  std::vector<std::pair<std::string, std::string>> expect;  // key, value
};

Case Load(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string all = ss.str();
  Case c;
  c.name = path.stem().string();
  size_t html_at = all.find("\nhtml\n");
  if (all.rfind("html\n", 0) == 0) html_at = 0;
  size_t sep = all.rfind("\n----\n");
  EXPECT_NE(html_at, std::string::npos) << path;
  EXPECT_NE(sep, std::string::npos) << path;
  if (html_at == std::string::npos || sep == std::string::npos) return c;
  size_t html_begin = all.find('\n', html_at + 1) + 1;
  if (html_at == 0) html_begin = 5;
  c.html = all.substr(html_begin, sep + 1 - html_begin);
  auto directives = [&](std::string_view block) {
    std::istringstream in{std::string(block)};
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      size_t colon = line.find(": ");
      std::string key = line.substr(0, colon), value = colon == std::string::npos ? "" : line.substr(colon + 2);
      if (colon == std::string::npos && line.back() == ':') key = line.substr(0, line.size() - 1);
      if (key == "format") c.fragment = value == "fragment";
      else if (key == "url") c.url = value;
      else c.expect.emplace_back(key, value);
    }
  };
  directives(std::string_view(all).substr(0, html_at));
  directives(std::string_view(all).substr(sep + 6));
  return c;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

TEST(HtmlGolden, AllCases) {
  fs::path dir = fs::path(STORYLINE_SOURCE_DIR) / "tests/data/extract/html";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".test") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 15u);
  for (const fs::path& p : files) {
    Case c = Load(p);
    SCOPED_TRACE(c.name);
    ingest::Document doc;
    doc.article.text = c.html;
    doc.article.url = c.url;
    doc.format = c.fragment ? ingest::Document::Format::kHtmlFragment : ingest::Document::Format::kHtmlPage;
    HtmlExtraction r = ExtractHtml(doc);
    const Article& a = r.article;
    std::vector<std::string> paras;
    for (size_t pos = 0; pos <= a.text.size();) {
      size_t e = a.text.find("\n\n", pos);
      if (e == std::string::npos) e = a.text.size();
      paras.push_back(a.text.substr(pos, e - pos));
      pos = e + 2;
    }
    for (const auto& [key, value] : c.expect) {
      if (key == "title") EXPECT_EQ(a.title, value);
      else if (key == "authors") EXPECT_EQ(Join(a.authors), value);
      else if (key == "published") EXPECT_EQ(a.published, value);
      else if (key == "modified") EXPECT_EQ(a.modified, value);
      else if (key == "outlet") EXPECT_EQ(a.outlet, value);
      else if (key == "canonical_url") EXPECT_EQ(a.canonical_url, value);
      else if (key == "language") EXPECT_EQ(a.language, value);
      else if (key == "is_article") EXPECT_EQ(a.is_article ? "true" : "false", value) << r.not_article_reason;
      else if (key == "body-contains") EXPECT_NE(a.text.find(value), std::string::npos) << value << "\n---\n" << a.text;
      else if (key == "body-not-contains") EXPECT_EQ(a.text.find(value), std::string::npos) << value << "\n---\n" << a.text;
      else if (key == "body-line") EXPECT_NE(std::find(paras.begin(), paras.end(), value), paras.end()) << value << "\n---\n" << a.text;
      else ADD_FAILURE() << "unknown key " << key;
    }
  }
}

}  // namespace
}  // namespace storyline::extract
