// The service's logs: spdlog to stderr as text for people or as JSON lines for log
// shippers, with librdkafka's own messages routed through the same logger.
//
// Thread-safety: call SetUpLogging() once at start, before other threads log.
#pragma once

#include <string>

#include "cli/service_config.h"

namespace leakhound {

void SetUpLogging(LogFormat format, const std::string& level);

}  // namespace leakhound
