set(STAGE_SOURCES plain_text.cc junk_model.cc)
set(STAGE_TESTS plain_text_test.cc junk_model_test.cc golden_test.cc seeds_test.cc examples_test.cc)
