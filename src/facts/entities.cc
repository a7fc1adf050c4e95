// STUB: replaced by the entity tagger.
#include "storyline/facts.h"
namespace storyline::facts {
const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "person";
    case EntityType::kOrganization: return "organization";
    case EntityType::kLocation: return "location";
    case EntityType::kOther: return "other";
  }
  return "other";
}
std::vector<Mention> TagEntities(std::string_view) { return {}; }
std::vector<Entity> GroupEntities(std::string_view, const std::vector<Mention>&) { return {}; }
}  // namespace storyline::facts
