// Text helpers for the data-driven tests: a whole file read into a string, a
// trimmed field, a "a | b | c" line split into fields, the blocks of a
// "key: value" case file. Test-only.
#ifndef STORYLINE_TESTING_TEXT_FILES_H_
#define STORYLINE_TESTING_TEXT_FILES_H_

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::testing {

// The bytes of `path`; "" when it cannot be read.
inline std::string ReadFileOrEmpty(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// `s` without spaces, tabs and carriage returns at either end.
inline std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The `sep`-separated fields of `s`, each trimmed; a trailing separator
// gives a last, empty field; "" gives none.
inline std::vector<std::string> SplitFields(std::string_view s, char sep = '|') {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t from = 0;
  while (true) {
    size_t at = s.find(sep, from);
    out.push_back(Trim(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from)));
    if (at == std::string_view::npos) break;
    from = at + 1;
  }
  return out;
}

// One "key: value" line of a data-driven case file, with its line number.
struct KeyValueLine {
  int line = 0;
  std::string key, value;
};

// The blocks of a case file of "key: value" lines: a blank line (or one of
// spaces) ends a block, a line opening with '#' is a comment, a line with no
// ": " is skipped, and empty blocks are left out.
inline std::vector<std::vector<KeyValueLine>> ReadKeyValueBlocks(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<KeyValueLine>> blocks(1);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (!line.empty() && line[0] == '#') continue;
    if (Trim(line).empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    const size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    blocks.back().push_back({n, line.substr(0, colon), line.substr(colon + 2)});
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

}  // namespace storyline::testing

#endif  // STORYLINE_TESTING_TEXT_FILES_H_
