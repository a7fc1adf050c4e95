set(STAGE_SOURCES ingest.cc)
set(STAGE_TESTS ingest_test.cc)
