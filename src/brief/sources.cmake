set(STAGE_SOURCES brief.cc render.cc story_facts.cc)
set(STAGE_TESTS brief_test.cc)
