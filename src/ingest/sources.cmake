set(STAGE_SOURCES ingest.cc published.cc stream.cc charset.cc warc.cc feed.cc)
set(STAGE_TESTS ingest_test.cc published_test.cc web_ingest_test.cc)
