set(STAGE_SOURCES fingerprint.cc index.cc align.cc quotes.cc credits.cc clusters.cc reuse.cc render.cc)
set(STAGE_TESTS fingerprint_test.cc index_test.cc align_test.cc credits_test.cc clusters_test.cc reuse_test.cc)
