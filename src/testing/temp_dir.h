// A GoogleTest fixture owning a fresh directory per test, for tests that read
// and write real files. The directory is named after the process and the test
// so parallel ctest runs never share one, and it is removed after the test.
// Test-only.
#ifndef STORYLINE_TESTING_TEMP_DIR_H_
#define STORYLINE_TESTING_TEMP_DIR_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace storyline::testing {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("storyline_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `content` to `name` under the directory (parents created); returns the path.
  std::string Write(const std::string& name, std::string_view content) {
    std::filesystem::path p = dir_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  std::filesystem::path dir_;
};

}  // namespace storyline::testing

#endif  // STORYLINE_TESTING_TEMP_DIR_H_
