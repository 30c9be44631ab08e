// DetectionSink: where an engine sends the detections it raises (stdout, a Kafka
// producer, a test's vector). A small interface at the edge, so tests swap a fake in.
//
// Thread-safety: an engine calls its sink from its own thread only.
#pragma once

#include <vector>

#include "core/detection.h"

namespace leakhound {

class DetectionSink {
 public:
  virtual ~DetectionSink() = default;
  virtual void Emit(Detection detection) = 0;
};

// Keeps every detection; for tests and rule tests.
class CollectingSink final : public DetectionSink {
 public:
  void Emit(Detection detection) override { detections.push_back(std::move(detection)); }
  std::vector<Detection> detections;
};

}  // namespace leakhound
