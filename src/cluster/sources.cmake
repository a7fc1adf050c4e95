set(STAGE_SOURCES cluster.cc)
set(STAGE_TESTS cluster_test.cc)
