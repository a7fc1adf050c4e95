#include "store/synthetic.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <queue>
#include <vector>

namespace storyline::store::synthetic {

namespace {

// splitmix64: deterministic on every platform, unlike std:: distributions.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? static_cast<size_t>(Next() % n) : 0; }
  double Unit() { return (Next() >> 11) * 0x1.0p-53; }
};

const char* const kOnsets[] = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
                               "v", "w", "z", "br", "cr", "dr", "st", "tr", "pl", "gr", "sh", "ch", "th"};
const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee"};
const char* const kCodas[] = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk"};

// English function words: stop words to every stage, as in real text.
const char* const kFunction[] = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as", "his", "on", "be",
    "at", "by", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "were",
    "her", "all", "she", "there", "would", "their", "we", "him", "been", "has", "when", "who", "will", "more",
    "no", "if", "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only",
    "other", "new", "some", "could", "these", "two", "may", "then", "do", "first", "any", "now", "such", "like",
    "our", "over", "even", "most", "after", "also", "did", "many", "before", "must", "through", "back", "where",
    "much", "way", "well", "down", "should", "because", "each", "just", "those", "how", "too", "very", "still",
    "here", "between", "both", "being", "under", "never", "same", "another", "while", "last", "might", "since",
    "against", "three", "during", "without", "again", "around", "however", "home", "small", "found", "thought"};

std::string Word(Rng& rng, size_t syllables) {
  std::string w;
  for (size_t i = 0; i < syllables; ++i) {
    w += kOnsets[rng.Below(std::size(kOnsets))];
    w += kVowels[rng.Below(std::size(kVowels))];
  }
  w += kCodas[rng.Below(std::size(kCodas))];
  return w;
}

std::string Capital(std::string w) {
  if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Story {
  std::vector<std::string> topic, names;
  std::string place;
  int number = 0;
};

struct Pending {
  int64_t time;
  size_t story;
  uint64_t salt;
  bool operator>(const Pending& o) const { return time != o.time ? time > o.time : salt > o.salt; }
};

std::string Iso(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void Generate(const Options& options, const std::function<void(const std::string&)>& emit) {
  Rng rng{options.seed};
  // Common vocabulary, drawn by Zipf's law (rank r with weight 1/r): a
  // cumulative table over 8,000 words.
  std::vector<std::string> common;
  for (size_t i = 0; i < 40000; ++i) common.push_back(Word(rng, 2 + (i > 2000) + (i > 20000)));
  std::vector<double> cumulative;
  double sum = 0;
  for (size_t r = 1; r <= common.size(); ++r) cumulative.push_back(sum += 1.0 / (r + 1000));
  std::vector<std::string> outlets, people;
  for (size_t i = 0; i < 60; ++i) outlets.push_back("The " + Capital(Word(rng, 2)) + " " + Capital(Word(rng, 1)));
  for (size_t i = 0; i < 400; ++i) people.push_back(Capital(Word(rng, 2)) + " " + Capital(Word(rng, 2)));

  std::vector<Story> stories;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> queue;
  int64_t clock = 1704067200;  // 2024-01-01T00:00:00Z
  size_t emitted = 0;
  uint64_t salt = 0;

  auto emit_article = [&](const Pending& p) {
    const Story& st = stories[p.story];
    // Each article its own stream: the state is a hash of (seed, salt), so
    // consecutive articles do not share shifted sequences.
    Rng seeder{options.seed ^ (p.salt * 0xd1b54a32d192ed03ULL)};
    Rng r{seeder.Next()};
    auto topical = [&]() -> std::string {
      double x = r.Unit();
      if (x < 0.55) return st.topic[r.Below(st.topic.size())];
      if (x < 0.8) return st.names[r.Below(st.names.size())];
      if (x < 0.9) return st.place;
      return std::to_string(st.number);
    };
    auto pick_common = [&]() -> std::string {
      if (r.Unit() < 0.4) return kFunction[r.Below(std::size(kFunction))];
      double x = r.Unit() * sum;
      size_t i = std::lower_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin();
      return common[std::min(i, common.size() - 1)];
    };
    std::string title;
    size_t title_words = 6 + r.Below(5);
    for (size_t i = 0; i < title_words; ++i) {
      if (i) title += ' ';
      std::string w = r.Unit() < 0.6 ? topical() : pick_common();
      title += i == 0 ? Capital(w) : w;
    }
    size_t target = options.mean_body_bytes / 2 + r.Below(options.mean_body_bytes);
    std::string text;
    while (text.size() < target) {
      if (!text.empty()) text += "\\n\\n";
      size_t sentences = 2 + r.Below(3);
      for (size_t s = 0; s < sentences; ++s) {
        if (s) text += ' ';
        size_t words = 10 + r.Below(16);
        for (size_t w = 0; w < words; ++w) {
          std::string word = r.Unit() < 0.25 ? topical() : pick_common();
          if (w == 0) word = Capital(word);
          else text += ' ';
          text += word;
          if (w + 1 < words && r.Unit() < 0.06) text += ',';
        }
        text += '.';
      }
    }
    const std::string& outlet = outlets[r.Below(outlets.size())];
    std::string id = "syn-" + std::to_string(emitted + 1);
    std::string line = "{\"id\":\"" + id + "\",\"url\":\"https://news" + std::to_string(r.Below(60)) +
                       ".example/" + std::to_string(p.story) + "/" + id + "\",\"outlet\":\"" + outlet +
                       "\",\"title\":\"" + title + "\",\"authors\":[\"" + people[r.Below(people.size())] +
                       "\"],\"published\":\"" + Iso(p.time) + "\",\"language\":\"en\",\"text\":\"" + text + "\"}";
    ++emitted;
    emit(line);
  };

  while (emitted < options.articles) {
    // A new story every ~6 minutes of stream time; 1-40 articles over 2 days.
    clock += 60 + static_cast<int64_t>(rng.Below(600));
    while (!queue.empty() && queue.top().time <= clock && emitted < options.articles) {
      Pending p = queue.top();
      queue.pop();
      emit_article(p);
    }
    Story st;
    for (int i = 0; i < 14; ++i) st.topic.push_back(Word(rng, 2 + rng.Below(2)));
    for (int i = 0; i < 3; ++i) st.names.push_back(people[rng.Below(people.size())]);
    st.place = Capital(Word(rng, 2));
    st.number = static_cast<int>(10 + rng.Below(990));
    stories.push_back(std::move(st));
    size_t n = 1 + static_cast<size_t>(std::min(39.0, -std::log(1 - rng.Unit()) * 8));
    for (size_t i = 0; i < n; ++i)
      queue.push({clock + static_cast<int64_t>(rng.Below(i == 0 ? 600 : 48 * 3600)), stories.size() - 1, ++salt});
  }
}

}  // namespace storyline::store::synthetic
