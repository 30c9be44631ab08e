// MakeDecoder: the decoder a FieldMap describes: a source's own decoder (AWS Database
// Activity Streams), or the generic JSON decoder, with the pgaudit statement reader around
// it when the statement field holds pgaudit messages.
//
// Thread-safety: a function; the decoder it returns is for one thread.
#pragma once

#include <memory>

#include "codec/decoder.h"
#include "codec/field_map.h"
#include "codec/json_field_decoder.h"
#include "core/result.h"

namespace leakhound {

Result<std::unique_ptr<Decoder>> MakeDecoder(const FieldMap& map,
                                             JsonFieldDecoder::Options options = {});

}  // namespace leakhound
