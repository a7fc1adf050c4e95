set(STAGE_SOURCES fetch.cc watch.cc)
set(STAGE_TESTS watch_test.cc)
