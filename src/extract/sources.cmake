set(STAGE_SOURCES plain_text.cc junk_model.cc)
set(STAGE_TESTS plain_text_test.cc seeds_test.cc)
