set(STAGE_SOURCES entities.cc quantities.cc timex.cc quotes.cc quote_model.cc form_set.cc facts.cc timex_lex.cc ner_features.cc ner_tagger.cc)
set(STAGE_TESTS entities_test.cc quantities_test.cc timex_test.cc quotes_test.cc quote_model_test.cc facts_test.cc)
