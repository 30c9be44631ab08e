// The Splunk HTTP Event Collector event envelope: what HEC's /services/collector/event
// endpoint takes, and what Splunk Connect for Kafka forwards when its records are HEC
// events (splunk.hec.json.event.enrichment off, splunk.hec.raw false,
// splunk.hec.json.event.formatted true).
//
//   {"time":1773180600.000,"host":"...","source":"leakhound","sourcetype":"leakhound:detection",
//    "index":"...","fields":{"rule_id":"LH-0001","severity":"high","detection_id":"..."},
//    "event":{...the native detection...}}
//
// `time` is the detection time in epoch seconds with milliseconds; `fields` are indexed
// fields, so searches can filter on rule and severity without extracting the event;
// `host` and `index` are left out when not configured (HEC then uses the token's
// defaults). The sourcetype leakhound:detection is JSON: KV_MODE = json.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "codec/detection_format.h"

namespace leakhound {

void EncodeDetectionSplunkHec(const Detection& detection, const EncoderOptions& options,
                              std::string& out);

}  // namespace leakhound
