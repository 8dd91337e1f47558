# Printer tests: the contract suite on the sim and dir backends, the simulator's
# faults, and (label "ipp") the contract suite and IPP specifics against a real
# ippeveprinter started by the fixture (tests/support/ipp_server.hpp).
add_executable(hal_printer_test printer_contract_test.cpp printer_sim_test.cpp)
target_link_libraries(hal_printer_test PRIVATE hal_printer GTest::gtest_main)
gtest_discover_tests(hal_printer_test DISCOVERY_TIMEOUT 30 PROPERTIES LABELS "printer")

add_executable(hal_printer_ipp_test printer_contract_test.cpp printer_ipp_test.cpp)
target_compile_definitions(hal_printer_ipp_test PRIVATE CONTRACT_WITH_IPP)
target_link_libraries(hal_printer_ipp_test PRIVATE hal_printer GTest::gtest_main)
gtest_discover_tests(hal_printer_ipp_test DISCOVERY_TIMEOUT 30 TEST_PREFIX "ipp." PROPERTIES LABELS "ipp")
