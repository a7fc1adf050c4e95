set(STAGE_SOURCES store.cc search.cc ingester.cc views.cc)
set(STAGE_TESTS store_test.cc crash_test.cc synthetic.cc)
