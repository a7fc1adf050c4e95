// Admission: at most `capacity` requests do their work at once; the rest wait
// and are let in in the order they arrived.
//
// Why: the server keeps one thread per keep-alive connection (cpp-httplib),
// so 50 clients mean 50 runnable threads on a machine with a few cores. Left
// to the kernel they share the cores, and every request, slow or fast, takes
// as long as all of them together; a request that needs 20 ms of CPU then
// answers after half a second. Let in a core's worth at a time, first come
// first served, a request waits only for those ahead of it, each database
// connection stays hot in its core's cache, and the pool needs only as many
// connections as there are cores.
//
// Thread safety: every member may be called from any thread.
#ifndef STORYLINE_SERVE_ADMISSION_H_
#define STORYLINE_SERVE_ADMISSION_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace storyline::serve {

class Admission {
 public:
  explicit Admission(size_t capacity) : free_(capacity == 0 ? 1 : capacity) {}
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  // Blocks until this caller is let in: at once when a place is free and
  // nobody waits, else after everyone who came before.
  void Enter() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    Waiter me;
    waiting_.push_back(&me);
    me.wake.wait(lock, [&me] { return me.admitted; });
  }

  // Gives the caller's place to the longest waiter, or frees it.
  void Leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    Waiter* next = waiting_.front();
    waiting_.pop_front();
    next->admitted = true;
    next->wake.notify_one();  // under the lock: `next` lives until it sees `admitted`
  }

  // How many callers wait in line now.
  size_t Waiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    return waiting_.size();
  }

  // Enter on construction, Leave on destruction, or earlier with Release.
  class Pass {
   public:
    explicit Pass(Admission& admission) : admission_(admission) { admission_.Enter(); }
    ~Pass() { Release(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    void Release() {
      if (inside_) admission_.Leave();
      inside_ = false;
    }

   private:
    Admission& admission_;
    bool inside_ = true;
  };

 private:
  struct Waiter {
    std::condition_variable wake;
    bool admitted = false;
  };
  std::mutex mutex_;
  size_t free_;
  std::deque<Waiter*> waiting_;
};

}  // namespace storyline::serve

#endif  // STORYLINE_SERVE_ADMISSION_H_
