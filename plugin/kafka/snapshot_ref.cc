#include "kafka/snapshot_ref.h"

#include <charconv>

namespace leakhound {
namespace {

constexpr std::string_view kPrefix = "leakhound/1 state=";

// Reads a number up to the next ':' and moves past it.
template <typename T>
bool ReadField(std::string_view& rest, T& value, int base = 10) {
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return false;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + colon, value, base);
  if (error != std::errc() || end != rest.data() + colon) return false;
  rest.remove_prefix(colon + 1);
  return true;
}

}  // namespace

std::string FormatCommitMetadata(const std::optional<SnapshotRef>& ref) {
  std::string out(kPrefix);
  if (!ref) return out + "none";
  char checksum[17];
  const auto end = std::to_chars(checksum, checksum + 16, ref->checksum, 16).ptr;
  out += std::to_string(ref->partition) + ':' + std::to_string(ref->first_offset) + ':' +
         std::to_string(ref->parts) + ':' + std::to_string(ref->bytes) + ':' +
         std::string(checksum, end) + ':' + ref->id;
  return out;
}

std::optional<std::optional<SnapshotRef>> ParseCommitMetadata(std::string_view metadata) {
  if (metadata.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = metadata.substr(kPrefix.size());
  if (rest == "none") return std::optional<SnapshotRef>();
  SnapshotRef ref;
  if (!ReadField(rest, ref.partition) || !ReadField(rest, ref.first_offset) ||
      !ReadField(rest, ref.parts) || !ReadField(rest, ref.bytes) ||
      !ReadField(rest, ref.checksum, 16) || rest.empty() || ref.partition < 0 ||
      ref.first_offset < 0 || ref.parts == 0) {
    return std::nullopt;
  }
  ref.id = std::string(rest);
  return std::optional<SnapshotRef>(std::move(ref));
}

}  // namespace leakhound
