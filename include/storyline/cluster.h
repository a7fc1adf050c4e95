// Cluster: groups a stream of articles into stories online. Each article, as
// it arrives, is compared with the live stories found through an inverted
// index (never a scan of all stories) and joins the most likely one or starts
// a new story. The join decision is a logistic model over similarity features
// (title and body terms, names, numbers, time gap, shared passages), with
// weights learned by scripts/train_cluster_model.py from labelled streams.
// Stories that receive no article for longer than the live window retire from
// memory, so memory is bounded by the window, not by the stream.
//
// Results depend only on the articles and their order: the same input in the
// same order gives the same stories and the same story ids.
//
// Thread safety: a Clusterer is not thread-safe; feed it from one thread.
#ifndef STORYLINE_CLUSTER_H_
#define STORYLINE_CLUSTER_H_

#include <memory>
#include <string>
#include <vector>

#include "storyline/article.h"

namespace storyline::cluster {

struct Options {
  // Join the best story when the model's probability reaches this.
  double join_threshold = 0.5;
  // A story with no new article for this long (by publication time, else by
  // arrival) retires: it is no longer a candidate and leaves memory.
  double window_hours = 72;
  // Candidate stories scored per article (the best by the inverted index).
  size_t max_candidates = 32;
  // Merge two live stories when an article links them strongly (shared
  // passages, or a model probability above merge_threshold for both).
  bool merge = true;
  double merge_threshold = 0.8;
};

// Why an article went where it went.
struct Explanation {
  std::vector<std::string> shared_terms;     // top shared title/body terms
  std::vector<std::string> shared_names;     // shared capitalised names
  double hours_from_story = 0;               // time gap to the story's span
  bool shared_passage = false;               // reuse with an article of the story
  double probability = 0;                    // the model's join probability
};

struct Assignment {
  std::string article_id;
  std::string story_id;
  bool new_story = false;
  double score = 0;  // join probability (1 for a new story's first article)
  Explanation explanation;
};

struct Story {
  std::string id;                         // "c" + 16 hex digits, from its first article
  std::string title;                      // the most representative article title
  std::vector<std::string> article_ids;   // in arrival order
  std::string first_published, last_published;
  bool live = true;                       // false once retired
};

class Clusterer {
 public:
  explicit Clusterer(const Options& options = {});
  ~Clusterer();

  // Places one (extracted) article and says where and why.
  Assignment Add(const Article& article);

  // Every story so far, live and retired, in order of creation. Stories merged
  // into another are not listed; their articles are in the survivor.
  std::vector<Story> Stories() const;

  // The story an article id belongs to now (after merges), or "" if unknown.
  std::string StoryOf(const std::string& article_id) const;

  // Bytes held for live stories and their index, for memory accounting.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience for batch input: every article through one Clusterer in order;
// assignments report the final story of each article (after merges).
struct Result {
  std::vector<Assignment> assignments;
  std::vector<Story> stories;
};
Result ClusterArticles(const std::vector<Article>& articles, const Options& options = {});

}  // namespace storyline::cluster

#endif  // STORYLINE_CLUSTER_H_
