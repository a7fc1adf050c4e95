set(STAGE_SOURCES ingest.cc published.cc)
set(STAGE_TESTS ingest_test.cc published_test.cc)
