#include "codec/json_field_decoder.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "codec/field_slots.h"
#include "codec/field_trie.h"
#include "codec/flat_json_walker.h"
#include "codec/json_errors.h"
#include "core/ascii.h"

namespace leakhound {
namespace {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

static_assert(kRecordPadding >= simdjson::SIMDJSON_PADDING);

std::string_view TypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::object:
      return "an object";
    case ondemand::json_type::array:
      return "an array";
    case ondemand::json_type::string:
      return JsonTypeName(JsonScalar::Kind::kString);
    case ondemand::json_type::number:
      return JsonTypeName(JsonScalar::Kind::kNumber);
    case ondemand::json_type::boolean:
      return JsonTypeName(JsonScalar::Kind::kBoolean);
    case ondemand::json_type::null:
      return JsonTypeName(JsonScalar::Kind::kNull);
  }
  return "a value";
}

DecodeResult Rejected(DecodeFailure failure, size_t events_so_far = 0) {
  DecodeResult result;
  result.reason = failure.reason;
  result.detail = std::move(failure.detail);
  result.events = events_so_far;
  return result;
}

}  // namespace

struct JsonFieldDecoder::Impl {
  Options options;
  FieldMap map;
  FieldTrie trie;
  FieldSlots slots;  // refers to `map`, so Impl is never moved
  FlatJsonWalker fast_walker;
  ondemand::parser parser;
  std::string padded;               // a copy of records that lack simdjson's padding
  std::vector<QueryEvent> pending;  // the events of an array record, until it is read whole

  Impl(Options opts, const FieldMap& field_map, FieldTrie field_trie)
      : options(opts),
        map(field_map),
        trie(std::move(field_trie)),
        slots(map),
        parser(opts.max_record_bytes + 1024) {}

  // A string value as a view into the record when it holds no escape (the usual case: no
  // copy), else unescaped into the parser's buffer. Both are valid until the next record.
  static bool ReadString(ondemand::value& value, std::string_view& out) {
    // The raw token runs from the opening quote to the next structural character, so the
    // closing quote is its last quote (only whitespace may follow it).
    const std::string_view raw = value.raw_json_token();
    size_t close = raw.size();
    while (close > 1 && raw[close - 1] != '"') --close;
    if (raw.size() >= 2 && raw[0] == '"' && close >= 2 &&
        std::memchr(raw.data() + 1, '\\', close - 2) == nullptr) {
      out = raw.substr(1, close - 2);
      return true;
    }
    return value.get_string().get(out) == simdjson::SUCCESS;
  }

  // Reads one leaf value into its slot; sets `failure` on a type error.
  void ReadLeaf(ondemand::value& value, const FieldTrie::Node& leaf, DecodeFailure& failure) {
    if (!slots.Wants(leaf)) return;  // a better pointer won: the value is not even typed
    ondemand::json_type type;
    if (error_code error = value.type().get(type)) {
      failure = FromSimdjson(error, {});
      return;
    }
    JsonScalar scalar;
    switch (type) {
      case ondemand::json_type::object:
      case ondemand::json_type::array:
        slots.SetWrongType(leaf, TypeName(type), failure);
        return;
      case ondemand::json_type::null:
        return;  // absent
      case ondemand::json_type::string:
        scalar.kind = JsonScalar::Kind::kString;
        if (!ReadString(value, scalar.text)) return slots.SetUnreadable(leaf, scalar.kind, failure);
        break;
      case ondemand::json_type::number:
        scalar.kind = JsonScalar::Kind::kNumber;
        if (value.get_double().get(scalar.number) != simdjson::SUCCESS) {
          return slots.SetUnreadable(leaf, scalar.kind, failure);
        }
        scalar.text = TrimAsciiWhitespace(value.raw_json_token());  // the number as written
        break;
      case ondemand::json_type::boolean:
        scalar.kind = JsonScalar::Kind::kBoolean;
        if (value.get_bool().get(scalar.boolean) != simdjson::SUCCESS) {
          return slots.SetWrongType(leaf, TypeName(type), failure);
        }
        break;
    }
    slots.Set(leaf, scalar, failure);
  }

  // Walks the children of trie `node` found in `object`.
  // simdjson's iterators are passed by reference: built field by field and then copied
  // whole into a call, they stalled on store forwarding (measured with perf).
  error_code WalkObject(ondemand::object& object, uint32_t node, DecodeFailure& failure) {
    for (auto field_result : object) {
      if (error_code error = field_result.error()) return error;
      ondemand::field& field = field_result.value_unsafe();  // checked just above
      const int child = FindChild(node, field);
      if (child < 0) continue;  // not on any pointer: skipped unparsed
      if (error_code error = WalkValue(field.value(), static_cast<uint32_t>(child), failure)) {
        return error;
      }
      if (failure.failed()) return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
  }

  // The child of `node` named by the field's key. Keys are compared as they are in the
  // record, without unescaping them (which copies every key of every record); only a key
  // that holds an escape is unescaped. -1 when no pointer goes through this key.
  int FindChild(uint32_t node, ondemand::field& field) {
    const char* text = field.key().raw();  // just after the opening quote
    if (const int child = trie.ChildOfQuotedKey(node, text); child >= 0) return child;
    // An escaped key ("st\u0061tement") can still name a field.
    for (const char* p = text; *p != '"'; ++p) {
      if (*p == '\\') {
        std::string_view unescaped;
        if (field.unescaped_key().get(unescaped) != simdjson::SUCCESS) return -1;
        return trie.ChildSlow(node, unescaped);
      }
    }
    return -1;
  }

  error_code WalkValue(ondemand::value& value, uint32_t node, DecodeFailure& failure) {
    const FieldTrie::Node& trie_node = trie.node(node);
    if (trie_node.leaf()) {
      ReadLeaf(value, trie_node, failure);
      return simdjson::SUCCESS;
    }
    ondemand::json_type type;
    if (error_code error = value.type().get(type)) return error;
    if (type == ondemand::json_type::object) {
      ondemand::object object;
      if (error_code error = value.get_object().get(object)) return error;
      return WalkObject(object, node, failure);
    }
    if (type == ondemand::json_type::array) {
      ondemand::array array;
      if (error_code error = value.get_array().get(array)) return error;
      size_t index = 0;
      for (auto element : array) {
        ondemand::value item;
        if (error_code error = std::move(element).get(item)) return error;
        const int child = trie.ChildSlow(node, std::to_string(index++));
        if (child < 0) continue;
        if (error_code error = WalkValue(item, static_cast<uint32_t>(child), failure)) return error;
        if (failure.failed()) return simdjson::SUCCESS;
      }
    }
    return simdjson::SUCCESS;  // a scalar where an object was expected: the fields are absent
  }

  // Whether the slots can give an event; false with `result` set if not.
  bool CheckRequired(DecodeResult& result) const {
    if (slots.has(InputField::kStatement) || !map.statement_required) return true;
    if (map.skip_without_statement) {  // a source whose other records are no queries
      ++result.skipped;
      return false;
    }
    result.reason = RejectReason::kMissingField;
    result.detail = "no statement at";
    for (const std::string& pointer : map.PointersFor(InputField::kStatement)) {
      result.detail += " " + pointer;
    }
    return false;
  }

  // Reads the fields of one object into the slots; false with `result` set if the object
  // cannot give an event.
  bool ReadObject(ondemand::object& object, std::string_view record, DecodeResult& result) {
    slots.Reset();
    DecodeFailure failure;
    if (error_code error = WalkObject(object, FieldTrie::kRoot, failure)) {
      failure = FromSimdjson(error, record);
    }
    if (failure.failed()) {
      result.reason = failure.reason;
      result.detail = std::move(failure.detail);
      return false;
    }
    return CheckRequired(result);
  }
};

namespace {

// On-Demand parses lazily and stops at the end of the first value: without this check
// '{"statement":"s"} junk' and '{...}}' would pass for JSON. (simdjson 3.0 has no
// document::at_end(); current_location() is out of bounds exactly at the end.)
bool HasTrailingContent(ondemand::document& document) {
  return document.current_location().error() != simdjson::OUT_OF_BOUNDS;
}

DecodeResult TrailingContent(size_t events_so_far) {
  return Rejected({RejectReason::kNotJson, "content after the JSON value"}, events_so_far);
}

}  // namespace

JsonFieldDecoder::JsonFieldDecoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonFieldDecoder::~JsonFieldDecoder() = default;

Result<std::unique_ptr<JsonFieldDecoder>> JsonFieldDecoder::Create(const FieldMap& map,
                                                                   Options options) {
  Result<FieldTrie> trie = FieldTrie::Build(map);
  if (!trie.ok()) return trie.status();
  return std::unique_ptr<JsonFieldDecoder>(
      new JsonFieldDecoder(std::make_unique<Impl>(options, map, std::move(*trie))));
}

DecodeResult JsonFieldDecoder::Decode(RecordView record, const SourceRef& source,
                                      const EventCallback& on_event) {
  DecodeResult result;
  Impl& impl = *impl_;
  std::string_view bytes = record.bytes;
  if (TrimAsciiWhitespace(bytes).empty())
    return Rejected({RejectReason::kEmpty, "the record is empty"});
  if (bytes.size() > impl.options.max_record_bytes) {
    return Rejected({RejectReason::kTooLarge, "record of " + std::to_string(bytes.size()) +
                                                  " bytes exceeds the limit of " +
                                                  std::to_string(impl.options.max_record_bytes)});
  }
  if (record.readable_after < simdjson::SIMDJSON_PADDING) {
    impl.padded.assign(bytes);
    impl.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    bytes = std::string_view(impl.padded.data(), bytes.size());
  }
  if (impl.options.fast_path &&
      impl.fast_walker.Walk(bytes, impl.trie, impl.slots) == FlatJsonWalker::Outcome::kRead) {
    if (!impl.CheckRequired(result)) return result;
    on_event(impl.slots.MakeEvent(source, 0));
    result.events = 1;
    return result;
  }
  ondemand::document document;
  if (error_code error =
          impl.parser.iterate(bytes.data(), bytes.size(), bytes.size() + simdjson::SIMDJSON_PADDING)
              .get(document)) {
    return Rejected(FromSimdjson(error, bytes));
  }
  ondemand::json_type type;
  if (error_code error = document.type().get(type)) {
    return Rejected(FromSimdjson(error, bytes));
  }
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (error_code error = document.get_object().get(object)) {
      return Rejected(FromSimdjson(error, bytes));
    }
    if (!impl.ReadObject(object, bytes, result)) return result;
    if (HasTrailingContent(document)) return TrailingContent(0);
    on_event(impl.slots.MakeEvent(source, 0));
    ++result.events;
    return result;
  }
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    if (error_code error = document.get_array().get(array)) {
      return Rejected(FromSimdjson(error, bytes));
    }
    uint32_t index = 0;
    impl.pending.clear();
    for (auto element : array) {
      ondemand::value item;
      ondemand::object object;
      error_code error = std::move(element).get(item);
      if (!error) error = item.get_object().get(object);
      if (error == simdjson::INCORRECT_TYPE) {
        return Rejected({RejectReason::kNotAnObject,
                         "element " + std::to_string(index) + " of the array is not an object"});
      }
      if (error) {
        return Rejected(FromSimdjson(error, bytes));
      }
      if (!impl.ReadObject(object, bytes, result)) {
        if (result.ok()) {  // skipped: no statement
          ++index;
          continue;
        }
        result.detail = "element " + std::to_string(index) + ": " + result.detail;
        return result;
      }
      impl.pending.push_back(impl.slots.MakeEvent(source, index));
      ++index;
    }
    if (HasTrailingContent(document)) return TrailingContent(0);
    // Only a record read whole is handed on: a record rejected half-way must not have had
    // events evaluated already (a replay of the dead letters would count them twice). The
    // views stay valid: they point into the record or the parser's string buffer, which
    // grows but is not reused within one record.
    for (const QueryEvent& event : impl.pending) on_event(event);
    result.events = impl.pending.size();
    return result;
  }
  // A scalar: valid JSON (42, "x", true) is not an object; anything else is not JSON.
  error_code scalar_error = simdjson::SUCCESS;
  switch (type) {
    case ondemand::json_type::number:
      scalar_error = document.get_double().error();
      break;
    case ondemand::json_type::string:
      scalar_error = document.get_string().error();
      break;
    case ondemand::json_type::boolean:
      scalar_error = document.get_bool().error();
      break;
    case ondemand::json_type::null: {
      bool is_null = false;
      scalar_error = document.is_null().get(is_null);
      if (!scalar_error && !is_null) scalar_error = simdjson::N_ATOM_ERROR;
      break;
    }
    default:
      break;
  }
  if (scalar_error != simdjson::SUCCESS) {
    return Rejected({RejectReason::kNotJson,
                     "not JSON: " + std::string(simdjson::error_message(scalar_error))});
  }
  return Rejected({RejectReason::kNotAnObject, "the record is a JSON scalar, not an object"});
}

}  // namespace leakhound
