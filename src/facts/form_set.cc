#include "facts/form_set.h"

#include <bit>
#include <utility>

namespace storyline::facts {

void FormSet::Assign(std::vector<std::string> forms) {
  forms_.clear();
  size_t capacity = 16;
  while (capacity < 2 * forms.size()) capacity *= 2;  // at most half full
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  shift_ = 32 - std::countr_zero(capacity);
  for (std::string& form : forms) {
    if (Contains(form)) continue;
    const uint32_t h = Hash(form);
    size_t i = SlotOf(h);
    while (slots_[i].form != 0) i = (i + 1) & mask_;
    forms_.push_back(std::move(form));
    slots_[i] = Slot{h, static_cast<uint32_t>(forms_.size())};
  }
  if (forms_.empty()) slots_.clear();
}

}  // namespace storyline::facts
