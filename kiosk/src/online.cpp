#include "kiosk/online.hpp"

namespace kiosk {

std::string_view mobile_id_state_name(MobileIdState state) {
    switch (state) {
    case MobileIdState::Pending: return "pending";
    case MobileIdState::Confirmed: return "confirmed";
    case MobileIdState::Rejected: return "rejected";
    case MobileIdState::Expired: return "expired";
    case MobileIdState::Failed: return "failed";
    }
    return "failed";
}

} // namespace kiosk
