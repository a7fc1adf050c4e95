// STUB: replaced by the online story clusterer.
#include "storyline/cluster.h"
namespace storyline::cluster {
struct Clusterer::Impl {};
Clusterer::Clusterer(const Options&) : impl_(std::make_unique<Impl>()) {}
Clusterer::~Clusterer() = default;
Assignment Clusterer::Add(const Article& a) { return {a.id, "c0", true, 1.0, {}}; }
std::vector<Story> Clusterer::Stories() const { return {}; }
std::string Clusterer::StoryOf(const std::string&) const { return ""; }
size_t Clusterer::MemoryBytes() const { return 0; }
Result ClusterArticles(const std::vector<Article>& articles, const Options& options) {
  Result r;
  Clusterer c(options);
  for (const auto& a : articles) r.assignments.push_back(c.Add(a));
  r.stories = c.Stories();
  return r;
}
}  // namespace storyline::cluster
