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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/status.h"

namespace storyline::cluster {

struct Story;

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
  // Stories whose articles carry no usable publication time retire after this
  // many arrivals without a new article.
  size_t window_articles = 20000;
  // Centroid terms kept per story (the heaviest by TF-IDF weight), bounding
  // memory per story.
  size_t centroid_terms = 120;
  // Shared passages (a dedup::Index over the live window's articles) as join
  // evidence. Costs a fingerprint per article.
  bool use_passages = true;
  // Retired stories are kept (Stories() lists them, StoryOf finds their
  // articles) unless this is false; then they are handed to `on_retire` (the
  // store) and forgotten, so memory stays flat over an endless stream.
  bool keep_retired = true;
  std::function<void(const Story&)> on_retire;
  // Fill in each Assignment's explanation's shared terms and names (strings
  // cut from the article); a caller that never reads them (the store) saves
  // that work. The other explanation fields are always set.
  bool explain_terms = true;
  // The join model's weights (bias, then one per FeatureNames() entry) in
  // place of the trained ones; empty (or the wrong size): the trained model.
  // For training and cross-validation (scripts/train_cluster_model.py).
  std::vector<double> join_weights;
};

// Why an article went where it went. For an article that starts a new story
// the fields describe the best candidate it did not join (empty when none).
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

  // ---- Snapshots: the clusterer's state saved and restored ----------------------
  //
  // Snapshot() is the complete state (stories, article placements, document
  // frequencies, passage index, clock) as bytes in the format of
  // docs/FORMATS.md ("clusterer snapshot"). A Clusterer restored from it by
  // FromSnapshot with the same options continues exactly as the original
  // would: the same assignments, scores, story ids, Stories() and StoryOf()
  // for whatever is added next. Snapshot() of the restored one gives the
  // same bytes. Costs about the size of the live window (see MemoryBytes).
  std::string Snapshot() const;

  // Restores a clusterer from Snapshot() bytes. Refused (kInvalidArgument)
  // when the snapshot was made under another ConfigFingerprint (other
  // options, join model, IDF prior or clustering code): the state would not
  // be the one these options reach. Truncated or corrupt bytes: kBadInput.
  // `options.on_retire` and `explain_terms` may differ from the original's.
  static ::storyline::Result<std::unique_ptr<Clusterer>> FromSnapshot(const Options& options,
                                                                        std::string_view bytes);

  // What makes two clusterers decide differently on the same stream: the
  // snapshot format version, the clustering code's version, the join
  // model's weights (Options::join_weights when set), the IDF prior and the
  // options that affect decisions or state. Stored in every snapshot.
  static uint64_t ConfigFingerprint(const Options& options);
  // The fingerprint a snapshot was made under (kBadInput if not a snapshot).
  static ::storyline::Result<uint64_t> SnapshotFingerprint(std::string_view bytes);
  // The clustering code's version (in ConfigFingerprint): bumped with every
  // change that moves articles, which snapshot_test.cc's reference stream
  // detects.
  static uint32_t ClusteringVersion();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend size_t DumpTrainingPairs(const std::vector<Article>&, const std::vector<std::string>&,
                                  const std::string&, std::ostream&, const Options&);
  friend void WriteIdfPrior(const std::vector<Article>&, const std::string&, std::ostream&);
};

// Convenience for batch input: every article through one Clusterer in order;
// assignments report the final story of each article (after merges).
struct Result {
  std::vector<Assignment> assignments;
  std::vector<Story> stories;
};
Result ClusterArticles(const std::vector<Article>& articles, const Options& options = {});

// {"articles":[{"id","story","score","new_story","explanation":{...}}],
//  "stories":[{"id","title","articles","first_published","last_published","live"}]}
// (docs/FORMATS.md).
std::string RenderJson(const Result& result);
// For people: each story with its articles, then each assignment's reason.
std::string RenderText(const Result& result);

// ---- Training support ----------------------------------------------------------

// Names of the join model's features, in the order of the model's weights
// (after the bias). Shared by the C++ model and scripts/train_cluster_model.py.
const std::vector<std::string>& FeatureNames();

// Replays a labelled stream (gold_labels[i] is the gold story of articles[i])
// with the gold assignment (each article joins the live story of its gold
// label, so candidates are pure) and writes, for every article, one TSV row per
// candidate story: `group<TAB>label<TAB>feature...`, label 1 when the
// candidate's gold story is the article's. A header row names the columns.
// `group` is prefixed to the article index (e.g. a data set name). Returns the
// number of articles whose gold story was live but not retrieved as a candidate
// (recall lost by candidate retrieval).
size_t DumpTrainingPairs(const std::vector<Article>& articles, const std::vector<std::string>& gold_labels,
                         const std::string& group, std::ostream& out, const Options& options = {});

// Writes src/cluster/idf_prior.inc: the document frequency of every term seen
// in at least two of `articles` (by term hash), the prior the clusterer's IDF
// starts from. `note` goes into the header comment (data, command).
void WriteIdfPrior(const std::vector<Article>& articles, const std::string& note, std::ostream& out);

}  // namespace storyline::cluster

#endif  // STORYLINE_CLUSTER_H_
