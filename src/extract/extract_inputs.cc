// ExtractInputs: reading in one thread, extraction in several, delivery in
// input order.
//
// Why this shape: extraction (HTML parsing, junk removal, language) costs
// ten times what reading does, and documents are independent, so it spreads
// over cores; reading (a WARC stream, a directory walk, stdin) is sequential
// by nature, and the callers need input order (ids, errors and warnings as a
// sequential run gives them). A TBB pipeline keeps both: a serial-in-order
// source, a parallel extraction filter, a serial-in-order sink, with a
// bounded number of documents in flight. ReadInputs pushes into a bounded
// queue from a thread of its own, since it delivers by callback.
#include <algorithm>
#include <exception>
#include <memory>
#include <thread>
#include <utility>

#include <tbb/concurrent_queue.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "storyline/extract.h"

namespace storyline::extract {
namespace {

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

}  // namespace

void ExtractInputs(const std::vector<std::string>& inputs, const ingest::Options& options, unsigned threads,
                   bool clean, const std::function<void(ExtractedDocument)>& on_document,
                   const std::function<void(ingest::InputError)>& on_error) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads == 1) {
    ingest::ReadInputs(
        inputs, options, [&](ingest::Document d) { on_document(Extract(std::move(d), clean)); }, on_error);
    return;
  }
  const size_t in_flight = 4 * size_t{threads};
  tbb::concurrent_bounded_queue<std::unique_ptr<Item>> queue;
  queue.set_capacity(static_cast<std::ptrdiff_t>(in_flight));
  auto push = [&](Item::Kind kind) {
    auto item = std::make_unique<Item>();
    item->kind = kind;
    return item;
  };
  ingest::Options read = options;
  if (options.on_warning)
    read.on_warning = [&](const std::string& input, const std::string& message) {
      auto item = push(Item::Kind::kWarning);
      item->input = input;
      item->message = message;
      queue.push(std::move(item));
    };
  std::thread reader([&] {
    ingest::ReadInputs(
        inputs, read,
        [&](ingest::Document d) {
          auto item = push(Item::Kind::kDocument);
          item->document = std::move(d);
          queue.push(std::move(item));
        },
        [&](ingest::InputError e) {
          auto item = push(Item::Kind::kError);
          item->error = std::move(e);
          queue.push(std::move(item));
        });
    queue.push(push(Item::Kind::kEnd));
  });
  std::exception_ptr failure;
  try {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] {
      tbb::parallel_pipeline(
          in_flight,
          tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                        [&](tbb::flow_control& control) -> Item* {
                                          std::unique_ptr<Item> item;
                                          queue.pop(item);
                                          if (item->kind == Item::Kind::kEnd) {
                                            control.stop();
                                            return nullptr;
                                          }
                                          return item.release();
                                        }) &
              tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                             [&](Item* item) {
                                               if (item->kind == Item::Kind::kDocument)
                                                 item->extracted = Extract(std::move(item->document), clean);
                                               return item;
                                             }) &
              tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* raw) {
                std::unique_ptr<Item> item(raw);
                switch (item->kind) {
                  case Item::Kind::kDocument: on_document(std::move(item->extracted)); break;
                  case Item::Kind::kError: if (on_error) on_error(std::move(item->error)); break;
                  case Item::Kind::kWarning: options.on_warning(item->input, item->message); break;
                  case Item::Kind::kEnd: break;
                }
              }));
    });
  } catch (...) {
    failure = std::current_exception();
    // Let the reader finish (it may be waiting for room in the queue).
    for (std::unique_ptr<Item> item;;) {
      queue.pop(item);
      if (item->kind == Item::Kind::kEnd) break;
    }
  }
  reader.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace storyline::extract
