// MakeDecoder: the decoder a FieldMap describes: the generic JSON decoder, and around it
// the pgaudit statement reader when the statement field holds pgaudit messages.
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
