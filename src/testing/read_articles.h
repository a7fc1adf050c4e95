// The articles of input files or directories, read and extracted as the CLI
// does, in input order; a read error fails the calling test. Test-only.
#ifndef STORYLINE_TESTING_READ_ARTICLES_H_
#define STORYLINE_TESTING_READ_ARTICLES_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storyline/article.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"

namespace storyline::testing {

inline std::vector<Article> ReadArticles(const std::vector<std::string>& inputs) {
  std::vector<Article> articles;
  ingest::ReadInputs(
      inputs, {}, [&](ingest::Document d) { articles.push_back(extract::ExtractArticle(std::move(d))); },
      [&](ingest::InputError e) { ADD_FAILURE() << e.input << ": " << e.status.message(); });
  return articles;
}

}  // namespace storyline::testing

#endif  // STORYLINE_TESTING_READ_ARTICLES_H_
