// open_card_reader(): the configured backend.
#include "hal/card_reader.hpp"
#include "hal/card_sim.hpp"
#include "pcsc.hpp"

namespace hal {

kiosk::Result<std::unique_ptr<CardReader>> open_card_reader(const CardReaderConfig& config) {
    if (config.backend == "pcsc") return make_pcsc_reader(config);
    if (config.backend.starts_with("sim:")) {
        auto sim = parse_sim_spec(config.backend, config);
        if (!sim) return std::unexpected(sim.error());
        return std::unique_ptr<CardReader>(std::move(*sim));
    }
    return kiosk::fail("bad_argument",
                       "unknown card reader backend '" + config.backend + "' (pcsc or sim:...)");
}

} // namespace hal
