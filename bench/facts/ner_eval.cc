// bench/facts/ner.sh's runner for our tagger: tags a CoNLL-2003 file and
// prints one BIO tag per token (blank line between sentences) on stdout, and
// the speed on stderr as JSON:
//   - tagger: features + Viterbi on the file's own tokens (ner::TagDocument);
//   - article: facts::TagEntities on each document's text (sentences joined
//     by newlines, tokens by spaces): sentence splitting, our tokenisation,
//     tagging and the article-level corrections.
// Both are the best of three passes, in tokens (CoNLL tokens) per second.
//   ner_eval eng.testa > pred.txt
//   ner_eval eng.testa --article > pred.txt
// With --article the tags printed are the article path's: each mention of
// TagEntities marks the CoNLL tokens it covers (other -> MISC), so the
// article-level corrections are scored like the tagger.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "facts/ner_features.h"
#include "facts/ner_tagger.h"
#include "storyline/facts.h"

using namespace storyline::facts;

struct Doc {
  std::vector<std::string> words;
  std::vector<uint32_t> starts;
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ner_eval CONLL_FILE [--article]\n";
    return 2;
  }
  const bool article_tags = argc > 2 && std::string(argv[2]) == "--article";
  std::ifstream in(argv[1]);
  std::vector<Doc> docs(1);
  std::string line;
  bool in_sentence = false;
  while (std::getline(in, line)) {
    if (line.empty()) {
      in_sentence = false;
      continue;
    }
    std::string w = line.substr(0, line.find(' '));
    if (w == "-DOCSTART-") {
      if (!docs.back().words.empty()) docs.emplace_back();
      in_sentence = false;
      continue;
    }
    if (!in_sentence) {
      docs.back().starts.push_back(static_cast<uint32_t>(docs.back().words.size()));
      in_sentence = true;
    }
    docs.back().words.push_back(w);
  }
  size_t tokens = 0;
  for (const Doc& d : docs) tokens += d.words.size();
  std::vector<ner::Document> views(docs.size());
  std::vector<std::string> texts(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    views[i].tokens.assign(docs[i].words.begin(), docs[i].words.end());
    views[i].sentence_starts = docs[i].starts;
    for (size_t s = 0; s < docs[i].starts.size(); ++s) {
      size_t b = docs[i].starts[s], e = s + 1 < docs[i].starts.size() ? docs[i].starts[s + 1] : docs[i].words.size();
      for (size_t k = b; k < e; ++k) texts[i] += (k > b ? " " : "") + docs[i].words[k];
      texts[i] += "\n\n";  // a sentence per paragraph: CoNLL sentences are given
    }
  }
  ner::DefaultModel();  // decode the model outside the timing
  std::vector<std::vector<uint8_t>> tags(docs.size());
  double best_tagger = 1e9, best_article = 1e9;
  size_t mentions = 0;
  for (int pass = 0; pass < 3; ++pass) {
    // Each pass tags afresh (the tagger keeps the sentences it has seen: a
    // repeated pass would time that cache).
    ner::ForgetTaggedSentences();
    auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < docs.size(); ++i) ner::TagDocument(views[i], &tags[i]);
    auto t_tagged = std::chrono::steady_clock::now();
    ner::ForgetTaggedSentences();
    auto t1 = std::chrono::steady_clock::now();
    mentions = 0;
    for (size_t i = 0; i < docs.size(); ++i) mentions += TagEntities(texts[i]).size();
    auto t2 = std::chrono::steady_clock::now();
    best_tagger = std::min(best_tagger, std::chrono::duration<double>(t_tagged - t0).count());
    best_article = std::min(best_article, std::chrono::duration<double>(t2 - t1).count());
  }
  if (article_tags) {
    // Token i of a document starts at token_begin[i] in its text.
    for (size_t i = 0; i < docs.size(); ++i) {
      std::vector<size_t> token_begin;
      size_t at = 0;
      for (size_t s = 0; s < docs[i].starts.size(); ++s) {
        size_t b = docs[i].starts[s], e = s + 1 < docs[i].starts.size() ? docs[i].starts[s + 1] : docs[i].words.size();
        for (size_t k = b; k < e; ++k) {
          token_begin.push_back(at);
          at += docs[i].words[k].size() + (k + 1 < e ? 1 : 0);
        }
        at += 2;
      }
      std::fill(tags[i].begin(), tags[i].end(), 0);
      for (const Mention& m : TagEntities(texts[i])) {
        const int type = static_cast<int>(m.type);  // EntityType and the tags list PER ORG LOC MISC alike
        bool first = true;
        for (size_t k = 0; k < token_begin.size(); ++k) {
          size_t b = token_begin[k], e = b + docs[i].words[k].size();
          if (b < m.span.begin || e > m.span.end) continue;
          tags[i][k] = static_cast<uint8_t>(first ? ner::TagB(type) : ner::TagI(type));
          first = false;
        }
      }
    }
  }
  std::string out;
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t s = 0; s < docs[i].starts.size(); ++s) {
      size_t b = docs[i].starts[s], e = s + 1 < docs[i].starts.size() ? docs[i].starts[s + 1] : docs[i].words.size();
      if (!out.empty()) out += "\n";
      for (size_t k = b; k < e; ++k) out += ner::TagName(tags[i][k]) + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fprintf(stderr,
               "{\"tokens\": %zu, \"tagger_seconds\": %.4f, \"tagger_tokens_per_second\": %.0f, "
               "\"article_seconds\": %.4f, \"article_tokens_per_second\": %.0f, \"article_mentions\": %zu, "
               "\"model_features\": %zu}\n",
               tokens, best_tagger, tokens / best_tagger, best_article, tokens / best_article, mentions,
               ner::DefaultModel().num_features());
  return 0;
}
