#include "serve/admission.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace storyline::serve {
namespace {

// Waits (briefly, polling) until `done` holds; false if it never does.
template <class F>
bool Eventually(F done) {
  for (int i = 0; i < 5000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return done();
}

TEST(AdmissionTest, LetsInAtMostItsCapacityAndTheRestInArrivalOrder) {
  Admission admission(2);
  admission.Enter();
  admission.Enter();  // full now
  std::mutex mutex;
  std::vector<int> order;
  std::atomic<int> inside{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 5; ++i) {
    // One at a time, so that arrival order is known.
    waiters.emplace_back([&, i] {
      admission.Enter();
      {
        std::lock_guard<std::mutex> lock(mutex);
        order.push_back(i);
      }
      ++inside;
    });
    ASSERT_TRUE(Eventually([&] { return admission.Waiting() == static_cast<size_t>(i) + 1; }));
  }
  EXPECT_EQ(inside, 0);  // nobody got past the two holders
  for (int i = 0; i < 5; ++i) {
    admission.Leave();  // hands one place to the longest waiter
    ASSERT_TRUE(Eventually([&] { return inside == i + 1; }));
  }
  for (auto& t : waiters) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  admission.Leave();
  admission.Leave();  // all places free again: entering does not wait
  admission.Enter();
  admission.Enter();
}

TEST(AdmissionTest, APassReleasedEarlyLetsTheNextInAndLeavesOnce) {
  Admission admission(1);
  {
    Admission::Pass pass(admission);
    std::atomic<bool> other_in{false};
    std::thread other([&] {
      Admission::Pass p(admission);
      other_in = true;
    });
    ASSERT_TRUE(Eventually([&] { return admission.Waiting() == 1; }));
    EXPECT_FALSE(other_in);
    pass.Release();  // e.g. before a long build
    other.join();
    EXPECT_TRUE(other_in);
  }  // does not leave a second time
  Admission::Pass again(admission);  // the place is free
  std::thread third([&] { Admission::Pass p(admission); });
  // Still one place only: the released pass left once.
  ASSERT_TRUE(Eventually([&] { return admission.Waiting() == 1; }));
  again.Release();
  third.join();
}

}  // namespace
}  // namespace storyline::serve
