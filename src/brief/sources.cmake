set(STAGE_SOURCES brief.cc render.cc)
set(STAGE_TESTS brief_test.cc)
