set(STAGE_SOURCES serve.cc)
set(STAGE_TESTS serve_test.cc admission_test.cc)
