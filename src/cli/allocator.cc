// The executables' memory allocator: mimalloc (Debian's libmimalloc-dev), on
// transparent huge pages.
//
// The engine allocates many small, short-lived objects (tokens, sentences,
// DOM nodes, JSON values) and a few large buffers per article. With glibc's
// malloc a 500-article brief spends about a tenth of its CPU time in malloc
// and free and as much again in page faults and TLB misses; mimalloc with
// 2 MiB pages takes a fifth off that brief and ~8% off web-page extraction,
// with the same outputs (docs/BENCHMARKS.md, docs/DESIGN.md).
//
// Linking this file into an executable is the whole interface: CMake's
// storyline_use_allocator() adds it with the library, whose malloc, free and
// operator new then serve the whole process. The engine library itself does
// not depend on any allocator. Sanitizer builds keep glibc's malloc (ASan
// replaces it with its own).
//
// Large OS pages are mimalloc's opt-in. They are enabled here, unless the
// environment sets MIMALLOC_LARGE_OS_PAGES itself, before mimalloc allocates
// anything: from the executable's .preinit_array, which the dynamic loader
// runs before any library's initializers. Memory allocated before the option
// is set stays on small pages, and the first segments hold the hottest data
// (enabled from an ordinary static initializer, the 500-article brief gained
// only half as much). mimalloc asks for reserved huge pages first and falls
// back to transparent huge pages (madvise), so a machine without either runs
// as before.
#include <mimalloc.h>

#include <cstring>

namespace {

void EnableLargeOsPages(int, char**, char** envp) {
  // The C library may not have set up getenv() yet: read envp.
  for (char** e = envp; e && *e; ++e)
    if (std::strncmp(*e, "MIMALLOC_LARGE_OS_PAGES=", 24) == 0) return;
  mi_option_enable(mi_option_large_os_pages);  // sets a flag; allocates nothing
}

[[gnu::section(".preinit_array"), gnu::used]] void (*const kPreinit)(int, char**, char**) = &EnableLargeOsPages;

}  // namespace
