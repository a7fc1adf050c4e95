// A fixed set of word forms, asked about every word of an article by the
// facts finders (quote cues and their lists, the date scanner's start words).
// Open addressing with each form's hash stored in its slot: most words are in
// no set, which one cache line tells, where a node-based hash set costs a
// pointer chase per look-up. Built once, then read by any number of threads.
#ifndef STORYLINE_FACTS_FORM_SET_H_
#define STORYLINE_FACTS_FORM_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::facts {

class FormSet {
 public:
  void Assign(std::vector<std::string> forms);
  bool Contains(std::string_view form) const { return IndexOf(form) >= 0; }
  // Index of `form` among the distinct forms given to Assign (in their first
  // occurrence's order), -1 when it is not in the set: a key into a parallel table.
  int IndexOf(std::string_view form) const {
    if (slots_.empty()) return -1;
    const uint32_t h = Hash(form);
    for (size_t i = SlotOf(h);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.form == 0) return -1;
      if (s.hash == h && forms_[s.form - 1] == form) return static_cast<int>(s.form - 1);
    }
  }
  bool empty() const { return forms_.empty(); }

 private:
  struct Slot {
    uint32_t hash;
    uint32_t form;  // 1 + index into forms_; 0: an empty slot
  };
  static uint32_t Hash(std::string_view form) {  // FNV-1a
    uint32_t h = 2166136261u;
    for (unsigned char c : form) {
      h ^= c;
      h *= 16777619u;
    }
    return h;
  }
  size_t SlotOf(uint32_t hash) const { return (hash * 0x9E3779B1u) >> shift_; }  // the product's top bits
  std::vector<std::string> forms_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 32;
};

}  // namespace storyline::facts

#endif  // STORYLINE_FACTS_FORM_SET_H_
