// The PC/SC backend's factory (pcsc.cpp keeps pcsc-lite to itself).
#pragma once

#include "hal/card_reader.hpp"

namespace hal {

std::unique_ptr<CardReader> make_pcsc_reader(const CardReaderConfig& config);

} // namespace hal
