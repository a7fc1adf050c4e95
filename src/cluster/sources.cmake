set(STAGE_SOURCES cluster.cc render.cc)
set(STAGE_TESTS cluster_test.cc snapshot_test.cc ../store/synthetic.cc)
