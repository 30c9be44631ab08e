#include "cli/detection_output.h"

#include <unistd.h>

#include <climits>

#ifndef LEAKHOUND_VERSION
#define LEAKHOUND_VERSION "0.0.0"
#endif

namespace leakhound {

std::string_view LeakhoundVersion() { return LEAKHOUND_VERSION; }

std::string ThisHostName() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

EncoderOptions ProcessEncoderOptions(std::string host) {
  EncoderOptions options;
  options.product_version = std::string(LeakhoundVersion());
  options.host = host.empty() ? ThisHostName() : std::move(host);
  return options;
}

}  // namespace leakhound
