# kiosk diag / kiosk audit: the technician's report over the HAL probes (ui/adapters/hal_probes.*)
# and the audit trail on the sync module's outbox (ui/adapters/outbox_audit.*).
target_include_directories(kiosk PRIVATE ${PROJECT_SOURCE_DIR}/ui)
