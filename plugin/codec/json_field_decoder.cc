#include "codec/json_field_decoder.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/ascii.h"

namespace leakhound {
namespace {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

static_assert(kRecordPadding >= simdjson::SIMDJSON_PADDING);

// A trie over the pointers' tokens; a node with a field is a leaf.
// A child of a trie node, laid out for the per-field key lookup: compared first by its
// first byte, then by length and bytes, without touching the child node itself.
struct ChildKey {
  char first = 0;
  uint32_t size = 0;
  const char* data = nullptr;  // the child's key; stable once the trie is built
  uint32_t node = 0;
};

struct TrieNode {
  std::string key;
  std::vector<uint32_t> children;
  std::vector<ChildKey> child_keys;  // the same children, filled when the trie is complete
  int field = -1;       // InputField index, for leaves
  int priority = 0;     // position of the pointer among the field's candidates
  std::string pointer;  // the pointer as written, for messages
};

struct Slot {
  bool set = false;
  int priority = 0;
  std::string_view text;
  int64_t integer = 0;
  TimePoint time{};
  Duration duration{};
};

struct Failure {
  RejectReason reason = RejectReason::kNone;
  std::string detail;
};

std::string_view TypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::object:
      return "an object";
    case ondemand::json_type::array:
      return "an array";
    case ondemand::json_type::string:
      return "a string";
    case ondemand::json_type::number:
      return "a number";
    case ondemand::json_type::boolean:
      return "a boolean";
    case ondemand::json_type::null:
      return "null";
  }
  return "a value";
}

// Whether the record's first value closes before the record ends, i.e. something follows
// it. simdjson reports both that and a record cut short as INCOMPLETE_ARRAY_OR_OBJECT.
bool ContentAfterFirstValue(std::string_view record) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth <= 0) {
      return !TrimAsciiWhitespace(record.substr(i + 1)).empty();
    }
  }
  return false;
}

Failure FromSimdjson(error_code error, std::string_view record) {
  switch (error) {
    case simdjson::UTF8_ERROR:
      return {RejectReason::kInvalidUtf8, "the record is not valid UTF-8"};
    case simdjson::UNCLOSED_STRING:
      return {RejectReason::kTruncated, "a string is not closed: the record ends early"};
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: {
      if (ContentAfterFirstValue(record)) {
        return {RejectReason::kNotJson, "content after the JSON value"};
      }
      const std::string_view trimmed = TrimAsciiWhitespace(record);
      if (!trimmed.empty() && (trimmed.back() == '}' || trimmed.back() == ']')) {
        return {RejectReason::kNotJson, "unbalanced braces or content after the JSON value"};
      }
      return {RejectReason::kTruncated, "the JSON object or array ends early"};
    }
    case simdjson::DEPTH_ERROR:
      return {RejectReason::kNotJson, "nested too deeply"};
    default:
      return {RejectReason::kNotJson, simdjson::error_message(error)};
  }
}

DecodeResult Rejected(Failure failure, size_t events_so_far = 0) {
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
  std::vector<TrieNode> nodes;  // nodes[0] is the root
  ondemand::parser parser;
  std::string padded;  // a copy of records that lack simdjson's padding
  std::array<Slot, kInputFieldCount> slots;
  std::vector<QueryEvent> pending;  // the events of an array record, until it is read whole

  explicit Impl(Options opts) : options(opts), parser(opts.max_record_bytes + 1024) {}

  int FindChild(uint32_t node, std::string_view key) const {
    for (uint32_t child : nodes[node].children) {
      if (nodes[child].key == key) return static_cast<int>(child);
    }
    return -1;
  }

  // The child of `node` named by the field's key. Keys are compared as they are in the
  // record, without unescaping them (which copies every key of every record); only a key
  // that holds an escape is unescaped. -1 when no pointer goes through this key.
  int FindChild(uint32_t node, ondemand::field& field) {
    const char* text = field.key().raw();  // just after the opening quote
    if (text[0] == '"') return FindChild(node, std::string_view());  // the empty key ""
    // Pointer tokens never hold '"' or '\\' (Create checks), so the raw comparison is
    // exact: equal bytes followed by the closing quote.
    for (const ChildKey& child : nodes[node].child_keys) {
      if (text[0] != child.first || text[child.size] != '"') continue;
      // Keys are short: a loop beats a call to memcmp.
      uint32_t i = 1;
      while (i < child.size && text[i] == child.data[i]) ++i;
      if (i == child.size) return static_cast<int>(child.node);
    }
    // An escaped key ("st\u0061tement") can still name a field.
    for (const char* p = text; *p != '"'; ++p) {
      if (*p == '\\') {
        std::string_view unescaped;
        if (field.unescaped_key().get(unescaped) != simdjson::SUCCESS) return -1;
        return FindChild(node, unescaped);
      }
    }
    return -1;
  }


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

  // Reads one leaf value into its slot. Returns false with `failure` set on a type error.
  bool Extract(ondemand::value& value, const TrieNode& leaf, Failure& failure) {
    Slot& slot = slots[static_cast<size_t>(leaf.field)];
    if (slot.set && slot.priority <= leaf.priority) return true;  // a better pointer won
    ondemand::json_type type;
    if (error_code error = value.type().get(type)) {
      failure = FromSimdjson(error, {});
      return false;
    }
    if (type == ondemand::json_type::null) return true;  // null: absent
    const auto wrong = [&](std::string_view expected) {
      failure = {RejectReason::kWrongType, "field " + leaf.pointer + ": expected " +
                                               std::string(expected) + ", found " +
                                               std::string(TypeName(type))};
      return false;
    };
    const auto field = static_cast<InputField>(leaf.field);
    // The value goes straight into the slot, field by field, once it is known to be good:
    // assembling a Slot and copying it whole stalled on store forwarding (measured).
    switch (field) {
      case InputField::kTime: {
        std::optional<TimePoint> time;
        if (type == ondemand::json_type::string) {
          std::string_view text;
          if (value.get_string().get(text) != simdjson::SUCCESS) return wrong("a time");
          time = ParseTimestamp(text);
        } else if (type == ondemand::json_type::number) {
          double number = 0;
          if (value.get_double().get(number) != simdjson::SUCCESS) return wrong("a time");
          time = map.time_unit ? FromEpoch(number, *map.time_unit) : FromEpochGuessingUnit(number);
        } else {
          return wrong("an RFC 3339 string or an epoch number");
        }
        if (!time) {
          failure = {RejectReason::kWrongType, "field " + leaf.pointer +
                                                   ": not a time leakhound can read (use RFC 3339 "
                                                   "or an epoch number)"};
          return false;
        }
        slot.time = *time;
        break;
      }
      case InputField::kRows:
      case InputField::kDuration: {
        double number = 0;
        if (type == ondemand::json_type::number) {
          if (value.get_double().get(number) != simdjson::SUCCESS) return wrong("a number");
        } else if (type == ondemand::json_type::string) {
          std::string_view text;
          if (value.get_string().get(text) != simdjson::SUCCESS) return wrong("a number");
          text = TrimAsciiWhitespace(text);
          const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
          if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
            return wrong("a number (or a number in a string)");
          }
        } else {
          return wrong("a number");
        }
        if (!std::isfinite(number) || number < 0) return true;  // -1 means "unknown" in some logs
        if (number > 9e18) return wrong("a number below 9e18");
        if (field == InputField::kRows) {
          slot.integer = static_cast<int64_t>(std::llround(number));
        } else {
          double micros = number;
          switch (map.duration_unit) {
            case EpochUnit::kSeconds:
              micros *= 1e6;
              break;
            case EpochUnit::kMilliseconds:
              micros *= 1e3;
              break;
            case EpochUnit::kMicroseconds:
              break;
            case EpochUnit::kNanoseconds:
              micros /= 1e3;
              break;
          }
          slot.duration = Duration(static_cast<int64_t>(std::llround(std::min(micros, 9e18))));
        }
        break;
      }
      default: {  // text fields
        std::string_view text;
        if (type == ondemand::json_type::string) {
          if (!ReadString(value, text)) return wrong("a string");
        } else if (type == ondemand::json_type::boolean) {
          bool flag = false;
          if (value.get_bool().get(flag) != simdjson::SUCCESS) return wrong("a string");
          text = flag ? "true" : "false";
        } else if (type == ondemand::json_type::number) {
          double number = 0;  // read only to validate it: the text is the number as written
          if (value.get_double().get(number) != simdjson::SUCCESS) return wrong("a string");
          text = TrimAsciiWhitespace(value.raw_json_token());
        } else {
          return wrong("a string");
        }
        slot.text = text;
        break;
      }
    }
    slot.set = true;
    slot.priority = leaf.priority;
    return true;
  }

  // Walks the children of trie `node` found in `object`.
  // simdjson's iterators are passed by reference: built field by field and then copied
  // whole into a call, they stalled on store forwarding (measured with perf).
  error_code WalkObject(ondemand::object& object, uint32_t node, Failure& failure) {
    for (auto field_result : object) {
      if (error_code error = field_result.error()) return error;
      ondemand::field& field = field_result.value_unsafe();  // checked just above
      const int child = FindChild(node, field);
      if (child < 0) continue;  // not on any pointer: skipped unparsed
      if (error_code error = WalkValue(field.value(), static_cast<uint32_t>(child), failure)) {
        return error;
      }
      if (failure.reason != RejectReason::kNone) return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
  }

  error_code WalkValue(ondemand::value& value, uint32_t node, Failure& failure) {
    const TrieNode& trie = nodes[node];
    if (trie.field >= 0) {
      Extract(value, trie, failure);
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
        const int child = FindChild(node, std::to_string(index++));
        if (child < 0) continue;
        if (error_code error = WalkValue(item, static_cast<uint32_t>(child), failure)) return error;
        if (failure.reason != RejectReason::kNone) return simdjson::SUCCESS;
      }
    }
    return simdjson::SUCCESS;  // a scalar where an object was expected: the fields are absent
  }

  // Reads the fields of one object into the slots; false with `result` set if the object
  // cannot give an event.
  bool ReadObject(ondemand::object& object, std::string_view record, DecodeResult& result) {
    for (Slot& slot : slots) slot.set = false;
    Failure failure;
    if (error_code error = WalkObject(object, 0, failure)) failure = FromSimdjson(error, record);
    if (failure.reason != RejectReason::kNone) {
      result.reason = failure.reason;
      result.detail = std::move(failure.detail);
      return false;
    }
    const Slot& statement = slots[static_cast<size_t>(InputField::kStatement)];
    if (!statement.set && map.statement_required) {
      result.reason = RejectReason::kMissingField;
      result.detail = "no statement at";
      for (const std::string& pointer : map.PointersFor(InputField::kStatement)) {
        result.detail += " " + pointer;
      }
      return false;
    }
    return true;
  }

  // The event that ReadObject() left in the slots.
  QueryEvent MakeEvent(const SourceRef& source, uint32_t index) const {
    const auto text = [&](InputField field) {
      const Slot& slot = slots[static_cast<size_t>(field)];
      return slot.set ? slot.text : std::string_view();
    };
    const Slot& statement = slots[static_cast<size_t>(InputField::kStatement)];
    QueryEvent event;
    const Slot& time = slots[static_cast<size_t>(InputField::kTime)];
    if (time.set) event.time = time.time;
    event.principal = text(InputField::kPrincipal);
    event.client = text(InputField::kClient);
    event.application = text(InputField::kApplication);
    event.database = text(InputField::kDatabase);
    event.statement = statement.set ? statement.text : std::string_view();
    event.session_id = text(InputField::kSessionId);
    event.status = text(InputField::kStatus);
    const Slot& rows = slots[static_cast<size_t>(InputField::kRows)];
    if (rows.set) event.rows = rows.integer;
    const Slot& duration = slots[static_cast<size_t>(InputField::kDuration)];
    if (duration.set) event.duration = duration.duration;
    event.source = source;
    event.source.index = index;
    return event;
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
  auto impl = std::make_unique<Impl>(options);
  impl->map = map;
  impl->nodes.emplace_back();  // root
  for (size_t field = 0; field < kInputFieldCount; ++field) {
    const std::vector<std::string>& pointers = map.pointers[field];
    for (size_t priority = 0; priority < pointers.size(); ++priority) {
      Result<std::vector<std::string>> tokens = ParseJsonPointer(pointers[priority]);
      if (!tokens.ok()) return tokens.status();
      uint32_t node = 0;
      for (const std::string& token : *tokens) {
        if (token.find_first_of("\"\\") != std::string::npos) {
          return InvalidArgument("pointer " + pointers[priority] +
                                 " names a key with a quote or a backslash, which leakhound "
                                 "does not support");
        }
        if (impl->nodes[node].field >= 0) {
          return InvalidArgument("pointer " + pointers[priority] + " goes inside " +
                                 impl->nodes[node].pointer + ", which is already a field");
        }
        int child = impl->FindChild(node, token);
        if (child < 0) {
          child = static_cast<int>(impl->nodes.size());
          impl->nodes[node].children.push_back(static_cast<uint32_t>(child));
          TrieNode next;
          next.key = token;
          impl->nodes.push_back(std::move(next));
        }
        node = static_cast<uint32_t>(child);
      }
      TrieNode& leaf = impl->nodes[node];
      if (leaf.field >= 0 || !leaf.children.empty() || node == 0) {
        return InvalidArgument("pointer " + pointers[priority] + " (for " +
                               std::string(InputFieldName(static_cast<InputField>(field))) +
                               ") overlaps another pointer");
      }
      leaf.field = static_cast<int>(field);
      leaf.priority = static_cast<int>(priority);
      leaf.pointer = pointers[priority];
    }
  }
  for (TrieNode& node : impl->nodes) {
    for (uint32_t child : node.children) {
      const std::string& key = impl->nodes[child].key;
      // An empty key ("/a//b") can never be matched by the fast path; the slow path
      // (FindChild by string) still finds it.
      if (key.empty()) continue;
      node.child_keys.push_back(
          {key[0], static_cast<uint32_t>(key.size()), key.data(), child});
    }
  }
  return std::unique_ptr<JsonFieldDecoder>(new JsonFieldDecoder(std::move(impl)));
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
    on_event(impl.MakeEvent(source, 0));
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
        result.detail = "element " + std::to_string(index) + ": " + result.detail;
        return result;
      }
      impl.pending.push_back(impl.MakeEvent(source, index));
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
