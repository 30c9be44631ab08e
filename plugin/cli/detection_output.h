// How the faces of the command pick a detection format: the encoder options of this process
// (leakhound's version, this host's name).
//
// Thread-safety: pure functions (ProcessEncoderOptions reads the host name).
#pragma once

#include <string>

#include "codec/detection_format.h"

namespace leakhound {

// The version this binary reports and `host` (this machine's name when empty).
EncoderOptions ProcessEncoderOptions(std::string host = {});

// The version compiled in, "0.0.0" in builds that do not say.
std::string_view LeakhoundVersion();

// This machine's name ("localhost" when it has none).
std::string ThisHostName();

}  // namespace leakhound
