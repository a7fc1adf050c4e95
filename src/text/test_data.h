// Reads the data-driven test files under tests/data/text (format in the
// README there). Test-only.
#ifndef STORYLINE_TEXT_TEST_DATA_H_
#define STORYLINE_TEXT_TEST_DATA_H_

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/text.h"

namespace storyline::text {

// Lets GoogleTest print spans readably.
inline void PrintTo(const Span& s, std::ostream* os) { *os << "[" << s.begin << ", " << s.end << ")"; }

}  // namespace storyline::text

namespace storyline::text::testing {

struct DataCase {
  std::string name;
  std::vector<std::string> lines;  // everything between the name and "----"
};

inline std::string DataPath(const std::string& file) {
  return std::string(STORYLINE_SOURCE_DIR) + "/tests/data/text/" + file;
}

inline std::vector<DataCase> ReadCases(const std::string& file) {
  std::ifstream in(DataPath(file));
  std::vector<DataCase> cases;
  std::string line;
  bool in_case = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!in_case) {
      if (line.rfind("# ", 0) == 0) {
        cases.push_back({line.substr(2), {}});
        in_case = true;
      }
      continue;
    }
    if (line == "----") {
      in_case = false;
      continue;
    }
    cases.back().lines.push_back(line);
  }
  return cases;
}

}  // namespace storyline::text::testing

#endif  // STORYLINE_TEXT_TEST_DATA_H_
