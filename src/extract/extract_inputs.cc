// ExtractInputs: reading in one thread, extraction in several, delivery in
// input order.
//
// Why this shape: extraction (HTML parsing, junk removal, language) costs
// ten times what reading does, and documents are independent, so it spreads
// over cores; reading (a WARC stream, a directory walk, stdin) is sequential
// by nature, and the callers need input order (ids, errors and warnings as a
// sequential run gives them). A TBB pipeline keeps both: a serial-in-order
// source, a parallel extraction filter, a serial-in-order sink, with a
// bounded number of documents in flight. ReadInputs delivers by callback, so
// it runs in a thread of its own and feeds the source through a bounded
// queue.
#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>

#include <tbb/concurrent_queue.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "storyline/extract.h"

namespace storyline::extract {
namespace {

// More threads than this never pay: the reading thread cannot keep them fed.
constexpr unsigned kMaxThreads = 64;

// One thing ReadInputs said, in its order.
struct Item {
  enum class Kind { kDocument, kError, kWarning, kEnd };
  Kind kind = Kind::kEnd;
  ingest::Document document;
  ExtractedDocument extracted;
  ingest::InputError error;
  std::string input, message;  // a warning
};

ExtractedDocument Extract(ingest::Document document, bool clean) {
  ExtractedDocument out;
  out.warnings = std::move(document.warnings);
  out.article = clean ? ExtractArticle(std::move(document)) : std::move(document.article);
  return out;
}

// The items between the source and the sink: TBB passes them as raw
// pointers, and a cancelled pipeline drops those in flight, so they are
// owned here and freed whatever happens.
class InFlight {
 public:
  Item* Take(std::unique_ptr<Item> item) {
    std::lock_guard<std::mutex> lock(mu_);
    Item* raw = item.get();
    live_.insert(raw);
    item.release();
    return raw;
  }
  std::unique_ptr<Item> Give(Item* item) {
    std::lock_guard<std::mutex> lock(mu_);
    live_.erase(item);
    return std::unique_ptr<Item>(item);
  }
  ~InFlight() {
    for (Item* item : live_) delete item;
  }

 private:
  std::mutex mu_;
  std::unordered_set<Item*> live_;
};

}  // namespace

void ExtractInputs(const std::vector<std::string>& inputs, const ingest::Options& options, unsigned threads,
                   bool clean, const std::function<void(ExtractedDocument)>& on_document,
                   const std::function<void(ingest::InputError)>& on_error) {
  auto deliver_error = [&](ingest::InputError e) {
    if (on_error) on_error(std::move(e));
  };
  if (threads == 0) threads = static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
  threads = std::min(threads, kMaxThreads);
  if (threads == 1) {
    ingest::ReadInputs(
        inputs, options, [&](ingest::Document d) { on_document(Extract(std::move(d), clean)); }, deliver_error);
    return;
  }
  // Documents in memory at once: `threads` queued, 2 x `threads` in the
  // pipeline, one being read.
  tbb::concurrent_bounded_queue<std::unique_ptr<Item>> queue;
  queue.set_capacity(threads);
  std::atomic<bool> stop{false};      // the pipeline failed: the reader drops what it reads
  std::atomic<bool> end_taken{false};  // the source took the end marker
  auto make = [](Item::Kind kind) {
    auto item = std::make_unique<Item>();
    item->kind = kind;
    return item;
  };
  auto put = [&](std::unique_ptr<Item> item) {
    if (!stop.load(std::memory_order_relaxed)) queue.push(std::move(item));
  };
  ingest::Options read = options;
  if (options.on_warning)
    read.on_warning = [&](const std::string& input, const std::string& message) {
      auto item = make(Item::Kind::kWarning);
      item->input = input;
      item->message = message;
      put(std::move(item));
    };
  std::exception_ptr reader_failure;
  std::thread reader([&] {
    try {
      ingest::ReadInputs(
          inputs, read,
          [&](ingest::Document d) {
            auto item = make(Item::Kind::kDocument);
            item->document = std::move(d);
            put(std::move(item));
          },
          [&](ingest::InputError e) {
            auto item = make(Item::Kind::kError);
            item->error = std::move(e);
            put(std::move(item));
          });
    } catch (...) {
      reader_failure = std::current_exception();
    }
    // Always last, never dropped: the source (or the drain below) waits for it.
    queue.push(std::make_unique<Item>());
  });
  InFlight in_flight;
  std::exception_ptr pipeline_failure;
  try {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] {
      tbb::parallel_pipeline(
          2 * size_t{threads},
          tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                        [&](tbb::flow_control& control) -> Item* {
                                          std::unique_ptr<Item> item;
                                          queue.pop(item);
                                          if (item->kind == Item::Kind::kEnd) {
                                            end_taken = true;
                                            control.stop();
                                            return nullptr;
                                          }
                                          return in_flight.Take(std::move(item));
                                        }) &
              tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                             [&](Item* item) {
                                               if (item->kind == Item::Kind::kDocument)
                                                 item->extracted = Extract(std::move(item->document), clean);
                                               return item;
                                             }) &
              tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* raw) {
                std::unique_ptr<Item> item = in_flight.Give(raw);
                switch (item->kind) {
                  case Item::Kind::kDocument: on_document(std::move(item->extracted)); break;
                  case Item::Kind::kError: deliver_error(std::move(item->error)); break;
                  case Item::Kind::kWarning: options.on_warning(item->input, item->message); break;
                  case Item::Kind::kEnd: break;
                }
              }));
    });
  } catch (...) {
    pipeline_failure = std::current_exception();
    // Let the reader finish: it drops what it reads from now on, and may be
    // waiting for room in the queue.
    stop = true;
    if (!end_taken)
      for (std::unique_ptr<Item> item;;) {
        queue.pop(item);
        if (item->kind == Item::Kind::kEnd) break;
      }
  }
  reader.join();
  if (pipeline_failure) std::rethrow_exception(pipeline_failure);
  if (reader_failure) std::rethrow_exception(reader_failure);
}

}  // namespace storyline::extract
