// Story clustering benchmark: accuracy on labelled streams, side by side with a
// baseline, and speed and memory on a large synthetic stream.
//
//   cluster_bench eval  --uci CSV --duc JSONL [--miranda dataset.test.json --lang eng]
//   cluster_bench eval-train --duc JSONL [--uci CSV] [--topics P,..] [--weights F]  (training data only)
//   cluster_bench dump  --uci CSV --duc JSONL --out pairs.tsv     (training rows)
//   cluster_bench synth --uci CSV --duc JSONL [--n 1000000]        (speed, memory)
//
// Data (see bench/cluster/README.md): the UCI News Aggregator headlines (CSV,
// quoted fields, the last row is cut off: reported as a bad row and skipped),
// the DUC 2004 clusters (each doc an article; title = its first sentence; no
// dates; shuffled into one stream by a fixed seed), and Miranda et al.'s
// dataset.*.json (a JSON array of {id, date, lang, cluster, title, text}).
// Every stream is replayed in time order (DUC: the shuffled order).
//
// Split: the model (and the IDF prior) are trained on the even-positioned DUC
// topics + the first half (by time) of UCI; the odd DUC topics and the second
// half of UCI are held out, each replayed as its own stream.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storyline/cluster.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "storyline/text.h"

namespace {

using storyline::Article;
namespace cl = storyline::cluster;
namespace text = storyline::text;

struct Stream {
  std::string name;
  std::vector<Article> articles;
  std::vector<std::string> gold;
  size_t bad_rows = 0;
};

// ---- Loading -------------------------------------------------------------------

// One CSV record (RFC 4180: quoted fields, "" inside quotes, newlines inside
// quotes). Returns false at end of input; `complete` is false when the input
// ended inside a quoted field.
bool ReadCsvRecord(std::istream& in, std::vector<std::string>* fields, bool* complete) {
  fields->clear();
  std::string field;
  bool quoted = false, any = false;
  *complete = true;
  int c;
  while ((c = in.get()) != EOF) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          field += '"';
          in.get();
        } else {
          quoted = false;
        }
      } else {
        field += static_cast<char>(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields->push_back(std::move(field));
      return true;
    } else if (c != '\r') {
      field += static_cast<char>(c);
    }
  }
  if (!any) return false;
  if (quoted) *complete = false;
  fields->push_back(std::move(field));
  return true;
}

std::string IsoFromMillis(long long ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Stream LoadUci(const std::string& path) {
  Stream s;
  s.name = "UCI";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  std::vector<std::string> f;
  bool complete;
  ReadCsvRecord(in, &f, &complete);  // header
  struct Row {
    long long ts;
    long long id;
    Article a;
    std::string gold;
  };
  std::vector<Row> rows;
  size_t line = 1;
  while (ReadCsvRecord(in, &f, &complete)) {
    ++line;
    // ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP
    bool ok = complete && f.size() == 8 && !f[0].empty() && !f[5].empty() && !f[7].empty() &&
              f[7].find_first_not_of("0123456789") == std::string::npos;
    if (!ok) {
      ++s.bad_rows;
      std::cerr << path << ": bad row " << line << " (" << f.size() << " fields"
                << (complete ? "" : ", cut off inside a quoted field") << "): skipped\n";
      continue;
    }
    Row r;
    r.ts = std::stoll(f[7]);
    r.id = std::atoll(f[0].c_str());
    r.a.id = "uci" + f[0];
    r.a.title = f[1];
    r.a.url = f[2];
    r.a.outlet = f[3];
    r.a.published = IsoFromMillis(r.ts);
    r.a.language = "en";
    r.gold = f[5];
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.ts != b.ts ? a.ts < b.ts : a.id < b.id; });
  for (auto& r : rows) {
    s.articles.push_back(std::move(r.a));
    s.gold.push_back(std::move(r.gold));
  }
  return s;
}

// Deterministic Fisher-Yates (std::shuffle's algorithm is not specified).
template <typename T>
void Shuffle(std::vector<T>* v, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[rng() % i]);
}

// DUC topics are split in two by their position in the file: even positions
// (0, 2, ...: 13 topics) train, odd positions (12 topics) are held out.
enum class DucPart { kAll, kTrain, kHeldOut };

// `only`: when not empty, just the topics at these positions in the file.
Stream LoadDuc(const std::string& path, uint64_t seed, DucPart part = DucPart::kAll,
               const std::set<size_t>& only = {}) {
  Stream s;
  s.name = "DUC 2004";
  size_t topic = 0;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  std::vector<std::pair<Article, std::string>> docs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    std::string cluster = j["cluster"];
    size_t position = topic++;
    bool train = position % 2 == 0;
    if ((part == DucPart::kTrain && !train) || (part == DucPart::kHeldOut && train)) continue;
    if (!only.empty() && !only.count(position)) continue;
    for (const auto& d : j["docs"]) {
      Article a;
      a.id = cluster + "/" + d["doc"].get<std::string>();
      a.text = d["text"].get<std::string>();
      // DUC docs lost their headlines: the first sentence stands in for one.
      auto sents = text::SplitSentences(a.text);
      if (!sents.empty()) a.title = a.text.substr(sents[0].begin, sents[0].size());
      a.language = "en";
      docs.emplace_back(std::move(a), cluster);
    }
  }
  Shuffle(&docs, seed);
  for (auto& [a, g] : docs) {
    s.articles.push_back(std::move(a));
    s.gold.push_back(std::move(g));
  }
  return s;
}

// Miranda et al. 2018 dataset.{dev,test}.json: a JSON array of documents with
// id, date ("%Y-%m-%d %H:%M:%S"), lang (eng/deu/spa), cluster (gold story) and
// text. Checked against published code that reads the real files: Priberam's
// load_corpora.py (id, date, lang; sorted by date with that format) and
// drumilT/news-clustering's gen_data scripts (d["text"], d["cluster"],
// d["lang"] == "eng", d["date"]). "title" is read when present (no published
// code shows it); "body"/"content" remain fallbacks for the text.
Stream LoadMiranda(const std::string& path, const std::string& lang) {
  Stream s;
  s.name = "Miranda " + lang;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  nlohmann::json j = nlohmann::json::parse(in);
  struct Doc {
    std::string date;
    Article a;
    std::string gold;
  };
  std::vector<Doc> docs;
  auto str = [](const nlohmann::json& d, std::initializer_list<const char*> keys) -> std::string {
    for (const char* k : keys)
      if (d.contains(k) && !d[k].is_null()) return d[k].is_string() ? d[k].get<std::string>() : d[k].dump();
    return "";
  };
  for (const auto& d : j) {
    if (!lang.empty() && str(d, {"lang"}) != lang) continue;
    Doc doc;
    doc.date = str(d, {"date"});
    doc.a.id = str(d, {"id"});
    doc.a.title = str(d, {"title"});
    doc.a.text = str(d, {"text", "body", "content"});
    doc.a.published = doc.date;  // "YYYY-MM-DD HH:MM:SS", read as UTC
    static const std::map<std::string, std::string> iso = {{"eng", "en"}, {"deu", "de"}, {"spa", "es"}};
    auto it = iso.find(str(d, {"lang"}));
    doc.a.language = it != iso.end() ? it->second : "";
    doc.gold = str(d, {"cluster"});
    if (doc.a.id.empty() || doc.gold.empty()) {
      ++s.bad_rows;
      continue;
    }
    docs.push_back(std::move(doc));
  }
  std::stable_sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.date < b.date; });
  for (auto& d : docs) {
    s.articles.push_back(std::move(d.a));
    s.gold.push_back(std::move(d.gold));
  }
  return s;
}

Stream Slice(const Stream& s, size_t begin, size_t end, const std::string& name) {
  Stream out;
  out.name = name;
  out.articles.assign(s.articles.begin() + begin, s.articles.begin() + end);
  out.gold.assign(s.gold.begin() + begin, s.gold.begin() + end);
  return out;
}

// ---- Scores --------------------------------------------------------------------

struct Scores {
  double p = 0, r = 0, f1 = 0;        // pairwise (Priberam eval_lib)
  double bp = 0, br = 0, bf1 = 0;     // BCubed
  size_t predicted = 0, truth = 0;
};

Scores Score(const std::vector<std::string>& gold, const std::vector<std::string>& pred) {
  std::map<std::pair<std::string, std::string>, double> nkj;
  std::unordered_map<std::string, double> nk, nj;
  for (size_t i = 0; i < gold.size(); ++i) {
    nkj[{gold[i], pred[i]}] += 1;
    nk[gold[i]] += 1;
    nj[pred[i]] += 1;
  }
  auto c2 = [](double n) { return n * (n - 1) / 2; };
  double tp = 0, tpfp = 0, tpfn = 0, bp = 0, br = 0;
  for (const auto& [kj, n] : nkj) {
    tp += c2(n);
    bp += n * n / nj[kj.second];
    br += n * n / nk[kj.first];
  }
  for (const auto& [k, n] : nk) tpfn += c2(n);
  for (const auto& [j, n] : nj) tpfp += c2(n);
  Scores s;
  double N = static_cast<double>(gold.size());
  s.p = tpfp > 0 ? tp / tpfp : 1;
  s.r = tpfn > 0 ? tp / tpfn : 1;
  s.f1 = s.p + s.r > 0 ? 2 * s.p * s.r / (s.p + s.r) : 0;
  s.bp = bp / N;
  s.br = br / N;
  s.bf1 = 2 * s.bp * s.br / (s.bp + s.br);
  s.predicted = nj.size();
  s.truth = nk.size();
  return s;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

double CurrentRssMb() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, rss = 0;
  in >> pages >> rss;
  return rss * (sysconf(_SC_PAGESIZE) / 1048576.0);
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// ---- Baseline: single-pass TF-IDF cosine to story centroids ---------------------

// The textbook streaming clusterer: stemmed, stop-worded TF-IDF over title and
// body with online document frequencies; each article joins the most similar
// story centroid (a linear scan over all stories) when the cosine reaches a
// fixed threshold, else starts a story. The threshold is tuned on the training
// streams (DUC + the first half of UCI).
std::vector<std::string> Baseline(const Stream& s, double threshold) {
  text::Stemmer stemmer("en");
  std::unordered_map<std::string, double> df;
  double docs = 0;
  std::vector<std::unordered_map<std::string, double>> centroids;
  std::vector<double> norms;
  std::vector<std::string> out;
  for (const Article& a : s.articles) {
    std::unordered_map<std::string, double> tf;
    for (const std::string* t : {&a.title, &a.text})
      for (const auto& tok : text::Tokenize(*t)) {
        if (tok.lower.size() < 2 || text::IsStopWord(tok.lower)) continue;
        tf[tok.kind == text::Token::Kind::kNumber ? tok.lower : stemmer.Stem(tok.lower)] += 1;
      }
    docs += 1;
    for (const auto& [t, n] : tf) df[t] += 1;
    double norm = 0;
    for (auto& [t, w] : tf) {
      w = (1 + std::log(w)) * std::log((docs + 1) / (df[t] + 0.5));
      norm += w * w;
    }
    norm = std::sqrt(norm);
    for (auto& [t, w] : tf) w /= norm > 0 ? norm : 1;
    double best = -1;
    size_t best_i = 0;
    for (size_t i = 0; i < centroids.size(); ++i) {
      double dot = 0;
      for (const auto& [t, w] : tf) {
        auto it = centroids[i].find(t);
        if (it != centroids[i].end()) dot += w * it->second;
      }
      double cos = norms[i] > 0 ? dot / norms[i] : 0;
      if (cos > best) {
        best = cos;
        best_i = i;
      }
    }
    if (best < threshold) {
      centroids.emplace_back();
      norms.push_back(0);
      best_i = centroids.size() - 1;
    }
    auto& c = centroids[best_i];
    for (const auto& [t, w] : tf) c[t] += w;
    double n2 = 0;
    for (const auto& [t, w] : c) n2 += w * w;
    norms[best_i] = std::sqrt(n2);
    out.push_back("b" + std::to_string(best_i));
  }
  return out;
}

struct Run {
  Scores scores;
  double per_second = 0;  // articles per CPU second
};

Run RunOurs(const Stream& s, const cl::Options& o) {
  double t0 = CpuSeconds();
  cl::Result r = cl::ClusterArticles(s.articles, o);
  double t = CpuSeconds() - t0;
  std::vector<std::string> pred;
  for (const auto& a : r.assignments) pred.push_back(a.story_id);
  return {Score(s.gold, pred), s.articles.size() / t};
}

Run RunBaseline(const Stream& s, double threshold) {
  double t0 = CpuSeconds();
  auto pred = Baseline(s, threshold);
  double t = CpuSeconds() - t0;
  return {Score(s.gold, pred), s.articles.size() / t};
}

// ---- Synthetic stream ----------------------------------------------------------------

// Word frequencies counted from real text (DUC bodies and UCI headlines):
// sampled by frequency they give a stream whose vocabulary statistics are real.
struct Vocabulary {
  std::vector<std::string> words;   // by decreasing frequency
  std::vector<double> cumulative;   // cumulative frequency
  std::vector<std::string> names;   // capitalised words (mid-sentence)
  void Build(const std::vector<const Stream*>& streams) {
    std::unordered_map<std::string, double> counts, caps;
    for (const Stream* s : streams)
      for (const Article& a : s->articles)
        for (const std::string* t : {&a.title, &a.text})
          for (const auto& tok : text::Tokenize(*t)) {
            if (tok.kind != text::Token::Kind::kWord) continue;
            counts[tok.lower] += 1;
            char c = (*t)[tok.span.begin];
            if (c >= 'A' && c <= 'Z' && tok.span.begin > 2 && (*t)[tok.span.begin - 2] != '.')
              caps[t->substr(tok.span.begin, tok.span.size())] += 1;
          }
    std::vector<std::pair<double, std::string>> v;
    for (auto& [w, n] : counts) v.emplace_back(n, w);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    double acc = 0;
    for (auto& [n, w] : v) {
      words.push_back(w);
      acc += n;
      cumulative.push_back(acc);
    }
    std::vector<std::pair<double, std::string>> c;
    for (auto& [w, n] : caps)
      if (n >= 2) c.emplace_back(n, w);
    std::sort(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (auto& [n, w] : c) names.push_back(w);
  }
  const std::string& Sample(std::mt19937_64& rng) const {
    double x = std::uniform_real_distribution<double>(0, cumulative.back())(rng);
    return words[std::lower_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin()];
  }
};

// Stories of the synthetic stream: topic words (mid-frequency), names and a
// number; articles mix them into frequency-sampled background text.
struct SynthStory {
  std::vector<std::string> topic, names;
  std::string number;
  size_t remaining;
};

class SynthStream {
 public:
  SynthStream(const Vocabulary& v, uint64_t seed, size_t active) : v_(v), rng_(seed), stories_(active) {
    for (auto& s : stories_) Renew(&s);
  }
  // The next article (~3 KB body) and its gold story.
  Article Next(std::string* gold) {
    size_t k = rng_() % stories_.size();
    SynthStory& s = stories_[k];
    if (s.remaining == 0) Renew(&s);
    --s.remaining;
    *gold = std::to_string(story_serial_[k]);
    Article a;
    a.id = "s" + std::to_string(n_);
    a.language = "en";
    // One article every 3 seconds (~29k a day) from 2024-01-01.
    long long t = 1704067200LL + static_cast<long long>(n_) * 3;
    std::time_t tt = t;
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    a.published = buf;
    ++n_;
    a.title = Word(s, 0.6, true);
    for (int i = 0; i < 7; ++i) a.title += " " + Word(s, 0.6, false);
    while (a.text.size() < 3000) {
      std::string sentence = Word(s, 0.25, true);
      for (int i = 0; i < 16; ++i) sentence += " " + Word(s, 0.25, false);
      a.text += sentence + ". ";
      if (rng_() % 5 == 0) a.text += "\n\n";
    }
    return a;
  }

 private:
  std::string Word(const SynthStory& s, double topic_share, bool capital) {
    std::uniform_real_distribution<double> u(0, 1);
    double x = u(rng_);
    std::string w;
    if (x < topic_share * 0.15) {
      w = s.names[rng_() % s.names.size()];
    } else if (x < topic_share * 0.2) {
      w = s.number;
    } else if (x < topic_share) {
      w = s.topic[rng_() % s.topic.size()];
    } else {
      w = v_.Sample(rng_);
    }
    if (capital && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
  }
  void Renew(SynthStory* s) {
    size_t k = s - stories_.data();
    if (story_serial_.size() < stories_.size()) story_serial_.resize(stories_.size());
    story_serial_[k] = next_story_++;
    s->topic.clear();
    s->names.clear();
    size_t lo = std::min<size_t>(300, v_.words.size() / 4), hi = std::min<size_t>(30000, v_.words.size());
    for (int i = 0; i < 12; ++i) s->topic.push_back(v_.words[lo + rng_() % (hi - lo)]);
    for (int i = 0; i < 3; ++i) s->names.push_back(v_.names[rng_() % std::min<size_t>(v_.names.size(), 20000)]);
    s->number = std::to_string(10 + rng_() % 990);
    s->remaining = 5 + rng_() % 30;  // 5..34 articles, mean ~20
  }
  const Vocabulary& v_;
  std::mt19937_64 rng_;
  std::vector<SynthStory> stories_;
  std::vector<uint64_t> story_serial_;
  uint64_t next_story_ = 0;
  uint64_t n_ = 0;
};

// ---- Commands -------------------------------------------------------------------------

std::map<std::string, std::string> ParseArgs(int argc, char** argv) {
  std::map<std::string, std::string> m;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k.rfind("--", 0) == 0) m[k.substr(2)] = argv[i + 1];
  }
  return m;
}

std::string Fmt(double v, int digits = 4) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

std::string Count(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f", v);
  std::string s = buf, out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

constexpr uint64_t kDucSeed = 2004;

// --weights FILE: the join model's weights (bias first, whitespace-separated)
// in place of the trained ones (training and cross-validation).
void ReadWeights(std::map<std::string, std::string>& args, cl::Options* o) {
  if (!args.count("weights")) return;
  std::ifstream in(args["weights"]);
  double v;
  while (in >> v) o->join_weights.push_back(v);
  if (o->join_weights.size() != cl::FeatureNames().size() + 1) {
    std::cerr << args["weights"] << ": " << o->join_weights.size() << " weights, expected "
              << cl::FeatureNames().size() + 1 << "\n";
    std::exit(1);
  }
}

std::string ScoreLine(const Scores& x) {
  return "pairwise P " + Fmt(x.p) + " R " + Fmt(x.r) + " F1 " + Fmt(x.f1) + " BCubed P " + Fmt(x.bp) + " R " +
         Fmt(x.br) + " F1 " + Fmt(x.bf1) + " stories " + std::to_string(x.predicted) + "/" +
         std::to_string(x.truth);
}

// Training data only (never the held-out half): the DUC training topics (all,
// or --topics p,q,... by file position, each even) and the UCI first half,
// one line per stream. For choices and cross-validation on training data.
int EvalTrain(std::map<std::string, std::string>& args) {
  cl::Options o;
  ReadWeights(args, &o);
  if (args.count("threshold")) o.join_threshold = std::stod(args["threshold"]);
  if (args.count("merge")) o.merge = args["merge"] != "0";
  if (args.count("merge-threshold")) o.merge_threshold = std::stod(args["merge-threshold"]);
  std::set<size_t> only;
  if (args.count("topics")) {
    std::stringstream ss(args["topics"]);
    std::string t;
    while (std::getline(ss, t, ',')) {
      size_t p = std::stoul(t);
      if (p % 2 != 0) {
        std::cerr << "topic position " << p << " is held out\n";
        return 2;
      }
      only.insert(p);
    }
  }
  Stream duc = LoadDuc(args["duc"], kDucSeed, DucPart::kTrain, only);
  std::cout << "duc-train " << ScoreLine(RunOurs(duc, o).scores) << "\n";
  if (args.count("uci") && !args.count("topics")) {
    Stream uci = LoadUci(args["uci"]);
    Stream uci_train = Slice(uci, 0, uci.articles.size() / 2, "uci-train");
    std::cout << "uci-train " << ScoreLine(RunOurs(uci_train, o).scores) << "\n";
  }
  return 0;
}

int Eval(std::map<std::string, std::string>& args) {
  Stream uci = LoadUci(args["uci"]);
  Stream duc = LoadDuc(args["duc"], kDucSeed, DucPart::kTrain);
  Stream duc_test = LoadDuc(args["duc"], kDucSeed, DucPart::kHeldOut);
  Stream duc_all = LoadDuc(args["duc"], kDucSeed, DucPart::kAll);
  size_t half = uci.articles.size() / 2;
  Stream uci_train = Slice(uci, 0, half, "UCI first half (train)");
  Stream uci_test = Slice(uci, half, uci.articles.size(), "UCI second half (held-out)");
  Stream uci_all = Slice(uci, 0, uci.articles.size(), "UCI full stream");
  duc.name = "DUC 2004 even topics (13; train)";
  duc_test.name = "DUC 2004 odd topics (12; held-out)";
  duc_all.name = "DUC 2004 all 25 topics (half trained on)";

  // Baseline threshold: tuned on the training streams (mean BCubed and pairwise F1).
  double best_t = 0.3, best_v = -1;
  for (double t = 0.05; t < 0.8; t += 0.025) {
    Scores a = RunBaseline(uci_train, t).scores, b = RunBaseline(duc, t).scores;
    double v = (a.f1 + a.bf1 + b.f1 + b.bf1) / 4;
    if (v > best_v) {
      best_v = v;
      best_t = t;
    }
  }
  cl::Options o;
  if (args.count("threshold")) o.join_threshold = std::stod(args["threshold"]);
  if (args.count("merge")) o.merge = args["merge"] != "0";
  if (args.count("passages")) o.use_passages = args["passages"] != "0";
  if (args.count("terms")) o.centroid_terms = std::stoul(args["terms"]);
  if (args.count("merge-threshold")) o.merge_threshold = std::stod(args["merge-threshold"]);
  std::vector<Stream*> streams = {&uci_test, &uci_train, &uci_all, &duc_test, &duc, &duc_all};
  // --streams uci: the UCI streams alone (checks UCI without a DUC held-out measurement).
  if (args.count("streams") && args["streams"] == "uci") streams = {&uci_test, &uci_train, &uci_all};
  Stream miranda;
  if (args.count("miranda")) {
    miranda = LoadMiranda(args["miranda"], args.count("lang") ? args["lang"] : "eng");
    streams.push_back(&miranda);
  }
  std::cout << "| stream | articles | system | pairwise P | R | F1 | BCubed P | R | F1 | stories (pred / true) | articles/s/core |\n";
  std::cout << "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (Stream* s : streams) {
    Run ours = RunOurs(*s, o);
    Run base = RunBaseline(*s, best_t);
    for (auto [name, run] : {std::pair<std::string, Run>{"storyline", ours},
                             {"baseline (cos >= " + Fmt(best_t, 3) + ")", base}}) {
      const Scores& x = run.scores;
      std::cout << "| " << s->name << " | " << Count(s->articles.size()) << " | " << name << " | " << Fmt(x.p) << " | "
                << Fmt(x.r) << " | " << Fmt(x.f1) << " | " << Fmt(x.bp) << " | " << Fmt(x.br) << " | " << Fmt(x.bf1)
                << " | " << x.predicted << " / " << x.truth << " | " << Count(run.per_second) << " |\n";
    }
  }
  std::cout << "\nUCI bad rows skipped: " << uci.bad_rows << ". Peak RSS of the whole run: " << Fmt(PeakRssMb(), 1)
            << " MB.\n";
  return 0;
}

// Mixed predicted stories of a stream (debugging aid): gold labels per story.
int Confusion(std::map<std::string, std::string>& args) {
  DucPart part = !args.count("part") ? DucPart::kAll : args["part"] == "train" ? DucPart::kTrain : DucPart::kHeldOut;
  Stream s = args.count("duc") ? LoadDuc(args["duc"], kDucSeed, part) : LoadUci(args["uci"]);
  cl::Options o;
  ReadWeights(args, &o);
  if (args.count("terms")) o.centroid_terms = std::stoul(args["terms"]);
  if (args.count("merge")) o.merge = args["merge"] != "0";
  cl::Result r = cl::ClusterArticles(s.articles, o);
  std::map<std::string, std::map<std::string, int>> m;
  std::map<std::string, std::string> first_title;
  for (size_t i = 0; i < s.articles.size(); ++i) {
    m[r.assignments[i].story_id][s.gold[i]]++;
  }
  for (const auto& st : r.stories) first_title[st.id] = st.title.substr(0, 80);
  if (args.count("verbose")) {  // every article: gold, story, decision and reason
    for (size_t i = 0; i < s.articles.size(); ++i) {
      const cl::Assignment& as = r.assignments[i];
      std::cout << s.gold[i] << "\t" << as.story_id << (as.new_story ? " NEW" : "    ")
                << "\tp=" << Fmt(as.explanation.probability, 3) << " terms=";
      for (const auto& t : as.explanation.shared_terms) std::cout << t << ",";
      std::cout << " names=";
      for (const auto& t : as.explanation.shared_names) std::cout << t << ",";
      std::cout << "\n";
    }
  }
  for (const auto& [story, golds] : m) {
    if (golds.size() < 2 && !args.count("all")) continue;
    std::cout << story << " " << first_title[story] << "\n   ";
    for (const auto& [g, n] : golds) std::cout << " " << g << ":" << n;
    std::cout << "\n";
  }
  return 0;
}

int Dump(std::map<std::string, std::string>& args) {
  Stream uci = LoadUci(args["uci"]);
  Stream duc = LoadDuc(args["duc"], kDucSeed, DucPart::kTrain);
  Stream uci_train = Slice(uci, 0, uci.articles.size() / 2, "uci-train");
  std::ofstream out(args["out"]);
  std::ostringstream a, b;
  size_t m1 = cl::DumpTrainingPairs(duc.articles, duc.gold, "duc", a);
  size_t m2 = cl::DumpTrainingPairs(uci_train.articles, uci_train.gold, "uci", b);
  out << a.str();
  std::string rest = b.str();
  out << rest.substr(rest.find('\n') + 1);  // one header
  if (args.count("gold-out")) {  // group -> gold story, for cross-validation by topic
    std::ofstream g(args["gold-out"]);
    for (size_t i = 0; i < duc.articles.size(); ++i) g << "duc:" << i << '\t' << duc.gold[i] << '\n';
    for (size_t i = 0; i < uci_train.articles.size(); ++i) g << "uci:" << i << '\t' << uci_train.gold[i] << '\n';
  }
  std::cerr << "training rows written to " << args["out"] << "; gold story live but not retrieved: duc " << m1
            << ", uci " << m2 << "\n";
  return 0;
}

// The IDF prior from the training streams only (the even DUC topics + the
// first half of UCI).
int Prior(std::map<std::string, std::string>& args) {
  Stream uci = LoadUci(args["uci"]);
  Stream duc = LoadDuc(args["duc"], kDucSeed, DucPart::kTrain);
  std::vector<Article> all = duc.articles;
  all.insert(all.end(), uci.articles.begin(), uci.articles.begin() + uci.articles.size() / 2);
  std::ofstream out(args["out"]);
  cl::WriteIdfPrior(all, "data: DUC 2004 clusters.jsonl (even topics) + first half of uci-news-aggregator.csv", out);
  std::cerr << "IDF prior from " << all.size() << " articles written to " << args["out"] << "\n";
  return 0;
}

int Synth(std::map<std::string, std::string>& args) {
  size_t n = args.count("n") ? std::stoull(args["n"]) : 1000000;
  Vocabulary vocab;
  {
    Stream uci = LoadUci(args["uci"]);
    Stream duc = LoadDuc(args["duc"], kDucSeed);
    vocab.Build({&uci, &duc});
  }
  SynthStream gen(vocab, 42, 2000);
  cl::Options o;
  if (args.count("passages")) o.use_passages = args["passages"] != "0";
  o.keep_retired = false;
  size_t retired = 0;
  o.on_retire = [&](const cl::Story&) { ++retired; };
  if (args.count("score")) {  // accuracy on the first N synthetic articles
    Stream st;
    std::string g;
    for (size_t i = 0; i < n; ++i) {
      st.articles.push_back(gen.Next(&g));
      st.gold.push_back(g);
    }
    cl::Options so;
    ReadWeights(args, &so);
    if (args.count("merge")) so.merge = args["merge"] != "0";
    Run r = RunOurs(st, so);
    std::cout << "synthetic " << n << ": pairwise F1 " << Fmt(r.scores.f1) << " BCubed F1 " << Fmt(r.scores.bf1)
              << " (P " << Fmt(r.scores.bp) << " R " << Fmt(r.scores.br) << ") stories " << r.scores.predicted
              << " / " << r.scores.truth << "\n";
    return 0;
  }
  cl::Clusterer c(o);
  double cpu = 0, bytes = 0;
  std::cout << "| articles | articles/s/core (cumulative) | mean body bytes | clusterer MemoryBytes (MB) | process RSS (MB) | stories retired | Snapshot() (MB) | Snapshot() CPU s | FromSnapshot CPU s |\n";
  std::cout << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  std::string gold;
  for (size_t i = 1; i <= n; ++i) {
    Article a = gen.Next(&gold);
    bytes += a.text.size() + a.title.size();
    double t0 = CpuSeconds();
    c.Add(a);
    cpu += CpuSeconds() - t0;
    if (i == 10000 || i == 100000 || i == 250000 || i == 500000 || i == 750000 || i == n) {
      // The saved state (what the store keeps to skip a replay): its size
      // and the CPU time to make it and to restore from it (not in articles/s).
      double s0 = CpuSeconds();
      std::string snapshot = c.Snapshot();
      double s1 = CpuSeconds();
      bool restored = cl::Clusterer::FromSnapshot(o, snapshot).ok();
      double s2 = CpuSeconds();
      std::cout << "| " << Count(i) << " | " << Count(i / cpu) << " | " << Count(bytes / i) << " | "
                << Fmt(c.MemoryBytes() / 1048576.0, 1) << " | " << Fmt(CurrentRssMb(), 1) << " | " << Count(retired)
                << " | " << Fmt(snapshot.size() / 1048576.0, 1) << " | " << Fmt(s1 - s0, 3) << " | "
                << (restored ? Fmt(s2 - s1, 3) : std::string("failed")) << " |\n"
                << std::flush;
    }
  }
  std::cout << "\nPeak RSS: " << Fmt(PeakRssMb(), 1) << " MB.\n";
  return 0;
}

// Prints each article's assignment and explanation, and (with --labels TSV of
// id<TAB>story) the candidate features of every article under the gold assignment.
int Trace(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string labels;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--labels" && i + 1 < argc)
      labels = argv[++i];
    else
      inputs.push_back(argv[i]);
  }
  std::vector<Article> articles;
  storyline::ingest::ReadInputs(
      inputs, {}, [&](storyline::ingest::Document d) { articles.push_back(storyline::extract::ExtractArticle(std::move(d))); },
      [&](storyline::ingest::InputError e) { std::cerr << e.input << ": " << e.status.message() << "\n"; });
  cl::Clusterer c;
  for (const Article& a : articles) {
    auto r = c.Add(a);
    std::cout << a.id << "\t" << r.story_id << (r.new_story ? " NEW" : "    ") << "\tp=" << Fmt(r.explanation.probability, 3)
              << " gap=" << Fmt(r.explanation.hours_from_story, 1) << " passage=" << r.explanation.shared_passage << " terms=";
    for (const auto& t : r.explanation.shared_terms) std::cout << t << ",";
    std::cout << " names=";
    for (const auto& t : r.explanation.shared_names) std::cout << t << ",";
    std::cout << "\n";
  }
  if (!labels.empty()) {
    std::map<std::string, std::string> gold;
    std::ifstream in(labels);
    std::string id, g;
    while (in >> id >> g) gold[id] = g;
    std::vector<std::string> gl;
    for (const Article& a : articles) gl.push_back(gold.count(a.id) ? gold[a.id] : a.id);
    cl::DumpTrainingPairs(articles, gl, "trace", std::cout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: cluster_bench eval|eval-train|dump|synth --uci CSV --duc JSONL [--miranda JSON --lang eng] [--out F] "
                 "[--n N] [--threshold P]\n";
    return 2;
  }
  std::string cmd = argv[1];
  auto args = ParseArgs(argc, argv);
  if (cmd == "eval") return Eval(args);
  if (cmd == "eval-train") return EvalTrain(args);
  if (cmd == "dump") return Dump(args);
  if (cmd == "confusion") return Confusion(args);
  if (cmd == "synth") return Synth(args);
  if (cmd == "prior") return Prior(args);
  if (cmd == "trace") return Trace(argc, argv);
  std::cerr << "unknown command " << cmd << "\n";
  return 2;
}
