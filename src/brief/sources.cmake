set(STAGE_SOURCES brief.cc render.cc story_facts.cc conflicts.cc)
set(STAGE_TESTS brief_test.cc)
