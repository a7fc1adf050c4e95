// The web UI's static files (web/), compiled into the binary by
// src/serve/embed.cmake. Internal.
#ifndef STORYLINE_SERVE_ASSETS_H_
#define STORYLINE_SERVE_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace storyline::serve {

struct Asset {
  std::string_view path;          // "/index.html", "/app.js", ...
  std::string_view content_type;
  std::string_view data;
};

extern const Asset kAssets[];
extern const size_t kAssetCount;

}  // namespace storyline::serve

#endif  // STORYLINE_SERVE_ASSETS_H_
