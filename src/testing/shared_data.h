// Where tests find ../shared: the real articles and evaluation data that are
// never copied into the repository. Tests that need it GTEST_SKIP with a
// reason when it is absent (a user's fresh clone). Test-only.
#ifndef STORYLINE_TESTING_SHARED_DATA_H_
#define STORYLINE_TESTING_SHARED_DATA_H_

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "testing/text_files.h"

namespace storyline::testing {

// $STORYLINE_SHARED if set, else ../shared beside the source tree.
inline std::filesystem::path SharedDir() {
  if (const char* env = std::getenv("STORYLINE_SHARED"); env && *env) return env;
  return std::filesystem::path(STORYLINE_SOURCE_DIR) / ".." / "shared";
}

// The five seed articles.
inline std::filesystem::path SeedsDir() { return SharedDir() / "seeds"; }

// The text of the seed whose file name starts with `prefix` ("000"); "" when
// there is none.
inline std::string SeedText(std::string_view prefix) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(SeedsDir(), ec))
    if (e.path().filename().string().starts_with(prefix)) return ReadFileOrEmpty(e.path());
  return "";
}

}  // namespace storyline::testing

#endif  // STORYLINE_TESTING_SHARED_DATA_H_
