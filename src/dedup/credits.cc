// STUB: replaced by the wire-credit finder.
#include "storyline/dedup.h"
namespace storyline::dedup {
std::vector<Credit> FindCredits(std::string_view) { return {}; }
}  // namespace storyline::dedup
