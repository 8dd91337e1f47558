# Card reader tests. The fixtures (card_fixture.cpp) make a test PKI with the
# registry's PKI library and run pcscd + vpcd + the virtual card
# (tests/fixtures/idcard_applet.py) for the PC/SC runs.
add_library(card_test_fixture STATIC card_fixture.cpp)
target_link_libraries(card_test_fixture PUBLIC hal_card registry_pki)
target_compile_definitions(card_test_fixture PRIVATE EMEK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# Protocol, trust, PIN delay, fuzz: no reader needed.
add_executable(card_protocol_test card_protocol_test.cpp)
target_link_libraries(card_protocol_test PRIVATE card_test_fixture GTest::gtest_main)
gtest_discover_tests(card_protocol_test DISCOVERY_TIMEOUT 30 PROPERTIES LABELS "card")

# One contract suite, two backends: the simulator, and the real PC/SC stack.
add_executable(card_contract_sim_test card_contract_test.cpp)
target_link_libraries(card_contract_sim_test PRIVATE card_test_fixture GTest::gtest_main)
target_compile_definitions(card_contract_sim_test PRIVATE CARD_BACKEND_SIM)
gtest_discover_tests(card_contract_sim_test TEST_PREFIX "sim." DISCOVERY_TIMEOUT 30 PROPERTIES LABELS "card")

# pcscd is one per machine (fixed socket and vpcd ports): these run one at a time.
add_executable(card_contract_pcsc_test card_contract_test.cpp)
target_link_libraries(card_contract_pcsc_test PRIVATE card_test_fixture GTest::gtest_main)
target_compile_definitions(card_contract_pcsc_test PRIVATE CARD_BACKEND_PCSC)
gtest_discover_tests(card_contract_pcsc_test TEST_PREFIX "pcsc." DISCOVERY_TIMEOUT 30
                     PROPERTIES LABELS pcsc RESOURCE_LOCK pcscd TIMEOUT 120)  # one label: a list would be split here

# The programs end to end: registry pki + kiosk card, on the simulator and on pcscd.
add_test(NAME e2e_card_cli_sim
         COMMAND ${PROJECT_SOURCE_DIR}/tests/e2e/card_cli_sim_test.sh $<TARGET_FILE:registry> $<TARGET_FILE:kiosk>)
set_tests_properties(e2e_card_cli_sim PROPERTIES LABELS "e2e;card")
add_test(NAME e2e_card_cli_pcsc
         COMMAND ${PROJECT_SOURCE_DIR}/tests/e2e/card_cli_pcsc_test.sh $<TARGET_FILE:registry> $<TARGET_FILE:kiosk>
                 ${PROJECT_SOURCE_DIR}/tests/fixtures/idcard_applet.py)
set_tests_properties(e2e_card_cli_pcsc PROPERTIES LABELS "e2e;card;pcsc" RESOURCE_LOCK pcscd TIMEOUT 120)
