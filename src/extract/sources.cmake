set(STAGE_SOURCES plain_text.cc junk_model.cc html_dom.cc html_content.cc html_metadata.cc html_extract.cc html_hydration.cc
    extract_inputs.cc)
set(STAGE_TESTS plain_text_test.cc extract_inputs_test.cc junk_model_test.cc golden_test.cc seeds_test.cc examples_test.cc html_test.cc html_golden_test.cc html_dom_test.cc html_metadata_test.cc)
