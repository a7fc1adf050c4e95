#include <algorithm>

#include "storyline/text.h"

namespace storyline::text {

OffsetMap OffsetMap::Identity(size_t size) {
  OffsetMap m;
  m.AddCopy(0, 0, size);
  return m;
}

void OffsetMap::AddCopy(size_t out, size_t in, size_t len) {
  if (len == 0) return;
  // Merge with a preceding adjacent copy so long unchanged runs stay one piece.
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.out_len == last.in_len && last.out_len != 0 && last.out + last.out_len == out &&
        last.in + last.in_len == in && last.copy) {
      last.out_len += len;
      last.in_len += len;
      output_size_ = std::max(output_size_, out + len);
      input_size_ = std::max(input_size_, in + len);
      return;
    }
  }
  pieces_.push_back({out, len, in, len, true});
  output_size_ = std::max(output_size_, out + len);
  input_size_ = std::max(input_size_, in + len);
}

void OffsetMap::AddReplace(size_t out, size_t out_len, size_t in, size_t in_len) {
  if (out_len == 0 && in_len == 0) return;
  pieces_.push_back({out, out_len, in, in_len, false});
  output_size_ = std::max(output_size_, out + out_len);
  input_size_ = std::max(input_size_, in + in_len);
}

size_t OffsetMap::ToSource(size_t out) const {
  if (out >= output_size_) return input_size_;
  // The last non-empty piece starting at or before `out`.
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), out,
                             [](size_t o, const Piece& p) { return o < p.out; });
  while (it != pieces_.begin()) {
    --it;
    if (it->out_len == 0) continue;
    if (out >= it->out + it->out_len) break;  // a gap: not produced by any piece
    return it->copy ? it->in + (out - it->out) : it->in;
  }
  // Uncovered output (only possible for hand-built maps): the nearest piece end.
  return it != pieces_.end() && it->out + it->out_len <= out ? it->in + it->in_len : 0;
}

size_t OffsetMap::ToSourceEnd(size_t out) const {
  if (out == 0) return ToSource(0);
  if (out > output_size_) return input_size_;
  // The first non-empty piece ending at or after `out`, which must start before it.
  auto it = std::lower_bound(pieces_.begin(), pieces_.end(), out,
                             [](const Piece& p, size_t o) { return p.out + p.out_len < o; });
  for (; it != pieces_.end(); ++it) {
    if (it->out_len == 0) continue;
    if (it->out >= out) break;
    return it->copy ? it->in + (out - it->out) : it->in + it->in_len;
  }
  return ToSource(out);
}

Span OffsetMap::ToSource(Span out) const {
  if (out.end <= out.begin) {
    size_t b = ToSource(out.begin);
    return {b, b};
  }
  return {ToSource(out.begin), ToSourceEnd(out.end)};
}

OffsetMap OffsetMap::Then(const OffsetMap& inner) const {
  OffsetMap result;
  const auto& ip = inner.pieces_;
  for (const Piece& p : pieces_) {
    const size_t b0 = p.in, b1 = p.in + p.in_len;
    if (!p.copy || p.in_len == 0) {
      // A replacement maps to everything its input came from.
      size_t a0 = inner.ToSource(b0);
      size_t a1 = p.in_len == 0 ? a0 : inner.ToSourceEnd(b1);
      result.AddReplace(p.out, p.out_len, a0, a1 - a0);
      continue;
    }
    // A copy of [b0, b1): walk the inner pieces covering it. Inner deletions
    // (empty output) at B offset q belong to the copy with b0 <= q < b1, or to
    // the last copy when q is the end of B.
    auto it = std::upper_bound(ip.begin(), ip.end(), b0,
                               [](size_t o, const Piece& q) { return o < q.out; });
    while (it != ip.begin() && (it - 1)->out + (it - 1)->out_len > b0) --it;
    while (it != ip.begin() && (it - 1)->out_len == 0 && (it - 1)->out == b0) --it;
    for (; it != ip.end(); ++it) {
      const Piece& q = *it;
      if (q.out_len == 0) {
        bool at_end = q.out == b1 && b1 == inner.output_size_;
        if (q.out < b0) continue;
        if (q.out >= b1 && !at_end) break;
        result.AddReplace(p.out + (q.out - b0), 0, q.in, q.in_len);
        continue;
      }
      if (q.out >= b1) {
        // Trailing deletions at the very end of B still belong to this copy.
        if (b1 == inner.output_size_) continue;
        break;
      }
      if (q.out + q.out_len <= b0) continue;
      size_t lo = std::max(b0, q.out), hi = std::min(b1, q.out + q.out_len);
      if (q.copy) {
        result.AddCopy(p.out + (lo - b0), q.in + (lo - q.out), hi - lo);
      } else {
        result.AddReplace(p.out + (lo - b0), hi - lo, q.in, q.in_len);
      }
    }
  }
  result.output_size_ = std::max(result.output_size_, output_size_);
  result.input_size_ = std::max(result.input_size_, inner.input_size_);
  return result;
}

}  // namespace storyline::text
