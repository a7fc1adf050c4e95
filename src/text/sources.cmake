set(STAGE_SOURCES utf8.cc offset_map.cc normalize.cc sentences.cc dateline.cc headline.cc words.cc tokens.cc stem.cc stopwords.cc language.cc place_names.cc)
set(STAGE_TESTS utf8_test.cc offset_map_test.cc normalize_test.cc sentences_test.cc tokens_test.cc words_test.cc)
