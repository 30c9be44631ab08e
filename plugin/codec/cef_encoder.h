// ArcSight Common Event Format (CEF:0), for QRadar, ArcSight, Wazuh and any SIEM that reads
// CEF over syslog; bare as a Kafka value, or as the message of an RFC 5424 syslog line.
//
// Header: CEF:0|leakhound|leakhound|<version>|<rule id>|<rule title>|<severity 0-10>|
// (1 informational, 3 low, 5 medium, 8 high, 10 critical). Extension keys: rt, start, end
// (epoch ms: detection, first and last contributing event), cat (the ATT&CK tactic), act
// (alert), cnt (events in the window, else 1), suser, src and spt (the client, when an IP
// address) or shost (when not), requestClientApplication, externalId (the detection id),
// reason (why the rule fired), msg (the headline), and custom fields, each with its label:
//
//   cs1 mitreTechnique   cs2 mitreTactic   cs3 database   cs4 tables   cs5 piiCategories
//   cs6 statementFingerprint   cn1 rowsRead   cn2 windowSeconds   cn3 threshold
//   flexString1 literalTokens (only when the operator opted in to keyed tokens)
//   flexString2 sources (the last 10 contributing records: file:line or topic/partition@offset)
//   flexNumber1 sourcesTotal (all contributing records)
//
// Escaping follows the CEF specification: in the header `\` and `|`, in extension values
// `\`, `=`, and line breaks as \n and \r; no other control byte survives.
//
// Thread-safety: pure functions of their input.
#pragma once

#include <string>

#include "codec/detection_format.h"

namespace leakhound {

void EncodeDetectionCef(const Detection& detection, const EncoderOptions& options,
                        std::string& out);

// "<PRI>1 TIMESTAMP HOST leakhound - detection - CEF:0|...": facility local0, the syslog
// severity from the rule's (critical 2, high 3, medium 4, low 5, informational 6).
void EncodeDetectionCefSyslog(const Detection& detection, const EncoderOptions& options,
                              std::string& out);

}  // namespace leakhound
