// The exit codes of the leakhound command, documented in `leakhound --help` and README.md.
#pragma once

namespace leakhound {

enum ExitCode : int {
  kExitOk = 0,            // done; for scan: whatever was found (unless --fail-on-detection)
  kExitFindings = 1,      // scan --fail-on-detection found detections; rules test failed;
                          // rules lint found errors
  kExitUsage = 2,         // bad command line, config or rule pack: nothing was scanned
  kExitInputError = 3,    // an input could not be read; the others were scanned
  kExitServiceError = 4,  // run/demo: the service stopped on an error it could not get past
                          // (brokers unreachable, output not writable)
};

}  // namespace leakhound
