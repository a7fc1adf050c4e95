// Status and Result<T>: how Storyline reports errors. Errors are values, never
// exceptions across a public interface: every fallible call returns a Status or a
// Result<T> that names what went wrong (and, where it applies, the input and the
// byte offset). A default Status is OK.
//
// Thread safety: these are plain values; distinct objects may be used from
// distinct threads freely, a shared one only for reading.
#ifndef STORYLINE_STATUS_H_
#define STORYLINE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace storyline {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the caller asked for something malformed
    kNotFound,         // a path or record does not exist
    kIoError,          // the operating system refused a read or write
    kBadInput,         // the input exists but is not what it claims (binary, bad UTF-8, broken JSON)
    kTooLarge,         // the input exceeds a configured limit
  };

  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {Code::kIoError, std::move(m)}; }
  static Status BadInput(std::string m) { return {Code::kBadInput, std::move(m)}; }
  static Status TooLarge(std::string m) { return {Code::kTooLarge, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {    // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace storyline

#endif  // STORYLINE_STATUS_H_
